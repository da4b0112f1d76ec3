import datetime as dt

import pytest

from tavana.accounts import roles
from tavana.casework.models import AnswerOption, Question
from tavana.core.models import District
from tavana.people.models import Consent, Person


@pytest.fixture
def d4(db):
    return District.objects.create(number=4, name="منطقهٔ ۴")


@pytest.fixture
def d9(db):
    return District.objects.create(number=9, name="منطقهٔ ۹")


@pytest.fixture
def worker(make_user, d4):
    user = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    user.districts.set([d4])
    return user


@pytest.fixture
def other_worker(make_user, d4):
    user = make_user(roles.SOCIAL_WORKER, username="leila")
    user.first_name = "لیلا"
    user.save(update_fields=["first_name"])
    user.districts.set([d4])
    return user


@pytest.fixture
def woman(d4):
    """A registered woman who agreed to services and to referral to partners."""
    her = Person.objects.create(
        first_name="مریم", last_name="رضایی", name_key="مریم رضایی", first_key="مریم",
        last_key="رضایی", district=d4, birth_date=dt.date(1985, 3, 1),
    )  # fmt: skip
    for purpose in ("services", "partner_referral"):
        Consent.objects.create(person=her, purpose=purpose, given_on=dt.date.today())
    return her


def answer_ids(**domain_scores) -> dict[int, int]:
    """An option id per active question, the option with the given need score for
    its domain (0 where not given)."""
    out = {}
    for q in Question.objects.filter(active=True):
        score = domain_scores.get(q.domain, 0)
        out[q.pk] = AnswerOption.objects.get(question=q, score=score).pk
    return out
