"""Figures for whoever must not see small counts — the one publisher behind the
protected figures page, every export, the partners' extracts and their API.

Each table is published as a member of its year's family (twelve months, four
seasons, the year) and protected with the family (`domain.linked`), so no
hidden number follows from subtracting tables of overlapping periods.
Therefore protected figures are published only:

- for a whole Jalali month, season or year (`period_of`; anything else is
  refused with `PeriodNotPublished`);
- for the whole city and the whole Center: districts appear as the rows of the
  women's table, never as a filter (a district's table and the city's would be
  another overlap: the city minus the other districts);
- as counts that are not running totals: the women's table shows the
  registrations *in* the period, and the number registered by the period's end
  is not published (its differences between months are the monthly numbers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

from tavana.core.domain import jalali
from tavana.core.domain.disclosure import HIDDEN_LABEL, SMALL_LABEL, is_small

from . import selectors, snapshot
from .domain import linked
from .present import Shown

Period = tuple[str, int]
TablesOf = Callable[[selectors.Filters], list[selectors.Table]]


class PeriodNotPublished(ValueError):
    """Protected figures are published only for a whole Jalali month, season or year."""

    message = "آمار حفاظت‌شده فقط برای یک ماه، یک فصل یا یک سال کامل خورشیدی منتشر می‌شود."


def period_of(start: dt.date, end: dt.date) -> tuple[int, Period] | None:
    """The Jalali year and period `[start, end)` is exactly, or None."""
    y, m, d = jalali.to_jalali(start)
    if d != 1:
        return None
    if end == jalali.month_range(y, m)[1]:
        return y, ("month", m)
    if m % 3 == 1 and end == jalali.season_range(y, (m + 2) // 3)[1]:
        return y, ("season", (m + 2) // 3)
    if m == 1 and end == jalali.year_range(y)[1]:
        return y, ("year", 0)
    return None


def _range(year: int, p: Period) -> tuple[dt.date, dt.date]:
    kind, n = p
    if kind == "month":
        return jalali.month_range(year, n)
    if kind == "season":
        return jalali.season_range(year, n)
    return jalali.year_range(year)


def year_filters(year: int, floor: dt.date | None = None) -> dict[Period, selectors.Filters]:
    """The whole city's filters for each period of the year, none before `floor`."""
    out = {}
    for p in linked.PERIODS:
        start, end = _range(year, p)
        if floor is not None:
            start = min(max(start, floor), end)
        out[p] = selectors.Filters(start=start, end=end)
    return out


# processor seconds one table's family may take; past it the table is published
# with every number hidden (a page must not hang on a table full of small cells)
BUDGET_S = 2.0

FLOW_ONLY = {"women": 1}  # a running total beside its flow: publish the flow column only


def _published_view(t: selectors.Table) -> selectors.Table:
    keep = FLOW_ONLY.get(t.key)
    if keep is None:
        return t
    return dataclasses.replace(
        t, cols=[t.cols[keep]], matrix=[[r[keep]] for r in t.matrix], amounts=None
    )


_budget: ContextVar[float] = ContextVar("insights_budget", default=BUDGET_S)
AHEAD_BUDGET_S = 120.0  # processor seconds per table when computed ahead (no one waits)


@contextmanager
def computing_ahead() -> Iterator[None]:
    """For `insights_refresh`: a family too costly for a request's budget gets the
    long budget, and a table a request published fully hidden is computed again."""
    token = _budget.set(AHEAD_BUDGET_S)
    try:
        yield
    finally:
        _budget.reset(token)


# Why a table is published with every number hidden, said under it.
WITHHELD_FOR_NOW = (
    "همهٔ خانه‌های این جدول فعلاً «پنهان» است: پیدا کردن خانه‌هایی که باید پنهان شوند "
    "تا هیچ فردی از این جدول و جدول‌های دوره‌های دیگر شناخته نشود بیش از زمان یک درخواست "
    "طول کشید. ارقام در محاسبهٔ بعدی آمار منتشر می‌شوند."
)
WITHHELD = (
    "همهٔ خانه‌های این جدول «پنهان» است: با هیچ الگویی از خانه‌های پنهان نمی‌شد ارقام آن را "
    "منتشر کرد بی‌آنکه شمار کوچکی از تفریق آن با جدول‌های دوره‌های دیگر به دست آید."
)


def _protect_cached(key: str, tables: dict) -> tuple[bool, dict, str]:
    """`linked.protect_periods`, kept in the cache by the counts themselves (the
    same counts always give the same pattern: caching changes nothing shown).
    Past the budget every number of the table is hidden (no subtraction undoes
    that), and only until a run with a longer budget (`computing_ahead`) finishes.
    Returns whether the periods were linked, each period's table, and why the
    table is published with every number hidden ("" when it is not)."""
    cols = len(next(iter(tables.values()))[2])
    plain = {p: (rows, matrix) for p, (rows, matrix, _) in tables.items()}
    digest = hashlib.sha256(pickle.dumps((key, cols, sorted(plain.items())))).hexdigest()
    ck = f"insights:linked:v2:{digest}"
    budget = _budget.get()
    hit = cache.get(ck)
    if hit is None or (not hit[2] and budget > BUDGET_S):
        try:
            found = linked.protect_periods(plain, cols, budget, hide_when_too_costly=False)
            hit = (*found, True, "")
        except linked.TooCostly:
            hit = (*linked.protect_periods(plain, cols, budget_s=0.0), False, WITHHELD_FOR_NOW)
        except linked.CannotProtect:
            # no pattern frees some hidden entry (`linked.widen` found none): say
            # nothing of this table (budget 0: every number hidden at once)
            hit = (*linked.protect_periods(plain, cols, budget_s=0.0), True, WITHHELD)
        cache.set(ck, hit, timeout=24 * 3600)
    return hit[0], hit[1], hit[3]


