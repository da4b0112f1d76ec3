"""A flag left without an intervention reminds the social worker of the mother's case."""

import datetime as dt

import pytest

from tavana.casework.models import CaseAssignment
from tavana.youth import services
from tavana.youth.models import RiskFlag
from tavana.youth.reminders import flags_waiting

from .factories import make_family, make_school

pytestmark = pytest.mark.django_db


def test_a_waiting_flag_reminds_the_case_worker_until_an_intervention_is_recorded(worker, d4):
    mom, (kid,) = make_family(district=d4)
    CaseAssignment.objects.create(worker=worker, person=mom, start_date=dt.date(2024, 1, 1))
    services.school_year_record(
        actor=worker, child=kid, year=1403, grade=8, school=make_school(district=d4)
    )
    services.term_result_record(actor=worker, child=kid, year=1403, term=1, average="10")
    flag = RiskFlag.objects.get(child=kid)
    later = flag.raised_on + dt.timedelta(days=20)
    assert list(flags_waiting(flag.raised_on, 14)) == []
    (reminder,) = list(flags_waiting(later, 14))
    assert reminder.recipient_id == worker.pk
    assert "۲۰ روز" in reminder.text and reminder.link == f"/youth/children/{kid.pk}/"
    services.intervention_record(
        actor=worker, flag=flag, kind="counselling", started_on=flag.raised_on
    )
    assert list(flags_waiting(later, 14)) == []
