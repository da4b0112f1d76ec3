"""Disclosure control: no published table lets a small cell be recomputed.

The attacker knows every shown number, that a «کمتر از ۵» entry is 1–4 and
that every count is non-negative; she solves, for each hidden small entry,
the smallest and largest value the published sums allow (a linear programme).
The entry is protected when the two differ.
"""

from __future__ import annotations

import highspy
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tavana.core.domain import disclosure as d

counts = st.integers(min_value=0, max_value=12) | st.integers(min_value=0, max_value=300)
tables = st.integers(1, 5).flatmap(
    lambda c: st.lists(st.lists(counts, min_size=c, max_size=c), min_size=1, max_size=6)
)


def _attack(pub: d.Published, target: tuple[int, int], sense: int, small_max: int = 4) -> float:
    """min (sense=1) or max (sense=-1) of a hidden entry given the published table."""
    nr, nc = pub.rows + 1, pub.cols + 1
    hidden = [(i, j) for i in range(nr) for j in range(nc) if pub.hidden(i, j)]
    index = {p: k for k, p in enumerate(hidden)}
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lower = [1.0 if pub.state[i][j] == d.PRIMARY else 0.0 for i, j in hidden]
    upper = [
        float(small_max) if pub.state[i][j] == d.PRIMARY else highspy.kHighsInf for i, j in hidden
    ]
    cost = [0.0] * len(hidden)
    cost[index[target]] = float(sense)
    h.addVars(len(hidden), np.array(lower), np.array(upper))
    h.changeColsCost(len(hidden), np.arange(len(hidden), dtype=np.int32), np.array(cost))

    def line_constraint(cells: list[tuple[int, int]], total: tuple[int, int]) -> None:
        # sum(cells) - total == 0, with the shown ones moved to the right-hand side
        terms = [(c, 1.0) for c in cells] + [(total, -1.0)]
        rhs = 0.0
        idx, val = [], []
        for p, coef in terms:
            if p in index:
                idx.append(index[p])
                val.append(coef)
            else:
                rhs -= coef * pub.values[p[0]][p[1]]
        if idx:
            h.addRow(rhs, rhs, len(idx), np.array(idx, dtype=np.int32), np.array(val))

    for i in range(nr):
        line_constraint([(i, j) for j in range(nc - 1)], (i, nc - 1))
    for j in range(nc):
        line_constraint([(i, j) for i in range(nr - 1)], (nr - 1, j))
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kUnbounded:
        return -sense * float("inf")
    assert status == highspy.HighsModelStatus.kOptimal
    return sense * h.getInfo().objective_function_value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_small_cell_can_be_recomputed(matrix):
    pub = d.protect(matrix)
    ext = d.extend(matrix)
    for i, row in enumerate(ext):
        for j, v in enumerate(row):
            if d.is_small(v):
                assert pub.hidden(i, j)
                lo = _attack(pub, (i, j), 1)
                hi = _attack(pub, (i, j), -1)
                assert hi - lo > 0.5, (matrix, (i, j), lo, hi)
            elif not pub.hidden(i, j):
                assert pub.label(i, j) == v


@given(tables)
def test_no_line_has_a_lone_hidden_entry_or_a_bridge(matrix):
    pub = d.protect(matrix)
    for line in pub.state + [list(col) for col in zip(*pub.state, strict=True)]:
        assert sum(s != d.SHOWN for s in line) != 1
    assert d.bridges(pub.state) == []


def test_labels_and_totals():
    pub = d.protect([[10, 3, 20], [12, 8, 30]])
    assert pub.cell(0, 1) == d.SMALL_LABEL
    # the column of the 3 needs a second hidden entry, and so does its row
    assert pub.cell(1, 1) == d.HIDDEN_LABEL
    assert d.HIDDEN_LABEL in (pub.cell(0, 0), pub.cell(0, 2), pub.row_total(0))
    assert pub.total() == 83


def test_nothing_small_nothing_hidden():
    pub = d.protect([[10, 20], [30, 40]])
    assert pub.suppressed == 0
    assert pub.row_total(1) == 70 and pub.col_total(0) == 40


def test_series_and_zero():
    pub = d.protect([[0], [7], [2], [40]])  # a one-way breakdown
    assert pub.cell(0, 0) == 0
    assert pub.cell(2, 0) == d.SMALL_LABEL
    assert pub.cell(1, 0) == d.HIDDEN_LABEL  # the smallest other non-zero one
    assert pub.total() == 49


def test_unprotected_shows_everything():
    pub = d.unprotected([[1, 2]])
    assert pub.cell(0, 0) == 1 and pub.total() == 3 and pub.suppressed == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_with_a_bound_of_ten_no_count_under_ten_can_be_recomputed(matrix):
    """The release campaign's partners: cells from 1 to 9 are small («کمتر از ۱۰»)."""
    pub = d.protect(matrix, small_max=9)
    for i, row in enumerate(d.extend(matrix)):
        for j, v in enumerate(row):
            if 1 <= v <= 9:
                assert pub.hidden(i, j) and pub.label(i, j) in ("کمتر از ۱۰", d.HIDDEN_LABEL)
                lo = _attack(pub, (i, j), 1, small_max=9)
                hi = _attack(pub, (i, j), -1, small_max=9)
                assert hi - lo > 0.5, (matrix, (i, j), lo, hi)
            elif not pub.hidden(i, j):
                assert pub.label(i, j) == v


def test_an_entry_on_a_hidden_cycle_through_the_totals_can_grow_without_end():
    # a rectangle of hidden entries through the row and column totals: any t ≥ 0
    # fits (5+t, 11+t, 12+t, 26+t all move together), so nothing is pinned
    values = [[5, 6, 11], [7, 8, 15], [12, 14, 26]]
    state = [[d.SHOWN] * 3 for _ in range(3)]
    for i, j in ((0, 0), (0, 2), (2, 0), (2, 2)):
        state[i][j] = d.SECONDARY
    lo, hi = d.interval(values, state, (0, 0))
    assert lo == 0 and hi == float("inf")
    assert not d._pinned(values, state, (0, 0))
    # with the grand total shown the cycle is closed and 5 is pinned again
    state[2][2] = d.SHOWN
    assert d.interval(values, state, (0, 0)) == (5, 5)
