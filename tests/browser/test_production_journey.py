"""Production journeys in a real browser: a coordinator records an order with its
size breakdown, plans it and changes the plan by hand; logs a week's work and a
quality check; closes a month's payroll that a second person approves, downloads
the bank file and prints a wage statement."""

import datetime as dt
import io
import os

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tavana.accounts import roles
from tavana.core.domain.jalali import format_jalali, to_jalali
from tavana.production.models import Order, WorkLog
from tests.production import factories as f

from .conftest import SCREENSHOTS, login, open_menu

pytestmark = pytest.mark.django_db(transaction=True)


def _shots(page, name):
    if os.environ.get("TAVANA_UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 860})


def test_coordinator_records_an_order_plans_it_and_adjusts_the_plan(page, make_user):
    make_user(roles.CENTRE_MANAGER, username="maryam")
    shirt = f.product("پیراهن شهربان")
    f.client("سازمان خدمات شهری")
    coordinator = f.coordinator("helper")
    f.unit(coordinator, {shirt: 30})
    f.home_worker(coordinator, {shirt: 40}, first="زهرا", last="احمدی")
    login(page, "maryam")
    page.get_by_role("link", name="سفارش‌های تولید").first.click()
    page.get_by_role("link", name="سفارش تازه").click()
    page.select_option("#id_client", label="سازمان خدمات شهری")
    page.fill("#id_title", "لباس فرم شهربانان")
    page.fill("#id_contract_number", "۱۴۰۵/۲۳۴")
    today = timezone.localdate()
    page.fill("#id_received_on", format_jalali(today))
    page.keyboard.press("Escape")
    page.fill("#id_due_on", format_jalali(today + dt.timedelta(days=20)))
    page.keyboard.press("Escape")
    page.select_option("#id_product_1", label="پیراهن شهربان")
    page.fill("#id_sizes_1", "M:۶۰ L:۴۰")
    page.fill("#id_colour_1", "سرمه‌ای")
    page.press("#id_title", "Enter")
    page.get_by_text("سفارش ثبت شد.").wait_for()
    order = Order.objects.get()
    assert sorted(order.items.values_list("size", "quantity")) == [("L", 40), ("M", 60)]
    page.get_by_role("button", name="پذیرفته‌شده").click()
    page.get_by_role("button", name="برنامه‌ریزی", exact=True).click()
    page.get_by_text("برنامه ساخته شد.").wait_for()
    plan = page.get_by_test_id("plan")
    assert "زهرا احمدی (در خانه)" in plan.inner_text()
    assert "کار مزدی" in plan.inner_text()
    assert page.get_by_test_id("status").inner_text() == "برنامه‌ریزی‌شده"
    _shots(page, "production-plan")
    first = order.plans.get(current=True).assignments.order_by("pk").first()
    form = page.get_by_test_id(f"adjust-{first.pk}")
    form.get_by_label("تعداد تازه").fill("۵")
    form.get_by_role("button", name="ثبت").click()
    page.get_by_text("دلیل تغییر را بنویسید.").wait_for()
    form = page.get_by_test_id(f"adjust-{first.pk}")
    assert form.get_by_label("تعداد تازه").input_value() == "۵"
    form.get_by_label("دلیل تغییر").fill("چرخ کارگاه در تعمیر است")
    form.get_by_role("button", name="ثبت").click()
    page.get_by_text("بستهٔ کار تغییر کرد.").wait_for()
    first.refresh_from_db()
    assert first.pieces == 5 and first.adjusted
    assert "تغییر دستی: چرخ کارگاه در تعمیر است" in page.get_by_test_id("plan").inner_text()


def test_coordinator_logs_a_week_and_a_quality_check(page, make_user):
    maryam = make_user(roles.CENTRE_MANAGER, username="maryam")
    o, item, good, nosheba, week = f.worked_order(maryam)
    login(page, "maryam")
    page.goto(f"{page.base_url}/production/orders/{o.pk}/")
    page.get_by_role("link", name="کارکرد و کیفیت").click()
    page.fill("#week_of", format_jalali(week))
    page.get_by_label("قطعهٔ سمیه کریمی").fill("۱۸")
    page.get_by_label("قطعهٔ لیلا نوری").fill("۲۲")
    page.get_by_role("button", name="ثبت کارکرد").click()
    page.get_by_text("کارکرد هفته ثبت شد.").wait_for()
    assert sorted(WorkLog.objects.filter(week_of=week).values_list("pieces", flat=True)) == [
        10, 18, 22, 30,
    ]  # fmt: skip
    page.get_by_role("link", name="کارکرد و کیفیت").click()
    q = page.get_by_test_id("quality-form")
    q.get_by_label("تولیدکننده").select_option(label="لیلا نوری")
    q.get_by_label("تاریخ کنترل").fill(format_jalali(week))
    page.keyboard.press("Escape")
    q.get_by_label("قبول", exact=True).fill("۲۰")
    q.get_by_label("مردود", exact=True).fill("۲")
    q.get_by_role("button", name="ثبت کنترل کیفیت").click()
    page.get_by_text("دلیل مردودی یا دوباره‌کاری را بنویسید.").wait_for()
    q = page.get_by_test_id("quality-form")
    assert q.get_by_label("قبول", exact=True).input_value() == "۲۰"
    q.get_by_label("دلیل مردودی یا دوباره‌کاری").fill("درز آستین باز است")
    q.get_by_role("button", name="ثبت کنترل کیفیت").click()
    page.get_by_text("کنترل کیفیت ثبت شد.").wait_for()
    assert nosheba.checks.get().rejected == 2


def test_a_month_closed_by_one_is_approved_by_another_paid_and_stated(page, make_user):
    maryam = make_user(roles.CENTRE_MANAGER, username="maryam")
    make_user(roles.ADMINISTRATOR, username="parisa")
    o, item, good, nosheba, week = f.worked_order(maryam)
    year, month, _ = to_jalali(week)
    login(page, "maryam")
    page.goto(f"{page.base_url}/production/payroll/")
    page.fill("#id_year", str(year))
    page.select_option("#id_month", str(month))
    page.get_by_role("button", name="بستن حقوق ماه").click()
    page.get_by_text("حقوق ماه بسته شد").wait_for()
    assert page.get_by_role("button", name="تأیید حقوق (نفر دوم)").count() == 0
    assert "لیلا نوری" in page.get_by_test_id("no-sheba").inner_text()
    url = page.url
    open_menu(page)
    page.get_by_role("button", name="خروج").click()
    login(page, "parisa")
    page.goto(url)
    page.get_by_role("button", name="تأیید حقوق (نفر دوم)").click()
    page.get_by_text("حقوق ماه تأیید شد.").wait_for()
    assert page.get_by_test_id("payroll-status").inner_text() == "تأییدشده"
    _shots(page, "production-payroll")
    with page.expect_download() as download:
        page.get_by_test_id("bank-file").click()
    with open(download.value.path(), "rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert rows[1][1:5] == ("سمیه", "کریمی", f.SHEBA, 14_000_000)
    assert len(rows) == 2
    page.get_by_role("row", name="سمیه کریمی").get_by_role("link", name="صورت دستمزد").click()
    statement = page.get_by_test_id("statement").inner_text()
    assert "سمیه کریمی" in statement and "پیراهن" in statement and "۱٬۴۰۰٬۰۰۰" in statement


def test_a_coordinator_sets_a_rate_and_takes_a_workshop_out_of_planning(page, make_user):
    maryam = make_user(roles.CENTRE_MANAGER, username="maryam")
    shirt = f.product("پیراهن شهربان")
    unit = f.unit(maryam, {shirt: 30})
    login(page, "maryam")
    page.goto(f"{page.base_url}/production/")
    page.get_by_role("link", name="کالاها و نرخ دستمزد").click()
    form = page.get_by_test_id("rate-form")
    page.select_option("#id_product", str(shirt.pk))
    page.fill("#id_size", "XL")
    page.fill("#id_toman", "")
    page.fill("#id_valid_from", "۱۴۹۰/۰۱/۰۱")
    form.get_by_role("button", name="ثبت نرخ").click()
    assert "نرخ هر قطعه باید بیشتر از صفر باشد" in form.inner_text()
    assert page.input_value("#id_size") == "XL"
    page.fill("#id_toman", "۶۵٬۰۰۰")
    page.get_by_test_id("rate-form").get_by_role("button", name="ثبت نرخ").click()
    page.get_by_text("نرخ تازه ثبت شد.").wait_for()
    assert "۶۵٬۰۰۰" in page.get_by_test_id("rates").inner_text()
    _shots(page, "production-rates")
    page.goto(f"{page.base_url}/production/producers/")
    page.get_by_test_id("units").get_by_role("link").first.click()
    page.uncheck("#id_active")
    page.get_by_role("button", name="ذخیره").click()
    page.get_by_text("کارگاه به‌روز شد.").wait_for()
    assert "غیرفعال" in page.get_by_test_id("units").inner_text()
    unit.refresh_from_db()
    assert not unit.active
