"""Children's data open only to staff with a live clearance (asked by one
administrator, approved by a second, expiring); every read is audited."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tavana.accounts import clearances, roles
from tavana.accounts.models import Clearance, User
from tavana.audit.models import AuditEntry
from tavana.core.domain.identifiers import make_national_code, make_sheba
from tavana.core.errors import ServiceError
from tavana.youth import selectors, services
from tavana.youth.access import access_child_by_id

from .factories import clear_for_children, make_family, make_school


@pytest.fixture
def flagged(db, d4):
    """A child of district 4 with an open flag (two weak terms)."""
    admin = User.objects.create_user(username="setup-admin", role=roles.ADMINISTRATOR)
    clear_for_children(admin)
    mom, (kid,) = make_family(district=d4)
    mom.national_code = make_national_code("007654321")
    mom.save(update_fields=["national_code"])
    school = make_school(district=d4)
    services.school_year_record(actor=admin, child=kid, year=1403, grade=8, school=school)
    for term, avg in ((1, "11"), (2, "8")):
        services.term_result_record(actor=admin, child=kid, year=1403, term=term, average=avg)
    return kid


@pytest.fixture
def admins(make_user):
    return make_user(roles.ADMINISTRATOR, username="adm-a"), make_user(
        roles.ADMINISTRATOR, username="adm-b"
    )


@pytest.fixture
def sw(make_user, d4):
    user = make_user(roles.SOCIAL_WORKER, username="maryam-sw")
    user.districts.set([d4])
    return user


def _reads(user, action):
    return AuditEntry.objects.filter(actor_id=user.pk, action=action).count()


def test_without_a_clearance_the_role_alone_opens_no_childs_data(client, sw, flagged):
    assert not selectors.child_scope(actor=sw).exists()
    with pytest.raises(Http404):
        access_child_by_id(sw, flagged.pk)
    assert list(selectors.risk_list(actor=sw)) == []
    client.force_login(sw)
    page = client.get("/youth/").content.decode()
    assert 'data-testid="not-cleared"' in page and flagged.first_name not in page
    assert client.get(f"/youth/children/{flagged.pk}/").status_code == 404
    assert _reads(sw, "youth.read_record") == 0


def test_a_second_administrator_approves_and_then_every_read_is_audited(
    client, admins, sw, flagged
):
    a, b = admins
    until = timezone.localdate() + dt.timedelta(days=60)
    row = clearances.clearance_request(
        actor=a, area="children", user=sw, expires_on=until, reason="مددکار منطقهٔ ۴"
    )
    assert not selectors.child_scope(actor=sw).exists()  # asked, not yet approved
    with pytest.raises(ServiceError) as e:
        clearances.clearance_decide(actor=a, clearance=row, approve=True)
    assert e.value.code == "same_admin"
    clearances.clearance_decide(actor=b, clearance=row, approve=True)
    client.force_login(sw)
    page = client.get(f"/youth/children/{flagged.pk}/").content.decode()
    assert flagged.first_name in page
    assert _reads(sw, "youth.read_record") == 1
    home = client.get("/youth/").content.decode()
    assert flagged.full_name in home and 'data-testid="not-cleared"' not in home
    assert _reads(sw, "youth.read_flags") == 1
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.clearance_request", "accounts.clearance_approve"} <= actions


def test_an_expired_or_revoked_clearance_closes_the_childs_data(admins, sw, flagged):
    a, b = admins
    row = clear_for_children(sw, days=3)
    assert access_child_by_id(sw, flagged.pk) == flagged
    row.expires_on = timezone.localdate() - dt.timedelta(days=1)
    row.save()
    with pytest.raises(Http404):
        access_child_by_id(sw, flagged.pk)
    row = clear_for_children(sw, days=3)
    clearances.clearance_revoke(actor=b, clearance=row)
    with pytest.raises(Http404):
        access_child_by_id(sw, flagged.pk)
    assert AuditEntry.objects.filter(action="accounts.clearance_revoke").exists()


def test_a_request_is_refused_per_field_in_persian(make_user, admins):
    a, _ = admins
    trainer = make_user(roles.TRAINER, username="trainer-x")
    with pytest.raises(ServiceError) as e:
        clearances.clearance_request(
            actor=a,
            area="children",
            user=trainer,
            expires_on=timezone.localdate() + dt.timedelta(days=400),
            reason=" ",
        )
    assert set(e.value.errors) == {"username", "expires_on", "reason"}
    assert "داده‌های کودکان" in e.value.errors["username"]
    assert "یک سال" in e.value.errors["expires_on"]
    assert not Clearance.objects.exists()


def test_the_clearance_screen_asks_and_a_second_administrator_approves(client, admins, sw):
    a, b = admins
    client.force_login(a)
    from tavana.core.domain.jalali import to_jalali_iso

    yesterday = to_jalali_iso(timezone.localdate() - dt.timedelta(days=1))
    bad = client.post(
        "/accounts/clearances/children/",
        {"request": "1", "username": "maryam-sw", "expires_on": yesterday, "reason": "کار منطقه"},
    )
    assert bad.status_code == 400
    assert "تاریخ پایان اعتبار باید بعد از امروز باشد" in bad.content.decode()
    assert 'value="کار منطقه"' in bad.content.decode()  # what was typed is kept
    until = timezone.localdate() + dt.timedelta(days=30)
    ok = client.post(
        "/accounts/clearances/children/",
        {"request": "1", "username": "maryam-sw", "expires_on": to_jalali_iso(until),
         "reason": "کار منطقه"},
    )  # fmt: skip
    assert ok.status_code == 302
    row = Clearance.objects.get(user=sw)
    assert row.pending and not clearances.is_cleared(sw, "children")
    page = client.get("/accounts/clearances/children/").content.decode()
    assert "منتظر تأیید مدیر دیگر" in page
    client.force_login(b)
    client.post("/accounts/clearances/children/", {"action": "approve", "member": row.pk})
    assert clearances.is_cleared(sw, "children")
    staff_page = client.get(f"/accounts/staff/{sw.pk}/").content.decode()
    assert "دارای صلاحیت تا" in staff_page and "داده‌های کودکان" in staff_page


def test_a_registrar_without_clearance_cannot_import_a_schools_list(client, make_user, d4):
    registrar = make_user(roles.REGISTRAR, username="reg-nc")
    registrar.districts.set([d4])
    client.force_login(registrar)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        "/youth/import/", {"file": SimpleUploadedFile("list.xlsx", b"PK\x03\x04")}
    ).content.decode()
    assert "به صلاحیتی نیاز دارد" in page


def test_the_support_queue_shows_no_child_to_a_manager_without_clearance(
    client, make_user, flagged
):
    from tavana.youth.models import BudgetLine

    worker = clear_for_children(make_user(roles.ADMINISTRATOR, username="adm-prop")).user
    line = BudgetLine.objects.create(code="b1", name="ردیف", year=1404, amount_toman=10**8)
    a = services.application_create(
        actor=worker, child=flagged, exam="gifted", year=1404, grade=10,
        registered_on=timezone.localdate(),
    )  # fmt: skip
    g = services.grant_propose(
        actor=worker, application=a, kind="registration", amount_toman=100_000,
        budget_line=line, sheba=make_sheba("0170000000123456789012"),
    )  # fmt: skip
    manager = make_user(roles.MANAGER, username="mgr-nc")
    client.force_login(manager)
    page = client.get("/youth/support/").content.decode()
    assert flagged.first_name not in page and 'data-testid="not-cleared"' in page
    assert client.post(f"/youth/support/{g.pk}/decide/", {"decision": "approve"}).status_code == 404
    clear_for_children(manager)
    page = client.get("/youth/support/").content.decode()
    assert flagged.first_name in page
    assert _reads(manager, "youth.read_grants") == 1
