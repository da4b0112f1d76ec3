"""The notification service: the one way any context tells a member of staff
something (her inbox, optionally an SMS) and texts anyone (the SMS outbox, with
quiet hours); the daily run of reminders and digests.

Service API (what other contexts call):

* ``notification_send(*, recipient, kind, text, link="", sms=False, sms_text=None,
  actor=None)`` — a line in her inbox; with ``sms=True`` also an SMS to her mobile
  (``sms_text`` if given — an SMS must never say why a woman is served).
* ``sms_queue(*, mobile, text, kind="", urgent=False)`` — an SMS to anyone; waits
  for the end of quiet hours unless ``urgent`` (a sign-up code she is waiting for).
* reminders: register a source in ``tavana.notifications.registry``; ``notify_run``
  (``tavana notify``, every few minutes) runs every source once a day, then
  builds each person's digest and sends what the outbox holds.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError
from tavana.core.sms import SmsMessage, SmsProviderError, sms_checked, sms_send

from .domain.quiet import next_send_time
from .domain.reminders import DigestLine, Reminder, digest_lines
from .models import DailyRun, Digest, Notification, Policy, SmsOutbox
from .registry import DAILY_JOBS, SOURCES, sms_consent_refusal
from .sms_templates import sms_render

log = logging.getLogger("tavana.notifications")

MAX_ATTEMPTS = 5


def policy_get() -> Policy:
    """The settings row; a new installation starts with TAVANA_QUIET_HOURS."""
    start, end = getattr(settings, "TAVANA_QUIET_HOURS", None) or ("00:00", "00:00")
    policy, _ = Policy.objects.get_or_create(
        id=1,
        defaults={
            "quiet_start": dt.time.fromisoformat(start),
            "quiet_end": dt.time.fromisoformat(end),
        },
    )
    return policy


def _check_link(link: str) -> str:
    link = (link or "").strip()
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ServiceError({"link": "پیوند اعلان باید نشانی صفحه‌ای در خود توانا باشد."})
    return link


# ------------------------------------------------------------------ inbox


def notification_send(
    *,
    recipient,
    kind: str,
    text: str,
    link: str = "",
    sms: bool = False,
    sms_text: str | None = None,
    due_on: dt.date | None = None,
    actor=None,
) -> Notification:
    """A line in `recipient`'s inbox and, with `sms`, a text to her mobile (if she
    has one) after commit and outside quiet hours. `actor` is who caused it (None
    for the system)."""
    text = (text or "").strip()
    if not text:
        raise ServiceError({"text": "متن اعلان خالی است."})
    with transaction.atomic():
        n = Notification.objects.create(
            recipient=recipient, kind=kind, text=text[:500], link=_check_link(link), due_on=due_on
        )
        mobile = getattr(recipient, "mobile", "")
        if sms and mobile:
            sms_queue(mobile=mobile, text=sms_text or text, kind=kind)
    return n


def notification_open(*, actor, notification: Notification) -> Notification:
    """She opened it: mark it read (once)."""
    if notification.recipient_id != actor.pk:
        raise ServiceError("این اعلان از آنِ شما نیست.", code="not_yours")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# ------------------------------------------------------------------ SMS


def sms_queue(
    *,
    mobile: str,
    text: str,
    kind: str = "",
    urgent: bool = False,
    now=None,
    person_id: int | None = None,
) -> SmsOutbox | None:
    """Queue an SMS. Outside quiet hours it goes out right after the caller's
    transaction commits; inside them it waits for their end. An `urgent` message (a
    code or a link someone is waiting for) goes at once whatever the hour, and is
    not kept in the outbox: it holds a secret.

    An SMS to a registered woman names her (`person_id`) and is refused
    (ServiceError, code "consent_missing") unless her consent to SMS is in force
    (`registry.sms_consent_refusal`, filled by the registry). A code she asked
    for herself (signing in) is not such a message."""
    if person_id is not None:
        refusal = sms_consent_refusal(person_id)
        if refusal:
            raise ServiceError({"__all__": refusal}, code="consent_missing")
    text = sms_checked(mobile=mobile, text=text)
    if urgent:
        sms_send([SmsMessage(mobile=mobile, text=text)])
        return None
    now = now or timezone.now()
    policy = policy_get()
    local = timezone.localtime(now)
    when = next_send_time(local, policy.quiet_start, policy.quiet_end)
    row = SmsOutbox.objects.create(mobile=mobile, text=text, kind=kind, not_before=when)
    if when <= local:
        from .tasks import send_due_sms

        transaction.on_commit(lambda: send_due_sms.enqueue(), robust=True)
    return row


def sms_flush(*, now=None, limit: int = 200) -> int:
    """Send the SMS whose time has come, through the configured backend. A failed batch is retried later (at most MAX_ATTEMPTS times, further
    apart each time)."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            due = SmsOutbox.objects.filter(
                sent_at__isnull=True, not_before__lte=now, attempts__lt=MAX_ATTEMPTS
            )
            rows = list(
                due.select_for_update(skip_locked=True).order_by("not_before", "id")[:limit]
            )
            if not rows:
                return sent
            try:
                sms_send([SmsMessage(mobile=r.mobile, text=r.text) for r in rows])
            except SmsProviderError as e:
                for r in rows:
                    r.attempts += 1
                    r.last_error = str(e)[:300]
                    r.not_before = now + dt.timedelta(minutes=5 * 2**r.attempts)
                SmsOutbox.objects.bulk_update(rows, ["attempts", "last_error", "not_before"])
                log.warning("SMS batch of %s deferred: %s", len(rows), e)
                return sent
            for r in rows:
                r.sent_at, r.attempts = now, r.attempts + 1
            SmsOutbox.objects.bulk_update(rows, ["sent_at", "attempts"])
            sent += len(rows)
        if len(rows) < limit:
            return sent


