"""Work logs, quality checks, materials issued and returned, deliveries."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError

from ..domain import orders as rules
from ..models import (
    Delivery,
    DeliveryLine,
    MaterialMovement,
    Order,
    OrderItem,
    QualityCheck,
    WorkLog,
)
from .common import text, today
from .orders import _order_move


def _working(order: Order) -> None:
    if order.status not in rules.WORKING:
        raise ServiceError(
            f"سفارش در وضعیت «{order.status_label}» است؛ کار فقط برای سفارش در حال تولید ثبت می‌شود.",
            code="not_working",
        )


def worklog_add(*, actor, item: OrderItem, week_of, rows: list[tuple]) -> list[WorkLog]:
    """A week's work on an item: (worker, pieces, hours) per woman. Rows with no
    pieces and no hours are skipped. The order moves to «در حال تولید»."""
    order = item.order
    _working(order)
    if week_of is None:
        raise ServiceError({"week_of": "تاریخ پایان هفته را بنویسید."})
    if week_of > today():
        raise ServiceError({"week_of": "کار هفته‌ای را که هنوز نیامده نمی‌توان ثبت کرد."})
    rows = [(w, p or 0, h or 0) for w, p, h in rows if (p or 0) > 0 or (h or 0) > 0]
    if not rows:
        raise ServiceError({"__all__": "برای دست‌کم یک نفر تعداد قطعه بنویسید."})
    made = (WorkLog.objects.filter(item=item).aggregate(n=Sum("pieces"))["n"] or 0) + sum(
        p for _, p, _ in rows
    )
    if made > item.quantity * 2:
        raise ServiceError(
            {
                "__all__": f"جمع قطعه‌ها ({to_persian_digits(str(made))}) بسیار بیش از سفارش است؛ اعداد را بازبینی کنید."
            }
        )
    with transaction.atomic():
        logs = WorkLog.objects.bulk_create(
            WorkLog(worker=w, item=item, week_of=week_of, pieces=p, hours=h, recorded_by=actor)
            for w, p, h in rows
        )
        if order.status == rules.PLANNED:
            _order_move(
                actor=actor, order=order, target=rules.IN_PRODUCTION, note="ثبت نخستین کارکرد"
            )
        audit_write(
            actor=actor,
            action="production.worklog_add",
            obj=item,
            after={
                "week_of": str(week_of),
                "workers": len(rows),
                "pieces": sum(p for _, p, _ in rows),
            },
        )
    return logs


def quality_check_add(
    *,
    actor,
    item: OrderItem,
    worker,
    checked_on,
    passed: int,
    rework: int,
    rejected: int,
    reason: str,
) -> QualityCheck:
    reason = text(reason)
    errors: dict[str, str] = {}
    if checked_on is None:
        errors["checked_on"] = "تاریخ کنترل را بنویسید."
    if (passed or 0) + (rework or 0) + (rejected or 0) <= 0:
        errors["passed"] = "دست‌کم یکی از قبول، دوباره‌کاری یا مردود را بنویسید."
    if ((rejected or 0) > 0 or (rework or 0) > 0) and not reason:
        errors["reason"] = "دلیل مردودی یا دوباره‌کاری را بنویسید."
    if errors:
        raise ServiceError(errors)
    _working(item.order)
    with transaction.atomic():
        check = QualityCheck.objects.create(
            item=item,
            worker=worker,
            checked_on=checked_on,
            passed=passed or 0,
            rework=rework or 0,
            rejected=rejected or 0,
            reason=reason,
            checked_by=actor,
        )
        audit_write(
            actor=actor,
            action="production.quality_check",
            obj=check,
            after={"passed": check.passed, "rework": check.rework, "rejected": check.rejected},
        )
    return check


def material_move(
    *, actor, order: Order, unit, material: str, quantity, measure: str, direction: str, on
) -> MaterialMovement:
    if not text(material) or not quantity or quantity <= 0 or not text(measure):
        raise ServiceError({"material": "ماده، مقدار (بیشتر از صفر) و واحد را بنویسید."})
    if direction not in dict(MaterialMovement.DIRECTION_CHOICES):
        raise ServiceError({"direction": "تحویل یا برگشت را انتخاب کنید."})
    with transaction.atomic():
        move = MaterialMovement.objects.create(
            order=order,
            unit=unit,
            material=text(material),
            quantity=quantity,
            measure=text(measure),
            direction=direction,
            on=on or today(),
            by=actor,
        )
        audit_write(
            actor=actor,
            action="production.material_move",
            obj=move,
            after={"material": move.material},
        )
    return move


def delivery_record(*, actor, order: Order, data: dict, lines: dict[OrderItem, int]) -> Delivery:
    """A delivery with the client's signed receipt; the order is «تحویل‌شده»
    when every piece has been delivered."""
    errors: dict[str, str] = {}
    for key, message in (
        ("delivered_on", "تاریخ تحویل را بنویسید."),
        ("receipt_number", "شمارهٔ رسید را بنویسید."),
        ("signed_by", "نام تحویل‌گیرندهٔ امضاکننده را بنویسید."),
    ):
        if not data.get(key):
            errors[key] = message
    lines = {i: n for i, n in lines.items() if n}
    if not lines:
        errors["__all__"] = "تعداد تحویلی دست‌کم یک قلم را بنویسید."
    if errors:
        raise ServiceError(errors)
    delivered = dict(
        DeliveryLine.objects.filter(delivery__order=order)
        .values_list("item")
        .annotate(n=Sum("pieces"))
    )
    for item, n in lines.items():
        if delivered.get(item.pk, 0) + n > item.quantity:
            raise ServiceError({"__all__": f"تحویل «{item}» از تعداد سفارش بیشتر می‌شود."})
    complete = all(
        delivered.get(i.pk, 0) + lines.get(i, 0) >= i.quantity for i in order.items.all()
    )
    if not complete and not order.partial_deliveries:
        raise ServiceError(
            {"__all__": "این سفارش تحویل مرحله‌ای ندارد؛ همهٔ اقلام را یک‌جا تحویل دهید."}
        )
    with transaction.atomic():
        delivery = Delivery.objects.create(
            order=order,
            delivered_on=data["delivered_on"],
            receipt_number=text(data["receipt_number"]),
            signed_by=text(data["signed_by"]),
            by=actor,
        )
        if data.get("receipt"):
            delivery.receipt.save(data["receipt"].name, data["receipt"], save=True)
        DeliveryLine.objects.bulk_create(
            DeliveryLine(delivery=delivery, item=i, pieces=n) for i, n in lines.items()
        )
        if complete and order.status == rules.QUALITY_CHECK:
            _order_move(
                actor=actor,
                order=order,
                target=rules.DELIVERED,
                note=f"رسید {delivery.receipt_number}",
            )
        audit_write(
            actor=actor,
            action="production.delivery_record",
            obj=delivery,
            after={"pieces": sum(lines.values())},
        )
    return delivery
