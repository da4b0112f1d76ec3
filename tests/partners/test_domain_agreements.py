"""Agreements' terms and the calendar's moves, without a database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tavana.core.domain.jalali import from_jalali, to_jalali
from tavana.partners.domain import agreements as a


def test_one_solar_year_ends_the_day_before_the_same_jalali_date():
    start = from_jalali(1403, 1, 1)
    assert to_jalali(a.default_end(start)) == (1403, 12, 30)  # 1403 is a leap year
    start = from_jalali(1404, 1, 1)
    assert to_jalali(a.default_end(start)) == (1404, 12, 29)
    # 30 Esfand of a leap year: the next year has no such day
    assert to_jalali(a.default_end(from_jalali(1403, 12, 30))) == (1404, 12, 28)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)))
def test_a_year_is_365_or_366_days(start):
    days = (a.default_end(start) - start).days + 1
    assert days in (364, 365, 366)


def test_the_calendar_moves_a_signed_agreement_forward_only():
    s, e = dt.date(2025, 3, 21), dt.date(2026, 3, 20)
    assert a.moves_due(a.SIGNED, s, e, dt.date(2025, 3, 1)) == []
    assert a.moves_due(a.SIGNED, s, e, dt.date(2025, 4, 1)) == [a.ACTIVE]
    assert a.moves_due(a.SIGNED, s, e, dt.date(2026, 2, 1)) == [a.ACTIVE, a.EXPIRING]
    assert a.moves_due(a.ACTIVE, s, e, dt.date(2026, 4, 1)) == [a.EXPIRING, a.EXPIRED]
    assert a.moves_due(a.EXPIRED, s, e, dt.date(2025, 4, 1)) == []
    assert a.moves_due(a.DRAFT, s, e, dt.date(2025, 4, 1)) == []
    assert a.moves_due(a.RENEWED, s, e, dt.date(2026, 4, 1)) == []


def test_reminders_at_sixty_and_thirty_days():
    end = dt.date(2026, 3, 20)
    assert a.reminder_stage(end, end - dt.timedelta(days=61)) is None
    assert a.reminder_stage(end, end - dt.timedelta(days=60)) == 60
    assert a.reminder_stage(end, end - dt.timedelta(days=31)) == 60
    assert a.reminder_stage(end, end - dt.timedelta(days=30)) == 30
    assert a.reminder_stage(end, end) == 30
    assert a.reminder_stage(end, end + dt.timedelta(days=1)) is None


def test_term_errors_in_persian():
    s = dt.date(2025, 3, 21)
    assert "پس از" in a.term_errors(s, s, None)["ends_on"]
    assert "starts_on" in a.term_errors(None, None, None)
    assert a.term_errors(s, a.default_end(s), s) == {}
