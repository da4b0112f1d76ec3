"""Who may see protected programmes.

Two ways in, and only these two:

* clearance: a `ProgrammeStaff` row with `cleared=True` for that programme whose
  `expires_on` has not passed (granted by one administrator, approved by a
  second), held by a user whose role may work in protected programmes
  (`protected.work`);
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

from .models import EmergencyAccess, Participant, Programme, ProgrammeStaff


def cleared_programme_ids(actor) -> set[int]:
    if not user_can(actor, "protected.work"):
        return set()
    return set(
        ProgrammeStaff.objects.filter(
            user=actor, cleared=True, expires_on__gte=timezone.localdate()
        ).values_list("programme_id", flat=True)
    )


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
    programmes = cleared_programme_ids(actor)
    persons = emergency_person_ids(actor)
    if not programmes and not persons:
        return Participant.objects.none()
    return Participant.objects.filter(
        Q(programme_id__in=programmes)
        | Q(person_id__in=persons)
        | Q(person__merged_into_id__in=persons)
    ).select_related("programme", "person")


def access_programme(actor, code: str) -> Programme:
    """The programme, if the user is cleared for it; 404 otherwise."""
    programme = Programme.objects.filter(code=code).first()
    if programme is None or programme.pk not in cleared_programme_ids(actor):
        raise Http404
    return programme


def access_participant_by_id(actor, participant_id: int) -> tuple[Participant, bool]:
    """The membership and whether it is open only through an emergency grant."""
    participant = participant_scope(actor).filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    by_emergency = participant.programme_id not in cleared_programme_ids(actor)
    return participant, by_emergency
