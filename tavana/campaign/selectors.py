"""Reads of the campaign, always within the acting user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.access import user_can
from tavana.core.models import District

from .domain import pipeline
from .domain.figures import waiting_summary
from .models import Match, Mentor, MentoringSession, SignUp
from .services import mentor_load


def _district_ids(actor) -> set[int]:
    ids = set(actor.districts.values_list("id", flat=True))
    ids |= set(actor.centres.values_list("district_id", flat=True))
    return ids


def signup_scope(*, actor) -> QuerySet[SignUp]:
    """Coordinators see the sign-ups of their districts (an administrator with no
    district: the whole city); a mentor sees only the women she mentors."""
    qs = SignUp.objects.all()
    if user_can(actor, "campaign.coordinate"):
        ids = _district_ids(actor)
        if ids:
            return qs.filter(district_id__in=ids)
        return qs if actor.role == roles.ADMINISTRATOR else qs.none()
    if user_can(actor, "campaign.mentor"):
        return qs.filter(matches__status=Match.ACCEPTED, matches__mentor__user=actor).distinct()
    return qs.none()


def signup_list(*, actor, district=None, stage="", priority=False, q="") -> QuerySet[SignUp]:
    qs = signup_scope(actor=actor).select_related("district", "category", "person")
    if district:
        qs = qs.filter(district=district)
    if stage:
        qs = qs.filter(stage=stage)
    if priority:
        qs = qs.filter(primary_earner=True)
    if q:
        from tavana.core.domain.persian_text import to_ascii_digits

        digits = to_ascii_digits(q).strip()
        if digits.isdigit():
            qs = qs.filter(mobile__contains=digits)
        else:
            for word in q.split():
                qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs.order_by("-created_at", "-id")


def signup_get(*, actor, signup_id: int) -> SignUp:
    s = (
        signup_scope(actor=actor)
        .select_related("district", "category", "person")
        .filter(pk=signup_id)
        .first()
    )
    if s is None:
        raise Http404
    return s


def signup_detail(*, actor, signup: SignUp) -> dict:
    matches = list(
        signup.matches.select_related("mentor", "mentor__user", "decided_by")
        .prefetch_related("sessions")
        .order_by("-created_at")
    )
    return {
        "signup": signup,
        "history": list(signup.stage_changes.select_related("by")),
        "matches": matches,
        "accepted": next((m for m in matches if m.status == Match.ACCEPTED), None),
        "moves": [
            (t, pipeline.STAGE_LABELS[t]) for t in sorted(pipeline.MOVES.get(signup.stage, ()))
        ],
    }


def candidates_for(*, actor, signup: SignUp) -> list[dict]:
    """The registry's likely matches for a sign-up, with reasons (the duplicate matcher)."""
    from tavana.people.selectors import person_candidates

    return person_candidates(
        actor=actor,
        data={
            "first_name": signup.first_name,
            "last_name": signup.last_name,
            "mobile": signup.mobile,
            "district": str(signup.district.number),
        },
        limit=8,
    )


def mentor_list(*, actor) -> list[Mentor]:
    mentors = list(
        Mentor.objects.select_related("user").prefetch_related("categories", "districts")
    )
    load = mentor_load([m.pk for m in mentors])
    for m in mentors:
        m.load = load.get(m.pk, 0)  # type: ignore[attr-defined]  # shown beside her
        m.free = max(0, m.weekly_capacity - m.load)  # type: ignore[attr-defined]
    return mentors


def mentor_get(*, actor, mentor_id: int) -> Mentor:
    m = Mentor.objects.filter(pk=mentor_id).select_related("user").first()
    if m is None:
        raise Http404
    return m


def pending_pairs(*, actor) -> list[Match]:
    scope = signup_scope(actor=actor)
    return list(
        Match.objects.filter(status=Match.PROPOSED, signup__in=scope)
        .select_related("signup", "signup__district", "signup__category", "mentor", "mentor__user")
        .order_by("-signup__primary_earner", "signup__created_at", "id")
    )


def waiting_count(*, actor) -> int:
    return (
        signup_scope(actor=actor)
        .filter(stage__in=(pipeline.NEW, pipeline.CONTACTED))
        .exclude(matches__status=Match.ACCEPTED)
        .count()
    )


