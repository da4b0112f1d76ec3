"""The protected programmes' lists come a page at a time: a programme's women,
the release campaign's cases and the emergency-access log were cut at their
first 500 without a word (issue 15). The 501st is on the last page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.accounts import roles
from tavana.people.models import Person
from tavana.protected.models import EmergencyAccess, Participant, Programme
from tavana.protected.release.models import ReleaseCase

from . import factories as f
from .release_factories import open_case, release_staff

pytestmark = pytest.mark.django_db


def _women(n: int) -> list[Person]:
    return Person.objects.bulk_create(
        Person(first_name="زهره", last_name=f"یکتا{i:03d}", name_key=f"زهره یکتا{i:03d}",
               district=f.district19())
        for i in range(n)
    )  # fmt: skip


def test_the_501st_woman_of_a_programme_is_on_the_last_page(client, make_user):
    w = f.world(make_user)  # one woman already in the prison programme
    programme = Programme.objects.get(code=Programme.PRISON)
    Participant.objects.bulk_create(
        Participant(programme=programme, person=p, joined_on=dt.date(2024, 4, 1))
        for p in _women(500)
    )
    client.force_login(w.prison_worker)
    url = reverse("protected:programme", args=[Programme.PRISON])
    first = client.get(url).content.decode()
    assert first.count("/protected/p/") == 50 and "صفحهٔ ۱ از ۱۱" in first
    last = client.get(url, {"page": 11}).content.decode()
    assert last.count("/protected/p/") == 1 and "یکتا499" in last  # cut before


def test_the_501st_release_case_is_on_the_last_page(client, make_user):
    a = release_staff(make_user, roles.SOCIAL_WORKER, "rel_a")
    base = open_case(a)
    fields = {
        fl.attname: getattr(base, fl.attname)
        for fl in ReleaseCase._meta.concrete_fields
        if fl.name not in ("id", "code", "identified_on", "last_name")
    }
    ReleaseCase.objects.bulk_create(
        ReleaseCase(**fields, code=f"T-{i:04d}", last_name=f"یکتا{i:03d}",
                    identified_on=base.identified_on - dt.timedelta(days=i))
        for i in range(1, 501)
    )  # fmt: skip
    client.force_login(a)
    url = reverse("release:home")
    first = client.get(url).content.decode()
    assert first.count("/protected/release/c/") == 50 and "صفحهٔ ۱ از ۱۱" in first
    last = client.get(url, {"page": 11}).content.decode()
    assert last.count("/protected/release/c/") == 1 and "یکتا500" in last  # cut before


def test_the_501st_emergency_access_is_on_the_last_page(client, make_user):
    f.world(make_user)
    sw = f.staff(make_user, roles.SOCIAL_WORKER, "sw-emergency")
    now = timezone.now()
    EmergencyAccess.objects.bulk_create(
        EmergencyAccess(user=sw, person=p, reason=f"تماس اورژانس {p.last_name}",
                        granted_at=now - dt.timedelta(hours=i),
                        expires_at=now - dt.timedelta(hours=i - 4))
        for i, p in enumerate(_women(501))
    )  # fmt: skip
    client.force_login(f.staff(make_user, roles.AUDITOR, "auditor-emergency"))
    url = reverse("protected:emergency_log")
    first = client.get(url).content.decode()
    assert first.count("تماس اورژانس") == 50 and "صفحهٔ ۱ از ۱۱" in first
    last = client.get(url, {"page": 11}).content.decode()
    assert last.count("تماس اورژانس") == 1 and "یکتا500" in last  # cut before
