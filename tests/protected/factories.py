"""Sample protected-programme records for tests (plain functions, no fixtures)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from tavana.protected.models import (
    FamilyContact,
    Participant,
    PrisonReferral,
    Programme,
    ReintegrationGoal,
    WageEntry,
)
from tavana.protected.services import programmes_ensure
from tavana.training.models import Centre


def district19():
    from tavana.core.models import District

    district, _ = District.objects.get_or_create(number=19, defaults={"name": "منطقهٔ ۱۹"})
    return district


def staff(make_user, role: str, username: str | None = None):
    """A user of the role working in district 19 (where the sample women live)."""
    user = make_user(role, username=username)
    user.districts.set([district19()])
    return user


def production_centre() -> Centre:
    district = district19()
    centre, _ = Centre.objects.get_or_create(
        code="K-TEST-PROD",
        defaults={
            "name": "مرکز کوثر آزمایشی",
            "district": district,
            "has_production_workshop": True,
        },
    )
    return centre


def enrol_prison(person, *, letter_number="۱۲۳/۴۵۶", wage=4_500_000, by=None) -> Participant:
    programmes_ensure()
    programme = Programme.objects.get(code=Programme.PRISON)
    p = Participant.objects.create(
        programme=programme, person=person, joined_on=dt.date(2024, 4, 1), created_by=by
    )
    PrisonReferral.objects.create(
        participant=p,
        prison="ندامتگاه آزمایشی",
        letter_number=letter_number,
        letter_date=dt.date(2024, 3, 25),
        detention_type=PrisonReferral.OPEN_VERDICT,
        expected_release=dt.date(2025, 9, 1),
    )
    WageEntry.objects.create(
        participant=p,
        year=1403,
        month=2,
        days_worked=22,
        hours=Decimal("176.0"),
        wage_toman=wage,
        paid_on=dt.date(2024, 5, 25),
    )
    return p


def enrol_recovery(person, *, outcome="خانواده آمادهٔ دیدار است", by=None) -> Participant:
    programmes_ensure()
    programme = Programme.objects.get(code=Programme.RECOVERY)
    p = Participant.objects.create(
        programme=programme, person=person, joined_on=dt.date(2024, 1, 10), created_by=by
    )
    FamilyContact.objects.create(
        participant=p,
        contacted_on=dt.date(2024, 2, 1),
        who="مادر",
        channel=FamilyContact.PHONE,
        outcome=outcome,
    )
    ReintegrationGoal.objects.create(participant=p, title="بازگشت به کار", target_date=None)
    return p


def clear(user, code: str):
    """A live clearance for the programme (its area in accounts.Clearance)."""
    from tests.accounts.factories import clear_for

    programmes_ensure()
    return clear_for(user, code)


def protected_route_kwargs(person) -> dict:
    """Sample kwargs for every protected route (the route-matrix test and the
    canary walk use them); the records belong to `person`."""
    from tavana.accounts import roles
    from tavana.accounts.models import User
    from tavana.protected.models import EmergencyAccess

    prison = Participant.objects.filter(person=person, programme__code=Programme.PRISON).first()
    prison = prison or enrol_prison(person)
    recovery = Participant.objects.filter(person=person, programme__code=Programme.RECOVERY).first()
    recovery = recovery or enrol_recovery(person)
    goal = recovery.goals.first()
    holder, _ = User.objects.get_or_create(
        username="matrix-glass-holder", defaults={"role": roles.SOCIAL_WORKER}
    )
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        user=holder,
        person=person,
        reason="دسترسی نمونه برای آزمون مسیرها",
        granted_at=now,
        expires_at=now + dt.timedelta(hours=4),
    )
    participant = {"participant_id": prison.pk}
    from .release_factories import release_route_kwargs

    return {
        **release_route_kwargs(person),
        "protected:programme": {"code": Programme.PRISON},
        "protected:enrol": {"code": Programme.PRISON},
        "protected:participant": participant,
        "protected:status": participant,
        "protected:statement": participant,
        "protected:record_add": {"participant_id": prison.pk, "kind": "wage"},
        "protected:goal_status": {"goal_id": goal.pk},
        "protected:emergency_grant": {"grant_id": grant.pk},
    }


def world(make_user) -> SimpleNamespace:
    """A woman in both programmes, staff cleared for each, and a bystander."""
    from tavana.accounts import roles
    from tavana.people.models import Person

    person = Person.objects.create(
        first_name="نرگس",
        last_name="محمودی",
        national_code="0013542419",
        name_key="نرگس محمودی",
        first_key="نرگس",
        last_key="محمودی",
        district=district19(),
    )
    prison_worker = staff(make_user, roles.SOCIAL_WORKER, username="prison_worker_t")
    recovery_worker = staff(make_user, roles.SOCIAL_WORKER, username="recovery_worker_t")
    clear(prison_worker, Programme.PRISON)
    clear(recovery_worker, Programme.RECOVERY)
    return SimpleNamespace(
        person=person,
        prison=enrol_prison(person),
        recovery=enrol_recovery(person),
        prison_worker=prison_worker,
        recovery_worker=recovery_worker,
    )
