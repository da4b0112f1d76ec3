"""Her work and her mentoring, read-only: the production packages that are hers
(or her workshop's), the pieces logged for her, her mentors, sessions and next
appointment. Nothing says why she is served: the selectors return only what,
how many and when."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from tavana.campaign.selectors import own_mentoring
from tavana.production.selectors import own_work

from .. import access


@access.woman_required
def work(request, person_id: int):
    today = timezone.localdate()
    return render(
        request,
        "portal/work.html",
        {
            "work": own_work(person_id=person_id),
            "mentoring": own_mentoring(person_id=person_id, today=today),
            "today": today,
        },
    )
