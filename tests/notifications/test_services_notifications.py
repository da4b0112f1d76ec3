"""The notification service: inbox, SMS outbox with quiet hours, reminders, digest."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.core.errors import ServiceError
from tavana.core.sms import MemorySmsBackend
from tavana.notifications import registry, services
from tavana.notifications.domain.reminders import Reminder
from tavana.notifications.models import Digest, Notification, SmsOutbox

pytestmark = pytest.mark.django_db
TEHRAN = ZoneInfo("Asia/Tehran")


@pytest.fixture(autouse=True)
def _outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def staff(make_user):
    return make_user(roles.SOCIAL_WORKER, username="sw", mobile="09121234567")


@pytest.fixture
def fake_source():
    """A reminder source whose output a test sets."""
    out: list[Reminder] = []
    registry.reminder_source("test.thing", "چیز آزمایشی")(lambda today, lead: list(out))
    yield out
    registry.SOURCES.pop("test.thing")


def _at(hour, minute=0):
    return dt.datetime(2025, 3, 11, hour, minute, tzinfo=TEHRAN)


def test_notification_send_puts_it_in_her_inbox_and_texts_her_after_commit(staff):
    with pytest.raises(ServiceError):
        services.notification_send(recipient=staff, kind="x", text="  ")
    n = services.notification_send(
        recipient=staff, kind="x", text="کاری برای شما", link="/casework/", sms=True,
        sms_text="توانا: کاری در انتظار شماست.",
    )  # fmt: skip
    assert n.read_at is None and n.link == "/casework/"
    row = SmsOutbox.objects.get()
    assert row.mobile == "09121234567" and row.text == "توانا: کاری در انتظار شماست."


def test_a_link_outside_tavana_is_refused(staff):
    with pytest.raises(ServiceError):
        services.notification_send(recipient=staff, kind="x", text="t", link="https://evil.example")
    with pytest.raises(ServiceError):
        services.notification_send(recipient=staff, kind="x", text="t", link="//evil.example")


def test_sms_in_quiet_hours_waits_until_they_end_then_goes(django_capture_on_commit_callbacks):
    policy = services.policy_get()
    policy.quiet_start, policy.quiet_end = dt.time(21, 0), dt.time(8, 0)
    policy.save()
    with django_capture_on_commit_callbacks(execute=True):
        row = services.sms_queue(mobile="09120000000", text="بازارچه فردا", now=_at(23, 10))
    assert timezone.localtime(row.not_before) == _at(8, 0) + dt.timedelta(days=1)
    assert MemorySmsBackend.outbox == []
    assert services.sms_flush(now=_at(7, 59) + dt.timedelta(days=1)) == 0
    assert services.sms_flush(now=_at(8, 0) + dt.timedelta(days=1)) == 1
    assert [m.text for m in MemorySmsBackend.outbox] == ["بازارچه فردا"]
    row.refresh_from_db()
    assert row.sent_at is not None


def test_an_urgent_sms_ignores_quiet_hours_and_is_not_kept():
    policy = services.policy_get()
    policy.quiet_start, policy.quiet_end = dt.time(0, 0), dt.time(23, 59)
    policy.save()
    assert services.sms_queue(mobile="09120000000", text="کد: ۱۲۳۴", urgent=True) is None
    assert [m.text for m in MemorySmsBackend.outbox] == ["کد: ۱۲۳۴"]
    assert not SmsOutbox.objects.exists()


def test_an_sms_that_labels_its_reader_is_refused():
    with pytest.raises(ServiceError) as e:
        services.sms_queue(mobile="09120000000", text="بازارچهٔ زنان سرپرست خانوار فردا")
    assert "سرپرست خانوار" in str(e.value)
    assert not SmsOutbox.objects.exists()


def test_a_failed_provider_defers_the_batch(monkeypatch):
    from tavana.core.sms import SmsProviderError

    row = services.sms_queue(mobile="09120000000", text="سلام")

    def down(messages):
        raise SmsProviderError("unreachable")

    monkeypatch.setattr(services, "sms_send", down)
    assert services.sms_flush() == 0
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1 and row.not_before > timezone.now()


def test_reminders_are_added_once_updated_and_resolved_when_their_cause_is_gone(
    staff, fake_source, make_user
):
    today = dt.date(2025, 3, 11)
    fake_source.append(Reminder(staff.pk, "test.thing", "a:1", "یک روز گذشته", "/a/", today))
    idle = make_user(roles.SOCIAL_WORKER, username="gone")
    idle.is_active = False
    idle.save()
    fake_source.append(Reminder(idle.pk, "test.thing", "a:1", "برای کاربر غیرفعال", "/a/"))
    assert services.reminders_run(today=today)["test.thing"] == {
        "new": 1, "updated": 0, "resolved": 0,
    }  # fmt: skip
    assert services.reminders_run(today=today)["test.thing"] == {
        "new": 0, "updated": 0, "resolved": 0,
    }  # fmt: skip
    fake_source[0] = Reminder(staff.pk, "test.thing", "a:1", "دو روز گذشته", "/a/", today)
    services.reminders_run(today=today)
    n = Notification.objects.get(recipient=staff)
    assert n.text == "دو روز گذشته" and n.resolved_at is None
    fake_source.clear()
    assert services.reminders_run(today=today)["test.thing"]["resolved"] == 1
    n.refresh_from_db()
    assert n.resolved_at is not None


def test_a_broken_source_does_not_stop_the_others(staff, fake_source):
    def broken(today, lead):
        raise RuntimeError("boom")

    registry.reminder_source("test.broken", "خراب")(broken)
    try:
        fake_source.append(Reminder(staff.pk, "test.thing", "k", "متن", "/"))
        report = services.reminders_run()
    finally:
        registry.SOURCES.pop("test.broken")
    assert report["test.broken"] == {"error": "RuntimeError"}
    assert report["test.thing"]["new"] == 1


def test_digest_lists_open_reminders_and_unread_notes_and_may_text_a_count(staff, fake_source):
    fake_source.append(
        Reminder(staff.pk, "test.thing", "k1", "کار قدیمی", "/1/", dt.date(2025, 3, 1))
    )
    services.reminders_run()
    services.notification_send(recipient=staff, kind="x", text="پیام تازه")
    read = services.notification_send(recipient=staff, kind="x", text="پیام خوانده")
    services.notification_open(actor=staff, notification=read)
    policy = services.policy_get()
    policy.digest_sms = True
    policy.save()
    assert services.digest_compose(day=dt.date(2025, 3, 11)) == 1
    d = Digest.objects.get(recipient=staff)
    assert [i["text"] for i in d.items] == ["کار قدیمی", "پیام تازه"]
    sms = SmsOutbox.objects.get(kind="notifications.digest")
    assert "۲" in sms.text and "کار قدیمی" not in sms.text


def test_notify_run_claims_the_day_once(staff, fake_source):
    fake_source.append(Reminder(staff.pk, "test.thing", "k", "متن", "/"))
    early = services.notify_run(now=_at(5))
    assert "reminders" not in early
    first = services.notify_run(now=_at(9))
    assert first["reminders"]["test.thing"]["new"] == 1 and first["digests"] == 1
    assert "reminders" not in services.notify_run(now=_at(10))


def test_policy_update_is_audited_in_persian(make_user):
    from tavana.audit.labels import action_label
    from tavana.audit.models import AuditEntry

    admin = make_user(roles.ADMINISTRATOR)
    services.policy_update(actor=admin, data={"quiet_start": dt.time(22, 0), "digest_hour": 6})
    entry = AuditEntry.objects.get(action="notifications.policy_change")
    assert entry.after == {"quiet_start": "22:00:00", "digest_hour": 6}
    assert action_label(entry.action).startswith("تغییر ساعت")
