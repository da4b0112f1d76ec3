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


def test_the_administrator_turns_it_on_signs_in_with_a_recovery_code_audited(
    page, make_user, settings
):
    """As the administrator (the issue's journey): on, then in with a recovery code;
    the change is in the audit log in Persian. Then her first errand on a
    colleague's page, submitted wrong: the refusal stays beside its field."""
    settings.TAVANA_TWO_FACTOR_ENFORCED = True
    admin = make_user(roles.ADMINISTRATOR, username="maryam")
    colleague = make_user(roles.REGISTRAR, username="zahra")
    _password_step(page, "maryam")
    page.wait_for_url("**/accounts/me/two-factor/")
    page.fill("#id_code", code_for(admin))
    page.get_by_role("button", name="روشن کردن ورود دومرحله‌ای").click()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    page.get_by_role("link", name="آن‌ها را نگه داشتم").click()
    open_menu(page)
    page.get_by_role("button", name="خروج").click()

    _password_step(page, "maryam")
    page.wait_for_url("**/accounts/two-factor/verify/**")
    page.fill("#id_code", codes[0])
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/audit/")
    actions = page.get_by_test_id("audit-action").all_inner_texts()
    assert "روشن کردن ورود دومرحله‌ای" in actions

    page.goto(page.base_url + f"/accounts/staff/{colleague.pk}/")
    form = page.get_by_test_id("form-deactivate")
    form.get_by_role("button", name="غیرفعال کن").click()
    error = page.get_by_test_id("form-deactivate").locator("[data-field=reason]")
    assert "لازم است" in error.inner_text()
    screens(page, "admin-staff-deactivate-refused")
    colleague.refresh_from_db()
    assert colleague.is_active


def test_a_registrar_given_a_childrens_data_clearance_must_turn_it_on(page, make_user, settings):
    """Without a clearance the registrar works without a second step; once a second
    administrator approves her clearance, her next page is the set-up, and she
    sees her sign-in history with its addresses in Persian digits."""
    import datetime as dt

    from django.utils import timezone

    from tavana.accounts import clearances

    settings.TAVANA_TWO_FACTOR_ENFORCED = True
    maryam = make_user(roles.ADMINISTRATOR, username="maryam")
    shirin = make_user(roles.ADMINISTRATOR, username="shirin")
    zahra = make_user(roles.REGISTRAR, username="zahra")
    _password_step(page, "zahra")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/people/search/")
    assert page.url.endswith("/people/search/")

    row = clearances.clearance_request(
        actor=maryam,
        area="children",
        user=zahra,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        reason="ثبت کارنامه‌های فرزندان",
    )
    clearances.clearance_decide(actor=shirin, clearance=row, approve=True)
    page.goto(page.base_url + "/people/search/")
    page.wait_for_url("**/accounts/me/two-factor/")
    assert "صلاحیت دسترسی" in page.content()
    screens(page, "two-factor-setup-cleared-registrar")
    page.fill("#id_code", code_for(zahra))
    page.get_by_role("button", name="روشن کردن ورود دومرحله‌ای").click()
    assert page.get_by_test_id("recovery-codes").locator("code").count() == 10
    page.get_by_role("link", name="آن‌ها را نگه داشتم").click()
    page.goto(page.base_url + "/people/search/")
    assert page.url.endswith("/people/search/")
    page.goto(page.base_url + "/accounts/me/")
    addresses = page.get_by_test_id("ip").all_inner_texts()
    assert addresses and all(a == "۱۲۷.۰.۰.۱" for a in addresses), addresses
    screens(page, "account-sign-ins")
