"""Quiet hours, without a database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tavana.notifications.domain.quiet import in_quiet_hours, next_send_time
from tavana.notifications.domain.reminders import DigestLine, digest_lines

TEHRAN = ZoneInfo("Asia/Tehran")
NIGHT = (dt.time(21, 0), dt.time(8, 0))


@pytest.mark.parametrize(
    ("hour", "quiet"), [(20, False), (21, True), (23, True), (0, True), (7, True), (8, False)]
)
def test_a_window_that_wraps_midnight(hour, quiet):
    assert in_quiet_hours(dt.time(hour, 30 if hour == 20 else 0), *NIGHT) is quiet


def test_an_empty_window_is_never_quiet():
    assert not in_quiet_hours(dt.time(3), dt.time(0), dt.time(0))


def test_late_evening_waits_for_next_morning_and_small_hours_for_this_morning():
    evening = dt.datetime(2025, 3, 10, 22, 15, tzinfo=TEHRAN)
    assert next_send_time(evening, *NIGHT) == dt.datetime(2025, 3, 11, 8, 0, tzinfo=TEHRAN)
    night = dt.datetime(2025, 3, 11, 2, 40, tzinfo=TEHRAN)
    assert next_send_time(night, *NIGHT) == dt.datetime(2025, 3, 11, 8, 0, tzinfo=TEHRAN)
    day = dt.datetime(2025, 3, 11, 12, 0, tzinfo=TEHRAN)
    assert next_send_time(day, *NIGHT) == day


def test_a_daytime_window():
    lunch = (dt.time(13, 0), dt.time(14, 0))
    at = dt.datetime(2025, 3, 11, 13, 20, tzinfo=TEHRAN)
    assert next_send_time(at, *lunch) == dt.datetime(2025, 3, 11, 14, 0, tzinfo=TEHRAN)


def test_digest_orders_by_due_date():
    lines = [
        DigestLine("b", "دوم", "/x", "2025-03-02"),
        DigestLine("a", "بی‌تاریخ", "/y", None),
        DigestLine("a", "اول", "/z", "2025-03-01"),
    ]
    assert [line.text for line in digest_lines(lines)] == ["اول", "دوم", "بی‌تاریخ"]
