"""Finding 6: suppression undone by subtraction across overlapping grains.

The attacker here is independent of the code under test: it knows every
number the year family publishes (twelve months, four seasons, the year, with
their totals), and for each hidden number solves two integer programmes over
the unknown *month cells* themselves (not the engine's lines) for the least
and greatest value it can take. A hidden number with one possible value has
been recovered."""

from __future__ import annotations

import itertools

import highspy
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tavana.core.domain import disclosure
from tavana.core.domain.disclosure import PRIMARY, SHOWN
from tavana.core.domain.solver import new_highs
from tavana.insights.domain import linked

PERIODS = linked.MONTHS + linked.SEASONS + [linked.YEAR]


def _months_of(period) -> list[int]:
    kind, n = period
    if kind == "month":
        return [n]
    if kind == "season":
        return [3 * n - 2, 3 * n - 1, 3 * n]
    return list(range(1, 13))


def _cells_of(period, i, j, rows, cols) -> list[tuple[int, int, int]]:
    """The month cells (m, i, j) a published entry adds up."""
    rs = range(rows) if i == rows else [i]
    cs = range(cols) if j == cols else [j]
    return [(m, a, b) for m in _months_of(period) for a in rs for b in cs]


def recovered(published: dict, rows: int, cols: int) -> list[tuple]:
    """Hidden published numbers whose value the attacker pins down exactly."""
    base = [(m, i, j) for m in range(1, 13) for i in range(rows) for j in range(cols)]
    index = {c: n for n, c in enumerate(base)}
    known, hidden = [], []
    for p in PERIODS:
        pub = published[p]
        for i, j in itertools.product(range(rows + 1), range(cols + 1)):
            terms = [index[c] for c in _cells_of(p, i, j, rows, cols)]
            if pub.state[i][j] == SHOWN:
                known.append((terms, pub.values[i][j], pub.values[i][j]))
            elif pub.state[i][j] == PRIMARY:
                known.append((terms, 1, 4))
                hidden.append((p, i, j, terms, pub.values[i][j]))
            else:
                hidden.append((p, i, j, terms, pub.values[i][j]))
    n = len(base)
    h = new_highs()
    h.addVars(n, np.zeros(n), np.full(n, highspy.kHighsInf))
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
    )
    for terms, lo, hi in known:
        h.addRow(lo, hi, len(terms), np.array(terms, dtype=np.int32), np.ones(len(terms)))
    out = []
    for p, i, j, terms, value in hidden:
        ends = []
        for sense in (1.0, -1.0):
            cost = np.zeros(n)
            cost[terms] = sense
            h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
            h.run()
            ends.append(round(sense * h.getInfo().objective_function_value))
        assert ends[0] <= value <= ends[1]
        if ends[0] == ends[1]:
            out.append((p, i, j, value))
    return out


def _year(draw_cell, rows: int, cols: int) -> list[list[list[int]]]:
    return [[[draw_cell() for _ in range(cols)] for _ in range(rows)] for _ in range(12)]


counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 3).flatmap(
        lambda r: st.integers(1, 3).flatmap(
            lambda c: st.tuples(
                st.just(r),
                st.just(c),
                st.lists(
                    st.lists(st.lists(counts, min_size=c, max_size=c), min_size=r, max_size=r),
                    min_size=12,
                    max_size=12,
                ),
            )
        )
    )
)
def test_no_hidden_number_is_recovered_from_the_whole_family(case):
    rows, cols, months = case
    published = linked.protect_year(months)
    for pub in published.values():
        for i, j in itertools.product(range(rows + 1), range(cols + 1)):
            if disclosure.is_small(pub.values[i][j]):
                assert pub.hidden(i, j), "every published 1–4 is hidden"
    assert recovered(published, rows, cols) == []


def test_the_probe_attack_season_minus_two_months_now_fails():
    """The review's attack: a month cell of 3 hidden on its own, shown in the
    season and the other two months — recovered as season − m2 − m3 when each
    table is protected alone; not any more."""
    rng = np.random.default_rng(1405)
    months = [rng.integers(5, 60, size=(4, 2)).tolist() for _ in range(12)]
    months[0][1][0] = 3
    months[4][2][1] = 2
    alone = {p: disclosure.protect(m) for p, m in zip(linked.MONTHS, months, strict=True)}
    family = linked.protect_year(months)
    for p in linked.SEASONS + [linked.YEAR]:
        alone[p] = disclosure.protect(
            [[sum(months[m - 1][i][j] for m in _months_of(p)) for j in range(2)] for i in range(4)]
        )
    assert recovered(alone, 4, 2), "each table protected alone leaks (the finding)"
    assert recovered(family, 4, 2) == []
    assert family[("month", 1)].hidden(1, 0)
    assert family[("month", 5)].hidden(2, 1)


def test_nothing_small_nothing_hidden():
    months = [[[7, 9], [12, 30]] for _ in range(12)]
    published = linked.protect_year(months)
    assert all(p.suppressed == 0 for p in published.values())


def test_lines_that_do_not_hold_are_refused():
    import pytest

    with pytest.raises(ValueError):
        linked.protect_linked({"a": 1, "b": 2}, [[("a", 1), ("b", -1)]])


def test_a_family_too_costly_to_audit_is_published_with_every_number_hidden():
    rng = np.random.default_rng(7)
    months = [rng.integers(0, 6, size=(6, 3)).tolist() for _ in range(12)]
    tables = {p: ([f"r{i}" for i in range(6)], linked_sums(months, p)) for p in linked.PERIODS}
    linked_rows, published = linked.protect_periods(tables, 3, budget_s=0.0)
    assert linked_rows
    for _, pub in published.values():
        assert all(s != SHOWN for row in pub.state for s in row)


def linked_sums(months, period):
    ms = _months_of(period)
    return [
        [sum(months[m - 1][i][j] for m in ms) for j in range(len(months[0][0]))]
        for i in range(len(months[0]))
    ]
