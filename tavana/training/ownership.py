"""Which unit of the organisation owns a centre or a course: managers' figures by unit
follow it. Moving one is audited; what was recorded before stays as it was."""

from __future__ import annotations

from django.db import transaction

from tavana.accounts.access import access_action
from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from .models import Centre, Course
from .services import _check_centre, _lock_course


def centre_move(*, actor, centre: Centre, unit) -> Centre:
    """Put a centre under another unit of the organisation (administrators)."""
    access_action(actor, "accounts.manage")
    if unit is None or not unit.active:
        raise ServiceError({"org_unit": "یک واحد سازمانی فعال انتخاب کنید."})
    with transaction.atomic():
        c = (
            Centre.objects.select_for_update(of=("self",))
            .select_related("org_unit")
            .get(pk=centre.pk)
        )
        before = c.org_unit.name if c.org_unit else None
        if c.org_unit_id == unit.pk:
            return c
        c.org_unit = unit
        c.save(update_fields=["org_unit", "updated_at"])
        audit_write(
            actor=actor,
            action="training.centre_move",
            obj=c,
            before={"org_unit": before},
            after={"centre": c.name, "org_unit": unit.name},
        )
    return c


def course_unit_set(*, actor, course: Course, org_unit) -> Course:
    """Give a course to another unit of the organisation (its figures follow it)."""
    _check_centre(actor, course.centre)
    if org_unit is None or not org_unit.active:
        raise ServiceError({"org_unit": "یک واحد سازمانی فعال انتخاب کنید."})
    with transaction.atomic():
        c = _lock_course(course.pk)
        if c.org_unit_id == org_unit.pk:
            return c
        before = c.org_unit.name if c.org_unit_id else None
        c.org_unit = org_unit
        c.save(update_fields=["org_unit", "updated_at"])
        audit_write(
            actor=actor,
            action="training.course_unit",
            obj=c,
            before={"org_unit": before},
            after={"course": c.title, "org_unit": org_unit.name},
        )
    return c
