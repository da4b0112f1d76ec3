"""Checks shared by casework's services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(errors: dict, field: str, value: dt.date | None, label: str = "تاریخ") -> None:
    if value and value > _today():
        errors[field] = f"{label} نمی‌تواند در آینده باشد."
