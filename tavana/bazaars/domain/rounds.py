"""A round's life as data: its statuses and the moves allowed between them.

draft ──► solving ──► solved ──► published
  ▲          │  ▲        │
  └──────────┘  └────────┘
(a failed first allocation returns to draft; a failed re-run of a solved
round returns to solved, whose booths are still the stored result)
"""

from __future__ import annotations

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
