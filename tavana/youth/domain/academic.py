"""The Iranian school calendar and marks, in plain Python.

An academic year runs from 1 Mehr to 31 Khordad and is named by the Jalali
year in which it begins (1403 = Mehr 1403 to Khordad 1404). It has two terms
(نوبت): the first ends with the Dey exams, the second with the Khordad ones.
Marks are on the 0–20 scale; primary years (grades 1–6) get descriptive grades
(توصیفی) in four levels instead.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import jdatetime

from tavana.core.domain.persian_text import to_ascii_digits, to_persian_digits

GRADES: dict[int, str] = {
    1: "اول",
    2: "دوم",
    3: "سوم",
    4: "چهارم",
    5: "پنجم",
    6: "ششم",
    7: "هفتم",
    8: "هشتم",
    9: "نهم",
    10: "دهم",
    11: "یازدهم",
    12: "دوازدهم",
}
GRADE_CHOICES = [(g, f"پایهٔ {name}") for g, name in GRADES.items()]

PRIMARY, LOWER_SECONDARY, UPPER_SECONDARY = "primary", "lower", "upper"
STAGE_LABELS = {
    PRIMARY: "ابتدایی",
    LOWER_SECONDARY: "متوسطهٔ اول",
    UPPER_SECONDARY: "متوسطهٔ دوم",
}

TERMS = {1: "نوبت اول (دی)", 2: "نوبت دوم (خرداد)"}
TERM_CHOICES = list(TERMS.items())

# Descriptive grades of the primary years, best first; the number is the level.
DESCRIPTIVE = {
    "very_good": ("خیلی خوب", 4),
    "good": ("خوب", 3),
    "acceptable": ("قابل قبول", 2),
    "needs_effort": ("نیاز به تلاش بیشتر", 1),
}
DESCRIPTIVE_CHOICES = [(code, label) for code, (label, _) in DESCRIPTIVE.items()]

# The core subjects whose marks are kept (code → Persian name).
CORE_SUBJECTS = {
    "math": "ریاضی",
    "science": "علوم",
    "persian": "فارسی",
    "english": "زبان انگلیسی",
    "arabic": "عربی",
}
PASS_MARK = Decimal(10)


def stage_of(grade: int) -> str:
    if grade <= 6:
        return PRIMARY
    return LOWER_SECONDARY if grade <= 9 else UPPER_SECONDARY


def is_descriptive(grade: int) -> bool:
    """Primary years get descriptive grades, not marks."""
    return stage_of(grade) == PRIMARY


@lru_cache(maxsize=8192)
def academic_year_of(d: _dt.date) -> int:
    """The academic year a day belongs to; summer (Tir–Shahrivar) belongs to
    the year that just ended."""
    j = jdatetime.date.fromgregorian(date=d)
    return j.year if j.month >= 7 else j.year - 1


def academic_year_label(year: int, persian_digits: bool = True) -> str:
    label = f"{year}–{year + 1}"
    return to_persian_digits(label) if persian_digits else label


@lru_cache(maxsize=512)
def academic_year_range(year: int) -> tuple[_dt.date, _dt.date]:
    """Gregorian [1 Mehr, 1 Tir of the next year)."""
    return (
        jdatetime.date(year, 7, 1).togregorian(),
        jdatetime.date(year + 1, 4, 1).togregorian(),
    )


def term_label(year: int, term: int) -> str:
    return f"{TERMS[term]} {academic_year_label(year)}"


@lru_cache(maxsize=512)
def term_results_on(year: int, term: int) -> _dt.date:
    """The day a term's results are final: the end of Dey, or the end of Khordad."""
    if term == 1:
        return jdatetime.date(year, 10, 30).togregorian()
    return jdatetime.date(year + 1, 3, 31).togregorian()


def term_order(year: int, term: int) -> int:
    """A number that orders terms in time."""
    return year * 2 + (term - 1)


class BadMark(ValueError):
    """A mark that is not a number from 0 to 20; `str(e)` says why, in Persian."""


def parse_mark(value: object) -> Decimal | None:
    """A mark on the 0–20 scale from what was typed or read from a cell: any digit
    script, «٫», «/» or «.» as the decimal separator, at most two decimals.
    Blank gives None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadMark("نمره باید عدد باشد")
    if isinstance(value, int | float | Decimal):
        text = str(value)
    else:
        text = to_ascii_digits(str(value)).strip().replace("٫", ".").replace("/", ".")
        text = text.replace(",", ".")
    if not text:
        return None
    try:
        mark = Decimal(text)
    except InvalidOperation:
        raise BadMark(f"«{value}» عدد نیست") from None
    if not mark.is_finite() or mark < 0 or mark > 20:
        raise BadMark(f"نمره باید بین ۰ و ۲۰ باشد ({to_persian_digits(text)} وارد شده است)")
    if mark != mark.quantize(Decimal("0.01")):
        raise BadMark("نمره حداکثر دو رقم اعشار دارد")
    return mark.quantize(Decimal("0.01"))


def parse_descriptive(value: object) -> str | None:
    """A descriptive grade from its code or its Persian name (any spelling of ی/ک)."""
    if value is None:
        return None
    text = " ".join(str(value).replace("ي", "ی").replace("ك", "ک").replace("\u200c", " ").split())
    if not text:
        return None
    for code, (label, _) in DESCRIPTIVE.items():
        if text in (code, label.replace("\u200c", " ")):
            return code
    raise BadMark(f"«{value}» از سطح‌های توصیفی نیست (خیلی خوب، خوب، قابل قبول، نیاز به تلاش بیشتر)")
