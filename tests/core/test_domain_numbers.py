"""One way to write every number a person reads (pure, no database)."""

from decimal import Decimal

import pytest

from tavana.core.domain.numbers import format_number, persian_numbers


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1234567, "۱٬۲۳۴٬۵۶۷"),
        (7.6, "۷٫۶"),
        (Decimal("9.5"), "۹٫۵"),
        (Decimal("12.00"), "۱۲"),
        ("7.6", "۷٫۶"),
        (0, "۰"),
        (-1500, "-۱٬۵۰۰"),
        (None, ""),
    ],
)
def test_a_number_is_written_with_persian_digits_and_separators(value, shown):
    assert format_number(value) == shown


def test_fixed_decimals_and_no_grouping():
    assert format_number(7, decimals=1) == "۷٫۰"
    assert format_number(1403, grouping=False) == "۱۴۰۳"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("حداقل 20 کاراکتر", "حداقل ۲۰ کاراکتر"),
        ("نشانی بیش از 300 نویسه است", "نشانی بیش از ۳۰۰ نویسه است"),
        ("میانگین ۷.۶ است", "میانگین ۷٫۶ است"),
        ("1,234 نفر", "۱٬۲۳۴ نفر"),
        ("تاریخ 1403/05/01.", "تاریخ ۱۴۰۳/۰۵/۰۱."),
        # Latin by nature: left alone
        ("کاربر registrar1 و دوره K001", "کاربر registrar1 و دوره K001"),
        ("نشانی /people/12/ را ببینید", "نشانی /people/12/ را ببینید"),
    ],
)
def test_numbers_in_a_sentence_become_persian_and_codes_stay_latin(text, shown):
    assert persian_numbers(text) == shown
