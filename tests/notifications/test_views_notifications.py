"""The inbox, the digest and the settings screen through the test client."""

import pytest

from tavana.accounts import roles
from tavana.notifications import services
from tavana.notifications.models import Notification, Policy

pytestmark = pytest.mark.django_db


def test_she_sees_only_her_own_inbox_and_opening_marks_read(client, make_user):
    me = make_user(roles.SOCIAL_WORKER, username="me")
    other = make_user(roles.SOCIAL_WORKER, username="other")
    mine = services.notification_send(recipient=me, kind="x", text="برای من", link="/casework/")
    theirs = services.notification_send(recipient=other, kind="x", text="برای دیگری")
    client.force_login(me)
    html = client.get("/notifications/").content.decode()
    assert "برای من" in html and "برای دیگری" not in html
    assert "۱" in client.get("/notifications/badge/").content.decode()
    assert client.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    response = client.get(f"/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/casework/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get("/notifications/badge/").content.decode().strip() == ""


def test_mark_all_read_is_a_post(client, make_user):
    me = make_user(roles.REGISTRAR)
    services.notification_send(recipient=me, kind="x", text="یک")
    client.force_login(me)
    assert client.get("/notifications/read-all/").status_code == 405
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_policy_form_refuses_a_bad_hour_in_persian_and_keeps_what_was_typed(client, make_user):
    client.force_login(make_user(roles.ADMINISTRATOR))
    data = {"quiet_start": "22:00", "quiet_end": "07:30", "digest_hour": "۲۵"}
    response = client.post("/notifications/settings/", data)
    html = response.content.decode()
    assert response.status_code == 400 and "ساعت باید بین ۰ و ۲۳ باشد" in html
    assert 'value="07:30"' in html
    assert not Policy.objects.filter(quiet_end="07:30").exists()
    data.update({"digest_hour": "6", "lead_training.course_starting": "5"})
    data["lead_training__course_starting"] = data.pop("lead_training.course_starting")
    assert client.post("/notifications/settings/", data).status_code == 302
    policy = Policy.objects.get()
    assert policy.digest_hour == 6 and policy.lead_days["training.course_starting"] == 5
