"""A project's page lists its milestones, its indicators (each with its latest
measurement) and its status changes: the same number of queries with 2 of each
as with 10, every row shown."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.partners import services
from tests.query_counts import assert_pinned, queries_of, rows_of

from . import factories as f

pytestmark = pytest.mark.django_db
_n = itertools.count(1)
TODAY = dt.date.today()


def test_a_project_with_its_milestones_and_indicators(client_as):
    client = client_as(roles.MANAGER)
    p = f.project(f.agreement())
    boss = f.manager()

    def more(n):
        for _ in range(n):
            k = next(_n)
            services.milestone_add(actor=boss, project=p, title=f"گام {k}", due_on=TODAY)
            i = services.indicator_add(
                actor=boss, project=p, data={"kind": "output", "name": f"شاخص {k}", "target": 100}
            )
            for value in (10, 20):
                services.measurement_add(actor=boss, indicator=i, value=value, measured_on=TODAY)

    more(2)
    url = reverse("partners:project", args=[p.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED["project"])
    assert rows_of(page, "milestones") == 10 and rows_of(page, "indicators") == 10
    assert all(f"شاخص {k}" in page for k in range(1, 11))


PINNED = {"project": 10}


def test_an_organisation_with_its_agreements_and_contacts(client_as):
    client = client_as(roles.MANAGER)
    o = f.organisation()
    boss = f.manager()

    def more(n):
        for _ in range(n):
            k = next(_n)
            f.agreement(title=f"تفاهم‌نامهٔ {k}", org=o)
            services.contact_add(actor=boss, organisation=o, name=f"رابط {k}", phone="09121234567")

    more(2)
    url = reverse("partners:organisation", args=[o.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED_ORG["organisation"])
    assert rows_of(page, "org-agreements") == 10 and rows_of(page, "contacts") == 10


def test_a_data_sharing_with_its_extracts(client):
    s = f.sharing()
    client.force_login(f.analyst())

    def more(n):
        for _ in range(n):
            services.extract_make(
                actor=f.manager(), sharing=s, kind="records", start=TODAY - dt.timedelta(days=30),
                end=TODAY,
            )  # fmt: skip

    more(2)
    url = reverse("partners:sharing", args=[s.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED_ORG["sharing"])
    assert rows_of(page, "extracts") == 10


PINNED_ORG = {"organisation": 11, "sharing": 9}


def _portfolio(a):
    return services.portfolio_save(
        actor=f.manager(), agreement=a, year=1404,
        limits={"budget": 100_000, "staff": 100, "min_count": 1, "max_count": 20},
        weights={"value": 4, "feasibility": 3, "speed": 3, "cost": 2},
    )  # fmt: skip


def test_a_portfolio_with_its_candidates_explained(client_as):
    """A draft portfolio's page explains the solver's choice project by project
    (and lists its history): the same number of queries with 2 candidates as with
    10, every line shown."""
    client = client_as(roles.MANAGER)
    a = f.agreement(title="تفاهم‌نامهٔ سبد")
    p = _portfolio(a)

    def more(n):
        for _ in range(n):
            f.project(a, title=f"پروژهٔ سبد {next(_n)}")
        services.portfolio_propose(actor=f.manager(), portfolio=p)

    more(2)
    url = reverse("partners:portfolio", args=[p.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED_PORTFOLIO["draft"])
    assert rows_of(page, "explanation") == 10


def test_a_decided_portfolio_with_its_chosen_projects(client_as):
    """Once decided, the page lists the projects chosen: a portfolio of 2 takes
    as many queries as one of 10, every project shown."""
    client = client_as(roles.MANAGER)

    def decided(n: int) -> str:
        a = f.agreement(title=f"تفاهم‌نامهٔ {n} پروژه")
        ids = [f.project(a, title=f"پروژهٔ برگزیده {next(_n)}").pk for _ in range(n)]
        p = services.portfolio_propose(actor=f.manager(), portfolio=_portfolio(a))
        reason = "" if sorted(p.proposal["chosen"]) == ids else "همه در این سال"
        services.portfolio_decide(actor=f.manager(), portfolio=p, chosen_ids=ids, reason=reason)
        return reverse("partners:portfolio", args=[p.pk])

    two, ten = decided(2), decided(10)
    queries_of(client, two)  # the session's and the menu's caches filled
    (n_two, _), (n_ten, page) = queries_of(client, two), queries_of(client, ten)
    assert (n_two, n_ten) == (PINNED_PORTFOLIO["decided"],) * 2
    assert rows_of(page, "chosen") == 10 and rows_of(page, "explanation") == 10


PINNED_PORTFOLIO = {"draft": 7, "decided": 8}
