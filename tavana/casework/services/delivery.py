"""Services delivered and enrolment in programmes (stages with a history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..domain import stages
from ..models import (
    Delivery,
    Enrolment,
    EnrolmentStageChange,
    ServiceType,
)
from .common import _not_future


def service_type_ensure(
    *, code: str, name: str, programme_code: str, programme_name: str, unit: str
) -> ServiceType:
    """A service type another context delivers through casework (children's
    education support…), made with its programme the first time it is needed; an
    administrator may rename or retire it later like any other (found by code)."""
    from ..models import Programme

    with transaction.atomic():
        programme, _ = Programme.objects.get_or_create(
            code=programme_code, defaults={"name": programme_name}
        )
        service, _ = ServiceType.objects.get_or_create(
            code=code, defaults={"name": name, "programme": programme, "default_unit": unit}
        )
    return service


def delivery_record(
    *,
    actor,
    person,
    service: ServiceType | None,
    delivered_on: dt.date | None,
    quantity: Decimal | None,
    unit: str = "",
    centre=None,
    note: str = "",
) -> Delivery:
    errors: dict[str, str] = {}
    if service is None:
        errors["service"] = "خدمت را انتخاب کنید."
    if delivered_on is None:
        errors["delivered_on"] = "تاریخ ارائه را وارد کنید."
    _not_future(errors, "delivered_on", delivered_on, "تاریخ ارائه")
    if quantity is None or quantity <= 0:
        errors["quantity"] = "مقدار باید بیشتر از صفر باشد."
    elif quantity > 1000:
        errors["quantity"] = "مقدار بیش از اندازه است."
    if unit and unit not in dict(ServiceType.UNIT_CHOICES):
        errors["unit"] = "واحد نامعتبر است."
    if (
        errors or service is None or delivered_on is None or quantity is None
    ):  # (what is missing is in errors)
        raise ServiceError(errors)
    with transaction.atomic():
        d = Delivery.objects.create(
            person=person,
            service=service,
            delivered_on=delivered_on,
            delivered_by=actor,
            centre=centre,
            quantity=quantity,
            unit=unit or service.default_unit,
            note=(note or "").strip(),
        )
        audit_write(
            actor=actor,
            action="casework.delivery",
            obj=d,
            person_id=person.pk,
            after={
                "service": service.code,
                "date": delivered_on,
                "quantity": quantity,
                "unit": d.unit,
                "centre": centre.pk if centre else None,
            },
        )
    return d


def enrolment_set_stage(
    *, actor, person, programme, stage: str, on: dt.date | None, reason: str = ""
) -> Enrolment:
    """Enrol her in a programme or move her enrolment to another stage (with history)."""
    errors: dict[str, str] = {}
    if programme is None:
        errors["programme"] = "برنامه را انتخاب کنید."
    if on is None:
        errors["date"] = "تاریخ را وارد کنید."
    _not_future(errors, "date", on)
    if errors or programme is None or on is None:  # (what is missing is in errors)
        raise ServiceError(errors)
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().filter(person=person, programme=programme).first()
        )
        current = enrolment.stage if enrolment else None
        errors = stages.check_stage_move(current, stage, reason)
        if not errors and enrolment and on < enrolment.stage_since:
            errors = {"date": "تاریخ نمی‌تواند پیش از تاریخ مرحلهٔ کنونی باشد."}
        if errors:
            raise ServiceError(errors)
        if enrolment is None:
            enrolment = Enrolment.objects.create(
                person=person, programme=programme, stage=stage, stage_since=on
            )
        else:
            enrolment.stage, enrolment.stage_since = stage, on
            enrolment.save()
        EnrolmentStageChange.objects.create(
            enrolment=enrolment,
            from_stage=current or "",
            to_stage=stage,
            date=on,
            reason=(reason or "").strip(),
            changed_by=actor,
        )
        audit_write(
            actor=actor,
            action="casework.enrolment_stage",
            obj=enrolment,
            person_id=person.pk,
            before={"stage": current},
            after={"stage": stage, "programme": programme.code, "date": on},
            reason=(reason or "").strip(),
        )
    return enrolment
