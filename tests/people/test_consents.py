"""A woman's consents: recorded at registration with the wording she agreed to,
shown on her page with date and recorder, withdrawn and given again by staff
(audited), checked before a use of her record that needs them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.errors import ServiceError
from tavana.core.herself import Herself
from tavana.people import consents, services
from tavana.people.domain import consent as rules
from tavana.people.models import Consent, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def woman(registrar):
    return services.person_create(
        actor=registrar,
        data={"first_name": "مریم", "last_name": "رضایی", "district": "4",
              "national_code": "0012345679", "mobile": "09121112233"},
        registration={"channel": "staff", "basis": "carries", "consents": ["services", "sms"]},
        household={"relation": Membership.HEAD},
    )  # fmt: skip


def test_registration_records_each_consent_with_its_wording_version_and_recorder(woman, registrar):
    rows = {c.purpose: c for c in Consent.objects.filter(person=woman)}
    assert set(rows) == {"services", "sms"}
    assert rows["sms"].wording_version == rules.CURRENT["sms"]
    assert rows["sms"].wording == rules.wording("sms") and "پیامک" in rows["sms"].wording
    assert rows["sms"].recorded_by == registrar and rows["sms"].given_on == timezone.localdate()


def test_withdrawal_keeps_the_row_audits_and_a_new_consent_is_a_new_row(woman, registrar):
    assert consents.consent_has(person_id=woman.pk, purpose="sms")
    consents.consent_withdraw(actor=registrar, person=woman, purpose="sms", note="تلفنی گفت")
    assert not consents.consent_has(person_id=woman.pk, purpose="sms")
    row = Consent.objects.get(person=woman, purpose="sms")
    assert row.withdrawn_on == timezone.localdate() and row.withdrawn_by == registrar
    entry = AuditEntry.objects.get(action="consent.withdraw")
    assert entry.person_id == woman.pk and entry.reason == "تلفنی گفت"
    with pytest.raises(ServiceError) as e:
        consents.consent_withdraw(actor=registrar, person=woman, purpose="sms")
    assert "برقرار نیست" in e.value.message
    consents.consent_give(actor=registrar, person=woman, purpose="sms")
    assert Consent.objects.filter(person=woman, purpose="sms").count() == 2
    assert consents.consent_has(person_id=woman.pk, purpose="sms")
    assert AuditEntry.objects.filter(action="consent.give", person_id=woman.pk).count() == 1
    with pytest.raises(ServiceError) as e:
        consents.consent_give(actor=registrar, person=woman, purpose="sms")
    assert e.value.code == "consent_exists"


def test_she_withdraws_herself_and_no_staff_member_is_named(woman):
    her = Herself(person_id=woman.pk)
    consents.consent_withdraw(actor=her, person=woman, purpose="sms")
    row = Consent.objects.get(person=woman, purpose="sms")
    assert row.withdrawn_by is None and row.withdrawn_by_herself
    assert AuditEntry.objects.get(action="consent.withdraw").actor_username == f"self:{woman.pk}"
    consents.consent_give(actor=her, person=woman, purpose="research")
    assert Consent.objects.get(person=woman, purpose="research").by_herself


def test_require_refuses_in_persian_without_consent(woman, registrar):
    consents.consent_require(person_id=woman.pk, purpose="sms")  # she has it
    with pytest.raises(ServiceError) as e:
        consents.consent_require(person_id=woman.pk, purpose="partner_referral")
    assert e.value.code == "consent_missing" and "سازمان‌های همکار" in e.value.message
    assert consents.consent_holders(person_ids=[woman.pk], purpose="sms") == {woman.pk}


def test_dates_in_the_future_or_before_the_consent_are_refused(woman, registrar):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as e:
        consents.consent_give(actor=registrar, person=woman, purpose="research", given_on=tomorrow)
    assert "آینده" in e.value.errors["given_on"]
    with pytest.raises(ServiceError) as e:
        consents.consent_withdraw(
            actor=registrar, person=woman, purpose="sms",
            withdrawn_on=timezone.localdate() - dt.timedelta(days=3),
        )  # fmt: skip
    assert "پیش از تاریخ رضایت" in e.value.errors["withdrawn_on"]


def test_person_page_shows_consents_with_date_and_recorder(client, registrar, woman):
    client.force_login(registrar)
    body = client.get(reverse("people:detail", args=[woman.pk])).content.decode()
    assert 'data-purpose="sms" data-active="1"' in body
    assert 'data-purpose="partner_referral" data-active="0"' in body
    assert registrar.display_name in body and "نسخهٔ ۱" in body


def test_staff_record_withdrawal_on_the_consents_page(client, registrar, woman):
    client.force_login(registrar)
    url = reverse("people:consents", args=[woman.pk])
    response = client.post(url, {"purpose": "sms", "action": "withdraw", "on": "", "note": ""})
    assert response.status_code == 302
    assert not consents.consent_has(person_id=woman.pk, purpose="sms")
    body = client.get(url).content.decode()
    assert "پس گرفته" in body and registrar.display_name in body
    # withdrawing what she does not hold: the reason beside the field, nothing written
    response = client.post(url, {"purpose": "research", "action": "withdraw", "on": "", "note": ""})
    assert response.status_code == 422 and "برقرار نیست" in response.content.decode()


def test_a_role_that_only_views_cannot_record(client, make_user, woman, district):
    viewer = make_user(roles.CENTRE_MANAGER, username="manager")
    viewer.districts.set([district])
    client.force_login(viewer)
    url = reverse("people:consents", args=[woman.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"consent-form" not in page.content
    response = client.post(url, {"purpose": "sms", "action": "withdraw"})
    assert response.status_code == 403
    assert consents.consent_has(person_id=woman.pk, purpose="sms")
