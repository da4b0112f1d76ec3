"""A clearance about to expire (children's data, a protected programme…): a
reminder for the member of staff who holds it — also by SMS, naming nothing — and
for the administrators who renew it (registered with the notification service in
apps.ready)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import reminder_source
from tavana.notifications.sms_templates import sms_render

from . import roles
from .models import Clearance, User

EXPIRING = "accounts.clearance_expiring"
SMS = (
    "توانا: اعتبار یکی از صلاحیت‌های دسترسی شما {روز} روز دیگر پایان می‌یابد؛ "
    "برای تمدید با مدیر سامانه هماهنگ کنید."
)


@reminder_source(EXPIRING, "صلاحیت‌های دسترسی رو به پایان", lead_days=14)
def area_clearances_expiring(today: dt.date, lead_days: int | None = 14):
    from .clearances import AREAS

    horizon = today + dt.timedelta(days=lead_days or 0)
    rows = list(
        Clearance.objects.filter(
            cleared=True,
            expires_on__gte=today,
            expires_on__lte=horizon,
            requested_expires_on__isnull=True,  # a renewal already asked for
            user__is_active=True,
            area__in=list(AREAS),
        )
        .select_related("user")
        .order_by("expires_on", "id")
    )
    if not rows:
        return
    admins = list(
        User.objects.filter(role=roles.ADMINISTRATOR, is_active=True).values_list("pk", flat=True)
    )
    for c in rows:
        area = AREAS[c.area]
        name = area.name
        days = (c.expires_on - today).days
        when = "امروز" if days == 0 else f"{to_persian_digits(days)} روز دیگر"
        key = f"area-clearance:{c.pk}:{c.expires_on.isoformat()}"
        yield Reminder(
            recipient_id=c.user_id,
            kind=EXPIRING,
            key=key,
            text=(
                f"صلاحیت شما برای «{name}» {when} ({format_jalali(c.expires_on)}) پایان "
                "می‌یابد؛ اگر هنوز به آن نیاز دارید از مدیر سامانه تمدیدش را بخواهید."
            ),
            link=area.home_url(),
            due_on=c.expires_on,
            sms=True,  # the SMS names neither the area nor the programme
            sms_text=sms_render(EXPIRING, روز=to_persian_digits(days)),
        )
        for admin in admins:
            yield Reminder(
                recipient_id=admin,
                kind=EXPIRING,
                key=key,
                text=(
                    f"صلاحیت {c.user.display_name} برای «{name}» {when} "
                    f"({format_jalali(c.expires_on)}) پایان می‌یابد؛ تمدید را درخواست کنید "
                    "(مدیر دیگری تأیید می‌کند) یا بگذارید پایان یابد."
                ),
                link=reverse("accounts:clearances", args=[c.area]) + f"?username={c.user.username}",
                due_on=c.expires_on,
            )
