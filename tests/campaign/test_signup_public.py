"""The public sign-up page: SMS code, throttling, bots, and nothing typed is lost."""

import re

import pytest
from django.urls import reverse

from tavana.campaign.forms import form_token
from tavana.campaign.models import PhoneCode, SignUp
from tavana.core.sms import MemorySmsBackend
from tests.field_errors import errors_untied

from .factories import category, district

pytestmark = pytest.mark.django_db

URL = "/campaign/join/"


@pytest.fixture
def answers():
    d = district(4)
    category("candles", "شمع")
    return {
        "first_name": "نرگس",
        "last_name": "محمدي",  # Arabic yeh: tidied on save
        "mobile": "۰۹۱۲۳۴۵۶۷۸۹",
        "district": str(d.pk),
        "category": "",
        "idea": "شمع‌های معطر دست‌ساز",
        "experience": SignUp.SOME,
        "primary_earner": "yes",
        "website": "",
        "token": form_token(),
    }


def _code() -> str:
    return re.search(r"(\d{5})", MemorySmsBackend.outbox[-1].text).group(1)


def test_the_page_is_public_and_shows_nothing_about_anyone(client, answers):
    from tests.campaign.factories import signup

    signup(first_name="رازقی", mobile="09120000001")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "کار تو خونمونه" in html and 'name="website"' in html and 'name="token"' in html
    assert "رازقی" not in html and "09120000001" not in html
    assert "سرپرست" not in html  # no labels, ever


def test_sms_code_flow_signs_her_up(client, answers):
    r = client.post(URL, {**answers, "send_code": "1"})
    assert r.status_code == 200
    assert len(MemorySmsBackend.outbox) == 1
    sms = MemorySmsBackend.outbox[0]
    assert sms.mobile == "09123456789"
    assert "کار تو خونمونه" in sms.text and "نرگس" not in sms.text
    assert 'data-testid="code-step"' in r.content.decode()
    assert SignUp.objects.count() == 0

    r = client.post(URL, {**answers, "code": _code(), "verify": "1"})
    assert r.status_code == 302 and r["Location"] == reverse("campaign:join_done")
    s = SignUp.objects.get()
    assert (s.first_name, s.last_name, s.mobile) == ("نرگس", "محمدی", "09123456789")
    assert s.primary_earner and s.stage == "new" and s.person is None
    assert list(s.stage_changes.values_list("target", flat=True)) == ["new"]
    assert PhoneCode.objects.get().used_at is not None


def test_the_code_accepts_persian_digits_and_a_second_sign_up_updates_the_first(client, answers):
    client.post(URL, {**answers, "send_code": "1"})
    fa_code = _code().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert client.post(URL, {**answers, "code": fa_code}).status_code == 302
    again = {**answers, "token": form_token(), "idea": "عروسک"}  # the page opened again
    client.post(URL, {**again, "send_code": "1"})
    client.post(URL, {**again, "code": _code()})
    s = SignUp.objects.get()
    assert s.idea == "عروسک" and s.stage_changes.count() == 2


def test_values_are_kept_with_a_persian_message_per_field(client, answers):
    bad = {**answers, "district": "", "mobile": "0912", "send_code": "1"}
    r = client.post(URL, bad)
    assert r.status_code == 200
    html = r.content.decode()
    assert "منطقهٔ محل زندگی را برگزینید." in html
    assert 'data-field="mobile"' in html
    assert errors_untied(html) == []
    assert 'value="نرگس"' in html and 'value="0912"' in html
    assert "شمع‌های معطر دست‌ساز" in html
    assert re.search(r'value="yes"[^>]*checked|checked[^>]*value="yes"', html)
    assert re.search(r'value="some"[^>]*checked|checked[^>]*value="some"', html)
    assert MemorySmsBackend.outbox == []


