"""Bazaars' and producers' list pages take the same number of queries however
many rounds, applications, booths and producers there are."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.bazaars import services
from tavana.bazaars.models import Assignment, Round
from tests.query_counts import assert_pinned

from . import factories as f

pytestmark = pytest.mark.django_db


def _round_with(n_producers: int) -> Round:
    r = f.round_()
    e = f.event(r, booths=n_producers)
    for i in range(n_producers):
        f.apply(f.producer(primary_earner=i % 2 == 0), e)
    return r


def test_rounds_applications_and_result(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    r = _round_with(2)
    services.round_allocate(actor=c.user, round_=r)
    more = lambda: _round_with(4)  # noqa: E731
    page = assert_pinned(c, reverse("bazaars:home"), more, PINNED["home"])
    assert page.count("دورهٔ آزمایشی") >= 2  # the new round is listed too

    def more_applicants():
        e = r.events.get()
        for _ in range(3):
            f.apply(f.producer(), e)

    assert_pinned(c, reverse("bazaars:applications", args=[r.pk]), more_applicants, PINNED["apps"])

    def more_booths():
        e = r.events.get()
        taken = e.assignments.count()
        for i, p in enumerate([f.producer() for _ in range(3)], start=taken + 1):
            Assignment.objects.create(event=e, producer=p, booth_no=i)

    page = assert_pinned(c, reverse("bazaars:result", args=[r.pk]), more_booths, PINNED["result"])
    assert 'data-testid="fairness"' in page
    page = assert_pinned(
        c, reverse("bazaars:event", args=[r.events.get().pk]), more_booths, PINNED["event"]
    )


def test_producers_and_upcoming(client_as, client):
    c = client_as(roles.BAZAAR_ORGANISER)
    f.producer()
    more = lambda: [f.producer() for _ in range(4)]  # noqa: E731
    page = assert_pinned(c, reverse("businesses:list"), more, PINNED["producers"])
    assert page.count("آزمون") >= 5
    assert_pinned(c, reverse("businesses:categories"), more, PINNED["categories"])
    Round.objects.update(status=Round.PUBLISHED)
    r = f.round_(status=Round.PUBLISHED)
    f.event(r)
    page = assert_pinned(
        c, reverse("bazaars:upcoming"), lambda: [f.event(r) for _ in range(3)], PINNED["upcoming"]
    )
    assert page.count("بازارچه دستاوردهای زنان") >= 4


def test_venues_and_a_venue_with_its_rounds(client_as):
    c = client_as(roles.BAZAAR_ORGANISER)
    f.venue("بوستان آب و آتش")
    more = lambda: [f.venue(f"بوستان {i}") for i in range(3)]  # noqa: E731
    page = assert_pinned(c, reverse("bazaars:venues"), more, PINNED["venues"])
    assert page.count("بوستان ") >= 4
    v = f.venue("فرهنگسرای بانو")
    f.event(f.round_("دورهٔ یکم"), v)
    more = lambda: [f.event(f.round_(f"دورهٔ {i}"), v) for i in range(3)]  # noqa: E731
    page = assert_pinned(c, reverse("bazaars:venue", args=[v.pk]), more, PINNED["venue"])
    assert page.count("دورهٔ ") >= 4


# home and result: +1 each for the pager's count (core/paging.py)
PINNED = {
    "home": 7,
    "apps": 11,
    "result": 12,  # + the count of those left without a booth (paged)
    "event": 14,
    "producers": 10,
    "categories": 7,  # the organiser reads them: no form, no choices query
    "upcoming": 7,
    "venues": 7,
    "venue": 8,
}
