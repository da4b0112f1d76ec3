"""Finding 6 end to end: a partner collects every table the publisher gives for
one year — each month, each season, the year — and attacks them together
(`recovered`: integer programmes over the month × district cells). With each
table protected on its own, as before, hidden month cells come back; through
`published`, none does."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tavana.core.domain.jalali import TEHRAN, month_range, to_jalali
from tavana.insights import published, selectors
from tavana.insights.domain import linked
from tavana.insights.present import show
from tavana.people.models import Person, Registration
from tests.training import factories as tr

from .test_linked_suppression import recovered

pytestmark = pytest.mark.django_db


def _last_year() -> int:
    return to_jalali(dt.date.today())[0] - 1


def _register(counts: dict[tuple[int, int], int], year: int) -> None:
    """`counts[(month, district)]` women registered in that Jalali month."""
    n = 0
    for (month, number), k in counts.items():
        start, end = month_range(year, month)
        for _ in range(k):
            n += 1
            p = Person.objects.create(
                first_name="زن", last_name=f"حمله{n}", name_key="x", first_key="x",
                last_key="x", district=tr.district(number), sex=Person.FEMALE,
            )  # fmt: skip
            at = dt.datetime.combine(start + dt.timedelta(days=n % 20), dt.time(10), TEHRAN)
            r = Registration.objects.create(person=p)
            Registration.objects.filter(pk=r.pk).update(registered_at=at)


def _women_flow(f):
    t = selectors.women_by_district(f)
    return published._published_view(t)


def _collect(year: int, protect_alone: bool) -> tuple[dict, int]:
    out = {}
    for p, f in published.year_filters(year).items():
        if protect_alone:
            out[p] = show(_women_flow(f), protect=True).pub
        else:
            (s,) = published.protected_tables(f, lambda fp: [selectors.women_by_district(fp)])
            out[p] = s.pub
    rows = {pub.rows for pub in out.values()}
    assert len(rows) == 1, "every period lists the same districts"
    return out, rows.pop()


def test_every_published_period_of_a_year_together_recovers_no_hidden_cell():
    year = _last_year()
    rng = random.Random(1405)
    counts = {}
    for month in range(1, 13):
        for number in (4, 9, 19):
            counts[(month, number)] = rng.choice([0, 1, 2, 3, 6, 8, 11, 15])
    counts[(1, 4)], counts[(2, 4)], counts[(3, 4)] = 3, 9, 12  # the probe's shape
    _register(counts, year)

    alone, rows = _collect(year, protect_alone=True)
    assert recovered(alone, rows, 1), "tables protected one by one leak (the finding)"

    family, rows = _collect(year, protect_alone=False)
    assert recovered(family, rows, 1) == []
    for pub in family.values():  # and no 1–4 is shown anywhere
        for i in range(pub.rows + 1):
            for j in range(pub.cols + 1):
                assert not (1 <= pub.values[i][j] <= 4) or pub.hidden(i, j)


def test_a_period_that_is_not_a_whole_month_season_or_year_is_not_published():
    y = _last_year()
    start, end = month_range(y, 5)
    f = selectors.Filters(start=start + dt.timedelta(days=3), end=end)
    with pytest.raises(published.PeriodNotPublished):
        published.protected_tables(f, lambda fp: [selectors.women_by_district(fp)])
    assert published.period_of(*month_range(y, 5)) == (y, ("month", 5))
    assert published.period_of(month_range(y, 4)[0], month_range(y, 6)[1]) == (y, ("season", 2))
    assert published.period_of(month_range(y, 1)[0], month_range(y, 12)[1]) == (y, linked.YEAR)
    assert published.period_of(month_range(y, 2)[0], month_range(y, 4)[1]) is None
