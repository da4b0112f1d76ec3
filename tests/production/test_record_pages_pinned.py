"""A payroll's page lists a line per woman paid that month: the same number of
queries for a month of 2 women as for a month of 10, every line shown."""

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


PINNED = {"payroll": 7}
