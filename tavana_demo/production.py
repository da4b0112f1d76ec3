"""Demo: production orders. The three orders the Center reported — uniforms for
the city's wardens (شهربان, delivered and paid), for the boundary guards
(حریم‌بان, delivered and invoiced) and for vehicle-inspection staff (معاینه فنی,
in production, planned by the solver) — and six more orders over the year; workshops of
the Kowsar centres that have one, their workers (women of the employment
programme among them, as ordinary workers), home producers, weekly work logs,
quality checks, deliveries with receipts, and a payroll for each past month,
closed by the centre manager and approved by the administrator.

Written through the services (audited). Deterministic (seeded, dates relative to
today) and idempotent (nothing is added when an order exists). Runs after the
registry and the protected programmes."""

from __future__ import annotations

import datetime as dt
import time

from django.utils import timezone

from tavana.accounts.models import User
from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.numbers import format_number
from tavana.core.errors import ServiceError
from tavana.people.models import Person
from tavana.production import services
from tavana.production.domain import orders as rules
from tavana.production.models import Client, Order, PieceRate, Product, Unit
from tavana.training.models import Centre
from tavana_demo import demo_rng

PRODUCTS = [
    # code, name, minutes in a workshop, toman per piece
    ("shirt", "پیراهن فرم", 38, 95_000),
    ("trousers", "شلوار فرم", 45, 110_000),
    ("jacket", "کاپشن فرم", 100, 260_000),
    ("cap", "کلاه لبه‌دار", 16, 35_000),
    ("vest", "جلیقهٔ شب‌نما", 25, 60_000),
]
CLIENTS = [
    ("سازمان پیشگیری و رفع تخلفات شهری", Client.MUNICIPAL),
    ("ادارهٔ کل حفظ حریم شهر", Client.MUNICIPAL),
    ("سازمان معاینه فنی خودرو شهر تهران", Client.MUNICIPAL),
    ("سازمان پارک‌ها و فضای سبز", Client.MUNICIPAL),
    ("سازمان آتش‌نشانی و خدمات ایمنی", Client.MUNICIPAL),
    ("سازمان حمل‌ونقل و ترافیک", Client.MUNICIPAL),
    ("مؤسسهٔ خیریهٔ مهر فاطمی", Client.OTHER),
]
HISTORY = 6  # orders over the past year beside the three reported
HOME_PRODUCERS = 100
SIZES = [("S", 0.12), ("M", 0.3), ("L", 0.3), ("XL", 0.18), ("XXL", 0.1)]
# The three reported orders: client index, title, [(product, pieces)], status, days ago received
REPORTED = [
    (0, "لباس فرم شهربانان", [("shirt", 1200), ("trousers", 1200), ("cap", 600)], rules.PAID, 200),
    (
        1,
        "لباس فرم حریم‌بانان",
        [("shirt", 800), ("trousers", 800), ("jacket", 400)],
        rules.INVOICED,
        130,
    ),
]
INSPECTION = (2, "لباس فرم کارکنان معاینه فنی", [("shirt", 900), ("trousers", 900), ("vest", 450)])


def _products() -> dict[str, Product]:
    out = {}
    for code, name, _, rate in PRODUCTS:
        p, _ = Product.objects.get_or_create(code=code, defaults={"name": name})
        PieceRate.objects.get_or_create(
            product=p, size="", valid_from=dt.date(2024, 3, 20), defaults={"toman": rate}
        )
        out[code] = p
    return out


def _items(rng, products, lines, due_on):
    items = []
    for code, total in lines:
        for size, share in SIZES:
            items.append({
                "product": products[code], "size": size, "quantity": max(10, round(total * share)),
                "colour": rng.choice(["سرمه‌ای", "طوسی", "سبز زیتونی", "مشکی"]),
                "unit_price": dict((c, r) for c, _, _, r in PRODUCTS)[code] * 2, "due_on": due_on,
            })  # fmt: skip
    return items


def _units(rng, actor, products, centres) -> list[Unit]:
    units = []
    for n, centre in enumerate(centres):
        makes = rng.sample(sorted(products), rng.randint(3, 5))
        units.append(
            services.unit_save(
                actor=actor,
                data={
                    "name": f"کارگاه دوخت {centre.name}",
                    "centre": centre,
                    "machines": rng.randint(6, 16),
                    "day_minutes": rng.randint(5, 12) * 480,
                    "weekdays": [0, 1, 2, 3, 4, 5] if n % 3 else [0, 1, 2, 3, 4],
                },
                products={
                    products[c]: round(
                        next(m for k, _, m, _ in PRODUCTS if k == c) * rng.uniform(0.9, 1.15)
                    )
                    for c in makes
                },
            )  # fmt: skip
        )
    return units


