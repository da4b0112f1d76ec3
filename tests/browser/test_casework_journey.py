"""A social worker's journey in a real browser: assess a woman, move her up a
level, record a service, refer her to a partner organisation."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.casework.models import Delivery, Referral, SupportStatus
from tavana.core.domain.jalali import format_jalali
from tavana.core.models import District
from tavana.people.consents import consent_give
from tavana.people.domain.consent import PARTNER_REFERRAL
from tavana.people.models import Person

from .conftest import SCREENSHOTS, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded():
    """The ladder, questionnaire, services and partners come from a data migration,
    which a flushing test before this one has emptied: seed them again (the partner
    organisations it seeds now live in the partners context)."""
    from importlib import import_module

    from django.apps import apps

    class Apps:
        def get_model(self, app, name):
            if (app, name) == ("casework", "PartnerOrganisation"):
                return apps.get_model("partners", "Organisation")
            return apps.get_model(app, name)

    import_module(
        "tavana.casework.migrations.0002_seed_ladder_questionnaire_services_partners"
    ).seed(Apps(), None)


@pytest.fixture
def woman(make_user, seeded):
    d4 = District.objects.create(number=4, name="منطقهٔ ۴")
    sw = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    sw.districts.set([d4])
    her = Person.objects.create(
        first_name="مریم", last_name="رضایی", name_key="مریم رضایی", first_key="مریم",
        last_key="رضایی", district=d4,
    )  # fmt: skip
    # she agreed at registration to be referred to partner organisations
    consent_give(actor=sw, person=her, purpose=PARTNER_REFERRAL)
    return her


def test_social_worker_assesses_moves_up_records_a_service_and_refers(page, woman):
    login(page, "fatemeh")
    page.goto(f"{page.base_url}/people/{woman.pk}/")
    page.get_by_role("button", name="پذیرش پرونده").click()
    page.get_by_test_id("case-owner").wait_for()

    # 1. Assess: no skills, no business → skills training, with the reasons shown live.
    page.get_by_role("link", name="ارزیابی نیاز").click()
    for fieldset in page.locator("fieldset.tv-answer").all():
        legend = fieldset.locator("legend").inner_text()
        pick = 3 if "مهارت" in legend else 0  # the 4th option is the highest need
        fieldset.locator("input[type=radio]").nth(pick).check()
    suggestion = page.get_by_test_id("suggested-level")
    suggestion.wait_for()
    assert suggestion.inner_text() == "مهارت‌آموزی"
    assert "مهارت شغلی کافی ندارد" in page.get_by_test_id("suggestion").inner_text()
    if os.environ.get("TAVANA_UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / "casework-assessment.png"), full_page=True)
    page.get_by_role("button", name="ثبت ارزیابی").click()
    page.wait_for_url(f"**/people/{woman.pk}/")
    assert page.get_by_test_id("current-level").inner_text() == "مهارت‌آموزی"

    # 2. Move her up one rung (she finished a course).
    page.get_by_role("link", name="تغییر سطح").click()
    page.select_option("#id_level", "facilitation")
    page.fill("#id_reason", "دورهٔ خیاطی را گذراند")
    page.get_by_role("button", name="ثبت تغییر سطح").click()
    page.wait_for_url(f"**/people/{woman.pk}/")
    assert page.get_by_test_id("current-level").inner_text() == "تسهیل کسب‌وکار"
    history = page.get_by_test_id("ladder-history").inner_text()
    assert "مهارت‌آموزی ← تسهیل کسب‌وکار" in history and "دورهٔ خیاطی را گذراند" in history

    # 3. Record a business-advice session.
    page.get_by_role("link", name="ثبت خدمت").click()
    page.select_option("#id_service", label="مشاورهٔ کسب‌وکار (کسب‌وکار خانگی و خرد)")
    page.fill("#id_quantity", "۲")
    page.get_by_role("button", name="ثبت خدمت").click()
    page.wait_for_url(f"**/people/{woman.pk}/")
    assert "مشاورهٔ کسب‌وکار" in page.get_by_test_id("deliveries").inner_text()

    # 4. Refer her to the Relief Committee; a bad form first keeps what was typed.
    page.get_by_role("link", name="ارجاع یا انتقال").click()
    page.select_option("#id_to_partner", label="کمیته امداد امام خمینی")
    page.fill("#id_request", "درخواست بستهٔ معیشتی")
    page.get_by_role("button", name="فرستادن").click()
    assert "تاریخ پیگیری را وارد کنید." in page.content()
    assert page.input_value("#id_request") == "درخواست بستهٔ معیشتی"
    follow_up = format_jalali(timezone.localdate() + dt.timedelta(days=14))
    page.fill("#id_follow_up_on", follow_up)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="فرستادن").click()
    page.wait_for_url(f"**/people/{woman.pk}/")
    assert "کمیته امداد امام خمینی" in page.get_by_test_id("referrals-section").inner_text()

    # The referral waits for an answer on her dashboard.
    page.goto(page.base_url + "/casework/")
    assert "کمیته امداد امام خمینی" in page.get_by_test_id("referrals-sent").inner_text()

    status = SupportStatus.objects.get(person=woman)
    assert status.level.code == "facilitation"
    assert Delivery.objects.get(person=woman).quantity == 2
    assert Referral.objects.get(person=woman).status == "sent"
