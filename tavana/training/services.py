"""Writes to training: centres and their renovation, courses and sessions,
enrolment with its waitlist, attendance, completion and certificates.

Every write runs in one transaction and is audited. Seats are counted under a
row lock on the course (`select_for_update`), so two registrars enrolling at
once, or a withdrawal racing an enrolment, never seat more women than the
course holds; a freed seat goes to the first woman on the waitlist in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError
from tavana.core.herself import staff_or_none

from . import selectors
from .domain import certificate as cert_codes
from .domain.schedule import MAX_SESSIONS, attendance_percent, completes, session_dates
from .models import (
    Attendance,
    Centre,
    Certificate,
    Course,
    CourseEnrolment,
    CourseSession,
    RenovationMilestone,
    RenovationProject,
)


def _today() -> dt.date:
    return timezone.localdate()


def _check_centre(actor, centre: Centre) -> None:
    if not selectors.centre_scope(actor=actor).filter(pk=centre.pk).exists():
        raise PermissionDenied


# ------------------------------------------------------------------ centres


CENTRE_FIELDS = ("rooms", "capacity", "facilities", "has_production_workshop", "status", "address")


def centre_update(*, actor, centre: Centre, data: dict) -> Centre:
    _check_centre(actor, centre)
    errors: dict[str, str] = {}
    if data.get("status") not in dict(Centre.STATUS_CHOICES):
        errors["status"] = "وضعیت را انتخاب کنید."
    if (data.get("capacity") or 0) > 2000:
        errors["capacity"] = "ظرفیت بیش از اندازه است."
    elif data.get("capacity"):
        # the centre's figure and its courses' seats must agree: no open course
        # seats more women at once than the centre holds
        largest = (
            centre.courses.filter(status=Course.OPEN, capacity__gt=data["capacity"])
            .order_by("-capacity")
            .first()
        )
        if largest is not None:
            errors["capacity"] = (
                f"دورهٔ جاری «{largest.title}» {largest.capacity} نفر ظرفیت "
                "دارد؛ ظرفیت مرکز از آن کمتر نمی‌شود. نخست ظرفیت دوره را کم کنید."
            )
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        c = Centre.objects.select_for_update().get(pk=centre.pk)
        before = {f: getattr(c, f) for f in CENTRE_FIELDS}
        for f in CENTRE_FIELDS:
            if f in data:
                setattr(c, f, data[f])
        c.save()
        after = {f: getattr(c, f) for f in CENTRE_FIELDS}
        changed = [f for f in CENTRE_FIELDS if before[f] != after[f]]
        audit_write(
            actor=actor,
            action="training.centre_update",
            obj=c,
            before={f: before[f] for f in changed},
            after={f: after[f] for f in changed},
        )
    return c


def renovation_project_create(
    *,
    actor,
    centre: Centre,
    title: str,
    budget_toman: int | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    programme_year: int = 1403,
    milestones: list[tuple[str, dt.date]] | None = None,
) -> RenovationProject:
    _check_centre(actor, centre)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "عنوان پروژه را بنویسید."
    if budget_toman is None or budget_toman < 0:
        errors["budget_toman"] = "بودجه را به تومان وارد کنید."
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = "تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد."
    if errors or budget_toman is None:  # (what is missing is in errors)
        raise ServiceError(errors)
    with transaction.atomic():
        p = RenovationProject.objects.create(
            centre=centre,
            title=title,
            budget_toman=budget_toman,
            start_date=start_date,
            end_date=end_date,
            programme_year=programme_year,
        )
        RenovationMilestone.objects.bulk_create(
            [RenovationMilestone(project=p, title=t, due_date=d) for t, d in milestones or []]
        )
        audit_write(
            actor=actor,
            action="training.renovation_create",
            obj=p,
            after={"centre": centre.code, "title": title, "budget_toman": budget_toman},
        )
    return p


def milestone_done(*, actor, milestone: RenovationMilestone, on: dt.date | None = None):
    _check_centre(actor, milestone.project.centre)
    on = on or _today()
    with transaction.atomic():
        m = RenovationMilestone.objects.select_for_update().get(pk=milestone.pk)
        if m.done_on:
            return m
        m.done_on = on
        m.save(update_fields=["done_on"])
        project = m.project
        if project.status == RenovationProject.PLANNED:
            project.status = RenovationProject.UNDERWAY
        if not project.milestones.filter(done_on__isnull=True).exists():
            project.status = RenovationProject.DONE
        project.save(update_fields=["status", "updated_at"])
        audit_write(
            actor=actor,
            action="training.milestone_done",
            obj=m,
            after={"done_on": on, "project_status": project.status},
        )
    return m


# ------------------------------------------------------------------ courses


def _course_errors(
    actor,
    *,
    title,
    kind,
    centre,
    trainer,
    capacity,
    first_date,
    weekdays,
    session_count,
    start_time,
    end_time,
    threshold,
) -> dict[str, str]:
    """What is wrong with a new course, field by field (Persian)."""
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "عنوان دوره را بنویسید."
    if kind not in dict(Course.KIND_CHOICES):
        errors["kind"] = "نوع دوره را انتخاب کنید."
    if centre is None:
        errors["centre"] = "مرکز را انتخاب کنید."
    else:
        _check_centre(actor, centre)
        if centre.status != Centre.ACTIVE:
            errors["centre"] = (
                f"این مرکز {centre.get_status_display()} است؛ مرکز فعالی انتخاب کنید."
            )
    if trainer is None or trainer.role != roles.TRAINER or not trainer.is_active:
        errors["trainer"] = "مربی را انتخاب کنید."
    if not capacity or capacity < 1:
        errors["capacity"] = "ظرفیت باید دست‌کم یک نفر باشد."
    elif centre is not None and centre.capacity and capacity > centre.capacity:
        errors["capacity"] = "ظرفیت دوره از ظرفیت مرکز بیشتر است."
    if first_date is None:
        errors["first_date"] = "تاریخ نخستین جلسه را وارد کنید."
    if not weekdays:
        errors["weekdays"] = "روزهای برگزاری را انتخاب کنید."
    if not session_count or not 1 <= session_count <= MAX_SESSIONS:
        errors["session_count"] = "تعداد جلسه‌ها باید بین ۱ و ۱۲۰ باشد."
    if start_time is None:
        errors["start_time"] = "ساعت شروع را وارد کنید."
    if end_time is None:
        errors["end_time"] = "ساعت پایان را وارد کنید."
    elif start_time and end_time <= start_time:
        errors["end_time"] = "ساعت پایان باید بعد از ساعت شروع باشد."
    if threshold is None or not 1 <= threshold <= 100:
        errors["threshold"] = "حداقل حضور باید بین ۱ و ۱۰۰ درصد باشد."
    return errors


def _owner_unit_id(*, org_unit, service, centre: Centre) -> int | None:
    """A new course's unit: the one chosen, else its service's (a department), else its
    centre's."""
    if org_unit is not None:
        return org_unit.pk
    return (service.org_unit_id if service else None) or centre.org_unit_id


