"""Casework's reminders (registered with the notification service in apps.ready):
follow-ups past their date, reassessments due, referral answers overdue. Each goes
to the worker who holds the woman's case (or sent / received the referral), says
what to do and links to where it is done."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.registry import reminder_source

from .domain import stages
from .models import CaseAssignment, PlanAction, Referral, SupportStatus
from .selectors import _awaiting_q

FOLLOWUP = "casework.followup_overdue"
REASSESS = "casework.reassessment_due"
REFERRAL = "casework.referral_overdue"


def _owners(person_ids) -> dict[int, int]:
    """person id → the worker who holds her open case."""
    return dict(
        CaseAssignment.objects.filter(
            person_id__in=set(person_ids), end_date__isnull=True
        ).values_list("person_id", "worker_id")
    )


def _late(due: dt.date, today: dt.date) -> str:
    days = stages.days_overdue(due, today)
    return f"{to_persian_digits(days)} روز از موعد ({format_jalali(due)}) گذشته است"


@reminder_source(FOLLOWUP, "پیگیری‌های گذشته از موعد")
def followups_overdue(today: dt.date, lead_days=None):
    rows = list(
        PlanAction.objects.filter(done_on__isnull=True, follow_up_on__lt=today)
        .select_related("goal__person")
        .order_by("follow_up_on", "id")
    )
    owners = _owners(a.goal.person_id for a in rows)
    for a in rows:
        worker = owners.get(a.goal.person_id)
        if worker is None:
            continue
        yield Reminder(
            recipient_id=worker,
            kind=FOLLOWUP,
            key=f"action:{a.pk}",
            text=(
                f"پیگیری «{a.description}» برای {a.goal.person.full_name}: "
                f"{_late(a.follow_up_on, today)}. پیگیری کنید و نتیجه را ثبت کنید."
            ),
            link=reverse("casework:action_done", args=[a.pk]),
            due_on=a.follow_up_on,
        )


@reminder_source(REASSESS, "ارزیابی‌های دوباره", lead_days=7)
def reassessments_due(today: dt.date, lead_days: int | None = 7):
    horizon = today + dt.timedelta(days=lead_days or 0)
    rows = list(
        SupportStatus.objects.filter(reassess_on__lte=horizon)
        .select_related("person")
        .order_by("reassess_on", "person_id")
    )
    owners = _owners(s.person_id for s in rows)
    for s in rows:
        worker = owners.get(s.person_id)
        if worker is None:
            continue
        when = (
            _late(s.reassess_on, today)
            if s.reassess_on < today
            else f"موعد آن {format_jalali(s.reassess_on)} است"
        )
        yield Reminder(
            recipient_id=worker,
            kind=REASSESS,
            key=f"reassess:{s.person_id}:{s.reassess_on.isoformat()}",
            text=(
                f"ارزیابی دوبارهٔ نیاز {s.person.full_name}: {when}. "
                "پرسش‌نامه را با او پر کنید تا سطح حمایتش به‌روز شود."
            ),
            link=reverse("casework:assess", args=[s.person_id]),
            due_on=s.reassess_on,
        )


@reminder_source(REFERRAL, "ارجاع‌های بی‌پاسخ")
def referrals_overdue(today: dt.date, lead_days=None):
    rows = (
        Referral.objects.filter(_awaiting_q(), follow_up_on__lt=today)
        .select_related("person", "from_worker", "to_worker", "to_partner", "to_centre")
        .order_by("follow_up_on", "id")
    )
    for r in rows:
        link = reverse("casework:referral", args=[r.pk])
        late = _late(r.follow_up_on, today)
        yield Reminder(
            recipient_id=r.from_worker_id,
            kind=REFERRAL,
            key=f"referral:{r.pk}:sender",
            text=(
                f"پاسخ ارجاع {r.person.full_name} به {r.receiver}: {late}. "
                "پیگیری کنید و پاسخ را ثبت کنید."
            ),
            link=link,
            due_on=r.follow_up_on,
        )
        if r.to_worker_id:
            yield Reminder(
                recipient_id=r.to_worker_id,
                kind=REFERRAL,
                key=f"referral:{r.pk}:receiver",
                text=(
                    f"ارجاع {r.person.full_name} از {r.from_worker.display_name} "
                    f"بی‌پاسخ مانده و {late}. پاسخ دهید."
                ),
                link=link,
                due_on=r.follow_up_on,
            )
