"""Choosing what to give up for a pinned entry (`linked.widen`): the cheapest
change that lets it move, not the next shown neighbour.

The demo's production orders of 1405 — six orders, each month's one order
labelled «۱ تا ۴», the year's columns too — raised `CannotProtect` and were
published with every number hidden: every pinned entry was held by the 1–4
bounds of other small entries, and hiding the zeros beside it, one after
another, freed nothing."""

from __future__ import annotations

import itertools

from tavana.core.domain.disclosure import PRIMARY, SECONDARY, SHOWN
from tavana.insights.domain import linked
from tavana.insights.domain.widen import Widening

from .test_linked_suppression import recovered

# (month, client row, status column): one order each; 5 clients × 9 statuses
DEMO_ORDERS_1405 = [(1, 3, 7), (2, 0, 7), (2, 3, 7), (2, 4, 7), (5, 1, 6), (8, 2, 3)]


def _months(cells, rows=5, cols=9):
    months = [[[0] * cols for _ in range(rows)] for _ in range(12)]
    for m, i, j in cells:
        months[m - 1][i][j] += 1
    return months


def test_the_demo_production_orders_are_protected_by_labels_alone():
    published = linked.protect_year(_months(DEMO_ORDERS_1405))
    assert recovered(published, 5, 9) == []
    for pub in published.values():
        for i, j in itertools.product(range(6), range(10)):
            v, s = pub.values[i][j], pub.state[i][j]
            if v == 0 or v > 4:
                # nothing but small numbers is given up: every zero and the
                # year's six orders are still shown
                assert s == SHOWN, (i, j, v, s)
    year = published[linked.YEAR]
    assert year.state[5][9] == SHOWN and year.values[5][9] == 6
    relabelled = sum(s == SECONDARY for p in published.values() for r in p.state for s in r)
    assert 0 < relabelled <= 4


def test_the_cheapest_change_frees_the_entry_and_nothing_is_given_up_when_it_is_free():
    # a = b + c; a shown as 10, b = 4 and c = 6 hidden: b moves with c
    values = {"a": 10, "b": 4, "c": 6}
    lines = [[("a", -1), ("b", 1), ("c", 1)]]
    w = Widening(values, lines, lambda k: (k,))
    assert w.cheapest({"a": SHOWN, "b": PRIMARY, "c": SECONDARY}, "b") == set()
    # b labelled 1–4 and c labelled 1–4 with a shown as 8: b = 8 - c is pinned
    # at 4; relabelling one of them frees it for less than hiding a
    values = {"a": 8, "b": 4, "c": 4}
    w = Widening(values, lines, lambda k: (k,))
    give = w.cheapest({"a": SHOWN, "b": PRIMARY, "c": PRIMARY}, "b")
    assert give and "a" not in give and give <= {"b", "c"}


def test_an_entry_no_change_can_free_is_reported():
    # z = 0 hidden, and the only line through it says z is zero
    values = {"z": 0, "a": 5}
    lines = [[("z", 1)], [("a", 1), ("a", -1)]]
    w = Widening(values, lines, lambda k: (k,))
    assert w.cheapest({"z": SECONDARY, "a": SHOWN}, "z") is None
