"""The protected programmes' demo loader: a few dozen women each, idempotent."""

import datetime as dt

import pytest

from tavana.accounts.access import user_can
from tavana.accounts.models import User
from tavana.core.demo_guard import demo_password
from tavana.core.geography import load_geography
from tavana.core.models import District
from tavana.people.models import Person, Registration
from tavana.protected.access import cleared_programme_codes
from tavana.protected.models import (
    Participant,
    Placement,
    Programme,
    ReunificationEvent,
    WageEntry,
)
from tavana_demo.protected import PRISON_WOMEN, RECOVERY_WOMEN, load_protected
from tavana_demo.training import load_centres

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 3, 1)


def _women(n: int) -> None:
    districts = list(District.objects.filter(number__in=[4, 9, 19, 20]))
    people = Person.objects.bulk_create(
        [
            Person(
                first_name=f"زن{i}",
                last_name="نمونه",
                name_key=f"زن{i} نمونه",
                birth_date=dt.date(1985, 1, 1) + dt.timedelta(days=i * 40),
                district=districts[i % len(districts)],
            )
            for i in range(n)
        ]
    )
    Registration.objects.bulk_create(
        [Registration(person=p, channel=Registration.STAFF) for p in people]
    )


def test_no_women_yet_adds_nothing():
    load_geography(lambda _: None)
    lines = []
    load_protected(lines.append, today=TODAY)
    assert not Participant.objects.exists()
    assert "هنوز زنی" in lines[-1]


def test_load_is_complete_and_idempotent():
    load_geography(lambda _: None)
    load_centres(lambda _: None)
    _women(160)
    lines = []
    load_protected(lines.append, today=TODAY)
    prison = Participant.objects.filter(programme__code=Programme.PRISON)
    recovery = Participant.objects.filter(programme__code=Programme.RECOVERY)
    assert prison.count() == PRISON_WOMEN and recovery.count() == RECOVERY_WOMEN
    assert all(hasattr(p, "referral") for p in prison)
    # the demo staff's districts, so their person pages show the section
    assert {p.person.district.number for p in Participant.objects.all()} <= {4, 9, 19}
    assert Placement.objects.filter(centre__has_production_workshop=False).count() == 0
    assert WageEntry.objects.count() > PRISON_WOMEN
    assert ReunificationEvent.objects.filter(years_apart=11).count() == 1
    for username, code in (
        ("prison_worker", Programme.PRISON),
        ("recovery_worker", Programme.RECOVERY),
    ):
        user = User.objects.get(username=username)
        assert user.check_password(demo_password(username))  # this install's own
        assert not user.check_password(f"tavana-{username}-1403")  # the old published one
        assert user_can(user, "protected.work")
        assert cleared_programme_codes(user) == {code}
    wages = WageEntry.objects.count()
    load_protected(lines.append, today=TODAY)
    assert "(موجود)" in lines[-1]
    assert Participant.objects.count() == PRISON_WOMEN + RECOVERY_WOMEN
    assert WageEntry.objects.count() == wages
