"""Women served pre-aggregated for a year (`insights.served`) gives the same
number as `selectors.women_served` for every view the refresh computes — each
month, season and the year, the city and each district — on SQLite and
PostgreSQL (CI runs this file on both)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tavana.casework.domain import stages
from tavana.casework.models import Delivery, Enrolment, Programme, ServiceType
from tavana.core.domain import jalali
from tavana.insights import published, selectors, snapshot
from tavana.insights.served import served_year
from tavana.people.models import Person
from tests.training import factories as tr

pytestmark = pytest.mark.django_db

STAGES = [stages.REFERRED, stages.ENROLLED, stages.ACTIVE, stages.COMPLETED, stages.WITHDRAWN]


def _world(year: int, seed: int = 1405) -> list:
    rng = random.Random(seed)
    start, end = jalali.year_range(year)
    days = (end - start).days
    districts = [tr.district(n) for n in (3, 6, 9)] + [None]
    progs = [Programme.objects.create(code=f"p{n}", name=f"برنامهٔ {n}") for n in range(3)]
    service = ServiceType.objects.create(code="s", name="مشاوره", programme=progs[0])
    people = []
    for n in range(160):
        p = Person.objects.create(
            first_name="زن", last_name=f"خدمت{n}", name_key="x", first_key="x", last_key="x",
            district=rng.choice(districts),
            sex=Person.MALE if n % 11 == 0 else Person.FEMALE,
        )  # fmt: skip
        people.append(p)
        for _ in range(rng.choice([0, 0, 1, 2, 5])):
            # a few days either side of the year too
            on = start + dt.timedelta(days=rng.randrange(-40, days + 40))
            Delivery.objects.create(person=p, service=service, delivered_on=on, unit="session")
        for prog in rng.sample(progs, rng.choice([0, 0, 1, 2])):
            since = start + dt.timedelta(days=rng.randrange(-200, days + 60))
            Enrolment.objects.create(
                person=p, programme=prog, stage=rng.choice(STAGES), stage_since=since
            )
    # merged away: served but never counted
    for p in people[1:6]:
        Person.objects.filter(pk=p.pk).update(merged_into=people[7])
    # on the boundaries of months
    for m in (1, 6, 7, 12):
        first, last = jalali.month_range(year, m)
        Delivery.objects.create(
            person=people[12], service=service, delivered_on=first, unit="session"
        )
        Delivery.objects.create(
            person=people[13],
            service=service,
            delivered_on=last - dt.timedelta(days=1),
            unit="session",
        )
    Enrolment.objects.create(person=people[14], programme=progs[2], stage=stages.ACTIVE,
                             stage_since=jalali.month_range(year, 4)[1])  # fmt: skip
    return [d for d in districts if d is not None]


def _views(year: int, districts: list) -> list[selectors.Filters]:
    start, end = jalali.year_range(year)
    city = list(published.year_filters(year).values())
    return city + [selectors.Filters(start, end, d) for d in districts]


def test_the_year_pre_aggregate_counts_what_women_served_counts():
    year = jalali.jalali_today().year - 1
    districts = _world(year)
    pre = served_year(year)
    counts = []
    for f in _views(year, districts) + [
        selectors.Filters(f.start, f.end, d)
        for f in published.year_filters(year).values()
        for d in districts
    ]:
        expected = selectors.women_served(f)
        assert pre.count(f) == expected, (f.start, f.end, f.district)
        counts.append(expected)
    assert len(set(counts)) > 5, "the data gives the periods different counts"


def test_what_it_cannot_answer_it_leaves_to_the_plain_count():
    year = jalali.jalali_today().year - 1
    _world(year)
    pre = served_year(year)
    start, end = jalali.year_range(year)
    assert pre.count(selectors.Filters(start + dt.timedelta(days=3), end)) is None
    assert pre.count(selectors.Filters(start, end, unit_ids=(1,))) is None
    assert pre.count(selectors.Filters(*jalali.year_range(year + 1))) is None


def test_the_refresh_counts_women_served_once_for_the_year(settings):
    settings.TAVANA_INSIGHTS_FRESH_SECONDS = 600
    year = jalali.jalali_today().year - 1
    districts = _world(year)
    views = _views(year, districts)
    with CaptureQueriesContext(connection) as queries:
        snaps = snapshot.refresh(views)
    # one UNION in all: the year's pre-aggregate, no per-view count
    assert sum("UNION" in q["sql"] for q in queries.captured_queries) == 1
    for f, snap in zip(views, snaps, strict=True):
        assert dict(snap.heads)["زنانی که در این دوره خدمت گرفتند"] == selectors.women_served(f)
