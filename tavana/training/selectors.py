"""Reads of training, always within the acting user's scope.

Scope: an administrator sees every centre and course; a centre manager her
centres (User.centres) and their courses; a trainer her own courses; a
registrar every open course (she enrols the women of her own scope).

Rosters: who runs a course (the administrator, its centre's manager, its
trainer) sees every woman in it; anyone else (a registrar) only the women in
her own scope (`people.selectors.person_scope`), with a count of the others —
a course in another district is not a window onto its women (docs/security.md, 4).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from tavana.accounts import roles
from tavana.core.domain.jalali import MONTH_NAMES, month_range

from .domain import certificate as cert_codes
from .domain.schedule import (
    SLOTS_PER_DAY,
    attendance_percent,
    initials,
    utilisation,
    working_days,
)
from .models import (
    Attendance,
    Centre,
    Certificate,
    Course,
    CourseEnrolment,
    CourseSession,
    RenovationProject,
)


def centre_scope(*, actor) -> QuerySet[Centre]:
    qs = Centre.objects.select_related("district")
    if actor.role == roles.ADMINISTRATOR:
        return qs
    if actor.role == roles.CENTRE_MANAGER:
        return qs.filter(pk__in=actor.centres.values("pk"))
    return qs.none()


def centre_get(*, actor, centre_id: int) -> Centre:
    centre = centre_scope(actor=actor).filter(pk=centre_id).first()
    if centre is None:
        raise Http404
    return centre


def centre_list(*, actor, district: int | None = None, status: str = "") -> list[Centre]:
    qs = centre_scope(actor=actor).annotate(
        n_courses=Count("courses", filter=Q(courses__status=Course.OPEN)),
        n_projects=Count("renovations", distinct=True),
    )
    if district:
        qs = qs.filter(district__number=district)
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("district__number", "name"))


def renovation_of(*, centre: Centre) -> list[RenovationProject]:
    return list(centre.renovations.prefetch_related("milestones"))


def course_scope(*, actor) -> QuerySet[Course]:
    qs = Course.objects.select_related("centre", "centre__district", "trainer")
    if actor.role == roles.ADMINISTRATOR:
        return qs
    if actor.role == roles.CENTRE_MANAGER:
        return qs.filter(centre__in=actor.centres.values("pk"))
    if actor.role == roles.TRAINER:
        return qs.filter(trainer=actor)
    if actor.role == roles.REGISTRAR:
        return qs
    return qs.none()


def course_get(*, actor, course_id: int) -> Course:
    course = course_scope(actor=actor).filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def course_list(*, actor, status: str = Course.OPEN, q: str = "", limit: int = 200) -> list[Course]:
    qs = course_scope(actor=actor)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(centre__name__icontains=q))
    qs = qs.annotate(
        n_enrolled=Count("enrolments", filter=Q(enrolments__status__in=CourseEnrolment.SEATED)),
        n_waiting=Count("enrolments", filter=Q(enrolments__status=CourseEnrolment.WAITLISTED)),
    )
    order = ["first_date", "id"] if status == Course.OPEN else ["-first_date", "-id"]
    return list(qs.order_by(*order)[:limit])


def roster_is_whole(*, actor, course: Course) -> bool:
    """Whether the user runs this course, and so sees every woman on its roster."""
    if actor.role == roles.ADMINISTRATOR:
        return True
    if actor.role == roles.TRAINER and course.trainer_id == actor.pk:
        return True
    return actor.role == roles.CENTRE_MANAGER and actor.centres.filter(pk=course.centre_id).exists()


def roster_filter(qs: QuerySet, *, actor, course: Course, field: str = "person") -> QuerySet:
    """`qs` (rows with a woman in `field`) narrowed to the women the user may see."""
    if roster_is_whole(actor=actor, course=course):
        return qs
    from tavana.people.selectors import person_scope

    return qs.filter(**{f"{field}__in": person_scope(actor=actor).values("pk")})


def enrolments_of(*, actor, course: Course) -> dict:
    """The course's roster as the user may see it, and the counts of the whole."""
    every = CourseEnrolment.objects.filter(course=course)
    counts = dict(every.values("status").annotate(n=Count("id")).values_list("status", "n"))
    rows: list[CourseEnrolment] = list(
        roster_filter(every, actor=actor, course=course)
        .select_related("person", "person__district")
        .order_by("requested_at", "id")
    )
    certs = dict(
        Certificate.objects.filter(enrolment__course=course).values_list("enrolment_id", "code")
    )
    # attendance so far: the figure kept at the course's end, else counted from the
    # sessions held until today (an open course's roll is not empty of it)
    held = course.sessions.filter(date__lte=timezone.localdate()).count()
    present = present_counts(course=course) if held else {}
    for r in rows:
        r.certificate_code = certs.get(r.pk)  # type: ignore[attr-defined]  # for the roll
        so_far = r.attendance_percent
        if so_far is None and held:
            so_far = attendance_percent(present.get(r.pk, 0), held)
        r.attendance_so_far = so_far  # type: ignore[attr-defined]
    seated_n = sum(counts.get(s, 0) for s in CourseEnrolment.SEATED)
    waiting_n = counts.get(CourseEnrolment.WAITLISTED, 0)
    return {
        "seated": [r for r in rows if r.status in CourseEnrolment.SEATED],
        "waitlist": [r for r in rows if r.status == CourseEnrolment.WAITLISTED],
        "withdrawn": [r for r in rows if r.status == CourseEnrolment.WITHDRAWN],
        "seated_count": seated_n,
        "waiting_count": waiting_n,
        "not_shown": sum(counts.values()) - len(rows),
    }


