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


def test_the_emergency_log(client, make_user):
    from tavana.accounts import roles
    from tavana.protected import services

    f.world(make_user)  # the programmes and their staff
    sw = f.staff(make_user, roles.SOCIAL_WORKER, "sw-emergency")
    reason = "تماس اورژانس اجتماعی؛ باید خانوادهٔ او را همین حالا پیدا کنیم"

    def more(n=3):
        for _ in range(n):
            services.emergency_grant(actor=sw, person=_woman(), reason=reason)

    more(1)
    client.force_login(f.staff(make_user, roles.AUDITOR, "auditor-emergency"))
    page = assert_pinned(client, reverse("protected:emergency_log"), more, PINNED_LOG)
    assert page.count("تماس اورژانس اجتماعی") == 4


PINNED = 16  # +1: the pager counts the rows (issue 15)
PINNED_LOG = 7  # +1: the pager counts the rows
