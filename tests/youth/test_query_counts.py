"""The youth list pages take the same number of queries however many rows."""

import datetime as dt

import pytest

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_sheba
from tavana.youth import services
from tavana.youth.models import BudgetLine
from tests.query_counts import assert_pinned

from .factories import clear_for_children, make_family, make_school

pytestmark = pytest.mark.django_db


def _applications(worker, d4, line, n, start=0):
    for i in range(start, start + n):
        _, (kid,) = make_family(district=d4, mother=("م", f"خ{i}"), children=((f"ک{i}", 2013),))
        a = services.application_create(
            actor=worker, child=kid, exam="model", year=1404, grade=7,
            registered_on=dt.date.today(),
        )  # fmt: skip
        services.grant_propose(
            actor=worker, application=a, kind="registration", amount_toman=300_000,
            budget_line=line, sheba=make_sheba("0170000000123456789012"),
        )  # fmt: skip


@pytest.fixture
def line(db):
    return BudgetLine.objects.create(code="l", name="ردیف", year=1404, amount_toman=10**9)


def test_gifted_applications(client, worker, d4, line):
    client.force_login(worker)
    _applications(worker, d4, line, 2)
    assert_pinned(
        client, "/youth/gifted/", lambda: _applications(worker, d4, line, 3, 2), PINNED["gifted"]
    )


def test_the_support_queue(client, make_user, worker, d4, line):
    client.force_login(clear_for_children(make_user(roles.MANAGER, username="boss")).user)
    _applications(worker, d4, line, 2)
    assert_pinned(
        client, "/youth/support/", lambda: _applications(worker, d4, line, 3, 2), PINNED["support"]
    )


def test_schools(client, worker, d4):
    client.force_login(worker)
    make_school("الف", district=d4)
    assert_pinned(
        client, "/youth/schools/",
        lambda: [make_school(f"مدرسه {i}", district=d4) for i in range(4)], PINNED["schools"],
    )  # fmt: skip


def test_talent_rounds(client, worker):
    client.force_login(worker)

    def more(n=1):
        for i in range(n):
            services.talent_round_create(
                actor=worker, title=f"دور {i}", domain="art", method="observation",
                instrument="مشاهده", held_on=dt.date.today(),
            )  # fmt: skip

    more()
    assert_pinned(client, "/youth/talent/", lambda: more(3), PINNED["talent"])


# each page also checks the reader's clearance and audits the rows it shows (one batch)
PINNED = {"gifted": 14, "support": 15, "schools": 8, "talent": 6}
