"""The inbox takes the same number of queries however many notes it lists."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.notifications import services
from tests.query_counts import assert_pinned

pytestmark = pytest.mark.django_db


def test_the_inbox(client, make_user):
    me = make_user(roles.SOCIAL_WORKER, username="sw_inbox")
    client.force_login(me)

    def note(n: int):
        services.notification_send(recipient=me, kind="x", text=f"پیگیری شمارهٔ {n}", link="/")

    note(0)
    page = assert_pinned(
        client, reverse("notifications:inbox"), lambda: [note(n) for n in range(1, 5)], PINNED
    )
    assert page.count("پیگیری شمارهٔ") == 5


PINNED = 8  # +1: the pager counts the notes (issue 15)