def present_counts(*, course: Course) -> dict[int, int]:
    return dict(
        Attendance.objects.filter(session__course=course, present=True)
        .values("enrolment_id")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "n")
    )


def missing_prerequisites(*, course: Course, person) -> list[Course]:
    prereqs = list(course.prerequisites.all())
    if not prereqs:
        return []
    done = set(
        CourseEnrolment.objects.filter(
            person=person, course__in=prereqs, status=CourseEnrolment.COMPLETED
        ).values_list("course_id", flat=True)
    )
    return [p for p in prereqs if p.pk not in done]


def session_get(*, actor, session_id: int) -> CourseSession:
    """A session of a course the actor may see: a trainer's own classes, a centre
    manager's centres' courses, any for the administrator (the registrar, who
    sees every course, has no attendance: the matrix refuses her first)."""
    s = (
        CourseSession.objects.select_related("course", "course__centre")
        .filter(pk=session_id, course__in=course_scope(actor=actor))
        .first()
    )
    if s is None:
        raise Http404
    return s


def session_roll(*, session: CourseSession) -> list[dict]:
    """The women seated in the course and whether each was marked at this session."""
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "present"))
    rows = (
        CourseEnrolment.objects.filter(course=session.course_id, status=CourseEnrolment.ENROLLED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    )
    return [{"enrolment": e, "person": e.person, "present": marks.get(e.pk)} for e in rows]


def suggested_level(*, course: Course, person_id: int):
    """One step up the ladder after a course that fits her current level (skills
    training for the counselling and skills levels, business workshops for the
    skills and facilitation levels); None otherwise."""
    from tavana.casework.models import SupportLevel, SupportStatus

    fits = {
        Course.SKILLS: ("counselling", "skills"),
        Course.BUSINESS: ("skills", "facilitation"),
    }.get(course.kind, ())
    status = SupportStatus.objects.filter(person_id=person_id).select_related("level").first()
    if status is None or status.level.code not in fits:
        return None
    return SupportLevel.objects.filter(order__gt=status.level.order).order_by("order").first()


def person_courses(*, person) -> list[CourseEnrolment]:
    return list(
        CourseEnrolment.objects.filter(person=person)
        .select_related("course", "course__centre")
        .order_by("-requested_at")[:30]
    )


# ------------------------------------------------------------------ certificates


def certificate_get(*, actor, enrolment_id: int) -> Certificate:
    cert = (
        Certificate.objects.select_related(
            "enrolment", "enrolment__person", "enrolment__course", "enrolment__course__centre"
        )
        .filter(enrolment_id=enrolment_id, enrolment__course__in=course_scope(actor=actor))
        .first()
    )
    if cert is None:
        raise Http404
    course = cert.enrolment.course
    shown = roster_filter(
        CourseEnrolment.objects.filter(pk=cert.enrolment_id), actor=actor, course=course
    )
    if not shown.exists():
        raise Http404
    return cert


def certificate_verify(*, code: str) -> dict | None:
    """What the public page may say about a code: the course and her initials."""
    code = cert_codes.normalise(code)
    if not cert_codes.is_well_formed(code):
        return None
    cert = (
        Certificate.objects.filter(code=code)
        .select_related("enrolment__course", "enrolment__person")
        .only(
            "code",
            "enrolment__course__title",
            "enrolment__person__first_name",
            "enrolment__person__last_name",
        )
        .first()
    )
    if cert is None:
        return None
    p = cert.enrolment.person
    return {
        "code": cert_codes.display(cert.code),
        "course": cert.enrolment.course.title,
        "initials": initials(p.first_name, p.last_name),
    }


# ------------------------------------------------------------------ capacity


def capacity_by_month(*, actor, year: int, district: int | None = None) -> dict:
    """Per centre and Jalali month: seats the scheduled sessions use against the
    seats the centre offers (capacity × teaching slots), and the months where
    demand (enrolments and waitlist) exceeds the courses' seats."""
    scope = centre_scope(actor=actor)
    if district:
        scope = scope.filter(district__number=district)
    centres = list(scope.order_by("district__number", "name"))
    months = [month_range(year, m) for m in range(1, 13)]
    start, end = months[0][0], months[-1][1]
    slots = [working_days(a, b) * SLOTS_PER_DAY for a, b in months]
    ids = [c.pk for c in centres]
    courses = dict(
        Course.objects.filter(centre_id__in=ids)
        .exclude(status=Course.CANCELLED)
        .values_list("pk", "capacity")
    )
    course_centre = dict(Course.objects.filter(pk__in=list(courses)).values_list("pk", "centre_id"))
    used: dict[tuple[int, int], int] = defaultdict(int)
    course_months: dict[int, set[int]] = defaultdict(set)
    for course_id, date in CourseSession.objects.filter(
        course_id__in=list(courses), date__gte=start, date__lt=end
    ).values_list("course_id", "date"):
        m = next(i for i, (a, b) in enumerate(months) if a <= date < b)
        used[(course_centre[course_id], m)] += courses[course_id]
        course_months[course_id].add(m)
    counts = (
        CourseEnrolment.objects.filter(course_id__in=list(course_months))
        .exclude(status=CourseEnrolment.WITHDRAWN)
        .values("course_id")
        .annotate(
            n=Count("id"),
            waiting=Count("id", filter=Q(status=CourseEnrolment.WAITLISTED)),
        )
    )
    demand: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in counts:
        cid = row["course_id"]
        for m in course_months[cid]:
            d = demand[(course_centre[cid], m)]
            d[0] += row["n"]
            d[1] += row["waiting"]
    for cid, ms in course_months.items():
        for m in ms:
            demand[(course_centre[cid], m)][2] += courses[cid]
    rows: list[dict[str, Any]] = []
    short: list[dict[str, Any]] = []
    for c in centres:
        cells = []
        for m in range(12):
            u = utilisation(c.capacity, slots[m], used.get((c.pk, m), 0))
            want, waiting, seats = demand.get((c.pk, m), (0, 0, 0))
            cells.append({"u": u, "demand": want, "seats": seats, "waiting": waiting})
            if want > seats:
                short.append(
                    {
                        "centre": c,
                        "month": MONTH_NAMES[m],
                        "demand": want,
                        "seats": seats,
                        "waiting": waiting,
                    }
                )
        rows.append({"centre": c, "cells": cells})
    short.sort(key=lambda r: r["seats"] - r["demand"])
    return {"year": year, "months": MONTH_NAMES, "rows": rows, "short": short}


# ------------------------------------------------------------ for the woman herself


def own_enrolments(*, person_id: int) -> list[CourseEnrolment]:
    """Her courses (seat, waitlist place, completion), newest first, for the portal."""
    rows = list(
        CourseEnrolment.objects.filter(person_id=person_id)
        .exclude(status=CourseEnrolment.WITHDRAWN)
        .select_related("course", "course__centre", "certificate")
        .order_by("-course__first_date", "-id")[:50]
    )
    waiting = [e for e in rows if e.status == CourseEnrolment.WAITLISTED]
    for e in waiting:
        e.place = (  # type: ignore[attr-defined]
            CourseEnrolment.objects.filter(
                course_id=e.course_id,
                status=CourseEnrolment.WAITLISTED,
                requested_at__lt=e.requested_at,
            ).count()
            + 1
        )
    return rows


def open_courses_for(*, person, limit: int = 30) -> list[Course]:
    """Courses still open for enrolment that have not begun, those in her district
    first."""
    today = timezone.localdate()
    qs = (
        Course.objects.filter(status=Course.OPEN, first_date__gte=today)
        .select_related("centre", "centre__district")
        .exclude(enrolments__person=person, enrolments__status__in=CourseEnrolment.SEATED)
        .annotate(
            n_enrolled=Count("enrolments", filter=Q(enrolments__status__in=CourseEnrolment.SEATED)),
            near=Case(
                When(centre__district_id=person.district_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("near", "first_date", "id")
    )
    return list(qs[:limit])


def own_certificate_get(*, person_id: int, enrolment_id: int) -> Certificate:
    cert = (
        Certificate.objects.select_related(
            "enrolment", "enrolment__person", "enrolment__course", "enrolment__course__centre"
        )
        .filter(enrolment_id=enrolment_id, enrolment__person_id=person_id)
        .first()
    )
    if cert is None:
        raise Http404
    return cert


def own_next_session(*, person_id: int) -> CourseSession | None:
    """Her next class: the first session not yet over of a course she holds a
    seat in (for her own pages and the card kept offline)."""
    now = timezone.localtime()
    return (
        CourseSession.objects.filter(
            course__enrolments__person_id=person_id,
            course__enrolments__status=CourseEnrolment.ENROLLED,
        )
        .filter(Q(date__gt=now.date()) | Q(date=now.date(), end_time__gte=now.time()))
        .select_related("course", "course__centre", "course__centre__district")
        .order_by("date", "start_time", "id")
        .first()
    )
