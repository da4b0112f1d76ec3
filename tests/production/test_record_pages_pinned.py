"""A payroll's page lists a line per woman paid that month, and the API's order
its items: the same number of queries for 2 rows as for 10, every row shown (a
closed month or a made order takes no more rows: two records are compared)."""

import datetime as dt

import pytest
from django.urls import reverse

from tavana.core.domain.jalali import to_jalali
from tavana.production import services
from tests.query_counts import assert_pinned, queries_of, rows_of

from . import factories as f

pytestmark = pytest.mark.django_db


def test_a_payroll_with_its_lines(client):
    coordinator = f.coordinator("coord-payroll")
    client.force_login(coordinator)
    _, item, good, _, week = f.worked_order(coordinator)  # this month: 2 women
    earlier = week - dt.timedelta(days=31)  # always an earlier month
    ten = [good] + [f.unit_worker(coordinator, good.unit, "مریم", f"دوزنده{i}") for i in range(9)]
    services.worklog_add(actor=coordinator, item=item, week_of=earlier,
                         rows=[(w, 2, 0) for w in ten])  # fmt: skip
    # the earlier month first: a month's close takes every unpaid week up to its end
    big = services.payroll_close(actor=coordinator, year=to_jalali(earlier)[0],
                                 month=to_jalali(earlier)[1])  # fmt: skip
    small = services.payroll_close(actor=coordinator, year=to_jalali(week)[0],
                                   month=to_jalali(week)[1])  # fmt: skip
    small_url = reverse("production:payroll", args=[small.pk])
    queries_of(client, small_url)  # the session and the menu's caches
    n_small, page_small = queries_of(client, small_url)
    assert n_small == PINNED["payroll"], n_small
    big_url = reverse("production:payroll", args=[big.pk])  # (a closed month takes no more)
    page_big = assert_pinned(client, big_url, lambda: None, PINNED["payroll"])
    assert rows_of(page_small, "lines") == 2 and rows_of(page_big, "lines") == 10
    assert all(f"دوزنده{i}" in page_big for i in range(9))


def test_the_apis_order_with_its_items(client):
    import json

    coordinator = f.coordinator("coord-api-order")
    client.force_login(coordinator)

    def order_of(n):
        items = [
            {"product": f.product(f"کالای {n}-{k}"), "size": "M", "quantity": 10} for k in range(n)
        ]
        return f.order(coordinator, items=items)

    small, big = order_of(2), order_of(10)
    small_url = reverse("api:production_order", args=[small.pk])
    queries_of(client, small_url)  # the session's caches
    n_small, page_small = queries_of(client, small_url)
    assert n_small == PINNED["api_order"], n_small
    big_url = reverse("api:production_order", args=[big.pk])
    page_big = assert_pinned(client, big_url, lambda: None, PINNED["api_order"])
    assert len(json.loads(page_small)["items"]) == 2 and len(json.loads(page_big)["items"]) == 10


PINNED = {"payroll": 7, "api_order": 13}
