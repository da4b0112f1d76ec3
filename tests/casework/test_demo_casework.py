"""The casework demo loader: deterministic, idempotent, graceful with no registry."""

import datetime as dt

import pytest

from tavana.accounts import roles
from tavana.casework.models import (
    Assessment,
    CaseAssignment,
    Delivery,
    EnrolmentStageChange,
    LevelChange,
    SupportStatus,
)
from tavana.people.models import Person, Registration
from tavana_demo.casework import load_casework

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def registry(d4, make_user):
    sw = make_user(roles.SOCIAL_WORKER, username="socialworker")
    sw.districts.set([d4])
    for i in range(80):
        p = Person.objects.create(
            first_name=f"زن{i}", last_name="نمونه", name_key=f"زن{i} نمونه", district=d4
        )
        Registration.objects.create(person=p, channel=Registration.STAFF)
    return sw


def _snapshot():
    return (
        list(SupportStatus.objects.order_by("person_id").values_list("person_id", "level__code")),
        LevelChange.objects.count(),
        Delivery.objects.count(),
    )


def test_no_registry_no_casework(db):
    lines = []
    assert load_casework(lines.append, today=TODAY) is None
    assert "زنی در سامانه ثبت نشده" in lines[0]


def test_demo_casework_is_deterministic_and_idempotent(registry):
    lines = []
    summary = load_casework(lines.append, today=TODAY)
    assert summary["women"] == round(80 * 19_823 / 40_000)
    first = _snapshot()
    assert load_casework(lines.append, today=TODAY) is None  # nothing added on a re-run
    assert _snapshot() == first
    # every woman on the ladder has a history whose last step is her level
    for pid, code in first[0]:
        assert LevelChange.objects.filter(person_id=pid).last().to_level.code == code
    assert LevelChange.objects.filter(date__gt=TODAY).count() == 0
    assert Assessment.objects.exists() and EnrolmentStageChange.objects.exists()
    assert CaseAssignment.objects.filter(worker=registry, end_date__isnull=True).exists()
    # and the same again from scratch
    for model in (LevelChange, SupportStatus, Delivery):
        model.objects.all().delete()
    for model in (EnrolmentStageChange,):
        model.objects.all().delete()
    from tavana.casework.models import (
        AssessmentAnswer,
        CaseNote,
        Enrolment,
        PlanAction,
        PlanGoal,
        Referral,
    )

    for model in (
        AssessmentAnswer,
        Assessment,
        Enrolment,
        PlanAction,
        PlanGoal,
        CaseNote,
        Referral,
        CaseAssignment,
    ):
        model.objects.all().delete()
    load_casework(lines.append, today=TODAY)
    assert _snapshot() == first
