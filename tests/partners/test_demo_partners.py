"""The demo's partners: ACECR in four axes with ~20 candidates and the year's four
quick wins chosen by the solver; five other agreements; loading twice adds nothing."""

import pytest

from tavana.accounts import roles
from tavana.partners.models import Agreement, Organisation, Portfolio, Project
from tavana_demo.partners import load_partners

pytestmark = pytest.mark.django_db


def test_the_demo_partners(make_user):
    make_user(roles.MANAGER, username="manager")
    out = []
    load_partners(out.append)
    acecr = Agreement.objects.get(organisation__code="acecr")
    assert acecr.axes.count() == 4
    assert acecr.projects.count() == 20
    chosen = Portfolio.objects.get(agreement=acecr).chosen.all()
    assert len(chosen) == 4 and all(p.horizon == "quick" for p in chosen)
    assert {p.status for p in chosen} == {"active"}
    assert Project.objects.filter(status="candidate").count() == 16
    kinds = set(Agreement.objects.values_list("organisation__kind", flat=True))
    assert {"relief", "welfare", "prisons", "charity", "academic"} <= kinds
    assert (
        Organisation.objects.filter(kind="charity", agreements__isnull=False).distinct().count()
        == 2
    )
    assert Agreement.objects.filter(status="expiring").exists()  # its reminder shows in the demo
    load_partners(out.append)
    assert Agreement.objects.count() == 6 and Project.objects.count() == 20
