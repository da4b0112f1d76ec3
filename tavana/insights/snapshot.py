"""Figures computed ahead: a snapshot of the headline and the tables per filter,
kept in the shared cache, so the figures page does not run a dozen GROUP BYs
over millions of rows for every manager who opens it.

A snapshot is fresh for `TAVANA_INSIGHTS_FRESH_SECONDS` (settings; 0: always
live, as in the demo and the tests). An older one is recomputed by the first
request that finds it old — or, before anyone asks, by `tavana
insights_refresh`, which a timer runs every few minutes for the views opened
most (this year, the whole city and each district). While one process
recomputes a stale snapshot the others keep showing it, so a burst of
managers does not run the same queries side by side. The page and the export
say when their figures were computed.

Snapshots hold counts only (what the selectors return), before disclosure
control: who sees what is still decided per request by `present`.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from tavana.core.domain.jalali import to_jalali

from . import selectors
from .served import ServedYear, served_year

VERSION = 1  # bump when a selector's output changes shape
LOCK_SECONDS = 300


@dataclass(frozen=True)
class Snapshot:
    heads: list[tuple[str, int]]
    tables: list[selectors.Table]
    computed_at: dt.datetime
    took_s: float


def fresh_seconds() -> int:
    return int(getattr(settings, "TAVANA_INSIGHTS_FRESH_SECONDS", 0))


def cache_key(f: selectors.Filters) -> str:
    district = f.district.pk if f.district else "-"
    units = ",".join(map(str, sorted(f.unit_ids))) or "-"
    return f"insights:v{VERSION}:{f.start}:{f.end}:{district}:{units}"


def compute(f: selectors.Filters, served: int | None = None) -> Snapshot:
    started = time.monotonic()
    heads = selectors.headline(f, served)
    tables = selectors.tables(f)
    return Snapshot(heads, tables, timezone.now(), round(time.monotonic() - started, 2))


def store(f: selectors.Filters, snap: Snapshot) -> None:
    # kept well past freshness: a stale snapshot is shown while another process recomputes
    cache.set(cache_key(f), snap, timeout=max(fresh_seconds() * 12, 3600))


def figures(f: selectors.Filters) -> Snapshot:
    """The snapshot for `f`: from the cache when fresh, else computed now."""
    fresh = fresh_seconds()
    if fresh <= 0:
        return compute(f)
    key = cache_key(f)
    snap = cache.get(key)
    if snap is not None and (timezone.now() - snap.computed_at).total_seconds() < fresh:
        return snap
    lock = key + ":computing"
    if snap is not None and not cache.add(lock, 1, timeout=LOCK_SECONDS):
        return snap  # another process is recomputing it
    try:
        snap = compute(f)
        store(f, snap)
    finally:
        cache.delete(lock)
    return snap


def refresh(filters: list[selectors.Filters]) -> list[Snapshot]:
    """Recompute and store each (the timer's `tavana insights_refresh`). Women
    served is counted once per Jalali year for every filter of whole months
    (`served.served_year`), not once per filter."""
    years: dict[int, ServedYear] = {}
    out = []
    for f in filters:
        count = None
        if not f.unit_ids:
            year = to_jalali(f.start)[0]
            if year not in years:
                years[year] = served_year(year)
            count = years[year].count(f)
        snap = compute(f, count)
        store(f, snap)
        out.append(snap)
    return out
