"""Production's reminders: a closed month waits in the inbox of everyone who may
approve it (not the one who closed it) until approved; an order near its due date
reminds its coordinator until delivered."""

import datetime as dt

import pytest
from django.utils import timezone

from tavana.core.domain.jalali import to_jalali
from tavana.notifications.models import Notification
from tavana.notifications.services import reminders_run
from tavana.production import services

from . import factories as f

pytestmark = pytest.mark.django_db


def _open(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind, resolved_at__isnull=True)


def test_a_closed_month_waits_for_the_second_person_until_approved():
    closer, second = f.coordinator(), f.coordinator()
    _, _, _, _, week = f.worked_order(closer)
    year, month, _ = to_jalali(week)
    payroll = services.payroll_close(actor=closer, year=year, month=month)
    reminders_run(today=timezone.localdate())
    assert not _open(closer, "production.payroll_awaiting").exists()
    waiting = _open(second, "production.payroll_awaiting").get()
    assert "منتظر تأیید نفر دوم" in waiting.text and waiting.link.endswith(
        f"/payroll/{payroll.pk}/"
    )
    services.payroll_approve(actor=second, payroll=payroll)
    reminders_run(today=timezone.localdate())
    assert not _open(second, "production.payroll_awaiting").exists()


def test_an_order_near_its_due_date_reminds_its_coordinator():
    coordinator = f.coordinator()
    order = f.order(coordinator, due_days=30)
    today = timezone.localdate()
    reminders_run(today=today)
    assert not _open(coordinator, "production.order_due").exists()
    reminders_run(today=today + dt.timedelta(days=20))
    note = _open(coordinator, "production.order_due").get()
    assert "۱۰ روز تا موعدش مانده" in note.text and order.title in note.text
