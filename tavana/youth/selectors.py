"""Reads of the youth context, always within the acting user's scope. Reading a
child's marks or flags writes an audit entry (`youth.read_record`,
`youth.read_flags`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from tavana.accounts import roles
from tavana.accounts.access import user_can
from tavana.audit.services import audit_read, audit_read_many
from tavana.casework.selectors import case_owner, caseload_ids
from tavana.people.models import Person
from tavana.people.selectors import (
    OFFICE_WIDE,
    child_ids,
    parent_of,
    person_scope,
    person_scope_is_whole_registry,
    scope_district_ids,
)

from .domain import early_warning as ew
from .models import (
    Intervention,
    RiskFlag,
    School,
    SchoolYear,
    TermResult,
    WarningIndicator,
)

CHILD_ACTIONS = (
    "youth.view",
    "youth.import",
    "youth.teens",
    "youth.talent",
    "youth.gifted",
    "youth.support_approve",
)


def child_find(*, actor, code: str) -> Person | None:
    """The one child in the user's scope with this national code (any digit script)."""
    from tavana.core.domain.persian_text import to_ascii_digits

    digits = to_ascii_digits(code or "").strip()
    if not digits.isdigit():
        return None
    return child_scope(actor=actor).filter(national_code=digits.zfill(10)).first()


def child_scope(*, actor) -> QuerySet[Person]:
    """Children (household members with relation «فرزند») whose education record
    the user may see: none without a live clearance for children's data; with
    one, those in her scope of the registry and, for a social worker, the
    children of the women in her open caseload."""
    from .access import cleared_for_children

    base = Person.objects.filter(merged_into__isnull=True, pk__in=child_ids())
    if not any(user_can(actor, a) for a in CHILD_ACTIONS) or not cleared_for_children(actor):
        return base.none()
    if person_scope_is_whole_registry(actor=actor):
        return base
    if not user_can(actor, "person.view"):
        # an office-wide role that only decides support (a manager): her
        # districts, or the whole city when she has none
        ids = scope_district_ids(actor)
        if getattr(actor, "role", None) in OFFICE_WIDE and not ids:
            return base
        return base.filter(district_id__in=ids) if ids else base.none()
    q = Q(pk__in=person_scope(actor=actor).values("pk"))
    if getattr(actor, "role", None) == roles.SOCIAL_WORKER:
        q |= Q(pk__in=child_ids(parent_ids=caseload_ids(actor=actor)))
    return base.filter(q)


def school_list(*, actor, q: str = "", district: int | None = None) -> QuerySet[School]:
    from tavana.core.domain.persian_text import search_key

    qs = School.objects.select_related("school_type", "district").order_by("name", "pk")
    if district:
        qs = qs.filter(district__number=district)
    if q:
        qs = qs.filter(name_key__contains=search_key(q))
    return qs


def indicators() -> list[WarningIndicator]:
    return list(WarningIndicator.objects.all())


def indicator_specs() -> list[ew.Indicator]:
    rows = WarningIndicator.objects.all()
    if not rows:
        return ew.default_indicators()
    return [ew.Indicator(r.code, r.threshold, r.severity, r.active) for r in rows]


def term_facts(child_id: int) -> list[ew.TermFacts]:
    from decimal import Decimal

    out = []
    for r in TermResult.objects.filter(child_id=child_id).order_by("year", "term"):
        out.append(
            ew.TermFacts(
                year=r.year,
                term=r.term,
                grade=r.grade,
                average=r.average,
                descriptive=r.descriptive or None,
                absences=r.absences,
                marks={k: Decimal(str(v)) for k, v in (r.marks or {}).items() if v is not None},
            )
        )
    return out


def education_record(*, actor, child) -> dict:
    """A child's whole education record (schools, results, flags, interventions).
    The caller has passed `access_child_by_id`; the read is audited."""
    years = list(
        SchoolYear.objects.filter(child=child).select_related("school", "school__school_type")
    )
    results = list(TermResult.objects.filter(child=child).order_by("-year", "-term"))
    flags = list(RiskFlag.objects.filter(child=child).order_by("status", "-raised_on", "pk"))
    interventions = defaultdict(list)
    for i in Intervention.objects.filter(child=child).select_related("partner", "recorded_by"):
        interventions[i.flag_id].append(i)
    for f in flags:
        f.intervention_list = interventions.get(f.pk, [])  # type: ignore[attr-defined]
    audit_read(
        actor=actor,
        action="youth.read_record",
        fields=["school_years", "term_results", "risk_flags", "interventions"],
        obj=child,
        person_id=child.pk,
    )
    return {
        "years": years,
        "current": next((y for y in years if y.left_on is None), None),
        "results": results,
        "flags": flags,
        "parent": parent_of(child=child),
    }


