"""Reads of the production context, for staff who may manage production."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404

from .domain import orders as order_rules
from .models import (
    Assignment,
    Client,
    Order,
    OrderItem,
    Payroll,
    PayrollLine,
    PieceRate,
    Plan,
    Product,
    Unit,
    Worker,
    WorkLog,
)

LOWER_LEVELS = 2  # support levels of order 1 and 2 (counselling, skills) are "lower"


def worker_tiers(person_ids: list[int]) -> dict[int, int]:
    """A home producer's priority for paid work: 1 when she heads her household
    and is on a lower support level, 2 when one of the two holds, else 3."""
    from tavana.casework.models import SupportStatus
    from tavana.people.models import Membership

    heads = set(
        Membership.objects.filter(
            person_id__in=person_ids, relation=Membership.HEAD, end_date__isnull=True
        ).values_list("person_id", flat=True)
    )
    lower = set(
        SupportStatus.objects.filter(
            person_id__in=person_ids, level__order__lte=LOWER_LEVELS
        ).values_list("person_id", flat=True)
    )
    return {pid: 3 - (pid in heads) - (pid in lower) for pid in person_ids}


def order_list(*, actor, status: str = "") -> QuerySet[Order]:
    qs = Order.objects.select_related("client").annotate(pieces=Sum("items__quantity"))
    return qs.filter(status=status) if status else qs


def order_get(*, actor, order_id: int) -> Order:
    return get_object_or_404(Order.objects.select_related("client", "coordinator"), pk=order_id)


def item_workers(*, actor, item: OrderItem) -> list[Worker]:
    """Who works on an item: the women of the workshops and the women at home
    of its current plan."""
    plan = item.order.plans.filter(current=True).first()
    if plan is None:
        return []
    rows = plan.assignments.filter(item=item)
    units = [a.unit_id for a in rows if a.unit_id]
    ids = [a.worker_id for a in rows if a.worker_id]
    qs = Worker.objects.filter(unit_id__in=units) | Worker.objects.filter(pk__in=ids)
    return list(qs.select_related("person", "unit").order_by("unit_id", "person__last_name", "id"))


def item_work(*, actor, item: OrderItem) -> QuerySet[WorkLog]:
    return (
        WorkLog.objects.filter(item=item)
        .select_related("worker__person")
        .order_by("week_of", "worker_id", "id")
    )


def plan_current(*, actor, order: Order) -> Plan | None:
    return order.plans.filter(current=True).first()


def plan_rows(*, actor, plan: Plan) -> list[Assignment]:
    return list(
        plan.assignments.select_related("item__product", "unit", "worker__person").order_by(
            "item__due_on", "item_id", "unit_id", "worker_id"
        )
    )


def client_list(*, actor) -> QuerySet[Client]:
    return Client.objects.annotate(n_orders=Count("orders"))


def unit_list(*, actor) -> QuerySet[Unit]:
    return Unit.objects.select_related("centre").prefetch_related("products__product")


def worker_list(*, actor, home: bool | None = None) -> QuerySet[Worker]:
    qs = Worker.objects.select_related("person__district", "unit")  # the list shows her district
    if home is not None:
        qs = qs.filter(unit__isnull=home)
    return qs.order_by("person__last_name", "person__first_name", "id")


def unit_get(*, actor, unit_id: int) -> Unit:
    return get_object_or_404(unit_list(actor=actor), pk=unit_id)


def home_worker_get(*, actor, worker_id: int) -> Worker:
    return get_object_or_404(
        worker_list(actor=actor, home=True).prefetch_related("products__product"), pk=worker_id
    )


def rate_list(*, actor) -> QuerySet[PieceRate]:
    return PieceRate.objects.select_related("product").order_by(
        "product__name", "size", "-valid_from"
    )


def product_list(*, actor) -> QuerySet[Product]:
    return Product.objects.all()


def payroll_list(*, actor) -> QuerySet[Payroll]:
    return Payroll.objects.select_related("closed_by", "approved_by").annotate(
        n_lines=Count("lines"), total=Sum("lines__net")
    )


def payroll_get(*, actor, payroll_id: int) -> Payroll:
    return get_object_or_404(
        Payroll.objects.select_related("closed_by", "approved_by"), pk=payroll_id
    )


def payroll_lines(*, actor, payroll: Payroll) -> list[PayrollLine]:
    return list(
        payroll.lines.select_related("worker__person", "worker__unit").order_by("worker_id")
    )


def statement_get(*, actor, payroll_id: int, worker_id: int) -> PayrollLine:
    return get_object_or_404(
        PayrollLine.objects.select_related("payroll", "worker__person", "worker__unit__centre"),
        payroll_id=payroll_id,
        worker_id=worker_id,
    )


def person_by_national_code(*, actor, code: str):
    """A woman of the registry, within the actor's scope, by her national code."""
    from tavana.core.domain.identifiers import InvalidIdentifier, parse_national_code
    from tavana.core.errors import ServiceError
    from tavana.people.selectors import person_scope

    try:
        clean = parse_national_code(code)
    except InvalidIdentifier as exc:
        raise ServiceError({"national_code": exc.message}) from None
    person = person_scope(actor=actor).filter(national_code=clean).first()
    if person is None:
        raise ServiceError({"national_code": "زنی با این کد ملی در محدودهٔ شما ثبت نشده است."})
    return person


# ------------------------------------------------------------ her own work


def own_work(*, person_id: int, weeks: int = 12) -> dict:
    """A woman's own work, for her pages (tavana.portal): where she works, the
    packages of the current plans of orders being made that are hers (at home)
    or her workshop's, and the pieces logged for her lately. Only what, how
    many and by when — never the plan's reasons (they say why a woman is
    preferred), the client, or anyone else's name."""
    worker = Worker.objects.select_related("unit").filter(person_id=person_id).first()
    if worker is None:
        return {"worker": None, "packages": [], "logs": []}
    mine: dict[str, Any] = {"unit": worker.unit} if worker.unit_id else {"worker": worker}
    packages = [
        {
            "product": a.item.product.name,
            "size": a.item.size,
            "colour": a.item.colour,
            "pieces": a.pieces,
            "due_on": a.item.due_on,
        }
        for a in Assignment.objects.filter(
            plan__current=True, plan__order__status__in=order_rules.WORKING, **mine
        )
        .select_related("item__product")
        .order_by("item__due_on", "id")[:100]
    ]
    logs = [
        {"week_of": w.week_of, "product": w.item.product.name, "size": w.item.size,
         "pieces": w.pieces, "hours": w.hours}
        for w in WorkLog.objects.filter(worker=worker)
        .select_related("item__product")
        .order_by("-week_of", "-id")[: weeks * 5]
    ]  # fmt: skip
    return {"worker": worker, "packages": packages, "logs": logs}
