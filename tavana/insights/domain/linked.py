"""Suppression that holds across every published overlap (pure Python, no Django).

`disclosure.protect` makes one table safe on its own: no hidden cell follows
from that table's row and column sums. A reader who also has the table of an
overlapping grain — a season and its three months, a year and its seasons —
can still subtract: season − month 2 − month 3 = month 1. Finding 6 of the
security review recovered 105 hidden month cells that way.

Here every published number of a family of overlapping tables is an *entry*,
and every exact relation a reader can use is a *line*: a list of
``(entry, coefficient)`` whose weighted sum is zero (a row and its total, a
season cell and its three month cells, …). `protect_linked` hides entries so
that no hidden entry is pinned to one value by the shown entries, the lines,
non-negativity and the «۱ تا ۴» bound of the small-cell label:

1. primary suppression: every published entry from 1 to 4;
2. a line with exactly one hidden entry gets a second (cheapest first);
3. an audit: for each hidden entry, the smallest and largest value the rest
   allows (two linear programmes, HiGHS); an entry with fewer than two
   integers in that range is pinned, and one more entry on one of its lines
   is hidden. Hiding more only widens every range, so an entry once found
   safe stays safe, and the loop ends (at worst with everything hidden).
   (`audit.movable` asks it block by block, many entries per programme;
   `interval` is the plain two-programmes-per-entry reference.)

Entries that are never published (a part of a total no table shows) are
hidden from the start and never audited. `year_family` builds the family of
one Jalali year: twelve month tables, four seasons and the year, each with
its row totals, column totals and grand total.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

import highspy
import numpy as np

from tavana.core.domain.disclosure import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    SMALL_MAX,
    SMALL_MIN,
    Published,
    extend,
    is_small,
    protect,
)
from tavana.core.domain.solver import new_highs, optimum

from .audit import movable
from .widen import Widening

UNPUBLISHED = "unpublished"

Key = Hashable
Line = Sequence[tuple[Key, int]]

__all__ = [
    "UNPUBLISHED",
    "interval",
    "protect_linked",
    "year_family",
    "protect_year",
    "YEAR",
    "SEASONS",
    "MONTHS",
    "period_of",
    "PERIODS",
    "protect_periods",
    "months_of",
    "TooCostly",
]


class TooCostly(RuntimeError):
    """The audit ran past its time budget (`protect_linked(budget_s=…)`)."""


class CannotProtect(ValueError):
    """A hidden entry is pinned and nothing more may be hidden."""


def _check(values: Mapping[Key, int], lines: Iterable[Line]) -> None:
    for line in lines:
        if sum(c * values[k] for k, c in line) != 0:
            raise ValueError(f"a line does not hold for the values: {list(line)[:4]}…")


def _bounds(state: str) -> tuple[float, float]:
    if state == PRIMARY:
        return float(SMALL_MIN), float(SMALL_MAX)
    return 0.0, highspy.kHighsInf


def interval(
    values: Mapping[Key, int],
    lines: Sequence[Line],
    state: Mapping[Key, str],
    targets: Iterable[Key],
    *,
    quick: bool = False,
) -> dict[Key, tuple[float, float]]:
    """For each target (a hidden entry): the least and greatest value the shown
    entries, the lines, non-negativity and the small-cell bounds allow. With
    `quick`, stop at the greatest when it is at least one above the true value
    (the range then holds two whole numbers; the least is not computed)."""
    hidden = [k for k in values if state[k] != SHOWN]
    index = {k: n for n, k in enumerate(hidden)}
    n = len(hidden)
    # no presolve: each run after the first starts from the last basis (the
    # costs change, the constraints do not)
    h = new_highs(presolve="off")
    lo = np.array([_bounds(state[k])[0] for k in hidden])
    hi = np.array([_bounds(state[k])[1] for k in hidden])
    h.addVars(n, lo, hi)
    for line in lines:
        rhs, idx, val = 0.0, [], []
        for k, c in line:
            if k in index:
                idx.append(index[k])
                val.append(float(c))
            else:
                rhs -= c * values[k]
        if idx:
            h.addRow(rhs, rhs, len(idx), np.array(idx, dtype=np.int32), np.array(val))
    out: dict[Key, tuple[float, float]] = {}
    zeros = np.zeros(n)
    everything = np.arange(n, dtype=np.int32)
    for target in targets:
        ends = []
        for sense in (-1.0, 1.0):
            cost = zeros.copy()
            cost[index[target]] = sense
            h.changeColsCost(n, everything, cost)
            ends.append(sense * optimum(h))
            if quick and abs(ends[0] - values[target]) >= 1 - 1e-6:
                ends.append(values[target])  # already two whole values: safe
                break
        out[target] = (min(ends), max(ends))
    return out


def _pinned(lo: float, hi: float) -> bool:
    """Fewer than two whole numbers fit between the bounds."""
    if math.isinf(lo) or math.isinf(hi):
        return False
    return math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) < 1


def protect_linked(
    values: Mapping[Key, int],
    lines: Sequence[Line],
    *,
    unpublished: Iterable[Key] = (),
    cost: Callable[[Key], tuple] | None = None,
    budget_s: float | None = None,
) -> dict[Key, str]:
    """The state of each entry (shown, primary, secondary, unpublished) after
    primary and secondary suppression across all the lines. With `budget_s`,
    raises `TooCostly` once that much processor time is spent."""
    if any(v < 0 for v in values.values()):
        raise ValueError("counts must not be negative")
    _check(values, lines)
    order = {k: n for n, k in enumerate(values)}
    cost_of = cost or (lambda k: (values[k] == 0, values[k], order[k]))
    never = set(unpublished)
    state = {
        k: UNPUBLISHED if k in never else (PRIMARY if is_small(v) else SHOWN)
        for k, v in values.items()
    }
    through: dict[Key, list[int]] = {}
    for n, line in enumerate(lines):
        for k, _ in line:
            through.setdefault(k, []).append(n)

    def hide_one(cands: Iterable[Key]) -> bool:
        shown = [k for k in cands if state[k] == SHOWN]
        if not shown:
            return False
        state[min(shown, key=cost_of)] = SECONDARY
        return True

    def close_lines() -> None:
        again = True
        while again:
            again = False
            for line in lines:
                keys = [k for k, _ in line]
                if sum(state[k] != SHOWN for k in keys) == 1 and hide_one(keys):
                    again = True

    safe: set[Key] = set()
    widening: Widening | None = None
    started = time.process_time()
    for _ in range(len(values) + 1):
        if budget_s is not None and time.process_time() - started >= budget_s:
            raise TooCostly(f"more than {budget_s} s")
        close_lines()
        todo = [k for k in values if state[k] in (PRIMARY, SECONDARY) and k not in safe]
        if not todo:
            break
        free = movable(values, lines, state, todo)
        pinned = [k for k in todo if k not in free]
        safe.update(free)
        if not pinned:
            break
        # Give up, for each pinned entry in turn, the cheapest numbers whose hiding (or
        # relabelling, for a small one) lets it move (`widen`): what an earlier one gave
        # up in this pass is already counted, so an entry it freed costs nothing more.
        if widening is None:
            widening = Widening(values, lines, cost_of)
        gave_up = False
        for k in pinned:
            if budget_s is not None and time.process_time() - started >= budget_s:
                raise TooCostly(f"more than {budget_s} s")
            give = widening.cheapest(state, k)
            if give is None:
                raise CannotProtect(f"entry {k!r} is determined by what must be shown")
            for g in give:
                if state[g] in (SHOWN, PRIMARY):
                    state[g] = SECONDARY
                    gave_up = True
        if not gave_up:
            # the programme found each free where the audit did not (within the
            # solvers' tolerance): hide one more number beside the first
            first = pinned[0]
            if not hide_one(_reachable(first, lines, through)):
                raise CannotProtect(f"entry {first!r} is determined by what must be shown")
    return state


def _reachable(start: Key, lines: Sequence[Line], through: Mapping[Key, list[int]]) -> list[Key]:
    """Every entry linked to `start` by a chain of lines."""
    seen = {start}
    todo = [start]
    while todo:
        k = todo.pop()
        for n in through.get(k, []):
            for other, _ in lines[n]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
    return list(seen)


# -- the family of one Jalali year -------------------------------------------

YEAR = ("year", 0)
SEASONS = [("season", q) for q in range(1, 5)]
MONTHS = [("month", m) for m in range(1, 13)]


def period_of(kind: str, number: int) -> tuple[str, int]:
    return (kind, number)


def months_of(period: tuple[str, int]) -> list[tuple[str, int]]:
    """The months a period is made of."""
    kind, n = period
    if kind == "month":
        return [period]
    if kind == "season":
        return [("month", m) for m in range(3 * n - 2, 3 * n + 1)]
    return MONTHS


def _children(period: tuple[str, int]) -> list[tuple[str, int]]:
    kind, n = period
    if kind == "year":
        return SEASONS
    if kind == "season":
        return [("month", m) for m in range(3 * n - 2, 3 * n + 1)]
    return []


def year_family(
    months: Sequence[Sequence[Sequence[int]]],
) -> tuple[dict[tuple[str, int], list[list[int]]], dict, list[list[tuple]]]:
    """Twelve month tables (same rows and columns) → each period's extended
    table (with totals), the entries ``(period, i, j)`` and their lines."""
    if len(months) != 12:
        raise ValueError("a year has twelve months")
    shape = {(len(m), len(m[0]) if m else 0) for m in months}
    if len(shape) != 1:
        raise ValueError("every month must have the same rows and columns")
    ext: dict[tuple[str, int], list[list[int]]] = {}
    for m, matrix in zip(MONTHS, months, strict=True):
        ext[m] = extend([list(r) for r in matrix])
    for p in SEASONS + [YEAR]:
        kids = [ext[c] for c in _children(p)] if p != YEAR else None
        if p == YEAR:
            kids = [ext[s] for s in SEASONS]
        assert kids is not None
        ext[p] = [
            [sum(k[i][j] for k in kids) for j in range(len(kids[0][0]))]
            for i in range(len(kids[0]))
        ]
    nr, nc = len(ext[YEAR]), len(ext[YEAR][0])
    values = {(p, i, j): ext[p][i][j] for p in ext for i in range(nr) for j in range(nc)}
    lines: list[list[tuple]] = []
    for p in ext:
        for i in range(nr):
            lines.append([((p, i, j), 1) for j in range(nc - 1)] + [((p, i, nc - 1), -1)])
        for j in range(nc):
            lines.append([((p, i, j), 1) for i in range(nr - 1)] + [((p, nr - 1, j), -1)])
    for p in SEASONS + [YEAR]:
        for i in range(nr):
            for j in range(nc):
                lines.append([((p, i, j), -1)] + [((c, i, j), 1) for c in _children(p)])
    return ext, values, lines


def protect_year(
    months: Sequence[Sequence[Sequence[int]]], budget_s: float | None = None
) -> dict[tuple[str, int], Published]:
    """Each period of the year as published: no hidden cell of any month,
    season or the year follows from everything the family shows."""
    ext, values, lines = year_family(months)
    nr, nc = len(ext[YEAR]), len(ext[YEAR][0])

    def cost(key: Key) -> tuple:
        assert isinstance(key, tuple)
        p, i, j = key
        total = i == nr - 1 or j == nc - 1
        # zeros last (a hidden zero pins its cycle at the lower bound), then
        # totals, then coarser periods; small non-zero inner month cells first
        return (values[key] == 0, total, p[0] != "month", values[key], p, i, j)

    state = protect_linked(values, lines, cost=cost, budget_s=budget_s)
    return {
        p: Published(
            values=ext[p],
            state=[[state[(p, i, j)] for j in range(nc)] for i in range(nr)],
            rows=nr - 1,
            cols=nc - 1,
        )
        for p in ext
    }


# -- tables as the selectors give them ---------------------------------------

Period = tuple[str, int]
PERIODS: list[Period] = MONTHS + SEASONS + [YEAR]


def _keys(rows: Sequence[str]) -> list[tuple[str, int]]:
    """Row labels made unique by their occurrence (two venues of one name)."""
    seen: dict[str, int] = {}
    out = []
    for r in rows:
        seen[r] = seen.get(r, 0) + 1
        out.append((r, seen[r]))
    return out


def _additive(aligned: Mapping[Period, list[list[int]]]) -> bool:
    """Every season is the sum of its months and the year of its seasons."""
    for p in SEASONS + [YEAR]:
        kids = _children(p)
        for i, row in enumerate(aligned[p]):
            for j, v in enumerate(row):
                if v != sum(aligned[c][i][j] for c in kids):
                    return False
    return True


def protect_periods(
    tables: Mapping[Period, tuple[Sequence[str], Sequence[Sequence[int]]]],
    cols: int,
    budget_s: float | None = None,
    *,
    hide_when_too_costly: bool = True,
) -> tuple[bool, dict[Period, tuple[list[str], Published]]]:
    """The seventeen tables of one year (months, seasons, the year; each as row
    labels and counts) as published. Counts that add up over time (services,
    sign-ups, …: a season is the sum of its months) are protected as one
    family, each period showing every row of the year; anything else (a stock
    at the period's end, distinct persons) is protected table by table.
    Returns whether the tables were linked, and each period's rows and table."""
    if set(tables) != set(PERIODS):
        raise ValueError("the seventeen periods of a year are needed")
    order: list[tuple[str, int]] = []
    for p in [YEAR] + SEASONS + MONTHS:
        for k in _keys(tables[p][0]):
            if k not in order:
                order.append(k)
    where = {k: n for n, k in enumerate(order)}
    aligned: dict[Period, list[list[int]]] = {}
    for p in PERIODS:
        m = [[0] * cols for _ in order]
        for k, row in zip(_keys(tables[p][0]), tables[p][1], strict=True):
            m[where[k]] = [int(v) for v in row]
        aligned[p] = m
    if order and cols and _additive(aligned):
        labels = [label for label, _ in order]
        try:
            pubs = protect_year([aligned[m] for m in MONTHS], budget_s=budget_s)
        except TooCostly:
            if not hide_when_too_costly:
                raise
            # Too many small cells to audit in time: publish none of this
            # table's numbers (everything «پنهان»), which no subtraction undoes.
            pubs = {p: _all_hidden(aligned[p]) for p in PERIODS}
        return True, {p: (labels, pubs[p]) for p in PERIODS}
    out = {}
    for p in PERIODS:
        rows, matrix = list(tables[p][0]), [list(r) for r in tables[p][1]]
        pub = disclosure_protect(matrix) if rows and cols else disclosure_empty()
        out[p] = (rows, pub)
    return False, out


def _all_hidden(matrix: list[list[int]]) -> Published:
    ext = extend(matrix)
    return Published(ext, [[SECONDARY] * len(r) for r in ext], len(matrix), len(ext[0]) - 1)


def disclosure_protect(matrix: list[list[int]]) -> Published:
    return protect(matrix)


def disclosure_empty() -> Published:
    return Published([[0]], [[SHOWN]], 0, 0)