def mentees(*, actor) -> list[Match]:
    """Accepted pairs: a trainer's own; a coordinator's in her scope."""
    qs = Match.objects.filter(status=Match.ACCEPTED).select_related(
        "signup", "signup__district", "mentor", "mentor__user"
    )
    if user_can(actor, "campaign.coordinate"):
        qs = qs.filter(signup__in=signup_scope(actor=actor))
    else:
        qs = qs.filter(mentor__user=actor)
    return list(
        qs.annotate(n_sessions=Count("sessions")).order_by("signup__stage", "-signup__created_at")[
            :500
        ]
    )


def match_for_session(*, actor, match_id: int) -> Match:
    """An accepted pair the user may log a session for (404 otherwise)."""
    qs = Match.objects.filter(pk=match_id, status=Match.ACCEPTED).select_related(
        "signup", "mentor", "mentor__user"
    )
    if user_can(actor, "campaign.coordinate"):
        qs = qs.filter(signup__in=signup_scope(actor=actor))
    else:
        qs = qs.filter(mentor__user=actor)
    m = qs.first()
    if m is None:
        raise Http404
    return m


def figures(*, actor) -> dict:
    """Sign-ups by district and stage; days from sign-up to first mentoring."""
    scope = signup_scope(actor=actor)
    counts = scope.values_list("district__number", "stage").annotate(n=Count("id"))
    table: dict[int, dict[str, int]] = {}
    for number, stage, n in counts.values_list("district__number", "stage", "n"):
        table.setdefault(number, {s: 0 for s, _ in pipeline.STAGES})[stage] = n
    names = dict(District.objects.values_list("number", "name"))
    rows: list[dict[str, Any]] = [
        {
            "district": number,
            "name": names.get(number, str(number)),
            "by_stage": [table[number][s] for s, _ in pipeline.STAGES],
            "total": sum(table[number].values()),
        }
        for number in sorted(table)
    ]
    totals = [sum(r["by_stage"][i] for r in rows) for i in range(len(pipeline.STAGES))]

    def days(qs) -> list[int]:
        return [
            max(0, (first - timezone.localtime(created).date()).days)
            for created, first in qs.filter(first_mentoring_on__isnull=False).values_list(
                "created_at", "first_mentoring_on"
            )
        ]

    return {
        "stages": pipeline.STAGES,
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
        "waiting": waiting_summary(days(scope)),
        "waiting_priority": waiting_summary(days(scope.filter(primary_earner=True))),
        "chart": {
            "labels": [r["name"] for r in rows],
            "stages": [label for _, label in pipeline.STAGES],
            "series": [[r["by_stage"][i] for r in rows] for i in range(len(pipeline.STAGES))],
        },
    }


# ------------------------------------------------------------ her own mentoring


def own_mentoring(*, person_id: int, today) -> dict:
    """Her mentoring, for her own pages (tavana.portal): her mentors (accepted
    pairs of the sign-ups linked to her), her sessions (date, length, the next
    step agreed) and her next appointment: the meeting agreed at each mentor's
    latest session, or a session already dated today or later, whichever comes
    first. Never the mentor's notes, the matching's reasons or her stage."""
    matches = list(
        Match.objects.filter(signup__person_id=person_id, status=Match.ACCEPTED)
        .select_related("mentor__user")
        .order_by("-created_at", "-id")
    )
    names = {m.pk: m.mentor.display_name for m in matches}
    sessions: list[dict[str, Any]] = [
        {"date": d, "minutes": n, "next_step": step, "next_on": nxt, "mentor": names[mid],
         "match": mid}
        for d, n, step, nxt, mid in MentoringSession.objects.filter(match__in=matches)
        .order_by("-date", "-id")
        .values_list("date", "minutes", "next_step", "next_on", "match_id")[:50]
    ]  # fmt: skip
    coming = [
        {"date": s["date"], "minutes": s["minutes"], "mentor": s["mentor"]}
        for s in sessions
        if s["date"] >= today
    ]
    past = [s for s in sessions if s["date"] < today]
    latest: dict[int, dict[str, Any]] = {}
    for s in past:  # newest first: the first of each pair is its latest session
        latest.setdefault(s["match"], s)
    coming += [
        {"date": s["next_on"], "minutes": None, "mentor": s["mentor"]}
        for s in latest.values()
        if s["next_on"] and s["next_on"] >= today
    ]
    return {
        "mentors": sorted(set(names.values())),
        "past": past,
        "next": min(coming, key=lambda s: s["date"]) if coming else None,
    }
