"""The early warning's reminder: a flag still without an intervention after
`lead_days` days goes to the inbox of the social worker of the child's mother
(registered with the notification service from apps.ready). The text names no
child by her marks; it says what to do and links to where it is done."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import reminder_source

from .models import Intervention, RiskFlag

FLAG_WAITING = "youth.flag_waiting"


@reminder_source(FLAG_WAITING, "هشدار افت تحصیلی بدون اقدام", lead_days=14)
def flags_waiting(today: dt.date, lead_days: int | None = 14):
    from .selectors import flag_owner

    lead = 14 if lead_days is None else lead_days
    waiting = (
        RiskFlag.objects.filter(
            status=RiskFlag.OPEN, raised_on__lte=today - dt.timedelta(days=lead)
        )
        .exclude(pk__in=Intervention.objects.values("flag_id"))
        .select_related("child")
        .order_by("child_id", "pk")
    )
    seen: set[int] = set()
    for f in waiting:
        if f.child_id in seen:
            continue
        seen.add(f.child_id)
        owner = flag_owner(child=f.child)
        if owner is None or not owner.is_active:
            continue
        days = (today - f.raised_on).days
        yield Reminder(
            recipient_id=owner.pk,
            kind=FLAG_WAITING,
            key=f"youth_flag:{f.child_id}:{f.pk}",
            due_on=f.raised_on + dt.timedelta(days=lead),
            text=(
                f"برای {f.child.full_name} هشدار افت تحصیلی از {to_persian_digits(days)} روز پیش "
                "بدون اقدام مانده است. اقدامی (کلاس تقویتی، مشاوره، بسته یا ارجاع) ثبت کنید."
            ),
            link=reverse("youth:child", args=[f.child_id]),
        )
