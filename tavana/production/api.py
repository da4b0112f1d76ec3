"""REST endpoints of production: orders with their progress, and a week's work
recorded from a workshop's own sheet or script.

The same gate as the pages (`production.manage`) and the same services: a
refused write answers 422 with a Persian message per field and changes
nothing. Work is per woman by her worker number; nothing here says why any
woman is served (a woman of a protected programme is an ordinary worker)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from tavana.accounts.api_auth import gate
from tavana.core.domain.jalali import InvalidDate, parse_jalali, to_jalali_iso
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError

from . import selectors, services
from .domain import orders as rules
from .models import DeliveryLine, OrderItem, QualityCheck, WorkLog

router = Router(tags=["production"])
MANAGE = "production.manage"
MAX_LIMIT = 200


class OrderRow(Schema):
    id: int
    title: str
    client: str
    status: str
    status_label: str
    received_on: dt.date
    received_on_jalali: str
    due_on: dt.date
    due_on_jalali: str
    pieces: int


class OrderPage(Schema):
    count: int
    results: list[OrderRow]


class ItemOut(Schema):
    id: int
    product: str
    size: str
    colour: str
    quantity: int
    unit_price: int
    due_on: dt.date
    due_on_jalali: str
    made: int
    passed: int
    rejected: int
    delivered: int


class StatusChangeOut(Schema):
    source: str
    target: str
    at: dt.datetime
    note: str


class OrderOut(OrderRow):
    contract_number: str
    partial_deliveries: bool
    items: list[ItemOut]
    history: list[StatusChangeOut]


class WorkRowIn(Schema):
    worker: int
    pieces: int = 0
    hours: int = 0


class WeekIn(Schema):
    week_of: str
    rows: list[WorkRowIn]


class WorkOut(Schema):
    week_of: dt.date
    week_of_jalali: str
    worker: int
    name: str
    pieces: int
    hours: int


class WeekOut(Schema):
    item: int
    week_of: dt.date
    recorded: int
    pieces: int


def _row(o) -> dict:
    return {
        "id": o.pk,
        "title": o.title,
        "client": o.client.name,
        "status": o.status,
        "status_label": o.status_label,
        "received_on": o.received_on,
        "received_on_jalali": to_jalali_iso(o.received_on),
        "due_on": o.due_on,
        "due_on_jalali": to_jalali_iso(o.due_on),
        "pieces": getattr(o, "pieces", None) or sum(i.quantity for i in o.items.all()),
    }


def _sums(model, field: str, items: list[int], key: str = "item_id") -> dict[int, int]:
    rows = model.objects.filter(**{f"{key}__in": items}).values(key).annotate(n=Sum(field))
    return {r[key]: r["n"] or 0 for r in rows}


@router.get("/orders/", response=OrderPage, url_name="production_orders")
def orders(
    request,
    status: str = Query("", description="وضعیت (کد)"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    user = gate(request, MANAGE)
    if status and status not in dict(rules.STATUSES):
        raise ServiceError({"status": "این وضعیت شناخته نیست."}, code="invalid")
    qs = selectors.order_list(actor=user, status=status).order_by("due_on", "id")
    return {"count": qs.count(), "results": [_row(o) for o in qs[offset : offset + limit]]}


@router.get("/orders/{order_id}/", response=OrderOut, url_name="production_order")
def order(request, order_id: int):
    user = gate(request, MANAGE)
    o = selectors.order_get(actor=user, order_id=order_id)
    items = list(o.items.select_related("product"))
    ids = [i.pk for i in items]
    made = _sums(WorkLog, "pieces", ids)
    passed = _sums(QualityCheck, "passed", ids)
    rejected = _sums(QualityCheck, "rejected", ids)
    delivered = _sums(DeliveryLine, "pieces", ids)
    return {
        **_row(o),
        "contract_number": o.contract_number,
        "partial_deliveries": o.partial_deliveries,
        "items": [
            {
                "id": i.pk,
                "product": i.product.name,
                "size": i.size,
                "colour": i.colour,
                "quantity": i.quantity,
                "unit_price": i.unit_price,
                "due_on": i.due_on,
                "due_on_jalali": to_jalali_iso(i.due_on),
                "made": made.get(i.pk, 0),
                "passed": passed.get(i.pk, 0),
                "rejected": rejected.get(i.pk, 0),
                "delivered": delivered.get(i.pk, 0),
            }
            for i in items
        ],
        "history": [
            {"source": c.source, "target": c.target, "at": c.at, "note": c.note}
            for c in o.status_changes.all()
        ],
    }


def _week(text: str) -> dt.date:
    plain = to_ascii_digits(text or "").strip()
    try:
        return dt.date.fromisoformat(plain) if plain[:2] in ("19", "20") else parse_jalali(plain)
    except (InvalidDate, ValueError):
        raise ServiceError(
            {"week_of": "تاریخ پایان هفته را شمسی (۱۴۰۵/۰۲/۱۵) یا میلادی ISO بنویسید."},
            code="invalid",
        ) from None


@router.get(
    "/items/{item_id}/work/",
    response=list[WorkOut],
    url_name="production_item_work",
)
def work_of_item(request, item_id: int):
    """The weeks of work recorded on one item, per woman."""
    user = gate(request, MANAGE)
    item = get_object_or_404(OrderItem, pk=item_id)
    return [
        {
            "week_of": w.week_of,
            "week_of_jalali": to_jalali_iso(w.week_of),
            "worker": w.worker_id,
            "name": f"{w.worker.person.first_name} {w.worker.person.last_name}",
            "pieces": w.pieces,
            "hours": w.hours,
        }
        for w in selectors.item_work(actor=user, item=item)
    ]


@router.post(
    "/items/{item_id}/work/",
    response={201: WeekOut},
    url_name="production_item_work",
)
def week_of_work(request, item_id: int, payload: WeekIn):
    """A week's work on one item: pieces (and hours) per woman working on it."""
    user = gate(request, MANAGE)
    item = get_object_or_404(OrderItem.objects.select_related("order", "product"), pk=item_id)
    week_of = _week(payload.week_of)
    workers = {w.pk: w for w in selectors.item_workers(actor=user, item=item)}
    errors: dict[str, str] = {}
    rows = []
    for k, r in enumerate(payload.rows, start=1):
        w = workers.get(r.worker)
        if w is None:
            errors[f"rows.{k}.worker"] = "این کارکن در برنامهٔ جاری این قلم نیست."
        elif r.pieces < 0 or r.hours < 0:
            errors[f"rows.{k}.pieces"] = "تعداد و ساعت نمی‌تواند منفی باشد."
        else:
            rows.append((w, r.pieces, r.hours))
    if errors:
        raise ServiceError(errors, code="invalid")
    logs = services.worklog_add(actor=user, item=item, week_of=week_of, rows=rows)
    return Status(
        201,
        {
            "item": item.pk,
            "week_of": week_of,
            "recorded": len(logs),
            "pieces": sum(x.pieces for x in logs),
        },
    )
