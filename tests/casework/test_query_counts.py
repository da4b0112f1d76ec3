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


def test_a_womans_page_with_her_services_and_courses(client, worker, woman):
    """The person page gathers a section from every context; more rows in them
    take no more queries."""
    from decimal import Decimal

    from tests.training import factories as tf

    client.force_login(worker)
    services.case_take(actor=worker, person=woman)
    service = ServiceType.objects.get(code="counselling_session")

    def more(n=3):
        for _ in range(n):
            services.delivery_record(
                actor=worker, person=woman, service=service,
                delivered_on=timezone.localdate(), quantity=Decimal("1"),
            )  # fmt: skip
            tf.seat(tf.course(title=f"دورهٔ آزمایشی {next(_n)}"), woman)

    more(1)
    url = reverse("people:detail", args=[woman.pk])
    page = assert_pinned(client, url, more, PINNED["person"])
    assert page.count("دورهٔ آزمایشی") >= 4


def test_the_ladder_and_the_assessment_questions(client_as):
    from tavana.casework.domain.assessment import DOMAINS
    from tavana.casework.models import AnswerOption, LevelTransition, Question, SupportLevel

    client = client_as(roles.ADMINISTRATOR)
    top = SupportLevel.objects.order_by("-order").first()

    def more_levels():
        for _ in range(3):
            n = next(_n)
            level = SupportLevel.objects.create(
                code=f"test{n}", name=f"سطح آزمایشی {n}", order=top.order + n
            )
            LevelTransition.objects.create(from_level=top, to_level=level, needs_reason=True)

    page = assert_pinned(client, reverse("casework:config_ladder"), more_levels, PINNED["ladder"])
    assert page.count("سطح آزمایشی") >= 3

    def more_questions():
        for _ in range(3):
            n = next(_n)
            q = Question.objects.create(
                code=f"q{n}", domain=DOMAINS[0][0], text=f"پرسش آزمایشی {n}", order=n
            )
            for score in range(4):
                AnswerOption.objects.create(question=q, text=f"پاسخ {score}", score=score)

    url = reverse("casework:config_assessment")
    page = assert_pinned(client, url, more_questions, PINNED["assessment"])
    assert page.count("پرسش آزمایشی") >= 3


# dashboard: + her districts, read once for the links to the women's pages (url_if_allowed)
PINNED = {"dashboard": 13, "services": 11, "ladder": 10, "assessment": 9, "person": 33}
