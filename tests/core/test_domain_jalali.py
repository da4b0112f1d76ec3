"""Pure tests of tavana.core.domain.jalali (no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tavana.core.domain import jalali
from tavana.core.domain.jalali import (
    MONTH_NAMES,
    SEASON_NAMES,
    InvalidDate,
    format_jalali,
    format_jalali_datetime,
    format_jalali_long,
    from_jalali,
    is_leap,
    jalali_month_of,
    jalali_today,
    jalali_year_of,
    month_length,
    month_range,
    parse_jalali,
    season_of,
    season_range,
    to_jalali,
    to_jalali_iso,
    year_range,
)

ESFAND_16_1403 = dt.date(2025, 3, 6)


def reject(value):
    with pytest.raises(InvalidDate) as info:
        parse_jalali(value)
    return info.value


# ------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "typed",
    [
        "1403/12/16",
        "1403-12-16",
        "۱۴۰۳/۱۲/۱۶",
        "١٤٠٣/١٢/١٦",
        "  ۱۴۰۳ / ۱۲ / ۱۶ ",
        "\u200f۱۴۰۳/۱۲/۱۶\u200e",
        "1403.12.16",
        "16/12/1403",
        "14031216",
    ],
)
def test_parse_every_typing(typed):
    assert parse_jalali(typed) == ESFAND_16_1403


def test_one_digit_month_and_day():
    assert parse_jalali("1404/1/1") == dt.date(2025, 3, 21)
    assert parse_jalali("1404-1-5") == dt.date(2025, 3, 25)


def test_esfand_30_only_in_leap_years():
    assert is_leap(1403) and not is_leap(1404)
    assert is_leap(1399) and is_leap(1408) and not is_leap(1407)
    assert parse_jalali("1403/12/30") == dt.date(2025, 3, 20)
    e = reject("1404/12/30")
    assert e.code == "day" and "۱۴۰۴" in e.message and "کبیسه" in e.message
    assert month_length(1403, 12) == 30 and month_length(1404, 12) == 29


def test_invalid_dates_name_the_problem():
    e = reject("1403/13/01")
    assert e.code == "month" and "ماه" in e.message and "۱۳" in e.message
    e = reject("1403/07/31")
    assert e.code == "day" and "مهر" in e.message and "۳۰" in e.message
    assert reject("1403/01/32").code == "day"
    assert reject("1403/01/00").code == "day"
    assert reject("1403/00/10").code == "month"
    assert reject("2024/03/05").code == "gregorian"
    assert reject("0900/01/01").code == "year"
    assert reject("03/12/16").code == "format"
    assert reject("دیروز").code == "format"
    assert reject("").code == "empty"
    assert reject(None).code == "empty"
    assert str(reject("1403/13/01")) == reject("1403/13/01").message


def test_from_jalali_and_to_jalali():
    assert from_jalali(1403, 12, 16) == ESFAND_16_1403
    assert to_jalali(ESFAND_16_1403) == (1403, 12, 16)
    with pytest.raises(InvalidDate):
        from_jalali(1404, 12, 30)


# ------------------------------------------------------------------ formatting


def test_formats():
    d = ESFAND_16_1403
    assert format_jalali(d) == "۱۴۰۳/۱۲/۱۶"
    assert format_jalali(d, persian_digits=False) == "1403/12/16"
    assert format_jalali(None) == ""
    assert format_jalali_long(d) == "۱۶ اسفند ۱۴۰۳"
    assert format_jalali_long(dt.date(2025, 3, 21)) == "۱ فروردین ۱۴۰۴"
    assert format_jalali_long(d, weekday=True) == "پنجشنبه ۱۶ اسفند ۱۴۰۳"
    assert to_jalali_iso(d) == "1403-12-16"
    assert to_jalali_iso(None) == ""
    assert jalali_year_of(d) == 1403
    assert jalali_month_of(d) == (1403, 12)
    assert season_of(d) == (1403, 4)
    assert format_jalali(jdatetime.date(1403, 12, 16)) == "۱۴۰۳/۱۲/۱۶"


def test_aware_datetimes_are_shown_in_tehran_time():
    utc = dt.UTC
    assert (
        format_jalali_datetime(dt.datetime(2025, 3, 6, 11, 0, tzinfo=utc))
        == "۱۴۰۳/۱۲/۱۶ ساعت ۱۴:۳۰"
    )
    # 21:00 UTC is already the next day in Tehran (+03:30).
    late = dt.datetime(2025, 3, 6, 21, 0, tzinfo=utc)
    assert format_jalali(late) == "۱۴۰۳/۱۲/۱۷"
    assert to_jalali_iso(late) == "1403-12-17"
    # Naive datetimes are taken as they are.
    assert format_jalali_datetime(dt.datetime(2025, 3, 6, 21, 5)) == "۱۴۰۳/۱۲/۱۶ ساعت ۲۱:۰۵"
    assert format_jalali_datetime(dt.datetime(2025, 3, 6, 21, 5), persian_digits=False) == (
        "1403/12/16 ساعت 21:05"
    )
    assert format_jalali_datetime(ESFAND_16_1403) == "۱۴۰۳/۱۲/۱۶"
    assert format_jalali_datetime(None) == ""


@pytest.mark.skipif(not isinstance(jalali.TEHRAN, ZoneInfo), reason="no tz database")
def test_old_daylight_saving_time_is_respected():
    # Summer 2020: Tehran was +04:30, so 20:00 UTC is 00:30 the next day.
    assert format_jalali_datetime(dt.datetime(2020, 6, 1, 20, 0, tzinfo=dt.UTC)) == (
        "۱۳۹۹/۰۳/۱۳ ساعت ۰۰:۳۰"
    )


def test_today():
    today = jalali_today()
    assert isinstance(today, jdatetime.date)
    now = dt.datetime.now(ZoneInfo("Asia/Tehran")).date()
    assert abs((today.togregorian() - now).days) <= 1
    assert isinstance(jalali_today("UTC"), jdatetime.date)


# -------------------------------------------------------------------- periods


def test_names():
    assert len(MONTH_NAMES) == 12 and MONTH_NAMES[0] == "فروردین" and MONTH_NAMES[11] == "اسفند"
    assert SEASON_NAMES == ("بهار", "تابستان", "پاییز", "زمستان")


def test_ranges():
    assert month_range(1403, 12) == (dt.date(2025, 2, 19), dt.date(2025, 3, 21))
    assert month_range(1404, 1) == (dt.date(2025, 3, 21), dt.date(2025, 4, 21))
    assert season_range(1403, 4) == (dt.date(2024, 12, 21), dt.date(2025, 3, 21))
    assert season_range(1404, 1) == (dt.date(2025, 3, 21), dt.date(2025, 6, 22))
    assert year_range(1403) == (dt.date(2024, 3, 20), dt.date(2025, 3, 21))
    assert (year_range(1403)[1] - year_range(1403)[0]).days == 366
    assert (year_range(1404)[1] - year_range(1404)[0]).days == 365
    for bad in ((1403, 0), (1403, 13)):
        with pytest.raises(InvalidDate):
            month_range(*bad)
    with pytest.raises(InvalidDate):
        season_range(1403, 5)


years = st.integers(jalali.MIN_YEAR, jalali.MAX_YEAR)


@given(years)
def test_periods_tile_the_year(jy):
    months = [month_range(jy, m) for m in range(1, 13)]
    seasons = [season_range(jy, s) for s in range(1, 5)]
    start, end = year_range(jy)
    assert months[0][0] == seasons[0][0] == start and months[-1][1] == seasons[-1][1] == end
    for a, b in zip(months, months[1:], strict=False):
        assert a[1] == b[0]
    for a, b in zip(seasons, seasons[1:], strict=False):
        assert a[1] == b[0]
    assert year_range(jy + 1)[0] == end if jy < jalali.MAX_YEAR else True
    assert (end - start).days == (366 if is_leap(jy) else 365)


dates = st.dates(
    min_value=year_range(jalali.MIN_YEAR)[0],
    max_value=year_range(jalali.MAX_YEAR)[1] - dt.timedelta(days=1),
)


@given(dates)
def test_format_then_parse_round_trips(d):
    assert parse_jalali(format_jalali(d)) == d
    assert parse_jalali(format_jalali(d, persian_digits=False)) == d
    assert parse_jalali(to_jalali_iso(d)) == d
    y, m, day = to_jalali(d)
    assert parse_jalali(f"{y}/{m}/{day}") == d
    assert from_jalali(y, m, day) == d


@given(dates)
def test_date_lies_in_its_own_periods(d):
    y, m = jalali_month_of(d)
    lo, hi = month_range(y, m)
    assert lo <= d < hi
    y, s = season_of(d)
    lo, hi = season_range(y, s)
    assert lo <= d < hi
    lo, hi = year_range(jalali_year_of(d))
    assert lo <= d < hi


@given(
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.just(dt.UTC),
    )
)
def test_aware_datetimes_format_like_their_tehran_date(moment):
    local = moment.astimezone(jalali.TEHRAN)
    assert format_jalali(moment) == format_jalali(local.date())


@given(st.text())
def test_parser_only_raises_invalid_date(text):
    try:
        d = parse_jalali(text)
    except InvalidDate as e:
        assert e.message and e.code
    else:
        assert parse_jalali(format_jalali(d)) == d


@given(st.text(alphabet="0123456789۰۱۲۳۴۵۶۷۸۹/-. ", max_size=14))
def test_the_plain_parser_agrees_with_parse_jalali_or_declines(text):
    quick = jalali.parse_plain_jalali(text)
    if quick is not None:
        assert quick == parse_jalali(text)


@given(st.dates(min_value=dt.date(1822, 3, 21), max_value=dt.date(2221, 3, 20)))
def test_the_plain_parser_reads_every_date_as_shown(d):
    assert jalali.parse_plain_jalali(format_jalali(d)) in (d, None)
    y, m, day = jalali.to_jalali(d)
    if not (m == 12 and day == 30):
        assert jalali.parse_plain_jalali(f"{y}-{m}-{day}") == d