def _shown(t: selectors.Table, rows: list[str], pub, by_period_amounts, why: str = "") -> Shown:
    matrix = [pub.values[i][: pub.cols] for i in range(pub.rows)]
    table = dataclasses.replace(t, rows=rows, matrix=matrix)
    if why:
        table.note = f"{t.note} {why}" if t.note else why
    amounts = None
    if t.amounts is not None:
        table.amounts = by_period_amounts
        amounts = [
            HIDDEN_LABEL if pub.hidden(i, pub.cols) else a for i, a in enumerate(by_period_amounts)
        ]
    return Shown(table, pub, amounts)


def _amounts_for(rows: list[str], t: selectors.Table, linked_rows: bool, family) -> list:
    """Per published row: the period's sum of money (0 for a row with no count)."""
    if not linked_rows:
        return list(t.amounts or [])
    total: dict[tuple[str, int], int] = {}
    for ft in family:
        for k, a in zip(linked._keys(ft.rows), ft.amounts or [], strict=False):
            total.setdefault(k, 0)
            total[k] += a
    return [total.get(k, 0) for k in linked._keys(rows)]


def protected_tables(
    f: selectors.Filters,
    tables_of: TablesOf,
    *,
    floor: dt.date | None = None,
) -> list[Shown]:
    """The tables `tables_of` gives for the period of `f`, as published."""
    found = period_of(f.start, f.end)
    if found is None:
        raise PeriodNotPublished(PeriodNotPublished.message)
    year, period = found
    filters = year_filters(year, floor)
    per_period = {p: [_published_view(t) for t in tables_of(fp)] for p, fp in filters.items()}
    out = []
    for n, t in enumerate(per_period[period]):
        family = {p: ts[n] for p, ts in per_period.items()}
        tables = {p: (list(x.rows), [list(r) for r in x.matrix], x.cols) for p, x in family.items()}
        linked_rows, published, why = _protect_cached(t.key, tables)
        rows, pub = published[period]
        months = [family[m] for m in linked.months_of(period)]
        amounts = _amounts_for(rows, t, linked_rows, months) if t.amounts is not None else None
        out.append(_shown(t, rows, pub, amounts, why))
    return out


def figures(f: selectors.Filters) -> tuple[list[tuple[str, object]], list[Shown]]:
    """The figures page and its export, protected: headline and tables.

    With snapshots (`snapshot.fresh_seconds() > 0`) the result is kept in the
    cache under the data version it was made from — the computing times of
    the seventeen snapshots of the year — so a partner's page does no
    suppression at all until `insights_refresh` (or a stale snapshot) makes a
    new version; a new version is a new key, never a stale pattern."""
    if snapshot.fresh_seconds() <= 0:
        # live: the seventeen periods' tables only; the headline, whose distinct
        # counts are the costly part, for the period asked
        shown = protected_tables(f, selectors.tables)
        heads = selectors.headline(selectors.Filters(start=f.start, end=f.end))
        counts = _certificate_counts(f, selectors.certificates)
        return _with_heads(heads, shown, _certificates(f, counts)), shown
    found = period_of(f.start, f.end)
    if found is None:
        raise PeriodNotPublished(PeriodNotPublished.message)
    filters = year_filters(found[0])
    snaps = {p: snapshot.figures(fp) for p, fp in filters.items()}
    version = "|".join(snaps[p].computed_at.isoformat() for p in linked.PERIODS)
    key = "insights:published:" + hashlib.sha256(f"{found}|{version}".encode()).hexdigest()
    hit = cache.get(key)
    if hit is None:
        by_filter = {filters[p]: snaps[p] for p in filters}
        shown = protected_tables(f, lambda fp: by_filter[fp].tables)
        counts = {p: s.heads[CERTIFICATES][1] for p, s in snaps.items()}
        hit = (_with_heads(snaps[found[1]].heads, shown, _certificates(f, counts)), shown)
        cache.set(key, hit, timeout=max(snapshot.fresh_seconds() * 12, 3600))
    return hit


CERTIFICATES = 4  # the headline's certificates issued (selectors.headline)


def _with_heads(heads, shown: list[Shown], certs) -> list[tuple[str, object]]:
    women = next(s for s in shown if s.table.key == "women")
    out: list[tuple[str, object]] = []
    for n, (label, value) in enumerate(heads):
        if n == 0:
            out.append((label, HIDDEN_LABEL))  # a running total: not published
        elif n == 1:
            out.append((label, women.pub.total() if women.table.rows else value))
        elif n == CERTIFICATES:
            out.append((label, certs))
        else:
            out.append((label, SMALL_LABEL if is_small(value) else value))
    return out


def _certificate_counts(f: selectors.Filters, count) -> dict[Period, int]:
    year, _ = period_of(f.start, f.end) or (0, None)
    return {p: count(fp) for p, fp in year_filters(year).items()}


def _certificates(f: selectors.Filters, counts: dict[Period, int]):
    """Certificates issued add up over months: protected with their family."""
    _, period = period_of(f.start, f.end) or (0, None)
    tables = {p: (["گواهی"], [[n]], ["تعداد"]) for p, n in counts.items()}
    _, published, _ = _protect_cached("certificates", tables)
    return published[period][1].total()
