"""Jalali (Solar Hijri) dates: parsing, display and report periods (pure Python).

Storage is Gregorian (``datetime.date``, UTC instants); people see and type
Jalali. Conversion and leap years come from ``jdatetime`` (which follows the
official calendar: 1399, 1403 and 1408 are leap years, 1404 is not); Jalali →
Gregorian calls ``jalali_core`` directly, the converter jdatetime itself uses
(the same dates, without building a jdatetime object: a bulk import converts
tens of thousands).

Decisions:

- ``parse_jalali`` accepts ``YYYY/MM/DD``, ``YYYY-MM-DD`` (also ``.`` and the
  Arabic decimal separator ``٫``), one-digit month/day, digits of any script,
  spaces and invisible bidi marks; also ``DD/MM/YYYY`` when the year is the
  only 4-digit part (it is what an RTL screen shows) and a compact
  ``YYYYMMDD``. Years outside 1200–1600 are rejected; a year that looks
  Gregorian (1900–2100) gets a message saying so.
- Aware datetimes are shown in Asia/Tehran; naive ones as they are.
- Report periods are Gregorian half-open ranges ``[start, end)``.
"""

from __future__ import annotations

import datetime as _dt
import re

import jdatetime
from jalali_core import JalaliToGregorian

from .persian_text import to_ascii_digits, to_persian_digits

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "MONTH_NAMES",
    "SEASON_NAMES",
    "TEHRAN",
    "WEEKDAY_NAMES",
    "InvalidDate",
    "format_jalali",
    "format_jalali_datetime",
    "format_jalali_long",
    "from_jalali",
    "is_leap",
    "jalali_month_of",
    "jalali_today",
    "jalali_year_of",
    "month_length",
    "month_range",
    "parse_jalali",
    "parse_plain_jalali",
    "season_of",
    "season_range",
    "to_jalali",
    "to_jalali_iso",
    "year_range",
]

MONTH_NAMES = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
SEASON_NAMES = ("بهار", "تابستان", "پاییز", "زمستان")
# jdatetime's weekday(): Saturday = 0.
WEEKDAY_NAMES = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")

MIN_YEAR = 1200
MAX_YEAR = 1600


def _zone(name: str) -> _dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no tz database on this machine
        if name == "Asia/Tehran":
            # Iran has kept +03:30 all year since 2022.
            return _dt.timezone(_dt.timedelta(hours=3, minutes=30), "IRST")
        raise


TEHRAN = _zone("Asia/Tehran")


class InvalidDate(ValueError):
    """A date that cannot be accepted; ``message`` is Persian.

    ``code``: ``empty``, ``format``, ``gregorian``, ``year``, ``month``, ``day``.
    """

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


def _p(n: object) -> str:
    return to_persian_digits(n)


# ------------------------------------------------------------------ calendar


def is_leap(jy: int) -> bool:
    """Is Jalali year ``jy`` a leap year (Esfand has 30 days)?"""
    return jdatetime.date(jy, 1, 1).isleap()


def month_length(jy: int, jm: int) -> int:
    if jm <= 6:
        return 31
    if jm <= 11:
        return 30
    return 30 if is_leap(jy) else 29


def _check(jy: int, jm: int, jd: int) -> None:
    if 1900 <= jy <= 2100:
        raise InvalidDate(
            f"سال {_p(jy)} میلادی به نظر می‌رسد؛ تاریخ را شمسی وارد کنید", code="gregorian"
        )
    if not MIN_YEAR <= jy <= MAX_YEAR:
        raise InvalidDate(
            f"سال باید بین {_p(MIN_YEAR)} و {_p(MAX_YEAR)} باشد ({_p(jy)} وارد شده است)",
            code="year",
        )
    if not 1 <= jm <= 12:
        raise InvalidDate(f"ماه باید بین ۱ و ۱۲ باشد ({_p(jm)} وارد شده است)", code="month")
    n = month_length(jy, jm)
    if 1 <= jd <= n:
        return
    if not 1 <= jd <= 31:
        raise InvalidDate(f"روز باید بین ۱ و ۳۱ باشد ({_p(jd)} وارد شده است)", code="day")
    if jm == 12:
        if jd == 30:
            msg = f"سال {_p(jy)} کبیسه نیست و اسفند آن ۲۹ روز دارد"
        else:
            msg = f"اسفند سال {_p(jy)} فقط {_p(n)} روز دارد؛ روز {_p(jd)} معتبر نیست"
    else:
        msg = f"{MONTH_NAMES[jm - 1]} فقط {_p(n)} روز دارد؛ روز {_p(jd)} معتبر نیست"
    raise InvalidDate(msg, code="day")


