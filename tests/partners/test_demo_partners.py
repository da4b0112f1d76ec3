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


def test_the_demo_data_sharing_and_the_partner_list(make_user, settings, tmp_path):
    import csv

    from tavana.partners.models import DataSharing, Extract, OverlapRun
    from tavana_demo.sharing import load_sharing

    settings.TAVANA_HOME = tmp_path
    make_user(roles.MANAGER, username="manager")
    make_user(roles.PARTNER_ANALYST, username="partner")
    out = []
    load_partners(out.append)
    load_sharing(out.append)
    assert DataSharing.objects.count() == 2 and Extract.objects.count() == 2
    assert DataSharing.objects.filter(record_level=True).count() == 1
    listing = tmp_path / "demo" / "overlap" / "welfare-list.csv"
    with listing.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header[0] == "کد ملی" and "خدمت" in header
    run = OverlapRun.objects.get()  # counted once against the registry: counts only
    assert run.partner_rows == 100 and run.matched is None  # nobody of the list is registered
    assert run.sharing.agreement.organisation.code == "welfare_org"
    load_sharing(out.append)
    assert DataSharing.objects.count() == 2 and Extract.objects.count() == 2
    assert OverlapRun.objects.count() == 1
