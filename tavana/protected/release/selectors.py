"""Reads of the release campaign. Reads of a woman's case by staff are audited
here; what donors and the public read (`donor_page`, `public_totals`) names no
woman, no prison and no offence — only case codes, amounts and outcomes."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

from django.core.paginator import Page
from django.db.models import Count, Q, Value
from django.utils import timezone

from tavana.audit.services import audit_read
from tavana.core.domain.jalali import from_jalali, to_jalali
from tavana.core.paging import Paged, every_row

from ..domain import ledger as L
from ..domain import release as rules
from .access import case_scope
from .models import Donor, FollowUp, LedgerEntry, Pledge, PoolAllocation, ReleaseCase
from .services.money import (
    case_money,
    debts_outstanding,
    ledger_balances,
    ledger_entries,
    owed_by_case,
)

EMERGENCY_REASON = "دسترسی اضطراری"
SMALL_CELL = 10  # partners see no count below this


def case_list(
    *, actor, status: str = "", query: str = "", paged: Paged = every_row
) -> Sequence[dict]:
    """The cases in the user's scope with their money, one audited read (of the
    page shown, when `paged` is a page)."""
    qs = case_scope(actor).prefetch_related("children").order_by("-identified_on", "-pk")
    if status:
        qs = qs.filter(status=status)
    if query:
        from tavana.core.domain.persian_text import clean, to_ascii_digits

        q = clean(to_ascii_digits(query)).strip()
        qs = qs.filter(Q(code__icontains=q) | Q(first_name__contains=q) | Q(last_name__contains=q))
    page = paged(qs)
    cases = list(page)
    balances = ledger_balances()
    owed = owed_by_case([c.pk for c in cases])
    rows = [{"case": c, "money": case_money(c, balances, owed[c.pk]),
             "children": len(c.children.all())}
            for c in cases]  # fmt: skip
    if isinstance(page, Page):
        page.object_list = rows  # the pager's numbers stay; its rows carry their money
    if rows:
        audit_read(actor=actor, action="release.list", fields=["name", "status", "amounts"],
                   object_type="protected.release", object_id="list")  # fmt: skip
    return page if isinstance(page, Page) else rows


def case_detail(*, actor, case: ReleaseCase, by_emergency: bool) -> dict:
    """Everything of one case, in one audited read."""
    debts = list(case.debts.prefetch_related("reliefs"))
    left = debts_outstanding(debts)
    data = {
        "case": case,
        "history": list(case.history.select_related("by")),
        "debts": [{"debt": d, "reliefs": list(d.reliefs.all()), "left": left[d.pk]} for d in debts],
        "children": list(case.children.all()),
        "partners": list(case.partners.select_related("organisation")),
        "money": case_money(case),
        "entries": list(
            LedgerEntry.objects.filter(case=case)
            .select_related("donor__organisation")
            .order_by("pk")
        ),
        "followups": list(case.followups.select_related("by")),
        "moves": [(m, rules.LABELS[m]) for m in sorted(rules.MOVES.get(case.status, ()))],
    }
    audit_read(
        actor=actor,
        action="release.read",
        fields=["identity", "prison", "offence", "debts", "children", "money"],
        obj=case,
        person_id=case.person_id,
        reason=EMERGENCY_REASON if by_emergency else "",
    )
    return data


def person_cases(*, actor, person) -> list[ReleaseCase]:
    """Her release cases the user may see (for her person page); audited when any."""
    cases = list(case_scope(actor).filter(Q(person=person) | Q(person__merged_into=person)))
    if cases:
        audit_read(actor=actor, action="release.read_summary", fields=["code", "status"],
                   obj=cases[0], person_id=person.pk)  # fmt: skip
    return cases


def ledger_view(*, actor, limit: int = 300) -> dict:
    entries = list(
        LedgerEntry.objects.select_related(
            "donor__organisation", "case", "debt", "corrects"
        ).order_by("-pk")[:limit]
    )
    balances = ledger_balances()
    return {"entries": entries, "balances": balances, "balanced": balances.check_sum()}


def donor_list(*, actor) -> list[Donor]:
    """Donors, people by name and organisations by the partners context's name."""
    from django.db.models.functions import Coalesce, NullIf

    return list(
        Donor.objects.select_related("organisation")
        .annotate(n_gifts=Count("entries", filter=Q(entries__kind__in=L.GIFTS)))
        .order_by(Coalesce(NullIf("name", Value("")), "organisation__name"), "pk")[:1000]
    )


def allocation_list(*, actor) -> list[PoolAllocation]:
    return list(PoolAllocation.objects.select_related("proposed_by", "decided_by")[:30])


# ------------------------------------------------------- donors and the public


