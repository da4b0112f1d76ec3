"""The protected figures made from snapshots (`TAVANA_INSIGHTS_FRESH_SECONDS` > 0):
kept under the data version they were made from, attacked like the live ones
(every period of a year together recovers no hidden cell), and a new version
— a refresh — gives the new counts, never the old pattern."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tavana.insights import published, snapshot

from .test_linked_suppression import recovered
from .test_published_attack import _last_year, _register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _snapshots(settings):
    settings.TAVANA_INSIGHTS_FRESH_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _women(year: int) -> dict:
    out = {}
    for p, f in published.year_filters(year).items():
        _, shown = published.figures(f)
        out[p] = next(s for s in shown if s.table.key == "women").pub
    return out


def test_every_period_from_snapshots_together_recovers_no_hidden_cell():
    year = _last_year()
    rng = random.Random(2405)
    counts = {(m, d): rng.choice([0, 1, 2, 3, 6, 8, 11]) for m in range(1, 13) for d in (4, 9)}
    counts[(1, 4)], counts[(2, 4)], counts[(3, 4)] = 3, 9, 12
    _register(counts, year)
    family = _women(year)
    rows = {pub.rows for pub in family.values()}
    assert len(rows) == 1
    assert recovered(family, rows.pop(), 1) == []
    assert any(pub.suppressed for pub in family.values()), "small cells were there to hide"


def test_the_published_figures_are_kept_by_data_version_and_a_refresh_makes_a_new_one():
    year = _last_year()
    _register({(1, 4): 7, (2, 4): 8, (1, 9): 6}, year)
    f = published.year_filters(year)[("month", 1)]
    heads, shown = published.figures(f)
    with CaptureQueriesContext(connection) as queries:
        again = published.figures(f)
    assert len(queries) == 0, "the second view reads the kept result only"
    assert again[0] == heads

    _register({(1, 4): 5}, year)
    assert published.figures(f)[0] == heads, "the snapshots are not stale yet"
    snapshot.refresh(list(published.year_filters(year).values()))
    new_heads, _ = published.figures(f)
    new = dict(new_heads)["ثبت‌نام تازه در این دوره"]
    assert new == dict(heads)["ثبت‌نام تازه در این دوره"] + 5


def test_a_table_too_costly_for_a_request_is_hidden_until_computed_ahead(monkeypatch):
    """Past a request's budget a table is published fully hidden; the refresh's
    longer budget computes it properly, the page then shows that, and what it
    shows is still safe from the whole family."""
    year = _last_year()
    rng = random.Random(7)
    _register({(m, d): rng.choice([0, 1, 2, 3, 7, 12]) for m in range(1, 13) for d in (4, 9)}, year)
    monkeypatch.setattr(published, "BUDGET_S", 0.0)
    monkeypatch.setattr(published, "_budget", published.ContextVar("b", default=0.0))
    hidden = _women(year)
    assert all(s != "shown" for pub in hidden.values() for row in pub.state for s in row)

    with published.computing_ahead():
        snapshot.refresh(list(published.year_filters(year).values()))
        published.figures(published.year_filters(year)[("year", 0)])
    family = _women(year)  # a request again: the kept complete pattern
    assert any(s == "shown" for pub in family.values() for row in pub.state for s in row)
    assert recovered(family, next(iter(family.values())).rows, 1) == []