def course_create(
    *,
    actor,
    title: str,
    kind: str,
    centre: Centre | None,
    trainer,
    capacity: int | None,
    first_date: dt.date | None,
    weekdays: list[int],
    session_count: int | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    threshold: int = 75,
    service=None,
    prerequisites=(),
    description: str = "",
    org_unit=None,
) -> Course:
    """Schedule a course: its sessions fall on `weekdays` from `first_date` on. It is
    owned by `org_unit` when one is chosen, else by its service's unit, else its centre's."""
    title = (title or "").strip()
    errors = _course_errors(
        actor, title=title, kind=kind, centre=centre, trainer=trainer, capacity=capacity,
        first_date=first_date, weekdays=weekdays, session_count=session_count,
        start_time=start_time, end_time=end_time, threshold=threshold,
    )  # fmt: skip
    if org_unit is not None and not org_unit.active:
        errors["org_unit"] = "این واحد سازمانی بایگانی شده است."
    if (
        errors
        or centre is None
        or trainer is None
        or first_date is None
        or start_time is None
        or end_time is None
        or threshold is None
        or session_count is None
        or capacity is None
    ):  # (what is missing is in errors)
        raise ServiceError(errors)
    dates = session_dates(first_date, weekdays, session_count)
    with transaction.atomic():
        course = Course.objects.create(
            title=title,
            kind=kind,
            centre=centre,
            trainer=trainer,
            capacity=capacity,
            threshold=threshold,
            service=service,
            description=(description or "").strip(),
            first_date=dates[0],
            last_date=dates[-1],
            created_by=actor,
            org_unit_id=_owner_unit_id(org_unit=org_unit, service=service, centre=centre),
        )
        CourseSession.objects.bulk_create(
            [
                CourseSession(course=course, date=d, start_time=start_time, end_time=end_time)
                for d in dates
            ]
        )
        if prerequisites:
            course.prerequisites.set(prerequisites)
        audit_write(
            actor=actor,
            action="training.course_create",
            obj=course,
            after={
                "title": title,
                "centre": centre.code,
                "trainer": trainer.username,
                "capacity": capacity,
                "sessions": len(dates),
                "first_date": dates[0],
            },
        )
    return course


