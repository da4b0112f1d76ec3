"""A programme's list of participants takes the same number of queries however
many women it lists."""

import itertools

import pytest
from django.urls import reverse

from tavana.people.models import Person
from tavana.protected.models import Programme
from tests.query_counts import assert_pinned

from . import factories as f

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def _woman():
    n = next(_n)
    return Person.objects.create(
        first_name=f"نرگس{n}",
        last_name="محمودی",
        name_key=f"نرگس{n} محمودی",
        district=f.district19(),
    )


def test_the_programme_list(client, make_user):
    w = f.world(make_user)
    client.force_login(w.prison_worker)
    page = assert_pinned(
        client,
        reverse("protected:programme", args=[Programme.PRISON]),
        lambda: [f.enrol_prison(_woman()) for _ in range(4)],
        PINNED,
    )
    assert page.count("نرگس") >= 5


PINNED = 15
