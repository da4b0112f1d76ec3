"""The campaign's pipeline as data: stages and the moves allowed between them."""

from __future__ import annotations

NEW = "new"
CONTACTED = "contacted"
MENTORED = "mentored"
STARTED = "started"

STAGES = [
    (NEW, "تازه"),
    (CONTACTED, "تماس گرفته شد"),
    (MENTORED, "در حال منتورینگ"),
    (STARTED, "کسب‌وکار راه افتاد"),
]
STAGE_LABELS = dict(STAGES)

# from → the stages it may move to (a first mentoring session moves her to MENTORED).
MOVES: dict[str, frozenset[str]] = {
    NEW: frozenset({CONTACTED, MENTORED}),
    CONTACTED: frozenset({MENTORED}),
    MENTORED: frozenset({STARTED}),
    STARTED: frozenset(),
}


class StageMoveError(ValueError):
    def __init__(self, source: str, target: str):
        super().__init__(
            f"رفتن از «{STAGE_LABELS.get(source, source)}» به «{STAGE_LABELS.get(target, target)}» ممکن نیست."
        )


def check_move(source: str, target: str) -> None:
    if target not in MOVES.get(source, frozenset()):
        raise StageMoveError(source, target)