# ------------------------------------------------------------------ reminders


def _active_user_ids(ids) -> set[int]:
    User = get_user_model()

    return set(User.objects.filter(pk__in=set(ids), is_active=True).values_list("pk", flat=True))


def _sync_source(code: str, reminders: list[Reminder], now) -> dict:
    """Bring the inbox in line with what the source says today."""
    active = _active_user_ids(r.recipient_id for r in reminders)
    wanted = {
        (r.recipient_id, r.key): r
        for r in reminders
        if r.recipient_id in active and r.kind == code and r.key
    }
    existing = {
        (n.recipient_id, n.key): n for n in Notification.objects.filter(kind=code).exclude(key="")
    }
    new, changed = [], []
    for ident, r in wanted.items():
        n = existing.get(ident)
        if n is None:
            new.append(
                Notification(
                    recipient_id=r.recipient_id,
                    kind=code,
                    key=r.key,
                    text=r.text[:500],
                    link=_check_link(r.link),
                    due_on=r.due_on,
                )
            )
            continue
        if n.resolved_at is not None or (n.text, n.link, n.due_on) != (r.text, r.link, r.due_on):
            n.text, n.link, n.due_on, n.resolved_at = r.text[:500], r.link, r.due_on, None
            changed.append(n)
    stale = [n for ident, n in existing.items() if ident not in wanted and n.resolved_at is None]
    for n in stale:
        n.resolved_at = now
    with transaction.atomic():
        Notification.objects.bulk_create(new, batch_size=500)
        Notification.objects.bulk_update(
            changed + stale, ["text", "link", "due_on", "resolved_at"], batch_size=500
        )
        for r in (r for r in wanted.values() if r.sms):
            if (r.recipient_id, r.key) not in existing:
                _sms_to_user(r.recipient_id, r.sms_text or r.text, code, now)
    return {"new": len(new), "updated": len(changed), "resolved": len(stale)}


def _sms_to_user(user_id: int, text: str, kind: str, now=None) -> None:
    User = get_user_model()

    mobile = User.objects.filter(pk=user_id).values_list("mobile", flat=True).first()
    if mobile:
        sms_queue(mobile=mobile, text=text, kind=kind, now=now)


