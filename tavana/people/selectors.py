"""Reads of the registry, always within the acting user's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from tavana.accounts import roles
from tavana.accounts.access import user_can

from .models import Membership, Person

OFFICE_WIDE = {roles.ADMINISTRATOR, roles.AUDITOR, roles.MANAGER}


def person_scope(*, actor) -> QuerySet[Person]:
    """Persons the user may see: her districts (and her centres' districts);
    office-wide roles with no district see the whole registry. Merged records
    are history, not people: they are never listed."""
    qs = Person.objects.filter(merged_into__isnull=True)
    if not user_can(actor, "person.view"):
        return qs.none()
    district_ids = set(actor.districts.values_list("id", flat=True))
    district_ids |= set(actor.centres.values_list("district_id", flat=True))
    if not district_ids:
        return qs if actor.role in OFFICE_WIDE or actor.role == roles.ADMINISTRATOR else qs.none()
    return qs.filter(Q(district_id__in=district_ids) | Q(district__isnull=True))


def person_get(*, actor, person_id: int) -> Person:
    """One person in scope (404 otherwise, so the page does not confirm she exists)."""
    person = (
        person_scope(actor=actor)
        .select_related("district", "neighbourhood", "registration", "created_by")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        merged = Person.objects.filter(pk=person_id, merged_into__isnull=False).first()
        if merged is not None:
            return person_get(actor=actor, person_id=merged.merged_into_id)
        raise Http404
    return person


def age_on(born: dt.date | None, on: dt.date) -> int | None:
    if not born:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def household_members(*, actor, person: Person, on: dt.date | None = None) -> list[dict]:
    """Her current household(s) and their members, with ages computed from birth dates."""
    on = on or dt.date.today()
    households = Membership.objects.filter(person=person, end_date__isnull=True).values("household")
    rows = (
        Membership.objects.filter(household__in=households, end_date__isnull=True)
        .exclude(person=person)
        .select_related("person")
        .order_by("relation", "person__birth_date")
    )
    out = []
    for m in rows:
        age = age_on(m.person.birth_date, on)
        out.append({"membership": m, "person": m.person, "age": age,
                    "child_under_20": age is not None and age < 20})
    return out


def children_under_20(*, actor, person: Person, on: dt.date | None = None) -> list[Person]:
    return [r["person"] for r in household_members(actor=actor, person=person, on=on)
            if r["child_under_20"]]
