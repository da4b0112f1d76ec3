"""Fixtures of the API's tests: two districts, an administrator, a registrar of
district 4, a woman in her scope and one outside it."""

import pytest

from tavana.accounts import roles
from tavana.core.models import District
from tavana.people import services
from tavana.people.models import Membership

from .support import CANARY_HEALTH, CANARY_INCOME, CODE


@pytest.fixture
def districts(db):
    return {n: District.objects.create(number=n, name=f"منطقهٔ {n}") for n in (4, 9)}


@pytest.fixture
def admin(make_user, districts):
    return make_user(roles.ADMINISTRATOR, username="admin1")


@pytest.fixture
def registrar(make_user, districts):
    user = make_user(roles.REGISTRAR, username="zahra")
    user.districts.set([districts[4]])
    return user


@pytest.fixture
def woman(registrar):
    return services.person_create(
        actor=registrar,
        data={
            "national_code": CODE,
            "first_name": "مریم",
            "last_name": "رضایی‌پور",
            "father_name": "علی",
            "birth_date": "1360/05/10",
            "mobile": "09121112233",
            "district": "4",
            "monthly_income": str(CANARY_INCOME),
            "health_notes": CANARY_HEALTH,
        },
        registration={"channel": "staff", "basis": "carries"},
        household={"relation": Membership.HEAD},
    )


@pytest.fixture
def far_woman(admin):
    return services.person_create(
        actor=admin,
        data={"first_name": "سارا", "last_name": "کاظمی", "district": "9"},
    )
