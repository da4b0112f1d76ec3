"""The release campaign's reminder: a follow-up after release (1, 3 and 12 months)
due within the lead days, in the inbox of her social worker. The text names the
case code only — no name, no prison, no programme — and links to the case, which
only cleared staff can open. Registered with the notification service by being
imported in the app's ready()."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import reminder_source

from .models import FollowUp

FOLLOWUP_DUE = "protected.release_followup"


@reminder_source(FOLLOWUP_DUE, "پیگیری‌های پس از آزادی", lead_days=7)
def followups_due(today: dt.date, lead_days: int | None = 7):
    horizon = today + dt.timedelta(days=lead_days or 0)
    rows = (
        FollowUp.objects.filter(done_on__isnull=True, due_on__lte=horizon,
                                case__social_worker__isnull=False)
        .select_related("case")
        .order_by("due_on", "pk")
    )  # fmt: skip
    for fu in rows:
        late = (today - fu.due_on).days
        when = (
            f"{to_persian_digits(late)} روز گذشته"
            if late > 0
            else ("امروز" if late == 0 else f"تا {format_jalali(fu.due_on)}")
        )
        yield Reminder(
            recipient_id=fu.case.social_worker_id,
            kind=FOLLOWUP_DUE,
            key=f"release-followup:{fu.pk}",
            due_on=fu.due_on,
            text=(
                f"پیگیری {to_persian_digits(fu.month)} ماههٔ پروندهٔ "
                f"{to_persian_digits(fu.case.code)} ({when}): با او تماس بگیرید و نتیجه را ثبت کنید."
            ),
            link=reverse("release:case", args=[fu.case_id]),
        )
