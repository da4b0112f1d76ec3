"""Protected programmes: clearance, records, the prison statement, break the glass."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.domain.jalali import format_jalali as jalali
from tavana.protected.models import EmergencyAccess, Placement, Programme, WageEntry
from tests.protected.factories import clear, production_centre, staff, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_user):
    return world(make_user)


def _as(client, user):
    client.force_login(user)
    return client


def test_cleared_worker_sees_her_programme_and_the_read_is_audited(client, w):
    c = _as(client, w.prison_worker)
    r = c.get(reverse("protected:participant", args=[w.prison.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "۱۲۳/۴۵۶" in html or "123/456" in html
    assert "۴٬۵۰۰٬۰۰۰" in html
    entry = AuditEntry.objects.filter(action="protected.read").latest("seq")
    assert entry.person_id == w.person.pk and entry.actor_id == w.prison_worker.pk
    home = c.get(reverse("protected:home")).content.decode()
    assert "اشتغال زنان رأی‌باز" in home and "یاورشهر" not in home


def test_clearance_is_per_programme_and_uncleared_get_404(client, w, make_user):
    c = _as(client, w.recovery_worker)
    assert c.get(reverse("protected:participant", args=[w.prison.pk])).status_code == 404
    assert c.get(reverse("protected:statement", args=[w.prison.pk])).status_code == 404
    assert c.get(reverse("protected:programme", args=[Programme.PRISON])).status_code == 404
    assert c.get(reverse("protected:participant", args=[w.recovery.pk])).status_code == 200
    admin = staff(make_user, roles.ADMINISTRATOR)
    c = _as(client, admin)  # role alone opens nothing
    assert c.get(reverse("protected:home")).status_code == 404
    assert c.get(reverse("protected:participant", args=[w.recovery.pk])).status_code == 404


def test_person_page_section_only_for_cleared_staff(client, w, make_user):
    url = reverse("people:detail", args=[w.person.pk])
    html = _as(client, w.prison_worker).get(url).content.decode()
    assert "اشتغال زنان رأی‌باز" in html and "یاورشهر" not in html
    for role in (roles.REGISTRAR, roles.SOCIAL_WORKER, roles.ADMINISTRATOR):
        html = _as(client, make_user(role)).get(url).content.decode()
        assert "رأی‌باز" not in html and "یاورشهر" not in html and "برنامه‌های ویژه" not in html


def test_recording_a_month_of_wages_and_refusing_the_same_month_twice(client, w):
    c = _as(client, w.prison_worker)
    url = reverse("protected:record_add", args=[w.prison.pk, "wage"])
    data = {
        "wage-year": "۱۴۰۳",
        "wage-month": "3",
        "wage-days_worked": "۲۰",
        "wage-hours": "160",
        "wage-wage_toman": "5200000",
        "wage-paid_on": "1403/04/05",
    }
    r = c.post(url, data)
    assert r.status_code == 302
    entry = WageEntry.objects.get(participant=w.prison, year=1403, month=3)
    assert entry.wage_toman == 5_200_000 and entry.recorded_by == w.prison_worker
    assert AuditEntry.objects.filter(action="protected.wage_add", person_id=w.person.pk).exists()
    r = c.post(url, data)
    assert r.status_code == 422
    assert "کارکرد این ماه پیش‌تر ثبت شده است" in r.content.decode()


def test_a_placement_needs_a_production_workshop(client, w):
    centre = production_centre()
    c = _as(client, w.prison_worker)
    url = reverse("protected:record_add", args=[w.prison.pk, "placement"])
    r = c.post(url, {"placement-centre": centre.pk, "placement-started_on": "1403/03/01"})
    assert r.status_code == 302 and Placement.objects.filter(participant=w.prison).count() == 1
    centre.has_production_workshop = False
    centre.save()
    r = c.post(url, {"placement-centre": centre.pk, "placement-started_on": "1403/03/01"})
    assert r.status_code == 422


def test_recovery_records_and_goal_status(client, w):
    c = _as(client, w.recovery_worker)
    base = [w.recovery.pk]
    r = c.post(
        reverse("protected:record_add", args=[*base, "contact"]),
        {
            "contact-contacted_on": "1403/05/01",
            "contact-who": "برادر",
            "contact-channel": "visit",
            "contact-outcome": "پذیرفت که در جلسهٔ خانوادگی شرکت کند",
        },
    )
    assert r.status_code == 302
    r = c.post(
        reverse("protected:record_add", args=[*base, "session"]),
        {"session-held_on": "1403/05/03", "session-kind": "family", "session-minutes": "90"},
    )
    assert r.status_code == 302
    goal = w.recovery.goals.get()
    r = c.post(reverse("protected:goal_status", args=[goal.pk]), {"status": "achieved"})
    assert r.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"
    # a prison-only record kind does not exist in the recovery programme
    r = c.post(reverse("protected:record_add", args=[*base, "wage"]), {})
    assert r.status_code == 404


def test_statement_for_the_prison_says_only_what_the_prison_needs(client, w):
    c = _as(client, w.prison_worker)
    url = reverse("protected:statement", args=[w.prison.pk])
    r = c.get(url, {"from_year": 1403, "from_month": 1, "to_year": 1403, "to_month": 6})
    html = r.content.decode()
    assert r.status_code == 200
    assert w.person.full_name in html and "۰۰۱۳۵۴۲۴۱۹" in html
    assert "اردیبهشت ۱۴۰۳" in html and "۲۲" in html and "۱۷۶" in html
    assert "فروردین ۱۴۰۳ تا شهریور ۱۴۰۳" in html
    assert "۴٬۵۰۰٬۰۰۰" not in html and "4500000" not in html  # no wages
    assert "۱۲۳/۴۵۶" not in html and "123/456" not in html  # no letter number
    from django.contrib.staticfiles import finders  # the print rules, in a file (CSP)

    assert "protected/statement.css" in html
    assert "@media print" in open(finders.find("protected/statement.css")).read()
    assert AuditEntry.objects.filter(action="protected.statement", person_id=w.person.pk).exists()
    # a period without work: an empty statement, not an error
    r = c.get(url, {"from_year": 1402, "from_month": 1, "to_year": 1402, "to_month": 2})
    assert "کارکردی ثبت نشده است" in r.content.decode()


def test_a_statement_refuses_a_period_in_the_future(client, w):
    from tavana.core.domain.jalali import jalali_today

    c = _as(client, w.prison_worker)
    url = reverse("protected:statement", args=[w.prison.pk])
    today = jalali_today()
    nxt = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    period = {"from_year": today.year, "from_month": 1, "to_year": nxt[0], "to_month": nxt[1]}
    html = c.get(url, period).content.decode()
    assert "ماهی که هنوز نیامده" in html
    assert "کارکردی ثبت نشده است" not in html  # no statement printed
    period.update(to_year=today.year, to_month=today.month)
    assert "ماهی که هنوز نیامده" not in c.get(url, period).content.decode()


def test_enrol_a_registered_woman(client, w, make_user):
    from tavana.people.models import Person

    other = Person.objects.create(
        first_name="مینا",
        last_name="رحیمی",
        national_code="0084575948",
        name_key="مینا رحیمی",
    )
    c = _as(client, w.prison_worker)
    r = c.post(
        reverse("protected:enrol", args=[Programme.PRISON]),
        {
            "national_code": "۰۰۸۴۵۷۵۹۴۸",
            "joined_on": "1403/06/01",
            "letter_number": "۷۷/۸۸",
            "letter_date": "1403/05/20",
            "detention_type": "semi_open",
        },
    )
    assert r.status_code == 302
    from tavana.protected.models import Participant

    p = Participant.objects.get(person=other)
    assert p.referral.letter_number == "77/88"
    r = c.post(
        reverse("protected:enrol", args=[Programme.PRISON]),
        {"national_code": "0084575948", "joined_on": "1403/06/01"},
    )
    assert r.status_code == 200 and Participant.objects.filter(person=other).count() == 1


def test_a_clearance_needs_a_second_administrator_and_expires(client, w, make_user):
    """A programme's clearance is asked for, approved and revoked on the
    administrator's clearance page (the one clearance model, area = programme)."""
    from tavana.accounts.models import Clearance

    admin = staff(make_user, roles.ADMINISTRATOR)
    second = staff(make_user, roles.ADMINISTRATOR, username="second_admin")
    worker = staff(make_user, roles.CENTRE_MANAGER, username="workshop_head")
    registrar = staff(make_user, roles.REGISTRAR)
    c = _as(client, admin)
    url = reverse("accounts:clearances", args=[Programme.PRISON])
    until = jalali(timezone.localdate() + dt.timedelta(days=90))
    ask = {"request": "1", "expires_on": until, "reason": "سرپرست کارگاه تولید"}
    r = c.post(url, {**ask, "username": registrar.username})
    name = Programme.DEFAULT_NAMES[Programme.PRISON]
    assert r.status_code == 400 and f"اجازهٔ کار با {name} را ندارد" in r.content.decode()
    r = c.post(url, {**ask, "username": worker.username, "expires_on": "1390/01/01"})
    assert r.status_code == 400 and "بعد از امروز" in r.content.decode()
    assert c.post(url, {**ask, "username": worker.username}).status_code == 302
    member = Clearance.objects.get(user=worker, area=Programme.PRISON)
    participant_url = reverse("protected:participant", args=[w.prison.pk])
    c.force_login(worker)
    assert c.get(participant_url).status_code == 404  # asked for, not yet approved
    c.force_login(admin)
    c.post(url, {"action": "approve", "member": member.pk})  # her own request: refused
    member.refresh_from_db()
    assert member.pending and not member.cleared
    c.force_login(second)
    assert c.post(url, {"action": "approve", "member": member.pk}).status_code == 302
    c.force_login(worker)
    assert c.get(participant_url).status_code == 200
    # a clearance for one programme opens no other
    assert c.get(reverse("protected:participant", args=[w.recovery.pk])).status_code == 404
    Clearance.objects.filter(pk=member.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert c.get(participant_url).status_code == 404  # expired
    Clearance.objects.filter(pk=member.pk).update(
        expires_on=timezone.localdate() + dt.timedelta(days=1)
    )
    c.force_login(admin)
    assert c.post(url, {"action": "revoke", "member": member.pk}).status_code == 302
    c.force_login(worker)
    assert c.get(participant_url).status_code == 404
    # the old clearance page is gone
    assert c.get(f"/protected/{Programme.PRISON}/staff/").status_code == 404


def test_break_the_glass_opens_one_woman_for_a_few_hours(client, w, make_user):
    sw = staff(make_user, roles.SOCIAL_WORKER)
    c = _as(client, sw)
    participant_url = reverse("protected:participant", args=[w.recovery.pk])
    assert c.get(participant_url).status_code == 404
    r = c.post(reverse("protected:emergency"), {"national_code": "0013542419", "reason": "کوتاه"})
    assert r.status_code == 200 and not EmergencyAccess.objects.exists()
    reason = "تماس اورژانس اجتماعی؛ باید خانوادهٔ او را همین حالا پیدا کنیم"
    r = c.post(reverse("protected:emergency"), {"national_code": "0013542419", "reason": reason})
    grant = EmergencyAccess.objects.get(user=sw)
    assert r.status_code == 302 and r["Location"].endswith(f"/emergency/{grant.pk}/")
    entry = AuditEntry.objects.get(action="protected.emergency_access")
    assert entry.kind == AuditEntry.KIND_ACCESS and entry.person_id == w.person.pk
    assert entry.reason == reason
    html = c.get(participant_url).content.decode()
    assert "دسترسی اضطراری" in html
    read = AuditEntry.objects.filter(action="protected.read").latest("seq")
    assert read.reason == "دسترسی اضطراری" and read.person_id == w.person.pk
    # the person page shows the section while the grant is live
    person_html = c.get(reverse("people:detail", args=[w.person.pk])).content.decode()
    assert "یاورشهر ۵" in person_html
    # auditors see the grant and its reason
    c.force_login(staff(make_user, roles.AUDITOR))
    assert reason in c.get(reverse("protected:emergency_log")).content.decode()
    # after expiry, access is gone
    EmergencyAccess.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    c.force_login(sw)
    assert c.get(participant_url).status_code == 404
    assert c.get(reverse("protected:emergency_grant", args=[grant.pk])).status_code == 404
    person_html = c.get(reverse("people:detail", args=[w.person.pk])).content.decode()
    assert "یاورشهر" not in person_html


def test_break_the_glass_is_not_for_every_role(client, w, make_user):
    c = _as(client, staff(make_user, roles.REGISTRAR))
    r = c.post(
        reverse("protected:emergency"),
        {"national_code": "0013542419", "reason": "دلیلی به اندازهٔ کافی بلند برای آزمون"},
    )
    assert r.status_code == 403 and not EmergencyAccess.objects.exists()


def test_revoked_clearance_on_a_user_in_the_wrong_role_opens_nothing(client, w, make_user):
    registrar = staff(make_user, roles.REGISTRAR)
    clear(registrar, Programme.PRISON)  # even if a row slipped in, the role is not enough
    c = _as(client, registrar)
    assert c.get(reverse("protected:participant", args=[w.prison.pk])).status_code == 403
    html = c.get(reverse("people:detail", args=[w.person.pk])).content.decode()
    assert "رأی‌باز" not in html


def test_after_a_duplicate_merge_her_protected_records_still_follow_her(client, w, make_user):
    from tavana.people.duplicates.services import person_merge
    from tavana.people.models import Person

    keep = Person.objects.create(
        first_name="نرگس", last_name="محمودی", name_key="نرگس محمودی", district=w.person.district
    )
    admin = staff(make_user, roles.ADMINISTRATOR)
    person_merge(actor=admin, keep=keep, drop=w.person, reason="تکراری")
    url = reverse("people:detail", args=[keep.pk])
    assert "اشتغال زنان رأی‌باز" in _as(client, w.prison_worker).get(url).content.decode()
    sw = staff(make_user, roles.SOCIAL_WORKER)
    from tavana.protected.services import emergency_grant

    emergency_grant(actor=sw, person=keep, reason="دلیلی روشن و به اندازهٔ کافی بلند برای آزمون")
    c = _as(client, sw)
    assert c.get(reverse("protected:participant", args=[w.recovery.pk])).status_code == 200


def test_the_audit_log_shows_protected_entries_to_auditors_only(client, w, make_user):
    _as(client, w.prison_worker).get(reverse("protected:participant", args=[w.prison.pk]))
    url = reverse("audit:log") + f"?person={w.person.pk}"
    admin_html = _as(client, staff(make_user, roles.ADMINISTRATOR)).get(url).content.decode()
    assert "protected." not in admin_html
    auditor_html = _as(client, staff(make_user, roles.AUDITOR)).get(url).content.decode()
    assert "protected.read" in auditor_html


def test_home_page_lists_programmes_to_cleared_staff_only(client, w, make_user):
    html = _as(client, w.prison_worker).get(reverse("core:home")).content.decode()
    assert reverse("protected:programme", args=[Programme.PRISON]) in html
    assert "یاورشهر" not in html
    html = _as(client, staff(make_user, roles.SOCIAL_WORKER)).get(reverse("core:home")).content
    assert "رأی‌باز".encode() not in html
    assert f'href="{reverse("protected:home")}"'.encode() not in html
    assert reverse("protected:emergency").encode() in html  # break the glass is a card
