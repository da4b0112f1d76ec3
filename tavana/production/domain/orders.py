"""An order's statuses and the moves allowed between them (states are data)."""

from __future__ import annotations

RECEIVED = "received"
ACCEPTED = "accepted"
PLANNED = "planned"
IN_PRODUCTION = "in_production"
QUALITY_CHECK = "quality_check"
DELIVERED = "delivered"
INVOICED = "invoiced"
PAID = "paid"
CANCELLED = "cancelled"

STATUSES = [
    (RECEIVED, "دریافت‌شده"),
    (ACCEPTED, "پذیرفته‌شده"),
    (PLANNED, "برنامه‌ریزی‌شده"),
    (IN_PRODUCTION, "در حال تولید"),
    (QUALITY_CHECK, "کنترل کیفیت"),
    (DELIVERED, "تحویل‌شده"),
    (INVOICED, "صورت‌حساب صادر شد"),
    (PAID, "پرداخت‌شده"),
    (CANCELLED, "لغوشده"),
]
LABELS = dict(STATUSES)

_FORWARD = [RECEIVED, ACCEPTED, PLANNED, IN_PRODUCTION, QUALITY_CHECK, DELIVERED, INVOICED, PAID]

# (from, to) -> needs a written reason
MOVES: dict[tuple[str, str], bool] = {
    (a, b): False for a, b in zip(_FORWARD, _FORWARD[1:], strict=False)
}
MOVES[(PLANNED, ACCEPTED)] = False  # the plan is set aside to be made again
MOVES[(QUALITY_CHECK, IN_PRODUCTION)] = False  # rework
for _status in (RECEIVED, ACCEPTED, PLANNED, IN_PRODUCTION, QUALITY_CHECK):
    MOVES[(_status, CANCELLED)] = True

# Statuses in which the order is being made: work can be logged against it.
WORKING = {PLANNED, IN_PRODUCTION, QUALITY_CHECK}
# Statuses in which a plan may be made or adjusted.
PLANNABLE = {ACCEPTED, PLANNED}


def can_move(source: str, target: str) -> bool:
    return (source, target) in MOVES


def needs_reason(source: str, target: str) -> bool:
    return MOVES.get((source, target), False)


def next_moves(source: str) -> list[tuple[str, str]]:
    return [(b, LABELS[b]) for (a, b) in MOVES if a == source]
