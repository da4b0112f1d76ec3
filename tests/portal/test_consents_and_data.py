"""Her consents on her own pages: what she agreed to, when, in which words;
withdrawn (or given again) by herself, recorded as hers."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.audit.models import AuditEntry
from tavana.people import consents
from tavana.people.domain import consent as rules
from tavana.people.models import Consent
from tests.training import factories as f

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"


@pytest.fixture
def woman(make_user):
    p = f.person("مریم", "کاظمی", number=4)
    p.mobile, p.national_code = MOBILE, "0012345679"
    p.save(update_fields=["mobile", "national_code"])
    staff = make_user("registrar", username="reg")
    for purpose in (rules.SERVICES, rules.SMS):
        consents.consent_give(actor=staff, person=p, purpose=purpose)
    return p


def test_she_sees_what_she_agreed_to_when_and_in_which_words(client, woman, sign_in):
    sign_in()
    page = client.get(reverse("portal:consents")).content.decode()
    assert rules.wording(rules.SMS, 1) in page and rules.wording(rules.SERVICES, 1) in page
    assert 'data-purpose="sms" data-active="1"' in page
    assert 'data-purpose="research" data-active="0"' in page
    assert "متن نسخهٔ ۱" in page
    assert re.search(r"از \S+ \S+ ۱۴\d\d", page)  # a Jalali date with Persian digits


def test_she_withdraws_a_consent_and_it_is_recorded_as_hers(client, woman, sign_in):
    sign_in()
    ask = client.get(reverse("portal:consent_withdraw", args=["sms"])).content.decode()
    assert "پیامک اطلاع‌رسانی" in ask and "بله، پس می‌گیرم" in ask
    assert Consent.objects.get(purpose="sms").withdrawn_on is None  # a GET changes nothing
    r = client.post(reverse("portal:consent_withdraw", args=["sms"]), follow=True)
    assert "پس گرفتید" in r.content.decode()
    c = Consent.objects.get(purpose="sms")
    assert c.withdrawn_on == timezone.localdate() and c.withdrawn_by_herself
    assert c.withdrawn_by is None
    entry = AuditEntry.objects.get(action="consent.withdraw", person_id=woman.pk)
    assert entry.actor_username == f"self:{woman.pk}" and entry.actor_id is None
    assert not consents.consent_has(person_id=woman.pk, purpose="sms")
    page = client.get(reverse("portal:consents")).content.decode()
    assert 'data-purpose="sms" data-active="0"' in page and "پس گرفته‌اید" in page


def test_she_gives_a_consent_again_in_the_current_words(client, woman, sign_in):
    sign_in()
    client.post(reverse("portal:consent_withdraw", args=["sms"]))
    client.post(reverse("portal:consent_give", args=["sms"]))
    fresh = Consent.objects.filter(purpose="sms", withdrawn_on__isnull=True).get()
    assert fresh.by_herself and fresh.wording_version == rules.CURRENT["sms"]
    twice = client.post(reverse("portal:consent_give", args=["sms"]), follow=True)
    assert "پیش‌تر ثبت شده" in twice.content.decode()


def test_withdrawing_what_she_never_gave_says_so_and_an_unknown_purpose_is_404(
    client, woman, sign_in
):
    sign_in()
    r = client.post(reverse("portal:consent_withdraw", args=["research"]), follow=True)
    assert "برقرار نیست" in r.content.decode()
    assert client.get(reverse("portal:consent_withdraw", args=["nothing"])).status_code == 404


def test_her_consent_pages_send_a_visitor_to_sign_in(client):
    for r in (
        client.get(reverse("portal:consents")),
        client.post(reverse("portal:consent_withdraw", args=["sms"])),
    ):
        assert r.status_code == 302 and r["Location"] == reverse("portal:sign_in")


# ------------------------------------------------------------------ her own data


def test_she_downloads_her_data_as_a_real_workbook_without_anything_internal(
    client, woman, make_user, sign_in
):
    import io

    from openpyxl import load_workbook

    from tavana.casework.models import CaseNote, SupportLevel, SupportStatus
    from tavana.training.models import Certificate, CourseEnrolment

    woman.health_notes, woman.monthly_income = "بیماری قلبی", 4_500_000
    woman.save(update_fields=["health_notes", "monthly_income"])
    level = SupportLevel.objects.order_by("order").first()
    SupportStatus.objects.create(person=woman, level=level, since=timezone.localdate())
    CaseNote.objects.create(
        person=woman, author=make_user("social_worker", username="sw"), text="یادداشت درونی"
    )
    e = f.seat(f.course(title="نان‌پزی"), woman, CourseEnrolment.COMPLETED)
    Certificate.objects.create(enrolment=e, code="ABCDE23456", issued_on=timezone.localdate())
    sign_in()
    assert "دریافت داده‌های من" in client.get(reverse("portal:me")).content.decode()
    r = client.get(reverse("portal:my_data_download", args=["xlsx"]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r["Content-Disposition"] and "0012345679" not in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == [
        "مشخصات من", "خانواده", "همراهی مرکز", "دوره‌ها", "بازارچه‌ها", "رضایت‌ها",
        "درخواست‌های اصلاح",
    ]  # fmt: skip
    assert wb["مشخصات من"].sheet_view.rightToLeft
    record = {row[0]: row[1] for row in wb["مشخصات من"].iter_rows(min_row=2, values_only=True)}
    assert record["کد ملی"] == "0012345679" and record["نام"] == "مریم"
    assert record["منطقه"] == "منطقهٔ ۴"
    text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
    assert level.name in text and "نان‌پزی" in text and rules.wording("sms", 1) in text
    for secret in ("بیماری قلبی", "4500000", "یادداشت درونی", "reg", "کارشناس ثبت"):
        assert secret not in text, secret
    entry = AuditEntry.objects.get(action="portal.own_data", person_id=woman.pk)
    assert entry.actor_username == f"self:{woman.pk}"


def test_she_downloads_her_data_as_json(client, woman, sign_in):
    import json

    from tavana.people.services_herself import change_request_by_herself

    change_request_by_herself(person=woman, field="address", value="خیابان آزادی", reason="نشانی")
    sign_in()
    r = client.get(reverse("portal:my_data_download", args=["json"]))
    body = json.loads(r.content)
    assert r["Content-Type"].startswith("application/json")
    fields = {row["field"]: row["value"] for row in body["record"]["rows"]}
    assert fields["تلفن همراه"] == MOBILE and "health_notes" not in r.content.decode()
    sms = next(c for c in body["consents"]["rows"] if c["purpose"] == "دریافت پیامک اطلاع‌رسانی")
    assert sms["given_on"]["iso"] == timezone.localdate().isoformat() and sms["version"] == 1
    assert body["corrections"]["rows"][0]["new"] == "خیابان آزادی"
    assert client.get(reverse("portal:my_data_download", args=["pdf"])).status_code == 404


def test_her_data_has_her_bazaar_choices_and_booths(client, woman, sign_in):
    import json

    from tavana.bazaars.models import Application, Assignment, Round
    from tavana.businesses.models import Producer
    from tests.bazaars import factories as bf

    prod = Producer.objects.create(person=woman, category=bf.category())
    ev = bf.event(bf.round_(status=Round.PUBLISHED))
    Application.objects.create(producer=prod, event=ev, rank=1)
    Assignment.objects.create(event=ev, producer=prod, booth_no=7)
    sign_in()
    body = json.loads(client.get(reverse("portal:my_data_download", args=["json"])).content)
    (row,) = body["bazaars"]["rows"]
    assert row["event"] == ev.name and row["choice"] == 1 and row["booth"] == 7


def test_her_data_is_hers_alone(client):
    r = client.get(reverse("portal:my_data_download", args=["xlsx"]))
    assert r.status_code == 302 and r["Location"] == reverse("portal:sign_in")


def test_withdrawing_the_sms_consent_does_not_lock_her_out(client, woman, sign_in):
    """The consent is to news by SMS; the sign-in code is a secret she asked for."""
    sign_in()
    client.post(reverse("portal:consent_withdraw", args=["sms"]))
    client.post(reverse("portal:sign_out"))
    assert not consents.consent_has(person_id=woman.pk, purpose="sms")
    sign_in()  # a code is sent and accepted
    assert client.get(reverse("portal:me")).status_code == 200
