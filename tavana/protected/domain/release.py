"""The release campaign's case: its statuses, the moves between them, and what a
case still needs. Pure Python (no Django): the services apply these rules and
write one history row per move.

identified → verified → fundraising → settled → released → followed_up,
or closed (with a reason) from any status before release.
"""

from __future__ import annotations

from collections.abc import Iterable

IDENTIFIED = "identified"
VERIFIED = "verified"
FUNDRAISING = "fundraising"
SETTLED = "settled"
RELEASED = "released"
FOLLOWED_UP = "followed_up"
CLOSED = "closed"

LABELS = {
    IDENTIFIED: "شناسایی‌شده",
    VERIFIED: "تأییدشده",
    FUNDRAISING: "در حال جذب کمک",
    SETTLED: "بدهی تسویه‌شده",
    RELEASED: "آزادشده",
    FOLLOWED_UP: "پیگیری‌شده",
    CLOSED: "بسته‌شده",
}
CHOICES = list(LABELS.items())

# The moves a person may make; "closed" needs a written reason.
MOVES: dict[str, frozenset[str]] = {
    IDENTIFIED: frozenset({VERIFIED, CLOSED}),
    VERIFIED: frozenset({FUNDRAISING, CLOSED}),
    FUNDRAISING: frozenset({SETTLED, CLOSED}),
    SETTLED: frozenset({RELEASED, CLOSED}),
    RELEASED: frozenset({FOLLOWED_UP}),
    FOLLOWED_UP: frozenset(),
    CLOSED: frozenset(),
}
# Statuses in which the case may still receive money (a directed gift or the pool).
OPEN_FOR_MONEY = frozenset({VERIFIED, FUNDRAISING})
# What a donor may learn of a case's outcome (never why it closed).
DONOR_OUTCOME = {
    IDENTIFIED: "در حال بررسی",
    VERIFIED: "در حال جذب کمک",
    FUNDRAISING: "در حال جذب کمک",
    SETTLED: "بدهی پرداخت شد",
    RELEASED: "آزاد شد",
    FOLLOWED_UP: "آزاد شد",
    CLOSED: "پایان‌یافته",
}

UNINTENTIONAL = "unintentional"
FINANCIAL = "financial"
OFFENCE_CHOICES = [(UNINTENTIONAL, "جرم غیرعمد"), (FINANCIAL, "جرم مالی")]

FOLLOW_UP_MONTHS = (1, 3, 12)


class MoveRefused(Exception):
    """A move the table does not allow, with the Persian reason."""


def check_move(
    current: str,
    target: str,
    *,
    reason: str = "",
    actor_id: int | None = None,
    identified_by_id: int | None = None,
    need: int | None = None,
) -> None:
    """Raise MoveRefused unless `current → target` is allowed now."""
    if target not in MOVES.get(current, frozenset()):
        raise MoveRefused(
            f"از وضعیت «{LABELS.get(current, current)}» نمی‌توان به «{LABELS.get(target, target)}» رفت."
        )
    if target == CLOSED and not reason.strip():
        raise MoveRefused("دلیل بستن پرونده را بنویسید.")
    if target == VERIFIED and actor_id is not None and actor_id == identified_by_id:
        raise MoveRefused(
            "تأیید پرونده با فرد دیگری است؛ کسی که پرونده را شناسایی کرده نمی‌تواند آن را تأیید کند."
        )
    if target == SETTLED and need is not None and need > 0:
        raise MoveRefused("هنوز بخشی از بدهی پرداخت نشده است؛ پیش از تسویه، پرداخت‌ها را ثبت کنید.")


def amount_owed(debts: Iterable[int], reliefs: Iterable[int]) -> int:
    """What must still be paid for release: the debts less what reconciliation
    forgave or moved to instalments (never below zero)."""
    return max(0, sum(debts) - sum(reliefs))


def still_needed(owed: int, funded: int) -> int:
    """What donors must still give: what is owed less what the case already holds
    or has paid out (its funding)."""
    return max(0, owed - funded)


def add_months(day, months: int):
    """The same day `months` later (the month's last day when it is shorter)."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