def _sheba(rng) -> str:
    from tavana.core.domain.identifiers import make_sheba

    return make_sheba("017" + "".join(str(rng.randint(0, 9)) for _ in range(19)))


def _workers(rng, actor, products, units, women, programme_women) -> tuple[list, list]:
    at_units, at_home = [], []
    pool = list(women)
    rng.shuffle(pool)
    # Women of the employment programme work in the workshops as anyone else.
    for k, pid in enumerate(programme_women):
        unit = units[k % len(units)]
        at_units.append(
            services.worker_save(actor=actor, person=Person(pk=pid), unit=unit, sheba=_sheba(rng))
        )
    for unit in units:
        for _ in range(rng.randint(5, 9)):
            pid = pool.pop()
            at_units.append(
                services.worker_save(
                    actor=actor, person=Person(pk=pid), unit=unit, sheba=_sheba(rng)
                )
            )
    for _ in range(min(HOME_PRODUCERS, len(pool))):
        pid = pool.pop()
        makes = rng.sample(sorted(products), rng.choice([1, 1, 2]))
        at_home.append(
            services.worker_save(
                actor=actor,
                person=Person(pk=pid),
                unit=None,
                day_minutes=rng.randrange(120, 301, 30),
                weekdays=[str(d) for d in range(rng.randint(3, 6))],
                products={
                    products[c]: round(
                        next(m for k, _, m, _ in PRODUCTS if k == c) * rng.uniform(1.2, 1.6)
                    )
                    for c in makes
                },
                sheba=_sheba(rng) if rng.random() < 0.93 else "",
            )  # fmt: skip
        )
    return at_units, at_home


def _work(rng, actor, order: Order, workers, start: dt.date, end: dt.date, today: dt.date) -> None:
    """Weekly logs and a quality check per item, from start to end (not past today)."""
    week = start + dt.timedelta(days=6)
    items = list(order.items.select_related("product"))
    made = {i.pk: 0 for i in items}
    while week <= min(end, today):
        for item in items:
            left = item.quantity - made[item.pk]
            if left <= 0:
                continue
            crew = rng.sample(workers, min(len(workers), rng.randint(3, 6)))
            rows = []
            for w in crew:
                n = min(left, rng.randint(8, 40))
                if n > 0:
                    rows.append((w, n, 0))
                    left -= n
            services.worklog_add(actor=actor, item=item, week_of=week, rows=rows)
            made[item.pk] += sum(r[1] for r in rows)
            w, pieces, _ = rows[0]
            rejected = min(pieces, rng.choice([0, 0, 0, 1, 2]))  # never more than were made
            services.quality_check_add(
                actor=actor, item=item, worker=w, checked_on=week, passed=pieces - rejected,
                rework=0, rejected=rejected, reason="دوخت نامرتب" if rejected else "",
            )  # fmt: skip
        week += dt.timedelta(days=7)


def _finish(actor, order: Order, status: str, delivered_on: dt.date) -> None:
    order.refresh_from_db()
    if order.status == rules.PLANNED:
        order = services.order_move(actor=actor, order=order, target=rules.IN_PRODUCTION)
    order = services.order_move(actor=actor, order=order, target=rules.QUALITY_CHECK)
    lines = {i: i.quantity for i in order.items.all()}
    services.delivery_record(
        actor=actor, order=order,
        data={"delivered_on": delivered_on, "receipt_number": f"ر-{order.pk:04d}", "signed_by": "مسئول انبار سفارش‌دهنده"},
        lines=lines,
    )  # fmt: skip
    order.refresh_from_db()
    for target in (rules.INVOICED, rules.PAID):
        if order.status == status:
            break
        order = services.order_move(actor=actor, order=order, target=target)


