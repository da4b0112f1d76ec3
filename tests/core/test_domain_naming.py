"""Public names: the pure rule that refuses names labelling the women."""

import pytest

from tavana.core.domain.naming import SUGGESTIONS, check_public_name


@pytest.mark.parametrize(
    "name",
    [
        "بازارچه زنان سرپرست خانوار",
        "بازارچه زنان سرپرست‌خانوار",  # half-space
        "بازارچه زنان سرپرستخانوار",  # no space
        "بازارچه زنان سرپرست خانوار",  # Arabic yeh
        "نمایشگاه خانواده‌های زندانیان",
        "بازارچه معتادان بهبودیافته",
        "بازارچه بهبود یافته‌ها",
    ],
)
def test_labelling_names_are_refused_with_a_reason_and_a_suggestion(name):
    check = check_public_name(name)
    assert not check.ok
    assert check.found
    assert "برچسب" in check.reason and SUGGESTIONS[0] in check.reason
    assert check.suggestion == "بازارچه دستاوردهای زنان"


@pytest.mark.parametrize(
    "name",
    ["بازارچه دستاوردهای زنان شهر تهران", "نمایشگاه زن و تولید ملی", "بازارچهٔ نوروزی بوستان گفتگو"],
)
def test_plain_names_pass(name):
    assert check_public_name(name).ok


def test_an_empty_name_is_refused():
    assert not check_public_name("  ").ok


def test_each_word_is_named_once():
    check = check_public_name("بازارچه خانواده زندانیان")
    assert check.found == ("زندانی",)
