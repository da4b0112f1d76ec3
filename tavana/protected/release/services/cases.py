"""A mother's case: opening it, its debts and what settles them, her children and
their carers, the partners on it, and its status moves (one history row each).
Every service checks the clearance itself, runs in one transaction and writes the
audit log."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from tavana.accounts.access import access_action
from tavana.audit.services import audit_write
from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import clean
from tavana.core.errors import ServiceError

from ...domain import release as rules
from ..access import access_case_by_id, access_release
from ..models import CaseChild, CasePartner, CaseStatusChange, Debt, DebtRelief, ReleaseCase

MIN_CLOSE_REASON = 10


def _text(value) -> str:
    return clean(str(value or "")).strip()


def _guard(actor, case: ReleaseCase | None = None) -> ReleaseCase | None:
    """Writes need the role and the clearance (an emergency grant only reads)."""
    access_action(actor, "protected.work")
    access_release(actor)
    if case is not None:
        case, _ = access_case_by_id(actor, case.pk)
    return case


def _not_future(errors: dict, field: str, value: dt.date | None, label: str) -> None:
    if value is None:
        errors[field] = f"{label} را وارد کنید."
    elif value > timezone.localdate():
        errors[field] = f"{label} نمی‌تواند در آینده باشد."


def _amount(errors: dict, field: str, value) -> int:
    if value is None or value == "":
        errors[field] = "مبلغ را به ریال وارد کنید."
        return 0
    if int(value) <= 0:
        errors[field] = "مبلغ باید بیشتر از صفر باشد."
    return int(value)


CASE_FIELDS = ("first_name", "last_name", "father_name", "national_code", "birth_date",
               "district", "prison", "offence_kind", "offence_note", "identified_on")  # fmt: skip


def case_open(*, actor, data: dict) -> ReleaseCase:
    """Open a case (status «identified»); a second person verifies it."""
    _guard(actor)
    values = {f: data.get(f) for f in CASE_FIELDS}
    for f in ("first_name", "last_name", "father_name", "prison", "offence_note"):
        values[f] = _text(values[f])
    errors: dict[str, str] = {}
    if not values["first_name"]:
        errors["first_name"] = "نام را بنویسید."
    if not values["last_name"]:
        errors["last_name"] = "نام خانوادگی را بنویسید."
    if not values["prison"]:
        errors["prison"] = "زندان یا ندامتگاه را بنویسید."
    if values["offence_kind"] not in dict(rules.OFFENCE_CHOICES):
        errors["offence_kind"] = "این پویش فقط برای جرم‌های غیرعمد و مالی است؛ یکی را انتخاب کنید."
    _not_future(errors, "identified_on", values["identified_on"], "تاریخ شناسایی")
    values["national_code"] = values["national_code"] or ""
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        case = ReleaseCase.objects.create(
            code=f"tmp-{secrets.token_hex(6)}", identified_by=actor, **values
        )
        case.code = f"{to_jalali(case.identified_on)[0]}-{case.pk:04d}"
        case.save(update_fields=["code"])
        CaseStatusChange.objects.create(case=case, to_status=rules.IDENTIFIED, by=actor)
        audit_write(
            actor=actor,
            action="release.case_open",
            obj=case,
            after={"code": case.code, "status": rules.IDENTIFIED, "fields": sorted(values)},
        )
    return case


def case_move(*, actor, case: ReleaseCase, to: str, reason: str = "") -> ReleaseCase:
    """Move the case along the table in domain/release.py. Verification is a
    second person's decision; «settled» needs every rial paid; closing needs a
    reason, and what a closed case held goes back to the pooled fund."""
    from .money import case_money, return_to_pool

    _guard(actor, case)
    reason = _text(reason)
    with transaction.atomic():
        case = ReleaseCase.objects.select_for_update().get(pk=case.pk)
        need = None
        if to == rules.SETTLED:  # settled: every rial owed paid to whom it is owed
            money = case_money(case)
            need = money.owed - money.paid
        try:
            rules.check_move(
                case.status, to, reason=reason, actor_id=actor.pk,
                identified_by_id=case.identified_by_id, need=need,
            )  # fmt: skip
        except rules.MoveRefused as e:
            raise ServiceError({"status": str(e)}, code="move_refused") from e
        if to == rules.CLOSED and len(reason) < MIN_CLOSE_REASON:
            raise ServiceError({"reason": "دلیل بستن پرونده را روشن‌تر بنویسید."})
        before = case.status
        case.status = to
        fields = ["status", "updated_at"]
        if to == rules.VERIFIED:
            case.verified_by = actor
            fields.append("verified_by")
        if to == rules.CLOSED:
            case.closed_reason = reason
            fields.append("closed_reason")
        case.save(update_fields=fields)
        CaseStatusChange.objects.create(
            case=case, from_status=before, to_status=to, by=actor, reason=reason
        )
        if to == rules.CLOSED:
            return_to_pool(actor=actor, case=case)
        audit_write(
            actor=actor,
            action="release.case_move",
            obj=case,
            person_id=case.person_id,
            before={"status": before},
            after={"status": to},
            reason=reason,
        )
    return case


def _add(actor, case: ReleaseCase, action: str, build: Callable[[], object], after: dict):
    with transaction.atomic():
        row = build()
        audit_write(actor=actor, action=action, obj=row, person_id=case.person_id, after=after)
    return row


def debt_add(*, actor, case: ReleaseCase, kind: str, creditor: str, amount, note: str = "") -> Debt:
    _guard(actor, case)
    errors: dict[str, str] = {}
    if kind not in dict(Debt.KIND_CHOICES):
        errors["kind"] = "نوع بدهی را انتخاب کنید."
    if not _text(creditor):
        errors["creditor"] = "بنویسید این مبلغ به چه کسی بدهکار است."
    value = _amount(errors, "amount", amount)
    if case.status not in (rules.IDENTIFIED, rules.VERIFIED, rules.FUNDRAISING):
        errors["__all__"] = "بدهی‌های پرونده‌ای که تسویه یا بسته شده تغییر نمی‌کند."
    if errors:
        raise ServiceError(errors)
    return _add(
        actor, case, "release.debt_add",
        lambda: Debt.objects.create(case=case, kind=kind, creditor=_text(creditor),
                                    amount=value, note=_text(note)),
        {"case": case.code, "kind": kind, "amount": value},
    )  # fmt: skip


def relief_add(*, actor, debt: Debt, kind: str, amount, on: dt.date | None, note: str = ""):
    """What reconciliation forgave or moved to instalments: it no longer has to be
    paid before release."""
    from .money import debt_outstanding

    case = _guard(actor, debt.case)
    assert case is not None
    errors: dict[str, str] = {}
    if kind not in dict(DebtRelief.KIND_CHOICES):
        errors["kind"] = "نوع (گذشت یا تقسیط) را انتخاب کنید."
    value = _amount(errors, "amount", amount)
    _not_future(errors, "on", on, "تاریخ")
    with transaction.atomic():
        debt = Debt.objects.select_for_update().get(pk=debt.pk)
        left = debt_outstanding(debt)
        if not errors and value > left:
            errors["amount"] = "این مبلغ از باقی‌ماندهٔ این بدهی بیشتر است."
        if errors or on is None:
            raise ServiceError(errors)
        return _add(
            actor, case, "release.relief_add",
            lambda: DebtRelief.objects.create(debt=debt, kind=kind, amount=value, on=on,
                                              note=_text(note), recorded_by=actor),
            {"case": case.code, "debt": debt.pk, "kind": kind, "amount": value},
        )  # fmt: skip


def child_add(*, actor, case: ReleaseCase, first_name: str, birth_date, carer_name: str,
              carer_relation: str, last_name: str = "") -> CaseChild:  # fmt: skip
    _guard(actor, case)
    errors: dict[str, str] = {}
    if not _text(first_name):
        errors["first_name"] = "نام فرزند را بنویسید."
    if not _text(carer_name):
        errors["carer_name"] = "بنویسید اکنون چه کسی از او نگهداری می‌کند."
    if carer_relation not in dict(CaseChild.RELATIONS):
        errors["carer_relation"] = "نسبت سرپرست را انتخاب کنید."
    if birth_date and birth_date > timezone.localdate():
        errors["birth_date"] = "تاریخ تولد نمی‌تواند در آینده باشد."
    if errors:
        raise ServiceError(errors)
    return _add(
        actor, case, "release.child_add",
        lambda: CaseChild.objects.create(case=case, first_name=_text(first_name),
                                         last_name=_text(last_name),
                                         birth_date=birth_date, carer_name=_text(carer_name),
                                         carer_relation=carer_relation),
        {"case": case.code, "carer_relation": carer_relation},
    )  # fmt: skip


def partner_add(*, actor, case: ReleaseCase, organisation, role: str, note: str = ""):
    """An organisation of the partners context on this case (the Prisons
    Organisation, whoever settles the debt, a charity)."""
    _guard(actor, case)
    if organisation is None:
        raise ServiceError({"organisation": "سازمان را انتخاب کنید."})
    if role not in dict(CasePartner.ROLE_CHOICES):
        raise ServiceError({"role": "نقش سازمان در این پرونده را انتخاب کنید."})
    if CasePartner.objects.filter(case=case, organisation=organisation, role=role).exists():
        raise ServiceError({"organisation": "این سازمان با همین نقش پیش‌تر افزوده شده است."})
    return _add(
        actor, case, "release.partner_add",
        lambda: CasePartner.objects.create(case=case, organisation=organisation, role=role,
                                           note=_text(note)),
        {"case": case.code, "organisation": organisation.code, "role": role},
    )  # fmt: skip