def _payrolls(coordinator, approver, today: dt.date) -> int:
    """Close and approve every past month that has work, oldest first."""
    from tavana.production.models import Payroll, WorkLog

    first = WorkLog.objects.order_by("week_of").values_list("week_of", flat=True).first()
    if first is None:
        return 0
    y, m, _ = to_jalali(first)
    ty, tm, _ = to_jalali(today)
    n = 0
    while (y, m) < (ty, tm):
        if not Payroll.objects.filter(year=y, month=m).exists():
            try:
                p = services.payroll_close(actor=coordinator, year=y, month=m)
            except ServiceError:  # a month with no work
                p = None
            if p is not None:
                services.payroll_approve(actor=approver, payroll=p)
                n += 1
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return n


def load_production(out, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if Order.objects.exists():
        out(f"سفارش‌های تولید: {Order.objects.count()} سفارش (موجود)")
        return
    coordinator = User.objects.filter(username="centremanager").first()
    approver = User.objects.filter(username="admin").first()
    centres = list(Centre.objects.filter(has_production_workshop=True).order_by("code")[:8])
    women = list(
        Person.objects.filter(sex=Person.FEMALE, merged_into__isnull=True)
        .order_by("pk").values_list("pk", flat=True)[:3000]
    )  # fmt: skip
    if coordinator is None or approver is None or not centres or len(women) < 300:
        out("سفارش‌های تولید: کاربران، مراکز یا زنان ثبت‌شده کافی نیست؛ داده‌ای افزوده نشد.")
        return
    started = time.monotonic()
    rng = demo_rng("production")
    from tavana_demo.production_programme import programme_workers

    products = _products()
    clients = [Client.objects.get_or_create(name=n, defaults={"kind": k})[0] for n, k in CLIENTS]
    units = _units(rng, coordinator, products, centres)
    programme_women = programme_workers(exclude=set())
    women = [w for w in women if w not in set(programme_women)]
    at_units, at_home = _workers(rng, coordinator, products, units, women, programme_women)
    everyone = at_units + at_home
    history = list(REPORTED)
    for k in range(HISTORY):
        ci = rng.randrange(3, len(CLIENTS))
        lines = [
            (c, rng.randrange(100, 601, 50))
            for c in rng.sample(sorted(products), rng.randint(1, 3))
        ]
        status = rules.PAID if k < 7 else rules.DELIVERED
        history.append(
            (
                ci,
                f"سفارش {products[lines[0][0]].name} ({format_number(k + 1)})",
                lines,
                status,
                340 - k * 28,
            )
        )
    for ci, title, lines, status, ago in history:
        received = today - dt.timedelta(days=ago)
        due = received + dt.timedelta(days=75)
        order = services.order_create(
            actor=coordinator,
            data={"client": clients[ci], "title": title, "received_on": received, "due_on": due,
                  "materials": rng.choice(["client", "bought"]), "partial_deliveries": True,
                  "contract_number": f"۱۴۰۴/{rng.randint(100, 999)}", "quality_standard": "استاندارد لباس فرم شهرداری"},
            items=_items(rng, products, lines, due),
        )  # fmt: skip
        for target in (rules.ACCEPTED, rules.PLANNED):
            order = services.order_move(actor=coordinator, order=order, target=target)
        _work(
            rng,
            coordinator,
            order,
            everyone,
            received + dt.timedelta(days=5),
            due - dt.timedelta(days=7),
            today,
        )
        _finish(coordinator, order, status, min(due, today - dt.timedelta(days=1)))
    ci, title, lines = INSPECTION
    received = today - dt.timedelta(days=20)
    order = services.order_create(
        actor=coordinator,
        data={"client": clients[ci], "title": title, "received_on": received,
              "due_on": today + dt.timedelta(days=40), "materials": "client", "partial_deliveries": True,
              "contract_number": "۱۴۰۵/۰۴۱", "quality_standard": "استاندارد لباس فرم شهرداری"},
        items=_items(rng, products, lines, today + dt.timedelta(days=40)),
    )  # fmt: skip
    order = services.order_move(actor=coordinator, order=order, target=rules.ACCEPTED)
    services.plan_make(actor=coordinator, order=order, time_limit=10)
    _work(rng, coordinator, order, everyone, today - dt.timedelta(days=13), today, today)
    months = _payrolls(coordinator, approver, today)
    out(
        f"سفارش‌های تولید: {Order.objects.count()} سفارش، {len(units)} کارگاه، "
        f"{len(at_units)} کارگر کارگاه، {len(at_home)} تولیدکنندهٔ خانگی، {months} ماه حقوق "
        f"({time.monotonic() - started:.0f} ثانیه)"
    )
