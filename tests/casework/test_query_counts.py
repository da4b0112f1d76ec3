"""Casework's list pages take the same number of queries however many rows."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.casework import services
from tavana.casework.models import Programme, ServiceType
from tavana.people.models import Person
from tests.query_counts import assert_pinned

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def _case(worker, district) -> Person:
    n = next(_n)
    p = Person.objects.create(
        first_name=f"زن{n}", last_name="نمونه", name_key=f"زن{n} نمونه", district=district
    )
    services.case_take(actor=worker, person=p)
    services.goal_with_action_create(
        actor=worker,
        person=p,
        title="هدف",
        action=f"اقدام شمارهٔ {n}",
        follow_up_on=timezone.localdate() - dt.timedelta(days=1),
    )
    return p


def test_a_social_workers_dashboard(client, worker, d4):
    client.force_login(worker)
    _case(worker, d4)
    more = lambda: [_case(worker, d4) for _ in range(4)]  # noqa: E731
    page = assert_pinned(client, reverse("casework:dashboard"), more, PINNED["dashboard"])
    assert "اقدام شمارهٔ 5" in page or "اقدام شمارهٔ ۵" in page


def test_the_service_types(client_as):
    client = client_as(roles.ADMINISTRATOR)

    programme = Programme.objects.first()

    def more():
        for _ in range(4):
            n = next(_n)
            ServiceType.objects.create(
                code=f"test{n}", name=f"خدمت آزمایشی {n}", programme=programme
            )

    page = assert_pinned(client, reverse("casework:config_services"), more, PINNED["services"])
    assert page.count("خدمت آزمایشی") >= 4


PINNED = {"dashboard": 12, "services": 11}
