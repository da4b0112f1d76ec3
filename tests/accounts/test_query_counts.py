"""The administrator's lists (staff, units) take the same number of queries
however many accounts and units there are."""

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from tavana.accounts import roles
from tavana.accounts.models import OrgUnit
from tests.query_counts import assert_pinned, rows_of

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def test_staff_and_units(client_as, make_user):
    c = client_as(roles.ADMINISTRATOR)

    def more_staff():
        for role in (roles.REGISTRAR, roles.SOCIAL_WORKER, roles.TRAINER):
            make_user(role, username=f"staff{next(_n)}")

    more_staff()
    page = assert_pinned(c, reverse("accounts:staff"), more_staff, PINNED["staff"])
    assert page.count("staff") >= 6
    top = OrgUnit.objects.create(code="t-area", name="حوزهٔ آزمایشی", kind=OrgUnit.AREA)

    def more_units():
        for _ in range(3):
            n = next(_n)
            OrgUnit.objects.create(
                code=f"t-office-{n}", name=f"ادارهٔ آزمایشی {n}", kind=OrgUnit.OFFICE, parent=top
            )

    page = assert_pinned(c, reverse("accounts:units"), more_units, PINNED["units"])
    assert page.count("ادارهٔ آزمایشی") >= 3


def test_the_clearances_for_childrens_data(client_as, make_user):
    from tests.youth.factories import clear_for_children

    c = client_as(roles.ADMINISTRATOR)

    def more(n=3):
        for _ in range(n):
            worker = make_user(roles.SOCIAL_WORKER, username=f"cleared{next(_n)}")
            clear_for_children(worker, by=c.user)

    more(1)
    url = reverse("accounts:clearances", args=["children"])
    page = assert_pinned(c, url, more, PINNED["clearances"])
    assert page.count("cleared") >= 4


def test_the_labelling_words(client_as):
    from tavana.core.labels import label_word_save

    c = client_as(roles.ADMINISTRATOR)

    def more(n=3):
        for _ in range(n):
            label_word_save(actor=c.user, data={"word": f"برچسب{next(_n)}", "reason": "می‌گوید چرا"})

    more(1)
    page = assert_pinned(c, reverse("core:label_words"), more, PINNED["words"])
    assert page.count("برچسب") >= 4


PINNED = {"staff": 7, "units": 8, "clearances": 6, "words": 7}  # staff: + the pager's count


def test_a_members_page_with_her_sessions_and_sign_ins(client_as, make_user):
    """A member of staff's page lists her open sessions and her sign-ins: the
    same number of queries with 2 of each as with 10, every row shown."""
    c = client_as(roles.ADMINISTRATOR)
    member = make_user(roles.SOCIAL_WORKER, username="signs-in")

    def more(n):
        for _ in range(n):  # a browser of her own each time: a session left open
            browser = Client(HTTP_USER_AGENT=f"browser-{next(_n)}")
            r = browser.post(
                reverse("accounts:login"),
                {"username": "signs-in", "password": "pass-for-tests-1403"},
            )
            assert r.status_code == 302

    more(2)
    url = reverse("accounts:staff_detail", args=[member.pk])
    page = assert_pinned(c, url, lambda: more(8), PINNED_MEMBER)
    assert rows_of(page, "sessions") == 10 and rows_of(page, "sign-in-history") == 10


PINNED_MEMBER = 17  # her form (districts, centres, units) and the handover list among them
