"""Training's reminder: a course about to start, for its trainer and the managers
of its centre (registered with the notification service in apps.ready)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import reminder_source

from .models import Course, CourseEnrolment

COURSE_START = "training.course_starting"


@reminder_source(COURSE_START, "دوره‌هایی که به‌زودی آغاز می‌شوند", lead_days=3)
def courses_starting(today: dt.date, lead_days: int | None = 3):
    horizon = today + dt.timedelta(days=lead_days or 0)
    courses = list(
        Course.objects.filter(status=Course.OPEN, first_date__gte=today, first_date__lte=horizon)
        .select_related("centre")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=CourseEnrolment.ENROLLED))
        )
        .order_by("first_date", "id")
    )
    managers: dict[int, list[int]] = {}
    for user_id, centre_id in User.objects.filter(
        role=roles.CENTRE_MANAGER, is_active=True, centres__in={c.centre_id for c in courses}
    ).values_list("pk", "centres"):
        managers.setdefault(centre_id, []).append(user_id)
    for c in courses:
        days = (c.first_date - today).days
        when = "امروز" if days == 0 else f"{to_persian_digits(days)} روز دیگر"
        text = (
            f"دورهٔ «{c.title}» در {c.centre.name} {when} ({format_jalali(c.first_date)}) آغاز "
            f"می‌شود و {to_persian_digits(c.enrolled)} نفر از {to_persian_digits(c.capacity)} "
            "ثبت‌نام کرده‌اند. فهرست و جلسه‌ها را بازبینی کنید."
        )
        link = reverse("training:course", args=[c.pk])
        for user_id in {c.trainer_id, *managers.get(c.centre_id, [])}:
            yield Reminder(
                recipient_id=user_id,
                kind=COURSE_START,
                key=f"course:{c.pk}:{c.first_date.isoformat()}",
                text=text,
                link=link,
                due_on=c.first_date,
            )
