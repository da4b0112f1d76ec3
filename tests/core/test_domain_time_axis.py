"""A chart's Jalali time axis: ticks at real boundaries, each once, few enough."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.time_axis import time_axis

DATES = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))


@given(DATES, DATES)
def test_ticks_are_distinct_in_order_inside_the_span_and_few(a, b):
    start, end = min(a, b), max(a, b)
    ticks = time_axis(start, end)
    xs = [x for x, _ in ticks]
    labels = [label for _, label in ticks]
    assert xs == sorted(set(xs)) and len(set(labels)) == len(labels)
    assert all(start.toordinal() <= x <= end.toordinal() for x in xs)
    assert 1 <= len(ticks) <= 6
    assert not any(c in "0123456789" for label in labels for c in label)


def test_months_seasons_and_years_are_marked_at_their_first_day():
    ticks = time_axis(dt.date(2024, 3, 1), dt.date(2026, 12, 6))  # 1402/12 … 1405/09
    assert [label for _, label in ticks] == [
        "فروردین ۱۴۰۳", "مهر ۱۴۰۳", "فروردین ۱۴۰۴", "مهر ۱۴۰۴", "فروردین ۱۴۰۵", "مهر ۱۴۰۵",
    ]  # fmt: skip
    assert all(to_jalali(dt.date.fromordinal(x))[2] == 1 for x, _ in ticks)
    # proportional: the gap between ticks is the days between them
    assert ticks[2][0] - ticks[0][0] == 366  # 1403 is a leap year: Farvardin to Farvardin
    years = time_axis(dt.date(2010, 1, 1), dt.date(2026, 1, 1))
    assert [label for _, label in years] == ["۱۳۹۰", "۱۳۹۵", "۱۴۰۰"]


def test_a_short_span_is_marked_at_its_ends():
    assert [label for _, label in time_axis(dt.date(2026, 12, 1), dt.date(2026, 12, 6))] == [
        "۱۴۰۵/۰۹/۱۰",
        "۱۴۰۵/۰۹/۱۵",
    ]
    assert len(time_axis(dt.date(2026, 12, 6), dt.date(2026, 12, 6))) == 1
