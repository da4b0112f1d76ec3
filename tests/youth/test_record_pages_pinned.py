"""A youth record's page that lists what belongs to it (a child's results and
school years, a teen programme's teens, a talent round's results) takes the same
number of queries with 2 rows as with 10, and shows every row."""

import datetime as dt

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.training.models import Course
from tavana.youth import services
from tests.query_counts import assert_pinned, rows_of
from tests.training import factories as tf

from .factories import clear_for_children, make_family, make_school

pytestmark = pytest.mark.django_db


def _child_with_results(worker, d4):
    """A child and `more(n)`: n more school years, each with two terms' results."""
    school = make_school(district=d4)
    _, (kid,) = make_family(district=d4, children=(("سارا", 2008),))
    years = iter(range(1395, 1400))

    def more(n):
        for _ in range(n):
            year = next(years)
            services.school_year_record(
                actor=worker, child=kid, year=year, grade=year - 1388, school=school
            )
            for term in (1, 2):
                services.term_result_record(
                    actor=worker, child=kid, year=year, term=term, average="11"
                )

    return kid, more


def test_a_childs_record_with_its_results_and_school_years(client, worker, d4):
    client.force_login(worker)
    kid, more = _child_with_results(worker, d4)
    more(1)  # 2 results
    page = assert_pinned(
        client, reverse("youth:child", args=[kid.pk]), lambda: more(4), PINNED["child"]
    )
    assert rows_of(page, "results") == 10 and rows_of(page, "school-years") == 5


def test_the_apis_child_record(client, worker, d4):
    import json

    client.force_login(worker)
    kid, more = _child_with_results(worker, d4)
    more(1)
    page = assert_pinned(
        client, reverse("api:youth_child", args=[kid.pk]), lambda: more(4), PINNED["api_child"]
    )
    record = json.loads(page)
    assert len(record["results"]) == 10 and len(record["schools"]) == 5


def test_a_teen_programme_with_its_teens(client, d4, make_user):
    manager = make_user(roles.CENTRE_MANAGER, username="cm")
    manager.districts.set([d4])  # the roll shows the teens of her districts
    clear_for_children(manager)
    client.force_login(manager)
    c = tf.course(capacity=20, sessions=2, title="کارآفرینی نوجوانان", kind=Course.TEEN)
    programme = services.teen_programme_create(actor=manager, course=c, theme="startup")
    year = c.first_date.year - 15
    made = iter(range(20))

    def more(n):
        for _ in range(n):
            i = next(made)
            _, (teen,) = make_family(
                district=d4, mother=("م", f"خ{i}"), children=((f"ن{i}", year),)
            )
            services.consent_record(
                actor=manager, programme=programme, child=teen, method="signed",
                given_on=dt.date.today(),
            )  # fmt: skip
            services.teen_enrol(actor=manager, programme=programme, child=teen)

    more(2)
    page = assert_pinned(
        client,
        reverse("youth:teen_programme", args=[programme.pk]),
        lambda: more(8),
        PINNED["teen_programme"],
    )
    assert rows_of(page, "teens") == 10


def test_a_talent_round_with_its_results(client, worker, d4):
    client.force_login(worker)
    r = services.talent_round_create(
        actor=worker, title="آزمون ریاضی", domain="academic", method="test",
        instrument="آزمون استاندارد", held_on=dt.date.today(), cutoff=80,
    )  # fmt: skip
    made = iter(range(20))

    def more(n):
        for _ in range(n):
            i = next(made)
            _, (kid,) = make_family(district=d4, mother=("م", f"خ{i}"), children=((f"ک{i}", 2012),))
            services.talent_result_record(actor=worker, round=r, child=kid, score=70 + i)

    more(2)
    page = assert_pinned(
        client, reverse("youth:talent_round", args=[r.pk]), lambda: more(8), PINNED["talent_round"]
    )
    assert rows_of(page, "talent-results") == 10


def test_a_budget_line_with_its_history(client, make_user):
    boss = clear_for_children(make_user(roles.MANAGER, username="boss-line")).user
    client.force_login(boss)
    line = services.budget_line_save(
        actor=boss, code="l1", name="ردیف ۰", year=1404, amount_toman=10**9
    )
    made = iter(range(1, 30))

    def more(n):
        for _ in range(n):
            services.budget_line_update(
                actor=boss, line=line, name=f"ردیف {next(made)}", year=1404,
                amount_toman=10**9, active=True,
            )  # fmt: skip

    more(2)
    shown = lambda page: rows_of(page, "history")  # noqa: E731
    before = shown(client.get(reverse("youth:budget_line", args=[line.pk])).content.decode())
    page = assert_pinned(
        client, reverse("youth:budget_line", args=[line.pk]), lambda: more(8), PINNED["line"]
    )
    assert shown(page) == before + 8 and "ردیف 10" in page


def test_a_gifted_application_with_its_support_grants(client, worker, d4):
    from tavana.core.domain.identifiers import make_sheba
    from tavana.youth.models import BudgetLine

    client.force_login(worker)
    line = BudgetLine.objects.create(code="g", name="ردیف", year=1404, amount_toman=10**10)
    _, (kid,) = make_family(district=d4, children=(("سارا", 2013),))
    a = services.application_create(
        actor=worker, child=kid, exam="model", year=1404, grade=7, registered_on=dt.date.today()
    )
    kinds = iter(["registration", "preparation", "tuition", "transport"] * 3)

    def more(n):
        for _ in range(n):
            services.grant_propose(
                actor=worker, application=a, kind=next(kinds), amount_toman=300_000,
                budget_line=line, sheba=make_sheba("0170000000123456789012"),
            )  # fmt: skip

    more(2)
    page = assert_pinned(
        client, reverse("youth:application", args=[a.pk]), lambda: more(8), PINNED["application"]
    )
    assert rows_of(page, "grants") == 10


PINNED = {
    "child": 18,
    "api_child": 18,
    "teen_programme": 25,
    "talent_round": 15,
    "line": 7,
    "application": 17,
}  # fmt: skip
