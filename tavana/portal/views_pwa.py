"""The installable web app: the service worker, served from the site's root so it
may answer for her pages offline, and the small card it keeps — her next class
and her next booth."""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tavana.bazaars.selectors import own_next_booth
from tavana.businesses.selectors import producer_of_person
from tavana.training.selectors import own_next_session

from . import access


@cache
def _worker_source() -> bytes:
    path = finders.find("portal/sw.js")
    with open(path, "rb") as f:
        return f.read()


@require_GET
def service_worker(request):
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new version reaches her at the next visit
    response["Service-Worker-Allowed"] = "/"
    return response


def next_up(*, person_id: int) -> dict:
    """Her next class and her next booth (either may be None)."""
    producer = producer_of_person(person_id=person_id)
    today = timezone.localdate()
    return {
        "next_session": own_next_session(person_id=person_id),
        "next_booth": own_next_booth(producer=producer, today=today) if producer else None,
    }


@access.woman_required
def next_card(request, person_id: int):
    """The card alone, which the service worker keeps for offline: nothing in it
    but where and when (no national code, no address)."""
    response = render(
        request, "portal/next.html", {**next_up(person_id=person_id), "seen_at": timezone.now()}
    )
    response["Cache-Control"] = "private, no-store"  # the HTTP cache keeps nothing of it
    return response
