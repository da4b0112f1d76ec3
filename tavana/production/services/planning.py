"""Planning an order: the database read as the planner's instance, the exact plan
stored with the reason for each work package, and the coordinator's changes."""

from __future__ import annotations

import datetime as dt
import math

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError

from ..domain import orders as rules
from ..domain.planning import HOME, UNIT, Instance, Item, Producer, most_pieces, solve
from ..models import Assignment, Order, Plan, Shortfall, Unit, Worker
from ..selectors import worker_tiers
from .common import iran_weekday, today
from .orders import _order_move

TIER_WORDS = {1: "اولویت نخست کار مزدی", 2: "اولویت دوم کار مزدی", 3: "اولویت سوم کار مزدی"}


def _days(start: dt.date, horizon: int, weekdays: str) -> tuple[int, ...]:
    return tuple(
        d
        for d in range(1, horizon + 1)
        if str(iran_weekday(start + dt.timedelta(days=d - 1))) in weekdays
    )


def instance_of(order: Order, *, start: dt.date, min_batch: int = 20) -> Instance:
    """The order as the planner's instance: day 1 = ``start``; every active
    workshop and every available woman at home who makes one of its products."""
    items = list(order.items.select_related("product"))
    horizon = max(1, max((i.due_on - start).days + 1 for i in items))
    products = {i.product_id for i in items}
    producers: list[Producer] = []
    for unit in (
        Unit.objects.filter(active=True).prefetch_related("products__product").order_by("pk")
    ):
        minutes = {
            str(up.product_id): up.minutes
            for up in unit.products.all()
            if up.product_id in products
        }
        if minutes:
            producers.append(
                Producer(
                    f"u{unit.pk}",
                    UNIT,
                    unit.day_minutes,
                    minutes,
                    _days(start, horizon, unit.weekdays),
                )
            )
    home = list(
        Worker.objects.filter(unit__isnull=True, available=True)
        .prefetch_related("products")
        .order_by("pk")
    )
    tiers = worker_tiers([w.person_id for w in home])
    for w in home:
        minutes = {
            str(wp.product_id): wp.minutes for wp in w.products.all() if wp.product_id in products
        }
        if minutes and w.day_minutes:
            producers.append(
                Producer(
                    f"w{w.pk}",
                    HOME,
                    w.day_minutes,
                    minutes,
                    _days(start, horizon, w.weekdays),
                    tier=tiers.get(w.person_id, 3),
                )
            )
    return Instance(
        order=str(order.pk),
        horizon=horizon,
        min_batch=min_batch,
        items=tuple(
            Item(str(i.pk), str(i.product_id), i.quantity, max(1, (i.due_on - start).days + 1))
            for i in items
        ),
        producers=tuple(producers),
    )


def _reason(producer: Producer, pieces: int, instance: Instance) -> str:
    n = to_persian_digits(str(pieces))
    if producer.kind == UNIT:
        return f"کارگاه: {n} قطعه در ظرفیت پیش از موعد؛ کار بیشتر در یک کارگاه، دست‌به‌دست کمتر."
    tier = TIER_WORDS.get(producer.tier or 3, "کار مزدی")
    if pieces >= instance.min_batch:
        return f"{tier}: دست‌کم {to_persian_digits(str(instance.min_batch))} قطعه تا کار مزدی معنادار باشد."
    return f"{tier}: ظرفیت باقی‌مانده پیش از موعد."


def _days_late(instance: Instance, item: Item, short: int) -> int:
    """About how many days past its due the shortfall needs, with every producer
    who makes the product working on it alone (an estimate, said as such)."""
    per_day = sum(
        p.day_minutes / p.minutes[item.product] * (len(p.days) / instance.horizon)
        for p in instance.producers
        if item.product in p.minutes and p.days
    )
    return math.ceil(short / per_day) if per_day > 0 else 0


