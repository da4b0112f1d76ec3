"""Reads of a staff member's own notifications (nobody reads another's inbox)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Digest, Notification, SmsOutbox
from .registry import SMS_TO_WOMEN

SHOW_OPEN, SHOW_UNREAD, SHOW_ALL = "open", "unread", "all"


def inbox(*, actor, show: str = SHOW_OPEN, kind: str = "") -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=actor)
    if show == SHOW_OPEN:
        qs = qs.filter(resolved_at__isnull=True)
    elif show == SHOW_UNREAD:
        qs = qs.filter(read_at__isnull=True, resolved_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("read_at", "due_on", "-created_at", "-id")


def unread_count(*, actor) -> int:
    return Notification.objects.filter(
        recipient=actor, read_at__isnull=True, resolved_at__isnull=True
    ).count()


def notification_get(*, actor, notification_id: int) -> Notification | None:
    return Notification.objects.filter(pk=notification_id, recipient=actor).first()


def digest_latest(*, actor) -> Digest | None:
    return Digest.objects.filter(recipient=actor).order_by("-day").first()


def kinds_of(*, actor) -> list[str]:
    return list(
        Notification.objects.filter(recipient=actor, resolved_at__isnull=True)
        .values_list("kind", flat=True)
        .distinct()
        .order_by("kind")
    )


def sms_to_her(*, mobile: str, since, limit: int = 100) -> list[SmsOutbox]:
    """The SMS of the kinds addressed to women (`registry.sms_to_women`) queued
    for `mobile` since `since` (when she took that number), newest first: her
    own inbox. Secrets (sign-in codes) are never kept in the outbox."""
    if not mobile:
        return []
    return list(
        SmsOutbox.objects.filter(mobile=mobile, created_at__gte=since, kind__in=SMS_TO_WOMEN)
        .only("text", "kind", "created_at", "sent_at")
        .order_by("-created_at", "-id")[:limit]
    )
