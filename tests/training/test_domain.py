"""Pure rules of training: schedules, completion, seats, certificate codes, initials."""

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from tavana.training.domain import certificate as codes
from tavana.training.domain.schedule import (
    attendance_percent,
    completes,
    initials,
    session_dates,
    utilisation,
    working_days,
)


def test_sessions_fall_on_the_chosen_weekdays_from_the_first_date():
    # 2024-06-01 is a Saturday (weekday 5); Saturdays and Mondays.
    dates = session_dates(dt.date(2024, 6, 1), [5, 0], 4)
    assert dates == [
        dt.date(2024, 6, 1),
        dt.date(2024, 6, 3),
        dt.date(2024, 6, 8),
        dt.date(2024, 6, 10),
    ]
    assert session_dates(dt.date(2024, 6, 1), [], 4) == []


def test_three_quarters_of_the_sessions_complete_a_course():
    assert completes(9, 12) and not completes(8, 12)
    assert completes(3, 4) and not completes(2, 4)
    assert not completes(0, 0)
    assert attendance_percent(8, 12) == 66
    assert attendance_percent(5, 0) == 0


@given(st.integers(0, 200), st.integers(1, 200), st.integers(1, 100))
def test_completion_agrees_with_the_exact_fraction(attended, held, threshold):
    attended = min(attended, held)
    assert completes(attended, held, threshold) == (attended / held * 100 >= threshold - 1e-9)


def test_seats_of_a_centre_in_a_month():
    # Farvardin 1403: 2024-03-20 .. 2024-04-19
    days = working_days(dt.date(2024, 3, 20), dt.date(2024, 4, 20))
    assert 20 <= days <= 23
    u = utilisation(capacity=40, slots=days * 2, seats_scheduled=40 * days * 2 + 1)
    assert u.over and u.percent == 100
    assert utilisation(0, 10, 5).percent == 0


def test_initials_only():
    assert initials("فاطمه", "رضایی") == "ف. ر."
    assert initials("", "رضایی") == "ر."


def test_codes_are_read_back_in_any_case_digits_and_dashes():
    code = codes.new_code(random.Random(1))
    assert codes.is_well_formed(code)
    shown = codes.display(code)
    assert "-" in shown
    assert codes.normalise(" " + shown.lower() + " ") == code
    persian = code.translate(str.maketrans("23456789", "۲۳۴۵۶۷۸۹"))
    assert codes.normalise(persian) == code
    assert not codes.is_well_formed(codes.normalise("O0I1L-ABCDE"))
