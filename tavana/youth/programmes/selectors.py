"""Reads of the programme pages (gifted schools, teen programmes, talent)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet, Sum

from tavana.audit.services import audit_read_many
from tavana.core.paging import Paged, every_row

from ..selectors import child_scope
from .models import (
    BudgetLine,
    GiftedApplication,
    ParentConsent,
    SupportGrant,
    TalentResult,
    TalentRound,
    TeenFollowUp,
    TeenProgramme,
)


def application_list(
    *, actor, year: int | None = None, limit: int = 300
) -> list[GiftedApplication]:
    qs = (
        GiftedApplication.objects.filter(child__in=child_scope(actor=actor))
        .select_related("child", "admitted_school", "district")
        .annotate(n_grants=Count("grants"))
        .order_by("-year", "-registered_on", "pk")
    )
    if year:
        qs = qs.filter(year=year)
    rows: list[GiftedApplication] = list(qs[:limit])
    audit_read_many(
        actor=actor, action="youth.read_applications", fields=["gifted_applications"],
        objects=[(a, a.child_id) for a in rows],
    )  # fmt: skip
    return rows


def application_get(*, actor, application_id: int) -> GiftedApplication:
    from django.http import Http404

    a = (
        GiftedApplication.objects.filter(pk=application_id, child__in=child_scope(actor=actor))
        .select_related("child", "admitted_school")
        .first()
    )
    if a is None:
        raise Http404
    audit_read_many(
        actor=actor, action="youth.read_applications",
        fields=["gifted_applications", "support_grants"], objects=[(a, a.child_id)],
    )  # fmt: skip
    return a


def grants_of(*, application: GiftedApplication) -> list[SupportGrant]:
    return list(
        application.grants.select_related("budget_line", "proposed_by", "decided_by", "payee")
    )


def grant_queue(*, actor, paged: Paged = every_row) -> Sequence[SupportGrant]:
    """Proposals waiting for a second person's decision (the checker's queue): the
    children in the user's scope (none without a clearance), each an audited read
    (the page shown, when `paged` is a page)."""
    rows = paged(
        SupportGrant.objects.filter(
            status=SupportGrant.PROPOSED, application__child__in=child_scope(actor=actor)
        )
        .select_related("application__child", "application__child__district", "payee",
                        "budget_line", "proposed_by")
        .order_by("created_at", "pk")
    )  # fmt: skip
    audit_read_many(
        actor=actor, action="youth.read_grants", fields=["support_grants"],
        objects=[(g, g.application.child_id) for g in rows],
    )  # fmt: skip
    return rows


def grant_get(*, actor, grant_id: int) -> SupportGrant:
    """A proposal of a child in the user's scope; 404 otherwise."""
    from django.http import Http404

    grant = SupportGrant.objects.filter(
        pk=grant_id, application__child__in=child_scope(actor=actor)
    ).first()
    if grant is None:
        raise Http404
    return grant


def budget_lines() -> list[BudgetLine]:
    lines: list[BudgetLine] = list(
        BudgetLine.objects.annotate(
            committed=Sum(
                "grants__amount_toman", filter=Q(grants__status__in=("approved", "paid"))
            ),
            to_pay=Count("grants", filter=Q(grants__status="approved")),
        ).order_by("-year", "code")
    )
    for line in lines:
        line.left = line.amount_toman - (line.committed or 0)  # type: ignore[attr-defined]
    return lines


def teen_programmes() -> QuerySet[TeenProgramme]:
    return TeenProgramme.objects.select_related("course", "course__centre").order_by(
        "-course__first_date", "pk"
    )


def teen_programme_page(*, actor, programme: TeenProgramme) -> dict:
    from tavana.training.selectors import enrolments_of

    from ..access import cleared_for_children

    if not cleared_for_children(actor):  # the roll names children: nothing without clearance
        return {"rows": [], "teams": [], "consents": {}}
    rolls = enrolments_of(actor=actor, course=programme.course)
    consents = {
        c.child_id: c
        for c in ParentConsent.objects.filter(programme=programme).select_related("parent")
    }
    followups = {f.child_id: f for f in TeenFollowUp.objects.filter(programme=programme)}
    teams = list(programme.teams.prefetch_related("members"))
    rows = [
        {
            "enrolment": e,
            "consent": consents.get(e.person_id),
            "followup": followups.get(e.person_id),
        }
        for e in rolls["seated"] + rolls["waitlist"]
    ]
    audit_read_many(
        actor=actor, action="youth.read_teens", fields=["parent_consents", "teen_followups"],
        objects=[(r["enrolment"], r["enrolment"].person_id) for r in rows],
    )  # fmt: skip
    return {"rows": rows, "teams": teams, "consents": consents}


def talent_rounds() -> QuerySet[TalentRound]:
    return TalentRound.objects.annotate(
        n=Count("results"), n_talented=Count("results", filter=Q(results__talented=True))
    ).order_by("-held_on", "pk")


def talent_results(*, actor, round: TalentRound) -> list[TalentResult]:
    """Results of the children in the user's scope; each shown is an audited read."""
    rows = list(
        round.results.filter(child__in=child_scope(actor=actor))
        .select_related("child", "referred_to")
        .order_by("-score", "pk")
    )
    audit_read_many(
        actor=actor, action="youth.read_talent", fields=["talent_results"],
        objects=[(r, r.child_id) for r in rows],
    )  # fmt: skip
    return rows
