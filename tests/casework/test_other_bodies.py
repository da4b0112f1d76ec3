"""Other bodies serving the same woman: referrals in from a partner, and the
bodies that also support her — recorded only with her consent, reads audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.casework import services
from tavana.casework.models import OtherSupport, Referral
from tavana.core.domain.jalali import to_jalali
from tavana.partners.models import Organisation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def jalali(d: dt.date) -> str:
    return "{}/{:02d}/{:02d}".format(*to_jalali(d))


@pytest.fixture
def sw(client, worker):
    client.force_login(worker)
    return client


@pytest.fixture
def relief():
    return Organisation.objects.get(code="relief_committee")


def test_a_referral_in_is_recorded_and_answered_by_the_worker(sw, worker, woman, relief):
    url = reverse("casework:referral_in_new", args=[woman.pk])
    page = sw.post(url, {"from_partner": relief.pk, "request": "", "follow_up_on": ""})
    assert page.status_code == 422
    body = page.content.decode()
    assert "شرح معرفی‌نامه را بنویسید" in body and "تاریخ پیگیری را وارد کنید" in body
    assert not Referral.objects.exists()
    done = sw.post(
        url,
        {"from_partner": relief.pk, "request": "معرفی برای آموزش مهارت", "follow_up_on": jalali(TODAY + dt.timedelta(days=7))},
    )  # fmt: skip
    r = Referral.objects.get()
    assert done.status_code == 302 and r.incoming and r.to_worker == worker
    detail = sw.get(reverse("casework:referral", args=[r.pk])).content.decode()
    assert "معرفی از سازمان دیگر" in detail and "کمیته امداد" in detail
    assert "پاسخ شما" in detail  # she answers it, like a referral sent to her
    person_page = sw.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert "معرفی به مرکز" in person_page and "از کمیته امداد" in person_page
    assert AuditEntry.objects.filter(action="casework.referral_receive").exists()


def test_another_body_is_recorded_only_with_her_consent(sw, woman, relief):
    url = reverse("casework:other_support_new", args=[woman.pk])
    page = sw.post(url, {"organisation": relief.pk, "support": "مستمری ماهانه"})
    assert page.status_code == 422
    body = page.content.decode()
    assert "بدون رضایت خود او ثبت نمی‌شود" in body and "مستمری ماهانه" in body  # kept
    assert not OtherSupport.objects.exists()
    sw.post(url, {"organisation": relief.pk, "support": "مستمری ماهانه", "consent": "on"})
    row = OtherSupport.objects.get()
    assert row.consent_on == TODAY
    person_page = sw.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert "مستمری ماهانه" in person_page
    assert AuditEntry.objects.filter(action="casework.other_support_read").exists()
    sw.post(reverse("casework:other_support_withdraw", args=[row.pk]))
    assert not OtherSupport.objects.exists()
    assert "مستمری ماهانه" not in sw.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert AuditEntry.objects.filter(action="casework.other_support_withdraw").exists()


def test_those_who_do_not_manage_cases_do_not_see_other_bodies(
    client, make_user, woman, relief, worker
):
    services.other_support_record(
        actor=worker, person=woman, organisation=relief, support="سبد غذایی", consent=True
    )
    manager = make_user(roles.MANAGER, username="boss")
    client.force_login(manager)
    page = client.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert "سبد غذایی" not in page