def _lock_course(course_id: int) -> Course:
    return Course.objects.select_for_update().get(pk=course_id)


def _seated(course: Course) -> int:
    return CourseEnrolment.objects.filter(course=course, status=CourseEnrolment.ENROLLED).count()


def _promote(*, actor, course: Course) -> list[CourseEnrolment]:
    """Give free seats to the waitlist in order (inside the caller's transaction,
    with the course row locked)."""
    free = course.capacity - _seated(course)
    if free <= 0 or course.status != Course.OPEN:
        return []
    now = timezone.now()
    promoted = list(
        CourseEnrolment.objects.select_for_update()
        .filter(course=course, status=CourseEnrolment.WAITLISTED)
        .order_by("requested_at", "id")[:free]
    )
    for e in promoted:
        e.status, e.status_since = CourseEnrolment.ENROLLED, now
        e.save(update_fields=["status", "status_since"])
        audit_write(
            actor=actor,
            action="training.waitlist_promote",
            obj=e,
            person_id=e.person_id,
            before={"status": CourseEnrolment.WAITLISTED},
            after={"status": CourseEnrolment.ENROLLED, "course": course.pk},
            reason="جای خالی در دوره",
        )
    return promoted


def course_capacity_set(*, actor, course: Course, capacity: int | None) -> list[CourseEnrolment]:
    """Change the seats; more seats promote the waitlist at once. Returns the promoted."""
    _check_centre(actor, course.centre)
    if not capacity or capacity < 1:
        raise ServiceError({"capacity": "ظرفیت باید دست‌کم یک نفر باشد."})
    if course.centre.capacity and capacity > course.centre.capacity:
        raise ServiceError({"capacity": "ظرفیت دوره از ظرفیت مرکز بیشتر است."})
    with transaction.atomic():
        c = _lock_course(course.pk)
        seated = _seated(c)
        if capacity < seated:
            raise ServiceError(
                {"capacity": f"اکنون {seated} نفر ثبت‌نام شده‌اند؛ ظرفیت از این کمتر نمی‌شود."}
            )
        before = c.capacity
        c.capacity = capacity
        c.save(update_fields=["capacity", "updated_at"])
        audit_write(
            actor=actor,
            action="training.course_capacity",
            obj=c,
            before={"capacity": before},
            after={"capacity": capacity},
        )
        return _promote(actor=actor, course=c)


