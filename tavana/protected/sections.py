"""The protected section of the 360° person page: present only for staff cleared
for a programme she is in (or holding a live emergency grant for her)."""

from __future__ import annotations

from .selectors import person_participations, programme_list


def person_section(actor, person) -> dict | None:
    from .release.selectors import person_cases

    participations = person_participations(actor=actor, person=person)
    release_cases = person_cases(actor=actor, person=person)
    if not participations and not release_cases:
        return None
    return {
        "title": "برنامه‌های ویژه (محرمانه)",
        "template": "protected/_person_section.html",
        "context": {"participations": participations, "release_cases": release_cases},
    }


def home_section(request) -> dict | None:
    """On the home page of staff cleared for a programme: links to their programmes.
    Nothing at all for anyone else."""
    programmes = programme_list(actor=request.user)
    if not programmes:
        return None
    return {
        "title": "برنامه‌های ویژه",
        "template": "protected/_home_section.html",
        "context": {"programmes": programmes},
    }
