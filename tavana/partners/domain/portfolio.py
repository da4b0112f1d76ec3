"""The year's portfolio of joint projects: scores, the best choice within the
limits (HiGHS, exactly), and why, line by line (pure Python, no Django).

Each candidate is rated 1–5 on value, feasibility and speed (time to a result:
5 is soonest) and has a cost and a staff need (person-months). Cost becomes a
1–5 rating too (the cheapest candidate 5, the dearest 1), so the four weights
the manager sets weigh like with like:

    score = (w_value·value + w_feasibility·feasibility + w_speed·speed + w_cost·cheapness) / Σw

The proposal is the set of candidates with the largest total score such that

    Σ cost ≤ budget,  Σ staff ≤ staff limit,  min ≤ number chosen ≤ max,
    (optionally) only quick wins,  at least `cover_axes` different axes,

solved as a 0–1 integer programme by HiGHS (`new_highs()`), so it is the best
choice, not a greedy one. Every line of the explanation is itself a solve:
for a chosen project, the best portfolio *without* it (what the year loses);
for one left out, the best portfolio *with* it forced in (what it would cost,
and what it would push out), or the limit it breaks on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from tavana.core.domain.numbers import format_number
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.domain.solver import new_highs

CRITERIA = ("value", "feasibility", "speed", "cost")
CRITERIA_LABELS = {
    "value": "ارزش و اثر",
    "feasibility": "شدنی بودن",
    "speed": "زودبازدهی",
    "cost": "کم‌هزینگی",
}
DEFAULT_WEIGHTS = {"value": 4, "feasibility": 3, "speed": 3, "cost": 2}


@dataclass(frozen=True)
class Candidate:
    id: int
    title: str
    axis: str  # the axis's code
    quick: bool  # a quick win (horizon)
    value: int  # 1–5
    feasibility: int  # 1–5
    speed: int  # 1–5
    cost: int  # in the budget's unit (toman); ≥ 0
    staff: float  # person-months; ≥ 0


@dataclass(frozen=True)
class Limits:
    budget: int
    staff: float
    min_count: int = 3
    max_count: int = 4
    quick_only: bool = True
    cover_axes: int = 0  # at least this many different axes (0: no rule)


@dataclass
class Line:
    """One line of the explanation, about one candidate."""

    id: int
    title: str
    score: float
    chosen: bool
    text: str
    delta: float | None = None  # how much the total would fall (≥ 0), if computed


@dataclass
class Proposal:
    chosen: list[int]
    total: float
    cost: int
    staff: float
    scores: dict[int, float]
    lines: list[Line] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    feasible: bool = True


def _fa(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{x:.0f}"
    return format_number(Decimal(text), grouping=False)


def _money(x: int) -> str:
    return format_number(x)


def weight_errors(weights: dict[str, float]) -> dict[str, str]:
    errors = {}
    for k in CRITERIA:
        w = weights.get(k)
        if w is None or w < 0 or w > 10:
            errors[f"w_{k}"] = "وزن باید عددی از ۰ تا ۱۰ باشد."
    if not errors and sum(weights[k] for k in CRITERIA) <= 0:
        errors["w_value"] = "دست‌کم یکی از وزن‌ها باید بیشتر از صفر باشد."
    return errors


def scores(candidates: list[Candidate], weights: dict[str, float]) -> dict[int, float]:
    """Each candidate's weighted score on a 1–5 scale."""
    if not candidates:
        return {}
    lo = min(c.cost for c in candidates)
    hi = max(c.cost for c in candidates)
    total_w = sum(weights[k] for k in CRITERIA)
    out = {}
    for c in candidates:
        cheap = 5.0 if hi == lo else 1.0 + 4.0 * (hi - c.cost) / (hi - lo)
        s = (
            weights["value"] * c.value
            + weights["feasibility"] * c.feasibility
            + weights["speed"] * c.speed
            + weights["cost"] * cheap
        ) / total_w
        out[c.id] = round(s, 4)
    return out


def cheapness(candidates: list[Candidate], c: Candidate) -> float:
    lo = min(x.cost for x in candidates)
    hi = max(x.cost for x in candidates)
    return 5.0 if hi == lo else 1.0 + 4.0 * (hi - c.cost) / (hi - lo)


