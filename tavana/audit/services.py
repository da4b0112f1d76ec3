"""Writing and verifying the audit log. Services call `audit_write` / `audit_read`
explicitly, inside their own transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _default(o):
    if isinstance(o, datetime | date):
        return o.isoformat()
    if isinstance(o, Decimal):
        return str(o)
    return str(o)


def _canonical(value) -> str:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default
    )


def _normalise(value):
    """What the JSON column will give back, so hashing now and later agree."""
    return None if value is None else json.loads(_canonical(value))


def entry_digest(
    *,
    prev_hash: str,
    seq: int,
    at: datetime,
    actor_id,
    actor_username: str,
    kind: str,
    action: str,
    object_type: str,
    object_id: str,
    person_id,
    fields,
    before,
    after,
    reason: str,
) -> str:
    at_utc = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = _canonical(
        [
            prev_hash,
            seq,
            at_utc,
            actor_id,
            actor_username,
            kind,
            action,
            object_type,
            object_id,
            person_id,
            fields,
            before,
            after,
            reason,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _append(
    *,
    actor,
    kind: str,
    action: str,
    obj=None,
    object_type: str = "",
    object_id="",
    person_id=None,
    fields=None,
    before=None,
    after=None,
    reason: str = "",
) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id not in (None, "") else obj.pk
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq = head.seq + 1
        at = timezone.now()
        actor_id = getattr(actor, "pk", None)
        values = dict(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_username=getattr(actor, "username", "") or "",
            kind=kind,
            action=action,
            object_type=object_type,
            object_id="" if object_id in (None, "") else str(object_id),
            person_id=person_id,
            fields=_normalise(list(fields or [])),
            before=_normalise(before),
            after=_normalise(after),
            reason=reason or "",
        )
        digest = entry_digest(prev_hash=head.hash, **values)
        entry = AuditEntry.objects.create(prev_hash=head.hash, hash=digest, **values)
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
        return entry


def audit_write(
    *,
    actor,
    action: str,
    obj=None,
    person_id=None,
    before=None,
    after=None,
    reason: str = "",
    object_type: str = "",
    object_id="",
) -> AuditEntry:
    """Record a change: who, when, what, before and after."""
    changed = sorted(set((before or {}).keys()) | set((after or {}).keys()))
    return _append(
        actor=actor,
        kind=AuditEntry.KIND_WRITE,
        action=action,
        obj=obj,
        person_id=person_id,
        fields=changed,
        before=before,
        after=after,
        reason=reason,
        object_type=object_type,
        object_id=object_id,
    )


def audit_read(
    *,
    actor,
    action: str,
    fields: list[str],
    obj=None,
    person_id=None,
    reason: str = "",
    object_type: str = "",
    object_id="",
) -> AuditEntry:
    """Record a read of sensitive fields or a protected record: who, what, why."""
    return _append(
        actor=actor,
        kind=AuditEntry.KIND_READ,
        action=action,
        obj=obj,
        person_id=person_id,
        fields=fields,
        reason=reason,
        object_type=object_type,
        object_id=object_id,
    )


def audit_read_many(
    *,
    actor,
    action: str,
    fields: list[str],
    objects: list,
    reason: str = "",
) -> int:
    """One read entry per object (each naming its person, so the auditor finds
    every read of a person's data), written in one batch: a list page audits the
    rows it shows with the same few queries whatever their number. `objects` are
    model instances whose pk is the person's id, or (obj, person_id) pairs."""
    pairs = [o if isinstance(o, tuple) else (o, o.pk) for o in objects]
    if not pairs:
        return 0
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        at = timezone.now()
        prev, seq = head.hash, head.seq
        entries = []
        for obj, person_id in pairs:
            seq += 1
            values = dict(
                seq=seq,
                at=at,
                actor_id=getattr(actor, "pk", None),
                actor_username=getattr(actor, "username", "") or "",
                kind=AuditEntry.KIND_READ,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                person_id=person_id,
                fields=_normalise(list(fields)),
                before=None,
                after=None,
                reason=reason or "",
            )
            digest = entry_digest(prev_hash=prev, **values)
            entries.append(AuditEntry(prev_hash=prev, hash=digest, **values))
            prev = digest
        AuditEntry.objects.bulk_create(entries)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return len(entries)


def audit_access(*, actor, action: str, reason: str = "", after=None, person_id=None) -> AuditEntry:
    return _append(
        actor=actor,
        kind=AuditEntry.KIND_ACCESS,
        action=action,
        reason=reason,
        after=after,
        person_id=person_id,
    )


@dataclass
class VerifyReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def audit_verify(*, batch: int = 5000) -> VerifyReport:
    """Walk the chain in order; report the first entry whose link or hash is wrong."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    qs = AuditEntry.objects.order_by("seq")
    while True:
        rows = list(qs.filter(seq__gt=last_seq)[:batch])
        if not rows:
            break
        for e in rows:
            if e.seq != expected_seq:
                return VerifyReport(
                    False,
                    checked,
                    expected_seq,
                    f"رویداد شمارهٔ {expected_seq} نیست (حذف یا جابه‌جا شده است)",
                )
            if e.prev_hash != prev:
                return VerifyReport(
                    False, checked, e.seq, f"پیوند رویداد {e.seq} به رویداد پیشین گسسته است"
                )
            digest = entry_digest(
                prev_hash=e.prev_hash,
                seq=e.seq,
                at=e.at,
                actor_id=e.actor_id,
                actor_username=e.actor_username,
                kind=e.kind,
                action=e.action,
                object_type=e.object_type,
                object_id=e.object_id,
                person_id=e.person_id,
                fields=e.fields,
                before=e.before,
                after=e.after,
                reason=e.reason,
            )
            if digest != e.hash:
                return VerifyReport(
                    False, checked, e.seq, f"محتوای رویداد {e.seq} پس از ثبت تغییر کرده است"
                )
            prev = e.hash
            expected_seq += 1
            checked += 1
            last_seq = e.seq
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != checked or head.hash != prev):
        return VerifyReport(
            False,
            checked,
            checked + 1,
            "رویدادهای پایانی دفتر حذف شده‌اند (سر زنجیره با آخرین رویداد نمی‌خواند)",
        )
    return VerifyReport(True, checked)
