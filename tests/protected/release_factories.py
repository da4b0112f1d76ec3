"""Sample release-campaign records for tests (plain functions)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tavana.protected.models import Programme
from tavana.protected.release import services
from tavana.protected.release.models import Debt, Donor, LedgerEntry, ReleaseCase

from .factories import clear, district19, staff

CASE_DATA = {
    "first_name": "فاطمه",
    "last_name": "کرمانی",
    "father_name": "حسن",
    "national_code": "0013542419",
    "birth_date": dt.date(1990, 5, 1),
    "district": None,
    "prison": "ندامتگاه قرچک",
    "offence_kind": "financial",
    "offence_note": "چک برگشتی",
    "identified_on": dt.date(2025, 1, 10),
}


def release_staff(make_user, role, username):
    user = staff(make_user, role, username=username)
    clear(user, Programme.RELEASE)
    return user


def open_case(actor, **overrides) -> ReleaseCase:
    data = {**CASE_DATA, "district": district19(), **overrides}
    return services.case_open(actor=actor, data=data)


def verified_case(opener, verifier, *, debt=100_000_000, children=1, **overrides):
    case = open_case(opener, **overrides)
    services.debt_add(actor=opener, case=case, kind=Debt.PRIVATE, creditor="آقای الف", amount=debt)
    for i in range(children):
        services.child_add(actor=opener, case=case, first_name=("علی", "زهرا", "حسین")[i % 3], birth_date=None,
                           carer_name="مادربزرگ", carer_relation="grandmother")  # fmt: skip
    return services.case_move(actor=verifier, case=case, to="verified")


def release_route_kwargs(person) -> dict:
    """Sample kwargs for every release route."""
    from tavana.accounts import roles
    from tavana.accounts.models import User

    opener, _ = User.objects.get_or_create(username="matrix-release-a",
                                           defaults={"role": roles.SOCIAL_WORKER})  # fmt: skip
    verifier, _ = User.objects.get_or_create(username="matrix-release-b",
                                             defaults={"role": roles.SOCIAL_WORKER})  # fmt: skip
    for u in (opener, verifier):
        if not u.districts.exists():
            u.districts.set([district19()])
        from tavana.accounts.models import Clearance

        if not Clearance.objects.filter(user=u, area=Programme.RELEASE).exists():
            clear(u, Programme.RELEASE)
    case = verified_case(opener, verifier)
    donor = services.donor_save(actor=opener, name="نیکوکار نمونه")
    gift = services.payment_record(actor=opener, donor=donor, amount=1_000_000,
                                   on=timezone.localdate(), case=case)  # fmt: skip
    services.allocation_propose(actor=opener)
    from tavana.protected.release.models import FollowUp, PoolAllocation

    fu = FollowUp.objects.create(case=case, month=1, due_on=timezone.localdate())
    c = {"case_id": case.pk}
    return {
        "release:case": c,
        "release:case_move": c,
        "release:case_release": c,
        "release:case_offer": c,
        "release:case_add": {**c, "kind": "debt"},
        "release:followup": {"followup_id": fu.pk},
        "release:donor": {"donor_id": donor.pk},
        "release:entry_reverse": {"entry_id": gift.pk},
        "release:pool_decide": {"allocation_id": PoolAllocation.objects.first().pk},
        "release_public:donor": {"token": donor.token},
        "release_public:receipt": {"token": donor.token, "entry_id": gift.pk},
    }


def ledger_count() -> int:
    return LedgerEntry.objects.count()


__all__ = ["Donor", "ledger_count", "open_case", "release_route_kwargs", "release_staff",
           "verified_case"]  # fmt: skip
