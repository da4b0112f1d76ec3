"""Reads of casework, always within the acting user's scope of persons."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.access import user_can
from tavana.audit.services import audit_read
from tavana.people.selectors import person_scope

from .domain import stages
from .models import (
    Assessment,
    CaseAssignment,
    CaseNote,
    Delivery,
    Enrolment,
    LevelChange,
    LevelTransition,
    OtherSupport,
    PlanAction,
    PlanGoal,
    Question,
    Referral,
    SupportLevel,
    SupportStatus,
)


def level_orders() -> dict[str, int]:
    return dict(SupportLevel.objects.values_list("code", "order"))


def transitions_map() -> dict[tuple[str, str], bool]:
    rows = LevelTransition.objects.values_list("from_level__code", "to_level__code", "needs_reason")
    return {(a, b): needs for a, b, needs in rows}


def questionnaire() -> list[Question]:
    return list(Question.objects.filter(active=True).prefetch_related("options"))


def case_owner(*, person) -> CaseAssignment | None:
    return (
        CaseAssignment.objects.filter(person=person, end_date__isnull=True)
        .select_related("worker")
        .first()
    )


def caseload_ids(*, actor) -> QuerySet:
    return CaseAssignment.objects.filter(worker=actor, end_date__isnull=True).values("person_id")


def social_workers(*, exclude=None) -> QuerySet:
    from tavana.accounts.models import User

    qs = User.objects.filter(role=roles.SOCIAL_WORKER, is_active=True).order_by(
        "last_name", "first_name"
    )
    return qs.exclude(pk=exclude.pk) if exclude is not None else qs


# ------------------------------------------------------------- the person page


def ladder_of(*, actor, person) -> dict:
    status = SupportStatus.objects.filter(person=person).select_related("level").first()
    changes = list(
        LevelChange.objects.filter(person=person).select_related(
            "from_level", "to_level", "decided_by"
        )
    )
    latest = (
        Assessment.objects.filter(person=person)
        .select_related("suggested_level", "decided_level", "assessed_by")
        .first()
    )
    return {"status": status, "changes": changes, "assessment": latest}


def support_level_of(*, person) -> dict | None:
    """Her level in plain words for herself (the portal): its name and what it
    means, never the assessment's answers or the notes behind it."""
    status = SupportStatus.objects.filter(person=person).select_related("level").first()
    if status is None:
        return None
    return {"name": status.level.name, "description": status.level.description,
            "since": status.since, "reassess_on": status.reassess_on}  # fmt: skip


def deliveries_of(*, actor, person, limit: int = 30) -> dict:
    qs = Delivery.objects.filter(person=person)
    return {
        "rows": list(
            qs.select_related("service", "service__programme", "centre", "delivered_by")[:limit]
        ),
        "total": qs.count(),
        "enrolments": list(
            Enrolment.objects.filter(person=person)
            .select_related("programme")
            .prefetch_related("history")
            .order_by("programme__name")
        ),
    }


def plan_of(*, actor, person) -> list[PlanGoal]:
    return list(
        PlanGoal.objects.filter(person=person).prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.order_by("done_on", "follow_up_on"))
        )
    )


def notes_of(*, actor, person, limit: int = 50) -> list[dict]:
    """Case notes, newest first. Sensitive notes carry no text here: a cleared user
    reveals each one (an audited read); others see only that one exists."""
    cleared = user_can(actor, "person.sensitive")
    out = []
    for n in CaseNote.objects.filter(person=person).select_related("author")[:limit]:
        sensitive = n.sensitivity == CaseNote.SENSITIVE
        out.append(
            {
                "note": n,
                "sensitive": sensitive,
                "text": "" if sensitive else n.text,
                "can_reveal": sensitive and cleared,
            }
        )
    return out


def note_for_reveal(*, actor, note_id: int) -> CaseNote:
    from django.http import Http404

    note = CaseNote.objects.select_related("author").filter(pk=note_id).first()
    if note is None or not person_scope(actor=actor).filter(pk=note.person_id).exists():
        raise Http404
    return note


def referrals_of(*, actor, person) -> list[Referral]:
    return list(
        Referral.objects.filter(person=person).select_related(
            "from_worker", "to_worker", "to_centre", "to_partner", "from_partner", "service"
        )
    )