def plan_make(
    *, actor, order: Order, time_limit: float = 60.0, start: dt.date | None = None
) -> Plan:
    """Plan the order exactly (see domain/planning) and keep the plan, replacing
    the current one; the order moves to «برنامه‌ریزی‌شده»."""
    if order.status not in rules.PLANNABLE:
        raise ServiceError(
            f"سفارش در وضعیت «{order.status_label}» است؛ فقط سفارش پذیرفته‌شده برنامه‌ریزی می‌شود.",
            code="not_plannable",
        )
    start = start or today() + dt.timedelta(days=1)
    instance = instance_of(order, start=start)
    result = solve(instance, time_limit=time_limit)
    by_id = {p.id: p for p in instance.producers}
    with transaction.atomic():
        Plan.objects.filter(order=order, current=True).update(current=False)
        plan = Plan.objects.create(
            order=order,
            made_at=timezone.now(),
            made_by=actor,
            starts_on=start,
            optimal=result.optimal,
            seconds=result.seconds,
        )
        Assignment.objects.bulk_create(
            Assignment(
                plan=plan,
                item_id=int(iid),
                unit_id=int(pid[1:]) if pid.startswith("u") else None,
                worker_id=int(pid[1:]) if pid.startswith("w") else None,
                pieces=n,
                reason=_reason(by_id[pid], n, instance),
            )
            for (pid, iid), n in sorted(result.pieces.items())
            if n > 0
        )
        Shortfall.objects.bulk_create(
            Shortfall(
                plan=plan,
                item_id=int(item.id),
                pieces=item.quantity - result.planned(item.id),
                days_late=_days_late(instance, item, item.quantity - result.planned(item.id)),
            )
            for item in instance.items
            if result.planned(item.id) < item.quantity
        )
        if order.status != rules.PLANNED:
            _order_move(
                actor=actor, order=order, target=rules.PLANNED, note="برنامهٔ تولید ساخته شد"
            )
        audit_write(
            actor=actor,
            action="production.plan_make",
            obj=order,
            after={
                "plan": plan.pk,
                "optimal": result.optimal,
                "pieces": sum(result.pieces.values()),
            },
        )
    return plan


def _producer_id(a: Assignment) -> str:
    return f"u{a.unit_id}" if a.unit_id else f"w{a.worker_id}"


def _capacity_left(a: Assignment) -> int:
    """The most pieces this package can hold with the producer's other packages
    in the plan unchanged and every one of them still done by its due day."""
    plan = a.plan
    start = plan.starts_on or timezone.localdate(plan.made_at) + dt.timedelta(days=1)
    instance = instance_of(plan.order, start=start)
    others = {
        (_producer_id(x), str(x.item_id)): x.pieces
        for x in Assignment.objects.filter(plan=plan).exclude(pk=a.pk)
    }
    return most_pieces(instance, others, _producer_id(a), str(a.item_id))


def assignment_adjust(*, actor, assignment: Assignment, pieces: int, reason: str) -> Assignment:
    """The coordinator changes a work package by hand: a reason is required, the
    item's quantity is never exceeded, a package grows only as far as the
    producer's capacity before the due dates allows, and the change is audited."""
    from .common import text

    reason = text(reason)
    errors = {}
    if pieces is None or pieces < 0:
        errors["pieces"] = "تعداد نمی‌تواند منفی باشد."
    if not reason:
        errors["reason"] = "دلیل تغییر را بنویسید."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        a = (
            Assignment.objects.select_for_update()
            .select_related("plan", "item")
            .get(pk=assignment.pk)
        )
        if not a.plan.current:
            raise ServiceError("این برنامه دیگر برنامهٔ جاری نیست.", code="stale")
        others = sum(
            x.pieces for x in Assignment.objects.filter(plan=a.plan, item=a.item).exclude(pk=a.pk)
        )
        if others + pieces > a.item.quantity:
            most = to_persian_digits(str(a.item.quantity - others))
            raise ServiceError({"pieces": f"بیش از تعداد سفارش می‌شود؛ حداکثر {most} قطعه."})
        if pieces > a.pieces:
            room = _capacity_left(a)
            if pieces > room:
                who = "این کارگاه" if a.unit_id else "این تولیدکنندهٔ خانگی"
                raise ServiceError(
                    {
                        "pieces": f"از ظرفیت {who} پیش از موعدها بیشتر می‌شود؛ "
                        f"حداکثر {to_persian_digits(str(room))} قطعه."
                    }
                )
        before = a.pieces
        a.pieces = pieces
        a.adjusted = True
        a.reason = f"تغییر دستی: {reason}"
        a.save(update_fields=["pieces", "adjusted", "reason"])
        short = a.item.quantity - others - pieces
        Shortfall.objects.filter(plan=a.plan, item=a.item).delete()
        if short > 0:
            Shortfall.objects.create(plan=a.plan, item=a.item, pieces=short)
        audit_write(
            actor=actor,
            action="production.assignment_adjust",
            obj=a,
            before={"pieces": before},
            after={"pieces": pieces},
            reason=reason,
        )
    return a
