"""Test data for training: a centre, a trainer, a course with sessions."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import District
from tavana.people.models import Person
from tavana.training.models import (
    Centre,
    Certificate,
    Course,
    CourseEnrolment,
    CourseSession,
    RenovationMilestone,
    RenovationProject,
)

_n = itertools.count(1)


def district(number: int = 4) -> District:
    d, _ = District.objects.get_or_create(number=number, defaults={"name": f"منطقهٔ {number}"})
    return d


def centre(number: int = 4, **kw) -> Centre:
    n = next(_n)
    defaults = {
        "code": f"T{n:04d}",
        "name": f"مرکز کوثر آزمایشی {to_persian_digits(n)}",
        "district": district(number),
        "rooms": 4,
        "capacity": 60,
    }
    defaults.update(kw)
    return Centre.objects.create(**defaults)


def trainer(username: str | None = None) -> User:
    return User.objects.create_user(
        username=username or f"trainer{next(_n)}",
        password="pass-for-tests-1403",
        role=roles.TRAINER,
        first_name="نرگس",
        last_name="حسینی",
    )


def person(first="فاطمه", last="رضایی", number: int = 4) -> Person:
    from tavana.core.domain.persian_text import search_key

    return Person.objects.create(
        first_name=first,
        last_name=last,
        name_key=search_key(f"{first} {last}"),
        first_key=search_key(first),
        last_key=search_key(last),
        district=district(number),
    )


def course(
    c: Centre | None = None,
    t: User | None = None,
    capacity: int = 3,
    sessions: int = 4,
    first: dt.date | None = None,
    **kw,
) -> Course:
    c = c or centre()
    t = t or trainer()
    first = first or timezone.localdate() - dt.timedelta(days=sessions - 1)
    course = Course.objects.create(
        title=kw.pop("title", "خیاطی مقدماتی"),
        centre=c,
        trainer=t,
        capacity=capacity,
        first_date=first,
        last_date=first + dt.timedelta(days=sessions - 1),
        **kw,
    )
    CourseSession.objects.bulk_create(
        [
            CourseSession(
                course=course,
                date=first + dt.timedelta(days=i),
                start_time=dt.time(9, 0),
                end_time=dt.time(12, 0),
            )
            for i in range(sessions)
        ]
    )
    return course


def seat(course: Course, p: Person, status: str = CourseEnrolment.ENROLLED) -> CourseEnrolment:
    now = timezone.now()
    return CourseEnrolment.objects.create(
        course=course, person=p, status=status, requested_at=now, status_since=now
    )


def training_route_kwargs(p: Person) -> dict:
    """URL kwargs for the route-matrix test."""
    c = course()
    e = seat(c, p, CourseEnrolment.COMPLETED)
    Certificate.objects.create(enrolment=e, code="ABCDE23456", issued_on=timezone.localdate())
    project = RenovationProject.objects.create(centre=c.centre, title="نوسازی")
    m = RenovationMilestone.objects.create(project=project, title="گام", due_date=c.first_date)
    return {
        "training:course": {"course_id": c.pk},
        "training:course_capacity": {"course_id": c.pk},
        "training:course_unit": {"course_id": c.pk},
        "training:course_finish": {"course_id": c.pk},
        "training:enrol": {"course_id": c.pk},
        "training:withdraw": {"enrolment_id": e.pk},
        "training:certificate": {"enrolment_id": e.pk},
        "training:attendance": {"session_id": c.sessions.first().pk},
        "training:attendance_mark": {"session_id": c.sessions.first().pk, "enrolment_id": e.pk},
        "training:centre": {"centre_id": c.centre_id},
        "training:centre_edit": {"centre_id": c.centre_id},
        "training:project_new": {"centre_id": c.centre_id},
        "training:milestone_done": {"milestone_id": m.pk},
        "training:centre_move": {"centre_id": c.centre_id},
    }
