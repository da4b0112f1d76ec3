"""A release case's page lists its debts, its ledger entries (gifts to the case)
and its history; a donor's page lists her gifts: the same number of queries
with 2 rows as with 10, every row shown."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.protected.release import services
from tavana.protected.release.models import Debt
from tests.query_counts import assert_pinned, rows_of

from .release_factories import release_staff, verified_case

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


@pytest.fixture
def team(make_user):
    return (
        release_staff(make_user, roles.SOCIAL_WORKER, "rp_a"),
        release_staff(make_user, roles.SOCIAL_WORKER, "rp_b"),
    )


def test_a_case_with_its_debts_and_gifts(client, team):
    a, b = team
    case = verified_case(a, b, debt=900_000_000, national_code="")  # one debt
    client.force_login(a)

    def more(n):
        for _ in range(n):
            k = next(_n)
            services.debt_add(actor=a, case=case, kind=Debt.PRIVATE, creditor=f"طلبکار {k}",
                              amount=1_000_000)  # fmt: skip
            donor = services.donor_save(actor=a, name=f"نیکوکار {k}")
            services.payment_record(actor=a, donor=donor, amount=1_000_000,
                                    on=timezone.localdate(), case=case)  # fmt: skip

    more(1)  # 2 debts, 1 gift
    more(1)  # 3 debts, 2 gifts
    url = reverse("release:case", args=[case.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED["case"])
    assert rows_of(page, "entries") == 10 and rows_of(page, "debts") == 11
    assert all(f"نیکوکار {k}" in page for k in range(1, 11))


def test_a_donor_with_her_gifts(client, team):
    a, b = team
    donor = services.donor_save(actor=a, name="نیکوکار ثابت")
    client.force_login(a)

    def more(n):
        for _ in range(n):
            services.payment_record(actor=a, donor=donor, amount=1_000_000 + next(_n),
                                    on=timezone.localdate())  # fmt: skip

    more(2)
    url = reverse("release:donor", args=[donor.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED["donor"])
    assert rows_of(page, "gifts") == 10


PINNED = {"case": 27, "donor": 14}


def test_a_donors_own_page_with_her_gifts(client, team):
    """The page her SMS links to (no sign-in): her gifts and their receipts."""
    a, _ = team
    donor = services.donor_save(actor=a, name="نیکوکار پیوند")

    def more(n):
        for _ in range(n):
            services.payment_record(actor=a, donor=donor, amount=1_000_000 + next(_n),
                                    on=timezone.localdate())  # fmt: skip

    more(2)
    url = reverse("release_public:donor", args=[donor.token])
    page = assert_pinned(client, url, lambda: more(8), PINNED_PUBLIC["donor"])
    assert rows_of(page, "donor-gifts") == 10


PINNED_PUBLIC = {"donor": 4}
