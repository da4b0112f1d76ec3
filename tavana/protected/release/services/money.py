"""Donors, pledges and the money ledger: payments with receipts (to one case or to
the pooled fund), payments to creditors, corrections as reversals, returning a
closed case's money to the pool, and the pooled fund's allocation (the solver
proposes, staff accept or change it).

Every write to the ledger takes the same lock (the programme's row), replays the
ledger with the new entry (`domain/ledger.check_append`) and is refused with the
reason if any account would go below zero, so the ledger balances by
construction; nothing is updated or deleted.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from tavana.accounts.access import access_action
from tavana.audit.services import audit_write
from tavana.core.domain.identifiers import InvalidIdentifier, parse_mobile
from tavana.core.domain.numbers import format_number
from tavana.core.domain.persian_text import clean, to_persian_digits
from tavana.core.errors import ServiceError

from ...domain import ledger as L
from ...domain import pool as pool_rules
from ...domain import release as rules
from ...models import Programme
from ..models import Debt, DebtRelief, Donor, LedgerEntry, Pledge, PoolAllocation, ReleaseCase
from .cases import _amount, _guard, _not_future

THANKS = "protected.release_thanks"
THANKS_SMS = (
    "توانا: کمک {مبلغ} ریالی شما با رسید شمارهٔ {رسید} دریافت شد. "
    "از همراهی شما سپاسگزاریم. وضعیت کمک‌هایتان: {پیوند}"
)


def _fa_amount(n: int) -> str:
    return format_number(n)


# ------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CaseMoney:
    owed: int  # debts less what was forgiven or moved to instalments
    funded: int  # what the case holds or has paid out
    held: int  # what it holds now
    paid: int  # what it paid to creditors
    needed: int  # what donors must still give


def ledger_entries() -> list[L.Entry]:
    return [e.as_rule() for e in LedgerEntry.objects.order_by("pk")]


def ledger_balances() -> L.Balances:
    return L.replay(ledger_entries())


def case_owed(case: ReleaseCase) -> int:
    debts = Debt.objects.filter(case=case).aggregate(s=Sum("amount"))["s"] or 0
    reliefs = DebtRelief.objects.filter(debt__case=case).aggregate(s=Sum("amount"))["s"] or 0
    return rules.amount_owed([debts], [reliefs])


def owed_by_case(case_ids) -> dict[int, int]:
    """What each case still owes (debts less reliefs), in two grouped queries."""
    debts = dict(
        Debt.objects.filter(case_id__in=case_ids).values_list("case_id").annotate(s=Sum("amount"))
    )
    reliefs = dict(
        DebtRelief.objects.filter(debt__case_id__in=case_ids)
        .values_list("debt__case_id")
        .annotate(s=Sum("amount"))
    )
    return {pk: rules.amount_owed([debts.get(pk, 0)], [reliefs.get(pk, 0)]) for pk in case_ids}


def case_money(
    case: ReleaseCase, balances: L.Balances | None = None, owed: int | None = None
) -> CaseMoney:
    b = balances or ledger_balances()
    owed = case_owed(case) if owed is None else owed
    held, paid = b.cases.get(case.pk, 0), b.paid.get(case.pk, 0)
    return CaseMoney(owed, held + paid, held, paid, rules.still_needed(owed, held + paid))


def debt_outstanding(debt: Debt) -> int:
    """What of one debt is neither relieved nor paid."""
    return debts_outstanding([debt])[debt.pk]


def debts_outstanding(debts: list[Debt]) -> dict[int, int]:
    """What of each debt is neither relieved nor paid, by the debt's pk: two
    queries however many debts (a case's page lists them all)."""
    ids = [d.pk for d in debts]
    relieved = dict(
        DebtRelief.objects.filter(debt_id__in=ids)
        .values("debt_id")
        .annotate(s=Sum("amount"))
        .values_list("debt_id", "s")
    )
    paid = dict(
        LedgerEntry.objects.filter(debt_id__in=ids, kind=L.SETTLE, correction__isnull=True)
        .values("debt_id")
        .annotate(s=Sum("amount"))
        .values_list("debt_id", "s")
    )
    return {
        d.pk: max(0, d.amount - (relieved.get(d.pk) or 0) - (paid.get(d.pk) or 0)) for d in debts
    }


# ------------------------------------------------------------------- writing


def _lock() -> None:
    Programme.objects.select_for_update().filter(code=Programme.RELEASE).first()


def _append(*, actor, entry: LedgerEntry, action: str, extra: dict | None = None) -> LedgerEntry:
    """Check and write one entry (inside the caller's transaction and lock)."""
    try:
        L.check_append(ledger_entries(), L.Entry(-1, entry.kind, entry.amount, entry.donor_id,
                                                 entry.case_id, entry.corrects_id))  # fmt: skip
    except L.LedgerRefused as e:
        raise ServiceError({"amount": str(e)}, code="ledger_refused") from e
    entry.recorded_by = actor
    entry.save()
    audit_write(
        actor=actor,
        action=action,
        obj=entry,
        person_id=entry.case.person_id if entry.case else None,
        after={"kind": entry.kind, "amount": entry.amount, "case": entry.case_id,
               "donor": entry.donor_id, **(extra or {})},
    )  # fmt: skip
    return entry


def _donor_organisation(*, actor, organisation, new_name: str, new_kind: str, errors: dict):
    """The partners context's organisation for an organisation donor: one chosen
    from its list, or one created there through its service (one source of truth
    for the organisation's name). A name already in the list must be chosen."""
    from tavana.core.domain.persian_text import search_key
    from tavana.partners.models import Organisation
    from tavana.partners.services import organisation_save

    if organisation is not None and new_name:
        errors["organisation_name"] = "یا سازمانی از فهرست برگزینید یا نام سازمان تازه را بنویسید."
        return None
    if organisation is not None:
        return organisation
    if not new_name:
        errors["organisation"] = "سازمان را از فهرست سازمان‌های همکار برگزینید یا نامش را بنویسید."
        return None
    key = search_key(new_name)
    same = next((o for o in Organisation.objects.only("pk", "name") if search_key(o.name) == key),
                None)  # fmt: skip
    if same is not None:
        errors["organisation_name"] = f"«{same.name}» در فهرست سازمان‌های همکار هست؛ آن را برگزینید."
        return None
    if errors:
        return None
    # a code made from the name, so the demo is the same every time it is loaded
    import hashlib

    code = "org-" + hashlib.sha256(key.encode()).hexdigest()[:8]
    while Organisation.objects.filter(code=code).exists():
        code = "org-" + hashlib.sha256(code.encode()).hexdigest()[:8]
    return organisation_save(actor=actor, data={
        "code": code, "name": new_name, "kind": new_kind or "charity",
    })  # fmt: skip


def donor_save(*, actor, name: str = "", kind: str = Donor.INDIVIDUAL, mobile: str = "",
               organisation=None, organisation_name: str = "",
               organisation_kind: str = "") -> Donor:  # fmt: skip
    """A donor: a person (her name), or an organisation of the partners context
    (chosen from its list or created there)."""
    if actor is not None:
        _guard(actor)
    errors: dict[str, str] = {}
    name = clean(name or "").strip()
    organisation_name = clean(organisation_name or "").strip()
    if kind not in dict(Donor.KIND_CHOICES):
        errors["kind"] = "نوع نیکوکار را انتخاب کنید."
    elif kind == Donor.INDIVIDUAL:
        if not name:
            errors["name"] = "نام نیکوکار را بنویسید."
        organisation, organisation_name = None, ""
    else:
        name = ""
        if organisation is not None and Donor.objects.filter(organisation=organisation).exists():
            d = Donor.objects.get(organisation=organisation)
            errors["organisation"] = (
                f"این سازمان پیش‌تر نیکوکار ثبت شده است (کد {to_persian_digits(d.code)})."
            )
    if mobile:
        try:
            mobile = parse_mobile(mobile)
        except InvalidIdentifier as e:
            errors["mobile"] = str(e)
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        if kind == Donor.ORGANISATION:
            organisation = _donor_organisation(
                actor=actor, organisation=organisation, new_name=organisation_name,
                new_kind=organisation_kind, errors=errors,
            )  # fmt: skip
            if errors:
                raise ServiceError(errors)
        donor = Donor.objects.create(
            code=f"tmp-{secrets.token_hex(6)}", name=name, kind=kind, mobile=mobile,
            organisation=organisation, created_by=actor,
        )  # fmt: skip
        donor.code = f"D-{donor.pk:05d}"
        donor.save(update_fields=["code"])
        if actor is not None:
            audit_write(actor=actor, action="release.donor_add", obj=donor,
                        after={"code": donor.code, "kind": kind,
                               "organisation": organisation.code if organisation else ""})  # fmt: skip
    return donor


def pledge_create(*, actor, donor: Donor, amount, case: ReleaseCase | None = None,
                  source: str = Pledge.STAFF, message: str = "") -> Pledge:  # fmt: skip
    errors: dict[str, str] = {}
    value = _amount(errors, "amount", amount)
    if case is not None and case.status not in rules.OPEN_FOR_MONEY:
        errors["case"] = "این پرونده اکنون کمک نمی‌پذیرد."
    if errors:
        raise ServiceError(errors)
    return Pledge.objects.create(
        donor=donor, amount=value, case=case, source=source, message=clean(message or "")[:300]
    )


def payment_record(*, actor, donor: Donor, amount, on: dt.date | None,
                   case: ReleaseCase | None = None, pledge: Pledge | None = None,
                   reference: str = "") -> LedgerEntry:  # fmt: skip
    """A donor's payment: to one case (a directed gift) or to the pooled fund.
    The donor gets a receipt and, with a mobile, a thank-you SMS that says
    nothing about any woman."""
    from django.urls import reverse

    from tavana.notifications.services import sms_queue
    from tavana.notifications.sms_templates import sms_render

    _guard(actor)
    errors: dict[str, str] = {}
    value = _amount(errors, "amount", amount)
    _not_future(errors, "on", on, "تاریخ پرداخت")
    if pledge is not None and (pledge.donor_id != donor.pk or pledge.status != Pledge.OPEN):
        errors["pledge"] = "این تعهد از این نیکوکار نیست یا دیگر باز نیست."
    with transaction.atomic():
        _lock()
        if case is not None:
            case = ReleaseCase.objects.select_for_update().get(pk=case.pk)
            if case.status not in rules.OPEN_FOR_MONEY:
                errors["case"] = "این پرونده اکنون کمک نمی‌پذیرد؛ کمک را به صندوق مشترک بدهید."
            elif not errors and value > case_money(case).needed:
                need = _fa_amount(case_money(case).needed)
                errors["amount"] = f"این پرونده فقط {need} ریال دیگر نیاز دارد."
        if errors or on is None:
            raise ServiceError(errors)
        entry = _append(
            actor=actor,
            entry=LedgerEntry(kind=L.GIFT_CASE if case else L.GIFT_POOL, amount=value,
                              donor=donor, case=case, pledge=pledge, on=on,
                              reference=clean(reference or "")),
            action="release.payment",
        )  # fmt: skip
        if pledge is not None and pledge.status == Pledge.OPEN:
            pledge.status = Pledge.FULFILLED
            pledge.save(update_fields=["status", "updated_at"])
        if case is not None and case.status == rules.VERIFIED:
            from .cases import case_move

            case_move(actor=actor, case=case, to=rules.FUNDRAISING)
        if donor.mobile:
            link = reverse("release_public:donor", args=[donor.token])
            sms_queue(
                mobile=donor.mobile,
                kind=THANKS,
                text=sms_render(THANKS, مبلغ=_fa_amount(value),
                                رسید=to_persian_digits(entry.receipt_no), پیوند=link),
            )  # fmt: skip
    return entry


def entry_reverse(*, actor, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Correct an entry: a new entry that moves the same amount back. The original
    stays in the ledger; a right amount is then recorded as a new entry."""
    _guard(actor)
    reason = clean(reason or "").strip()
    if len(reason) < 5:
        raise ServiceError({"reason": "دلیل اصلاح را بنویسید."})
    with transaction.atomic():
        _lock()
        entry = LedgerEntry.objects.get(pk=entry.pk)
        return _append(
            actor=actor,
            entry=LedgerEntry(kind=L.REVERSAL, amount=entry.amount, donor=entry.donor,
                              case=entry.case, debt=entry.debt, corrects=entry,
                              on=timezone.localdate(), note=reason[:300]),
            action="release.correction",
            extra={"corrects": entry.pk, "reason": reason},
        )  # fmt: skip


def settlement_pay(*, actor, debt: Debt, amount, on: dt.date | None, reference: str = ""):
    """Pay a creditor (or the body that settles for him) from the case's money."""
    case = _guard(actor, debt.case)
    assert case is not None
    errors: dict[str, str] = {}
    value = _amount(errors, "amount", amount)
    _not_future(errors, "on", on, "تاریخ پرداخت")
    with transaction.atomic():
        _lock()
        if not errors and value > debt_outstanding(debt):
            errors["amount"] = "این مبلغ از باقی‌ماندهٔ این بدهی بیشتر است."
        if case.status not in (rules.VERIFIED, rules.FUNDRAISING):
            errors["__all__"] = "پرداخت فقط برای پرونده‌ای که در حال جذب کمک است ثبت می‌شود."
        if errors or on is None:
            raise ServiceError(errors)
        entry = _append(
            actor=actor,
            entry=LedgerEntry(kind=L.SETTLE, amount=value, case=case, debt=debt, on=on,
                              reference=clean(reference or "")),
            action="release.settle",
            extra={"debt": debt.pk},
        )  # fmt: skip
        money = case_money(case)
        if money.paid >= money.owed:  # every debt paid: the case is settled
            from .cases import case_move

            if case.status == rules.VERIFIED:
                case_move(actor=actor, case=case, to=rules.FUNDRAISING)
            case_move(actor=actor, case=case, to=rules.SETTLED)
        return entry


def settle_all(*, actor, case: ReleaseCase, on: dt.date | None, reference: str = "") -> int:
    """Pay every outstanding debt of the case from what it holds, in order; the
    number of payments made."""
    n = 0
    with transaction.atomic():
        for debt in Debt.objects.filter(case=case).order_by("pk"):
            left = debt_outstanding(debt)
            held = ledger_balances().cases.get(case.pk, 0)
            if left and held:
                settlement_pay(actor=actor, debt=debt, amount=min(left, held), on=on,
                               reference=reference)  # fmt: skip
                n += 1
                case.refresh_from_db()
    if n == 0:
        raise ServiceError("پولی برای پرداخت یا بدهی‌ای برای تسویه نمانده است.")
    return n


def return_to_pool(*, actor, case: ReleaseCase) -> LedgerEntry | None:
    """What a closed case still holds goes back to the pooled fund."""
    _lock()
    held = ledger_balances().cases.get(case.pk, 0)
    if held <= 0:
        return None
    return _append(
        actor=actor,
        entry=LedgerEntry(kind=L.RELEASE, amount=held, case=case, on=timezone.localdate()),
        action="release.return_to_pool",
    )


# ----------------------------------------------------------------- the pool


def _candidates(balances: L.Balances, today: dt.date) -> list[pool_rules.Candidate]:
    out = []
    cases = list(
        ReleaseCase.objects.filter(status__in=rules.OPEN_FOR_MONEY).prefetch_related("children")
    )
    owed = owed_by_case([c.pk for c in cases])
    for case in cases:
        money = case_money(case, balances, owed[case.pk])
        out.append(
            pool_rules.Candidate(case.pk, case.code, money.needed, len(case.children.all()),
                                 (today - case.identified_on).days)
        )  # fmt: skip
    return out


def allocation_propose(*, actor) -> PoolAllocation:
    """Ask the solver which cases the pooled fund should free now."""
    _guard(actor)
    access_action(actor, "protected.work")
    with transaction.atomic():
        _lock()
        balances = ledger_balances()
        cands = _candidates(balances, timezone.localdate())
        p = pool_rules.propose(cands, balances.pool)
        allocation = PoolAllocation.objects.create(
            pool=balances.pool,
            proposed_by=actor,
            proposal={
                "chosen": list(p.chosen),
                "amounts": {str(k): v for k, v in p.amounts.items()},
                "mothers": p.mothers, "children": p.children,
                "waiting_days": p.waiting_days, "left": p.left,
                "reasons": {str(k): v for k, v in p.reasons.items()},
                "candidates": [c.__dict__ for c in cands],
            },
        )  # fmt: skip
        audit_write(actor=actor, action="release.pool_propose", obj=allocation,
                    after={"pool": balances.pool, "chosen": list(p.chosen)})  # fmt: skip
    return allocation


def allocation_decide(*, actor, allocation: PoolAllocation, case_ids: list[int],
                      reason: str = "") -> PoolAllocation:  # fmt: skip
    """Staff accept the proposal (the same cases) or change it (other cases, with
    a reason); each chosen case receives what it still needs from the pool."""
    _guard(actor)
    reason = clean(reason or "").strip()
    with transaction.atomic():
        _lock()
        allocation = PoolAllocation.objects.select_for_update().get(pk=allocation.pk)
        if allocation.status != PoolAllocation.PROPOSED:
            raise ServiceError("دربارهٔ این پیشنهاد پیش‌تر تصمیم گرفته شده است.")
        proposed = sorted(allocation.proposal["chosen"])
        changed = sorted(set(case_ids)) != proposed
        if changed and len(reason) < 5:
            raise ServiceError({"reason": "چرا پیشنهاد را تغییر می‌دهید؟ دلیل را بنویسید."})
        balances = ledger_balances()
        cases = list(ReleaseCase.objects.filter(pk__in=case_ids).order_by("pk"))
        amounts = {}
        for case in cases:
            if case.status not in rules.OPEN_FOR_MONEY:
                raise ServiceError(f"پروندهٔ {case.code} اکنون کمک نمی‌پذیرد.")
            need = case_money(case, balances).needed
            if need > 0:
                amounts[case.pk] = need
        if sum(amounts.values()) > balances.pool:
            raise ServiceError(
                {"cases": "جمع نیاز این پرونده‌ها از موجودی صندوق مشترک بیشتر است."},
                code="ledger_refused",
            )
        for case in cases:
            if case.pk in amounts and case.status == rules.VERIFIED:
                from .cases import case_move

                case_move(actor=actor, case=case, to=rules.FUNDRAISING)
            if case.pk in amounts:
                _append(actor=actor, entry=LedgerEntry(kind=L.ALLOCATE, amount=amounts[case.pk],
                        case=case, allocation=allocation, on=timezone.localdate()),
                        action="release.allocate")  # fmt: skip
        allocation.status = PoolAllocation.CHANGED if changed else PoolAllocation.ACCEPTED
        allocation.decided = {
            "chosen": sorted(amounts),
            "amounts": {str(k): v for k, v in amounts.items()},
        }
        allocation.decided_by, allocation.decided_at = actor, timezone.now()
        allocation.reason = reason
        allocation.save()
        audit_write(actor=actor, action="release.pool_decide", obj=allocation,
                    before={"chosen": proposed},
                    after={"chosen": sorted(amounts), "status": allocation.status},
                    reason=reason)  # fmt: skip
    return allocation
