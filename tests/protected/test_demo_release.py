"""The release campaign's demo loader: cases in every status through the services,
a ledger that balances, idempotent."""

import pytest

from tavana.core.geography import load_geography
from tavana.partners.models import Organisation
from tavana.protected.release import services
from tavana.protected.release.models import FollowUp, LedgerEntry, ReleaseCase
from tavana_demo.accounts import load_users
from tavana_demo.release import PLAN, load_release

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_status_and_a_balanced_ledger():
    load_geography(print)
    load_users(print)
    Organisation.objects.get_or_create(code="prisons_org", defaults={"name": "سازمان زندان‌ها",
                                       "kind": "prisons"})  # fmt: skip
    lines: list[str] = []
    load_release(lines.append)
    statuses = set(ReleaseCase.objects.values_list("status", flat=True))
    assert {
        "identified",
        "verified",
        "fundraising",
        "released",
        "followed_up",
        "closed",
    } <= statuses
    assert ReleaseCase.objects.count() == len(PLAN)
    assert ReleaseCase.objects.filter(person__isnull=False).count() == 3
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    balances = services.ledger_balances()
    assert balances.check_sum() and balances.gifts > 0
    n = LedgerEntry.objects.count()
    load_release(lines.append)
    assert LedgerEntry.objects.count() == n and ReleaseCase.objects.count() == len(PLAN)
