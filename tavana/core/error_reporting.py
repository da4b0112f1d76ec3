"""Unhandled errors to a Sentry-compatible service (Sentry, GlitchTip, …), off by default.

Turned on by `TAVANA_ERROR_DSN` (or `SENTRY_DSN`). What leaves the building is
the error's type, message and stack — never a person's data: no request body,
no cookies or headers, no query string (a search for a national code would
carry it), no local variables, no user, and the logged message is kept only
as the error's own text. The request id goes with it, to find the log lines.
"""

from __future__ import annotations

import os

SCRUBBED_REQUEST_KEYS = ("data", "cookies", "headers", "query_string", "env")


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    request = event.get("request")
    if isinstance(request, dict):
        for key in SCRUBBED_REQUEST_KEYS:
            request.pop(key, None)
        url = request.get("url")
        if isinstance(url, str):
            request["url"] = url.split("?", 1)[0]
    event.pop("user", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []) or []:
        crumb.pop("data", None)
    from .logs import current_request_id

    rid = current_request_id()
    if rid:
        event.setdefault("tags", {})["request_id"] = rid
    return event


def error_dsn() -> str:
    return (os.environ.get("TAVANA_ERROR_DSN") or os.environ.get("SENTRY_DSN") or "").strip()


def init_error_reporting(dsn: str | None = None, *, environment: str = "production") -> bool:
    """Start reporting if a DSN is configured; returns whether it is on."""
    dsn = error_dsn() if dsn is None else dsn
    if not dsn:
        return False
    from importlib.metadata import version

    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("TAVANA_ENVIRONMENT", environment),
        release=f"tavana@{version('tavana')}",
        integrations=[DjangoIntegration()],
        default_integrations=True,
        auto_enabling_integrations=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0.0,
        before_send=scrub_event,
    )
    return True
