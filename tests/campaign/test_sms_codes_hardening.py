"""Security finding 10: the campaign's SMS codes. Limits keyed on the proxy's
address and reset on restart, no global budget, a form token reusable for 24 h,
and the console backend (codes in the log) the default even in production."""

import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tavana.campaign import services
from tavana.campaign.forms import form_token
from tavana.campaign.models import PhoneCode, SignUp
from tavana.core.sms import MemorySmsBackend

from .test_signup_public import _code, answers  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
URL = reverse("campaign:join")
PROXY = "10.0.0.5"


def test_a_used_form_token_cannot_sign_up_again_or_ask_for_codes(client, answers):  # noqa: F811
    client.post(URL, {**answers, "send_code": "1"})
    assert client.post(URL, {**answers, "code": _code()}).status_code == 302
    sent = len(MemorySmsBackend.outbox)
    r = client.post(URL, {**answers, "mobile": "09127770000", "send_code": "1"})
    assert r.status_code == 400 and "پیش‌تر فرستاده شده" in r.content.decode()
    assert len(MemorySmsBackend.outbox) == sent and SignUp.objects.count() == 1


def test_one_form_token_asks_for_three_codes_at_most(client, answers):  # noqa: F811
    for i in range(3):
        mobile = f"0912555{i:04d}"
        assert client.post(URL, {**answers, "mobile": mobile, "send_code": "1"}).status_code == 200
    r = client.post(URL, {**answers, "mobile": "09125559999", "send_code": "1"})
    assert r.status_code == 429 and "صفحه را از نو" in r.content.decode()
    assert len(MemorySmsBackend.outbox) == 3


def test_a_daily_budget_for_the_whole_campaign(client, answers, settings):  # noqa: F811
    settings.TAVANA_CAMPAIGN_SMS_DAILY_BUDGET = 4
    for i in range(6):  # six women on six pages, from six addresses
        page = Client(REMOTE_ADDR=f"192.0.2.{i + 1}")
        data = {**answers, "token": form_token(), "mobile": f"0912444{i:04d}", "send_code": "1"}
        page.post(URL, data)
    assert len(MemorySmsBackend.outbox) == 4
    assert PhoneCode.objects.count() == 4
    page = Client(REMOTE_ADDR="192.0.2.99")
    r = page.post(
        URL, {**answers, "token": form_token(), "mobile": "09124449999", "send_code": "1"}
    )
    assert r.status_code == 429 and "ظرفیت امروز" in r.content.decode()


def test_the_per_mobile_limit_survives_a_restart(client, answers):  # noqa: F811
    for _ in range(3):
        client.post(URL, {**answers, "token": form_token(), "send_code": "1"})
    cache.clear()  # what a restart of a process with a local cache does
    r = client.post(URL, {**answers, "token": form_token(), "send_code": "1"})
    assert r.status_code == 429 and len(MemorySmsBackend.outbox) == 3


@override_settings(TRUSTED_PROXIES=(PROXY + "/32",))
def test_address_limit_counts_the_client_behind_the_proxy(answers):  # noqa: F811
    for i in range(10):
        woman = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
        data = {**answers, "token": form_token(), "mobile": f"0912333{i:04d}", "send_code": "1"}
        assert woman.post(URL, data).status_code == 200
    same = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    data = {**answers, "token": form_token(), "mobile": "09123339999", "send_code": "1"}
    assert same.post(URL, data).status_code == 429
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.post(URL, {**data, "token": form_token()}).status_code == 200


def test_production_refuses_the_console_backend_and_sends_nothing_by_default():
    from tests.core.test_production_settings import GOOD

    def start(**extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TAVANA_"))}
        env.pop("DATABASE_URL", None)
        env.update(GOOD, **extra)
        code = (
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.TAVANA_SMS_BACKEND)"
        )
        return subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )

    console = start(TAVANA_SMS_BACKEND="tavana.core.sms.ConsoleSmsBackend")
    assert console.returncode != 0 and "TAVANA_SMS_BACKEND" in console.stderr
    default = start()
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == "tavana.core.sms.DisabledSmsBackend"


def test_without_a_provider_the_page_says_the_sms_could_not_be_sent(client, answers, settings):  # noqa: F811
    settings.TAVANA_SMS_BACKEND = "tavana.core.sms.DisabledSmsBackend"
    r = client.post(URL, {**answers, "send_code": "1"})
    assert r.status_code == 503 and "فرستادن پیامک" in r.content.decode()
    assert services.daily_budget() == services.DEFAULT_DAILY_BUDGET
