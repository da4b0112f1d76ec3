"""A social worker must turn on two-factor sign-in, does, and signs in with it."""

import time

import pytest

from tavana.accounts import roles
from tests.accounts.twofactor_helpers import code_for

from .conftest import open_menu, screens

pytestmark = pytest.mark.django_db(transaction=True)


def _password_step(page, username="rana"):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-for-tests-1403")
    page.click("button[type=submit]")


def test_turn_on_two_factor_and_sign_in_with_it(page, make_user, settings):
    settings.TAVANA_TWO_FACTOR_ENFORCED = True
    user = make_user(roles.SOCIAL_WORKER, username="rana")
    _password_step(page)
    page.wait_for_url("**/accounts/me/two-factor/")  # nothing else opens before it is on
    page.goto(page.base_url + "/casework/")
    page.wait_for_url("**/accounts/me/two-factor/")
    assert page.get_by_test_id("qr").locator("svg").count() == 1
    assert len(page.get_by_test_id("secret").inner_text()) >= 16
    screens(page, "two-factor-setup")
    page.fill("#id_code", code_for(user))
    page.get_by_role("button", name="روشن کردن ورود دومرحله‌ای").click()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="آن‌ها را نگه داشتم").click()
    assert "روشن" in page.content()
    open_menu(page)
    page.get_by_role("button", name="خروج").click()

    _password_step(page)
    page.wait_for_url("**/accounts/two-factor/verify/**")
    page.fill("#id_code", "۱۲۳۴۵۶")
    page.get_by_role("button", name="ورود").click()
    assert "کد درست نیست" in page.content()
    time.sleep(1.2)  # django-otp slows down guessing after a wrong code
    page.fill("#id_code", code_for(user, steps_ahead=1))
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url(page.base_url + "/")
    assert page.get_by_test_id("who").is_visible()
    page.goto(page.base_url + "/casework/")
    assert page.url.endswith("/casework/")
    page.goto(page.base_url + "/audit/")  # not her page; the sign-in is still recorded
    page.goto(page.base_url + "/accounts/me/")
    assert "ورود موفق" in page.content() and "کد ورود دومرحله‌ای نادرست" in page.content()
