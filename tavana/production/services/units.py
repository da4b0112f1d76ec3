"""Workshops and workers (women in a workshop or at home), with what they make."""

from __future__ import annotations

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.domain.identifiers import InvalidIdentifier, parse_sheba
from tavana.core.errors import ServiceError

from ..models import Product, Unit, UnitProduct, Worker, WorkerProduct
from .common import text


def _weekdays(value) -> str:
    days = "".join(sorted({str(int(d)) for d in (value or []) if 0 <= int(d) <= 6}))
    if not days:
        raise ServiceError({"weekdays": "دست‌کم یک روز کار را انتخاب کنید."})
    return days


def _minutes(products: dict[Product, int]) -> dict[Product, int]:
    if not products:
        raise ServiceError({"products": "دست‌کم یک کالا و دقیقهٔ هر قطعه را بنویسید."})
    for product, minutes in products.items():
        if not minutes or minutes <= 0:
            raise ServiceError({"products": f"دقیقهٔ هر قطعهٔ «{product}» باید بیشتر از صفر باشد."})
    return products


def unit_save(*, actor, data: dict, products: dict[Product, int], unit: Unit | None = None) -> Unit:
    if not text(data.get("name")):
        raise ServiceError({"name": "نام کارگاه را بنویسید."})
    if data.get("centre") is None:
        raise ServiceError({"centre": "مرکز کوثر کارگاه را انتخاب کنید."})
    if not data.get("day_minutes") or data["day_minutes"] <= 0:
        raise ServiceError({"day_minutes": "دقیقهٔ کار روزانه باید بیشتر از صفر باشد."})
    weekdays = _weekdays(data.get("weekdays"))
    products = _minutes(products)
    with transaction.atomic():
        unit = unit or Unit()
        unit.centre = data["centre"]
        unit.name = text(data["name"])
        unit.machines = data.get("machines") or 0
        unit.day_minutes = data["day_minutes"]
        unit.weekdays = weekdays
        if "active" in data:
            unit.active = bool(data["active"])
        unit.save()
        UnitProduct.objects.filter(unit=unit).delete()
        UnitProduct.objects.bulk_create(
            UnitProduct(unit=unit, product=p, minutes=m) for p, m in products.items()
        )
        audit_write(
            actor=actor,
            action="production.unit_save",
            obj=unit,
            after={"name": unit.name, "active": unit.active},
        )
    return unit


def worker_save(
    *,
    actor,
    person,
    unit: Unit | None,
    day_minutes: int = 0,
    weekdays=("0", "1", "2", "3", "4", "5"),
    products: dict[Product, int] | None = None,
    sheba: str = "",
    available: bool = True,
) -> Worker:
    """Add a woman as a worker of a workshop, or at home (with her minutes a day
    and what she makes), or change it. The Sheba number is checked."""
    errors: dict[str, str] = {}
    clean_sheba = ""
    if text(sheba):
        try:
            clean_sheba = parse_sheba(sheba)
        except InvalidIdentifier as exc:
            errors["sheba"] = exc.message
    if unit is None:
        if not day_minutes or day_minutes <= 0:
            errors["day_minutes"] = "برای کار در خانه، دقیقهٔ کار در روز را بنویسید."
        if not products:
            errors["products"] = "برای کار در خانه، کالا و دقیقهٔ هر قطعه را بنویسید."
    if errors:
        raise ServiceError(errors)
    days = _weekdays(weekdays)
    with transaction.atomic():
        worker = Worker.objects.filter(person=person).first() or Worker(person=person)
        worker.unit = unit
        worker.day_minutes = day_minutes if unit is None else 0
        worker.weekdays = days
        worker.sheba = clean_sheba
        worker.available = available
        worker.save()
        WorkerProduct.objects.filter(worker=worker).delete()
        if unit is None:
            WorkerProduct.objects.bulk_create(
                WorkerProduct(worker=worker, product=p, minutes=m)
                for p, m in _minutes(products or {}).items()
            )
        audit_write(
            actor=actor,
            action="production.worker_save",
            obj=worker,
            person_id=person.pk,
            after={"unit": getattr(unit, "pk", None), "sheba": bool(clean_sheba)},
        )
    return worker
