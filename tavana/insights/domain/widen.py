"""What to give up so that a pinned hidden entry can move (pure Python, no Django).

`linked.protect_linked` finds hidden entries the published numbers pin to one
value. Hiding a shown neighbour of such an entry (what it did before) frees it
only when the neighbour's line was what held it; when the «۱ تا ۴» bounds of
other small entries hold it (six orders in a year, each month's one order
labelled «۱ تا ۴», the year's column of four labelled «۱ تا ۴» as well), no
shown neighbour helps, and hiding one after another ended with every number of
the table hidden — or, with nothing left to hide, with `CannotProtect`.

Here one linear programme asks the question directly: the cheapest change of
the published numbers that lets the entry take another whole value. Every
entry of the family is a variable and every line holds; a hidden entry moves
freely (not below zero); a shown entry may move only at the price of hiding it,
a small entry may leave 1–4 only at the price of its label (it becomes
«پنهان»), each price per unit moved. The entry itself is held one unit above
(or below) its true value. The entries the optimum moves (shown) or takes out
of 1–4 (small) are the ones to give up: with them hidden, that optimum is a
feasible point of the audit's programme in which the entry is one unit away
from its value — so the next audit finds it free. If no change at all frees
it, nothing can: the caller says so.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

import highspy
import numpy as np

from tavana.core.domain.disclosure import PRIMARY, SHOWN, SMALL_MAX, SMALL_MIN
from tavana.core.domain.solver import new_highs

Key = Hashable
Line = Sequence[tuple[Key, int]]
EPS = 1e-6
# Relabelling a small entry («۱ تا ۴» → «پنهان») says less than hiding a
# published number, so it costs less than any hiding (1 to 2 by preference).
RELABEL = 0.5


class Widening:
    """One programme over a whole family, built once; each `cheapest` call only
    changes the prices and bounds (the state changes as entries are given up)."""

    def __init__(
        self,
        values: Mapping[Key, int],
        lines: Sequence[Line],
        preference: Callable[[Key], tuple],
    ) -> None:
        self.keys = list(values)
        self.values = values
        self.index = {k: n for n, k in enumerate(self.keys)}
        n = len(self.keys)
        self.n = n
        # the price of hiding each entry: 1, plus up to 1 by the caller's order
        ranked = sorted(self.keys, key=preference)
        self.hide_price = np.empty(n)
        for r, k in enumerate(ranked):
            self.hide_price[self.index[k]] = 1.0 + r / max(n, 1)
        self.v = np.array([float(values[k]) for k in self.keys])
        # columns: x (n), up (n), down (n) — x = v + up - down on shown entries;
        # for small entries up/down are the distance outside 1–4
        h = new_highs(presolve="off")
        inf = highspy.kHighsInf
        h.addVars(3 * n, np.zeros(3 * n), np.full(3 * n, inf))
        for line in lines:
            idx = np.array([self.index[k] for k, _ in line], dtype=np.int32)
            h.addRow(0.0, 0.0, len(idx), idx, np.array([float(c) for _, c in line]))
        # row n + i ties x_i to up_i and down_i; its bounds and coefficients
        # change with the state of entry i (set in `cheapest`)
        self.first_tie = h.getNumRow()
        for i in range(n):
            idx = np.array([i, n + i, 2 * n + i], dtype=np.int32)
            h.addRow(-inf, inf, 3, idx, np.array([1.0, -1.0, 1.0]))
        self.h = h

    def cheapest(self, state: Mapping[Key, str], target: Key) -> set[Key] | None:
        """The entries to give up (shown to hide, small to relabel) so that
        `target` can move; an empty set if it already can; None if nothing can
        free it."""
        best: tuple[float, set[Key]] | None = None
        t = self.index[target]
        for up in (True, False):
            if not up and self.v[t] < 1:
                continue
            found = self._solve(state, t, up)
            if found is not None and (best is None or found[0] < best[0] - EPS):
                best = found
        return None if best is None else best[1]

    def _solve(self, state: Mapping[Key, str], t: int, up: bool) -> tuple[float, set[Key]] | None:
        n, h, inf = self.n, self.h, highspy.kHighsInf
        lo = np.zeros(3 * n)
        hi = np.full(3 * n, inf)
        cost = np.zeros(3 * n)
        row_lo = np.empty(n)
        row_hi = np.empty(n)
        for i, k in enumerate(self.keys):
            s = state[k]
            if s == SHOWN:
                # x - up + down = v: moving costs the price of hiding it
                row_lo[i] = row_hi[i] = self.v[i]
                cost[n + i] = cost[2 * n + i] = self.hide_price[i]
            elif s == PRIMARY:
                # SMALL_MIN ≤ x - up + down ≤ SMALL_MAX: leaving 1–4 costs the label
                row_lo[i], row_hi[i] = float(SMALL_MIN), float(SMALL_MAX)
                cost[n + i] = cost[2 * n + i] = RELABEL
            else:
                row_lo[i], row_hi[i] = -inf, inf
                hi[n + i] = hi[2 * n + i] = 0.0
        if up:
            lo[t] = self.v[t] + 1
        else:
            hi[t] = self.v[t] - 1
        everything = np.arange(3 * n, dtype=np.int32)
        h.changeColsBounds(3 * n, everything, lo, hi)
        h.changeColsCost(3 * n, everything, cost)
        ties = np.arange(self.first_tie, self.first_tie + n, dtype=np.int32)
        h.changeRowsBounds(n, ties, row_lo, row_hi)
        h.run()
        status = h.getModelStatus()
        if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kInfeasible):
            h.clearSolver()  # from scratch, not from the last basis
            h.run()
            status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"widening programme not solved: {status}")
        col = np.array(h.getSolution().col_value)
        moved = col[n : 2 * n] + col[2 * n :] > EPS
        give_up = {self.keys[i] for i in np.flatnonzero(moved)}
        return float(h.getInfo().objective_function_value), give_up
