"""A woman of the employment programme works in a production unit as any other:
production's screens and files say nothing of the programme, and her approved
wages reach the programme's own ledger."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tavana.core.domain.jalali import to_jalali
from tavana.production import services
from tavana.protected.models import Programme, WageEntry
from tests.production import factories as pf

from .factories import enrol_prison

pytestmark = pytest.mark.django_db


def test_approved_wages_reach_the_programme_ledger_and_nothing_else_says_so(client):
    closer, approver = pf.coordinator(), pf.coordinator()
    _, item, good, other, week = pf.worked_order(closer)
    participant = enrol_prison(good.person)
    year, month, _ = to_jalali(week)
    payroll = services.payroll_close(actor=closer, year=year, month=month)
    client.force_login(closer)
    pages = [
        client.get(reverse("production:payroll", args=[payroll.pk])).content.decode(),
        client.get(reverse("production:statement", args=[payroll.pk, good.pk])).content.decode(),
        client.get(reverse("production:worklog", args=[item.pk])).content.decode(),
    ]
    names = [name for _, name in Programme.KIND_CHOICES] + list(Programme.DEFAULT_NAMES.values())
    for page in pages:
        assert "سمیه کریمی" in page
        for word in [*names, "رأی‌باز", "زندان", "برنامهٔ ویژه"]:
            assert word not in page
    services.payroll_approve(actor=approver, payroll=payroll)
    entry = WageEntry.objects.get(participant=participant, year=year, month=month)
    assert entry.wage_toman == 1_400_000
    assert entry.recorded_by == approver
    # The other woman is not in the programme: nothing is written for her.
    assert WageEntry.objects.filter(participant__person=other.person).count() == 0