def test_a_wrong_code_keeps_everything_and_says_so(client, answers):
    client.post(URL, {**answers, "send_code": "1"})
    wrong = "00000" if _code() != "00000" else "11111"
    r = client.post(URL, {**answers, "code": wrong})
    assert r.status_code == 400
    html = r.content.decode()
    assert "کد تأیید درست نیست" in html and 'value="نرگس"' in html
    assert SignUp.objects.count() == 0


def test_five_wrong_codes_spend_the_code(client, answers):
    client.post(URL, {**answers, "send_code": "1"})
    right = _code()
    wrong = "00000" if right != "00000" else "11111"
    for _ in range(5):
        client.post(URL, {**answers, "code": wrong})
    assert client.post(URL, {**answers, "code": right}).status_code == 400
    assert SignUp.objects.count() == 0


def test_the_honeypot_pretends_success_and_records_nothing(client, answers):
    r = client.post(URL, {**answers, "website": "http://spam.example", "send_code": "1"})
    assert r.status_code == 302
    assert MemorySmsBackend.outbox == [] and SignUp.objects.count() == 0


def test_a_form_sent_too_fast_or_without_a_signed_time_is_refused(client, answers, settings):
    settings.TAVANA_CAMPAIGN_MIN_FILL_SECONDS = 60
    r = client.post(URL, {**answers, "send_code": "1"})
    assert r.status_code == 400
    assert "خیلی سریع" in r.content.decode() and 'value="نرگس"' in r.content.decode()
    settings.TAVANA_CAMPAIGN_MIN_FILL_SECONDS = 0
    r = client.post(URL, {**answers, "token": "forged:1:abc", "send_code": "1"})
    assert r.status_code == 400
    assert MemorySmsBackend.outbox == []


def test_codes_are_throttled_per_mobile(client, answers):
    for _ in range(3):
        assert client.post(URL, {**answers, "send_code": "1"}).status_code == 200
    r = client.post(URL, {**answers, "send_code": "1"})
    assert r.status_code == 429
    assert "ساعتی دیگر" in r.content.decode() and 'value="نرگس"' in r.content.decode()
    assert len(MemorySmsBackend.outbox) == 3


def test_codes_are_throttled_per_address(client, answers):
    for i in range(10):  # each from a fresh page (a form token asks for at most 3 codes)
        fresh = {**answers, "token": form_token()}
        r = client.post(URL, {**fresh, "mobile": f"0912000{i:04d}", "send_code": "1"})
        assert r.status_code == 200
    answers = {**answers, "token": form_token()}
    r = client.post(URL, {**answers, "mobile": "09129990000", "send_code": "1"})
    assert r.status_code == 429
    # Another address is not held back.
    r = client.post(
        URL, {**answers, "mobile": "09129990000", "send_code": "1"}, REMOTE_ADDR="10.1.2.3"
    )
    assert r.status_code == 200


def test_codes_are_counted_per_client_behind_the_trusted_proxy(client, answers, settings):
    """Security finding 8: behind the proxy, each client is counted (not the proxy)."""
    proxy = "10.0.0.5"
    settings.TRUSTED_PROXIES = (proxy + "/32",)

    def send(i: int, client_address: str):
        fresh = {**answers, "token": form_token(), "mobile": f"0912000{i:04d}"}
        return client.post(URL, {**fresh, "send_code": "1"}, REMOTE_ADDR=proxy,
                           HTTP_X_FORWARDED_FOR=client_address)  # fmt: skip

    for i in range(10):
        assert send(i, "203.0.113.9").status_code == 200
    assert send(10, "203.0.113.9").status_code == 429
    assert send(11, "203.0.113.10").status_code == 200  # another client of the same proxy


def test_an_unreachable_sms_provider_keeps_everything_and_says_so(client, answers, monkeypatch):
    from tavana.core.sms import SmsProviderError

    def fail(messages):
        raise SmsProviderError("down")

    monkeypatch.setattr("tavana.notifications.services.sms_send", fail)
    r = client.post(URL, {**answers, "send_code": "1"})
    assert r.status_code == 503
    assert "پیامک اکنون ممکن نشد" in r.content.decode() and 'value="نرگس"' in r.content.decode()
