from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tavana.bazaars.domain.venues import booths_left, booths_that_fit


def test_whole_booths_only_and_nothing_to_check_without_an_area():
    assert booths_that_fit(108, Decimal("9")) == 12
    assert booths_that_fit(107, Decimal("9")) == 11
    assert booths_that_fit(100, Decimal("12.5")) == 8
    assert booths_that_fit(0, Decimal("9")) is None and booths_that_fit(50, 0) is None
    assert booths_left(12, 8) == 4 and booths_left(12, 20) == 0 and booths_left(None, 3) is None


@given(st.integers(1, 100_000), st.decimals("0.5", "100", places=1))
def test_the_booths_that_fit_cover_no_more_than_the_area(area, size):
    n = booths_that_fit(area, size)
    assert n is not None and n * size <= area < (n + 1) * size
