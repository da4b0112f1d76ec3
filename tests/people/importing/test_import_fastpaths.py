"""The import's shortcuts give exactly what the shared rules give (no database)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tavana.core.domain.identifiers import (
    InvalidIdentifier,
    national_code_check_digit,
    parse_national_code,
)
from tavana.people.domain.fields import check_person_fields
from tavana.people.importing.checking import RowChecker

DIGITS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
DISTRICTS = set(range(1, 23))
TODAY = dt.date.today()


def _reference_check_digit(first9: str) -> int:
    r = sum(int(d) * (10 - i) for i, d in enumerate(first9)) % 11
    return r if r < 2 else 11 - r


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_check_digit_as_defined(first9):
    assert national_code_check_digit(first9) == _reference_check_digit(first9)
    code = first9 + str(_reference_check_digit(first9))
    try:
        assert parse_national_code(code) == code
    except InvalidIdentifier as e:  # all-same digits or six zero middle digits
        assert e.code in ("repeated", "invalid")


def _reference(raw: dict) -> tuple[dict, dict, dict]:
    c = check_person_fields(raw, today=TODAY, districts=DISTRICTS, partial=True)
    return c.values, c.errors, c.as_typed


def _digits(n_min, n_max):
    return st.text(alphabet=DIGITS, min_size=n_min, max_size=n_max)


dates = st.one_of(
    st.builds(
        lambda y, m, d, sep: f"{y}{sep}{m}{sep}{d}",
        st.integers(1200, 1500) | _digits(2, 4),
        st.integers(0, 14) | _digits(1, 2),
        st.integers(0, 32) | _digits(1, 2),
        st.sampled_from(["/", "-", ".", " / "]),
    ),
    st.dates(dt.date(1850, 1, 1), dt.date(2100, 1, 1)),
    st.text(max_size=12),
)
names = st.sampled_from(["مریم", "علي", "زهرا\u200cسادات", "  سارا ", "ali2", "", "ك" * 101])
rows = st.fixed_dictionaries(
    {},
    optional={
        "national_code": _digits(8, 11) | st.text(max_size=12),
        "first_name": names,
        "last_name": names,
        "father_name": names,
        "birth_date": dates,
        "mobile": _digits(10, 13) | st.text(max_size=13),
        "district": st.integers(0, 30).map(str) | st.text(max_size=4),
        "address": st.text(max_size=40),
        "occupation": names,
    },
)


@settings(max_examples=400, deadline=None)
@given(st.lists(rows, min_size=1, max_size=8))
def test_checker_rows_equal_check_person_fields(batch):
    checker = RowChecker(DISTRICTS)
    checker.today = TODAY
    for raw in batch * 2:  # the second time from the caches
        values, errors, as_typed = checker.row(raw)
        ref_values, ref_errors, ref_typed = _reference(raw)
        assert errors == ref_errors
        if not errors:
            assert values == ref_values and as_typed == ref_typed


@settings(max_examples=400, deadline=None)
@given(dates)
def test_birth_date_shortcut_equals_the_rules(value):
    checker = RowChecker(DISTRICTS)
    checker.today = TODAY
    for _ in range(2):
        v, err, _typed = checker.birth_date(value)
        ref_values, ref_errors, _ = _reference({"birth_date": value})
        assert err == ref_errors.get("birth_date")
        if not err:
            assert v == ref_values["birth_date"]


def test_read_ahead_same_items_and_errors():
    import threading

    import pytest

    from tavana.people.importing.readahead import read_ahead

    assert list(read_ahead(iter(range(50)), depth=2)) == list(range(50))

    def broken():
        yield 1
        yield 2
        raise ValueError("half-way")

    got = []
    with pytest.raises(ValueError, match="half-way"):
        for item in read_ahead(broken()):
            got.append(item)
    assert got == [1, 2]
    # the caller stops early: the reading thread ends too
    ahead = read_ahead(iter(range(1000)), depth=1)
    assert next(ahead) == 0
    ahead.close()
    assert not [t for t in threading.enumerate() if t.name == "import-read-ahead"]


def test_superscript_digit_is_a_message_not_a_crash():
    checked = check_person_fields({"district": "²", "monthly_income": "۲²"}, partial=True)
    assert set(checked.errors) == {"district", "monthly_income"}
