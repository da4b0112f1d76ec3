"""Pinning a list page's query count: the page is read, more rows are added,
and it is read again; both reads must take exactly the pinned number of
queries (so a query per row, or a new query, is noticed)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content.decode()


def assert_pinned(client, url: str, more: Callable[[], object], pinned: int) -> str:
    """Read `url` (after one read that fills the caches a session and the menu
    keep), add rows with `more()`, read it again; returns the second page."""
    queries_of(client, url)
    before, _ = queries_of(client, url)
    more()
    after, page = queries_of(client, url)
    assert (before, after) == (pinned, pinned), f"{url}: {before} then {after} queries"
    return page
