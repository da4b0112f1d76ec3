"""Security finding 16 (confirm): break-the-glass is self-granted and only the
auditor saw it. Decision (docs/security.md): it stays self-granted — an
emergency cannot wait for a second person — and every administrator (who
grants clearances) is told at once, to review it after the fact; the notice
names the colleague, never the woman."""

import pytest

from tavana.accounts import roles
from tavana.notifications.models import Notification
from tavana.protected import services

from .factories import staff, world

pytestmark = pytest.mark.django_db


def test_a_self_granted_emergency_access_is_told_to_the_administrators(make_user):
    w = world(make_user)
    first = make_user(roles.ADMINISTRATOR, username="admin_one")
    second = make_user(roles.ADMINISTRATOR, username="admin_two")
    make_user(roles.ADMINISTRATOR, username="admin_gone", is_active=False)
    worker = staff(make_user, roles.SOCIAL_WORKER, username="on_call")
    grant = services.emergency_grant(
        actor=worker,
        person=w.person,
        reason="خطر فوری برای فرزندانش گزارش شده است و باید خانواده را بیابیم",
    )
    assert grant.user == worker  # granted at once, by herself
    notices = Notification.objects.filter(kind="protected.emergency_review")
    assert {n.recipient.username for n in notices} == {first.username, second.username}
    for n in notices:
        assert "بازبینی" in n.text and (worker.get_full_name() or worker.username) in n.text
        assert "نرگس" not in n.text and "محمودی" not in n.text and "0013542419" not in n.text
        assert n.link.startswith("/audit/")
