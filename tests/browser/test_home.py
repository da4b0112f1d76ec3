import os
import re

import pytest

from tavana.accounts import roles

from .conftest import SCREENSHOTS, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_signs_in_and_sees_its_persian_home(role, page, make_user):
    make_user(role, username=f"user_{role}")
    login(page, f"user_{role}")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "fa"
    assert page.get_by_test_id("role").inner_text() == roles.ROLE_LABELS[role]
    today = page.get_by_test_id("today").inner_text()
    assert re.search(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", today)
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in font
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    if role == roles.ADMINISTRATOR and os.environ.get("TAVANA_UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "home-administrator.png"), full_page=True)


def test_wrong_password_shows_persian_error(page, make_user):
    make_user(roles.REGISTRAR, username="zahra")
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "zahra")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert "نام کاربری یا گذرواژه درست نیست" in page.content()
    assert page.input_value("input[name=username]") == "zahra"


def test_auditor_filters_the_log_with_the_jalali_picker(page, make_user):
    make_user(roles.AUDITOR, username="shima")
    login(page, "shima")
    page.goto(page.base_url + "/audit/")
    page.click("input[name=start]")
    assert page.locator("jdp-container").count() == 1
    page.fill("input[name=start]", "۱۴۰۴/۱۲/۳۰")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="جست‌وجو").click()
    page.wait_for_load_state()
    assert "اسفند" in page.get_by_role("alert").first.inner_text()
    assert "is-invalid" in page.locator("input[name=start]").get_attribute("class")
