"""A social worker records, on a woman's page, that she withdrew her consent to
SMS: the page shows it with the date and who recorded it, and the next SMS to
her is refused."""

import os

import pytest

from tavana.accounts import roles
from tavana.core.errors import ServiceError
from tavana.core.models import District
from tavana.notifications.services import sms_queue
from tavana.people import services
from tavana.people.models import Membership

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("TAVANA_SHOTS_DIR")


def test_a_withdrawal_is_recorded_shown_and_stops_the_next_sms(page, make_user):
    d4, _ = District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})
    worker = make_user(roles.SOCIAL_WORKER, username="leila")
    worker.districts.set([d4])
    registrar = make_user(roles.REGISTRAR, username="zahra")
    registrar.districts.set([d4])
    woman = services.person_create(
        actor=registrar,
        data={"first_name": "مریم", "last_name": "رضایی", "district": "4",
              "national_code": "0012345679", "mobile": "09121112233"},
        registration={"channel": "staff", "basis": "carries", "consents": ["services", "sms"]},
        household={"relation": Membership.HEAD},
    )  # fmt: skip
    login(page, "leila")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{page.base_url}/people/{woman.pk}/")
        sms = page.locator('[data-testid=consents] [data-purpose="sms"]')
        assert (
            sms.get_attribute("data-active") == "1" and registrar.display_name in sms.inner_text()
        )
        if SHOTS:
            page.screenshot(
                path=os.path.join(SHOTS, f"person-consents-{width}.png"), full_page=True
            )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name="سابقه، ثبت رضایت یا انصراف").click()
    page.wait_for_url("**/consents/")
    form = page.get_by_test_id("consent-form")
    # withdrawing what she never gave: told beside the field, nothing recorded
    form.locator("select[name=purpose]").select_option("research")
    form.locator("input[name=action][value=withdraw]").check()
    form.get_by_role("button", name="ثبت").click()
    page.wait_for_load_state()
    assert "برقرار نیست" in page.locator(".invalid-feedback, [role=alert]").first.inner_text()
    form = page.get_by_test_id("consent-form")
    form.locator("select[name=purpose]").select_option("sms")
    form.locator("input[name=action][value=withdraw]").check()
    form.locator("input[name=note]").fill("تلفنی گفت پیامک نمی‌خواهد")
    form.get_by_role("button", name="ثبت").click()
    page.wait_for_url("**/consents/")
    now = page.locator('[data-testid=consents] [data-purpose="sms"]')
    assert now.get_attribute("data-active") == "0" and worker.display_name in now.inner_text()
    assert "تلفنی گفت" in page.get_by_test_id("consent-history").inner_text()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"consents-{width}.png"), full_page=True)
    with pytest.raises(ServiceError):
        sms_queue(mobile=woman.mobile, text="کلاس فردا", person_id=woman.pk)
