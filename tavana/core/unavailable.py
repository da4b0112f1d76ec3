"""When the database is away (a restart, a fail-over), say so: 503 with a Persian page.

A request that finds PostgreSQL gone gets «سامانه موقتاً در دسترس نیست» with
Retry-After instead of a generic 500 (the 500 handler in tavana.core.views asks
`database_away()` about the error it handles), and nothing half-written: each
service's transaction rolled back. The next request reconnects by itself
(CONN_HEALTH_CHECKS), so the app recovers without anyone's hand.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 15


def database_away(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_response() -> HttpResponse:
    try:
        body = render_to_string("503.html")
    except Exception:  # the page itself must not need the database
        body = "<h1>سامانه موقتاً در دسترس نیست</h1>"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
