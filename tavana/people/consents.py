"""A woman's consents: recorded, withdrawn, shown and checked.

One place for every context that uses her record for a purpose she must agree
to: an SMS (`sms`), a referral to a partner organisation (`partner_referral`),
a record-level research extract (`research`). Such a use calls
`consent_require` (one woman) or `consent_holders` (many) first; the refusal is
a `ServiceError` with a Persian reason and the code "consent_missing".

Staff record a consent or its withdrawal (`consent_give`, `consent_withdraw`);
so does the woman herself through the portal, passing a
`tavana.core.herself.Herself` as the actor (recorded as hers, no staff member
named). Every change is an audit entry about her. The wording she agreed to is
kept by version (`domain/consent.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError
from tavana.core.herself import Herself

from .domain import consent as rules
from .models import Consent, Person

CONSENT_MISSING = "consent_missing"


def _staff(actor):
    return None if isinstance(actor, Herself) or not getattr(actor, "pk", None) else actor


def _check_purpose(purpose: str) -> None:
    if not rules.is_purpose(purpose):
        raise ServiceError({"purpose": "هدف رضایت را انتخاب کنید."})


def _check_date(name: str, day: dt.date, label: str) -> None:
    if day > timezone.localdate():
        raise ServiceError({name: f"{label} نمی‌تواند در آینده باشد."})


def consent_row(*, actor, person: Person, purpose: str, given_on: dt.date, scope: str = ""):
    """One consent row in the current wording (the caller checks and audits)."""
    return Consent.objects.create(
        person=person,
        purpose=purpose,
        wording_version=rules.CURRENT[purpose],
        scope=(scope or "").strip()[:300],
        given_on=given_on,
        recorded_by=_staff(actor),
        by_herself=isinstance(actor, Herself),
    )


def consent_give(
    *,
    actor,
    person: Person,
    purpose: str,
    given_on: dt.date | None = None,
    scope: str = "",
) -> Consent:
    """Record that she agreed to `purpose` in its current wording. Refused when
    she already holds that consent (nothing to record)."""
    _check_purpose(purpose)
    given_on = given_on or timezone.localdate()
    _check_date("given_on", given_on, "تاریخ رضایت")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if Consent.objects.filter(
            person=person, purpose=purpose, withdrawn_on__isnull=True
        ).exists():
            raise ServiceError(
                {"purpose": f"رضایت «{rules.LABELS[purpose]}» پیش‌تر ثبت شده و برقرار است."},
                code="consent_exists",
            )
        c = consent_row(actor=actor, person=person, purpose=purpose, given_on=given_on, scope=scope)
        audit_write(
            actor=actor,
            action="consent.give",
            obj=c,
            person_id=person.pk,
            after={"purpose": purpose, "wording_version": c.wording_version, "given_on": given_on},
        )
    return c


def consent_withdraw(
    *,
    actor,
    person: Person,
    purpose: str,
    withdrawn_on: dt.date | None = None,
    note: str = "",
) -> Consent:
    """Record that she withdrew her consent to `purpose` (from that day on, no use
    of her record for it). Refused when she holds no such consent."""
    _check_purpose(purpose)
    withdrawn_on = withdrawn_on or timezone.localdate()
    _check_date("withdrawn_on", withdrawn_on, "تاریخ انصراف")
    with transaction.atomic():
        c = (
            Consent.objects.select_for_update()
            .filter(person=person, purpose=purpose, withdrawn_on__isnull=True)
            .order_by("-given_on", "-id")
            .first()
        )
        if c is None:
            raise ServiceError(
                {"purpose": f"رضایت «{rules.LABELS[purpose]}» برقرار نیست که پس گرفته شود."},
                code="consent_not_given",
            )
        if withdrawn_on < c.given_on:
            raise ServiceError({"withdrawn_on": "تاریخ انصراف پیش از تاریخ رضایت است."})
        # every open row of the purpose closes (older data may hold more than one)
        rows = list(
            Consent.objects.select_for_update().filter(
                person=person, purpose=purpose, withdrawn_on__isnull=True
            )
        )
        for row in rows:
            row.withdrawn_on = withdrawn_on
            row.withdrawn_by = _staff(actor)
            row.withdrawn_by_herself = isinstance(actor, Herself)
            row.withdrawn_note = (note or "").strip()[:300]
            row.save(
                update_fields=[
                    "withdrawn_on",
                    "withdrawn_by",
                    "withdrawn_by_herself",
                    "withdrawn_note",
                    "updated_at",
                ]
            )
        audit_write(
            actor=actor,
            action="consent.withdraw",
            obj=c,
            person_id=person.pk,
            after={"purpose": purpose, "withdrawn_on": withdrawn_on},
            reason=(note or "").strip(),
        )
    return c


# ------------------------------------------------------------------ reading


def consent_list(*, person: Person) -> list[Consent]:
    """Every consent row of hers, newest first (withdrawn ones included)."""
    return list(
        Consent.objects.filter(person=person)
        .select_related("recorded_by", "withdrawn_by")
        .order_by("-given_on", "-id")
    )


def consent_current(*, person: Person) -> list[dict]:
    """Per purpose, in the form's order: whether she holds it now and the row that
    says so (the one in force, else the latest withdrawn one, else None)."""
    rows = consent_list(person=person)
    out = []
    for purpose, label in rules.PURPOSES:
        mine = [r for r in rows if r.purpose == purpose]
        active = next((r for r in mine if r.withdrawn_on is None), None)
        out.append(
            {
                "purpose": purpose,
                "label": label,
                "active": active is not None,
                "row": active or (mine[0] if mine else None),
            }
        )
    return out


def consent_holders(*, person_ids: Iterable[int], purpose: str) -> set[int]:
    """Which of these women hold a consent to `purpose` now (one query)."""
    _check_purpose(purpose)
    ids = {int(i) for i in person_ids if i is not None}
    if not ids:
        return set()
    return set(
        Consent.objects.filter(
            person_id__in=ids,
            purpose=purpose,
            withdrawn_on__isnull=True,
            given_on__lte=timezone.localdate(),
        ).values_list("person_id", flat=True)
    )


def consent_holder_ids(*, purpose: str):
    """A subquery of the ids of every woman holding a consent to `purpose` now
    (for a bulk read: `.filter(pk__in=consent_holder_ids(purpose=…))`)."""
    _check_purpose(purpose)
    return Consent.objects.filter(
        purpose=purpose, withdrawn_on__isnull=True, given_on__lte=timezone.localdate()
    ).values("person_id")


def consent_has(*, person_id: int, purpose: str) -> bool:
    return person_id in consent_holders(person_ids=[person_id], purpose=purpose)


def consent_require(*, person_id: int, purpose: str, field: str = "__all__") -> None:
    """Refuse (ServiceError, code "consent_missing") unless she holds a consent to
    `purpose` now: call it before any use of her record that needs one."""
    if not consent_has(person_id=person_id, purpose=purpose):
        raise ServiceError({field: rules.REFUSALS[purpose]}, code=CONSENT_MISSING)


def sms_refusal(person_id: int) -> str:
    """For the notifications' SMS gate: '' when she agreed to SMS, else why not."""
    return "" if consent_has(person_id=person_id, purpose=rules.SMS) else rules.REFUSALS[rules.SMS]