def from_jalali(jy: int, jm: int, jd: int) -> _dt.date:
    """Gregorian date of Jalali ``jy/jm/jd``, or :class:`InvalidDate`."""
    _check(jy, jm, jd)
    return _dt.date(*JalaliToGregorian(jy, jm, jd).getGregorianList())


# -------------------------------------------------------------------- parse

_SEP = r"\s*[/\-.\u066b]\s*"
_DATE_RE = re.compile(rf"(\d{{1,4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,4}})")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff",
    )
)
_FORMAT_MSG = "تاریخ باید به شکل سال/ماه/روز باشد، مثل ۱۴۰۳/۰۱/۱۵"


def parse_jalali(s: str) -> _dt.date:
    """Jalali date text → Gregorian ``datetime.date`` (see module doc)."""
    text = " ".join(to_ascii_digits(s).translate(_INVISIBLE).split())
    if not text:
        raise InvalidDate("تاریخ وارد نشده است", code="empty")
    m = _DATE_RE.fullmatch(text)
    if m:
        a, b, c = m.groups()
        if len(a) == 4 and len(c) <= 2:
            y, mo, d = a, b, c
        elif len(c) == 4 and len(a) <= 2:
            d, mo, y = a, b, c
        else:
            raise InvalidDate(_FORMAT_MSG + " (سال چهار رقمی)", code="format")
    else:
        m = _COMPACT_RE.fullmatch(text)
        if not m:
            raise InvalidDate(_FORMAT_MSG, code="format")
        y, mo, d = m.groups()
    return from_jalali(int(y), int(mo), int(d))


_PLAIN_RE = re.compile(r"\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*")


def parse_plain_jalali(s: str) -> _dt.date | None:
    """`parse_jalali`'s date for the common case, found faster; None otherwise.

    The common case is ``YYYY/MM/DD`` (``-`` or ``.`` also, digits of any
    script) whose year, month and day are plainly valid without knowing leap
    years (Esfand 30 is left out). Anything else — other layouts, out-of-range
    parts, invisible marks — gets None, and the caller asks `parse_jalali`,
    which also says what is wrong. For bulk input (the import), where most
    dates are distinct and the checks of `parse_jalali` cost more than the
    conversion.
    """
    m = _PLAIN_RE.fullmatch(to_ascii_digits(s))
    if m is None:
        return None
    jy, jm, jd = int(m[1]), int(m[2]), int(m[3])
    if (
        MIN_YEAR <= jy <= MAX_YEAR
        and not 1900 <= jy <= 2100
        and 1 <= jm <= 12
        and 1 <= jd <= (31 if jm <= 6 else 30 if jm <= 11 else 29)
    ):
        return _dt.date(*JalaliToGregorian(jy, jm, jd).getGregorianList())
    return None


# ------------------------------------------------------------------- format


def _jdate(d: object) -> jdatetime.date:
    if isinstance(d, jdatetime.datetime):
        d = d.togregorian()
    elif isinstance(d, jdatetime.date):
        return d
    if isinstance(d, _dt.datetime):
        if d.tzinfo is not None and d.utcoffset() is not None:
            d = d.astimezone(TEHRAN)
        d = d.date()
    if isinstance(d, _dt.date):
        return jdatetime.date.fromgregorian(date=d)
    raise TypeError(f"expected a date or datetime, got {type(d).__name__}")


def to_jalali(d: _dt.date | _dt.datetime) -> tuple[int, int, int]:
    """``(year, month, day)`` in the Jalali calendar."""
    j = _jdate(d)
    return j.year, j.month, j.day


def format_jalali(d: _dt.date | _dt.datetime | None, persian_digits: bool = True) -> str:
    """«۱۴۰۳/۱۲/۱۶»; ``""`` for ``None``."""
    if d is None:
        return ""
    y, m, day = to_jalali(d)
    out = f"{y:04d}/{m:02d}/{day:02d}"
    return to_persian_digits(out) if persian_digits else out


