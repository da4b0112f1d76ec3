"""A chart's time axis in the Jalali calendar (pure Python, no Django).

A chart of dates places each point by its day (a proportional axis: two years
take twice the width of one), and marks the axis at the start of Jalali months,
seasons or years — whichever step gives at most `most` ticks — so no label is
written twice and every label names a real boundary. A span shorter than one
month is marked at its first and last days.

    time_axis(start, end) -> [(day_number, "مهر ۱۴۰۳"), …]

`day_number` is the date's proleptic ordinal (date.toordinal()): charts place
points and ticks on that one number line.
"""

from __future__ import annotations

import datetime as _dt

from .jalali import MONTH_NAMES, format_jalali, from_jalali, to_jalali
from .persian_text import to_persian_digits

# months per tick, smallest first: month, two months, season, half year, year, …
STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def _month_starts(start: _dt.date, end: _dt.date, step: int) -> list[tuple[int, int]]:
    """(jy, jm) of the month starts inside [start, end] whose month index is a
    multiple of `step` (a season starts in Farvardin, Tir, Mehr, Dey)."""
    jy, jm, jd = to_jalali(start)
    if jd != 1:
        jy, jm = (jy, jm + 1) if jm < 12 else (jy + 1, 1)
    out = []
    while from_jalali(jy, jm, 1) <= end:
        if ((jy * 12 + jm - 1) % step) == 0:
            out.append((jy, jm))
        jy, jm = (jy, jm + 1) if jm < 12 else (jy + 1, 1)
    return out


def _label(jy: int, jm: int, step: int) -> str:
    if step >= 12:
        return to_persian_digits(str(jy))
    return f"{MONTH_NAMES[jm - 1]} {to_persian_digits(str(jy))}"


def time_axis(start: _dt.date, end: _dt.date, most: int = 6) -> list[tuple[int, str]]:
    """Ticks for an axis from `start` to `end` (inclusive), at most `most` of them,
    distinct and in date order."""
    if end < start:
        start, end = end, start
    for step in STEPS:
        starts = _month_starts(start, end, step)
        if len(starts) <= most:
            break
    if len(starts) >= 2:
        return [(from_jalali(jy, jm, 1).toordinal(), _label(jy, jm, step)) for jy, jm in starts]
    days = [start] if start == end else [start, end]
    return [(d.toordinal(), format_jalali(d)) for d in days]