def enrol(*, actor, course: Course, person) -> CourseEnrolment:
    """Enrol her: a seat if one is free, otherwise a place on the waitlist."""
    with transaction.atomic():
        c = _lock_course(course.pk)
        if c.status != Course.OPEN:
            raise ServiceError({"course": "ثبت‌نام این دوره بسته است."})
        if c.last_date and c.last_date < _today():
            raise ServiceError({"course": "این دوره تمام شده است."})
        missing = selectors.missing_prerequisites(course=c, person=person)
        if missing:
            names = "، ".join(f"«{m.title}»" for m in missing)
            raise ServiceError({"person": f"پیش‌نیاز این دوره را نگذرانده است: {names}"})
        existing = (
            CourseEnrolment.objects.select_for_update().filter(course=c, person=person).first()
        )
        if existing and existing.status != CourseEnrolment.WITHDRAWN:
            raise ServiceError(
                {"person": f"در این دوره ثبت شده است ({existing.get_status_display()})."}
            )
        # A free seat goes to the waitlist in order first, whoever enrols now.
        _promote(actor=actor, course=c)
        now = timezone.now()
        status = CourseEnrolment.ENROLLED if _seated(c) < c.capacity else CourseEnrolment.WAITLISTED
        before = existing.status if existing else None
        if existing:
            e = existing
            by = staff_or_none(actor)
            e.status, e.status_since, e.requested_at, e.enrolled_by = status, now, now, by
            e.save(update_fields=["status", "status_since", "requested_at", "enrolled_by"])
        else:
            e = CourseEnrolment.objects.create(
                course=c,
                person=person,
                status=status,
                requested_at=now,
                status_since=now,
                enrolled_by=staff_or_none(actor),
            )
        audit_write(
            actor=actor,
            action="training.enrol",
            obj=e,
            person_id=person.pk,
            before={"status": before} if before else None,
            after={"status": status, "course": c.pk},
        )
    return e


def withdraw(*, actor, enrolment: CourseEnrolment, reason: str = "") -> list[CourseEnrolment]:
    """She leaves the course or the waitlist; a freed seat goes to the waitlist's
    first woman in the same transaction. Returns the promoted enrolments."""
    with transaction.atomic():
        c = _lock_course(enrolment.course_id)
        e = CourseEnrolment.objects.select_for_update().get(pk=enrolment.pk)
        if e.status not in (CourseEnrolment.ENROLLED, CourseEnrolment.WAITLISTED):
            raise ServiceError({"status": "این ثبت‌نام فعال نیست."})
        if c.status != Course.OPEN:
            raise ServiceError({"status": "دوره پایان یافته است."})
        before = e.status
        e.status, e.status_since = CourseEnrolment.WITHDRAWN, timezone.now()
        e.save(update_fields=["status", "status_since"])
        audit_write(
            actor=actor,
            action="training.withdraw",
            obj=e,
            person_id=e.person_id,
            before={"status": before},
            after={"status": e.status, "course": c.pk},
            reason=(reason or "").strip(),
        )
        return _promote(actor=actor, course=c) if before == CourseEnrolment.ENROLLED else []


# ------------------------------------------------------------------ attendance


def attendance_mark(
    *, actor, session: CourseSession, enrolment: CourseEnrolment, present: bool
) -> Attendance:
    """One tap: present or absent for one woman at one session (her own trainer only)."""
    course = session.course
    if course.trainer_id != actor.pk:
        raise PermissionDenied
    if enrolment.course_id != course.pk or enrolment.status != CourseEnrolment.ENROLLED:
        raise ServiceError({"enrolment": "این نفر در این دوره ثبت‌نام نشده است."})
    if course.status != Course.OPEN:
        raise ServiceError({"session": "دوره پایان یافته و حضور و غیاب بسته است."})
    if session.date > _today():
        raise ServiceError({"session": "حضور و غیاب جلسه‌ای که هنوز نرسیده ثبت نمی‌شود."})
    with transaction.atomic():
        a, created = Attendance.objects.select_for_update().get_or_create(
            session=session,
            enrolment=enrolment,
            defaults={"present": present, "marked_by": actor},
        )
        before = None if created else a.present
        if not created and a.present != present:
            a.present, a.marked_by = present, actor
            a.save(update_fields=["present", "marked_by", "marked_at"])
        if created or before != present:
            audit_write(
                actor=actor,
                action="training.attendance",
                obj=a,
                person_id=enrolment.person_id,
                before={"present": before} if before is not None else None,
                after={"present": present, "session": session.pk, "date": session.date},
            )
    return a


