"""A woman's consents page lists the whole history of her consents, and the API
lists a household's members: the same number of queries with 2 rows as with 10,
every row shown."""

import pytest
from django.urls import reverse

from tavana.people import consents, services
from tavana.people.models import Membership
from tests.query_counts import assert_pinned, rows_of

pytestmark = pytest.mark.django_db


def test_her_consents_with_their_history(client, registrar):
    woman = services.person_create(
        actor=registrar,
        data={"first_name": "مریم", "last_name": "رضایی", "district": "4",
              "national_code": "0012345679", "mobile": "09121112233"},
        registration={"channel": "staff", "basis": "carries", "consents": ["services", "sms"]},
        household={"relation": Membership.HEAD},
    )  # fmt: skip
    client.force_login(registrar)

    def more(n):  # each time: withdrawn, then given again (a new row)
        for _ in range(n):
            consents.consent_withdraw(actor=registrar, person=woman, purpose="sms")
            consents.consent_give(actor=registrar, person=woman, purpose="sms")

    url = reverse("people:consents", args=[woman.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED["consents"])
    assert rows_of(page, "consent-history") == 10


def test_the_apis_household_members(client, registrar, district):
    import datetime as dt
    import json

    from tavana.people.models import Household
    from tests.youth.factories import make_person

    client.force_login(registrar)
    hh = Household.objects.create(district=district)
    made = iter(range(20))

    def more(n):
        for _ in range(n):
            k = next(made)
            kid = make_person(f"فرزند{k}", "رضایی", district=district, born=dt.date(2010, 1, 1))
            Membership.objects.create(
                household=hh, person=kid, relation="child", start_date="2020-01-01"
            )

    more(2)
    url = reverse("api:household_members", args=[hh.pk])
    page = assert_pinned(client, url, lambda: more(8), PINNED["members"])
    assert len(json.loads(page)) == 10


PINNED = {"consents": 9, "members": 9}
