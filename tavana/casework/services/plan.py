"""The caseload, the case plan (goals and follow-up actions) and case notes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tavana.accounts import roles
from tavana.accounts.access import user_can
from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..models import (
    CaseAssignment,
    CaseNote,
    PlanAction,
    PlanGoal,
)
from .common import _not_future, _today


def case_take(*, actor, person, on: dt.date | None = None, reason: str = "") -> CaseAssignment:
    """A social worker takes an unassigned woman into her caseload."""
    if actor.role != roles.SOCIAL_WORKER:
        raise PermissionDenied
    on = on or _today()
    with transaction.atomic():
        open_case = (
            CaseAssignment.objects.select_for_update()
            .filter(person=person, end_date__isnull=True)
            .first()
        )
        if open_case is not None:
            if open_case.worker_id == actor.pk:
                return open_case
            raise ServiceError(
                {"__all__": "این پرونده مددکار دارد؛ برای جابه‌جایی، درخواست انتقال بفرستید."}
            )
        case = CaseAssignment.objects.create(
            worker=actor, person=person, start_date=on, reason=reason or "پذیرش پرونده"
        )
        audit_write(
            actor=actor,
            action="casework.case_take",
            obj=case,
            person_id=person.pk,
            after={"worker": actor.username, "start_date": on},
        )
    return case


def goal_create(*, actor, person, title: str, target_date: dt.date | None = None) -> PlanGoal:
    title = (title or "").strip()
    if not title:
        raise ServiceError({"title": "هدف را بنویسید."})
    with transaction.atomic():
        goal = PlanGoal.objects.create(
            person=person, title=title, target_date=target_date, created_by=actor
        )
        audit_write(
            actor=actor,
            action="casework.goal_create",
            obj=goal,
            person_id=person.pk,
            after={"title": title, "target_date": target_date},
        )
    return goal


def goal_with_action_create(
    *,
    actor,
    person,
    title: str,
    target_date: dt.date | None = None,
    action: str = "",
    follow_up_on: dt.date | None = None,
) -> PlanGoal:
    """A goal and, optionally, its first action, both or neither."""
    with transaction.atomic():
        goal = goal_create(actor=actor, person=person, title=title, target_date=target_date)
        if (action or "").strip():
            action_create(actor=actor, goal=goal, description=action, follow_up_on=follow_up_on)
    return goal


def action_create(
    *, actor, goal: PlanGoal, description: str, follow_up_on: dt.date | None
) -> PlanAction:
    errors: dict[str, str] = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = "اقدام را بنویسید."
    if follow_up_on is None:
        errors["follow_up_on"] = "تاریخ پیگیری را وارد کنید."
    if errors or follow_up_on is None:  # (what is missing is in errors)
        raise ServiceError(errors)
    with transaction.atomic():
        action = PlanAction.objects.create(
            goal=goal, description=description, follow_up_on=follow_up_on, created_by=actor
        )
        audit_write(
            actor=actor,
            action="casework.action_create",
            obj=action,
            person_id=goal.person_id,
            after={"description": description, "follow_up_on": follow_up_on},
        )
    return action


def action_done(
    *, actor, action: PlanAction, outcome: str, done_on: dt.date | None = None
) -> PlanAction:
    outcome = (outcome or "").strip()
    done_on = done_on or _today()
    errors: dict[str, str] = {}
    if not outcome:
        errors["outcome"] = "نتیجهٔ پیگیری را بنویسید."
    _not_future(errors, "done_on", done_on)
    if action.done_on:
        errors["__all__"] = "این اقدام پیش‌تر انجام شده است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        action.done_on, action.outcome = done_on, outcome
        action.save(update_fields=["done_on", "outcome", "updated_at"])
        audit_write(
            actor=actor,
            action="casework.action_done",
            obj=action,
            person_id=action.goal.person_id,
            after={"done_on": done_on},
        )
    return action


def note_create(*, actor, person, text: str, sensitivity: str = CaseNote.NORMAL) -> CaseNote:
    """A case note. The audit entry says a note was written, never what it says."""
    text = (text or "").strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "متن یادداشت را بنویسید."
    if sensitivity not in dict(CaseNote.SENSITIVITY_CHOICES):
        errors["sensitivity"] = "سطح محرمانگی را انتخاب کنید."
    elif sensitivity == CaseNote.SENSITIVE and not user_can(actor, "person.sensitive"):
        errors["sensitivity"] = "شما مجاز به نوشتن یادداشت محرمانه نیستید."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        note = CaseNote.objects.create(
            person=person, author=actor, text=text, sensitivity=sensitivity
        )
        audit_write(
            actor=actor,
            action="casework.note_create",
            obj=note,
            person_id=person.pk,
            after={"sensitivity": sensitivity, "length": len(text)},
        )
    return note