# ------------------------------------------------------------------ completion


def _new_code() -> str:
    return cert_codes.new_code()


def certificate_issue(*, actor, enrolment: CourseEnrolment, on: dt.date) -> Certificate:
    for _ in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    enrolment=enrolment, code=_new_code(), issued_on=on, issued_by=actor
                )
        except IntegrityError:
            if Certificate.objects.filter(enrolment=enrolment).exists():
                return enrolment.certificate
    raise RuntimeError("could not draw a free certificate code")


def _suggest(actor, course: Course, e: CourseEnrolment, today: dt.date) -> str:
    """A suggestion (never a move) of a step up the ladder, sent to her social
    worker as a follow-up on the dashboard when she has one."""
    from tavana.casework import selectors as cw_selectors
    from tavana.casework import services as cw_services

    level = selectors.suggested_level(course=course, person_id=e.person_id)
    if level is None:
        return ""
    owner = cw_selectors.case_owner(person=e.person)
    if owner is not None:
        cw_services.goal_with_action_create(
            actor=actor,
            person=e.person,
            title="بررسی ارتقای سطح حمایت پس از پایان دوره",
            action=(
                f"دورهٔ «{course.title}» را با {e.attendance_percent}٪ حضور به پایان رساند. "
                f"پیشنهاد: سطح «{level.name}» (تصمیم با مددکار است)."
            ),
            follow_up_on=today,
        )
    return level.code


def course_finish(*, actor, course: Course) -> dict:
    """Close the course: each seated woman completes it when she attended at least
    the threshold of the sessions; completers get a certificate, the service is
    recorded on her services, and a step up the ladder may be suggested."""
    from tavana.casework import services as cw_services

    _check_centre(actor, course.centre)
    today = _today()
    with transaction.atomic():
        c = _lock_course(course.pk)
        if c.status != Course.OPEN:
            raise ServiceError({"course": "این دوره پیش‌تر بسته شده است."})
        sessions = list(c.sessions.all())
        if any(s.date > today for s in sessions):
            raise ServiceError({"course": "دوره هنوز جلسهٔ برگزارنشده دارد."})
        held = len(sessions)
        hours = sum(s.hours for s in sessions)
        seated = list(
            CourseEnrolment.objects.select_for_update()
            .filter(course=c, status=CourseEnrolment.ENROLLED)
            .select_related("person")
        )
        present = selectors.present_counts(course=c)
        done, not_done = 0, 0
        for e in seated:
            attended = present.get(e.pk, 0)
            e.attendance_percent = attendance_percent(attended, held)
            ok = completes(attended, held, c.threshold)
            e.status = CourseEnrolment.COMPLETED if ok else CourseEnrolment.NOT_COMPLETED
            e.status_since = timezone.now()
            if ok:
                done += 1
                certificate_issue(actor=actor, enrolment=e, on=today)
                if c.service:
                    hourly = c.service.default_unit == "hour"
                    qty = Decimal(str(round(hours * attended / held, 1))) if hourly else attended
                    cw_services.delivery_record(
                        actor=actor,
                        person=e.person,
                        service=c.service,
                        delivered_on=min(today, c.last_date or today),
                        quantity=max(Decimal(qty), Decimal("0.5")),
                        centre=c.centre,
                        note=f"دورهٔ «{c.title}»",
                    )
                e.suggested_level = _suggest(actor, c, e, today)
            else:
                not_done += 1
            e.save(
                update_fields=["status", "status_since", "attendance_percent", "suggested_level"]
            )
            audit_write(
                actor=actor,
                action="training.complete",
                obj=e,
                person_id=e.person_id,
                before={"status": CourseEnrolment.ENROLLED},
                after={"status": e.status, "attendance_percent": e.attendance_percent},
            )
        c.status = Course.FINISHED
        c.save(update_fields=["status", "updated_at"])
        audit_write(
            actor=actor,
            action="training.course_finish",
            obj=c,
            after={"completed": done, "not_completed": not_done, "sessions": held},
        )
    return {"completed": done, "not_completed": not_done}
