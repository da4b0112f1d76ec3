"""Joint projects: horizons and statuses, and the moves between them (pure Python).

    candidate ──▶ planned ──▶ active ──▶ done
        │            │           │
        └────────────┴───────────┴──▶ on_hold ──▶ (back where it was) · cancelled

A candidate is one of the long list a portfolio is chosen from; choosing it
for the year makes it planned.
"""

from __future__ import annotations

CANDIDATE = "candidate"
PLANNED = "planned"
ACTIVE = "active"
ON_HOLD = "on_hold"
DONE = "done"
CANCELLED = "cancelled"

STATUSES = [
    (CANDIDATE, "در فهرست پیشنهادی"),
    (PLANNED, "برنامه‌ریزی‌شده"),
    (ACTIVE, "در حال اجرا"),
    (ON_HOLD, "متوقف"),
    (DONE, "انجام‌شده"),
    (CANCELLED, "لغوشده"),
]
LABELS = dict(STATUSES)

MOVES: dict[str, set[str]] = {
    CANDIDATE: {PLANNED, CANCELLED},
    PLANNED: {ACTIVE, ON_HOLD, CANCELLED, CANDIDATE},
    ACTIVE: {DONE, ON_HOLD, CANCELLED},
    ON_HOLD: {PLANNED, ACTIVE, CANCELLED},
    DONE: set(),
    CANCELLED: {CANDIDATE},
}
#: moves that need a written reason
NEEDS_REASON = {ON_HOLD, CANCELLED}

QUICK = "quick"
MID = "mid"
LONG = "long"
HORIZONS = [(QUICK, "زودبازده"), (MID, "میان‌مدت"), (LONG, "بلندمدت")]


def move_errors(source: str, target: str, reason: str) -> dict[str, str]:
    if target not in MOVES.get(source, set()):
        return {
            "status": f"پروژهٔ «{LABELS.get(source, source)}» را نمی‌توان "
            f"«{LABELS.get(target, target)}» کرد."
        }
    if target in NEEDS_REASON and not reason.strip():
        return {"reason": "دلیل را بنویسید."}
    return {}
