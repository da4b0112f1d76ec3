"""Reads of protected programmes. Every read of a woman's protected records is
audited here, with her person id, so the audit log answers "who looked at her"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from tavana.audit.services import audit_read
from tavana.core.paging import Paged, every_row

from .access import cleared_programme_codes, participant_scope
from .models import JALALI_MONTHS, EmergencyAccess, Participant, Programme, WageEntry

EMERGENCY_REASON = "دسترسی اضطراری"


def programme_list(*, actor) -> list[Programme]:
    """The programmes the user is cleared for, with their head counts."""
    codes = cleared_programme_codes(actor)
    if not codes:
        return []
    return list(
        Programme.objects.filter(code__in=codes).annotate(
            n_participants=Count("participants"),
            n_active=Count("participants", filter=Q(participants__status=Participant.ACTIVE)),
        )
    )


def participant_list(
    *, actor, programme: Programme, query: str = "", paged: Paged = every_row
) -> Sequence[Participant]:
    qs = (
        participant_scope(actor)
        .filter(programme=programme)
        .order_by("person__last_name", "person__first_name", "pk")
    )
    if query:
        from tavana.core.domain.persian_text import search_key, to_ascii_digits

        digits = to_ascii_digits(query).strip()
        if digits.isdigit():
            qs = qs.filter(person__national_code__startswith=digits)
        else:
            qs = qs.filter(person__name_key__contains=search_key(query))
    rows = paged(qs)
    if rows:
        audit_read(
            actor=actor,
            action="protected.list",
            fields=["person", "status"],
            object_type="protected.programme",
            object_id=programme.pk,
        )
    return rows


def person_participations(*, actor, person) -> list[Participant]:
    """Her memberships the user may see; audited when there are any."""
    # Protected rows are not moved when duplicates are merged (their relations are
    # hidden from Person on purpose), so also look at the records merged into her.
    rows = list(
        participant_scope(actor)
        .filter(Q(person=person) | Q(person__merged_into=person))
        .order_by("joined_on", "pk")
    )
    if rows:
        cleared = cleared_programme_codes(actor)
        audit_read(
            actor=actor,
            action="protected.read_summary",
            fields=["programme", "status", "joined_on"],
            obj=rows[0],
            person_id=person.pk,
            reason="" if all(p.programme.code in cleared for p in rows) else EMERGENCY_REASON,
        )
    return rows


def participant_detail(*, actor, participant: Participant, by_emergency: bool) -> dict:
    """All of one membership's records, in one audited read."""
    p = participant
    data: dict = {"participant": p, "programme": p.programme, "person": p.person}
    fields: list[str]
    if p.programme.is_prison:
        data["referral"] = getattr(p, "referral", None)
        data["trainings"] = list(p.trainings.select_related("centre"))
        data["placements"] = list(p.placements.select_related("centre"))
        data["wages"] = list(p.wages.order_by("-year", "-month"))
        data["wage_total"] = sum(w.wage_toman for w in data["wages"])
        data["hours_total"] = sum((w.hours for w in data["wages"]), Decimal(0))
        fields = ["referral", "trainings", "placements", "wages"]
    else:
        data["sessions"] = list(p.sessions.select_related("counsellor").order_by("-held_on"))
        data["contacts"] = list(p.family_contacts.order_by("-contacted_on"))
        data["reunions"] = list(p.reunions.all())
        data["goals"] = list(p.goals.all())
        fields = ["sessions", "family_contacts", "reunions", "goals"]
    audit_read(
        actor=actor,
        action="protected.read",
        fields=fields,
        obj=p,
        person_id=p.person_id,
        reason=EMERGENCY_REASON if by_emergency else "",
    )
    return data


@dataclass
class StatementRow:
    year: int
    month: int
    days: int
    hours: Decimal

    @property
    def month_name(self) -> str:
        return JALALI_MONTHS[self.month - 1]


def attendance_statement(
    *, actor, participant: Participant, start: tuple[int, int], end: tuple[int, int]
) -> dict:
    """Days and hours worked per Jalali month in [start, end] — what the prison needs
    and nothing more (no wages, no notes)."""
    lo, hi = start[0] * 100 + start[1], end[0] * 100 + end[1]
    entries = [
        w
        for w in WageEntry.objects.filter(participant=participant, year__gte=start[0])
        .filter(year__lte=end[0])
        .order_by("year", "month")
        if lo <= w.year * 100 + w.month <= hi
    ]
    rows = [StatementRow(w.year, w.month, w.days_worked, w.hours) for w in entries]
    audit_read(
        actor=actor,
        action="protected.statement",
        fields=["days_worked", "hours"],
        obj=participant,
        person_id=participant.person_id,
        reason=f"گواهی کارکرد {start[0]}/{start[1]:02d} تا {end[0]}/{end[1]:02d}",
    )
    return {
        "rows": rows,
        "days_total": sum(r.days for r in rows),
        "hours_total": sum((r.hours for r in rows), Decimal(0)),
    }


def emergency_grants_of(*, actor) -> list[EmergencyAccess]:
    return list(EmergencyAccess.objects.filter(user=actor).select_related("person")[:50])


def emergency_grant_get(*, actor, grant_id: int, now: dt.datetime | None = None):
    """One of the user's own grants, only while it is live."""
    now = now or timezone.now()
    return (
        EmergencyAccess.objects.filter(pk=grant_id, user=actor, expires_at__gt=now)
        .select_related("person")
        .first()
    )


def emergency_grant_log(*, actor, paged: Paged = every_row) -> Sequence[EmergencyAccess]:
    """Every grant, newest first, for auditors (the page itself is gated)."""
    return paged(EmergencyAccess.objects.select_related("user", "person").order_by("-granted_at"))


def participant_person_ids():
    """Every woman who is or was in a protected programme (ids, as a queryset):
    for the partners' record-level extracts, which must never include them."""
    return Participant.objects.values("person_id")
