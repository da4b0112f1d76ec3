"""The contexts' reminder sources: what each says, to whom, and where it links."""

import datetime as dt

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
from tavana.notifications import services
from tavana.notifications.models import Notification
from tests.bazaars import factories as bz
from tests.training import factories as tr

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_user):
    from tests.training.factories import person

    worker = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    woman = person("مریم", "رضایی")
    CaseAssignment.objects.create(worker=worker, person=woman, start_date=dt.date(2025, 1, 1))
    return worker, woman


def _mine(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_an_overdue_follow_up_reminds_the_case_holder_until_it_is_done(case):
    worker, woman = case
    today = timezone.localdate()
    goal = PlanGoal.objects.create(person=woman, title="شغل", created_by=worker)
    late = PlanAction.objects.create(
        goal=goal, description="تماس با کارفرما", follow_up_on=today - dt.timedelta(days=3)
    )
    PlanAction.objects.create(goal=goal, description="امروز", follow_up_on=today)
    services.reminders_run(today=today)
    [n] = _mine(worker, "casework.followup_overdue")
    assert "تماس با کارفرما" in n.text and "مریم رضایی" in n.text and "۳ روز" in n.text
    assert n.link == f"/casework/actions/{late.pk}/done/"
    late.done_on = today
    late.save()
    services.reminders_run(today=today)
    n.refresh_from_db()
    assert n.resolved_at is not None


def test_reassessment_due_within_a_week_and_unanswered_referrals(case, make_user):
    worker, woman = case
    today = timezone.localdate()
    level = SupportLevel.objects.order_by("order").first()
    SupportStatus.objects.create(
        person=woman, level=level, since=today, reassess_on=today + dt.timedelta(days=5)
    )
    colleague = make_user(roles.SOCIAL_WORKER, username="leila")
    r = Referral.objects.create(
        person=woman, kind="refer", from_worker=worker, to_worker=colleague, request="مشاوره",
        sent_on=today - dt.timedelta(days=10), follow_up_on=today - dt.timedelta(days=2),
    )  # fmt: skip
    services.reminders_run(today=today)
    [due] = _mine(worker, "casework.reassessment_due")
    assert due.link == f"/casework/person/{woman.pk}/assess/"
    [sent] = _mine(worker, "casework.referral_overdue")
    [received] = _mine(colleague, "casework.referral_overdue")
    assert sent.link == received.link == f"/casework/referrals/{r.pk}/"
    assert "پاسخ دهید" in received.text


def test_a_course_about_to_start_reminds_its_trainer_and_centre_managers(make_user):
    today = timezone.localdate()
    centre = tr.centre()
    manager = make_user(roles.CENTRE_MANAGER, username="cm")
    manager.centres.set([centre])
    course = tr.course(c=centre, first=today + dt.timedelta(days=2), title="خیاطی")
    later = tr.course(c=centre, first=today + dt.timedelta(days=20), title="بعدی")
    services.reminders_run(today=today)
    for user in (course.trainer, manager):
        [n] = _mine(user, "training.course_starting")
        assert "خیاطی" in n.text and "۲ روز دیگر" in n.text
        assert n.link == f"/training/courses/{course.pk}/"
    assert not Notification.objects.filter(link=f"/training/courses/{later.pk}/").exists()


def test_booth_offers_not_taken_up_before_the_event_remind_the_organiser(make_user):
    from tavana.bazaars.models import Assignment, Round

    today = timezone.localdate()
    organiser = make_user(roles.BAZAAR_ORGANISER, username="org")
    r = bz.round_(status=Round.PUBLISHED)
    r.created_by = organiser
    r.save()
    e = bz.event(r, start=today + dt.timedelta(days=1))
    Assignment.objects.create(event=e, producer=bz.producer(), booth_no=1)
    services.reminders_run(today=today)
    [n] = _mine(organiser, "bazaars.booth_offer_expiring")
    assert n.link == f"/bazaars/events/{e.pk}/" and "۱ غرفه" in n.text


def test_a_clearance_about_to_expire_reminds_its_holder_by_sms_and_the_administrators(make_user):
    from tavana.notifications.models import SmsOutbox
    from tavana.protected.models import Programme
    from tests.protected.factories import clear

    today = timezone.localdate()
    worker = make_user(roles.SOCIAL_WORKER, username="rana", mobile="09127777777")
    admin = make_user(roles.ADMINISTRATOR, username="maryam")
    s = clear(worker, Programme.RECOVERY)
    s.expires_on = today + dt.timedelta(days=6)
    s.save()
    name = Programme.objects.get(code=Programme.RECOVERY).name
    services.reminders_run(today=today)
    [mine] = _mine(worker, "accounts.clearance_expiring")
    [theirs] = _mine(admin, "accounts.clearance_expiring")
    assert "۶ روز دیگر" in mine.text and name in mine.text
    assert mine.link == f"/protected/{Programme.RECOVERY}/"  # where she works
    assert theirs.link == f"/accounts/clearances/{Programme.RECOVERY}/?username=rana"
    sms = SmsOutbox.objects.get(mobile="09127777777")
    assert name not in sms.text and "یاور" not in sms.text
