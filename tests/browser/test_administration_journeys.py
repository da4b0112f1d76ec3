"""The administrator runs Tavana without a developer: staff accounts, password
resets, the organisation — each change in the audit log, in Persian."""

import re

import pytest

from tavana.accounts import roles
from tavana.accounts.models import OrgUnit, User
from tavana.core.models import District
from tavana.core.sms import MemorySmsBackend
from tests.training.factories import centre

from .conftest import login, open_menu, screens

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


def _audit_says(page, *texts):
    page.goto(page.base_url + "/audit/")
    actions = page.get_by_test_id("audit-action").all_inner_texts()
    for text in texts:
        assert text in actions, (text, actions)


def test_create_a_registrar_for_two_districts(page, make_user):
    for n in (4, 9, 12):
        District.objects.get_or_create(number=n, defaults={"name": f"منطقهٔ {n}"})
    make_user(roles.ADMINISTRATOR, username="maryam")
    login(page, "maryam")
    open_menu(page)
    page.get_by_role("link", name="مدیریت سامانه").click()
    page.get_by_role("link", name="کارکنان", exact=True).click()
    page.get_by_role("link", name="کارمند تازه").click()
    page.fill("#id_username", "zahra.karimi")
    page.fill("#id_first_name", "زهرا")
    page.fill("#id_last_name", "كريمي")  # Arabic letters: stored with Persian ones
    page.fill("#id_mobile", "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    page.select_option("#id_role", roles.REGISTRAR)
    page.get_by_role("button", name="ساخت حساب").click()
    # wrong first: a registrar without a district is refused, what was typed is kept
    assert "دست‌کم یک منطقه" in page.content()
    assert page.input_value("#id_username") == "zahra.karimi"
    page.get_by_label("منطقهٔ 4").check()
    page.get_by_label("منطقهٔ 9").check()
    screens(page, "admin-staff-new")
    page.get_by_role("button", name="ساخت حساب").click()
    page.wait_for_url("**/accounts/staff/*/")
    assert "پیوند تعیین گذرواژه" in page.content()
    assert page.get_by_test_id("member-name").inner_text() == "زهرا کریمی"
    user = User.objects.get(username="zahra.karimi")
    assert user.role == roles.REGISTRAR and user.mobile == "09123456789"
    assert sorted(user.districts.values_list("number", flat=True)) == [4, 9]
    assert not user.has_usable_password()
    screens(page, "admin-staff-detail")
    _audit_says(page, "ساخت حساب کارمند")


def test_reset_a_password_without_seeing_one(page, make_user):
    make_user(roles.ADMINISTRATOR, username="maryam")
    member = make_user(roles.SOCIAL_WORKER, username="fatemeh", mobile="09121112233")
    login(page, "maryam")
    page.goto(page.base_url + f"/accounts/staff/{member.pk}/")
    page.get_by_role("button", name="بازنشانی گذرواژه").click()
    assert "پیامک شد" in page.content()
    assert "pass-for-tests" not in page.content()
    [sms] = MemorySmsBackend.outbox
    assert sms.mobile == "09121112233"
    link = re.search(r"https?://\S+", sms.text).group(0)
    open_menu(page)
    page.get_by_role("button", name="خروج").click()

    page.goto(link)
    page.fill("#id_new_password1", "1234567890")
    page.fill("#id_new_password2", "1234567890")
    page.get_by_role("button", name="ذخیرهٔ گذرواژه").click()
    assert "فقط رقم" in page.content()
    page.fill("#id_new_password1", "نارنج-باغ-۱۴۰۳-تازه")
    page.fill("#id_new_password2", "نارنج-باغ-۱۴۰۳-تازه")
    page.get_by_role("button", name="ذخیرهٔ گذرواژه").click()
    page.wait_for_url("**/accounts/login/")
    login(page, "fatemeh", "نارنج-باغ-۱۴۰۳-تازه")
    page.goto(link)  # a used link is spent
    assert "دیگر معتبر نیست" in page.content()
    page.goto(page.base_url + "/")
    open_menu(page)
    page.get_by_role("button", name="خروج").click()
    login(page, "maryam")
    page.goto(page.base_url + f"/accounts/staff/{member.pk}/")
    assert "ورود موفق" in page.get_by_test_id("sign-ins").inner_text()
    _audit_says(page, "بازنشانی گذرواژه (پیوند پیامکی)", "تعیین گذرواژه با پیوند")


def test_move_a_centre_to_another_unit(page, make_user):
    make_user(roles.ADMINISTRATOR, username="maryam")
    dept = {"kind": OrgUnit.DEPARTMENT}
    vocational = OrgUnit.objects.get_or_create(code="vocational", defaults={"name": "فنی", **dept})[
        0
    ]
    production = OrgUnit.objects.get_or_create(
        code="production", defaults={"name": "تولید", **dept}
    )[0]
    c = centre(name="مرکز کوثر نارمک", org_unit=vocational)
    login(page, "maryam")
    page.goto(page.base_url + "/accounts/units/")
    page.get_by_test_id("unit-vocational").get_by_role("link", name=f"جابه‌جایی {c.name}").click()
    page.select_option("#id_org_unit", str(production.pk))
    page.get_by_role("button", name="جابه‌جا کن").click()
    page.wait_for_url("**/accounts/units/")
    assert c.name in page.get_by_test_id("unit-production").inner_text()
    assert c.name not in page.get_by_test_id("unit-vocational").inner_text()
    screens(page, "admin-units")
    c.refresh_from_db()
    assert c.org_unit == production
    _audit_says(page, "جابه‌جایی مرکز کوثر به واحد دیگر")
