"""The campaign's list pages take the same number of queries however many rows."""

import itertools

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.campaign import services
from tavana.campaign.models import SignUp
from tests.query_counts import assert_pinned, rows_of

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


def test_a_signup_with_her_history_and_the_mentors_proposed(client_as, make_user):
    """A sign-up's page lists her history: each change of stage (signing up again
    is one) and each mentor proposed to her, with who decided. The same number
    of queries with 2 rows as with 10, every row shown."""
    c = client_as(roles.ADMINISTRATOR)
    answers = {
        "first_name": "مهسا", "last_name": "رضایی", "mobile": "09121230000",
        "district": f.district(4), "category": None, "idea": "", "experience": SignUp.NONE,
        "primary_earner": True,
    }  # fmt: skip
    s = services.signup_create(data=answers)  # her first row: «تازه»

    def proposed_and_rejected():
        n = next(_n)
        f.mentor(user=make_user(roles.TRAINER, username=f"mentor{n}"), capacity=2)
        proposal = services.proposal_make(actor=c.user, signups=SignUp.objects.filter(pk=s.pk))
        (match,) = proposal.matches.all()
        services.match_decide(actor=c.user, match=match, decision=services.REJECT)

    def more(n):
        for _ in range(n):
            services.signup_create(data=answers)  # she signs up again: a row
            proposed_and_rejected()

    proposed_and_rejected()  # 2 rows
    url = reverse("campaign:signup", args=[s.pk])
    page = assert_pinned(c, url, lambda: more(4), PINNED_SIGNUP)  # 10 rows
    assert rows_of(page, "history") == 10 and page.count("پیشنهاد منتور") == 5


PINNED_SIGNUP = 11
