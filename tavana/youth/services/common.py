from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tavana.core.domain.persian_text import clean


def today() -> dt.date:
    return timezone.localdate()


def text(value) -> str:
    return clean(value or "").strip()
