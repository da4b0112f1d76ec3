"""Which demo women of the employment programme also work in the workshops (the
demo may read the protected programme; the application's production never does)."""

from __future__ import annotations

from tavana.protected.models import Participant, Programme


def programme_workers(*, exclude: set[int]) -> list[int]:
    return [
        pid
        for pid in Participant.objects.filter(
            programme__code=Programme.PRISON, status=Participant.ACTIVE
        )
        .order_by("pk")
        .values_list("person_id", flat=True)[:12]
        if pid not in exclude
    ]
