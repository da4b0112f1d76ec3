"""protected 0009: the programmes' own clearances become `accounts.Clearance` rows
(area = the programme's code), with their dates, approvers and pending requests,
and the inbox follows; going back restores them. Run for real with the migration
executor, on whichever database the suite runs on (SQLite or PostgreSQL)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.models import Clearance, User
from tavana.notifications.models import Notification, SmsTemplate
from tavana.protected.access import cleared_programme_codes

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("protected", "0008_release_offers_enrolled")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection).loader.project_state(targets).apps if targets else None


def _old_world(old_apps):
    """Clearances as the programmes kept them before 0009."""
    Staff = old_apps.get_model("protected", "ProgrammeStaff")
    Programme = old_apps.get_model("protected", "Programme")
    today = timezone.localdate()
    a = User.objects.create_user("mig_admin_a", role=roles.ADMINISTRATOR)
    b = User.objects.create_user("mig_admin_b", role=roles.ADMINISTRATOR)
    rana = User.objects.create_user("mig_rana", role=roles.SOCIAL_WORKER)
    sara = User.objects.create_user("mig_sara", role=roles.CENTRE_MANAGER)
    # The programmes as protected 0002 seeds them; created here if a flush emptied
    # them, so the test reads only what it wrote.
    prison, _ = Programme.objects.get_or_create(
        code="prison_employment", defaults={"name": "اشتغال زنان رأی‌باز"}
    )
    recovery, _ = Programme.objects.get_or_create(code="recovery", defaults={"name": "یاورشهر ۵"})
    live = Staff.objects.create(programme=recovery, user_id=rana.pk, cleared=True,
                                expires_on=today + dt.timedelta(days=6), assigned_by_id=b.pk,
                                assigned_on=today - dt.timedelta(days=100))  # fmt: skip
    asked_at = timezone.now() - dt.timedelta(hours=3)
    pending = Staff.objects.create(programme=prison, user_id=sara.pk, cleared=False,
                                   assigned_on=today, requested_by_id=a.pk,
                                   requested_at=asked_at,
                                   requested_expires_on=today + dt.timedelta(days=90),
                                   request_reason="سرپرست کارگاه")  # fmt: skip
    revoked = Staff.objects.create(programme=prison, user_id=rana.pk, cleared=False,
                                   expires_on=today + dt.timedelta(days=30),
                                   assigned_by_id=a.pk, assigned_on=today)  # fmt: skip
    key = f"clearance:{live.pk}:{live.expires_on.isoformat()}"
    Notification.objects.create(recipient=rana, kind="protected.clearance_expiring", key=key,
                                text="صلاحیت شما رو به پایان است", link="/protected/")  # fmt: skip
    Notification.objects.create(recipient=b, kind="protected.clearance_approval",
                                text="درخواست صلاحیت",
                                link="/protected/prison_employment/staff/?username=mig_sara")  # fmt: skip
    SmsTemplate.objects.create(code="protected.clearance_expiring",
                               text="توانا: صلاحیت شما {روز} روز دیگر پایان می‌یابد.")  # fmt: skip
    return SimpleWorld(a, b, rana, sara, live, pending, revoked, asked_at)


class SimpleWorld:
    def __init__(self, a, b, rana, sara, live, pending, revoked, asked_at):
        self.a, self.b, self.rana, self.sara = a, b, rana, sara
        self.live, self.pending, self.revoked, self.asked_at = live, pending, revoked, asked_at


@pytest.fixture
def back_to_the_newest_state():
    """Whatever happens in the test, the database ends at the newest migrations:
    a failure half-way must not leave the next test (and the flush) a database
    at protected 0008."""
    yield
    _migrate(None)


def test_programme_clearances_carry_over_and_back(back_to_the_newest_state):
    old_apps = _migrate(BEFORE)
    w = _old_world(old_apps)
    today = timezone.localdate()

    _migrate(None)  # forward to the newest state
    live = Clearance.objects.get(area="recovery", user=w.rana)
    assert (live.cleared, live.expires_on, live.assigned_by_id, live.assigned_on) == (
        True, today + dt.timedelta(days=6), w.b.pk, today - dt.timedelta(days=100),
    )  # fmt: skip
    pending = Clearance.objects.get(area="prison_employment", user=w.sara)
    assert pending.pending and not pending.cleared and pending.requested_by_id == w.a.pk
    assert pending.requested_at == w.asked_at and pending.request_reason == "سرپرست کارگاه"
    revoked = Clearance.objects.get(area="prison_employment", user=w.rana)
    assert not revoked.cleared and revoked.assigned_by_id == w.a.pk
    # the one model now decides: live opens her programme, revoked and pending open nothing
    assert cleared_programme_codes(w.rana) == {"recovery"}
    assert cleared_programme_codes(w.sara) == set()
    # the inbox follows: the expiry reminder keeps its place, old links lead to the new page
    reminder = Notification.objects.get(recipient=w.rana, text="صلاحیت شما رو به پایان است")
    assert reminder.kind == "accounts.clearance_expiring"
    assert reminder.key == f"area-clearance:{live.pk}:{live.expires_on.isoformat()}"
    ask = Notification.objects.get(recipient=w.b, text="درخواست صلاحیت")
    assert ask.link == "/accounts/clearances/prison_employment/?username=mig_sara"
    assert ask.kind == "accounts.clearance_request"
    assert SmsTemplate.objects.filter(code="accounts.clearance_expiring").exists()
    # the daily run does not send the holder a second reminder for the same date
    from tavana.notifications.services import reminders_run

    reminders_run(today=today)
    assert Notification.objects.filter(recipient=w.rana).count() == 1

    old_apps = _migrate(BEFORE)  # back: the old table holds them again
    Staff = old_apps.get_model("protected", "ProgrammeStaff")
    back = Staff.objects.get(programme__code="recovery", user_id=w.rana.pk)
    assert (back.cleared, back.expires_on, back.assigned_by_id) == (True, live.expires_on, w.b.pk)
    back_pending = Staff.objects.get(programme__code="prison_employment", user_id=w.sara.pk)
    assert back_pending.request_reason == "سرپرست کارگاه" and back_pending.assigned_on
    assert not Clearance.objects.filter(area__in=["recovery", "prison_employment"]).exists()
    reminder = Notification.objects.get(recipient=w.rana)  # (its text is the run's now)
    assert reminder.kind == "protected.clearance_expiring"
    assert reminder.key == f"clearance:{back.pk}:{live.expires_on.isoformat()}"
    ask = Notification.objects.get(recipient=w.b, text="درخواست صلاحیت")
    assert ask.link == "/protected/prison_employment/staff/?username=mig_sara"
    assert ask.kind == "protected.clearance_approval"

    _migrate(None)  # and forward again, as a re-run after a rollback would
    assert Clearance.objects.filter(area__in=["recovery", "prison_employment"]).count() == 3