def _solve(
    candidates: list[Candidate],
    score: dict[int, float],
    limits: Limits,
    fixed: dict[int, int] | None = None,
) -> tuple[list[int], float] | None:
    """The best set (ids, total score) under the limits with some choices fixed;
    None when no set satisfies them."""
    import highspy

    fixed = fixed or {}
    n = len(candidates)
    axes = sorted({c.axis for c in candidates})
    m = n + len(axes)  # x_i for candidates, y_a for "axis a is covered"
    h = new_highs(mip_rel_gap=0.0, mip_abs_gap=1e-9)
    inf = highspy.kHighsInf
    lower = np.zeros(m)
    upper = np.ones(m)
    for i, c in enumerate(candidates):
        if limits.quick_only and not c.quick:
            upper[i] = 0.0
        if c.id in fixed:
            lower[i] = upper[i] = float(fixed[c.id])
    if any(lower[i] > upper[i] for i in range(n)):
        return None
    h.addVars(m, lower, upper)
    # a tie between equal scores goes to the cheaper set (a tiny tilt, far below
    # any difference of scores the 1–5 ratings can make)
    budget = max(limits.budget, 1)
    cost = np.array([score[c.id] - 1e-6 * c.cost / budget for c in candidates] + [0.0] * len(axes))
    h.changeColsCost(m, np.arange(m, dtype=np.int32), cost)
    h.changeColsIntegrality(m, np.arange(m, dtype=np.int32), np.full(m, 1, dtype=np.uint8))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    idx = np.arange(n, dtype=np.int32)

    def row(lo: float, hi: float, cols: np.ndarray, vals: np.ndarray) -> None:
        h.addRow(lo, hi, len(cols), cols.astype(np.int32), vals.astype(np.float64))

    row(-inf, float(limits.budget), idx, np.array([float(c.cost) for c in candidates]))
    row(-inf, float(limits.staff), idx, np.array([float(c.staff) for c in candidates]))
    row(float(limits.min_count), float(limits.max_count), idx, np.ones(n))
    if limits.cover_axes:
        for a, axis in enumerate(axes):  # y_a ≤ Σ x_i over the axis's candidates
            members = [i for i, c in enumerate(candidates) if c.axis == axis]
            row(-inf, 0.0, np.array([n + a, *members]), np.array([1.0] + [-1.0] * len(members)))
        row(float(limits.cover_axes), inf, np.arange(n, m), np.ones(len(axes)))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = h.getSolution().col_value
    chosen = [candidates[i].id for i in range(n) if values[i] > 0.5]
    return chosen, round(sum(score[i] for i in chosen), 4)


def limit_errors(limits: Limits) -> dict[str, str]:
    errors = {}
    if limits.budget < 0:
        errors["budget"] = "بودجه نمی‌تواند منفی باشد."
    if limits.staff < 0:
        errors["staff"] = "نیروی انسانی نمی‌تواند منفی باشد."
    if limits.min_count < 1:
        errors["min_count"] = "دست‌کم یک پروژه باید انتخاب شود."
    if limits.max_count < limits.min_count:
        errors["max_count"] = "بیشترین تعداد نباید از کمترین تعداد کمتر باشد."
    if limits.cover_axes < 0 or limits.cover_axes > 4:
        errors["cover_axes"] = "شمار محورها باید از ۰ تا ۴ باشد."
    return errors


def _names(ids: list[int], by_id: dict[int, Candidate]) -> str:
    return "، ".join(f"«{by_id[i].title}»" for i in ids)


def propose(candidates: list[Candidate], weights: dict[str, float], limits: Limits) -> Proposal:
    """The best portfolio and its explanation (see module doc)."""
    score = scores(candidates, weights)
    by_id = {c.id: c for c in candidates}
    best = _solve(candidates, score, limits)
    if best is None:
        return Proposal(
            [],
            0.0,
            0,
            0.0,
            score,
            summary=[_why_infeasible(candidates, limits)],
            feasible=False,
        )
    chosen, total = best
    proposal = Proposal(
        chosen,
        total,
        sum(by_id[i].cost for i in chosen),
        sum(by_id[i].staff for i in chosen),
        score,
    )
    proposal.summary = _summary(proposal, limits, weights)
    for c in sorted(candidates, key=lambda c: (-score[c.id], c.id)):
        proposal.lines.append(_line(c, candidates, score, limits, chosen, total, by_id))
    return proposal


def _summary(p: Proposal, limits: Limits, weights: dict[str, float]) -> list[str]:
    w = "، ".join(f"{CRITERIA_LABELS[k]} {_fa(weights[k])}" for k in CRITERIA)
    lines = [
        f"وزن‌ها: {w}. امتیاز هر پروژه میانگین وزنی چهار معیار است (از ۱ تا ۵).",
        f"پیشنهاد: {to_persian_digits(len(p.chosen))} پروژه با جمع امتیاز {_fa(p.total)} — "
        "بیشترین جمع امتیازی که در این محدودیت‌ها ممکن است (حل دقیق با حل‌کنندهٔ بهینه‌سازی).",
        f"بودجه: {_money(p.cost)} از {_money(limits.budget)} تومان؛ "
        f"نیروی انسانی: {_fa(p.staff, 1)} از {_fa(limits.staff, 1)} نفر-ماه.",
    ]
    rules = [
        f"از {to_persian_digits(limits.min_count)} تا {to_persian_digits(limits.max_count)} پروژه"
    ]
    if limits.quick_only:
        rules.append("فقط پروژه‌های زودبازده")
    if limits.cover_axes:
        rules.append(f"دست‌کم {to_persian_digits(limits.cover_axes)} محور")
    lines.append("قیدها: " + "، ".join(rules) + ".")
    return lines


