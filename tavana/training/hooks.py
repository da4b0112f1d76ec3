"""Where training shows up in other apps' pages (registered in apps.ready):
the person page's courses section, a trainer's sessions of today on the home page."""

from __future__ import annotations

from django.utils import timezone

from tavana.accounts.access import user_can

from . import selectors
from .models import Course, CourseSession


def courses_section(actor, person) -> dict | None:
    if not (user_can(actor, "training.enrol") or user_can(actor, "casework.view")):
        return None
    return {
        "title": "دوره‌ها و گواهی‌ها",
        "template": "training/_section_person.html",
        "context": {
            "rows": selectors.person_courses(person=person),
            "levels": _level_names(),
            "can_print": user_can(actor, "training.courses"),
        },
    }


def _level_names() -> dict[str, str]:
    from tavana.casework.models import SupportLevel

    return dict(SupportLevel.objects.values_list("code", "name"))


def home_section(request) -> dict | None:
    if not user_can(request.user, "training.attendance"):
        return None
    today = timezone.localdate()
    sessions = list(
        CourseSession.objects.filter(
            course__trainer=request.user, course__status=Course.OPEN, date=today
        )
        .select_related("course", "course__centre")
        .order_by("start_time")
    )
    return {
        "title": "کلاس‌های امروز من",
        "template": "training/_home.html",
        "context": {"sessions": sessions},
    }
