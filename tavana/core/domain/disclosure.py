"""Disclosure control for published tables of counts (pure Python, no Django).

A table is a matrix of counts with its row totals, column totals and grand
total. Any published number from 1 to 4 — inner cell or total — is a *small
cell* and is suppressed (primary suppression, shown as «کمتر از ۵»). Totals
would still let a reader subtract the shown cells and recover a lone hidden
cell, so more cells are hidden (secondary suppression, shown as «پنهان»)
until every hidden cell lies on a cycle of hidden cells: then no combination
of published row and column sums pins it down.

The trick: with the totals negated, the extended (r+1)×(c+1) table has every
row and column summing to zero, so inner cells and totals are treated alike.
A hidden entry is determined by the published sums exactly when it is a
bridge in the bipartite graph (lines as nodes, hidden entries as edges).

The small-cell bound is a parameter: 1–4 for the figures and partners' extracts
(`insights`), 1–9 for the release campaign's partners (`small_max=9`: «کمتر از ۱۰»).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy
import numpy as np

from tavana.core.domain.solver import new_highs, optimum

SMALL_MIN = 1
SMALL_MAX = 4
SMALL_LABEL = "کمتر از ۵"
HIDDEN_LABEL = "پنهان"

SHOWN = "shown"
PRIMARY = "primary"
SECONDARY = "secondary"


def is_small(value: int, small_max: int = SMALL_MAX) -> bool:
    return SMALL_MIN <= value <= small_max


def small_label(small_max: int) -> str:
    from .persian_text import to_persian_digits

    return SMALL_LABEL if small_max == SMALL_MAX else f"کمتر از {to_persian_digits(small_max + 1)}"


@dataclass
class Published:
    """A table after disclosure control: `state[i][j]` over the extended grid
    (last row = column totals, last column = row totals, corner = grand total)."""

    values: list[list[int]]
    state: list[list[str]]
    rows: int
    cols: int
    notes: list[str] = field(default_factory=list)
    small: str = SMALL_LABEL  # how a primary-suppressed entry reads

    def hidden(self, i: int, j: int) -> bool:
        return self.state[i][j] != SHOWN

    def label(self, i: int, j: int) -> str | int:
        s = self.state[i][j]
        if s == PRIMARY:
            return self.small
        if s == SECONDARY:
            return HIDDEN_LABEL
        return self.values[i][j]

    def cell(self, i: int, j: int) -> str | int:
        return self.label(i, j)

    def row_total(self, i: int) -> str | int:
        return self.label(i, self.cols)

    def col_total(self, j: int) -> str | int:
        return self.label(self.rows, j)

    def total(self) -> str | int:
        return self.label(self.rows, self.cols)

    @property
    def suppressed(self) -> int:
        return sum(s != SHOWN for row in self.state for s in row)


def extend(matrix: list[list[int]]) -> list[list[int]]:
    """The matrix with its row totals, column totals and grand total added."""
    rows = [list(r) + [sum(r)] for r in matrix]
    cols = len(matrix[0]) if matrix else 0
    totals = [sum(r[j] for r in rows) for j in range(cols + 1)]
    return rows + [totals]


def unprotected(matrix: list[list[int]]) -> Published:
    """Everything shown (a manager on screen)."""
    ext = extend(matrix)
    return Published(
        values=ext,
        state=[[SHOWN] * len(r) for r in ext],
        rows=len(matrix),
        cols=len(ext[0]) - 1 if ext else 0,
    )


def protect(matrix: list[list[int]], small_max: int = SMALL_MAX) -> Published:
    """Primary and secondary suppression of a table of counts (non-negative ints);
    an entry from 1 to `small_max` is small."""
    if any(v < 0 for r in matrix for v in r):
        raise ValueError("counts must not be negative")
    if matrix and len({len(r) for r in matrix}) != 1:
        raise ValueError("rows must have the same length")
    ext = extend(matrix)
    nr, nc = len(ext), len(ext[0]) if ext else 0
    state = [[PRIMARY if is_small(v, small_max) else SHOWN for v in r] for r in ext]

    def cost(i: int, j: int) -> tuple:
        # Prefer small non-zero inner cells; a hidden zero gives away nothing by
        # itself but pins a cycle at its lower bound, so zeros come last.
        inner = i < nr - 1 and j < nc - 1
        return (ext[i][j] == 0, not inner, ext[i][j], i, j)

    for _ in range(2 * nr * nc + 1):
        while _close_lines(ext, state, cost) or _close_bridges(ext, state, cost):
            pass
        # The sums alone no longer pin any entry; the 1–4 bounds still might
        # (two small cells summing to 2): widen around any pinned one.
        pinned = next((p for p in _primaries(state) if _pinned(ext, state, p, small_max)), None)
        if pinned is None:
            break
        i, j = pinned
        line = [(i, k) for k in range(nc)] + [(k, j) for k in range(nr)]
        cands = [p for p in line if state[p[0]][p[1]] == SHOWN]
        if not cands:
            cands = [(a, b) for a in range(nr) for b in range(nc) if state[a][b] == SHOWN]
        if not cands:
            # Everything is hidden and «1–4» labels alone give the values away
            # (a tiny table): say less — the largest small entry becomes «پنهان».
            smalls = [p for p in line if state[p[0]][p[1]] == PRIMARY]
            a, b = max(smalls, key=lambda p: (ext[p[0]][p[1]], not cost(*p)[1], p))
            state[a][b] = SECONDARY
            continue
        a, b = min(cands, key=lambda p: cost(*p))
        state[a][b] = SECONDARY
    return Published(
        values=ext, state=state, rows=nr - 1, cols=nc - 1, small=small_label(small_max)
    )


def _primaries(state) -> list[tuple[int, int]]:
    return [(i, j) for i, r in enumerate(state) for j, s in enumerate(r) if s == PRIMARY]


def interval(
    values, state, target: tuple[int, int], small_max: int = SMALL_MAX
) -> tuple[float, float]:
    """The smallest and largest value of a hidden entry that the shown entries,
    the line sums, non-negativity and «1–4» for small entries allow."""
    nr, nc = len(values), len(values[0])
    hidden = [(i, j) for i in range(nr) for j in range(nc) if state[i][j] != SHOWN]
    index = {p: k for k, p in enumerate(hidden)}
    n = len(hidden)
    lower = np.array([float(SMALL_MIN) if state[i][j] == PRIMARY else 0.0 for i, j in hidden])
    upper = np.array(
        [float(small_max) if state[i][j] == PRIMARY else highspy.kHighsInf for i, j in hidden]
    )
    rows = []
    for i in range(nr):
        rows.append([((i, j), 1.0) for j in range(nc - 1)] + [((i, nc - 1), -1.0)])
    for j in range(nc):
        rows.append([((i, j), 1.0) for i in range(nr - 1)] + [((nr - 1, j), -1.0)])
    out = []
    for sense in (1.0, -1.0):
        h = new_highs()
        cost = np.zeros(n)
        cost[index[target]] = sense
        h.addVars(n, lower, upper)
        h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        for terms in rows:
            rhs, idx, val = 0.0, [], []
            for p, coef in terms:
                if p in index:
                    idx.append(index[p])
                    val.append(coef)
                else:
                    rhs -= coef * values[p[0]][p[1]]
            if idx:
                h.addRow(rhs, rhs, len(idx), np.array(idx, dtype=np.int32), np.array(val))
        out.append(sense * optimum(h))
    return out[0], out[1]


def _pinned(values, state, target, small_max: int = SMALL_MAX) -> bool:
    lo, hi = interval(values, state, target, small_max)
    return hi - lo < 0.5


def _close_lines(ext, state, cost) -> bool:
    """A line with exactly one hidden entry gets a second one."""
    nr, nc = len(ext), len(ext[0])
    lines = [[(i, j) for j in range(nc)] for i in range(nr)]
    lines += [[(i, j) for i in range(nr)] for j in range(nc)]
    for line in lines:
        hidden = [p for p in line if state[p[0]][p[1]] != SHOWN]
        if len(hidden) == 1:
            cands = [p for p in line if state[p[0]][p[1]] == SHOWN]
            if cands:
                i, j = min(cands, key=lambda p: cost(*p))
                state[i][j] = SECONDARY
                return True
    return False


def _components(nr: int, nc: int, edges: list[tuple[int, int]]) -> dict:
    """Connected component id of each node ('r', i) / ('c', j)."""
    adj: dict = {}
    for i, j in edges:
        adj.setdefault(("r", i), []).append(("c", j))
        adj.setdefault(("c", j), []).append(("r", i))
    comp: dict = {}
    for start in adj:
        if start in comp:
            continue
        comp[start] = start
        stack = [start]
        while stack:
            u = stack.pop()
            for v in adj[u]:
                if v not in comp:
                    comp[v] = start
                    stack.append(v)
    return comp


def bridges(state: list[list[str]]) -> list[tuple[int, int]]:
    """Hidden entries that no cycle of hidden entries passes through (Tarjan)."""
    nr, nc = len(state), len(state[0]) if state else 0
    adj: dict = {}
    for i in range(nr):
        for j in range(nc):
            if state[i][j] != SHOWN:
                adj.setdefault(("r", i), []).append((("c", j), (i, j)))
                adj.setdefault(("c", j), []).append((("r", i), (i, j)))
    disc: dict = {}
    low: dict = {}
    out: list = []
    counter = 0
    for root in adj:
        if root in disc:
            continue
        disc[root] = low[root] = counter
        counter += 1
        stack = [(root, None, iter(adj[root]))]
        while stack:
            u, via, it = stack[-1]
            for v, edge in it:
                if edge == via:
                    continue
                if v in disc:
                    low[u] = min(low[u], disc[v])
                else:
                    disc[v] = low[v] = counter
                    counter += 1
                    stack.append((v, edge, iter(adj[v])))
                    break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[u])
                    if low[u] > disc[parent]:
                        out.append(via)
    return out


def _close_bridges(ext, state, cost) -> bool:
    """Put a bridge on a cycle: hide one more entry joining its two sides."""
    nr, nc = len(ext), len(ext[0])
    for e in bridges(state):
        edges = [
            (i, j) for i in range(nr) for j in range(nc) if state[i][j] != SHOWN and (i, j) != e
        ]
        comp = _components(nr, nc, edges)
        ra, cb = ("r", e[0]), ("c", e[1])
        side_a = comp.get(ra, ra)
        side_b = comp.get(cb, cb)
        rows_a = [i for i in range(nr) if comp.get(("r", i), ("r", i)) == side_a]
        cols_b = [j for j in range(nc) if comp.get(("c", j), ("c", j)) == side_b]
        cands = [(i, j) for i in rows_a for j in cols_b if state[i][j] == SHOWN]
        if cands:
            i, j = min(cands, key=lambda p: cost(*p))
            state[i][j] = SECONDARY
            return True
    return False
