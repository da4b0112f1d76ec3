"""A protected programme's clearance: one administrator asks, a second approves,
the social worker gets in until the date, then is warned, then is out."""

import datetime as dt

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.models import Clearance
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.notifications.services import notify_run
from tavana.protected.models import Programme
from tavana.protected.services import programmes_ensure

from .conftest import login, open_menu, screens

pytestmark = pytest.mark.django_db(transaction=True)


def _logout(page):
    open_menu(page)
    page.get_by_role("button", name="خروج").click()


def test_clearance_granted_by_one_approved_by_another_and_expiring(page, make_user):
    programmes_ensure()
    recovery = Programme.objects.get(code=Programme.RECOVERY)
    make_user(roles.ADMINISTRATOR, username="maryam")
    make_user(roles.ADMINISTRATOR, username="shirin")
    make_user(roles.SOCIAL_WORKER, username="rana", mobile="09121234567")
    until = timezone.localdate() + dt.timedelta(days=90)

    login(page, "maryam")
    open_menu(page)
    page.get_by_role("link", name="مدیریت سامانه").click()
    page.get_by_role("link", name="صلاحیت برنامه‌های ویژه").click()
    page.get_by_role("link", name=recovery.name).click()
    form = page.get_by_test_id("form-clearance")
    form.locator("#id_username").fill("rana")
    form.locator("#id_expires_on").fill(format_jalali(until))
    page.keyboard.press("Escape")
    form.locator("#id_reason").fill("مددکار خانواده‌های برنامه")
    form.get_by_role("button", name="درخواست صلاحیت").click()
    row = page.get_by_test_id("clearance-rana")
    assert "در انتظار تأیید" in row.inner_text() and "منتظر تأیید مدیر دیگر" in row.inner_text()
    assert row.get_by_role("button", name="تأیید").count() == 0  # not her own request
    _logout(page)

    login(page, "shirin")
    page.get_by_test_id("inbox-link").click()
    page.get_by_role("link", name="انجامش بده").click()
    page.get_by_test_id("clearance-rana").get_by_role("button", name="تأیید").click()
    row = page.get_by_test_id("clearance-rana")
    assert "دارای صلاحیت" in row.inner_text()
    assert to_persian_digits(format_jalali(until)) in row.inner_text()
    screens(page, "admin-clearance")
    page.goto(page.base_url + "/audit/")
    actions = page.get_by_test_id("audit-action").all_inner_texts()
    assert "درخواست صلاحیت دسترسی (در انتظار تأیید مدیر دوم)" in actions
    assert "تأیید صلاحیت دسترسی به‌دست مدیر دوم" in actions
    _logout(page)

    login(page, "rana")
    assert "تأیید شد" in page.goto(page.base_url + "/notifications/").text()
    assert page.goto(page.base_url + f"/protected/{recovery.code}/").status == 200
    staff = Clearance.objects.get(user__username="rana", area=recovery.code)
    assert staff.expires_on == until and staff.assigned_by.username == "shirin"
    # ten days before the date she is warned (in the inbox, and by an SMS naming nothing)
    Clearance.objects.filter(pk=staff.pk).update(
        expires_on=timezone.localdate() + dt.timedelta(days=10)
    )
    notify_run(daily=True)
    page.goto(page.base_url + "/notifications/")
    assert "پایان می‌یابد" in page.get_by_test_id("inbox").inner_text()
    # past the date the programme is closed to her
    Clearance.objects.filter(pk=staff.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert page.goto(page.base_url + f"/protected/{recovery.code}/").status == 404
