"""Small cells in an overlap count's breakdown (pure Python).

The breakdown by group is published with its total (`matched`), so a lone
hidden cell could be recovered by subtraction. A count below `min_cell` is
hidden (primary); then, while exactly one value is unknown to a reader and it
is a hidden cell — or the records without a group, which are never listed,
when their count is small — the smallest cell still shown is hidden too
(secondary), so that no hidden count can be worked out from the others.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["HIDDEN", "SMALL", "labelled", "suppress"]


def suppress(
    cells: Mapping[str, int], total: int, min_cell: int, ungrouped: int = 0
) -> dict[str, int | None]:
    """`cells` with small and recoverable counts as None.

    `total` is the published sum of the cells and of `ungrouped` (records
    without a group, not listed); `min_cell` 1 shows everything."""
    out: dict[str, int | None] = dict(cells)
    if min_cell <= 1:
        return out
    hidden = {k for k, v in cells.items() if v < min_cell}
    # the ungrouped count is as good as shown when every listed cell is shown
    for _ in range(len(cells) + 1):
        unknown = len(hidden) + (1 if ungrouped else 0)
        ungrouped_small = 0 < ungrouped < min_cell
        exposed = (unknown == 1 and hidden) or (not hidden and ungrouped_small)
        if not exposed:
            break
        shown = [k for k in cells if k not in hidden]
        if not shown:
            break
        hidden.add(min(shown, key=lambda k: (cells[k], k)))
    for k in hidden:
        out[k] = None
    return out


SMALL = "small"
HIDDEN = "hidden"


def labelled(
    cells: Mapping[str, int], total: int, min_cell: int, ungrouped: int = 0
) -> dict[str, int | str]:
    """`suppress`, telling why a cell is hidden: `SMALL` (below `min_cell`) or
    `HIDDEN` (so that a small one cannot be recovered from the others)."""
    shown = suppress(cells, total, min_cell, ungrouped)
    out: dict[str, int | str] = {}
    for k, v in shown.items():
        if v is not None:
            out[k] = v
        else:
            out[k] = SMALL if cells[k] < min_cell else HIDDEN
    return out


#: the same words as the figures' disclosure control (core.domain.disclosure)
LABELS = {SMALL: "کمتر از ۵", HIDDEN: "پنهان"}
