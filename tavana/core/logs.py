"""Structured logs: one JSON object a line, each carrying the request (or task) id.

`RequestIdMiddleware` gives every request an id — the one a trusted proxy sent
in `X-Request-ID`, else a new one — returns it in the response header, and
keeps it in a context variable that `RequestIdFilter` copies onto every log
record written while the request runs. The worker does the same with the task
id, so a line in the log can be traced to what caused it.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from contextlib import contextmanager

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


@contextmanager
def request_id_bound(value: str):
    token = request_id_var.set(value)
    try:
        yield value
    finally:
        request_id_var.reset(token)


class RequestIdMiddleware:
    """Must come after ProxyHeadersMiddleware: an X-Request-ID still present
    came from a trusted proxy (untrusted peers' headers were removed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = given if _WELL_FORMED.match(given) else new_request_id()
        request.request_id = rid
        with request_id_bound(rid):
            response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger with Tavana's field names (time, level, logger, message)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "{asctime}{levelname}{name}{message}{request_id}{process}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)


class RefusalFilter(logging.Filter):
    """A refused request (403, 404, 400: Django logs them with the exception) is a
    one-line warning; a traceback is for a real error (5xx) only."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


def logging_config(*, json: bool, level: str = "INFO") -> dict:
    """The LOGGING setting: JSON lines (production) or plain text (demo, tests)."""
    formatter = (
        {"()": "tavana.core.logs.JsonFormatter"}
        if json
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "tavana.core.logs.RequestIdFilter"},
            "refusal": {"()": "tavana.core.logs.RefusalFilter"},
        },
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_id", "refusal"],
            }
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "tavana": {"handlers": ["console"], "level": level, "propagate": False},
            "django_tasks_db": {"handlers": ["console"], "level": level, "propagate": False},
            "django.request": {
                "handlers": ["console"],
                "level": "WARNING",
                "filters": ["refusal"],
                "propagate": False,
            },
        },
    }
