"""Protected programmes' reminder: a clearance about to expire, for the member of
staff who holds it (also by SMS, naming no programme) and for the administrators
who renew it (registered with the notification service in apps.ready)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import reminder_source
from tavana.notifications.sms_templates import sms_render

from .models import ProgrammeStaff

EXPIRING = "protected.clearance_expiring"
SMS = (
    "توانا: اعتبار یکی از صلاحیت‌های دسترسی شما {روز} روز دیگر پایان می‌یابد؛ "
    "برای تمدید با مدیر سامانه هماهنگ کنید."
)


@reminder_source(EXPIRING, "صلاحیت‌های رو به پایان", lead_days=14)
def clearances_expiring(today: dt.date, lead_days: int | None = 14):
    horizon = today + dt.timedelta(days=lead_days or 0)
    rows = list(
        ProgrammeStaff.objects.filter(
            cleared=True,
            expires_on__gte=today,
            expires_on__lte=horizon,
            requested_expires_on__isnull=True,  # a renewal already asked for: nothing to do
            user__is_active=True,
        )
        .select_related("programme", "user")
        .order_by("expires_on", "id")
    )
    if not rows:
        return
    admins = list(
        User.objects.filter(role=roles.ADMINISTRATOR, is_active=True).values_list("pk", flat=True)
    )
    for s in rows:
        days = (s.expires_on - today).days
        when = "امروز" if days == 0 else f"{to_persian_digits(days)} روز دیگر"
        key = f"clearance:{s.pk}:{s.expires_on.isoformat()}"
        link = reverse("protected:staff", args=[s.programme.code])
        yield Reminder(
            recipient_id=s.user_id,
            kind=EXPIRING,
            key=key,
            text=(
                f"صلاحیت شما برای «{s.programme.name}» {when} ({format_jalali(s.expires_on)}) "
                "پایان می‌یابد؛ اگر هنوز در این برنامه کار می‌کنید از مدیر سامانه تمدیدش را بخواهید."
            ),
            link=reverse("protected:home"),
            due_on=s.expires_on,
            sms=True,
            sms_text=sms_render(EXPIRING, روز=to_persian_digits(days)),
        )
        for admin in admins:
            yield Reminder(
                recipient_id=admin,
                kind=EXPIRING,
                key=key,
                text=(
                    f"صلاحیت {s.user.display_name} برای «{s.programme.name}» {when} "
                    f"({format_jalali(s.expires_on)}) پایان می‌یابد؛ تمدید را درخواست کنید "
                    "(مدیر دیگری تأیید می‌کند) یا بگذارید پایان یابد."
                ),
                link=link + f"?username={s.user.username}",
                due_on=s.expires_on,
            )
