"""Long lists come a page at a time (core/paging.py): none is cut at a first
few hundred rows without a word (issue 15)."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.people.models import ChangeRequest, Person
from tavana.youth.models import School, SchoolType

pytestmark = pytest.mark.django_db


def _pages(c, url: str, marker: str, total: int, per_page: int = 50) -> None:
    first = c.get(url).content.decode()
    last_number = -(-total // per_page)
    assert first.count(marker) == per_page and "صفحهٔ ۱ از" in first
    last = c.get(url, {"page": last_number}).content.decode()
    assert last.count(marker) == total - per_page * (last_number - 1)


def test_the_staff_list_pages_every_account(client_as):
    c = client_as(roles.ADMINISTRATOR)
    User.objects.bulk_create(
        User(username=f"staff{i:03d}", first_name="کارمند", last_name=f"فهرستی{i:03d}")
        for i in range(320)
    )
    _pages(c, reverse("accounts:staff"), "فهرستی", 320)


def test_the_schools_list_pages_every_school(client_as):
    c = client_as(roles.SOCIAL_WORKER)
    kind = SchoolType.objects.get_or_create(code="public", defaults={"name": "دولتی"})[0]
    School.objects.bulk_create(
        School(name=f"دبستان فهرستی {i}", name_key=f"دبستان فهرستی {i}", school_type=kind)
        for i in range(320)
    )
    _pages(c, reverse("youth:schools"), "دبستان فهرستی", 320)


def test_change_requests_are_paged_and_keep_their_tab(client_as):
    c = client_as(roles.ADMINISTRATOR)
    people = Person.objects.bulk_create(
        Person(first_name="مریم", last_name=f"فهرستی{i}", name_key=f"مریم فهرستی{i}")
        for i in range(230)
    )
    ChangeRequest.objects.bulk_create(
        ChangeRequest(
            person=p, changes={"first_name": ["مریم", "مریما"]}, reason="اشتباه تایپی",
            requested_by=c.user, status=ChangeRequest.REJECTED,
        )
        for p in people
    )  # fmt: skip
    url = reverse("people:change_requests") + "?status=rejected"
    first = c.get(url).content.decode()
    assert first.count("فهرستی") == 50 and "status=rejected&amp;page=2" in first
    assert c.get(url + "&page=5").content.decode().count("فهرستی") == 30
