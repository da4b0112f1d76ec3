"""A round's page lists its bazaars (each with its venue, categories and counts of
applications and booths held): the same number of queries with 2 as with 10."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tests.query_counts import assert_pinned, rows_of

from . import factories as bf

pytestmark = pytest.mark.django_db


def test_a_round_with_its_bazaars(client, make_user):
    client.force_login(make_user(roles.BAZAAR_ORGANISER, username="org-round"))
    r = bf.round_()

    def more(n):
        for _ in range(n):
            bf.event(r)

    more(2)
    page = assert_pinned(
        client, reverse("bazaars:round", args=[r.pk]), lambda: more(8), PINNED["round"]
    )
    assert rows_of(page, "events") == 10


def test_a_producer_with_her_booths(client, make_user):
    from tavana.bazaars.models import Assignment

    client.force_login(make_user(roles.BAZAAR_ORGANISER, username="org-producer"))
    p = bf.producer()
    r = bf.round_()

    def more(n):
        for _ in range(n):
            Assignment.objects.create(event=bf.event(r), producer=p, booth_no=1)

    more(2)
    page = assert_pinned(
        client, reverse("businesses:producer", args=[p.pk]), lambda: more(8), PINNED["producer"]
    )
    assert rows_of(page, "history") == 10


PINNED = {"round": 8, "producer": 9}
