"""Production pages through the client: what a coordinator sees and types."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tavana.accounts import roles
from tavana.core.domain.jalali import format_jalali, to_jalali
from tavana.core.templatetags.persian import fa_num
from tavana.production import services
from tavana.production.models import Order
from tests.field_errors import errors_untied, messages_of
from tests.query_counts import assert_pinned

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = f.coordinator("coord-view")
    client.force_login(user)
    return user


def test_an_order_is_recorded_with_its_size_breakdown(client, coordinator):
    shirt = f.product("پیراهن شهربان")
    f.client("سازمان خدمات شهری")
    form = {
        "client": f.client().pk,
        "title": "لباس فرم شهربانان",
        "contract_number": "۱۴۰۵/۲۳۴",
        "received_on": "۱۴۰۵/۰۲/۰۱",
        "due_on": "1405/03/30",
        "materials": "client",
        "partial_deliveries": "on",
        "product_1": shirt.pk,
        "sizes_1": "S:۱۲۰ M:۳۰۰، L=۲۰۰",
        "colour_1": "سرمه‌ای",
        "price_1": "۸۵۰٬۰۰۰",
    }
    response = client.post(reverse("production:order_new"), form)
    order = Order.objects.get()
    assert response.status_code == 302
    assert sorted(order.items.values_list("size", "quantity", "unit_price")) == [
        ("L", 200, 850_000), ("M", 300, 850_000), ("S", 120, 850_000),
    ]  # fmt: skip
    assert order.contract_number == "1405/234"
    page = client.get(reverse("production:order", args=[order.pk])).content.decode()
    assert "دریافت‌شده" in page and "۳۰۰" in page


def test_a_bad_size_breakdown_is_said_beside_it_and_what_was_typed_stays(client, coordinator):
    shirt = f.product()
    form = {
        "client": f.client().pk, "title": "لباس فرم", "received_on": "۱۴۰۵/۰۲/۰۱",
        "due_on": "۱۴۰۵/۰۳/۳۰", "materials": "client", "product_1": shirt.pk, "sizes_1": "M سیصد",
    }  # fmt: skip
    response = client.post(reverse("production:order_new"), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "سایزها را به شکل" in page
    assert 'value="M سیصد"' in page and 'value="لباس فرم"' in page
    assert errors_untied(page) == []
    assert not Order.objects.exists()


def test_the_plan_shows_the_reason_and_a_change_needs_a_reason(client, coordinator):
    o, item, *_ = f.worked_order(coordinator)
    page = client.get(reverse("production:order", args=[o.pk])).content.decode()
    assert "کارگاه:" in page and "بهینه" in page
    a = o.plans.get(current=True).assignments.first()
    response = client.post(
        reverse("production:assignment_adjust", args=[a.pk]), {"pieces": "۵۰", "reason": ""}
    )
    assert response.status_code == 422
    assert "دلیل تغییر را بنویسید" in response.content.decode()
    assert 'value="۵۰"' in response.content.decode() or 'value="50"' in response.content.decode()
    assert errors_untied(response.content.decode()) == []


def test_a_week_of_work_is_logged_for_the_women_of_the_plan(client, coordinator):
    o, item, good, nosheba, week = f.worked_order(coordinator)
    url = reverse("production:worklog", args=[item.pk])
    page = client.get(url).content.decode()
    assert "سمیه کریمی" in page and "لیلا نوری" in page
    response = client.post(url, {"week_of": format_jalali(week), f"pieces_{good.pk}": "x"})
    assert response.status_code == 422 and "عدد وارد کنید" in response.content.decode()
    assert errors_untied(response.content.decode()) == []
    response = client.post(url, {"week_of": "۱۴۰۵/۱۳/۰۱", f"pieces_{good.pk}": "۱۲"})
    page = response.content.decode()
    assert response.status_code == 422 and "ماه باید بین ۱ و ۱۲ باشد" in page
    assert errors_untied(page) == []
    assert not good.logs.filter(pieces=12).exists()  # nothing written
    response = client.post(url, {"week_of": format_jalali(week), f"pieces_{good.pk}": "۱۲"})
    assert response.status_code == 302
    assert good.logs.filter(pieces=12).exists()


def test_payroll_closed_then_approved_by_a_second_person_then_the_bank_file(client, coordinator):
    o, item, good, nosheba, week = f.worked_order(coordinator)
    year, month, _ = to_jalali(week)
    response = client.post(reverse("production:payrolls"), {"year": str(year), "month": str(month)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "در انتظار تأیید نفر دوم" in page
    assert "لیلا نوری" in page and "شبای معتبر ثبت نشده است" in page
    second = f.coordinator("second", role=roles.ADMINISTRATOR)
    client.force_login(second)
    payroll_url = response["Location"]
    pid = int(payroll_url.rstrip("/").split("/")[-1])
    client.post(reverse("production:payroll_approve", args=[pid]))
    response = client.get(reverse("production:bank_file", args=[pid]))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert list(ws.iter_rows(values_only=True))[1][3] == f.SHEBA
    statement = client.get(reverse("production:statement", args=[pid, good.pk])).content.decode()
    assert "سمیه کریمی" in statement and fa_num(1_400_000) in statement
    # The statement names the work, never why she is served.
    assert "پیراهن" in statement and "دوخت یقه" not in statement


def test_the_order_list_and_payroll_list_pin_their_queries(client, coordinator):
    f.order(coordinator)
    assert_pinned(client, reverse("production:home"), lambda: f.order(coordinator, title="دیگر"), 6)

    def another_month():
        _, _, _, _, week = f.worked_order(coordinator)
        year, month, _ = to_jalali(week)
        services.payroll_close(actor=coordinator, year=year, month=month)

    assert_pinned(client, reverse("production:payrolls"), another_month, 6)


def test_a_client_is_recorded_with_a_contact(client, coordinator):
    response = client.post(
        reverse("production:clients"),
        {"name": "سازمان معاینه فني خودرو", "kind": "municipal", "contact_name": "آقای رضوی",
         "contact_position": "مدیر پشتیبانی", "contact_phone": "۰۲۱۸۸۰۰۰۰۰۰"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("production:clients")).content.decode()
    assert "سازمان معاینه فنی خودرو" in page and "آقای رضوی (مدیر پشتیبانی)" in page
    response = client.post(
        reverse("production:clients"), {"name": "سازمان معاینه فنی خودرو", "kind": "municipal"}
    )
    assert "با همین نام ثبت شده است" in response.content.decode()


def test_a_delivery_with_its_receipt_and_materials_issued(client, coordinator):
    from tavana.production.domain import orders as rules

    o, item, *_ = f.worked_order(coordinator)
    o = services.order_move(actor=coordinator, order=o, target=rules.QUALITY_CHECK)
    unit = o.plans.get(current=True).assignments.exclude(unit=None).first().unit
    url = reverse("production:material_move", args=[o.pk])
    response = client.post(url, {"unit": unit.pk, "direction": "issued", "material": "پارچهٔ فاستونی",
                                 "quantity": "۱۲۰٫۵", "measure": "متر", "on": "۱۴۰۵/۰۲/۰۱"})  # fmt: skip
    assert response.status_code == 302
    form = {"delivered_on": format_jalali(timezone.localdate()), "receipt_number": "ر-۱۲",
            "signed_by": "مسئول انبار", f"item_{item.pk}": "۱۰۱"}  # fmt: skip
    response = client.post(reverse("production:delivery_new", args=[o.pk]), form)
    assert response.status_code == 422 and "بیشتر می‌شود" in response.content.decode()
    form[f"item_{item.pk}"] = "۱۰۰"
    response = client.post(reverse("production:delivery_new", args=[o.pk]), form)
    assert response.status_code == 302
    o.refresh_from_db()
    assert o.status == rules.DELIVERED
    page = client.get(reverse("production:order", args=[o.pk])).content.decode()
    assert "مسئول انبار" in page and "پارچهٔ فاستونی" in page
    # the order's history names the receipt as the page writes numbers (stored with ASCII digits)
    assert "رسید ر-۱۲" in page and "ر-12" not in page


def test_a_home_producer_is_added_from_the_registry_by_national_code(client, coordinator):
    from tavana.core.domain.identifiers import make_national_code
    from tests.training.factories import person

    coordinator.districts.add(person().district)
    woman = person("مریم", "صالحی")
    woman.national_code = make_national_code("004567891")
    woman.save()
    shirt = f.product("پیراهن")
    form = {"form": "home", "national_code": "۱۲۳", "day_minutes": "۲۴۰", "weekdays": ["0", "1"],
            "product_1": shirt.pk, "minutes_1": "۴۵"}  # fmt: skip
    response = client.post(reverse("production:producers"), form)
    assert "کد ملی" in response.content.decode() and 'value="۲۴۰"' in response.content.decode()
    form["national_code"] = to_persian(woman.national_code)
    response = client.post(reverse("production:producers"), form)
    assert response.status_code == 302
    page = client.get(reverse("production:producers")).content.decode()
    assert "مریم صالحی" in page and "پیراهن" in page


def to_persian(text: str) -> str:
    from tavana.core.domain.persian_text import to_persian_digits

    return to_persian_digits(text)


def test_a_rate_starts_after_the_last_paid_month_and_a_wrong_one_keeps_what_was_typed(
    client, coordinator
):
    _, item, _, _, week = f.worked_order(coordinator)
    year, month, _ = to_jalali(week)
    services.payroll_close(actor=coordinator, year=year, month=month)
    url = reverse("production:rates")
    # a back-dated rate would change what a closed month was paid at: refused
    typed = {"form": "rate", "product": item.product_id, "size": "XL", "toman": "۶۵٬۰۰۰",
             "valid_from": format_jalali(week)}  # fmt: skip
    response = client.post(url, typed)
    page = response.content.decode()
    assert response.status_code == 422
    assert "بسته شده" in page and 'value="۶۵٬۰۰۰"' in page and 'value="XL"' in page
    # no rate for a piece-rate product: the field says so
    response = client.post(url, {**typed, "toman": "", "valid_from": "۱۴۹۰/۰۱/۰۱"})
    assert "نرخ هر قطعه باید بیشتر از صفر باشد" in response.content.decode()
    # right: from the day after the month's end
    after = services.last_paid_day() + dt.timedelta(days=1)
    response = client.post(url, {**typed, "valid_from": format_jalali(after)})
    assert response.status_code == 302
    rate = item.product.rates.get(size="XL")
    assert (rate.toman, rate.valid_from) == (65_000, after)
    page = client.get(url).content.decode()
    assert fa_num(65_000) in page and format_jalali(after) in page
    # the same product, size and day again: refused, beside the date
    response = client.post(url, {**typed, "valid_from": format_jalali(after)})
    assert "از همین تاریخ" in response.content.decode()


def test_a_product_is_added_once(client, coordinator):
    url = reverse("production:rates")
    assert client.post(url, {"form": "product", "name": "مانتوی حریم‌بان"}).status_code == 302
    response = client.post(url, {"form": "product", "name": "مانتوي حريم‌بان"})
    assert response.status_code == 422
    assert "پیش‌تر ثبت شده" in response.content.decode()


def test_a_workshop_is_edited_and_once_inactive_is_left_out_of_new_plans(client, coordinator):
    shirt = f.product("پیراهن")
    unit = f.unit(coordinator, {shirt: 30})
    url = reverse("production:unit_edit", args=[unit.pk])
    page = client.get(url).content.decode()
    assert unit.name in page and "checked" in page  # active, its days ticked
    data = {"centre": unit.centre_id, "name": "کارگاه دوخت مرکز ۱۲", "machines": "۸",
            "day_minutes": "", "weekdays": ["0", "1"], "product_1": shirt.pk,
            "minutes_1": "۲۵"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 422
    assert "دقیقهٔ کار روزانه را بنویسید" in response.content.decode()
    assert "کارگاه دوخت مرکز ۱۲" in response.content.decode()
    response = client.post(url, {**data, "day_minutes": "۹۶۰"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.machines, unit.day_minutes, unit.weekdays, unit.active) == (
        "کارگاه دوخت مرکز ۱۲", 8, 960, "01", False,
    )  # fmt: skip
    assert unit.products.get().minutes == 25
    o = services.order_move(
        actor=coordinator,
        order=f.order(coordinator, items=[{"product": shirt, "size": "M", "quantity": 50}]),
        target="accepted",
    )
    instance = services.instance_of(o, start=timezone.localdate())
    assert f"u{unit.pk}" not in {p.id for p in instance.producers}


def test_a_home_producer_is_edited_and_a_bad_sheba_is_said_beside_it(client, coordinator):
    shirt = f.product("پیراهن")
    her = f.home_worker(coordinator, {shirt: 30})
    url = reverse("production:worker_edit", args=[her.pk])
    data = {"day_minutes": "۱۸۰", "weekdays": ["0", "2", "4"], "sheba": "IR12 3456",
            "product_1": shirt.pk, "minutes_1": "۴۰", "available": "on"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "شبا" in page and 'value="IR12 3456"' in page
    her.refresh_from_db()
    assert her.day_minutes == 240  # nothing written
    response = client.post(url, {**data, "sheba": f.SHEBA, "available": ""})
    assert response.status_code == 302
    her.refresh_from_db()
    assert (her.day_minutes, her.weekdays, her.available) == (180, "024", False)
    assert her.products.get().minutes == 40


def test_a_cancel_without_a_reason_is_said_beside_its_box_keeping_what_was_typed(
    client, coordinator
):
    o = f.order(coordinator)
    url = reverse("production:order_move", args=[o.pk])
    response = client.post(url, {"target": "cancelled", "note": "   "})
    page = response.content.decode()
    assert response.status_code == 422
    assert errors_untied(page) == []
    assert messages_of(page) == {"note": "دلیل لغو سفارش را بنویسید."}
    response = client.post(url, {"target": "cancelled", "note": "x" * 301})
    page = response.content.decode()
    assert "۳۰۰" in messages_of(page)["note"] and 'value="' + "x" * 301 + '"' in page
    o.refresh_from_db()
    assert o.status != "cancelled"


def test_the_bank_file_before_the_second_approval_is_refused_with_the_reason(client, coordinator):
    o, item, good, nosheba, week = f.worked_order(coordinator)
    year, month, _ = to_jalali(week)
    payroll = services.payroll_close(actor=coordinator, year=year, month=month)
    response = client.get(reverse("production:bank_file", args=[payroll.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("production:payroll", args=[payroll.pk])
    page = client.get(response["Location"]).content.decode()
    assert "فایل بانک فقط برای حقوق تأییدشده ساخته می‌شود" in page
