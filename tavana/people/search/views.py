"""The one search box (people/search/): full page, or the results partial for htmx."""

from __future__ import annotations

from django.shortcuts import render

from tavana.accounts.access import require, user_can

from ..selectors import search_text_trim
from .engine import person_search
from .query import TIER_LABELS

PAGE_SIZE = 20


def _limit(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or PAGE_SIZE), 100))
    except ValueError:
        return PAGE_SIZE


@require("person.view")
def persons(request):
    query = search_text_trim(request.GET.get("q", ""))  # the box never refuses: it trims
    after = request.GET.get("after") or None
    limit = _limit(request.GET.get("limit"))
    page = (
        person_search(actor=request.user, query=query, after=after, limit=limit) if query else None
    )
    if page is not None:
        for person in page.results:
            person.tier_label = TIER_LABELS[person.search_tier]
    context = {
        "query": query,
        "page": page,
        "limit": limit,
        "after": after,
        "can_register": user_can(request.user, "person.register"),
        "can_export": user_can(request.user, "person.export"),
    }
    if request.headers.get("HX-Request"):
        return render(request, "people/_search_results.html", context)
    return render(request, "people/search.html", context)
