"""The support ladder: which level changes are allowed, and when a reason is needed.

Levels are data (rows with a code and an order); moves are data too (a table of
allowed (from, to) pairs, each saying whether a written reason is required).
Nobody leaves the ladder: "independent with follow-up" is a level, not an exit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.time_axis import time_axis

COUNSELLING = "counselling"
SKILLS = "skills"
FACILITATION = "facilitation"
GROWTH = "growth"
INDEPENDENT = "independent"

# The initial ladder (code, Persian name, order). The data migration seeds it.
INITIAL_LEVELS = (
    (COUNSELLING, "مشاوره و توانمندسازی روانی", 1),
    (SKILLS, "مهارت‌آموزی", 2),
    (FACILITATION, "تسهیل کسب‌وکار", 3),
    (GROWTH, "رشد کسب‌وکار", 4),
    (INDEPENDENT, "مستقل با پیگیری", 5),
)


def initial_transitions(orders: dict[str, int]) -> list[tuple[str, str, bool]]:
    """The seeded move table: one step up freely; two steps up or any step down
    with a written reason; a jump of three or more steps up is not allowed."""
    out = []
    for a, oa in orders.items():
        for b, ob in orders.items():
            if a == b or ob - oa >= 3:
                continue
            out.append((a, b, not (ob - oa == 1)))
    return out


@dataclass(frozen=True)
class Move:
    direction: str  # "start", "up", "down"
    needs_reason: bool


def check_level_change(
    *,
    current: str | None,
    target: str,
    orders: dict[str, int],
    transitions: dict[tuple[str, str], bool],
    reason: str = "",
) -> tuple[Move | None, dict[str, str]]:
    """Is moving from `current` to `target` allowed? Returns (move, errors);
    errors map a form field to a Persian message."""
    if target not in orders:
        return None, {"level": "سطح انتخاب‌شده تعریف نشده است."}
    if current is None:
        return Move("start", False), {}
    if current == target:
        return None, {"level": "این همان سطح کنونی است؛ سطح دیگری انتخاب کنید."}
    if (current, target) not in transitions:
        return None, {"level": "این جابه‌جایی در جدول مجاز نیست؛ سطح‌ها را گام‌به‌گام تغییر دهید."}
    direction = "up" if orders[target] > orders[current] else "down"
    needs = transitions[(current, target)]
    if needs and not (reason or "").strip():
        if direction == "down":
            return None, {"reason": "برای پایین‌آوردن سطح حمایت، دلیل را بنویسید."}
        return None, {"reason": "برای این جابه‌جایی چندگامی، دلیل را بنویسید."}
    return Move(direction, needs), {}


def ladder_points(changes: list[tuple[Any, str]], orders: dict[str, int]) -> list[dict]:
    """The ladder over time as chart points: [(date, level code), …] in date order →
    [{"date": date, "level": code, "order": n}]. Unknown codes are skipped."""
    return [
        {"date": d, "level": code, "order": orders[code]}
        for d, code in sorted(changes, key=lambda c: c[0])
        if code in orders
    ]


def ladder_chart(points: list[dict], labels: list[str], today: Any) -> dict:
    """The ladder chart's data on a real time axis: each point placed by its day
    (date ordinals), her level carried on to today, and ticks at Jalali month,
    season or year starts (`core.domain.time_axis`), each label once."""
    shown = [{"x": p["date"].toordinal(), "y": p["order"], "date": format_jalali(p["date"])}
             for p in points]  # fmt: skip
    if shown and today.toordinal() > shown[-1]["x"]:
        shown.append({"x": today.toordinal(), "y": shown[-1]["y"], "date": format_jalali(today)})
    first = points[0]["date"] if points else today
    ticks = time_axis(first, max(today, points[-1]["date"]) if points else today)
    return {
        "labels": labels,
        "points": shown,
        "min": first.toordinal(),
        "max": shown[-1]["x"] if shown else today.toordinal(),
        "ticks": [{"x": x, "label": label} for x, label in ticks],
    }
