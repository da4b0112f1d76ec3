"""The demo's production: the three reported orders and a year of others, workers
in workshops and at home, logs, deliveries and approved payrolls; loading twice
adds nothing."""

import pytest

from tavana.accounts import roles
from tavana.core.domain.persian_text import search_key
from tavana.people.models import Person
from tavana.production.domain import orders as rules
from tavana.production.models import Delivery, Order, Payroll, Worker, WorkLog
from tavana_demo.production import load_production
from tests.training.factories import centre, district

pytestmark = pytest.mark.django_db


def test_the_demo_production(make_user):
    make_user(roles.CENTRE_MANAGER, username="centremanager")
    make_user(roles.ADMINISTRATOR, username="admin")
    for _ in range(3):
        centre(has_production_workshop=True)
    d = district(4)
    Person.objects.bulk_create(
        Person(first_name="زن", last_name=f"نمونه {k}", name_key=search_key(f"زن نمونه {k}"),
               first_key="زن", last_key=search_key(f"نمونه {k}"), district=d)
        for k in range(320)
    )  # fmt: skip
    out = []
    load_production(out.append)
    titles = dict(Order.objects.values_list("title", "status"))
    assert titles["لباس فرم شهربانان"] == rules.PAID
    assert titles["لباس فرم حریم‌بانان"] == rules.INVOICED
    assert titles["لباس فرم کارکنان معاینه فنی"] == rules.IN_PRODUCTION
    assert Order.objects.count() == 9
    inspection = Order.objects.get(title="لباس فرم کارکنان معاینه فنی")
    assert inspection.plans.get(current=True).assignments.filter(worker__unit__isnull=True).exists()
    assert Worker.objects.filter(unit__isnull=True).count() == 100
    assert Delivery.objects.count() == 8
    assert Payroll.objects.filter(status=Payroll.APPROVED).count() >= 7
    assert not WorkLog.objects.filter(payroll__isnull=True, week_of__lt="2000-01-01").exists()
    load_production(out.append)
    assert Order.objects.count() == 9
