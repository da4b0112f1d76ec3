"""Training's list pages take the same number of queries however many rows."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.training.models import Course
from tests.query_counts import assert_pinned

from . import factories as f

pytestmark = pytest.mark.django_db


def _course_with_women(n: int = 2) -> Course:
    c = f.course(capacity=10)
    for i in range(n):
        f.seat(c, f.person(first=f"مریم{c.pk}{i}"))
    return c


def test_courses_centres_and_capacity(client_as):
    client = client_as(roles.ADMINISTRATOR)
    _course_with_women()
    more = lambda: [_course_with_women() for _ in range(4)]  # noqa: E731
    page = assert_pinned(client, reverse("training:courses"), more, PINNED["courses"])
    names = [c.centre.name for c in Course.objects.select_related("centre")]
    assert all(name in page for name in names)
    page = assert_pinned(client, reverse("training:centres"), more, PINNED["centres"])
    assert all(name in page for name in names)
    assert_pinned(client, reverse("training:capacity"), more, PINNED["capacity"])


def test_a_courses_women_and_a_sessions_roll(client_as):
    client = client_as(roles.ADMINISTRATOR)
    c = _course_with_women()
    more = lambda: [f.seat(c, f.person(first=f"زهره{i}")) for i in range(4)]  # noqa: E731
    page = assert_pinned(client, reverse("training:course", args=[c.pk]), more, PINNED["course"])
    assert "زهره3" in page
    s = c.sessions.order_by("date").first()
    client.force_login(c.trainer)  # the roll is the trainer's
    more = lambda: [f.seat(c, f.person(first=f"نرگس{i}")) for i in range(3)]  # noqa: E731
    page = assert_pinned(
        client, reverse("training:attendance", args=[s.pk]), more, PINNED["attendance"]
    )
    assert "نرگس2" in page


# course: +1 since rosters are scoped to the viewer (the whole course is counted apart),
# +2 for attendance so far (sessions held, present counts) on an open course
PINNED = {"courses": 6, "centres": 6, "capacity": 10, "course": 14, "attendance": 9}
