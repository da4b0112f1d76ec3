"""Production pays women of the employment programme as ordinary workers; when a
month's payroll is approved, their hours and wages are carried here, to the
programme's own ledger (WageEntry), which only cleared staff can read.
Production never knows who they are: this module reads production's approved
lines through its registry (`tavana.production.registry.payroll_approved`)."""

from __future__ import annotations

from decimal import Decimal

from tavana.audit.services import audit_write

from .models import Participant, Programme, WageEntry

ACTION = "protected.wage_from_production"
LABEL = "انتقال کارکرد و دستمزد تولید به دفتر برنامهٔ ویژه"


def carry_wages(payroll, lines) -> None:
    """One WageEntry per participant for the approved month: the payroll's pieces
    become hours and net wage; a month already in the ledger is added to."""
    by_person = {line.worker.person_id: line for line in lines}
    participants = Participant.objects.filter(
        programme__code=Programme.PRISON,
        status=Participant.ACTIVE,
        person_id__in=list(by_person),
    )
    for participant in participants:
        line = by_person[participant.person_id]
        entry, created = WageEntry.objects.get_or_create(
            participant=participant,
            year=payroll.year,
            month=payroll.month,
            defaults={
                "days_worked": 0,
                "hours": Decimal(line.hours),
                "wage_toman": line.net,
                "recorded_by": payroll.approved_by,
            },
        )
        if not created:
            entry.hours += Decimal(line.hours)
            entry.wage_toman += line.net
            entry.save(update_fields=["hours", "wage_toman", "updated_at"])
        audit_write(
            actor=payroll.approved_by,
            action=ACTION,
            obj=entry,
            person_id=participant.person_id,
            after={"year": payroll.year, "month": payroll.month, "wage_toman": line.net},
        )


def connect() -> None:
    from tavana.audit.labels import register_actions
    from tavana.production.registry import payroll_approved

    register_actions({ACTION: LABEL})
    payroll_approved(carry_wages)
