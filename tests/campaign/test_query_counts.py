"""The campaign's list pages take the same number of queries however many rows."""

import itertools

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tests.query_counts import assert_pinned

from . import factories as f

pytestmark = pytest.mark.django_db
_n = itertools.count(1000)


def _pair(mentor=None):
    n = next(_n)
    s = f.signup(first_name=f"سارا{n}", mobile=f"0912{n:07d}", primary_earner=n % 2 == 0)
    return f.accepted(s, mentor or f.mentor(name=f"منتور {n}"))


def test_signups_mentors_and_matching(client_as):
    c = client_as(roles.ADMINISTRATOR)
    _pair()
    more = lambda: [_pair() for _ in range(4)]  # noqa: E731
    page = assert_pinned(c, reverse("campaign:signups"), more, PINNED["signups"])
    assert "سارا1004" in page
    assert_pinned(c, reverse("campaign:mentors"), more, PINNED["mentors"])
    assert_pinned(c, reverse("campaign:matching"), more, PINNED["matching"])


def test_a_mentors_mentees(make_user, client):
    mentor_user = make_user(roles.TRAINER, username="mentor1")
    client.force_login(mentor_user)
    mine = f.mentor(user=mentor_user, capacity=20)
    _pair(mine)
    page = assert_pinned(
        client,
        reverse("campaign:mentees"),
        lambda: [_pair(mine) for _ in range(4)],
        PINNED["mentees"],
    )
    assert page.count("سارا") >= 5


PINNED = {"signups": 13, "mentors": 9, "matching": 15, "mentees": 6}
