"""Her bazaar on a phone (390×844): she signs in with the code from the SMS
outbox, applies to a round with ranked choices (a wrong submit first), staff
allocate and publish, she accepts her booth and finds its SMS in her inbox;
axe-core's WCAG 2.2 AA rules run on each of her pages."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.bazaars import services as bazaars
from tavana.bazaars.models import Application, Assignment
from tavana.campaign.models import MentoringSession, SignUp
from tavana.core.sms import MemorySmsBackend
from tests.bazaars import factories as f
from tests.campaign import factories as cf

from .conftest import screens
from .test_portal_journey import _accessible

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "09123330001"


@pytest.fixture
def her():
    from django.core.cache import cache

    cache.clear()
    MemorySmsBackend.outbox.clear()
    producer = f.producer("handicrafts", mobile=MOBILE)
    s = cf.signup(mobile=MOBILE)
    SignUp.objects.filter(pk=s.pk).update(person=producer.person)
    match = cf.accepted(s, cf.mentor(name="منیژه هنرمند"))
    MentoringSession.objects.create(
        match=match, date=timezone.localdate() + dt.timedelta(days=2), minutes=60
    )
    yield producer
    MemorySmsBackend.outbox.clear()


def _sign_in(page):
    page.goto(page.base_url + "/my/sign-in/")
    page.get_by_label("شمارهٔ تلفن همراه").fill(MOBILE)
    page.get_by_role("button", name="فرستادن کد").click()
    page.get_by_test_id("code-sent").wait_for()
    code = re.search(r"(\d{5})", MemorySmsBackend.outbox[-1].text).group(1)
    page.get_by_label("کد پیامک‌شده").fill(code)
    page.get_by_role("button", name="ورود").click()
    page.get_by_test_id("my-identity").wait_for()


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_she_applies_to_a_bazaar_and_accepts_her_booth(page, her):
    page.set_viewport_size({"width": 390, "height": 844})
    r = f.round_("بازارچه‌های بهار")
    park = f.event(r, f.venue("بوستان گفتگو", booths=2), booths=2)
    metro = f.event(r, f.venue("ایستگاه مترو تجریش", booths=2), booths=2)
    f.apply(f.producer(), park)  # another producer in the same round
    _sign_in(page)

    page.get_by_role("link", name="بازارچه‌ها").click()
    page.get_by_test_id("open-rounds").wait_for()
    _accessible(page, "bazaars")
    _fits(page)
    screens(page, "portal-bazaars")
    # nothing chosen: the message sits by the first choice
    page.get_by_role("button", name="ثبت درخواست").click()
    page.locator(".invalid-feedback").first.wait_for()
    assert "دست‌کم یک بازارچه" in page.locator(".invalid-feedback").first.inner_text()
    _accessible(page, "bazaars-error")
    page.get_by_label("انتخاب اول").select_option(str(metro.pk))
    page.get_by_label("انتخاب دوم").select_option(str(park.pk))
    page.get_by_role("button", name="ثبت درخواست").click()
    page.get_by_test_id("my-choices").wait_for()
    ranks = dict(Application.objects.filter(producer=her).values_list("event_id", "rank"))
    assert ranks == {metro.pk: 1, park.pk: 2}

    # staff allocate and publish (the organiser's screens have their own journey)
    organiser = User.objects.create_user(
        username="organiser-portal", password="pass-for-tests-1403", role=roles.BAZAAR_ORGANISER
    )
    bazaars.round_allocate(actor=organiser, round_=r)
    f.publish(organiser, r)  # after the application deadline, the SMS count confirmed

    page.reload()
    page.get_by_test_id("my-booth").wait_for()
    _accessible(page, "bazaars-result")
    _fits(page)
    screens(page, "portal-bazaars-result")
    page.get_by_role("button", name=re.compile("^می‌پذیرم")).click()
    page.get_by_test_id("booth-accepted").wait_for()
    booth = Assignment.objects.get(producer=her)
    assert booth.accepted_at is not None and booth.event_id == metro.pk

    page.get_by_role("link", name="نمی‌توانم بیایم").click()
    page.get_by_test_id("decline-form").wait_for()
    _accessible(page, "booth-decline")
    page.get_by_role("link", name="بازگشت").click()

    page.get_by_role("link", name="پیام‌ها").click()
    page.get_by_test_id("my-messages").wait_for()
    assert "ایستگاه مترو تجریش" in page.get_by_test_id("my-messages").inner_text()
    _accessible(page, "inbox")
    _fits(page)
    screens(page, "portal-inbox")

    page.get_by_role("link", name="کار و منتور").click()
    page.get_by_test_id("my-next-appointment").wait_for()
    assert "منیژه هنرمند" in page.get_by_test_id("my-next-appointment").inner_text()
    _accessible(page, "work")
    _fits(page)
    screens(page, "portal-work")
