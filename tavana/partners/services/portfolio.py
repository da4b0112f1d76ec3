"""The year's portfolio: limits and weights, the solver's proposal, the
manager's decision (accept it or change it, with a reason; audited)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..domain import portfolio as engine
from ..domain import projects as project_rules
from ..models import Agreement, Portfolio, Project
from .common import text
from .projects import _move as _project_move


def _limits(p: Portfolio) -> engine.Limits:
    return engine.Limits(
        budget=int(p.budget),
        staff=float(p.staff),
        min_count=p.min_count,
        max_count=p.max_count,
        quick_only=p.quick_only,
        cover_axes=p.cover_axes,
    )


def candidates_of(portfolio: Portfolio) -> list[Project]:
    """The long list: the agreement's projects still waiting to be chosen."""
    return list(
        portfolio.agreement.projects.filter(status=project_rules.CANDIDATE)
        .select_related("axis")
        .order_by("id")
    )


def _as_candidates(projects: list[Project]) -> list[engine.Candidate]:
    return [
        engine.Candidate(
            id=p.pk,
            title=p.title,
            axis=p.axis.code,
            quick=p.horizon == project_rules.QUICK,
            value=p.value,
            feasibility=p.feasibility,
            speed=p.speed,
            cost=int(p.budget),
            staff=float(p.staff_months),
        )
        for p in projects
    ]


def portfolio_save(
    *, actor, agreement: Agreement, year: int, limits: dict, weights: dict, portfolio=None
) -> Portfolio:
    """Create the year's portfolio or change its limits and weights (a draft only);
    a change clears the proposal, which must then be made again."""
    errors = engine.weight_errors(weights)
    lim = engine.Limits(
        budget=int(limits.get("budget") or 0),
        staff=float(limits.get("staff") or 0),
        min_count=int(limits.get("min_count") or 0),
        max_count=int(limits.get("max_count") or 0),
        quick_only=bool(limits.get("quick_only")),
        cover_axes=int(limits.get("cover_axes") or 0),
    )
    errors.update(engine.limit_errors(lim))
    if portfolio is None and Portfolio.objects.filter(agreement=agreement, year=year).exists():
        errors["year"] = "سبد این سال پیش‌تر ساخته شده است."
    if portfolio is not None and portfolio.status != Portfolio.DRAFT:
        errors["__all__"] = "تصمیم این سبد گرفته شده و دیگر تغییر نمی‌کند."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        p = portfolio or Portfolio(agreement=agreement, year=year)
        p.budget, p.staff = lim.budget, Decimal(str(lim.staff))
        p.min_count, p.max_count = lim.min_count, lim.max_count
        p.quick_only, p.cover_axes = lim.quick_only, lim.cover_axes
        p.weights = {k: float(weights[k]) for k in engine.CRITERIA}
        p.proposal, p.proposed_at = {}, None
        p.save()
        audit_write(
            actor=actor,
            action="partners.portfolio_save",
            obj=p,
            after={"year": year, "budget": lim.budget, "staff": lim.staff, "weights": p.weights},
        )
    return p


def portfolio_propose(*, actor, portfolio: Portfolio) -> Portfolio:
    """Solve for the best set and keep it, with its explanation, on the portfolio."""
    with transaction.atomic():
        p = Portfolio.objects.select_for_update().get(pk=portfolio.pk)
        if p.status != Portfolio.DRAFT:
            raise ServiceError("تصمیم این سبد گرفته شده است.", code="portfolio_decided")
        projects = candidates_of(p)
        if not projects:
            raise ServiceError("هیچ پروژه‌ای در فهرست پیشنهادی این تفاهم‌نامه نیست.")
        result = engine.propose(_as_candidates(projects), p.weights, _limits(p))
        p.proposal = {
            "feasible": result.feasible,
            "chosen": result.chosen,
            "total": result.total,
            "cost": result.cost,
            "staff": result.staff,
            "scores": {str(k): v for k, v in result.scores.items()},
            "summary": result.summary,
            "lines": [
                {"id": ln.id, "title": ln.title, "score": ln.score, "chosen": ln.chosen,
                 "text": ln.text, "delta": ln.delta}
                for ln in result.lines
            ],
        }  # fmt: skip
        p.proposed_at = timezone.now()
        p.save(update_fields=["proposal", "proposed_at", "updated_at"])
        audit_write(
            actor=actor,
            action="partners.portfolio_propose",
            obj=p,
            after={"chosen": result.chosen, "total": result.total, "feasible": result.feasible},
        )
    return p


def portfolio_decide(*, actor, portfolio: Portfolio, chosen_ids: list[int], reason: str = ""):
    """The manager's decision: the proposal as it is, or her own set (with a
    reason). The chosen projects become planned for the year."""
    reason = text(reason)
    with transaction.atomic():
        p = Portfolio.objects.select_for_update().get(pk=portfolio.pk)
        if p.status != Portfolio.DRAFT:
            raise ServiceError("تصمیم این سبد پیش‌تر گرفته شده است.", code="portfolio_decided")
        if not p.proposal.get("feasible"):
            raise ServiceError("نخست پیشنهاد حل‌کننده را بگیرید.", code="no_proposal")
        projects = {x.pk: x for x in candidates_of(p)}
        ids = sorted(set(chosen_ids))
        errors = engine.check_choice(_as_candidates(list(projects.values())), ids, _limits(p))
        proposed = sorted(p.proposal.get("chosen", []))
        changed = ids != proposed
        if changed and not reason:
            errors["reason"] = "انتخاب شما با پیشنهاد فرق دارد؛ دلیل آن را بنویسید."
        if errors:
            raise ServiceError(errors)
        p.status = Portfolio.DECIDED
        p.decision = Portfolio.CHANGED if changed else Portfolio.ACCEPTED
        p.reason = reason
        p.decided_by, p.decided_at = actor, timezone.now()
        p.save()
        p.chosen.set([projects[i] for i in ids])
        for i in ids:
            project = Project.objects.select_for_update().get(pk=i)
            _project_move(
                actor=actor,
                project=project,
                target=project_rules.PLANNED,
                reason=f"برگزیده در سبد سال {p.year}",
            )
        audit_write(
            actor=actor,
            action="partners.portfolio_decide",
            obj=p,
            before={"chosen": proposed},
            after={"chosen": ids, "decision": p.decision},
            reason=reason,
        )
    return p
