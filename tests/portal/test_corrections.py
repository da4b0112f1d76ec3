"""She asks for a correction of her record; a registrar in her districts decides."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.errors import ServiceError
from tavana.people import services
from tavana.people.models import ChangeRequest
from tavana.people.services_herself import change_request_by_herself
from tests.training import factories as f

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"


@pytest.fixture
def woman():
    p = f.person("مریم", "کاظمی", number=4)
    p.mobile, p.national_code, p.father_name = MOBILE, "0012345679", "علی"
    p.save(update_fields=["mobile", "national_code", "father_name"])
    return p


@pytest.fixture
def registrar(make_user):
    u = make_user(roles.REGISTRAR, username="reg4")
    u.districts.add(f.district(4))
    return u


def _ask(client, **data):
    return client.post(reverse("portal:correction_new"), data)


def test_she_asks_and_a_registrar_in_her_district_approves(client, woman, registrar, sign_in):
    sign_in()
    r = _ask(client, field="father_name", value="علي‌رضا", reason="در شناسنامه علیرضا است")
    assert r.status_code == 302 and r["Location"] == reverse("portal:corrections")
    cr = ChangeRequest.objects.get()
    assert cr.by_herself and cr.requested_by is None
    assert cr.changes == {"father_name": ["علی", "علی‌رضا"]}
    made = AuditEntry.objects.get(action="change_request.create")
    assert made.actor_username == f"self:{woman.pk}" and made.actor_id is None
    woman.refresh_from_db()
    assert woman.father_name == "علی"  # nothing changes before the registrar's approval
    page = client.get(reverse("portal:corrections")).content.decode()
    assert "در انتظار بررسی" in page and "علی‌رضا" in page

    staff = type(client)()
    staff.force_login(registrar)
    listing = staff.get(reverse("people:change_requests")).content.decode()
    assert reverse("people:change_request", args=[cr.pk]) in listing and "خود او" in listing
    detail = staff.get(reverse("people:change_request", args=[cr.pk])).content.decode()
    assert "تأیید و اعمال" in detail and 'data-testid="by-herself"' in detail
    staff.post(reverse("people:change_request", args=[cr.pk]), {"decision": "approve"})
    woman.refresh_from_db()
    cr.refresh_from_db()
    assert woman.father_name == "علی‌رضا" and cr.status == ChangeRequest.APPROVED
    assert woman.father_key  # the matching keys follow the new name
    applied = AuditEntry.objects.get(action="person.identity_corrected")
    assert applied.actor_id == registrar.pk and applied.person_id == woman.pk
    assert "تأییدشده" in client.get(reverse("portal:corrections")).content.decode()


def test_a_rejection_needs_a_reason_and_she_reads_it(client, woman, registrar, sign_in):
    sign_in()
    _ask(client, field="first_name", value="مرجان", reason="نامم مرجان است")
    cr = ChangeRequest.objects.get()
    staff = type(client)()
    staff.force_login(registrar)
    no_reason = staff.post(reverse("people:change_request", args=[cr.pk]), {"decision": "reject"})
    assert "دلیل رد" in no_reason.content.decode()
    staff.post(
        reverse("people:change_request", args=[cr.pk]),
        {"decision": "reject", "note": "با شناسنامه به مرکز بیایید"},
    )
    woman.refresh_from_db()
    assert woman.first_name == "مریم"
    page = client.get(reverse("portal:corrections")).content.decode()
    assert "ردشده" in page and "با شناسنامه به مرکز بیایید" in page
    assert AuditEntry.objects.filter(action="change_request.reject", actor=registrar).exists()


def test_a_registrar_of_another_district_neither_sees_nor_decides_it(client, woman, make_user):
    cr = change_request_by_herself(person=woman, field="first_name", value="مرجان", reason="نام")
    other = make_user(roles.REGISTRAR, username="reg9")
    other.districts.add(f.district(9))
    client.force_login(other)
    assert (
        reverse("people:change_request", args=[cr.pk])
        not in client.get(reverse("people:change_requests")).content.decode()
    )
    assert client.get(reverse("people:change_request", args=[cr.pk])).status_code == 404
    with pytest.raises(ServiceError):
        services.change_request_decide(actor=other, change_request=cr, approve=True)
    woman.refresh_from_db()
    assert woman.first_name == "مریم"


def test_a_social_worker_may_not_decide_her_request(woman, make_user):
    cr = change_request_by_herself(person=woman, field="first_name", value="مرجان", reason="نام")
    sw = make_user(roles.SOCIAL_WORKER, username="sw4")
    sw.districts.add(f.district(4))
    with pytest.raises(ServiceError):
        services.change_request_decide(actor=sw, change_request=cr, approve=True)


def test_approval_runs_the_registrys_checks_a_code_held_by_another_woman_is_refused(
    client, woman, registrar
):
    other = f.person("زهرا", "نوری", number=4)
    other.national_code = "0084575948"
    other.save(update_fields=["national_code"])
    # she is not told that the code is someone else's (it would reveal who is registered)
    cr = change_request_by_herself(
        person=woman, field="national_code", value="۰۰۸۴۵۷۵۹۴۸", reason="اشتباه تایپی"
    )
    client.force_login(registrar)
    r = client.post(reverse("people:change_request", args=[cr.pk]), {"decision": "approve"})
    assert "پیش‌تر ثبت شده" in r.content.decode()
    cr.refresh_from_db()
    woman.refresh_from_db()
    assert cr.status == ChangeRequest.PENDING and woman.national_code == "0012345679"
    assert not AuditEntry.objects.filter(action="change_request.approve").exists()


def test_approving_a_district_outside_the_registrars_own_is_refused(woman, registrar):
    f.district(9)
    cr = change_request_by_herself(person=woman, field="district", value="۹", reason="جابه‌جا شدم")
    assert cr.changes == {"district": ["4", "9"]}
    with pytest.raises(ServiceError) as e:
        services.change_request_decide(actor=registrar, change_request=cr, approve=True)
    assert "محدودهٔ کاری" in e.value.errors["district"]
    cr.refresh_from_db()
    assert cr.status == ChangeRequest.PENDING


def test_a_wrong_value_is_refused_beside_its_field_keeping_what_she_typed(client, woman, sign_in):
    sign_in()
    r = _ask(client, field="birth_date", value="۱۳۶۵/۱۳/۴۰", reason="")
    body = r.content.decode()
    assert r.status_code == 400 and ChangeRequest.objects.count() == 0
    assert 'id="id_value_error"' in body and 'id="id_reason_error"' in body
    assert 'aria-describedby="id_value_helptext id_value_error"' in body
    assert 'value="۱۳۶۵/۱۳/۴۰"' in body
    same = _ask(client, field="first_name", value="مريم", reason="نام")  # Arabic ي: the same name
    assert "همان است" in same.content.decode()
    unknown = _ask(client, field="district", value="۴۵", reason="منطقه")
    assert "منطقهٔ ۴۵ در این شهر" in unknown.content.decode()


def test_her_mobile_is_changed_only_by_staff(client, woman, sign_in):
    sign_in()
    r = _ask(client, field="mobile", value="09351112233", reason="شماره‌ام عوض شد")
    assert r.status_code == 400 and ChangeRequest.objects.count() == 0
    with pytest.raises(ServiceError) as e:
        change_request_by_herself(person=woman, field="mobile", value="09351112233", reason="x")
    assert e.value.code == "mobile_through_staff"
    page = client.get(reverse("portal:correction_new")).content.decode()
    assert "مرکز محلهٔ خود" in page and 'value="mobile"' not in page


def test_one_pending_request_per_field(client, woman, sign_in):
    sign_in()
    _ask(client, field="address", value="خیابان آزادی", reason="نشانی تازه")
    again = _ask(client, field="address", value="خیابان انقلاب", reason="نشانی تازه")
    assert "در دست بررسی" in again.content.decode()
    assert ChangeRequest.objects.count() == 1


def test_her_correction_pages_send_a_visitor_to_sign_in(client):
    for name in ("portal:corrections", "portal:correction_new"):
        r = client.get(reverse(name))
        assert r.status_code == 302 and r["Location"] == reverse("portal:sign_in")
