"""The auditor's log page takes the same number of queries however long the log."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.audit.services import audit_write
from tests.query_counts import assert_pinned

pytestmark = pytest.mark.django_db


def test_the_audit_log(client_as, make_user):
    registrar = make_user(roles.REGISTRAR, username="zahra")

    def more(n=6):
        for i in range(n):
            audit_write(
                actor=registrar,
                action="person.update",
                object_type="people.person",
                object_id=i + 1,
                person_id=i + 1,
                after={"mobile": "09121111111"},
            )

    more(2)
    client = client_as(roles.AUDITOR)
    page = assert_pinned(client, reverse("audit:log"), more, PINNED["log"])
    assert page.count("zahra") >= 8


PINNED = {"log": 7}  # +1: the names of the women the page's entries are about
