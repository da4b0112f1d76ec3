"""Who may see the release campaign's cases: the protected programmes' rules.

* clearance for the programme `Programme.RELEASE` (a live `accounts.Clearance`
  for its area, granted by one administrator and approved by a second) opens
  every case and the money;
* a live break-the-glass grant for one woman opens her case (once it is linked
  to her registry record) and nothing else.

Everything else answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ..access import cleared_programme_codes, emergency_person_ids
from ..models import Programme
from .models import ReleaseCase


def release_programme() -> Programme:
    programme, _ = Programme.objects.get_or_create(
        code=Programme.RELEASE, defaults={"name": Programme.DEFAULT_NAMES[Programme.RELEASE]}
    )
    return programme


def is_cleared(actor) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    return Programme.RELEASE in cleared_programme_codes(actor)


def access_release(actor) -> Programme:
    """The programme, for a user cleared for it; 404 for anyone else."""
    if not is_cleared(actor):
        raise Http404
    return release_programme()


def case_scope(actor) -> QuerySet[ReleaseCase]:
    if is_cleared(actor):
        return ReleaseCase.objects.all()
    persons = emergency_person_ids(actor)
    if persons:
        return ReleaseCase.objects.filter(person_id__in=persons)
    return ReleaseCase.objects.none()


def access_case_by_id(actor, case_id: int) -> tuple[ReleaseCase, bool]:
    """The case and whether it is open only through an emergency grant."""
    case = case_scope(actor).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case, not is_cleared(actor)
