"""Production's reminders (registered from apps.ready): a closed month's payroll
waiting for a second person's approval, and orders near or past their due date."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from tavana.accounts.matrix import ACTIONS
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import reminder_source

from .domain import orders as rules
from .models import Order, Payroll

PAYROLL_AWAITING = "production.payroll_awaiting"
ORDER_DUE = "production.order_due"
OPEN = set(rules.LABELS) - {rules.DELIVERED, rules.INVOICED, rules.PAID, rules.CANCELLED}


@reminder_source(PAYROLL_AWAITING, "حقوق ماهانهٔ تولید در انتظار تأیید نفر دوم")
def payroll_awaiting(today: dt.date, lead_days: int | None = None):
    """Everyone who may approve (not the one who closed it) until it is approved."""
    waiting = list(Payroll.objects.filter(status=Payroll.CLOSED).order_by("year", "month"))
    if not waiting:
        return
    approvers = list(
        get_user_model()
        .objects.filter(is_active=True, role__in=ACTIONS["production.manage"][1])
        .values_list("pk", flat=True)
    )
    for p in waiting:
        month = to_persian_digits(f"{p.year}/{p.month:02d}")
        for uid in approvers:
            if uid == p.closed_by_id:
                continue
            yield Reminder(
                recipient_id=uid,
                kind=PAYROLL_AWAITING,
                key=f"payroll:{p.pk}",
                text=f"حقوق ماه {month} تولیدکنندگان بسته شده و منتظر تأیید نفر دوم است.",
                link=reverse("production:payroll", args=[p.pk]),
                due_on=today,
            )


@reminder_source(ORDER_DUE, "سفارش‌های تولید نزدیک یا گذشته از موعد", lead_days=14)
def orders_due(today: dt.date, lead_days: int | None = 14):
    lead = lead_days or 14
    due = Order.objects.filter(
        status__in=OPEN, due_on__lte=today + dt.timedelta(days=lead), coordinator__is_active=True
    ).select_related("client")
    for o in due.order_by("due_on", "pk"):
        left = (o.due_on - today).days
        when = (
            f"{to_persian_digits(-left)} روز از موعدش گذشته"
            if left < 0
            else (
                "موعدش امروز است" if left == 0 else f"{to_persian_digits(left)} روز تا موعدش مانده"
            )
        )
        yield Reminder(
            recipient_id=o.coordinator_id,
            kind=ORDER_DUE,
            key=f"order:{o.pk}:{o.due_on.isoformat()}",
            text=(
                f"سفارش «{o.title}» ({o.client.name}) {when} ({format_jalali(o.due_on)}) "
                f"و هنوز تحویل نشده است؛ برنامه و کارکرد را بررسی کنید."
            ),
            link=reverse("production:order", args=[o.pk]),
            due_on=o.due_on,
        )
