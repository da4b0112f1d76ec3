"""The inbox comes a page at a time: it was cut at 200 notes without a word, so
the 201st reminder never reached its reader (issue 15)."""

import datetime as dt

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_201st_note_is_on_the_last_page(client, make_user):
    me = make_user(roles.SOCIAL_WORKER, username="sw_inbox")
    today = dt.date.today()
    Notification.objects.bulk_create(
        Notification(recipient=me, kind="x", link="/", due_on=today + dt.timedelta(days=i),
                     text="پیگیری آخر" if i == 200 else f"پیگیری شمارهٔ {i}")
        for i in range(201)
    )  # fmt: skip
    client.force_login(me)
    url = reverse("notifications:inbox")
    first = client.get(url).content.decode()
    assert first.count("پیگیری") == 50 and "صفحهٔ ۱ از ۵" in first
    last = client.get(url, {"page": 5, "show": "all"}).content.decode()
    assert last.count('data-testid="notification"') == 1 and "پیگیری آخر" in last
