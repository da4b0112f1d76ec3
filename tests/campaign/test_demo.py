"""The campaign's demo loader: deterministic, idempotent, consistent."""

import pytest

from tavana.campaign.models import Match, MentoringSession, SignUp
from tavana.campaign.services import mentor_load
from tavana.core.geography import load_geography
from tavana_demo.campaign import load_campaign

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_keeps_the_rules():
    lines = []
    load_geography(lines.append)
    load_campaign(lines.append)
    n = SignUp.objects.count()
    assert n > 2_500
    assert set(SignUp.objects.values_list("stage", flat=True)) == {
        "new",
        "contacted",
        "mentored",
        "started",
    }
    # Every woman in mentoring or started has one accepted mentor and a first session.
    advanced = SignUp.objects.filter(stage__in=["mentored", "started"])
    assert advanced.filter(first_mentoring_on__isnull=True).count() == 0
    assert Match.objects.filter(status="accepted").count() == advanced.count()
    assert MentoringSession.objects.count() >= advanced.count()
    for m in mentor_load().items():
        mentor_id, load = m
        from tavana.campaign.models import Mentor

        assert load <= Mentor.objects.get(pk=mentor_id).weekly_capacity
    load_campaign(lines.append)
    assert SignUp.objects.count() == n
    assert "موجود" in lines[-1]