def donor_page(*, token: str) -> dict | None:
    """What a donor may see: her gifts with their receipts, and for each case her
    money went to, its code, what it still needs and its outcome."""
    donor = Donor.objects.select_related("organisation").filter(token=token).first()
    if donor is None:
        return None
    entries = ledger_entries()
    flows = [f for f in L.trace(entries) if f.donor == donor.pk]
    gifts = list(
        LedgerEntry.objects.filter(donor=donor, kind__in=L.GIFTS)
        .select_related("case", "correction")
        .order_by("pk")
    )
    balances = L.replay(entries)
    case_ids = {f.case for f in flows if f.case} | {g.case_id for g in gifts if g.case_id}
    cases = {c.pk: c for c in ReleaseCase.objects.filter(pk__in=case_ids)}
    reached: dict[int, int] = defaultdict(int)
    for f in flows:
        if f.case:
            reached[f.case] += f.amount
    rows = []
    owed = owed_by_case(list(reached))
    for pk, amount in sorted(reached.items()):
        c = cases[pk]
        rows.append({"code": c.code, "amount": amount,
                     "needed": case_money(c, balances, owed[pk]).needed,
                     "outcome": rules.DONOR_OUTCOME[c.status]})  # fmt: skip
    in_pool = sum(f.amount for f in flows if f.case is None)
    return {"donor": donor, "gifts": gifts, "cases": rows, "in_pool": in_pool,
            "pledges": list(donor.pledges.filter(status=Pledge.OPEN))}  # fmt: skip


def receipt_get(*, token: str, entry_id: int) -> LedgerEntry | None:
    return (
        LedgerEntry.objects.filter(pk=entry_id, donor__token=token, kind__in=L.GIFTS)
        .select_related("donor__organisation", "case", "correction")
        .first()
    )


def jalali_year_start(today: dt.date) -> dt.date:
    return from_jalali(to_jalali(today)[0], 1, 1)


def public_totals() -> dict:
    """Totals only: raised, still needed, mothers freed and children reunited this
    (Jalali) year. Nothing about any woman."""
    balances = ledger_balances()
    open_cases = list(ReleaseCase.objects.filter(status__in=rules.OPEN_FOR_MONEY))
    owed = owed_by_case([c.pk for c in open_cases])
    needed = sum(case_money(c, balances, owed[c.pk]).needed for c in open_cases)
    since = jalali_year_start(timezone.localdate())
    freed = ReleaseCase.objects.filter(released_on__gte=since)
    children = freed.aggregate(n=Count("children"))["n"] or 0
    return {"raised": balances.gifts, "needed": needed, "freed": freed.count(),
            "children": children, "year": to_jalali(since)[0]}  # fmt: skip


# -------------------------------------------------------------------- figures


def _suppress(counter: dict, full: bool) -> dict:
    if full:
        return dict(counter)
    return {k: (v if v >= SMALL_CELL else None) for k, v in counter.items()}


def figures(*, actor, full: bool) -> dict:
    """Cases by status, money, time to release, follow-up outcomes. `full` for
    cleared staff and managers; partners see counts with cells under ten hidden
    and no money."""
    by_status = Counter(dict(ReleaseCase.objects.values_list("status").annotate(n=Count("id"))))
    statuses = [(rules.LABELS[s], by_status.get(s, 0)) for s, _ in rules.CHOICES]
    outcomes = Counter(
        dict(FollowUp.objects.exclude(outcome="").values_list("outcome").annotate(n=Count("id")))
    )
    outcome_rows = [(label, outcomes.get(k, 0)) for k, label in FollowUp.OUTCOME_CHOICES]
    out: dict = {
        "statuses": list(_suppress(dict(statuses), full).items()),
        "outcomes": list(_suppress(dict(outcome_rows), full).items()),
        "full": full,
        "small_cell": SMALL_CELL,
    }
    if full:
        balances = ledger_balances()
        released = ReleaseCase.objects.filter(released_on__isnull=False)
        days = sorted((c.released_on - c.identified_on).days for c in released if c.released_on)
        allocated = LedgerEntry.objects.filter(kind=L.ALLOCATE, correction__isnull=True)
        out.update(
            raised=balances.gifts,
            pool=balances.pool,
            allocated=sum(e.amount for e in allocated),
            paid=sum(balances.paid.values()),
            days_median=days[len(days) // 2] if days else None,
            days_max=days[-1] if days else None,
            n_released=len(days),
        )
    return out


def followups_due(*, actor, on: dt.date | None = None) -> list[FollowUp]:
    on = on or timezone.localdate()
    return list(
        FollowUp.objects.filter(done_on__isnull=True, due_on__lte=on + dt.timedelta(days=14))
        .filter(case__in=case_scope(actor))
        .select_related("case")
        .order_by("due_on")
    )
