"""The release campaign's lists take the same number of queries however many
cases, donors and ledger entries they show."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.protected.release import services
from tests.query_counts import assert_pinned

from .release_factories import release_staff, verified_case

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


@pytest.fixture
def team(make_user):
    return (
        release_staff(make_user, roles.SOCIAL_WORKER, "q_a"),
        release_staff(make_user, roles.SOCIAL_WORKER, "q_b"),
    )


def _more(a, b):
    def add():
        for _ in range(3):
            case = verified_case(a, b, national_code="")
            donor = services.donor_save(actor=a, name=f"نیکوکار {next(_n)}")
            services.payment_record(actor=a, donor=donor, amount=1_000_000,
                                    on=timezone.localdate(), case=case)  # fmt: skip
            org = services.donor_save(actor=a, kind="organisation",
                                      organisation_name=f"سازمان نیکوکار {next(_n)}")  # fmt: skip
            services.payment_record(actor=a, donor=org, amount=1_000_000, on=timezone.localdate())

    return add


# each list with what shows once per row added (3 cases, 3 donors, 3 organisations)
@pytest.mark.parametrize(
    "name,pinned,row",
    # (each page asks for the clearance once per gate: one query since the programmes'
    # clearances are accounts.Clearance rows, two before)
    [("release:home", 20, "/protected/release/c/"), ("release:ledger", 9, "نیکوکار"),
     ("release:donors", 9, "سازمان نیکوکار"), ("release_public:campaign", 11, None),
     ("api:release_cases", 16, '"code"')],
)  # fmt: skip
def test_lists_are_pinned(client, team, name, pinned, row):
    a, b = team
    _more(a, b)()
    client.force_login(a)
    before = client.get(reverse(name)).content.decode()
    page = assert_pinned(client, reverse(name), _more(a, b), pinned)
    if row is not None:
        assert page.count(row) >= before.count(row) + 3, row


def test_the_pool_and_its_proposals(client, team):
    a, b = team
    _more(a, b)()
    services.allocation_propose(actor=b)
    client.force_login(a)

    def more():
        _more(a, b)()
        for _ in range(2):
            services.allocation_propose(actor=b)

    before = client.get(reverse("release:pool")).content.decode()
    page = assert_pinned(client, reverse("release:pool"), more, PINNED_POOL)
    assert page.count("<tr") >= before.count("<tr") + 2  # the two proposals


PINNED_POOL = 9
