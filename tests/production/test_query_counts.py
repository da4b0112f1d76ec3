"""Production's list pages take the same number of queries however many
clients, producers, products and weeks of work there are; each page shows the
rows added."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from tavana.production import services
from tests.query_counts import assert_pinned

from . import factories as f

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


@pytest.fixture
def coordinator(client):
    user = f.coordinator("coord-pins")
    client.force_login(user)
    return user


def test_clients(client, coordinator):
    def more(n=3):
        for _ in range(n):
            services.client_save(
                actor=coordinator,
                data={"name": f"سفارش‌دهندهٔ {next(_n)}"},
                contact={"name": "رابط", "position": "کارشناس", "phone": "09120000000"},
            )

    more(1)
    page = assert_pinned(client, reverse("production:clients"), more, PINNED["clients"])
    assert page.count("سفارش‌دهندهٔ ") >= 4


def test_producers(client, coordinator):
    shirt = f.product("پیراهن")

    def more(n=2):
        for _ in range(n):
            u = f.unit(coordinator, {shirt: 30})
            f.unit_worker(coordinator, u, "سمیه", f"کارگر{next(_n)}")
            f.home_worker(coordinator, {shirt: 20}, first="زهرا", last=f"خانگی{next(_n)}")

    more(1)
    page = assert_pinned(client, reverse("production:producers"), more, PINNED["producers"])
    assert page.count("کارگاه دوخت") >= 3 and page.count("خانگی") >= 3


def test_rates(client, coordinator):
    def more(n=3):
        for _ in range(n):
            p = services.product_save(actor=coordinator, name=f"کالای {next(_n)}")
            services.rate_add(
                actor=coordinator, product=p, size="", toman=40_000, hourly_toman=None,
                valid_from=dt.date.today(),
            )  # fmt: skip

    more(1)
    page = assert_pinned(client, reverse("production:rates"), more, PINNED["rates"])
    assert page.count("کالای ") >= 4


def test_an_order_with_its_weeks_of_work(client, coordinator):
    o, item, good, nosheba, week = f.worked_order(coordinator)

    def more():
        for days in (7, 14):
            services.worklog_add(
                actor=coordinator, item=item, week_of=week - dt.timedelta(days=days),
                rows=[(good, 5, 0), (nosheba, 5, 0)],
            )  # fmt: skip

    page = assert_pinned(client, reverse("production:order", args=[o.pk]), more, PINNED["order"])
    assert "لباس فرم شهربانان" in page and "پیراهن" in page


def test_the_api_list_of_orders(client, coordinator):
    f.order(coordinator)
    more = lambda: [f.order(coordinator, title=f"سفارش {next(_n)}") for _ in range(3)]  # noqa: E731
    page = assert_pinned(client, reverse("api:production_orders"), more, PINNED["api_orders"])
    assert page.count('"title"') >= 4


PINNED = {"api_orders": 7, "clients": 7, "producers": 18, "rates": 9, "order": 15}