def format_jalali_long(
    d: _dt.date | _dt.datetime | None, persian_digits: bool = True, weekday: bool = False
) -> str:
    """«۱۶ اسفند ۱۴۰۳» (with ``weekday=True``: «پنجشنبه ۱۶ اسفند ۱۴۰۳»)."""
    if d is None:
        return ""
    j = _jdate(d)
    out = f"{j.day} {MONTH_NAMES[j.month - 1]} {j.year}"
    if weekday:
        out = f"{WEEKDAY_NAMES[j.weekday()]} {out}"
    return to_persian_digits(out) if persian_digits else out


def format_jalali_datetime(dt: _dt.datetime | _dt.date | None, persian_digits: bool = True) -> str:
    """«۱۴۰۳/۱۲/۱۶ ساعت ۱۴:۳۰» (aware datetimes shown in Tehran time)."""
    if dt is None:
        return ""
    if isinstance(dt, jdatetime.datetime):
        dt = dt.togregorian()
    if not isinstance(dt, _dt.datetime):
        return format_jalali(dt, persian_digits)
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        dt = dt.astimezone(TEHRAN)
    out = f"{format_jalali(dt, False)} ساعت {dt.hour:02d}:{dt.minute:02d}"
    return to_persian_digits(out) if persian_digits else out


def to_jalali_iso(d: _dt.date | _dt.datetime | None) -> str:
    """``"1403-12-16"`` (ASCII digits, for files and APIs); ``""`` for ``None``."""
    if d is None:
        return ""
    y, m, day = to_jalali(d)
    return f"{y:04d}-{m:02d}-{day:02d}"


def jalali_year_of(d: _dt.date | _dt.datetime) -> int:
    return to_jalali(d)[0]


def jalali_month_of(d: _dt.date | _dt.datetime) -> tuple[int, int]:
    """``(year, month)`` in the Jalali calendar."""
    y, m, _ = to_jalali(d)
    return y, m


def season_of(d: _dt.date | _dt.datetime) -> tuple[int, int]:
    """``(year, season)`` with season 1 = بهار … 4 = زمستان."""
    y, m, _ = to_jalali(d)
    return y, (m - 1) // 3 + 1


def jalali_today(tz: str = "Asia/Tehran") -> jdatetime.date:
    """Today's date in ``tz`` as a ``jdatetime.date`` (``.year``, ``.month``,
    ``.day`` are Jalali; ``.togregorian()`` gives the ``datetime.date``)."""
    zone = TEHRAN if tz == "Asia/Tehran" else _zone(tz)
    return jdatetime.date.fromgregorian(date=_dt.datetime.now(zone).date())


# ------------------------------------------------------------------ periods


def _check_year(jy: int) -> None:
    if not MIN_YEAR <= jy <= MAX_YEAR:
        raise InvalidDate(f"سال باید بین {_p(MIN_YEAR)} و {_p(MAX_YEAR)} باشد", code="year")


def month_range(jy: int, jm: int) -> tuple[_dt.date, _dt.date]:
    """Gregorian ``[start, end)`` of Jalali month ``jm`` of year ``jy``."""
    _check_year(jy)
    if not 1 <= jm <= 12:
        raise InvalidDate(f"ماه باید بین ۱ و ۱۲ باشد ({_p(jm)} وارد شده است)", code="month")
    start = jdatetime.date(jy, jm, 1).togregorian()
    return start, start + _dt.timedelta(days=month_length(jy, jm))


def season_range(jy: int, season: int) -> tuple[_dt.date, _dt.date]:
    """Gregorian ``[start, end)`` of a season: 1 بهار, 2 تابستان, 3 پاییز, 4 زمستان."""
    if not 1 <= season <= 4:
        raise InvalidDate(f"فصل باید بین ۱ و ۴ باشد ({_p(season)} وارد شده است)", code="season")
    return month_range(jy, 3 * season - 2)[0], month_range(jy, 3 * season)[1]


def year_range(jy: int) -> tuple[_dt.date, _dt.date]:
    """Gregorian ``[start, end)`` of Jalali year ``jy`` (Nowruz to Nowruz)."""
    return month_range(jy, 1)[0], month_range(jy, 12)[1]
