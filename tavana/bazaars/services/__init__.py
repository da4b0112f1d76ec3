"""Writes of bazaars: rounds, events, applications, allocation, booths, SMS.

Every service takes the acting user, owns its transaction and audits what it
changes. Public names pass `tavana.core.labels.public_name_check`; SMS go out
through the notifications outbox on commit and say where and when, never why
a woman is served.

    rounds.py  a round's life (domain/rounds.py): create, allocate (a background
               task), publish, each change with a history row
    events.py  events and the producers' applications to them
    booths.py  booths: claims, the waitlist, status, hand adjustments, records
"""

from .booths import (
    TRANSITIONS,
    BoothTaken,
    assignment_accept,
    assignment_adjust,
    assignment_set_status,
    booth_claim,
    booth_record,
    waitlist_fill,
)
from .events import EVENT_FIELDS, application_record, event_check, event_create
from .rounds import (
    round_allocate,
    round_allocate_start,
    round_create,
    round_instance,
    round_publish,
    round_publish_count,
)

__all__ = [
    "EVENT_FIELDS",
    "TRANSITIONS",
    "BoothTaken",
    "application_record",
    "assignment_accept",
    "assignment_adjust",
    "assignment_set_status",
    "booth_claim",
    "booth_record",
    "event_check",
    "event_create",
    "round_allocate",
    "round_allocate_start",
    "round_create",
    "round_instance",
    "round_publish",
    "round_publish_count",
    "waitlist_fill",
]
