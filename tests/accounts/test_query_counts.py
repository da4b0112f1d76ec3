"""The administrator's lists (staff, units) take the same number of queries
however many accounts and units there are."""

import itertools

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.accounts.models import OrgUnit
from tests.query_counts import assert_pinned

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def test_staff_and_units(client_as, make_user):
    c = client_as(roles.ADMINISTRATOR)

    def more_staff():
        for role in (roles.REGISTRAR, roles.SOCIAL_WORKER, roles.TRAINER):
            make_user(role, username=f"staff{next(_n)}")

    more_staff()
    page = assert_pinned(c, reverse("accounts:staff"), more_staff, PINNED["staff"])
    assert page.count("staff") >= 6
    top = OrgUnit.objects.create(code="t-area", name="حوزهٔ آزمایشی", kind=OrgUnit.AREA)

    def more_units():
        for _ in range(3):
            n = next(_n)
            OrgUnit.objects.create(
                code=f"t-office-{n}", name=f"ادارهٔ آزمایشی {n}", kind=OrgUnit.OFFICE, parent=top
            )

    page = assert_pinned(c, reverse("accounts:units"), more_units, PINNED["units"])
    assert page.count("ادارهٔ آزمایشی") >= 3


PINNED = {"staff": 7, "units": 8}  # staff: + the pager's count
