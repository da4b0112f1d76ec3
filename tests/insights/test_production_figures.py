"""Production figures on the insights page: orders by client and status, on-time
delivery, quality, women paid each month and per centre — counts and sums only."""

import pytest

from tavana.core.domain import jalali
from tavana.insights import selectors as s
from tavana.insights.production import production_tables
from tavana.production import services
from tests.production import factories as pf

pytestmark = pytest.mark.django_db


def test_the_production_tables_count_what_was_made_and_paid():
    closer, approver = pf.coordinator(), pf.coordinator()
    _, item, good, other, week = pf.worked_order(closer)
    y, m, _ = jalali.to_jalali(week)
    payroll = services.payroll_close(actor=closer, year=y, month=m)
    services.payroll_approve(actor=approver, payroll=payroll)
    tables = {t.key: t for t in production_tables(s.Filters(*jalali.month_range(y, m)))}
    orders = tables["production_orders"]
    assert orders.rows == ["سازمان خدمات شهری"]
    assert sum(orders.matrix[0]) == 1
    assert tables["production_quality"].matrix == [[28, 0, 2]]
    paid = tables["production_paid"]
    assert paid.matrix == [[2, 0]] and paid.amounts == [1_400_000 + 500_000]
    places = tables["production_places"]
    assert [row[0] for row in places.matrix] == [2]
    # Nothing names a woman.
    for t in tables.values():
        assert "سمیه" not in " ".join(t.rows) and "کریمی" not in " ".join(t.rows)


def test_a_month_not_approved_pays_nobody_in_the_figures():
    closer = pf.coordinator()
    _, _, _, _, week = pf.worked_order(closer)
    y, m, _ = jalali.to_jalali(week)
    services.payroll_close(actor=closer, year=y, month=m)
    tables = {t.key: t for t in production_tables(s.Filters(*jalali.month_range(y, m)))}
    assert tables["production_paid"].rows == []
