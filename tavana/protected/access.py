"""Who may see protected programmes.

Two ways in, and only these two:

* clearance: a live `accounts.Clearance` for the programme's area (the area's code
  is the programme's code; registered in apps.ready), granted by one
  administrator and approved by a second on the administrator's clearance pages,
  not expired, held by a user whose role may work in protected programmes
  (`protected.work`) — `accounts.clearances.cleared_areas`;
* break the glass: a live `EmergencyAccess` grant for one woman, held by a user
  whose role may request one (`protected.emergency`); it opens all of that
  woman's protected records until it expires, and nothing else.

Everything else answers 404, so a page never confirms that a programme record
exists. Role alone (even administrator) opens nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tavana.accounts.access import user_can
from tavana.accounts.clearances import cleared_areas

from .models import EmergencyAccess, Participant, Programme

CLEARANCE_ACTIONS = ("protected.work",)  # a role that may hold a programme's clearance


def cleared_programme_codes(actor) -> set[str]:
    """The programmes (codes) the user holds a live clearance for."""
    if not user_can(actor, "protected.work"):
        return set()
    codes = set(Programme.DEFAULT_NAMES)
    return {area for area in cleared_areas(actor) if area in codes}


def emergency_person_ids(actor, *, now=None) -> set[int]:
    if not user_can(actor, "protected.emergency"):
        return set()
    now = now or timezone.now()
    return set(
        EmergencyAccess.objects.filter(user=actor, expires_at__gt=now).values_list(
            "person_id", flat=True
        )
    )


def participant_scope(actor) -> QuerySet[Participant]:
    """The programme memberships the user may see (none for almost everyone)."""
    programmes = cleared_programme_codes(actor)
    persons = emergency_person_ids(actor)
    if not programmes and not persons:
        return Participant.objects.none()
    return Participant.objects.filter(
        Q(programme__code__in=programmes)
        | Q(person_id__in=persons)
        | Q(person__merged_into_id__in=persons)
    ).select_related("programme", "person")


def access_programme(actor, code: str) -> Programme:
    """The programme, if the user is cleared for it; 404 otherwise."""
    if code not in cleared_programme_codes(actor):
        raise Http404
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        raise Http404
    return programme


def access_participant_by_id(actor, participant_id: int) -> tuple[Participant, bool]:
    """The membership and whether it is open only through an emergency grant."""
    participant = participant_scope(actor).filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    by_emergency = participant.programme.code not in cleared_programme_codes(actor)
    return participant, by_emergency
