"""The partners context's reads. Other contexts reference organisations through
`organisation_list` / `organisation_get` (by code or id): the release campaign
names its case partners this way."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from tavana.core.models import District

from .domain import agreements as agreement_rules
from .domain import projects as project_rules
from .domain.overlap import cells as overlap_cells
from .models import (
    Agreement,
    Indicator,
    Measurement,
    Organisation,
    OverlapRun,
    Portfolio,
    Project,
)


def organisation_list(*, actor=None, kind: str | None = None, active: bool = True) -> QuerySet:
    """Organisations, for lists and for other contexts' choices (`kind` narrows:
    e.g. Organisation.PRISONS, Organisation.CHARITY)."""
    qs = Organisation.objects.all()
    if active:
        qs = qs.filter(active=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "name")


def organisation_get(*, actor=None, code: str | None = None, pk: int | None = None) -> Organisation:
    if code is not None:
        return get_object_or_404(Organisation, code=code)
    return get_object_or_404(Organisation, pk=pk)


def organisations_overview(*, actor) -> QuerySet:
    return Organisation.objects.annotate(
        n_agreements=Count("agreements", distinct=True),
        n_live=Count(
            "agreements",
            filter=Q(
                agreements__status__in=(
                    agreement_rules.SIGNED,
                    agreement_rules.ACTIVE,
                    agreement_rules.EXPIRING,
                )
            ),
            distinct=True,
        ),
        n_referrals=Count("referrals", distinct=True),
    ).order_by("kind", "name")


def agreement_list(*, actor, status: str = "") -> QuerySet:
    qs = Agreement.objects.select_related("organisation", "owner").annotate(
        n_projects=Count("projects", distinct=True)
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("ends_on", "id")


def agreement_get(*, actor, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.select_related("organisation", "owner", "renews").prefetch_related(
            "axes"
        ),
        pk=agreement_id,
    )


def agreement_projects(*, agreement: Agreement) -> QuerySet:
    return (
        agreement.projects.select_related("axis", "owner")
        .annotate(
            n_milestones=Count("milestones", distinct=True),
            n_done=Count("milestones", filter=Q(milestones__done_on__isnull=False), distinct=True),
        )
        .order_by("axis__order", "status", "title")
    )


def project_get(*, actor, project_id: int) -> Project:
    return get_object_or_404(
        Project.objects.select_related("agreement__organisation", "axis", "owner"),
        pk=project_id,
    )


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: Measurement | None
    progress: int  # share of the way from the baseline to the target, 0–100
    history: list[Measurement]


def _progress(value: Decimal, baseline: Decimal, target: Decimal) -> int:
    span = target - baseline
    if span <= 0:
        return 100
    return max(0, min(100, round(100 * (value - baseline) / span)))


def project_indicators(*, project: Project) -> list[IndicatorRow]:
    """Indicators with their latest measurement and progress to the target."""
    latest = Measurement.objects.order_by("-measured_on", "-id")
    rows = []
    for i in project.indicators.prefetch_related(Prefetch("measurements", queryset=latest)):
        ms = list(i.measurements.all())
        current = ms[0].value if ms else i.baseline
        rows.append(
            IndicatorRow(i, ms[0] if ms else None, _progress(current, i.baseline, i.target), ms)
        )
    return rows


def portfolio_get(*, actor, portfolio_id: int) -> Portfolio:
    return get_object_or_404(
        Portfolio.objects.select_related("agreement__organisation", "decided_by"), pk=portfolio_id
    )


# ----------------------------------------------------------------- figures


def partners_figures(*, actor, today: dt.date) -> dict:
    """The partners' figures (counts only, four queries): agreements by status and
    those ending within 60 days; projects by axis × horizon and by status;
    indicators against their targets (the latest measurement of each)."""
    from .models import Indicator, Measurement, Project

    by_status = Counter(dict(Agreement.objects.values_list("status").annotate(n=Count("id"))))
    ending = Agreement.objects.filter(
        status__in=(agreement_rules.SIGNED, agreement_rules.ACTIVE, agreement_rules.EXPIRING),
        ends_on__gte=today,
        ends_on__lte=today + dt.timedelta(days=agreement_rules.REMINDER_DAYS[0]),
    ).count()
    grid: dict[str, Counter] = {}
    statuses: Counter = Counter()
    for axis, horizon, status, n in Project.objects.values_list(
        "axis__name", "horizon", "status"
    ).annotate(n=Count("id")):
        grid.setdefault(axis, Counter())[horizon] += n
        statuses[status] += n
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-id")
    indicators = list(
        Indicator.objects.select_related("project")
        .annotate(latest=Subquery(latest.values("value")[:1]))
        .order_by("project__title", "id")
    )
    return {
        "agreements": [(label, by_status.get(code, 0)) for code, label in agreement_rules.STATUSES],
        "ending": ending,
        "horizons": project_rules.HORIZONS,
        "axes": [
            (axis, [grid[axis].get(h, 0) for h, _ in project_rules.HORIZONS])
            for axis in sorted(grid)
        ],
        "project_statuses": [
            (label, statuses.get(code, 0)) for code, label in project_rules.STATUSES
        ],
        "overlaps": overlap_rows(actor=actor, latest_per_organisation=True, limit=10),
        "indicators": [
            (
                i,
                i.latest,
                round(float(i.latest) / float(i.target) * 100)
                if i.latest is not None and i.target
                else None,
            )
            for i in indicators
        ],
    }


# ------------------------------------------------------------------ overlap counts


@dataclass
class OverlapRow:
    """A kept overlap count as shown: numbers, or «کمتر از ۵» / «پنهان»."""

    run: OverlapRun
    organisation: str
    matched: int | str
    groups: list[tuple[str, int | str]]
    districts: list[tuple[str, int | str]]


def _shown(value) -> int | str:
    return overlap_cells.LABELS.get(value, value)


def overlap_rows(
    *,
    actor,
    agreement: Agreement | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    latest_per_organisation: bool = False,
    limit: int = 50,
) -> list[OverlapRow]:
    """Overlap counts kept (newest first): of one agreement, or the newest per
    organisation (the figures). Counts only — a run holds nothing else."""
    qs = OverlapRun.objects.select_related("agreement__organisation", "run_by")
    if agreement is not None:
        qs = qs.filter(agreement=agreement)
    if start is not None:
        qs = qs.filter(run_at__gte=start)
    if end is not None:
        qs = qs.filter(run_at__lt=end)
    runs = list(qs.order_by("-run_at", "-id")[: limit * (4 if latest_per_organisation else 1)])
    if latest_per_organisation:
        seen: set[int] = set()
        runs = [
            r
            for r in runs
            if r.agreement.organisation_id not in seen and not seen.add(r.agreement.organisation_id)  # type: ignore[func-returns-value]
        ][:limit]
    names = {}
    if any(r.by_district for r in runs):
        names = {str(n): name for n, name in District.objects.values_list("number", "name")}
    return [
        OverlapRow(
            run=r,
            organisation=r.agreement.organisation.name,
            matched=overlap_cells.LABELS[overlap_cells.SMALL] if r.matched is None else r.matched,
            groups=[(g, _shown(v)) for g, v in r.by_group.items()],
            districts=[
                (names.get(d, d), _shown(v))
                for d, v in sorted(r.by_district.items(), key=lambda kv: _number(kv[0]))
            ],
        )
        for r in runs
    ]


def _number(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (10**6, text)
