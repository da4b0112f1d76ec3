"""The early warning of academic decline: indicators in, flags with reasons out.

The indicators and their thresholds are data (an administrator edits them);
this module only applies them. `evaluate` looks at a child's latest term in
the light of her history and returns one `Flag` per indicator that fires, each
with a Persian sentence saying why (the figures and the threshold). The same
function decides, at the next term, whether an open flag has resolved: a flag
resolves when its indicator no longer fires.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tavana.core.domain.persian_text import to_persian_digits

from .academic import CORE_SUBJECTS, DESCRIPTIVE, GRADES, PASS_MARK, term_label, term_order

ABSENCES = "absences"
LOW_AVERAGE = "low_average"
FAILING_SUBJECTS = "failing_subjects"
AVERAGE_DROP = "average_drop"
REPEATED_GRADE = "repeated_grade"

# code → (Persian name, what the threshold means, default threshold, default severity)
INDICATORS: dict[str, tuple[str, str, Decimal, int]] = {
    ABSENCES: ("غیبت زیاد", "روز غیبت در یک نوبت (از این تعداد به بالا)", Decimal(10), 2),
    LOW_AVERAGE: ("معدل پایین", "معدل کمتر از", Decimal(12), 2),
    FAILING_SUBJECTS: (
        "افت در درس‌های اصلی",
        "تعداد درس‌های اصلی زیر ۱۰ (از این تعداد به بالا)",
        Decimal(2),
        2,
    ),
    AVERAGE_DROP: (
        "افت معدل نسبت به نوبت قبل",
        "کاهش معدل (نمره، از این مقدار به بالا)",
        Decimal(2),
        3,
    ),
    REPEATED_GRADE: ("تکرار پایه", "بار تکرار پایه (از این تعداد به بالا)", Decimal(1), 3),
}
SEVERITY_LABELS = {1: "کم", 2: "متوسط", 3: "زیاد"}


@dataclass(frozen=True)
class Indicator:
    code: str
    threshold: Decimal
    severity: int = 2
    active: bool = True

    @property
    def name(self) -> str:
        return INDICATORS[self.code][0]


def default_indicators() -> list[Indicator]:
    return [Indicator(code, t, sev) for code, (_, _, t, sev) in INDICATORS.items()]


@dataclass(frozen=True)
class TermFacts:
    """What a term's results say about one child."""

    year: int
    term: int
    grade: int
    average: Decimal | None = None
    descriptive: str | None = None
    absences: int | None = None
    marks: dict[str, Decimal] = field(default_factory=dict)

    @property
    def order(self) -> int:
        return term_order(self.year, self.term)


@dataclass(frozen=True)
class Flag:
    code: str
    severity: int
    reason: str
    threshold: Decimal


def _p(x: object) -> str:
    if isinstance(x, Decimal):
        x = x.normalize()
        x = format(x, "f")
    return to_persian_digits(str(x)).replace(".", "٫")


def _absences(now: TermFacts, ind: Indicator, _history) -> str | None:
    if now.absences is None or now.absences < ind.threshold:
        return None
    return (
        f"{_p(now.absences)} روز غیبت در {term_label(now.year, now.term)} "
        f"(آستانه: {_p(ind.threshold)} روز)"
    )


def _low_average(now: TermFacts, ind: Indicator, _history) -> str | None:
    if now.average is not None:
        if now.average >= ind.threshold:
            return None
        return (
            f"معدل {_p(now.average)} در {term_label(now.year, now.term)} "
            f"(کمتر از {_p(ind.threshold)})"
        )
    if now.descriptive == "needs_effort":
        return (
            f"ارزشیابی توصیفی «{DESCRIPTIVE['needs_effort'][0]}» "
            f"در {term_label(now.year, now.term)}"
        )
    return None


def _failing_subjects(now: TermFacts, ind: Indicator, _history) -> str | None:
    failing = [code for code, mark in now.marks.items() if mark is not None and mark < PASS_MARK]
    if not failing or len(failing) < ind.threshold:
        return None
    names = "، ".join(CORE_SUBJECTS.get(c, c) for c in sorted(failing))
    return (
        f"{_p(len(failing))} درس اصلی زیر ۱۰ ({names}) در {term_label(now.year, now.term)} "
        f"(آستانه: {_p(ind.threshold)} درس)"
    )


def _average_drop(now: TermFacts, ind: Indicator, history: Sequence[TermFacts]) -> str | None:
    before = [t for t in history if t.order < now.order]
    if not before:
        return None
    prev = max(before, key=lambda t: t.order)
    if prev.average is not None and now.average is not None:
        drop = prev.average - now.average
        if drop < ind.threshold:
            return None
        return (
            f"معدل از {_p(prev.average)} در {term_label(prev.year, prev.term)} به "
            f"{_p(now.average)} رسید ({_p(drop)} نمره افت؛ آستانه: {_p(ind.threshold)})"
        )
    if prev.descriptive and now.descriptive:
        steps = DESCRIPTIVE[prev.descriptive][1] - DESCRIPTIVE[now.descriptive][1]
        if steps >= 2:
            return (
                f"ارزشیابی توصیفی از «{DESCRIPTIVE[prev.descriptive][0]}» به "
                f"«{DESCRIPTIVE[now.descriptive][0]}» رسید"
            )
    return None


def _repeated_grade(now: TermFacts, ind: Indicator, history: Sequence[TermFacts]) -> str | None:
    grade_by_year = {t.year: t.grade for t in history if t.year < now.year}
    repeats = sum(1 for y, g in grade_by_year.items() if g >= now.grade and y < now.year)
    if repeats < ind.threshold or repeats == 0:
        return None
    return (
        f"پایهٔ {GRADES.get(now.grade, _p(now.grade))} در سال {_p(now.year)} تکرار شده است "
        f"({_p(repeats)} بار)"
    )


RULES = {
    ABSENCES: _absences,
    LOW_AVERAGE: _low_average,
    FAILING_SUBJECTS: _failing_subjects,
    AVERAGE_DROP: _average_drop,
    REPEATED_GRADE: _repeated_grade,
}


def evaluate(history: Iterable[TermFacts], indicators: Iterable[Indicator]) -> list[Flag]:
    """The flags a child's latest term raises, most urgent first. `history` is
    every term known for her (any order); the latest one is judged."""
    terms = sorted(history, key=lambda t: t.order)
    if not terms:
        return []
    now = terms[-1]
    flags = []
    for ind in indicators:
        if not ind.active or ind.code not in RULES:
            continue
        reason = RULES[ind.code](now, ind, terms)
        if reason:
            flags.append(Flag(ind.code, ind.severity, reason, ind.threshold))
    flags.sort(key=lambda f: (-f.severity, f.code))
    return flags


def urgency(severities: Iterable[int], days_open: int) -> int:
    """How urgent a child's open flags are together: the severities add up, and
    a flag left without an intervention grows more urgent each month."""
    return sum(severities) * 10 + min(days_open // 30, 12)
