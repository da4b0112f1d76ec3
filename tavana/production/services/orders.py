"""Clients and orders: recording, items with their size breakdown, and the
status moves (one history row per change, a reason where the table needs one)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError

from ..domain import orders as rules
from ..models import Client, ClientContact, Order, OrderItem, OrderStatusChange, Product
from .common import text

CONTRACT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".doc")


def client_save(
    *, actor, data: dict, client: Client | None = None, contact: dict | None = None
) -> Client:
    name = text(data.get("name"))
    if not name:
        raise ServiceError({"name": "نام سفارش‌دهنده را بنویسید."})
    clash = Client.objects.filter(name=name)
    if client is not None:
        clash = clash.exclude(pk=client.pk)
    if clash.exists():
        raise ServiceError({"name": "سفارش‌دهنده‌ای با همین نام ثبت شده است."}, code="duplicate")
    with transaction.atomic():
        client = client or Client()
        client.name = name
        client.kind = data.get("kind") or Client.MUNICIPAL
        client.phone = text(data.get("phone"))
        client.address = text(data.get("address"))
        client.save()
        if contact and text(contact.get("name")):
            ClientContact.objects.create(
                client=client,
                name=text(contact["name"]),
                position=text(contact.get("position")),
                phone=text(contact.get("phone")),
            )
        audit_write(actor=actor, action="production.client_save", obj=client, after={"name": name})
    return client


def _item_errors(items: list[dict], received_on, due_on) -> dict[str, str]:
    if not items:
        return {"items": "دست‌کم یک قلم (کالا، سایز و تعداد) بنویسید."}
    for n, item in enumerate(items, start=1):
        k = to_persian_digits(str(n))
        if not isinstance(item.get("product"), Product):
            return {"items": f"کالای ردیف {k} را انتخاب کنید."}
        if not text(item.get("size")):
            return {"items": f"سایز ردیف {k} را بنویسید."}
        if not item.get("quantity") or item["quantity"] <= 0:
            return {"items": f"تعداد ردیف {k} باید بیشتر از صفر باشد."}
        due = item.get("due_on") or due_on
        if due and received_on and due < received_on:
            return {"items": f"موعد ردیف {k} پیش از تاریخ دریافت سفارش است."}
    return {}


def order_create(*, actor, data: dict, items: list[dict]) -> Order:
    """Record an order with its items (product, size, colour, quantity, unit
    price, due date: the order's own unless the item has one)."""
    errors: dict[str, str] = {}
    if data.get("client") is None:
        errors["client"] = "سفارش‌دهنده را انتخاب کنید."
    if not text(data.get("title")):
        errors["title"] = "عنوان سفارش را بنویسید."
    if not data.get("received_on"):
        errors["received_on"] = "تاریخ دریافت را بنویسید."
    if not data.get("due_on"):
        errors["due_on"] = "موعد تحویل را بنویسید."
    elif data.get("received_on") and data["due_on"] < data["received_on"]:
        errors["due_on"] = "موعد تحویل پیش از تاریخ دریافت است."
    if data.get("materials") not in dict(Order.MATERIALS_CHOICES):
        errors["materials"] = "بگویید مواد اولیه از کجا می‌آید."
    document = data.get("contract_document")
    if document and not document.name.lower().endswith(CONTRACT_TYPES):
        errors["contract_document"] = "سند قرارداد باید PDF، تصویر یا Word باشد."
    errors.update(_item_errors(items, data.get("received_on"), data.get("due_on")))
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        order = Order.objects.create(
            client=data["client"],
            title=text(data["title"]),
            contract_number=text(data.get("contract_number")),
            received_on=data["received_on"],
            due_on=data["due_on"],
            materials=data["materials"],
            quality_standard=text(data.get("quality_standard")),
            partial_deliveries=bool(data.get("partial_deliveries")),
            coordinator=actor,
            centre=data.get("centre"),
        )
        if document:
            order.contract_document.save(document.name, document, save=True)
        OrderItem.objects.bulk_create(
            OrderItem(
                order=order,
                product=i["product"],
                size=text(i["size"]),
                colour=text(i.get("colour")),
                quantity=i["quantity"],
                unit_price=i.get("unit_price") or 0,
                due_on=i.get("due_on") or order.due_on,
            )
            for i in items
        )
        OrderStatusChange.objects.create(
            order=order, source="", target=rules.RECEIVED, at=timezone.now(), by=actor
        )
        audit_write(
            actor=actor,
            action="production.order_create",
            obj=order,
            after={"title": order.title, "items": len(items)},
        )
    return order


def _order_move(*, actor, order: Order, target: str, note: str = "") -> None:
    source = order.status
    order.status = target
    order.save(update_fields=["status", "updated_at"])
    OrderStatusChange.objects.create(
        order=order, source=source, target=target, at=timezone.now(), by=actor, note=note
    )
    audit_write(
        actor=actor,
        action="production.order_status",
        obj=order,
        before={"status": source},
        after={"status": target},
        reason=note,
    )


def order_move(*, actor, order: Order, target: str, note: str = "") -> Order:
    note = text(note)
    if not rules.can_move(order.status, target):
        raise ServiceError(
            f"سفارش در وضعیت «{order.status_label}» است و به «{rules.LABELS.get(target, target)}» نمی‌رود.",
            code="bad_move",
        )
    if rules.needs_reason(order.status, target) and not note:
        raise ServiceError({"note": "دلیل لغو سفارش را بنویسید."}, code="reason_needed")
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not rules.can_move(order.status, target):
            raise ServiceError(
                "وضعیت سفارش هم‌زمان تغییر کرده است؛ صفحه را تازه کنید.", code="stale"
            )
        _order_move(actor=actor, order=order, target=target, note=note)
    return order
