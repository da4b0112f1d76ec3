"""The checker's queue of support proposals comes a page at a time: it was cut
at its first 300 without a word, so the 301st proposal could never be decided
from the page (issue 15). Only the page shown is an audited read."""

import datetime as dt

import pytest

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.domain.identifiers import make_sheba
from tavana.youth import services
from tavana.youth.models import BudgetLine, SupportGrant

from .factories import clear_for_children, make_family

pytestmark = pytest.mark.django_db


def test_the_301st_proposal_is_on_the_last_page(client, make_user, worker, d4):
    line = BudgetLine.objects.create(code="l", name="ردیف", year=1404, amount_toman=10**12)
    _, (kid,) = make_family(district=d4, children=(("سارا", 2013),))
    a = services.application_create(
        actor=worker, child=kid, exam="model", year=1404, grade=7, registered_on=dt.date.today()
    )
    first = services.grant_propose(
        actor=worker, application=a, kind="registration", amount_toman=1_000_001,
        budget_line=line, sheba=make_sheba("0170000000123456789012"),
    )  # fmt: skip
    SupportGrant.objects.bulk_create(
        SupportGrant(
            application=a, kind="registration", amount_toman=1_000_001 + i, budget_line=line,
            payee=first.payee, sheba=first.sheba, proposed_by=worker,
        )
        for i in range(1, 301)
    )  # fmt: skip
    client.force_login(clear_for_children(make_user(roles.MANAGER, username="boss")).user)
    html = client.get("/youth/support/").content.decode()
    assert html.count('data-testid="grant-row"') == 50 and "صفحهٔ ۱ از ۷" in html
    last = client.get("/youth/support/", {"page": 7}).content.decode()
    assert last.count('data-testid="grant-row"') == 1
    assert "۱٬۰۰۰٬۳۰۱" in last  # the 301st, cut before
    # each page read is audited for the rows it shows, not the whole queue
    reads = AuditEntry.objects.filter(action="youth.read_grants")
    assert reads.count() == 51
