"""Her work, her mentoring and her SMS inbox through the test client: what she
makes, for when, with whom she meets next — and nothing that says why."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tavana.campaign.models import MentoringSession, SignUp
from tavana.notifications.models import SmsOutbox
from tavana.people.services import person_update
from tavana.production import services as production
from tavana.production.domain import orders as rules
from tests.campaign import factories as cf
from tests.production import factories as pf

from .woman import empty_outbox, signed_in  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_outbox")]


def test_a_home_worker_sees_what_she_makes_and_by_when_but_not_why(client):
    actor = pf.coordinator()
    shirt = pf.product("پیراهن", rate=40_000)
    worker = pf.home_worker(actor, {shirt: 20}, day_minutes=480)
    o = pf.order(actor, items=[{"product": shirt, "size": "M", "quantity": 30}])
    o = production.order_move(actor=actor, order=o, target=rules.ACCEPTED)
    plan = production.plan_make(actor=actor, order=o, time_limit=30)
    mine = plan.assignments.get(worker=worker)
    body = signed_in(client, worker.person).get(reverse("portal:work")).content.decode()
    assert 'data-testid="my-packages"' in body and "در خانه" in body
    assert f"{mine.pieces}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in body
    assert mine.reason and mine.reason not in body  # the plan's why stays with staff
    assert o.client.name not in body and o.title not in body


def test_a_workshop_worker_sees_her_workshop_and_her_logged_pieces(client):
    actor = pf.coordinator()
    o, item, good, _, week = pf.worked_order(actor)
    body = signed_in(client, good.person).get(reverse("portal:work")).content.decode()
    assert good.unit.name in body and "کار کنونی کارگاه" in body
    assert 'data-testid="my-logs"' in body and "۳۰ عدد" in body
    assert "دوخت یقه کج" not in body  # quality notes are not hers to read here


def test_a_woman_outside_production_and_mentoring_is_told_where_to_start(client):
    from tests.training.factories import person

    body = signed_in(client, person()).get(reverse("portal:work")).content.decode()
    assert "هنوز در کار تولید مرکز نیستید" in body
    assert reverse("campaign:join") in body


def test_she_sees_her_mentor_sessions_and_next_appointment_without_notes(client):
    from tests.training.factories import person

    her = person("سارا", "کریمی")
    s = cf.signup(primary_earner=True)
    SignUp.objects.filter(pk=s.pk).update(person=her)
    m = cf.mentor(name="منیژه هنرمند")
    match = cf.accepted(s, m)
    today = timezone.localdate()
    MentoringSession.objects.create(match=match, date=today - dt.timedelta(days=7), minutes=45,
                                    notes="یادداشت منتور دربارهٔ وضع خانواده",
                                    next_step="قیمت‌گذاری محصولات")  # fmt: skip
    MentoringSession.objects.create(match=match, date=today + dt.timedelta(days=3), minutes=60)
    body = signed_in(client, her).get(reverse("portal:work")).content.decode()
    assert "منیژه هنرمند" in body and "قیمت‌گذاری محصولات" in body
    next_card = body.split('data-testid="my-next-appointment"')[1].split("</section>")[0]
    from tavana.core.domain.jalali import format_jalali_long

    assert format_jalali_long(today + dt.timedelta(days=3)) in next_card
    assert "یادداشت منتور" not in body and "وضع خانواده" not in body


def test_her_next_appointment_is_the_one_agreed_at_her_latest_session(client):
    from tavana.core.domain.jalali import format_jalali_long
    from tests.training.factories import person

    her = person("سارا", "کریمی")
    s = cf.signup()
    SignUp.objects.filter(pk=s.pk).update(person=her)
    match = cf.accepted(s, cf.mentor(name="منیژه هنرمند"))
    today = timezone.localdate()
    superseded, agreed = today + dt.timedelta(days=2), today + dt.timedelta(days=9)
    for days_ago, next_on in ((14, superseded), (3, agreed)):
        MentoringSession.objects.create(
            match=match, date=today - dt.timedelta(days=days_ago), minutes=45, next_on=next_on
        )
    body = signed_in(client, her).get(reverse("portal:work")).content.decode()
    card = body.split('data-testid="my-next-appointment"')[1].split("</section>")[0]
    assert format_jalali_long(agreed) in card and format_jalali_long(superseded) not in card


def _sms(mobile, text, kind="bazaars.booth", at=None):
    row = SmsOutbox.objects.create(mobile=mobile, text=text, kind=kind, not_before=timezone.now())
    if at is not None:
        SmsOutbox.objects.filter(pk=row.pk).update(created_at=at)
    return row


def test_her_inbox_shows_what_was_sent_to_her_and_nothing_else(client, make_user):
    from tests.bazaars.factories import person

    her = person(mobile="09125550001")
    _sms("09125550001", "غرفهٔ شمارهٔ ۳ در «بازارچه دستاوردهای زنان» برای شما در نظر گرفته شد.")
    _sms("09125550001", "سپاس از کمک شما به پویش", kind="protected.release_thanks")
    _sms("09125550001", "درخواست تأیید دسترسی", kind="protected.clearance_approval")
    _sms("09125550002", "غرفهٔ شمارهٔ ۷ برای دیگری")
    _sms("09125550001", "غرفه برای سرپرست خانوار")  # a labelling word: never shown
    body = signed_in(client, her).get(reverse("portal:inbox")).content.decode()
    assert "غرفهٔ شمارهٔ ۳" in body and 'data-testid="my-messages"' in body
    for hidden in ("سپاس از کمک", "تأیید دسترسی", "غرفهٔ شمارهٔ ۷", "سرپرست خانوار"):
        assert hidden not in body, hidden
    assert body.count('<li class="card') == 1


def test_messages_to_her_number_before_she_took_it_are_not_hers(client, make_user):
    from tavana.accounts import roles
    from tests.bazaars.factories import person

    her = person(mobile="09125550003")
    _sms("09125550004", "پیام به صاحب پیشین شماره", at=timezone.now() - dt.timedelta(days=1))
    person_update(actor=make_user(roles.REGISTRAR), person=her, data={"mobile": "09125550004"})
    _sms("09125550004", "پیام تازه پس از تغییر شماره")
    body = signed_in(client, her).get(reverse("portal:inbox")).content.decode()
    assert "پیام تازه" in body and "صاحب پیشین" not in body


def test_an_empty_inbox_says_so(client):
    from tests.bazaars.factories import person

    body = signed_in(client, person()).get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="no-messages"' in body
