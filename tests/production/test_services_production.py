"""Production services: orders, plans, work, payroll — what a coordinator notices."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError
from tavana.production import services
from tavana.production.domain import orders as rules
from tavana.production.models import Order, OrderStatusChange, Payroll, WorkLog

from . import factories as f

pytestmark = pytest.mark.django_db


def _accepted(actor, **kw):
    o = f.order(actor, **kw)
    return services.order_move(actor=actor, order=o, target=rules.ACCEPTED)


def test_an_order_with_a_bad_item_is_refused_whole():
    actor = f.coordinator()
    with pytest.raises(ServiceError) as caught:
        f.order(actor, items=[{"product": f.product(), "size": "L", "quantity": 0}])
    assert "تعداد ردیف ۱" in caught.value.errors["items"]
    assert Order.objects.count() == 0


def test_cancelling_needs_a_reason_and_is_kept_in_the_history():
    actor = f.coordinator()
    o = f.order(actor)
    with pytest.raises(ServiceError) as caught:
        services.order_move(actor=actor, order=o, target=rules.CANCELLED)
    assert "دلیل" in caught.value.errors["note"]
    services.order_move(actor=actor, order=o, target=rules.CANCELLED, note="بودجه حذف شد")
    o.refresh_from_db()
    assert o.status == rules.CANCELLED
    assert list(OrderStatusChange.objects.filter(order=o).values_list("target", "note")) == [
        (rules.RECEIVED, ""),
        (rules.CANCELLED, "بودجه حذف شد"),
    ]
    with pytest.raises(ServiceError):
        services.order_move(actor=actor, order=o, target=rules.ACCEPTED)


def test_the_plan_gives_women_at_home_paid_work_and_says_why():
    actor = f.coordinator()
    shirt = f.product("پیراهن")
    o = _accepted(actor, items=[{"product": shirt, "size": "M", "quantity": 60}], due_days=10)
    f.unit(actor, {shirt: 30})
    woman = f.home_worker(actor, {shirt: 40})
    plan = services.plan_make(actor=actor, order=o, time_limit=30)
    o.refresh_from_db()
    assert o.status == rules.PLANNED
    assert plan.optimal
    rows = list(plan.assignments.all())
    assert sum(a.pieces for a in rows) == 60
    hers = [a for a in rows if a.worker_id == woman.pk]
    assert hers and hers[0].pieces >= 20
    assert "کار مزدی" in hers[0].reason
    assert not plan.shortfalls.exists()


def test_a_due_date_that_cannot_be_met_is_said_with_how_much():
    actor = f.coordinator()
    shirt = f.product("پیراهن")
    o = _accepted(actor, items=[{"product": shirt, "size": "M", "quantity": 5000}], due_days=3)
    f.unit(actor, {shirt: 30}, day_minutes=480)
    plan = services.plan_make(actor=actor, order=o, time_limit=30)
    short = plan.shortfalls.get()
    assert short.pieces > 4900 and short.days_late > 0


def test_an_adjustment_needs_a_reason_and_cannot_exceed_the_order():
    actor = f.coordinator()
    shirt = f.product("پیراهن")
    o = _accepted(actor, items=[{"product": shirt, "size": "M", "quantity": 60}], due_days=10)
    f.unit(actor, {shirt: 30})
    plan = services.plan_make(actor=actor, order=o, time_limit=30)
    a = plan.assignments.first()
    with pytest.raises(ServiceError) as caught:
        services.assignment_adjust(actor=actor, assignment=a, pieces=10, reason="")
    assert "دلیل" in caught.value.errors["reason"]
    with pytest.raises(ServiceError) as caught:
        services.assignment_adjust(actor=actor, assignment=a, pieces=61, reason="بیشتر")
    assert "حداکثر" in caught.value.errors["pieces"]
    services.assignment_adjust(actor=actor, assignment=a, pieces=50, reason="چرخ‌ها خراب است")
    a.refresh_from_db()
    assert a.adjusted and a.pieces == 50 - 0 and "چرخ‌ها خراب است" in a.reason
    assert plan.shortfalls.get().pieces == 60 - sum(x.pieces for x in plan.assignments.all())


def test_a_package_grows_only_as_far_as_the_producers_days_before_the_due_date():
    actor = f.coordinator()
    shirt = f.product("پیراهن")
    o = _accepted(actor, items=[{"product": shirt, "size": "M", "quantity": 500}], due_days=6)
    # a woman at home, 60 minutes a day for a 30-minute shirt: at most 2 a day
    her = f.home_worker(actor, {shirt: 30}, day_minutes=60)
    plan = services.plan_make(actor=actor, order=o, time_limit=30)
    a = plan.assignments.get(worker=her)
    room = a.pieces  # the planner already gave her all she can make
    with pytest.raises(ServiceError) as caught:
        services.assignment_adjust(actor=actor, assignment=a, pieces=room + 1, reason="بیشتر")
    assert "ظرفیت" in caught.value.errors["pieces"]
    assert f"حداکثر {to_persian_digits(str(room))}" in caught.value.errors["pieces"]
    a.refresh_from_db()
    assert a.pieces == room and not a.adjusted
    # less is always possible, and then back up to what she has room for
    services.assignment_adjust(actor=actor, assignment=a, pieces=room - 2, reason="بیمار است")
    services.assignment_adjust(actor=actor, assignment=a, pieces=room, reason="بهتر شد")
    a.refresh_from_db()
    assert a.pieces == room


def _worked_month(actor):
    _, item, good, nosheba, week = f.worked_order(actor)
    return item, good, nosheba, week


def test_a_month_closed_by_one_and_approved_by_another_pays_net_of_rejects():
    closer, approver = f.coordinator(), f.coordinator()
    item, good, nosheba, week = _worked_month(closer)
    year, month, _ = to_jalali(week)
    payroll = services.payroll_close(actor=closer, year=year, month=month)
    line = payroll.lines.get(worker=good)
    assert (line.pieces, line.rejected, line.gross, line.deductions, line.net) == (
        30,
        2,
        1_500_000,
        100_000,
        1_400_000,
    )
    with pytest.raises(ServiceError) as caught:
        services.payroll_approve(actor=closer, payroll=payroll)
    assert caught.value.code == "same_person"
    with pytest.raises(ServiceError):
        services.bank_file(actor=closer, payroll=payroll)
    payroll = services.payroll_approve(actor=approver, payroll=payroll)
    content, left = services.bank_file(actor=approver, payroll=payroll)
    ws = load_workbook(io.BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][1:5] == ("سمیه", "کریمی", f.SHEBA, 14_000_000)
    assert len(rows) == 2  # the woman without a Sheba number is not in the file…
    assert [x.worker_id for x in left] == [nosheba.pk]  # …but named on the page


def test_a_closed_month_never_changes_and_late_work_is_paid_next_month():
    closer = f.coordinator()
    item, good, _, week = _worked_month(closer)
    year, month, _ = to_jalali(week)
    payroll = services.payroll_close(actor=closer, year=year, month=month)
    with pytest.raises(ServiceError) as caught:
        services.payroll_close(actor=closer, year=year, month=month)
    assert caught.value.code == "closed"
    services.worklog_add(actor=closer, item=item, week_of=week, rows=[(good, 5, 0)])
    late = WorkLog.objects.get(payroll__isnull=True)
    assert late.pieces == 5
    ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
    nxt = services.payroll_close(actor=closer, year=ny, month=nm)
    assert nxt.lines.get(worker=good).pieces == 5
    assert payroll.lines.get(worker=good).pieces == 30
    assert Payroll.objects.count() == 2


def test_work_is_not_logged_for_an_order_not_in_production():
    actor = f.coordinator()
    o = f.order(actor)
    u = f.unit(actor, {o.items.get().product: 30})
    w = f.unit_worker(actor, u)
    with pytest.raises(ServiceError) as caught:
        services.worklog_add(
            actor=actor, item=o.items.get(), week_of=timezone.localdate(), rows=[(w, 3, 0)]
        )
    assert caught.value.code == "not_working"


def test_an_invalid_sheba_is_refused_with_the_reason():
    actor = f.coordinator()
    with pytest.raises(ServiceError) as caught:
        f.home_worker(actor, {f.product(): 30}, sheba="IR12")
    assert "شبا" in caught.value.errors["sheba"]