@dataclass
class RiskRow:
    child: Person
    flags: list[RiskFlag] = field(default_factory=list)
    urgency: int = 0
    oldest: dt.date | None = None
    without_intervention: int = 0


class RiskRows(list):
    """The rows shown, and how many children have open flags in all (`total`)."""

    total = 0


def risk_list(
    *, actor, district: int | None = None, on: dt.date | None = None, limit: int = 200
) -> RiskRows:
    """Children in the user's scope with open flags, most urgent first; each
    child shown is a read of her flags (audited)."""
    on = on or dt.date.today()
    qs = (
        RiskFlag.objects.filter(status=RiskFlag.OPEN, child__in=child_scope(actor=actor))
        .select_related("child", "child__district")
        .order_by("child_id", "pk")
    )
    if district:
        qs = qs.filter(district__number=district)
    with_interventions = set(
        Intervention.objects.filter(flag__in=qs).values_list("flag_id", flat=True)
    )
    rows: dict[int, RiskRow] = {}
    waiting: dict[int, list[int]] = defaultdict(list)
    for f in qs:
        row = rows.setdefault(f.child_id, RiskRow(child=f.child))
        row.flags.append(f)
        if f.pk not in with_interventions:
            row.without_intervention += 1
            waiting[f.child_id].append((on - f.raised_on).days)
        row.oldest = min(row.oldest or f.raised_on, f.raised_on)
    for child_id, row in rows.items():
        days = max(waiting[child_id], default=0)
        row.urgency = ew.urgency([f.severity for f in row.flags], days)
    ordered = RiskRows(
        sorted(rows.values(), key=lambda r: (-r.urgency, r.oldest, r.child.pk))[:limit]
    )
    ordered.total = len(rows)
    audit_read_many(
        actor=actor,
        action="youth.read_flags",
        fields=["risk_flags"],
        objects=[row.child for row in ordered],
    )
    return ordered


def worker_districts(*, actor) -> list:
    from tavana.core.models import District

    ids = scope_district_ids(actor)
    qs = District.objects.all()
    return list(qs.filter(pk__in=ids) if ids else qs)


def children_of(*, actor, parent) -> list[dict]:
    """A woman's children under 20 in the user's child scope, with their current
    school and grade (no marks, no flags): the person page's section."""
    ids = child_ids(parent_ids=[parent.pk])
    kids = list(child_scope(actor=actor).filter(pk__in=ids).order_by("birth_date", "pk"))
    current = {
        y.child_id: y
        for y in SchoolYear.objects.filter(child__in=kids, left_on__isnull=True).select_related(
            "school"
        )
    }
    audit_read_many(actor=actor, action="youth.read_school", fields=["school_years"], objects=kids)
    return [{"child": k, "school_year": current.get(k.pk)} for k in kids]


def flag_owner(*, child):
    """Who should act on a child's flag: the social worker of her mother's case."""
    parent = parent_of(child=child)
    if parent is None:
        return None
    owner = case_owner(person=parent)
    return owner.worker if owner else None


def term_results_of(*, actor, child) -> list[TermResult]:
    """A child's term results, latest first. The caller has passed
    `access_child_by_id`; the read is audited."""
    rows = list(TermResult.objects.filter(child=child).order_by("-year", "-term"))
    audit_read(
        actor=actor, action="youth.read_record", fields=["term_results"], obj=child,
        person_id=child.pk,
    )  # fmt: skip
    return rows


def interventions_of(*, actor, flag: RiskFlag) -> list[Intervention]:
    """What was done about a flag (the caller has passed the child's gate); audited."""
    rows = list(Intervention.objects.filter(flag=flag).order_by("started_on", "pk"))
    audit_read(
        actor=actor, action="youth.read_record", fields=["risk_flags", "interventions"],
        obj=flag.child, person_id=flag.child_id,
    )  # fmt: skip
    return rows
