"""A round's life as data: its statuses and the moves allowed between them.

draft ──► solving ──► solved ──► published
  ▲          │  ▲        │
  └──────────┘  └────────┘
(a failed first allocation returns to draft; a failed re-run of a solved
round returns to solved, whose booths are still the stored result)
"""

from __future__ import annotations

import datetime as dt

DRAFT = "draft"
SOLVING = "solving"
SOLVED = "solved"
PUBLISHED = "published"

STATUSES = [
    (DRAFT, "در حال دریافت درخواست‌ها"),
    (SOLVING, "در حال تقسیم غرفه‌ها"),
    (SOLVED, "تقسیم‌شده، منتشرنشده"),
    (PUBLISHED, "منتشرشده"),
]
LABELS = dict(STATUSES)

# from → the statuses it may move to
MOVES: dict[str, frozenset[str]] = {
    DRAFT: frozenset({SOLVING}),
    SOLVING: frozenset({SOLVED, DRAFT}),
    SOLVED: frozenset({SOLVING, PUBLISHED}),
    PUBLISHED: frozenset(),
}


class RoundMoveError(ValueError):
    def __init__(self, source: str, target: str):
        super().__init__(
            f"دوره از «{LABELS.get(source, source)}» به «{LABELS.get(target, target)}» نمی‌رود."
        )


def check_move(source: str, target: str) -> None:
    if target not in MOVES.get(source, frozenset()):
        raise RoundMoveError(source, target)


def back_from_solving(*, has_result: bool) -> str:
    """Where a round goes when its allocation fails: back to its stored result if
    it has one (a re-run), else to draft."""
    return SOLVED if has_result else DRAFT


def applications_still_open(apply_until: list[dt.date], today: dt.date) -> dt.date | None:
    """The last day a round's events still take applications, if that is today
    or later: the round may not be allocated or published before it (a woman
    applying tomorrow would find the booths already shared out). None when
    every deadline has passed."""
    open_until = max((d for d in apply_until if d is not None), default=None)
    if open_until is None or open_until < today:
        return None
    return open_until
