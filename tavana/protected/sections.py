"""The protected section of the 360° person page: present only for staff cleared
for a programme she is in (or holding a live emergency grant for her)."""

from __future__ import annotations

from .selectors import person_participations


def person_section(actor, person) -> dict | None:
    participations = person_participations(actor=actor, person=person)
    if not participations:
        return None
    return {
        "title": "برنامه‌های ویژه (محرمانه)",
        "template": "protected/_person_section.html",
        "context": {"participations": participations},
    }
