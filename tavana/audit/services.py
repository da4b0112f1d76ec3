"""Writing and verifying the audit log. Services call `audit_write` / `audit_read`
explicitly, inside their own transaction.

The chain is keyed: each entry's hash is an HMAC-SHA256 under a key kept outside
the database (`audit_key`), so whoever owns the database — and can drop the
append-only triggers — cannot recompute the chain after changing an entry.
Anchors (`audit_anchor`: the head's sequence and hash, signed with the same
key, exported to a file kept elsewhere) let `audit verify` notice a chain cut
short or rewritten by someone who also had the key (docs/security.md, 7).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64
#: stands for "no key": the plain SHA-256 chain written before the chain was keyed
LEGACY = b""


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


def audit_key() -> bytes:
    """The chain's key: `TAVANA_AUDIT_KEY` from the environment, else one derived
    from Django's SECRET_KEY (also outside the database). Changing it needs
    `tavana audit rekey` with the old key, or every entry reads as forged."""
    from django.conf import settings

    explicit = getattr(settings, "TAVANA_AUDIT_KEY", "") or ""
    if explicit:
        return explicit.encode()
    return hashlib.sha256(b"tavana.audit.chain:" + settings.SECRET_KEY.encode()).digest()


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
    _key: bytes | None = None,
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
    key = audit_key() if _key is None else _key
    if key == LEGACY:  # the unkeyed chain of before the key (read once, by rekey)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return hmac.new(key, payload.encode("utf-8"), "sha256").hexdigest()


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


def _digest_of(e: AuditEntry, key: bytes) -> str:
    return entry_digest(
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
        _key=key,
    )


def audit_rekey(
    *, old_key: bytes, new_key: bytes, connection=None, entry_model=None, head_model=None
) -> int:
    """Re-hash the whole chain from `old_key` to `new_key` (LEGACY: the unkeyed
    chain), checking every entry under the old key first: a chain that does not
    verify is refused, never blessed. Lifts the append-only triggers for the
    duration of one transaction. Returns the entries re-hashed."""
    from django.db import connection as default_connection

    from .triggers import install_append_only, remove_append_only

    conn = connection or default_connection
    entries, heads = entry_model or AuditEntry, head_model or AuditHead
    with transaction.atomic(using=conn.alias):
        head = heads.objects.select_for_update().filter(id=1).first()
        rows = list(entries.objects.order_by("seq"))
        prev_old = prev_new = GENESIS
        updates = []
        for n, e in enumerate(rows, start=1):
            if e.seq != n or e.prev_hash != prev_old or _digest_of(e, old_key) != e.hash:
                raise ValueError(f"audit chain does not verify under the old key at entry {n}")
            prev_old = e.hash
            e.prev_hash = prev_new
            e.hash = prev_new = _digest_of(e, new_key)
            updates.append(e)
        remove_append_only(conn)
        try:
            entries.objects.bulk_update(updates, ["prev_hash", "hash"], batch_size=2000)
        finally:
            install_append_only(conn)
        if head is not None:
            head.hash = prev_new
            head.save(update_fields=["hash"])
    return len(updates)


def audit_verify(*, batch: int = 5000, anchors: list[dict] | None = None) -> VerifyReport:
    """Walk the chain in order; report the first entry whose link or hash is wrong,
    or the first anchor (`audit_anchor`) the chain no longer holds."""
    key = audit_key()
    wanted = {}
    for a in anchors or []:
        if not anchor_signature_ok(a, key):
            return VerifyReport(False, 0, a.get("seq"), "امضای لنگر دفتر درست نیست")
        if int(a["seq"]) > 0:
            wanted[int(a["seq"])] = a["hash"]
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
            if _digest_of(e, key) != e.hash:
                return VerifyReport(
                    False, checked, e.seq, f"محتوای رویداد {e.seq} پس از ثبت تغییر کرده است"
                )
            if e.seq in wanted and wanted.pop(e.seq) != e.hash:
                return VerifyReport(
                    False, checked, e.seq, f"رویداد {e.seq} با لنگر بیرونی دفتر نمی‌خواند"
                )
            prev = e.hash
            expected_seq += 1
            checked += 1
            last_seq = e.seq
    if wanted:
        seq = min(wanted)
        return VerifyReport(
            False, checked, seq, f"رویداد {seq} که لنگر بیرونی دفتر آن را دیده، دیگر در دفتر نیست"
        )
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != checked or head.hash != prev):
        return VerifyReport(
            False,
            checked,
            checked + 1,
            "رویدادهای پایانی دفتر حذف شده‌اند (سر زنجیره با آخرین رویداد نمی‌خواند)",
        )
    return VerifyReport(True, checked)


# ------------------------------------------------------------------ anchors


def _anchor_message(seq: int, digest: str, at: str) -> bytes:
    return f"tavana-audit-anchor:{seq}:{digest}:{at}".encode()


def anchor_signature_ok(anchor: dict, key: bytes | None = None) -> bool:
    try:
        message = _anchor_message(int(anchor["seq"]), str(anchor["hash"]), str(anchor["at"]))
    except (KeyError, TypeError, ValueError):
        return False
    expected = hmac.new(key or audit_key(), message, "sha256").hexdigest()
    return hmac.compare_digest(expected, str(anchor.get("signature", "")))


def audit_anchor() -> dict:
    """The chain's head now, signed: to be written to a file kept outside the
    database (`tavana audit anchor --output`), later checked by `audit verify`."""
    head = AuditHead.objects.filter(id=1).first()
    seq, digest = (head.seq, head.hash) if head is not None else (0, GENESIS)
    at = timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    signature = hmac.new(audit_key(), _anchor_message(seq, digest, at), "sha256").hexdigest()
    return {"seq": seq, "hash": digest, "at": at, "signature": signature}
