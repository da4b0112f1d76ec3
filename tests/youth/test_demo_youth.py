"""The youth demo at a small scale: every school-age child has her schools and
results, a year of flags and interventions replayed with the real rule, talent
rounds, gifted-school applications with support, a summer of teen courses;
loading twice adds nothing."""

import datetime as dt

import pytest

from tavana.core.geography import load_geography
from tavana.training.models import Certificate
from tavana.youth.models import (
    GiftedApplication,
    Intervention,
    ParentConsent,
    RiskFlag,
    SchoolYear,
    SupportGrant,
    TalentResult,
    TeenProgramme,
    TermResult,
)
from tavana_demo.accounts import load_users
from tavana_demo.partners import load_partners
from tavana_demo.people import load_registry
from tavana_demo.training import load_centres
from tavana_demo.youth import load_youth

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)  # Azar 1405: two completed academic years and the current one


def test_the_youth_demo(settings):
    quiet = lambda line: None  # noqa: E731
    load_geography(quiet)
    load_centres(quiet)
    load_users(quiet)
    load_registry(quiet, women=400, children=600, duplicates=0, scan=False)
    load_partners(quiet)
    summary = load_youth(quiet, today=TODAY)
    assert summary["school_years"] == SchoolYear.objects.count() > 300
    assert (
        TermResult.objects.filter(year=1403).exists()
        and TermResult.objects.filter(year=1404).exists()
    )
    assert not TermResult.objects.filter(year=1405).exists()  # Dey 1405 has not come
    assert TermResult.objects.filter(descriptive="needs_effort").exists()
    assert RiskFlag.objects.filter(status="open").exists()
    assert RiskFlag.objects.filter(status="resolved").exists()
    assert not RiskFlag.objects.filter(year=1403, term=1).exists()  # a year of flags only
    assert Intervention.objects.exclude(outcome="").exists()
    assert TalentResult.objects.filter(talented=True).exists()
    assert GiftedApplication.objects.filter(status="admitted").exists()
    assert SupportGrant.objects.filter(status="proposed").exists()
    assert SupportGrant.objects.filter(status="paid").exists()
    assert TeenProgramme.objects.count() == 6
    from tavana.accounts.clearances import is_cleared
    from tavana.accounts.models import User

    assert is_cleared(User.objects.get(username="socialworker"), "children")
    assert (
        ParentConsent.objects.count()
        >= Certificate.objects.filter(enrolment__course__teen_programme__isnull=False).count()
        > 0
    )
    before = TermResult.objects.count()
    assert load_youth(quiet, today=TODAY) is None
    assert TermResult.objects.count() == before
