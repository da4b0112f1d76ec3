"""Bazaars' reminder: booths offered to producers whose event is about to start
and that are not yet taken up — confirm them or free them for the waitlist while
there is time (registered with the notification service in apps.ready)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import reminder_source

from .models import Assignment, Event, Round

BOOTH_OFFER = "bazaars.booth_offer_expiring"


@reminder_source(BOOTH_OFFER, "پیشنهادهای غرفه رو به پایان", lead_days=3)
def booth_offers_expiring(today: dt.date, lead_days: int | None = 3):
    horizon = today + dt.timedelta(days=lead_days or 0)
    events = list(
        Event.objects.filter(
            round__status=Round.PUBLISHED, start_date__gte=today, start_date__lte=horizon
        )
        .select_related("round", "round__created_by")
        .annotate(
            open_offers=Count("assignments", filter=Q(assignments__status=Assignment.ASSIGNED))
        )
        .filter(open_offers__gt=0)
        .order_by("start_date", "id")
    )
    if not events:
        return
    organisers = list(
        User.objects.filter(role=roles.BAZAAR_ORGANISER, is_active=True).values_list(
            "pk", flat=True
        )
    )
    for e in events:
        owner = e.round.created_by
        recipients = [owner.pk] if owner is not None and owner.is_active else organisers
        days = (e.start_date - today).days
        when = "امروز" if days == 0 else f"{to_persian_digits(days)} روز دیگر"
        for user_id in recipients:
            yield Reminder(
                recipient_id=user_id,
                kind=BOOTH_OFFER,
                key=f"event:{e.pk}:{e.start_date.isoformat()}",
                text=(
                    f"{to_persian_digits(e.open_offers)} غرفهٔ «{e.name}» هنوز قطعی نشده و بازارچه "
                    f"{when} ({format_jalali(e.start_date)}) آغاز می‌شود. با تولیدکنندگان تماس "
                    "بگیرید و غرفه‌های انصرافی را آزاد کنید تا به فهرست انتظار برسد."
                ),
                link=reverse("bazaars:event", args=[e.pk]),
                due_on=e.start_date,
            )
