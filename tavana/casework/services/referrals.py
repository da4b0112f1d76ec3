"""Referrals and transfers between workers, centres and partners; handing a
caseload over."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tavana.accounts import roles
from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError
from tavana.people.consents import consent_has
from tavana.people.domain.consent import PARTNER_REFERRAL, REFUSALS

from .. import selectors
from ..domain import stages
from ..models import (
    CaseAssignment,
    Referral,
    ServiceType,
)
from .common import _today


def referral_create(
    *,
    actor,
    person,
    kind: str,
    request: str,
    follow_up_on: dt.date | None,
    to_worker=None,
    to_centre=None,
    to_partner=None,  # a partners.Organisation
    service: ServiceType | None = None,
    sent_on: dt.date | None = None,
) -> Referral:
    """Refer (someone else acts, the case stays) or transfer (to another worker,
    who must accept). The follow-up stays on the sender's list until answered."""
    errors: dict[str, str] = {}
    sent_on = sent_on or _today()
    request = (request or "").strip()
    receivers = [r for r in (to_worker, to_centre, to_partner) if r is not None]
    if kind not in dict(stages.KINDS):
        errors["kind"] = "نوع ارجاع را انتخاب کنید."
    elif kind == stages.TRANSFER:
        if to_worker is None or to_centre is not None or to_partner is not None:
            errors["to_worker"] = "پرونده فقط به مددکار دیگری منتقل می‌شود؛ مددکار را انتخاب کنید."
        elif not CaseAssignment.objects.filter(
            person=person, worker=actor, end_date__isnull=True
        ).exists():
            errors["kind"] = "فقط مددکار مسئول پرونده می‌تواند آن را منتقل کند."
        elif Referral.objects.filter(
            person=person, kind=stages.TRANSFER, status=stages.SENT
        ).exists():
            errors["kind"] = "برای این پرونده یک درخواست انتقال در انتظار پاسخ است."
    elif len(receivers) != 1:
        errors["to_partner"] = "یک گیرنده انتخاب کنید: مددکار، مرکز یا سازمان همکار."
    if to_worker is not None and (
        to_worker.pk == actor.pk or to_worker.role != roles.SOCIAL_WORKER
    ):
        errors["to_worker"] = "مددکار دیگری را انتخاب کنید."
    if to_partner is not None and not consent_has(person_id=person.pk, purpose=PARTNER_REFERRAL):
        errors["to_partner"] = REFUSALS[PARTNER_REFERRAL]
    if not request:
        errors["request"] = "شرح درخواست را بنویسید."
    if follow_up_on is None:
        errors["follow_up_on"] = "تاریخ پیگیری را وارد کنید."
    elif follow_up_on < sent_on:
        errors["follow_up_on"] = "تاریخ پیگیری نمی‌تواند پیش از امروز باشد."
    if errors or follow_up_on is None:  # (a missing date is in errors)
        raise ServiceError(errors)
    with transaction.atomic():
        r = Referral.objects.create(
            person=person,
            kind=kind,
            from_worker=actor,
            to_worker=to_worker,
            to_centre=to_centre,
            to_partner=to_partner,
            service=service,
            request=request,
            sent_on=sent_on,
            follow_up_on=follow_up_on,
        )
        audit_write(
            actor=actor,
            action="casework.referral_create",
            obj=r,
            person_id=person.pk,
            after={
                "kind": kind,
                "to_worker": getattr(to_worker, "username", None),
                "to_centre": getattr(to_centre, "pk", None),
                "to_partner": getattr(to_partner, "code", None),
                "service": getattr(service, "code", None),
                "follow_up_on": follow_up_on,
            },
        )
    return r


def referral_respond(
    *, actor, referral: Referral, status: str, answer: str = "", on: dt.date | None = None
) -> Referral:
    """Record an answer. Internal referrals are answered by the receiving worker;
    referrals to a partner or a centre by the sender, writing down what came back.
    An accepted transfer moves the case to the receiving worker."""
    if not selectors.may_respond(actor, referral):
        raise PermissionDenied
    on = on or _today()
    errors = stages.check_referral_move(referral.kind, referral.status, status, answer)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        r = Referral.objects.select_for_update().get(pk=referral.pk)
        if r.status != referral.status:
            raise ServiceError({"status": "وضعیت این ارجاع هم‌زمان تغییر کرد؛ دوباره نگاه کنید."})
        before = r.status
        r.status = status
        r.answer = (answer or "").strip()
        r.answered_on = on
        r.answered_by = actor
        r.save()
        if r.kind == stages.TRANSFER and status == stages.ACCEPTED:
            CaseAssignment.objects.filter(person_id=r.person_id, end_date__isnull=True).update(
                end_date=on
            )
            CaseAssignment.objects.create(
                worker=r.to_worker,  # type: ignore[misc]  # a transfer always names one
                person_id=r.person_id,
                start_date=on,
                reason=f"انتقال از {r.from_worker.display_name}",
            )
        audit_write(
            actor=actor,
            action="casework.referral_respond",
            obj=r,
            person_id=r.person_id,
            before={"status": before},
            after={"status": status, "answered_on": on},
        )
    return r


def caseload_handover(*, actor, from_worker, to_worker=None, on: dt.date | None = None) -> int:
    """Hand every open case of `from_worker` (leaving, or moving on) to `to_worker`;
    one history row and one audit entry per woman. Nothing to hand: returns 0."""
    on = on or _today()
    cases = list(
        CaseAssignment.objects.select_for_update().filter(worker=from_worker, end_date__isnull=True)
    )
    if not cases:
        return 0
    if (
        to_worker is None
        or to_worker.pk == from_worker.pk
        or to_worker.role != roles.SOCIAL_WORKER
        or not to_worker.is_active
    ):
        raise ServiceError(
            {
                "handover_to": f"{from_worker.display_name} {to_persian_digits(len(cases))} پرونده "
                "در دست دارد؛ مددکار فعالی را برای تحویل پرونده‌ها انتخاب کنید."
            }
        )
    with transaction.atomic():
        for case in cases:
            case.end_date = on
            case.save(update_fields=["end_date"])
            CaseAssignment.objects.create(
                worker=to_worker,
                person_id=case.person_id,
                start_date=on,
                reason=f"تحویل پرونده از {from_worker.display_name}",
            )
            audit_write(
                actor=actor,
                action="casework.case_handover",
                obj=case,
                person_id=case.person_id,
                before={"worker": from_worker.username},
                after={"worker": to_worker.username, "date": on},
            )
    return len(cases)


def caseload_handover_on_deactivate(*, actor, user, handover_to=None) -> None:
    """Run when an account is deactivated: her open cases go to `handover_to`."""
    caseload_handover(actor=actor, from_worker=user, to_worker=handover_to)
