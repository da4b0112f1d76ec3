"""Agreements: recording, signing, documents, obligations, renewal, and the
calendar's moves (active, expiring, expired) made by the daily run."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..domain import agreements as rules
from ..models import Agreement, AgreementDocument, AgreementStatusChange, Obligation
from .common import text, today

DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".doc", ".xlsx")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def _move(*, actor, agreement: Agreement, target: str, note: str = "") -> None:
    source = agreement.status
    agreement.status = target
    agreement.save(update_fields=["status", "updated_at"])
    AgreementStatusChange.objects.create(
        agreement=agreement, source=source, target=target, at=timezone.now(), by=actor, note=note
    )


def _data_errors(data: dict) -> dict[str, str]:
    errors = rules.term_errors(data.get("starts_on"), data.get("ends_on"), data.get("signed_on"))
    if not data.get("title"):
        errors["title"] = "عنوان تفاهم‌نامه را بنویسید."
    if data.get("organisation") is None:
        errors["organisation"] = "طرف همکاری را انتخاب کنید."
    if data.get("owner") is None:
        errors["owner"] = "کارشناس مسئول را انتخاب کنید (یادآوری‌ها برای او می‌رود)."
    elif not data["owner"].is_active:
        errors["owner"] = "کارشناس مسئول باید حساب فعال داشته باشد."
    if data.get("kind") not in dict(Agreement.KIND_CHOICES):
        errors["kind"] = "نوع را انتخاب کنید."
    return errors


TEXT_FIELDS = ("title", "number", "summary", "center_signatory", "partner_signatory")


def agreement_create(*, actor, data: dict, axes=(), renews: Agreement | None = None) -> Agreement:
    """Record an agreement as a draft (or signed, when a signing date is given).
    Without an end date the term is one solar year."""
    data = {k: (text(v) if k in TEXT_FIELDS else v) for k, v in data.items()}
    if data.get("starts_on") and not data.get("ends_on"):
        data["ends_on"] = rules.default_end(data["starts_on"])
    errors = _data_errors(data)
    if renews is not None and hasattr(renews, "renewal"):
        errors["renews"] = "این تفاهم‌نامه پیش‌تر تمدید شده است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        a = Agreement.objects.create(
            organisation=data["organisation"],
            kind=data["kind"],
            title=data["title"],
            number=data.get("number", ""),
            summary=data.get("summary", ""),
            center_signatory=data.get("center_signatory", ""),
            partner_signatory=data.get("partner_signatory", ""),
            signed_on=data.get("signed_on"),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            owner=data["owner"],
            renews=renews,
        )
        a.axes.set(axes)
        AgreementStatusChange.objects.create(
            agreement=a, target=a.status, at=a.created_at, by=actor
        )
        audit_write(
            actor=actor,
            action="partners.agreement_create",
            obj=a,
            after={
                "title": a.title,
                "organisation": a.organisation.name,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "owner": a.owner.display_name,
                "renews": renews.pk if renews else None,
            },
        )
        if a.signed_on:
            _sign(actor=actor, agreement=a, signed_on=a.signed_on)
        if renews is not None:
            old = Agreement.objects.select_for_update().get(pk=renews.pk)
            if old.status != rules.DRAFT:
                _move(
                    actor=actor, agreement=old, target=rules.RENEWED, note=f"تمدید با «{a.title}»"
                )
    return a


def _sign(*, actor, agreement: Agreement, signed_on: dt.date) -> None:
    agreement.signed_on = signed_on
    agreement.save(update_fields=["signed_on", "updated_at"])
    _move(actor=actor, agreement=agreement, target=rules.SIGNED, note="امضا")
    for target in rules.moves_due(rules.SIGNED, agreement.starts_on, agreement.ends_on, today()):
        _move(actor=actor, agreement=agreement, target=target, note="بنا بر تاریخ")
    audit_write(
        actor=actor,
        action="partners.agreement_sign",
        obj=agreement,
        after={"signed_on": signed_on, "status": agreement.status},
    )


def agreement_sign(*, actor, agreement: Agreement, signed_on: dt.date | None) -> Agreement:
    if signed_on is None:
        raise ServiceError({"signed_on": "تاریخ امضا را وارد کنید."})
    with transaction.atomic():
        a = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if rules.SIGNED not in rules.MANUAL_MOVES.get(a.status, set()):
            raise ServiceError({"signed_on": "فقط پیش‌نویس امضا می‌شود."}, code="agreement_status")
        errors = rules.term_errors(a.starts_on, a.ends_on, signed_on)
        if errors:
            raise ServiceError(errors)
        _sign(actor=actor, agreement=a, signed_on=signed_on)
    return a


def agreements_follow_calendar(*, on: dt.date | None = None) -> int:
    """The daily run: move signed agreements to active, expiring and expired as
    their dates pass (one history row per move). Returns the number of moves."""
    on = on or today()
    moved = 0
    live = Agreement.objects.filter(
        status__in=(rules.SIGNED, rules.ACTIVE, rules.EXPIRING)
    ).values_list("pk", flat=True)
    for pk in list(live):
        with transaction.atomic():
            a = Agreement.objects.select_for_update().get(pk=pk)
            for target in rules.moves_due(a.status, a.starts_on, a.ends_on, on):
                _move(actor=None, agreement=a, target=target, note="بنا بر تاریخ")
                moved += 1
    return moved


def obligation_add(*, actor, agreement: Agreement, party: str, text_: str, due_on=None):
    body = text(text_)
    errors = {}
    if party not in dict(Obligation.PARTY_CHOICES):
        errors["party"] = "طرف تعهد را انتخاب کنید."
    if not body:
        errors["text"] = "متن تعهد را بنویسید."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        o = Obligation.objects.create(agreement=agreement, party=party, text=body, due_on=due_on)
        audit_write(
            actor=actor,
            action="partners.obligation_add",
            obj=o,
            after={"agreement": agreement.pk, "party": party, "due_on": due_on},
        )
    return o


def obligation_done(*, actor, obligation: Obligation, on: dt.date | None = None) -> Obligation:
    with transaction.atomic():
        o = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if o.done_on is None:
            o.done_on = on or today()
            o.save(update_fields=["done_on"])
            audit_write(
                actor=actor, action="partners.obligation_done", obj=o, after={"done_on": o.done_on}
            )
    return o


def document_add(*, actor, agreement: Agreement, title: str, file) -> AgreementDocument:
    title = text(title)
    errors = {}
    if not title:
        errors["title"] = "عنوان سند را بنویسید."
    if file is None:
        errors["file"] = "فایل را انتخاب کنید."
    else:
        name = (file.name or "").lower()
        if not name.endswith(DOCUMENT_TYPES):
            errors["file"] = "فقط PDF، تصویر، Word یا Excel پذیرفته می‌شود."
        elif file.size > DOCUMENT_MAX_BYTES:
            errors["file"] = "اندازهٔ فایل بیش از ۱۰ مگابایت است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        d = AgreementDocument.objects.create(
            agreement=agreement, title=title, file=file, uploaded_by=actor
        )
        audit_write(
            actor=actor,
            action="partners.document_add",
            obj=d,
            after={"agreement": agreement.pk, "title": title},
        )
    return d
