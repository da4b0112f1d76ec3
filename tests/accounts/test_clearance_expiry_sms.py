"""Every clearance about to expire — children's data and each protected programme —
reaches its holder by SMS as well as in her inbox: after quiet hours, once, and
saying nothing of the area, the programme or why any woman is served."""

import datetime as dt

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.clearances import AREAS
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.labels import sms_text_check
from tavana.core.sms import MemorySmsBackend
from tavana.notifications import services
from tavana.notifications.models import Notification, SmsOutbox
from tests.accounts.factories import clear_for
from tests.protected.factories import programmes_ensure

pytestmark = pytest.mark.django_db


def _local(day: dt.date, hour: int, minute: int = 0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_each_area_holder_gets_an_sms_after_quiet_hours_naming_nothing(make_user):
    from tavana.protected.models import Programme

    programmes_ensure()
    today = timezone.localdate()
    admin = make_user(roles.ADMINISTRATOR, username="maryam", mobile="09120000001")
    services.policy_update(
        actor=admin,
        data={"quiet_start": dt.time(22, 0), "quiet_end": dt.time(7, 0), "digest_hour": 7},
    )
    assert {"children", *Programme.objects.values_list("code", flat=True)} <= set(AREAS)
    holders = {}
    for n, area in enumerate(sorted(AREAS), start=1):
        holder = make_user(roles.SOCIAL_WORKER, username=f"holder{n}", mobile=f"0912111110{n}")
        clear_for(holder, area, days=5, by=admin)
        holders[area] = holder
    far = make_user(roles.SOCIAL_WORKER, username="far", mobile="09122222222")
    clear_for(far, "children", days=60, by=admin)  # not yet within the reminder's 14 days
    MemorySmsBackend.outbox.clear()

    services.notify_run(now=_local(today, 23, 30), daily=True)

    forbidden = set()
    for area in AREAS.values():
        forbidden |= {area.name, *(w for w in area.name.split() if len(w) > 2)}
    forbidden |= set(Programme.objects.values_list("name", flat=True))
    forbidden |= {"کودک", "فرزند", "زندان", "حبس", "اعتیاد", "بهبود", "آزادی", "برنامه"}
    for area, holder in holders.items():
        inbox = Notification.objects.get(recipient=holder, kind="accounts.clearance_expiring")
        assert AREAS[area].name in inbox.text  # her inbox (behind her sign-in) says which
        sms = SmsOutbox.objects.get(mobile=holder.mobile)  # one SMS, to her
        assert timezone.localtime(sms.not_before) == _local(today + dt.timedelta(days=1), 7)
        assert sms.sent_at is None
        assert to_persian_digits(5) in sms.text and "تمدید" in sms.text
        assert sms_text_check(sms.text) == ""
        assert not [w for w in forbidden if w and w in sms.text], (area, sms.text)
    assert not SmsOutbox.objects.filter(mobile__in=[far.mobile, admin.mobile]).exists()
    assert not MemorySmsBackend.outbox

    services.sms_flush(now=_local(today + dt.timedelta(days=1), 6, 59))
    assert not MemorySmsBackend.outbox  # quiet hours until 07:00
    services.sms_flush(now=_local(today + dt.timedelta(days=1), 7, 0))
    sent = sorted(m.mobile for m in MemorySmsBackend.outbox)
    assert sent == sorted(h.mobile for h in holders.values())

    # the next day's run reminds in the inbox again but does not text her twice
    services.notify_run(now=_local(today + dt.timedelta(days=1), 8, 0), daily=True)
    for holder in holders.values():
        assert SmsOutbox.objects.filter(mobile=holder.mobile).count() == 1
