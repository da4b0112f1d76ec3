"""Figures computed ahead: the page shows a snapshot and says when it was computed;
`tavana insights_refresh` brings it up to date; live when the setting is 0."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.domain import jalali
from tavana.core.models import District
from tavana.insights import selectors, snapshot
from tests.insights.factories import woman, world

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard")
EXPORT = reverse("insights:export")
REGISTERED = "زنان ثبت‌نام‌شده تا پایان دوره"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _registered(response) -> int:
    return dict(response.context["heads"])[REGISTERED]


def test_the_page_shows_a_snapshot_and_says_how_fresh_it_is(client_as, settings):
    settings.TAVANA_INSIGHTS_FRESH_SECONDS = 600
    world()
    c = client_as(roles.MANAGER)
    first = c.get(URL)
    body = first.content.decode()
    assert 'data-testid="as-of"' in body
    assert "محاسبه شده‌اند و هر ۱۰ دقیقه تازه می‌شوند" in body
    before = _registered(first)

    woman(500, 4)
    woman(501, 9)
    with CaptureQueriesContext(connection) as queries:
        again = c.get(URL)
    assert _registered(again) == before  # the snapshot, not the new rows
    with CaptureQueriesContext(connection) as live:
        snapshot.compute(selectors.Filters(*jalali.year_range(jalali.jalali_today().year)))
    assert len(queries) < len(live)  # the page ran none of the figures' queries

    out = _call("insights_refresh")
    assert out.startswith(f"{17 + District.objects.count()} views refreshed")  # city, districts
    assert _registered(c.get(URL)) == before + 2


def test_the_export_says_how_fresh_its_figures_are(client_as, settings):
    settings.TAVANA_INSIGHTS_FRESH_SECONDS = 300
    world()
    r = client_as(roles.MANAGER).get(EXPORT)
    assert r.status_code == 200
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(r.content)).active
    rows = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row and row[0]}
    assert "هر ۵ دقیقه تازه می‌شوند" in rows["تازگی ارقام"]


def test_live_figures_when_the_setting_is_zero(client_as, settings):
    settings.TAVANA_INSIGHTS_FRESH_SECONDS = 0
    world()
    c = client_as(roles.MANAGER)
    first = c.get(URL)
    assert 'data-testid="as-of"' not in first.content.decode()
    woman(500, 4)
    assert _registered(c.get(URL)) == _registered(first) + 1
    assert _call("insights_refresh").startswith("TAVANA_INSIGHTS_FRESH_SECONDS is 0")


def test_a_stale_snapshot_is_shown_while_another_process_recomputes_it(settings):
    settings.TAVANA_INSIGHTS_FRESH_SECONDS = 60
    world()
    f = selectors.Filters(*jalali.year_range(jalali.jalali_today().year))
    old = snapshot.compute(f)
    stale = snapshot.Snapshot(old.heads, old.tables, old.computed_at - dt.timedelta(hours=1), 0.0)
    snapshot.store(f, stale)
    woman(500, 4)
    cache.add(snapshot.cache_key(f) + ":computing", 1, timeout=60)  # someone else is on it
    assert snapshot.figures(f).computed_at == stale.computed_at
    cache.delete(snapshot.cache_key(f) + ":computing")
    fresh = snapshot.figures(f)  # nobody else: this request recomputes it
    assert fresh.computed_at > stale.computed_at
    assert dict(fresh.heads)[REGISTERED] == dict(old.heads)[REGISTERED] + 1


def _call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_exports_sheets_are_named_in_persian_digits(client_as):
    world()
    r = client_as(roles.MANAGER).get(EXPORT)
    from openpyxl import load_workbook

    names = load_workbook(io.BytesIO(r.content)).sheetnames
    assert "جدول ۱" in names and not any(c.isascii() and c.isdigit() for n in names for c in n)
