"""What a reminder is, and how a day's reminders become a digest. Pure Python.

A reminder source (a context's function, see `tavana.notifications.registry`)
returns `Reminder`s for one day. Each reminder has a `key` that stays the same
while its cause lasts (e.g. "followup:812"): the run adds what is new, leaves
what is already in a person's inbox, and marks as resolved what no source
returns any more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reminder:
    recipient_id: int
    kind: str  # "<context>.<what>", e.g. "casework.followup_overdue"
    key: str  # stable while the cause lasts, unique within the kind
    text: str  # Persian: what is due and what to do
    link: str  # where to do it (a path inside Tavana)
    due_on: dt.date | None = None
    sms: bool = False  # also send an SMS: `sms_text`, else `text` (never why a woman is served)
    sms_text: str = ""


@dataclass(frozen=True)
class DigestLine:
    kind: str
    text: str
    link: str
    due_on: str | None  # ISO date


def digest_lines(items: Iterable[DigestLine], limit: int = 50) -> list[DigestLine]:
    """The digest's lines: the oldest due first, then the undated, at most `limit`."""
    ordered = sorted(items, key=lambda i: (i.due_on is None, i.due_on or "", i.kind, i.text))
    return ordered[:limit]
