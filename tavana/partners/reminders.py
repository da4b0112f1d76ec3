"""Agreements' reminders, 60 and 30 days before the end, in the responsible
staff member's inbox and by SMS; and the daily job that moves agreements along
the calendar (registered with the notification service from apps.ready)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import daily_job, reminder_source

from .domain import agreements as rules
from .models import Agreement

AGREEMENT_ENDING = "partners.agreement_ending"


@daily_job("partners.agreements_calendar")
def agreements_calendar(today: dt.date) -> int:
    from .services import agreements_follow_calendar

    return agreements_follow_calendar(on=today)


@reminder_source(AGREEMENT_ENDING, "تفاهم‌نامه‌های رو به پایان", lead_days=rules.REMINDER_DAYS[0])
def agreements_ending(today: dt.date, lead_days: int | None = rules.REMINDER_DAYS[0]):
    """One reminder when the end is `lead_days` (60) days away, a second (a new
    SMS) at 30; both leave the inbox once a renewal is recorded or the end passes."""
    lead = lead_days or rules.REMINDER_DAYS[0]
    due = (
        Agreement.objects.filter(
            status__in=(rules.SIGNED, rules.ACTIVE, rules.EXPIRING),
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=lead),
            owner__is_active=True,
        )
        .select_related("organisation")
        .order_by("ends_on", "id")
    )
    for a in due:
        left = (a.ends_on - today).days
        stage = rules.REMINDER_DAYS[1] if left <= rules.REMINDER_DAYS[1] else lead
        when = "امروز" if left == 0 else f"{to_persian_digits(left)} روز دیگر"
        text = (
            f"تفاهم‌نامهٔ «{a.title}» با {a.organisation.name} {when} "
            f"({format_jalali(a.ends_on)}) به پایان می‌رسد. تمدید یا پایان همکاری را ثبت کنید."
        )
        yield Reminder(
            recipient_id=a.owner_id,
            kind=AGREEMENT_ENDING,
            key=f"agreement:{a.pk}:{a.ends_on.isoformat()}:{stage}",
            text=text,
            link=reverse("partners:agreement", args=[a.pk]),
            due_on=a.ends_on,
            sms=True,
            sms_text=(
                f"توانا: تفاهم‌نامهٔ «{a.title}» {when} به پایان می‌رسد؛ "
                "تمدید یا پایان آن را در سامانه ثبت کنید."
            ),
        )
