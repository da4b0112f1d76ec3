"""The «کار تو خونمونه» campaign in a real browser: a visitor signs up with the
code sent to her mobile, and a coordinator matches her with a mentor."""

import os
import re

import pytest

from tavana.accounts import roles
from tavana.businesses.models import Category
from tavana.campaign.models import Match, Mentor, SignUp
from tavana.core.models import District
from tavana.core.sms import MemorySmsBackend

from .conftest import SCREENSHOTS, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city(settings, make_user):
    settings.TAVANA_CAMPAIGN_MIN_FILL_SECONDS = 0
    from django.core.cache import cache

    cache.clear()
    MemorySmsBackend.outbox.clear()
    d4 = District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})[0]
    District.objects.get_or_create(number=9, defaults={"name": "منطقهٔ ۹"})
    # Flushing tests empty the seeded categories: make sure these two are there.
    candles = Category.objects.get_or_create(code="candles", defaults={"name": "شمع"})[0]
    Category.objects.get_or_create(code="pottery", defaults={"name": "سفال"})
    mentor = Mentor.objects.create(name="منیژه هنرمند", weekly_capacity=3)
    mentor.districts.set([d4])
    mentor.categories.set([candles])
    make_user(roles.ADMINISTRATOR, username="coordinator")
    yield mentor
    MemorySmsBackend.outbox.clear()


def test_a_visitor_signs_up_and_a_coordinator_matches_her_with_a_mentor(page, city):
    page.set_viewport_size({"width": 1100, "height": 1000})
    page.goto(page.base_url + "/campaign/join/")
    page.locator("#id_first_name").fill("نرگس")
    page.locator("#id_last_name").fill("محمدی")
    page.locator("#id_mobile").fill("۰۹۱۲۳۴۵۶۷۸۹")
    page.locator("#id_district").select_option(label="منطقهٔ ۴")
    page.get_by_label("زمینهٔ کار (اگر می‌دانید)").select_option(label="شمع")
    page.get_by_label("ایدهٔ شما (اختیاری)").fill("شمع‌های معطر دست‌ساز")
    page.get_by_label("کمی تجربه دارم", exact=False).check()
    page.get_by_role("radio", name="بله").check()
    if os.environ.get("TAVANA_UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "campaign-signup.png"), full_page=True)

    page.get_by_role("button", name="ادامه و دریافت کد تأیید").click()
    page.get_by_test_id("code-step").wait_for()
    # Everything she typed is still there.
    assert page.get_by_label("ایدهٔ شما (اختیاری)").input_value() == "شمع‌های معطر دست‌ساز"
    assert len(MemorySmsBackend.outbox) == 1
    sms = MemorySmsBackend.outbox[0]
    assert sms.mobile == "09123456789" and "نرگس" not in sms.text
    code = re.search(r"\d{5}", sms.text).group(0)

    # A wrong code first: a message beside the box, nothing lost.
    page.get_by_label("کد تأیید پیامک‌شده").fill("99999" if code != "99999" else "88888")
    page.get_by_role("button", name="ثبت‌نام").click()
    assert "کد تأیید درست نیست" in page.get_by_test_id("join-form").inner_text()
    assert page.locator("#id_first_name").input_value() == "نرگس"
    page.get_by_label("کد تأیید پیامک‌شده").fill(code)
    page.get_by_role("button", name="ثبت‌نام").click()
    page.get_by_test_id("join-done").wait_for()
    signup = SignUp.objects.get()
    assert signup.mobile == "09123456789" and signup.category.code == "candles"

    # The coordinator asks for a proposal and accepts the pair.
    login(page, "coordinator")
    page.goto(page.base_url + "/campaign/matching/")
    page.get_by_test_id("propose").click()
    pair = page.get_by_test_id("pair").filter(has_text="نرگس محمدی")
    assert "منیژه هنرمند" in pair.inner_text()
    assert "زمینهٔ کارش تخصص منتور است" in pair.inner_text()
    pair.get_by_role("button", name="پذیرش", exact=True).click()
    page.get_by_text("جفت پذیرفته شد.").wait_for()
    match = Match.objects.get(signup=signup)
    assert match.status == Match.ACCEPTED and match.mentor == city

    page.goto(f"{page.base_url}/campaign/signups/{signup.pk}/")
    assert page.get_by_test_id("mentor").inner_text().startswith("منیژه هنرمند")