def other_supports_of(*, actor, person) -> list[OtherSupport]:
    """The other bodies serving her (recorded with her consent): only for those who
    manage cases, and every look is audited (a body's name can say why she is served)."""
    if not user_can(actor, "casework.manage"):
        return []
    rows = list(OtherSupport.objects.filter(person=person).select_related("organisation"))
    if rows:
        audit_read(
            actor=actor,
            action="casework.other_support_read",
            fields=["other_supports"],
            person_id=person.pk,
        )
    return rows


def may_respond(actor, referral: Referral) -> bool:
    """Internal referrals are answered by the receiving worker; referrals to a centre
    or partner by the sending worker (she records what came back)."""
    if not stages.awaiting(referral.kind, referral.status):
        return False
    if referral.to_worker_id:
        return referral.to_worker_id == actor.pk
    return referral.from_worker_id == actor.pk


def referral_get(*, actor, referral_id: int) -> Referral:
    from django.http import Http404

    r = (
        Referral.objects.select_related(
            "person", "from_worker", "to_worker", "to_centre", "to_partner", "service"
        )
        .filter(pk=referral_id)
        .first()
    )
    if r is None:
        raise Http404
    involved = actor.pk in (r.from_worker_id, r.to_worker_id)
    if not involved and not person_scope(actor=actor).filter(pk=r.person_id).exists():
        raise Http404
    return r


# ------------------------------------------------------------- the dashboard


def caseload(*, actor, limit: int = 500) -> list[dict]:
    """Her open cases with each woman's level and next follow-up."""
    cases = list(
        CaseAssignment.objects.filter(worker=actor, end_date__isnull=True)
        .select_related("person", "person__district")
        .order_by("person__last_name", "person__first_name")[:limit]
    )
    ids = [c.person_id for c in cases]
    levels = dict(
        SupportStatus.objects.filter(person_id__in=ids).values_list("person_id", "level__name")
    )
    reassess = dict(
        SupportStatus.objects.filter(person_id__in=ids).values_list("person_id", "reassess_on")
    )
    return [
        {
            "case": c,
            "person": c.person,
            "level": levels.get(c.person_id, ""),
            "reassess_on": reassess.get(c.person_id),
        }
        for c in cases
    ]


def followups_due(*, actor, on: dt.date | None = None, limit: int = 100) -> list[PlanAction]:
    """Open plan actions of her caseload whose follow-up date has come."""
    on = on or timezone.localdate()
    return list(
        PlanAction.objects.filter(
            goal__person_id__in=caseload_ids(actor=actor),
            done_on__isnull=True,
            follow_up_on__lte=on,
        )
        .select_related("goal", "goal__person")
        .order_by("follow_up_on", "id")[:limit]
    )


def reassessments_due(*, actor, on: dt.date | None = None, limit: int = 100) -> list[SupportStatus]:
    on = on or timezone.localdate()
    return list(
        SupportStatus.objects.filter(person_id__in=caseload_ids(actor=actor), reassess_on__lte=on)
        .select_related("person", "level")
        .order_by("reassess_on", "person_id")[:limit]
    )


def _awaiting_q() -> Q:
    q = Q(pk__in=[])
    for kind, moves in stages.REFERRAL_MOVES.items():
        q |= Q(kind=kind, status__in=list(moves))
    return q


def referrals_awaiting(*, actor, limit: int = 100) -> dict:
    """Referrals she sent that still wait for an answer (they never drop off until
    answered), and referrals and transfers sent to her awaiting her answer."""
    base = Referral.objects.filter(_awaiting_q()).select_related(
        "person", "from_worker", "to_worker", "to_centre", "to_partner", "service"
    )
    return {
        "sent": list(base.filter(from_worker=actor).order_by("follow_up_on", "id")[:limit]),
        "received": list(base.filter(to_worker=actor).order_by("sent_on", "id")[:limit]),
    }


def dashboard(*, actor, on: dt.date | None = None) -> dict:
    on = on or timezone.localdate()
    return {
        "today": on,
        "caseload": caseload(actor=actor),
        "followups": followups_due(actor=actor, on=on),
        "reassessments": reassessments_due(actor=actor, on=on),
        "referrals": referrals_awaiting(actor=actor),
    }


__all__ = ["Max"]
