"""Plain functions that make the rows youth tests need (keyword defaults)."""

from __future__ import annotations

import datetime as dt

from tavana.core.domain.persian_text import search_key
from tavana.people.models import Household, Membership, Person
from tavana.youth.models import School, SchoolType


def make_person(first: str, last: str, *, district=None, born=None, sex="F", code=None) -> Person:
    return Person.objects.create(
        first_name=first,
        last_name=last,
        name_key=search_key(f"{first} {last}"),
        first_key=search_key(first),
        last_key=search_key(last),
        district=district,
        birth_date=born,
        sex=sex,
        national_code=code,
    )


def make_family(*, district=None, mother=("مریم", "رضایی"), children=(("سارا", 2012),)):
    """A mother at the head of a household and her children (name, birth year)."""
    mom = make_person(*mother, district=district, born=dt.date(1985, 3, 1), code=None)
    hh = Household.objects.create(district=district)
    Membership.objects.create(household=hh, person=mom, relation="head", start_date="2020-01-01")
    kids = []
    for name, year in children:
        kid = make_person(name, mother[1], district=district, born=dt.date(year, 5, 1))
        Membership.objects.create(
            household=hh, person=kid, relation="child", start_date="2020-01-01"
        )
        kids.append(kid)
    return mom, kids


def make_school(name="دبستان فردوسی", *, district=None, type_code="public", code=None) -> School:
    st = SchoolType.objects.get_or_create(code=type_code, defaults={"name": type_code})[0]
    return School.objects.create(
        name=name, name_key=search_key(name), school_type=st, district=district, code=code
    )


def youth_route_kwargs(person) -> dict:
    """Rows the permission-matrix test needs to request every youth route."""
    from tavana.youth.models import RiskFlag, WarningIndicator

    mom, (kid,) = make_family(district=person.district, mother=("ماتریس", "آزمون"))
    flag = RiskFlag.objects.create(
        child=kid, indicator="low_average", severity=2, reason="آزمون", threshold=12,
        year=1403, term=1, raised_on=dt.date.today(),
    )  # fmt: skip
    indicator = WarningIndicator.objects.first()
    return {
        "youth:child": {"child_id": kid.pk},
        "youth:school_year_new": {"child_id": kid.pk},
        "youth:transfer_new": {"child_id": kid.pk},
        "youth:result_new": {"child_id": kid.pk},
        "youth:intervention_new": {"flag_id": flag.pk},
        "youth:indicator": {"indicator_id": indicator.pk if indicator else 1},
        "youth:import_result": {"batch": "0" * 32},
        "youth:application_new": {"child_id": kid.pk},
        "youth:application": {"application_id": 999999},
        "youth:grant_decide": {"grant_id": 999999},
        "youth:payment_file": {"line_id": 999999},
        "youth:budget_line": {"line_id": 999999},
        "api:youth_child": {"child_id": kid.pk},
        "api:youth_results": {"child_id": kid.pk},
        "api:youth_interventions": {"flag_id": flag.pk},
        "youth:teen_programme": {"programme_id": 999999},
        "youth:talent_round": {"round_id": 999999},
        "youth:import_report": {"batch": "0" * 32},
    }


def clear_for_children(user, *, days: int = 90, by=None):
    """Give a member of staff a live clearance for children's data, as two
    administrators would (the service's maker-checker is tested on its own)."""
    from tests.accounts.factories import clear_for

    return clear_for(user, "children", days=days, by=by)
