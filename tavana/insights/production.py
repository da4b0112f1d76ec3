"""Figures of the production context: orders by client and status, on-time
delivery, pieces made and rejected, wages paid and women paid each month, per
centre (workshops) and district (work at home). Counts and sums only; the page's
disclosure control applies, so a partner analyst sees them in aggregate."""

from __future__ import annotations

from django.db.models import Count, Max, Q, Sum

from tavana.core.domain.jalali import MONTH_NAMES, month_range, to_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.production.domain import orders as order_rules
from tavana.production.models import Client, Order, PayrollLine, QualityCheck

from .selectors import Filters, Table, _grid


def _months(f: Filters) -> list[tuple[int, int]]:
    y, m, _ = to_jalali(f.start)
    out = []
    while month_range(y, m)[0] < f.end:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def orders_by_client(f: Filters) -> Table:
    qs = Order.objects.filter(received_on__gte=f.start, received_on__lt=f.end)
    if f.district:
        qs = qs.filter(centre__district=f.district)
    pairs = list(qs.values_list("client_id", "status").annotate(n=Count("id")).order_by())
    clients = list(Client.objects.filter(pk__in={c for c, _, _ in pairs}).order_by("name"))
    statuses = [s for s, _ in order_rules.STATUSES]
    return Table(
        "production_orders",
        "سفارش‌های تولید دریافت‌شده در این دوره، به تفکیک سفارش‌دهنده و وضعیت کنونی",
        "سفارش‌دهنده",
        [c.name for c in clients],
        [label for _, label in order_rules.STATUSES],
        _grid(pairs, [c.pk for c in clients], statuses),
    )


def on_time(f: Filters) -> Table:
    """Orders whose last delivery fell in the period: on time or late."""
    qs = Order.objects.annotate(last=Max("deliveries__delivered_on")).filter(
        last__gte=f.start, last__lt=f.end
    )
    if f.district:
        qs = qs.filter(centre__district=f.district)
    rows: dict[int, list[int]] = {}
    for client_id, due, last in qs.values_list("client_id", "due_on", "last"):
        rows.setdefault(client_id, [0, 0])[0 if last <= due else 1] += 1
    clients = list(Client.objects.filter(pk__in=rows).order_by("name"))
    return Table(
        "production_on_time",
        "تحویل سفارش‌ها در این دوره: به‌موقع یا با تأخیر",
        "سفارش‌دهنده",
        [c.name for c in clients],
        ["به‌موقع", "با تأخیر"],
        [rows[c.pk] for c in clients],
    )


def quality(f: Filters) -> Table:
    qs = QualityCheck.objects.filter(checked_on__gte=f.start, checked_on__lt=f.end)
    if f.district:
        qs = qs.filter(
            Q(worker__unit__centre__district=f.district)
            | Q(worker__unit__isnull=True, worker__person__district=f.district)
        )
    rows = list(
        qs.values("item__product__name")
        .annotate(p=Sum("passed"), r=Sum("rework"), x=Sum("rejected"))
        .order_by("item__product__name")
    )
    return Table(
        "production_quality",
        "قطعه‌های کنترل‌شده در این دوره: قبول، دوباره‌کاری، مردود",
        "کالا",
        [r["item__product__name"] for r in rows],
        ["قبول", "دوباره‌کاری", "مردود"],
        [[r["p"] or 0, r["r"] or 0, r["x"] or 0] for r in rows],
    )


def _lines(f: Filters):
    months = _months(f)
    q = Q()
    for y, m in months:
        q |= Q(payroll__year=y, payroll__month=m)
    qs = (
        PayrollLine.objects.filter(q, payroll__status="approved", net__gt=0)
        if months
        else PayrollLine.objects.none()
    )
    if f.district:
        qs = qs.filter(
            Q(worker__unit__centre__district=f.district)
            | Q(worker__unit__isnull=True, worker__person__district=f.district)
        )
    return qs


def women_paid_by_month(f: Filters) -> Table:
    rows = list(
        _lines(f)
        .values("payroll__year", "payroll__month")
        .annotate(
            unit=Count("worker", filter=Q(worker__unit__isnull=False), distinct=True),
            home=Count("worker", filter=Q(worker__unit__isnull=True), distinct=True),
            paid=Sum("net"),
        )
        .order_by("payroll__year", "payroll__month")
    )
    return Table(
        "production_paid",
        "زنانی که در هر ماه دستمزد تولید گرفتند (حقوق تأییدشده)",
        "ماه",
        [
            f"{MONTH_NAMES[r['payroll__month'] - 1]} {to_persian_digits(r['payroll__year'])}"
            for r in rows
        ],
        ["در کارگاه", "در خانه"],
        [[r["unit"], r["home"]] for r in rows],
        amounts=[r["paid"] or 0 for r in rows],
        amount_title="دستمزد پرداخت‌شده (تومان)",
    )


def paid_by_place(f: Filters) -> Table:
    """Women paid at least once in the period, per centre (workshops) and per
    district (at home), with their wages."""
    qs = _lines(f)
    centres = list(
        qs.filter(worker__unit__isnull=False)
        .values("worker__unit__centre__name")
        .annotate(n=Count("worker", distinct=True), s=Sum("net"))
        .order_by("worker__unit__centre__name")
    )
    homes = list(
        qs.filter(worker__unit__isnull=True)
        .values("worker__person__district__number")
        .annotate(n=Count("worker", distinct=True), s=Sum("net"))
        .order_by("worker__person__district__number")
    )
    labels = [r["worker__unit__centre__name"] for r in centres] + [
        f"در خانه، منطقهٔ {to_persian_digits(r['worker__person__district__number'] or 0)}"
        for r in homes
    ]
    all_rows = centres + homes
    return Table(
        "production_places",
        "زنانی که در این دوره دست‌کم یک بار دستمزد تولید گرفتند، به تفکیک مرکز و منطقه",
        "مرکز یا منطقه",
        labels,
        ["زنان"],
        [[r["n"]] for r in all_rows],
        amounts=[r["s"] or 0 for r in all_rows],
        amount_title="دستمزد (تومان)",
    )


def production_tables(f: Filters) -> list[Table]:
    return [orders_by_client(f), on_time(f), quality(f), women_paid_by_month(f), paid_by_place(f)]
