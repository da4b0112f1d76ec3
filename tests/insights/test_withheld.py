"""A table published with every number hidden says why, in Persian, under it.

Two ways lead there: the suppression runs past a request's budget (computed
again by the refresh), or no pattern of hidden cells frees some pinned entry
(`linked.CannotProtect`, raised when `widen` finds no change that frees it).
The second no longer happens on the demo's counts (production orders), so it
is forced here by a widening that never finds one."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.domain.disclosure import SHOWN
from tavana.insights import published
from tavana.insights.domain import linked, widen

from .test_published_attack import _register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _small_year(year: int) -> None:
    rng = random.Random(15)
    _register({(m, d): rng.choice([0, 1, 2, 3, 7, 12]) for m in range(1, 13) for d in (4, 9)}, year)


def _women(f):
    _, shown = published.figures(f)
    return next(s for s in shown if s.table.key == "women")


def test_a_table_no_pattern_can_protect_is_fully_hidden_and_says_why(monkeypatch, client_as):
    from tavana.core.domain import jalali

    year = jalali.jalali_today().year
    _small_year(year)
    monkeypatch.setattr(widen.Widening, "cheapest", lambda self, state, target: None)
    f = published.year_filters(year)[linked.YEAR]
    women = _women(f)
    assert women.pub.rows > 0
    assert all(s != SHOWN for row in women.pub.state for s in row)
    assert published.WITHHELD in women.table.note
    body = client_as(roles.PARTNER_ANALYST).get(reverse("insights:dashboard")).content.decode()
    assert published.WITHHELD in body


def test_a_table_that_can_be_protected_says_nothing_of_the_kind():
    from tavana.core.domain import jalali

    year = jalali.jalali_today().year
    _small_year(year)
    women = _women(published.year_filters(year)[linked.YEAR])
    assert any(s == SHOWN for row in women.pub.state for s in row)
    assert published.WITHHELD not in women.table.note
    assert published.WITHHELD_FOR_NOW not in women.table.note


def test_a_table_past_the_budget_says_it_is_withheld_for_now(monkeypatch):
    from tavana.core.domain import jalali

    year = jalali.jalali_today().year
    _small_year(year)
    monkeypatch.setattr(published, "_budget", published.ContextVar("b", default=0.0))
    women = _women(published.year_filters(year)[linked.YEAR])
    assert all(s != SHOWN for row in women.pub.state for s in row)
    assert published.WITHHELD_FOR_NOW in women.table.note
