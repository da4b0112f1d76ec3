"""The registry's list pages (corrections awaiting a decision, the duplicate
queue) take the same number of queries however many rows they list."""

import itertools

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.models import District
from tavana.people import services
from tavana.people.duplicates import services as duplicates
from tests.query_counts import assert_pinned

pytestmark = pytest.mark.django_db
NAMES = itertools.cycle(["مریم", "زهرا", "فاطمه", "سارا", "نرگس", "لیلا", "مینا", "الهام"])
FAMILIES = itertools.cycle(["رضایی", "کریمی", "احمدی", "موسوی", "حسینی", "جعفری", "نوری"])


@pytest.fixture
def admin(make_user):
    District.objects.create(number=4, name="منطقهٔ ۴")
    return make_user(roles.ADMINISTRATOR, username="boss")


def _person(actor):
    return services.person_create(
        actor=actor,
        data={"first_name": next(NAMES), "last_name": next(FAMILIES), "district": "4"},
    )


def _correction(actor):
    services.change_request_create(
        actor=actor, person=_person(actor), data={"first_name": "مهری"}, reason="شناسنامه"
    )


def _pair(actor):
    a, b = _person(actor), _person(actor)
    duplicates.duplicate_candidate_record(
        person_a_id=a.pk, person_b_id=b.pk, score=0.9, reasons=["نام یکسان"]
    )


def test_corrections_and_duplicates(client, make_user, admin):
    registrar = make_user(roles.REGISTRAR, username="zahra")
    registrar.districts.set(District.objects.all())
    client.force_login(admin)
    _correction(registrar)
    page = assert_pinned(
        client,
        reverse("people:change_requests"),
        lambda: [_correction(registrar) for _ in range(4)],
        PINNED["corrections"],
    )
    assert page.count("/people/changes/") >= 5  # a link per request
    _pair(admin)
    page = assert_pinned(
        client,
        reverse("people:duplicates"),
        lambda: [_pair(admin) for _ in range(4)],
        PINNED["duplicates"],
    )
    assert page.count("/people/duplicates/") >= 5


def _maryam(actor, n=3):
    for _ in range(n):
        services.person_create(
            actor=actor, data={"first_name": "مریم", "last_name": next(FAMILIES), "district": "4"}
        )


def test_search_and_the_api_lists(client, make_user, admin):
    registrar = make_user(roles.REGISTRAR, username="zahra")
    registrar.districts.set(District.objects.all())
    client.force_login(admin)
    _maryam(admin, 1)
    url = reverse("search:persons") + "?q=مریم"
    page = assert_pinned(client, url, lambda: _maryam(admin), PINNED["search"])
    assert page.count("/people/") >= 4  # a link per woman found
    url = reverse("api:persons")
    page = assert_pinned(client, url, lambda: _maryam(admin), PINNED["api_persons"])
    assert page.count('"last_name"') >= 7
    _correction(registrar)
    more = lambda: [_correction(registrar) for _ in range(3)]  # noqa: E731
    page = assert_pinned(client, reverse("api:change_requests"), more, PINNED["api_changes"])
    assert page.count("مهری") >= 4


#: the queue reads which matcher model judged its pairs: one query (the latest
#: MatchModel row's id; the model itself is loaded once per process)
PINNED = {
    "corrections": 7,
    "duplicates": 8,
    "search": 10,
    "api_persons": 7,
    "api_changes": 6,
}  # corrections: + the pager's count
