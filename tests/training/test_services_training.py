"""Enrolment and the waitlist, attendance, completion, certificates, suggestions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.casework.models import (
    CaseAssignment,
    Delivery,
    PlanAction,
    ServiceType,
    SupportLevel,
    SupportStatus,
)
from tavana.core.errors import ServiceError
from tavana.training import ownership, selectors, services
from tavana.training.models import Attendance, Certificate, Course, CourseEnrolment

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user(roles.ADMINISTRATOR)


def test_a_full_course_puts_the_next_woman_on_the_waitlist(admin):
    c = f.course(capacity=2)
    women = [f.person(first=n) for n in ("مریم", "زهرا", "سارا", "لیلا")]
    statuses = [services.enrol(actor=admin, course=c, person=w).status for w in women]
    assert statuses == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    with pytest.raises(ServiceError):
        services.enrol(actor=admin, course=c, person=women[0])


def test_a_freed_seat_goes_to_the_first_on_the_waitlist_in_the_same_step(admin):
    c = f.course(capacity=1)
    first, second, third = (f.person(first=n) for n in ("مریم", "زهرا", "سارا"))
    e1 = services.enrol(actor=admin, course=c, person=first)
    services.enrol(actor=admin, course=c, person=second)
    services.enrol(actor=admin, course=c, person=third)
    promoted = services.withdraw(actor=admin, enrolment=e1, reason="نقل مکان")
    assert [p.person_id for p in promoted] == [second.pk]
    status = dict(CourseEnrolment.objects.filter(course=c).values_list("person_id", "status"))
    assert status == {first.pk: "withdrawn", second.pk: "enrolled", third.pk: "waitlisted"}
    entry = AuditEntry.objects.filter(action="training.waitlist_promote").get()
    assert entry.person_id == second.pk


def test_leaving_the_waitlist_promotes_nobody(admin):
    c = f.course(capacity=1)
    a, b = f.person(first="مریم"), f.person(first="زهرا")
    services.enrol(actor=admin, course=c, person=a)
    wait = services.enrol(actor=admin, course=c, person=b)
    assert services.withdraw(actor=admin, enrolment=wait) == []
    # she may come back: to the end of the waitlist
    again = services.enrol(actor=admin, course=c, person=b)
    assert again.pk == wait.pk and again.status == "waitlisted"


def test_a_free_seat_goes_to_the_waitlist_before_a_woman_who_enrols_later(admin):
    c = f.course(capacity=2)
    f.seat(c, f.person(first="مریم"))
    waiting = f.seat(c, f.person(first="زهرا"), CourseEnrolment.WAITLISTED)
    later = services.enrol(actor=admin, course=c, person=f.person(first="سارا"))
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"
    assert later.status == "waitlisted"


def test_more_seats_promote_the_waitlist(admin):
    c = f.course(capacity=1)
    women = [f.person(first=n) for n in ("مریم", "زهرا", "سارا")]
    for w in women:
        services.enrol(actor=admin, course=c, person=w)
    promoted = services.course_capacity_set(actor=admin, course=c, capacity=2)
    assert [p.person_id for p in promoted] == [women[1].pk]
    with pytest.raises(ServiceError):
        services.course_capacity_set(actor=admin, course=c, capacity=1)


def test_prerequisites_must_be_completed_first(admin):
    basic = f.course(title="خیاطی مقدماتی")
    advanced = f.course(title="خیاطی پیشرفته")
    advanced.prerequisites.add(basic)
    w = f.person()
    with pytest.raises(ServiceError) as e:
        services.enrol(actor=admin, course=advanced, person=w)
    assert "خیاطی مقدماتی" in e.value.errors["person"]
    f.seat(basic, w, CourseEnrolment.COMPLETED)
    assert services.enrol(actor=admin, course=advanced, person=w).status == "enrolled"


def test_course_create_schedules_its_sessions_in_the_managers_centres(make_user):
    manager = make_user(roles.CENTRE_MANAGER)
    mine, other = f.centre(), f.centre()
    manager.centres.add(mine)
    t = f.trainer()
    first = dt.date(2025, 5, 3)  # a Saturday
    kw = dict(
        title="کارگاه بازاریابی",
        kind=Course.BUSINESS,
        trainer=t,
        capacity=20,
        first_date=first,
        weekdays=[5, 1],
        session_count=6,
        start_time=dt.time(9),
        end_time=dt.time(11, 30),
    )
    c = services.course_create(actor=manager, centre=mine, **kw)
    assert c.sessions.count() == 6 and c.first_date == first
    assert c.last_date == dt.date(2025, 5, 20)
    with pytest.raises(PermissionDenied):
        services.course_create(actor=manager, centre=other, **kw)
    with pytest.raises(ServiceError) as e:
        services.course_create(actor=manager, centre=mine, **{**kw, "end_time": dt.time(8)})
    assert "end_time" in e.value.errors
    mine.status = mine.RENOVATION
    mine.save()
    with pytest.raises(ServiceError) as e:
        services.course_create(actor=manager, centre=mine, **kw)
    assert "centre" in e.value.errors


def test_only_her_own_trainer_marks_attendance_and_not_ahead_of_time(admin):
    c = f.course(sessions=3, first=timezone.localdate() - dt.timedelta(days=1))
    w = f.person()
    e = services.enrol(actor=admin, course=c, person=w)
    past, today, future = c.sessions.all()
    services.attendance_mark(actor=c.trainer, session=past, enrolment=e, present=True)
    services.attendance_mark(actor=c.trainer, session=past, enrolment=e, present=False)
    assert Attendance.objects.get(session=past, enrolment=e).present is False
    with pytest.raises(PermissionDenied):
        services.attendance_mark(actor=f.trainer(), session=today, enrolment=e, present=True)
    with pytest.raises(ServiceError):
        services.attendance_mark(actor=c.trainer, session=future, enrolment=e, present=True)


def test_finishing_issues_certificates_to_those_who_attended_enough(admin):
    skills = ServiceType.objects.get(code="skills_course")
    c = f.course(sessions=4, capacity=5, service=skills)
    good, poor = f.person(first="مریم"), f.person(first="زهرا")
    eg = services.enrol(actor=admin, course=c, person=good)
    ep = services.enrol(actor=admin, course=c, person=poor)
    for i, s in enumerate(c.sessions.all()):
        services.attendance_mark(actor=c.trainer, session=s, enrolment=eg, present=i != 0)
        services.attendance_mark(actor=c.trainer, session=s, enrolment=ep, present=i < 2)
    result = services.course_finish(actor=admin, course=c)
    assert result == {"completed": 1, "not_completed": 1}
    eg.refresh_from_db(), ep.refresh_from_db()
    assert (eg.status, eg.attendance_percent) == ("completed", 75)
    assert (ep.status, ep.attendance_percent) == ("not_completed", 50)
    assert Certificate.objects.filter(enrolment=eg).exists()
    assert not Certificate.objects.filter(enrolment=ep).exists()
    d = Delivery.objects.get(person=good)
    assert d.service == skills and d.centre == c.centre and float(d.quantity) == 9.0
    c.refresh_from_db()
    assert c.status == Course.FINISHED
    with pytest.raises(ServiceError):
        services.course_finish(actor=admin, course=c)


def test_a_course_with_sessions_still_ahead_cannot_be_finished(admin):
    c = f.course(sessions=3, first=timezone.localdate())
    with pytest.raises(ServiceError):
        services.course_finish(actor=admin, course=c)


def test_completion_suggests_a_step_up_to_her_social_worker_without_moving_her(admin, make_user):
    worker = make_user(roles.SOCIAL_WORKER)
    c = f.course(sessions=2, kind=Course.SKILLS)
    w = f.person()
    skills = SupportLevel.objects.get(code="skills")
    SupportStatus.objects.create(person=w, level=skills, since=dt.date(2024, 1, 1))
    CaseAssignment.objects.create(worker=worker, person=w, start_date=dt.date(2024, 1, 1))
    e = services.enrol(actor=admin, course=c, person=w)
    for s in c.sessions.all():
        services.attendance_mark(actor=c.trainer, session=s, enrolment=e, present=True)
    services.course_finish(actor=admin, course=c)
    e.refresh_from_db()
    assert e.suggested_level == "facilitation"
    assert SupportStatus.objects.get(person=w).level == skills  # never automatic
    from tavana.casework import selectors as cw

    due = cw.followups_due(actor=worker)
    assert len(due) == 1 and "تسهیل کسب‌وکار" in due[0].description
    assert PlanAction.objects.count() == 1


def test_the_public_check_says_only_the_course_and_initials(admin):
    c = f.course(sessions=1, title="سوزن‌دوزی")
    w = f.person(first="فاطمه", last="رضایی")
    e = services.enrol(actor=admin, course=c, person=w)
    services.attendance_mark(actor=c.trainer, session=c.sessions.get(), enrolment=e, present=True)
    services.course_finish(actor=admin, course=c)
    code = Certificate.objects.get().code
    shown = f"{code[:5].lower()}-{code[5:]}"
    assert selectors.certificate_verify(code=shown) == {
        "code": f"{code[:5]}-{code[5:]}",
        "course": "سوزن‌دوزی",
        "initials": "ف. ر.",
    }
    assert selectors.certificate_verify(code="ZZZZZ-ZZZZZ") is None
    assert selectors.certificate_verify(code="'; drop") is None


def test_scopes_of_centre_managers_and_trainers(make_user):
    manager = make_user(roles.CENTRE_MANAGER)
    mine, other = f.course(), f.course()
    manager.centres.add(mine.centre)
    assert list(selectors.course_scope(actor=manager)) == [mine]
    assert list(selectors.course_scope(actor=mine.trainer)) == [mine]
    assert list(selectors.centre_scope(actor=manager)) == [mine.centre]
    assert selectors.course_scope(actor=make_user(roles.SOCIAL_WORKER)).count() == 0
    assert other in selectors.course_scope(actor=make_user(roles.REGISTRAR))


def test_capacity_view_finds_months_where_demand_exceeds_seats(admin):
    c = f.course(capacity=1, sessions=2)
    for n in ("مریم", "زهرا", "سارا"):
        services.enrol(actor=admin, course=c, person=f.person(first=n))
    from tavana.core.domain.jalali import jalali_year_of

    data = selectors.capacity_by_month(actor=admin, year=jalali_year_of(c.first_date))
    assert data["short"] and data["short"][0]["centre"] == c.centre
    assert data["short"][0]["waiting"] == 2
    row = next(r for r in data["rows"] if r["centre"] == c.centre)
    assert sum(cell["u"].seats_scheduled for cell in row["cells"]) == 2


def test_moving_a_centre_to_another_unit_is_recorded(admin):
    """Locks only the centre's own row: on PostgreSQL a lock across the nullable
    unit join is refused (this once answered 500 there)."""
    from tavana.accounts.models import OrgUnit

    c = f.centre()
    unit = OrgUnit.objects.filter(active=True).exclude(pk=c.org_unit_id).first()
    assert unit is not None
    moved = ownership.centre_move(actor=admin, centre=c, unit=unit)
    assert moved.org_unit_id == unit.pk
    c.refresh_from_db()
    assert c.org_unit_id == unit.pk
    entry = AuditEntry.objects.filter(action="training.centre_move").latest("pk")
    assert entry.after["org_unit"] == unit.name
