"""The bazaars' demo loader: graceful without persons, deterministic, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tavana.bazaars.models import Application, Assignment, Event, Round
from tavana.businesses.models import Business, Producer
from tavana.core.domain.jalali import from_jalali
from tavana.core.geography import load_geography
from tavana_demo.bazaars import load_venues
from tavana_demo.businesses import BUSINESSES, exhibition_year, history_months, load_bazaars
from tavana_demo.people import load_registry

pytestmark = pytest.mark.django_db


def test_without_persons_nothing_is_made():
    lines = []
    load_geography(lines.append)
    load_venues(lines.append)
    assert load_bazaars(lines.append) is None
    assert "خالی" in lines[-1]
    assert not Round.objects.exists() and not Business.objects.exists()


def test_the_demo_makes_the_exhibition_and_two_years_of_rounds_once():
    out = [].append
    load_geography(out)
    load_venues(out)
    load_registry(out, women=1100, children=20, duplicates=0, scan=False)
    summary = load_bazaars(out)
    assert Business.objects.count() == BUSINESSES
    assert Producer.objects.filter(business__isnull=True).exists()  # women without a business
    assert Round.objects.count() == 98 and summary["rounds"] == 98
    ex = Round.objects.get(name__startswith="بیستمین")
    events = Event.objects.filter(round=ex)
    assert events.count() == 20
    assert sum(e.venue.area_m2 for e in events) == 4032
    # the last Esfand before today, whatever day the demo is made
    last_esfand = exhibition_year(timezone.localdate())
    assert {e.start_date for e in events} == {from_jalali(last_esfand, 12, 16)}
    assert timezone.localdate() - events[0].end_date < dt.timedelta(days=366)
    assert ex.result["optimal"] and ex.status == Round.PUBLISHED
    assert Assignment.objects.filter(sales__gt=0).exists()
    draft = Round.objects.get(status=Round.DRAFT)
    assert Application.objects.filter(event__round=draft).exists()
    before = (Application.objects.count(), Assignment.objects.count())
    assert load_bazaars(out) is None
    assert (Application.objects.count(), Assignment.objects.count()) == before


def test_every_demo_date_is_relative_to_the_day_the_demo_is_made():
    # the history ended in Esfand 1402 whatever the day: its last rounds are now recent
    assert history_months(dt.date(2026, 12, 5))[-1] == (1405, 8)  # Azar 1405 → Aban
    assert history_months(dt.date(2026, 12, 5))[0] == (1403, 9)
    assert history_months(dt.date(2025, 3, 25))[-1] == (1403, 12)  # Farvardin 1404 → Esfand
    assert exhibition_year(dt.date(2026, 12, 5)) == 1404
    assert exhibition_year(dt.date(2026, 3, 17)) == 1404  # 25 Esfand 1404 is over
    assert exhibition_year(dt.date(2026, 3, 14)) == 1403  # 23 Esfand 1404: still on
