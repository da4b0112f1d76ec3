from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tavana.core.domain.persian_text import clean


def today() -> dt.date:
    return timezone.localdate()


def text(value) -> str:
    return clean(value or "").strip()


def iran_weekday(d: dt.date) -> int:
    """0 = Saturday … 6 = Friday (the Iranian week)."""
    return (d.weekday() + 2) % 7
