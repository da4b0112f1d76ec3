"""The youth list pages take the same number of queries however many rows."""

import datetime as dt

import pytest

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_sheba
from tavana.youth import services
from tavana.youth.models import BudgetLine
from tests.query_counts import assert_pinned
from tests.training import factories as tf

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


def test_teen_programmes(client, make_user):
    manager = make_user(roles.CENTRE_MANAGER, username="cm")
    client.force_login(manager)

    def more(n=1):
        for _ in range(n):
            c = tf.course(capacity=5, sessions=2, title="کارآفرینی نوجوانان", kind="teen")
            services.teen_programme_create(actor=manager, course=c, theme="startup")

    more()
    page = assert_pinned(client, "/youth/teens/", lambda: more(3), PINNED["teens"])
    assert page.count("کارآفرینی نوجوانان") >= 4


def test_indicators_with_their_changes(client, admin):
    from tavana.youth.models import WarningIndicator

    client.force_login(admin)
    ind = WarningIndicator.objects.get(code="low_average")

    def more(n=1):
        for i in range(n):
            services.indicator_update(
                actor=admin, indicator=ind, threshold=str(12 + i), severity=2, active=True
            )

    more()
    page = assert_pinned(client, "/youth/indicators/", lambda: more(3), PINNED["indicators"])
    from tavana.audit.models import AuditEntry

    changes = AuditEntry.objects.filter(action="youth.indicator_update").count()
    assert changes >= 2 and page.count('<li class="mb-2">') == changes  # a row per change


def test_the_api_risk_list(client, worker, d4):
    client.force_login(worker)
    school = make_school(district=d4)

    def more(n=1):
        for i in range(n):
            _, (kid,) = make_family(district=d4, mother=("م", f"خ{i}"), children=((f"ک{i}", 2011),))
            services.school_year_record(actor=worker, child=kid, year=1403, grade=8, school=school)
            for term, average in ((1, "16"), (2, "11")):
                services.term_result_record(
                    actor=worker, child=kid, year=1403, term=term, average=average
                )

    more()
    page = assert_pinned(client, "/api/youth/risk-list", lambda: more(3), PINNED["api_risk"])
    assert page.count('"low_average"') >= 4


# each page also checks the reader's clearance and audits the rows it shows (one batch);
# schools: + the pager's count
PINNED = {
    "gifted": 14,
    "support": 16,  # +1: the pager counts the queue (issue 15)
    "schools": 9,
    "talent": 6,
    "teens": 9,
    "indicators": 7,
    "api_risk": 14,
}  # fmt: skip
