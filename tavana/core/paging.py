"""Long lists come a page at a time: one helper and one pager for every list.

    page = page_of(request, rows, per_page=50)
    {% include "core/_pager.html" %}   (reads `page`)

`page` is Django's Page with `.query`, the request's other parameters, so the
pager's links keep the filters. A page number past the end shows the last page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from django.core.paginator import Page, Paginator

PER_PAGE = 50


def page_of(request, items, per_page: int = PER_PAGE, param: str = "page") -> Page:
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    page.query = query.urlencode()  # type: ignore[attr-defined]
    page.param = param  # type: ignore[attr-defined]
    return page


Paged = Callable[[Any], Sequence[Any]]


def every_row(items) -> list:
    """A selector's default when no page is asked for: every row (a caller that
    is not a page, such as an export or a test)."""
    return list(items)


def pager(request, per_page: int = PER_PAGE, param: str = "page") -> Paged:
    """`page_of` for this request, to hand to a selector as `paged=`."""
    return partial(page_of, request, per_page=per_page, param=param)
