"""The school calendar and marks, without a database."""

import datetime as dt
from decimal import Decimal

import jdatetime
import pytest

from tavana.youth.domain import academic


def g(y, m, d):
    return jdatetime.date(y, m, d).togregorian()


def test_the_academic_year_runs_from_mehr_to_khordad_and_summer_belongs_to_the_year_ended():
    assert academic.academic_year_of(g(1403, 7, 1)) == 1403
    assert academic.academic_year_of(g(1404, 3, 31)) == 1403
    assert academic.academic_year_of(g(1404, 5, 10)) == 1403  # summer holidays
    assert academic.academic_year_of(g(1403, 6, 31)) == 1402
    start, end = academic.academic_year_range(1403)
    assert start == g(1403, 7, 1) and end == g(1404, 4, 1)


def test_term_labels():
    assert academic.term_label(1403, 2) == "نوبت دوم (خرداد) ۱۴۰۳–۱۴۰۴"


@pytest.mark.parametrize(
    "typed,mark",
    [("۱۷٫۵", "17.50"), ("17/25", "17.25"), ("١٢", "12.00"), (15.75, "15.75"), ("20", "20.00")],
)
def test_marks_are_read_in_any_digit_script(typed, mark):
    assert academic.parse_mark(typed) == Decimal(mark)


@pytest.mark.parametrize("typed", ["21", "-1", "abc", "12.345", "۲۰٫۵"])
def test_a_mark_outside_0_to_20_is_refused_with_the_reason(typed):
    with pytest.raises(academic.BadMark) as e:
        academic.parse_mark(typed)
    assert str(e.value)


def test_blank_mark_is_none_and_descriptive_grades_accept_either_spelling():
    assert academic.parse_mark("  ") is None
    assert academic.parse_descriptive("خيلي خوب") == "very_good"
    assert academic.parse_descriptive("نیاز به تلاش بیشتر") == "needs_effort"
    with pytest.raises(academic.BadMark):
        academic.parse_descriptive("عالی")


def test_primary_years_are_descriptive():
    assert academic.is_descriptive(6) and not academic.is_descriptive(7)
    assert academic.stage_of(10) == academic.UPPER_SECONDARY
    assert isinstance(academic.term_results_on(1403, 1), dt.date)
