"""Venues: where bazaars are held — the rounds held at each, its booths and area."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, render

from tavana.accounts.access import require
from tavana.core.paging import page_of

from .models import Assignment, Event, Venue

MANAGE = "bazaar.manage"


@require(MANAGE)
def venues(request):
    rows = (
        Venue.objects.select_related("district")
        .annotate(n_events=Count("events"), last=Max("events__start_date"))
        .order_by("district__number", "name")
    )
    return render(request, "bazaars/venues.html", {"page": page_of(request, rows)})


@require(MANAGE)
def venue(request, venue_id: int):
    v = get_object_or_404(Venue.objects.select_related("district"), pk=venue_id)
    events = (
        Event.objects.filter(venue=v)
        .select_related("round")
        .annotate(
            n_apps=Count("applications", distinct=True),
            n_held=Count(
                "assignments", filter=Q(assignments__status__in=Assignment.HELD), distinct=True
            ),
        )
        .order_by("-start_date", "-id")
    )
    booths_area = v.booth_count * v.booth_size_m2
    share = round(100 * booths_area / v.area_m2) if v.area_m2 else None
    return render(
        request,
        "bazaars/venue.html",
        {
            "venue": v,
            "page": page_of(request, events, per_page=25),
            "booths_area": booths_area,
            "share": share,
        },
    )
