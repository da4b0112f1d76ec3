"""The installable web app: the service worker, served from the site's root so it
may answer for her pages offline, and the small card it keeps — her next class
and her next booth."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import version

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tavana.bazaars.selectors import own_next_booth
from tavana.businesses.selectors import producer_of_person
from tavana.training.selectors import own_next_session

from .. import access

DEPLOY_MARK = b"__TAVANA_DEPLOY__"


def deploy_stamp(source: bytes) -> str:
    """What changes with every deploy: the worker itself, the names of the static
    files (hashed in production, so any changed style or script changes them)
    and the release. A new stamp makes the worker new byte for byte, so the
    browser installs it and it drops the previous deploy's static files."""
    digest = hashlib.sha256(source)
    digest.update(version("tavana").encode())
    hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
    digest.update(json.dumps(sorted(hashed.items())).encode())
    return digest.hexdigest()[:16]


@cache
def _worker_source() -> bytes:
    path = finders.find("portal/sw.js")
    with open(path, "rb") as f:
        source = f.read()
    return source.replace(DEPLOY_MARK, deploy_stamp(source).encode())


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
