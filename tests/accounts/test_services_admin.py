"""Administration of staff: accounts, scopes, deactivation, password links, sessions,
units — each audited, each refusing what is wrong in Persian."""

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore

from tavana.accounts import roles, services
from tavana.accounts.models import OrgUnit, User, UserSession
from tavana.audit.models import AuditEntry
from tavana.casework.models import CaseAssignment
from tavana.core.errors import ServiceError
from tavana.core.models import District
from tavana.core.sms import MemorySmsBackend
from tests.training.factories import person

pytestmark = pytest.mark.django_db
SITE = "https://tavana.example/"


@pytest.fixture(autouse=True)
def _outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def admin(make_user):
    return make_user(roles.ADMINISTRATOR, username="boss")


@pytest.fixture
def districts(db):
    return [District.objects.create(number=n, name=f"منطقهٔ {n}") for n in (4, 9)]


def _registrar(**extra):
    return {
        "username": "Zahra.K", "first_name": "زهرا", "last_name": "کریمی",
        "mobile": "۰۹۱۲۳۴۵۶۷۸۹", "role": roles.REGISTRAR, **extra,
    }  # fmt: skip


def test_a_registrar_for_two_districts_gets_a_password_link_not_a_password(admin, districts):
    user = services.staff_create(actor=admin, data=_registrar(districts=districts), site=SITE)
    assert user.username == "zahra.k" and user.mobile == "09123456789"
    assert not user.has_usable_password()
    assert sorted(d.number for d in user.districts.all()) == [4, 9]
    [sms] = MemorySmsBackend.outbox
    assert sms.mobile == "09123456789" and sms.text.count(SITE + "accounts/password/") == 1
    entry = AuditEntry.objects.get(action="accounts.user_create")
    assert entry.after["districts"] == [4, 9] and entry.actor_username == "boss"


def test_wrong_input_is_refused_field_by_field(admin, districts, make_user):
    make_user(roles.REGISTRAR, username="taken")
    with pytest.raises(ServiceError) as e:
        services.staff_create(
            actor=admin, data=_registrar(username="taken", mobile="0912", first_name=""), site=SITE
        )
    assert set(e.value.errors) == {"username", "mobile", "first_name", "districts"}
    assert "۰۹" in e.value.errors["mobile"]
    assert User.objects.filter(username="zahra.k").count() == 0


def test_the_last_administrator_cannot_be_demoted_or_deactivated(admin):
    data = {"first_name": "م", "last_name": "ا", "mobile": "09121111111", "role": roles.MANAGER}
    with pytest.raises(ServiceError) as e:
        services.staff_update(actor=admin, user=admin, data=data)
    assert "آخرین مدیر" in e.value.errors["role"]
    with pytest.raises(ServiceError):
        services.staff_set_active(actor=admin, user=admin, active=False, reason="x")


def test_deactivating_a_social_worker_hands_her_cases_over_and_ends_her_sessions(admin, make_user):
    leaving = make_user(roles.SOCIAL_WORKER, username="leaving")
    taking = make_user(roles.SOCIAL_WORKER, username="taking")
    woman = person()
    CaseAssignment.objects.create(worker=leaving, person=woman, start_date=dt.date(2025, 1, 1))
    store = SessionStore()
    store.create()
    UserSession.objects.create(user=leaving, session_key=store.session_key)
    with pytest.raises(ServiceError) as e:
        services.staff_set_active(actor=admin, user=leaving, active=False, reason="بازنشستگی")
    assert "۱ پرونده" in e.value.errors["handover_to"]
    leaving.refresh_from_db()
    assert leaving.is_active
    services.staff_set_active(
        actor=admin, user=leaving, active=False, reason="بازنشستگی", handover_to=taking
    )
    assert CaseAssignment.objects.get(person=woman, end_date__isnull=True).worker == taking
    assert not SessionStore().exists(store.session_key)
    assert AuditEntry.objects.filter(action="casework.case_handover", person_id=woman.pk).exists()
    assert AuditEntry.objects.get(action="accounts.user_deactivate").reason == "بازنشستگی"


def test_password_reset_kills_the_old_password_and_texts_a_link(admin, make_user):
    member = make_user(roles.REGISTRAR, username="zahra", mobile="09125555555")
    assert member.check_password("pass-for-tests-1403")
    services.password_reset(actor=admin, user=member, site=SITE)
    member.refresh_from_db()
    assert not member.has_usable_password()
    [sms] = MemorySmsBackend.outbox
    assert sms.mobile == "09125555555" and "pass-for-tests" not in sms.text
    no_mobile = make_user(roles.REGISTRAR, username="nomobile")
    with pytest.raises(ServiceError) as e:
        services.password_reset(actor=admin, user=no_mobile, site=SITE)
    assert "تلفن همراه" in e.value.errors["mobile"]


def test_units_form_a_tree_without_cycles_and_are_retired_not_deleted(admin, make_user):
    area = services.unit_save(actor=admin, data={"code": "a1", "name": "حوزه", "kind": "area"})
    office = services.unit_save(
        actor=admin, data={"code": "o1", "name": "اداره", "kind": "office", "parent": area}
    )
    with pytest.raises(ServiceError) as e:
        services.unit_save(
            actor=admin, unit=area, data={"name": "حوزه", "kind": "area", "parent": office}
        )
    assert "خودش" in e.value.errors["parent"]
    with pytest.raises(ServiceError) as e:
        services.unit_save(
            actor=admin, unit=area, data={"name": "حوزه", "kind": "area", "active": False}
        )
    assert "زیرمجموعهٔ فعال" in e.value.errors["active"]
    assert services.unit_subtree_ids(area) == [area.pk, office.pk]
    services.unit_save(
        actor=admin,
        unit=office,
        data={"name": "اداره", "kind": "office", "parent": area, "active": False},
    )
    assert OrgUnit.objects.get(pk=office.pk).active is False
    assert AuditEntry.objects.filter(action="accounts.unit_update").count() == 1


def test_the_seeded_organisation_has_five_areas_and_four_departments_under_the_office():
    assert OrgUnit.objects.filter(kind=OrgUnit.AREA, parent=None).count() == 5
    office = OrgUnit.objects.get(code="skills_office")
    assert office.parent.code == "capacity_social"
    assert office.children.filter(kind=OrgUnit.DEPARTMENT).count() == 4


def test_a_social_worker_without_districts_is_scoped_to_her_caseload(admin):
    from tavana.casework.models import CaseAssignment
    from tavana.people.selectors import person_scope
    from tests.training.factories import person

    sw = services.staff_create(
        actor=admin, data=_registrar(username="sw", role=roles.SOCIAL_WORKER), site=SITE
    )
    mine, other = person("مینا", "الف"), person("نگار", "ب")
    CaseAssignment.objects.create(worker=sw, person=mine, start_date=dt.date(2025, 1, 1))
    assert list(person_scope(actor=sw).filter(pk__in=[mine.pk, other.pk])) == [mine]
