"""Every reminder the issue names, end to end: the daily run puts it in its
recipient's inbox and daily digest; it says what to do; its link opens for the
person it was sent to (a link she cannot open reminds her of nothing); and the
SMS it sends waits for the end of quiet hours."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.casework.models import (
    CaseAssignment,
    PlanAction,
    PlanGoal,
    Referral,
    SupportLevel,
    SupportStatus,
)
from tavana.core.sms import MemorySmsBackend
from tavana.notifications import services
from tavana.notifications.models import Digest, Notification, SmsOutbox
from tests.bazaars import factories as bz
from tests.partners import factories as pf
from tests.training import factories as tr
from tests.youth.factories import clear_for_children

pytestmark = pytest.mark.django_db

# the list: reassessments due, follow-ups and referral answers overdue, a
# course about to start, a booth offer about to expire, an agreement about to end,
# a clearance about to expire
NAMED = {
    "casework.reassessment_due",
    "casework.followup_overdue",
    "casework.referral_overdue",
    "training.course_starting",
    "bazaars.booth_offer_expiring",
    "partners.agreement_ending",
    "accounts.clearance_expiring",
}
# what to do, said as Persian imperatives («… ثبت کنید», «پاسخ دهید», «بخواهید»…)
IMPERATIVE = re.compile(r"(کنید|دهید|بخواهید|بگیرید|بگذارید)")


def _local(day: dt.date, hour: int, minute: int = 0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def one_of_each(make_user):
    """One cause for every named reminder, each due today or soon."""
    from tavana.bazaars.models import Assignment, Round

    today = timezone.localdate()
    worker = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    colleague = make_user(roles.SOCIAL_WORKER, username="leila")
    woman = tr.person("مریم", "رضایی")
    CaseAssignment.objects.create(worker=worker, person=woman, start_date=today)
    goal = PlanGoal.objects.create(person=woman, title="یافتن کار", created_by=worker)
    PlanAction.objects.create(
        goal=goal, description="تماس با کارگاه", follow_up_on=today - dt.timedelta(days=3)
    )
    SupportStatus.objects.create(
        person=woman,
        level=SupportLevel.objects.order_by("order").first(),
        since=today - dt.timedelta(days=200),
        reassess_on=today + dt.timedelta(days=2),
    )
    Referral.objects.create(
        person=woman, kind="refer", from_worker=worker, to_worker=colleague, request="مشاوره",
        sent_on=today - dt.timedelta(days=10), follow_up_on=today - dt.timedelta(days=2),
    )  # fmt: skip

    centre = tr.centre()
    centre_manager = make_user(roles.CENTRE_MANAGER, username="cm")
    centre_manager.centres.set([centre])
    tr.course(c=centre, first=today + dt.timedelta(days=2), title="خیاطی")

    organiser = make_user(roles.BAZAAR_ORGANISER, username="org")
    r = bz.round_(status=Round.PUBLISHED)
    r.created_by = organiser
    r.save()
    e = bz.event(r, start=today + dt.timedelta(days=1))
    Assignment.objects.create(event=e, producer=bz.producer(), booth_no=1)

    pf.axes()
    owner = pf.manager("owner-of-agreement")
    a = pf.agreement(owner=owner, starts_ago=300)
    # its end 20 days from today
    type(a).objects.filter(pk=a.pk).update(ends_on=today + dt.timedelta(days=20))

    holder = make_user(roles.SOCIAL_WORKER, username="rana", mobile="09127777777")
    admin = make_user(roles.ADMINISTRATOR, username="maryam")
    clear_for_children(holder, days=6, by=admin)
    return {"worker": worker, "owner": owner, "admin": admin}


def test_each_named_reminder_reaches_inbox_and_digest_says_what_to_do_and_opens(
    one_of_each, client
):
    today = timezone.localdate()
    services.policy_update(
        actor=one_of_each["admin"],
        data={"quiet_start": dt.time(22, 0), "quiet_end": dt.time(7, 0), "digest_hour": 7},
    )
    MemorySmsBackend.outbox.clear()
    report = services.notify_run(now=_local(today, 23, 30), daily=True)

    rows = list(Notification.objects.filter(resolved_at__isnull=True).select_related("recipient"))
    kinds = {n.kind for n in rows}
    assert NAMED <= kinds, (NAMED - kinds, report)
    for n in rows:
        if n.kind not in NAMED:
            continue
        assert IMPERATIVE.search(n.text), (n.kind, n.text)
        assert n.link.startswith("/"), (n.kind, n.link)
        client.force_login(n.recipient)
        answer = client.get(n.link)
        assert answer.status_code == 200, (n.kind, n.recipient.username, n.link)
        digest = Digest.objects.get(recipient=n.recipient, day=today)
        assert n.text in [i["text"] for i in digest.items], n.kind
        page = client.get("/notifications/digest/").content.decode()
        assert n.link in page, (n.kind, n.link)

    # the agreement's SMS waits for 07:00 the next morning, then goes
    owner_sms = SmsOutbox.objects.get(mobile=one_of_each["owner"].mobile)
    assert timezone.localtime(owner_sms.not_before) == _local(today + dt.timedelta(days=1), 7)
    assert owner_sms.sent_at is None and not MemorySmsBackend.outbox
    services.sms_flush(now=_local(today + dt.timedelta(days=1), 6, 59))
    assert not MemorySmsBackend.outbox
    services.sms_flush(now=_local(today + dt.timedelta(days=1), 7, 0))
    assert owner_sms.mobile in [m.mobile for m in MemorySmsBackend.outbox]
