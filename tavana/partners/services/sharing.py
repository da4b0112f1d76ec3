"""Data-sharing agreements, their tokens and extracts (every extract and every
API read is logged in the audit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from tavana.accounts import roles
from tavana.audit.services import audit_read, audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError

from .. import sharing as plug
from ..domain import agreements as rules
from ..domain.sharing import next_due
from ..models import Agreement, DataSharing, Extract, SharingToken
from .common import text, today

TOKEN_PREFIX = "tvp_"
MIN_K = 5
TOUCH_EVERY = dt.timedelta(minutes=1)


def sharing_create(
    *,
    actor,
    agreement: Agreement,
    title: str,
    indicators: list[str],
    analyst,
    data_from: dt.date | None,
    valid_until: dt.date | None,
    by_district: bool = False,
    frequency: str = DataSharing.MONTHLY,
    record_level: bool = False,
    k: int = MIN_K,
) -> DataSharing:
    errors: dict[str, str] = {}
    title = text(title)
    if not title:
        errors["title"] = "عنوان را بنویسید."
    unknown = [c for c in indicators if c not in plug.INDICATORS]
    if not indicators:
        errors["indicators"] = "دست‌کم یک شاخص را انتخاب کنید."
    elif unknown:
        errors["indicators"] = "شاخص ناشناخته: " + "، ".join(unknown)
    if analyst is None or getattr(analyst, "role", None) != roles.PARTNER_ANALYST:
        errors["analyst"] = "تحلیلگر شریک را انتخاب کنید (کاربری با نقش «تحلیلگر شریک»)."
    if data_from is None:
        errors["data_from"] = "تاریخ آغاز داده‌ها را وارد کنید."
    if valid_until is None:
        errors["valid_until"] = "تاریخ پایان اعتبار را وارد کنید."
    elif valid_until > agreement.ends_on:
        errors["valid_until"] = "اعتبار تبادل داده از پایان تفاهم‌نامه فراتر نمی‌رود."
    elif valid_until < today():
        errors["valid_until"] = "تاریخ پایان اعتبار گذشته است."
    if agreement.status not in (rules.SIGNED, rules.ACTIVE, rules.EXPIRING):
        errors["__all__"] = "تبادل داده فقط زیر تفاهم‌نامهٔ امضاشده و جاری ثبت می‌شود."
    if k < MIN_K:
        errors["k"] = f"k دست‌کم {to_persian_digits(MIN_K)} است."
    if frequency not in dict(DataSharing.FREQUENCIES):
        errors["frequency"] = "تناوب را انتخاب کنید."
    if errors or data_from is None or valid_until is None:
        raise ServiceError(errors)
    with transaction.atomic():
        s = DataSharing.objects.create(
            agreement=agreement, title=title, indicators=list(indicators), analyst=analyst,
            data_from=data_from, valid_until=valid_until, by_district=by_district,
            frequency=frequency, record_level=record_level, k=k, created_by=actor,
            next_extract_on=today(),
        )  # fmt: skip
        audit_write(
            actor=actor,
            action="partners.sharing_create",
            obj=s,
            after={"indicators": s.indicators, "analyst": analyst.username, "k": k},
        )
    return s


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def sharing_token_issue(*, actor, sharing: DataSharing) -> tuple[SharingToken, str]:
    """A new token for the partner's API; the text is returned once, never stored."""
    if sharing.valid_until < today():
        raise ServiceError({"__all__": "این تبادل داده به پایان رسیده است؛ توکن تازه داده نمی‌شود."})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = SharingToken.objects.create(
            sharing=sharing, prefix=raw[:10], digest=_digest(raw), created_by=actor
        )
        audit_write(
            actor=actor, action="partners.sharing_token_issue", obj=token,
            after={"sharing": sharing.pk, "prefix": token.prefix},
        )  # fmt: skip
    return token, raw


def sharing_token_revoke(*, actor, token: SharingToken) -> None:
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_write(
                actor=actor, action="partners.sharing_token_revoke", obj=token,
                after={"prefix": token.prefix},
            )  # fmt: skip


def sharing_for_token(raw: str | None) -> DataSharing | None:
    """The data-sharing agreement a valid token is bound to (not revoked, the
    agreement not past its end, its analyst still active); None otherwise."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        SharingToken.objects.select_related("sharing__analyst", "sharing__agreement__organisation")
        .filter(digest=_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or token.sharing.valid_until < today() or not token.sharing.analyst.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        SharingToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.sharing


def extract_store(
    *, sharing: DataSharing, kind: str, start: dt.date, end: dt.date, filename: str,
    content: bytes, summary: dict, actor=None,
) -> Extract:  # fmt: skip
    with transaction.atomic():
        e = Extract.objects.create(
            sharing=sharing, kind=kind, period_start=start, period_end=end, filename=filename,
            content=content, summary=summary, made_by=actor,
        )  # fmt: skip
        audit_write(
            actor=actor or sharing.created_by or sharing.analyst,
            action="partners.extract_make",
            obj=e,
            after={"sharing": sharing.pk, "kind": kind, **{k: summary.get(k) for k in ("suppressed", "k", "records")}},
        )  # fmt: skip
    return e


def extract_make(
    *, actor, sharing: DataSharing, kind: str, start: dt.date, end: dt.date
) -> Extract:
    """Build (through the figures' layer) and keep one extract."""
    if kind == Extract.RECORDS and not sharing.record_level:
        raise ServiceError({"kind": "این توافق برداشت سطح رکورد را در بر ندارد."})
    maker = plug.EXTRACT_MAKERS.get(kind)
    if maker is None:
        raise ServiceError({"kind": "این نوع برداشت در دسترس نیست."})
    if end <= start:
        raise ServiceError({"__all__": "بازهٔ برداشت خالی است."})
    filename, content, summary = maker(sharing, start, end)
    return extract_store(
        sharing=sharing, kind=kind, start=start, end=end, filename=filename, content=content,
        summary=summary, actor=actor,
    )  # fmt: skip


def extract_download(*, actor, extract: Extract) -> bytes:
    """The file, with its download in the audit log."""
    audit_read(
        actor=actor,
        action="partners.extract_download",
        fields=["extract"],
        object_type="partners.Extract",
        object_id=str(extract.pk),
    )
    return bytes(extract.content)


def api_read_log(*, sharing: DataSharing, indicator: str, start: dt.date, end: dt.date) -> None:
    audit_read(
        actor=sharing.analyst,
        action="partners.api_read",
        fields=[indicator],
        object_type="partners.DataSharing",
        object_id=str(sharing.pk),
        reason=f"{start.isoformat()}..{end.isoformat()}",
    )


def sharing_schedule_next(*, sharing: DataSharing, today: dt.date) -> None:
    sharing.next_extract_on = next_due(today, sharing.frequency)
    sharing.save(update_fields=["next_extract_on", "updated_at"])
