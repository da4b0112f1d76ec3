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


def rows_of(page: str, testid: str) -> int:
    """How many rows (`<tr` in a table's body, else `<li`) the element marked
    `data-testid="testid"` shows: the rows a pinned page lists, counted."""
    import re

    start = page.index(f'data-testid="{testid}"')
    tag = page[page.rindex("<", 0, start) + 1 :].split(None, 1)[0]
    end = page.index(f"</{tag}>", start)
    inner = page[start:end]
    if tag == "table":
        body = inner.split("<tbody", 1)[-1].split("</tbody>", 1)[0]  # not the foot's total
        return len(re.findall(r"<tr[\s>]", body))
    return len(re.findall(r"<li[\s>]", inner))
