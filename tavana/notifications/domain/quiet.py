"""Quiet hours: no SMS to anyone between `start` and `end` (local wall-clock time).

Pure Python. A window may wrap midnight (22:00–07:00). A message asked for during
quiet hours waits until the window ends; an empty window (start == end) means
no quiet hours.
"""

from __future__ import annotations

import datetime as dt


def in_quiet_hours(t: dt.time, start: dt.time, end: dt.time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= t < end
    return t >= start or t < end  # wraps midnight


def next_send_time(at: dt.datetime, start: dt.time, end: dt.time) -> dt.datetime:
    """The first moment at or after `at` (a local, aware datetime) outside quiet hours."""
    if not in_quiet_hours(at.timetz().replace(tzinfo=None), start, end):
        return at
    day = at.date()
    if start > end and at.time() >= start:
        day += dt.timedelta(days=1)  # late evening: wait for tomorrow morning
    return at.replace(
        year=day.year, month=day.month, day=day.day, hour=end.hour, minute=end.minute,
        second=0, microsecond=0,
    )  # fmt: skip
