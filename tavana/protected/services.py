"""Writes to protected programmes. Each service checks clearance itself (not only
the view), runs in one transaction and records the change in the audit log with
the woman's person id."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tavana.accounts.access import access_action
from tavana.audit.services import audit_access, audit_write
from tavana.core.domain.jalali import format_jalali
from tavana.core.errors import ServiceError

from .access import access_participant_by_id, cleared_programme_codes
from .models import (
    CounsellingSession,
    EmergencyAccess,
    FamilyContact,
    Participant,
    Placement,
    PrisonReferral,
    Programme,
    ReintegrationGoal,
    ReunificationEvent,
    Training,
    WageEntry,
)

EMERGENCY_HOURS = 4
MIN_REASON_LENGTH = 20


def programmes_ensure() -> list[Programme]:
    """The two programmes exist (migrations create them; a flushed test database
    or a fresh demo may not have them)."""
    out = []
    for code, name in Programme.DEFAULT_NAMES.items():
        programme, _ = Programme.objects.get_or_create(code=code, defaults={"name": name})
        out.append(programme)
    return out


def _plain(values: dict) -> dict:
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in values.items()}


# ---------------------------------------------------------------- membership


@transaction.atomic
def participant_enrol(
    *,
    actor,
    programme: Programme,
    person,
    joined_on: dt.date,
    referral: dict | None = None,
) -> Participant:
    access_action(actor, "protected.work")
    if programme.code not in cleared_programme_codes(actor):
        raise Http404
    if Participant.objects.filter(programme=programme, person=person).exists():
        raise ServiceError({"national_code": "این فرد پیش‌تر در این برنامه ثبت شده است."})
    if programme.is_prison and referral is None:
        raise ServiceError({"letter_number": "معرفی‌نامهٔ سازمان زندان‌ها لازم است."})
    participant = Participant.objects.create(
        programme=programme,
        person=person,
        joined_on=joined_on,
        status=Participant.ACTIVE,
        created_by=actor,
    )
    after = {"programme": programme.code, "joined_on": joined_on}
    if programme.is_prison and referral is not None:
        PrisonReferral.objects.create(participant=participant, **referral)
        after.update(_plain(referral))
    audit_write(
        actor=actor,
        action="protected.enrol",
        obj=participant,
        person_id=person.pk,
        after=after,
    )
    return participant


@transaction.atomic
def participant_set_status(*, actor, participant: Participant, status: str) -> Participant:
    participant, _ = access_participant_by_id(actor, participant.pk)
    if status not in dict(Participant.STATUS_CHOICES):
        raise ServiceError({"status": "وضعیت پذیرفته نیست."})
    before = participant.status
    participant.status = status
    if status in (Participant.COMPLETED, Participant.WITHDRAWN) and not participant.left_on:
        participant.left_on = timezone.localdate()
    participant.save(update_fields=["status", "left_on", "updated_at"])
    audit_write(
        actor=actor,
        action="protected.status",
        obj=participant,
        person_id=participant.person_id,
        before={"status": before},
        after={"status": status},
    )
    return participant


# ------------------------------------------------------------------- records

PRISON_KINDS = {"training": Training, "placement": Placement, "wage": WageEntry}
RECOVERY_KINDS = {
    "session": CounsellingSession,
    "contact": FamilyContact,
    "reunion": ReunificationEvent,
    "goal": ReintegrationGoal,
}
BY_WHOM = {"wage": "recorded_by", "session": "counsellor", "contact": "contacted_by"}


def kinds_for(programme: Programme) -> dict:
    return PRISON_KINDS if programme.is_prison else RECOVERY_KINDS


@transaction.atomic
def record_add(*, actor, participant: Participant, kind: str, data: dict):
    """Add one record (a month of wages, a session, a family contact, …)."""
    participant, _ = access_participant_by_id(actor, participant.pk)
    access_action(actor, "protected.work")
    model = kinds_for(participant.programme).get(kind)
    if model is None:
        raise Http404
    values = dict(data)
    if kind == "placement" and not values["centre"].has_production_workshop:
        raise ServiceError({"centre": "این مرکز کارگاه تولیدی ندارد."})
    if kind == "wage":
        if WageEntry.objects.filter(
            participant=participant, year=values["year"], month=values["month"]
        ).exists():
            raise ServiceError({"month": "کارکرد این ماه پیش‌تر ثبت شده است."})
    if kind in BY_WHOM and not values.get(BY_WHOM[kind]):
        values[BY_WHOM[kind]] = actor
    try:
        with transaction.atomic():
            record = model.objects.create(participant=participant, **values)
    except IntegrityError as e:
        raise ServiceError({"__all__": "این رکورد با رکوردهای موجود نمی‌خواند."}) from e
    audit_write(
        actor=actor,
        action=f"protected.{kind}_add",
        obj=record,
        person_id=participant.person_id,
        after=_plain(values),
    )
    return record


@transaction.atomic
def goal_set_status(*, actor, goal: ReintegrationGoal, status: str) -> ReintegrationGoal:
    access_participant_by_id(actor, goal.participant_id)
    access_action(actor, "protected.work")
    if status not in dict(ReintegrationGoal.STATUS_CHOICES):
        raise ServiceError({"status": "وضعیت پذیرفته نیست."})
    before = goal.status
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    audit_write(
        actor=actor,
        action="protected.goal_status",
        obj=goal,
        person_id=goal.participant.person_id,
        before={"status": before},
        after={"status": status},
    )
    return goal


# ------------------------------------------------------------ break the glass


@transaction.atomic
def emergency_grant(
    *, actor, person, reason: str, hours: int = EMERGENCY_HOURS, now: dt.datetime | None = None
) -> EmergencyAccess:
    """Open one woman's protected records to a user without clearance, at once,
    for a few hours, for a written reason that auditors see."""
    access_action(actor, "protected.emergency")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ServiceError({"reason": f"دلیل را دست‌کم در {MIN_REASON_LENGTH} نویسه روشن بنویسید."})
    now = now or timezone.now()
    grant = EmergencyAccess.objects.create(
        user=actor,
        person=person,
        reason=reason,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )
    audit_access(
        actor=actor,
        action="protected.emergency_access",
        reason=reason,
        person_id=person.pk,
        after={"grant": grant.pk, "expires_at": grant.expires_at},
    )
    _emergency_review_ask(actor=actor, grant=grant)
    return grant


def _emergency_review_ask(*, actor, grant: EmergencyAccess) -> None:
    """Break-the-glass stays self-granted (an emergency cannot wait for a second
    person), but those who grant clearances hear of it at once and review it
    after the fact: an inbox line to every other active administrator that names
    the colleague, never the woman (docs/security.md, 16)."""
    from tavana.accounts import roles
    from tavana.accounts.models import User
    from tavana.notifications.services import notification_send

    until = format_jalali(timezone.localtime(grant.expires_at).date())
    text = (
        f"{actor.get_full_name() or actor.username} برای پرونده‌ای از برنامه‌های ویژه دسترسی "
        f"اضطراری تا {until} گرفت. دلیل او در دفتر رویدادها ثبت است؛ پس از رخداد آن را "
        "بازبینی کنید."
    )
    reviewers = User.objects.filter(role=roles.ADMINISTRATOR, is_active=True).exclude(pk=actor.pk)
    for reviewer in reviewers:
        notification_send(
            recipient=reviewer,
            kind="protected.emergency_review",
            text=text,
            link=reverse("audit:log") + "?action=protected.emergency_access",
        )
