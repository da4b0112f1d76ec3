"""Forms never fail silently: an htmx form refused with its reasons shows them
beside the field (htmx 2 swaps no error answer by default); any other error of
an htmx request is told in Persian; the registration form shows every fault at
once, each beside its field, keeping what was typed."""

import os

import pytest

from tavana.accounts import roles
from tavana.core.models import District
from tavana.people import services
from tavana.people.domain.fields import NEED_IDENTITY
from tavana.people.models import Person
from tavana.people.selectors import PURPOSE_REQUIRED
from tests.field_errors import errors_untied, messages_of

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("TAVANA_SHOTS_DIR")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.fixture
def admin_and_woman(make_user):
    District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})
    admin = make_user(roles.ADMINISTRATOR, username="boss")
    woman = services.person_create(
        actor=admin,
        data={"first_name": "مریم", "last_name": "رضایی", "district": "4",
              "monthly_income": "12000000", "health_notes": "canary-health"},
    )  # fmt: skip
    return admin, woman


def test_a_sensitive_reveal_refused_shows_its_reason_beside_the_field(page, admin_and_woman):
    _admin, woman = admin_and_woman
    login(page, "boss")
    page.goto(f"{page.base_url}/people/{woman.pk}/")
    box = page.locator("#sensitive")
    box.locator("#id_reason").fill("کم")
    box.get_by_role("button", name="نمایش اطلاعات حساس").click()
    alert = box.locator(".invalid-feedback")
    alert.wait_for()
    assert alert.inner_text() == PURPOSE_REQUIRED
    assert box.locator("#id_reason").input_value() == "کم"
    # swapped in by htmx, the message is tied to its field as on a whole page
    assert errors_untied(page.content()) == []
    assert messages_of(page.content()) == {"reason": PURPOSE_REQUIRED}
    assert "canary-health" not in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "sensitive-refused-390.png")
    box.locator("#id_reason").fill("ارزیابی نیاز برای وام")
    box.get_by_role("button", name="نمایش اطلاعات حساس").click()
    page.get_by_test_id("sensitive-values").wait_for()
    assert "canary-health" in box.inner_text()


def test_any_other_error_of_an_htmx_request_is_told_in_persian(page, admin_and_woman):
    _admin, woman = admin_and_woman
    login(page, "boss")
    page.goto(f"{page.base_url}/people/{woman.pk}/")
    # the page was open while the record went away (here: its address is wrong)
    page.evaluate(
        """() => { const f = document.querySelector('#sensitive form');
                   f.setAttribute('hx-post', '/people/999999999/sensitive/');
                   htmx.process(f); }"""
    )
    page.locator("#id_reason").fill("ارزیابی نیاز برای وام")
    page.get_by_role("button", name="نمایش اطلاعات حساس").click()
    told = page.locator(".tv-htmx-error")
    told.wait_for()
    assert told.inner_text() == "پیدا نشد؛ صفحه را تازه کنید."
    assert told.get_attribute("role") == "alert"


def test_registration_shows_every_fault_at_once_and_keeps_what_was_typed(page, make_user):
    d4, _ = District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})
    registrar = make_user(roles.REGISTRAR, username="zahra")
    registrar.districts.set([d4])
    login(page, "zahra")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(page.base_url + "/people/register/")
        page.fill("#id_first_name", "فاطمه")
        page.fill("#id_last_name", "ن" * 120)
        page.fill("#id_mobile", "۰۹۱۲")
        page.get_by_role("button", name="ثبت", exact=True).click()
        page.wait_for_load_state()
        shown = {
            el.get_attribute("data-field"): el.inner_text()
            for el in page.locator(".invalid-feedback[data-field]").all()
        }
        assert {"last_name", "mobile", "district", "national_code"} <= set(shown)
        assert "۱۰۰" in shown["last_name"] and "۱۲۰" in shown["last_name"]
        assert shown["national_code"] == NEED_IDENTITY
        assert page.locator("#id_last_name").input_value() == "ن" * 120  # not cut
        assert page.locator("#id_first_name").input_value() == "فاطمه"
        assert page.locator("fieldset:has(input[name=basis]) [role=alert]").count() == 1
        assert "---------" not in page.content()
        shot(page, f"register-errors-{width}.png")
    assert Person.objects.count() == 0
