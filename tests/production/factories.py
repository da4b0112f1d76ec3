"""Plain functions that make production data for tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.production import services
from tavana.production.models import Client, PieceRate, Product, Unit

from ..training.factories import centre, person

_n = itertools.count(1)
SHEBA = "IR820540102680020817909002"


def coordinator(username: str | None = None, role: str = roles.CENTRE_MANAGER) -> User:
    return User.objects.create_user(
        username=username or f"coord{next(_n)}",
        password="pass-for-tests-1403",
        role=role,
        first_name="مریم",
        last_name="کاظمی",
    )


def product(name: str = "پیراهن", code: str | None = None, rate: int = 50_000) -> Product:
    p, _ = Product.objects.get_or_create(name=name, defaults={"code": code or f"p{next(_n)}"})
    PieceRate.objects.get_or_create(
        product=p, size="", valid_from=dt.date(2020, 1, 1), defaults={"toman": rate}
    )
    return p


def client(name: str = "سازمان خدمات شهری") -> Client:
    return Client.objects.get_or_create(name=name)[0]


def order(actor, *, items=None, due_days: int = 30, **kw):
    today = timezone.localdate()
    shirt = product("پیراهن شهربان")
    data = {
        "client": client(),
        "title": "لباس فرم شهربانان",
        "received_on": today,
        "due_on": today + dt.timedelta(days=due_days),
        "materials": "client",
        "partial_deliveries": True,
    }
    data.update(kw)
    items = items or [{"product": shirt, "size": "M", "quantity": 100, "colour": "سرمه‌ای"}]
    return services.order_create(actor=actor, data=data, items=items)


def unit(actor, products: dict, day_minutes: int = 480 * 4):
    return services.unit_save(
        actor=actor,
        data={
            "name": f"کارگاه دوخت {next(_n)}",
            "centre": centre(has_production_workshop=True),
            "day_minutes": day_minutes,
            "weekdays": [0, 1, 2, 3, 4, 5],
        },
        products=products,
    )


def home_worker(
    actor, products: dict, day_minutes: int = 240, first="زهرا", last="احمدی", sheba=SHEBA
):
    return services.worker_save(
        actor=actor,
        person=person(first, last),
        unit=None,
        day_minutes=day_minutes,
        products=products,
        sheba=sheba,
    )


def unit_worker(actor, u, first="سمیه", last="کریمی", sheba=SHEBA):
    return services.worker_save(actor=actor, person=person(first, last), unit=u, sheba=sheba)


def worked_order(actor, *, quantity: int = 100, rate: int = 50_000):
    """An accepted, planned order with one workshop and two of its women, a week
    logged (30 and 10 pieces) and a quality check (2 rejected)."""
    from tavana.production.domain import orders as rules

    shirt = product("پیراهن", rate=rate)
    o = order(actor, items=[{"product": shirt, "size": "M", "quantity": quantity}])
    o = services.order_move(actor=actor, order=o, target=rules.ACCEPTED)
    u = unit(actor, {shirt: 30})
    services.plan_make(actor=actor, order=o, time_limit=30)
    item = o.items.get()
    good = unit_worker(actor, u, "سمیه", "کریمی")
    nosheba = unit_worker(actor, u, "لیلا", "نوری", sheba="")
    week = timezone.localdate()
    services.worklog_add(
        actor=actor, item=item, week_of=week, rows=[(good, 30, 0), (nosheba, 10, 0)]
    )
    services.quality_check_add(
        actor=actor, item=item, worker=good, checked_on=week, passed=28, rework=0, rejected=2,
        reason="دوخت یقه کج",
    )  # fmt: skip
    return o, item, good, nosheba, week


def production_route_kwargs() -> dict:
    """Kwargs for every production route in the matrix test."""
    from tavana.core.domain.jalali import to_jalali

    actor = coordinator("matrix-production")
    o, item, good, _, week = worked_order(actor)
    year, month, _ = to_jalali(week)
    payroll = services.payroll_close(actor=actor, year=year, month=month)
    a = o.plans.get(current=True).assignments.first()
    home = home_worker(actor, {item.product: 30}, first="نرگس", last="رضایی")
    return {
        "production:unit_edit": {"unit_id": Unit.objects.first().pk},
        "production:worker_edit": {"worker_id": home.pk},
        "production:order": {"order_id": o.pk},
        "production:order_move": {"order_id": o.pk},
        "production:plan_make": {"order_id": o.pk},
        "production:assignment_adjust": {"assignment_id": a.pk},
        "production:worklog": {"item_id": item.pk},
        "production:quality_check": {"item_id": item.pk},
        "production:delivery_new": {"order_id": o.pk},
        "production:material_move": {"order_id": o.pk},
        "production:payroll": {"payroll_id": payroll.pk},
        "production:payroll_approve": {"payroll_id": payroll.pk},
        "production:bank_file": {"payroll_id": payroll.pk},
        "production:statement": {"payroll_id": payroll.pk, "worker_id": good.pk},
    }