def reminders_run(*, today: dt.date | None = None, now=None) -> dict:
    """Run every registered source for `today`. A source that fails is logged and
    skipped; the others still run. `now` is the run's instant (quiet hours are
    reckoned from it)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    policy = policy_get()
    report: dict[str, dict] = {}
    for code, job in sorted(DAILY_JOBS.items()):
        try:
            report[code] = {"done": job(today)}
        except Exception as e:  # like a source: logged, and the rest still run
            log.exception("daily job %s failed", code)
            report[code] = {"error": type(e).__name__}
    for code, source in sorted(SOURCES.items()):
        lead = (
            policy.lead_days.get(code, source.lead_days) if source.lead_days is not None else None
        )
        try:
            reminders = list(source.fn(today, lead))
            report[code] = _sync_source(code, reminders, now)
        except Exception as e:  # one broken source must not stop the others
            log.exception("reminder source %s failed", code)
            report[code] = {"error": type(e).__name__}
    return report


# ------------------------------------------------------------------ digest


def digest_compose(*, day: dt.date | None = None, now=None) -> int:
    """Each person's summary for `day`: every open reminder and every unread
    notification, oldest due first. Returns how many digests were written."""
    day = day or timezone.localdate()
    policy = policy_get()
    by_user: dict[int, list[DigestLine]] = defaultdict(list)
    open_rows = Notification.objects.filter(resolved_at__isnull=True).exclude(
        key="", read_at__isnull=False
    )
    for n in open_rows.filter(recipient__is_active=True).order_by("recipient_id", "id"):
        by_user[n.recipient_id].append(
            DigestLine(n.kind, n.text, n.link, n.due_on.isoformat() if n.due_on else None)
        )
    User = get_user_model()

    mobiles = dict(User.objects.filter(pk__in=list(by_user)).values_list("pk", "mobile"))
    written = 0
    with transaction.atomic():
        for user_id, lines in by_user.items():
            items = [line.__dict__ for line in digest_lines(lines)]
            _, created = Digest.objects.update_or_create(
                recipient_id=user_id, day=day, defaults={"items": items}
            )
            written += 1
            if created and policy.digest_sms and mobiles.get(user_id):
                sms_queue(
                    mobile=mobiles[user_id],
                    text=sms_render("notifications.digest", شمار=to_persian_digits(len(lines))),
                    kind="notifications.digest",
                    now=now,
                )
    return written


def notify_run(*, now=None, daily: bool = False) -> dict:
    """What `tavana notify` does every few minutes: once a day, after the digest
    hour, run the reminders and write the digests (one node claims the day); every
    time, send the SMS whose time has come. `daily` runs the daily part now."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    policy = policy_get()
    report: dict = {}
    if daily or local.hour >= policy.digest_hour:
        claimed = daily
        if not daily:
            try:
                with transaction.atomic():
                    _, claimed = DailyRun.objects.get_or_create(day=local.date())
            except IntegrityError:
                claimed = False
        if claimed:
            report["reminders"] = reminders_run(today=local.date(), now=now)
            report["digests"] = digest_compose(day=local.date(), now=now)
            DailyRun.objects.update_or_create(day=local.date(), defaults={"report": report})
    report["sms_sent"] = sms_flush(now=now)
    return report


# ------------------------------------------------------------------ policy


POLICY_FIELDS = ("quiet_start", "quiet_end", "digest_hour", "digest_sms", "lead_days")


def policy_update(*, actor, data: dict) -> Policy:
    """The administrator's change of quiet hours, digest hour and lead times."""
    if not 0 <= int(data.get("digest_hour", 7)) <= 23:
        raise ServiceError({"digest_hour": "ساعت خلاصهٔ روزانه باید بین ۰ و ۲۳ باشد."})
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get_or_create(id=1)[0]
        before = {f: getattr(policy, f) for f in POLICY_FIELDS}
        for f in POLICY_FIELDS:
            if f in data:
                setattr(policy, f, data[f])
        policy.save()
        after = {f: getattr(policy, f) for f in POLICY_FIELDS}
        changed = {f for f in POLICY_FIELDS if before[f] != after[f]}
        if changed:
            audit_write(
                actor=actor,
                action="notifications.policy_change",
                obj=policy,
                before={f: before[f] for f in changed},
                after={f: after[f] for f in changed},
            )
    return policy
