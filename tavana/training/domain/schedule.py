"""Course schedules, attendance and completion, seats and demand (pure Python).

A course meets on some weekdays from a first date until it has held a number
of sessions. A woman completes it when she attended at least the course's
threshold (75 % by default) of the sessions held. A centre's seats in a month
are its concurrent capacity times the teaching slots of that month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# Python's weekday(): Monday = 0 … Sunday = 6. The Persian week starts on Saturday.
WEEKDAYS = (
    (5, "شنبه"),
    (6, "یکشنبه"),
    (0, "دوشنبه"),
    (1, "سه‌شنبه"),
    (2, "چهارشنبه"),
    (3, "پنجشنبه"),
    (4, "جمعه"),
)
DEFAULT_THRESHOLD = 75  # percent of the sessions held
MAX_SESSIONS = 120
# Teaching slots a room offers per working day (morning and afternoon); the
# working days of a month are Saturday to Wednesday.
SLOTS_PER_DAY = 2
WORKING_WEEKDAYS = frozenset({5, 6, 0, 1, 2})


def session_dates(first: dt.date, weekdays: Iterable[int], count: int) -> list[dt.date]:
    """The dates of `count` sessions on the given weekdays, starting at `first`
    (which need not itself be one of them)."""
    days = set(weekdays)
    if not days or count <= 0:
        return []
    if not days <= set(range(7)):
        raise ValueError("weekday out of range")
    count = min(count, MAX_SESSIONS)
    out: list[dt.date] = []
    d = first
    while len(out) < count:
        if d.weekday() in days:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def attendance_percent(attended: int, held: int) -> int:
    """Whole percent of the sessions held that she attended (0 when none held)."""
    if held <= 0:
        return 0
    attended = max(0, min(attended, held))
    return (attended * 100) // held


def completes(attended: int, held: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """At least `threshold` percent of the sessions held, compared without rounding."""
    if held <= 0:
        return False
    return attended * 100 >= threshold * held


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days (Saturday to Wednesday) in [start, end)."""
    n, d = 0, start
    while d < end:
        n += d.weekday() in WORKING_WEEKDAYS
        d += dt.timedelta(days=1)
    return n


@dataclass(frozen=True)
class Utilisation:
    seats_available: int  # centre capacity × slots in the month
    seats_scheduled: int  # Σ course capacity over the month's sessions
    percent: int

    @property
    def over(self) -> bool:
        return self.seats_scheduled > self.seats_available


def utilisation(capacity: int, slots: int, seats_scheduled: int) -> Utilisation:
    available = max(0, capacity) * max(0, slots)
    percent = (seats_scheduled * 100) // available if available else 0
    return Utilisation(available, seats_scheduled, percent)


def initials(first_name: str, last_name: str) -> str:
    """The initials shown publicly on a certificate check: «فاطمه رضایی» → «ف. ر.»."""
    parts = []
    for name in (first_name, last_name):
        name = (name or "").strip()
        if name:
            parts.append(name[0] + ".")
    return " ".join(parts)