def _line(c, candidates, score, limits, chosen, total, by_id) -> Line:
    s = score[c.id]
    parts = (
        f"{CRITERIA_LABELS['value']} {to_persian_digits(c.value)}، "
        f"{CRITERIA_LABELS['feasibility']} {to_persian_digits(c.feasibility)}، "
        f"{CRITERIA_LABELS['speed']} {to_persian_digits(c.speed)}، "
        f"{CRITERIA_LABELS['cost']} {_fa(cheapness(candidates, c), 1)}"
    )
    head = f"امتیاز {_fa(s)} ({parts})"
    if c.id in chosen:
        without = _solve(candidates, score, limits, {c.id: 0})
        if without is None:
            text = f"{head}. انتخاب شد؛ بدون آن هیچ مجموعه‌ای همهٔ قیدها را برآورده نمی‌کند."
            return Line(c.id, c.title, s, True, text)
        delta = round(total - without[1], 4)
        instead = [i for i in without[0] if i not in chosen]
        text = f"{head}. انتخاب شد؛ بدون آن بهترین جمع امتیاز {_fa(without[1])} است "
        text += f"({_fa(delta)} کمتر)" + (
            f" و جای آن را {_names(instead, by_id)} می‌گیرد." if instead else "."
        )
        return Line(c.id, c.title, s, True, text, delta)
    if limits.quick_only and not c.quick:
        text = f"{head}. انتخاب نشد: زودبازده نیست؛ برای برنامهٔ میان‌مدت یا بلندمدت می‌ماند."
        return Line(c.id, c.title, s, False, text)
    if c.cost > limits.budget:
        text = f"{head}. انتخاب نشد: هزینه‌اش ({_money(c.cost)} تومان) از کل بودجه بیشتر است."
        return Line(c.id, c.title, s, False, text)
    if c.staff > limits.staff:
        text = f"{head}. انتخاب نشد: نیروی لازمش از کل نیروی انسانی بیشتر است."
        return Line(c.id, c.title, s, False, text)
    forced = _solve(candidates, score, limits, {c.id: 1})
    if forced is None:
        text = f"{head}. انتخاب نشد: با آن هیچ مجموعه‌ای همهٔ قیدها را برآورده نمی‌کند."
        return Line(c.id, c.title, s, False, text)
    delta = round(total - forced[1], 4)
    out = [i for i in chosen if i not in forced[0]]
    text = f"{head}. انتخاب نشد: بهترین سبدی که آن را دارد جمع امتیاز {_fa(forced[1])} دارد "
    text += f"({_fa(delta)} کمتر)"
    text += f" و باید {_names(out, by_id)} را کنار بگذارد." if out else "."
    return Line(c.id, c.title, s, False, text, delta)


def _why_infeasible(candidates: list[Candidate], limits: Limits) -> str:
    eligible = [c for c in candidates if c.quick or not limits.quick_only]
    if len(eligible) < limits.min_count:
        return (
            f"فقط {to_persian_digits(len(eligible))} پروژهٔ واجد شرایط هست؛ "
            f"دست‌کم {to_persian_digits(limits.min_count)} لازم است."
        )
    cheapest = sorted(c.cost for c in eligible)[: limits.min_count]
    if sum(cheapest) > limits.budget:
        return (
            f"حتی ارزان‌ترین {to_persian_digits(limits.min_count)} پروژه "
            f"({_money(sum(cheapest))} تومان) در بودجه نمی‌گنجد."
        )
    return "هیچ مجموعه‌ای همهٔ قیدها (بودجه، نیروی انسانی، تعداد، محورها) را با هم برآورده نمی‌کند."


def check_choice(candidates: list[Candidate], ids: list[int], limits: Limits) -> dict[str, str]:
    """A manager's own choice must keep the same limits; the reasons it does not."""
    by_id = {c.id: c for c in candidates}
    errors: dict[str, str] = {}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        return {"chosen": "پروژه‌ای که در فهرست این سبد نیست انتخاب شده است."}
    cost = sum(by_id[i].cost for i in ids)
    staff = sum(by_id[i].staff for i in ids)
    if not limits.min_count <= len(ids) <= limits.max_count:
        errors["chosen"] = (
            f"از {to_persian_digits(limits.min_count)} تا {to_persian_digits(limits.max_count)} "
            f"پروژه انتخاب کنید (اکنون {to_persian_digits(len(ids))})."
        )
    elif cost > limits.budget:
        errors["chosen"] = (
            f"هزینهٔ این انتخاب ({_money(cost)} تومان) از بودجه ({_money(limits.budget)}) بیشتر است."
        )
    elif staff > limits.staff:
        errors["chosen"] = "نیروی انسانی لازم برای این انتخاب از سقف بیشتر است."
    elif limits.quick_only and any(not by_id[i].quick for i in ids):
        errors["chosen"] = "در این سبد فقط پروژه‌های زودبازده پذیرفته می‌شوند."
    elif limits.cover_axes and len({by_id[i].axis for i in ids}) < limits.cover_axes:
        errors["chosen"] = (
            f"پروژه‌ها باید دست‌کم {to_persian_digits(limits.cover_axes)} محور را بپوشانند."
        )
    return errors
