"""Number boxes in the browser take Persian digits (non-negotiable 5).

Chromium's `<input type=number>` drops every key that is not an ASCII digit, so
an organiser typing «۲» on a Persian keyboard saw an empty box and a refusal.
Here she types, key by key, Persian digits and «٫» into a real form's number
fields (an event's booths and its category cap, a round's quota) and it saves;
a number over the limit comes back with a Persian message and what she typed."""

import datetime as dt
from decimal import Decimal

import pytest

from tavana.accounts import roles
from tavana.bazaars.models import Event, Round
from tests.bazaars import factories as f
from tests.browser.conftest import fill_event_dates, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_organiser_types_persian_digits_into_number_boxes(page, make_user):
    make_user(roles.BAZAAR_ORGANISER, username="organiser")
    venue = f.venue(name="بوستان بهاران آزمایشی", booths=10)
    today = dt.date.today()
    login(page, "organiser")

    page.goto(page.base_url + "/bazaars/")
    page.fill("[data-testid=round-form] input[name=name]", "دورهٔ رقم‌های فارسی")
    quota = page.locator("[data-testid=round-form] input[name=quota]")
    quota.fill("")
    quota.press_sequentially("۲")
    assert quota.input_value() == "۲"
    page.click("[data-testid=round-form] button[type=submit]")
    page.click("text=بازارچهٔ تازه در این دوره")
    assert Round.objects.get(name="دورهٔ رقم‌های فارسی").quota == 2

    form = page.locator("[data-testid=event-form]")
    form.locator("select[name=venue]").select_option(label=str(venue))
    form.locator("input[name=name]").fill("بازارچه دستاوردهای زنان شهر تهران")
    fill_event_dates(form, today)
    page.keyboard.press("Escape")
    booths = form.locator("input[name=booths]")
    assert booths.get_attribute("inputmode") == "numeric"
    booths.press_sequentially("۶۰۰")  # over the form's 500
    cap = form.locator("input[name=category_cap]")
    assert cap.get_attribute("inputmode") == "decimal"
    cap.press_sequentially("۰٫۳")
    assert (booths.input_value(), cap.input_value()) == ("۶۰۰", "۰٫۳")
    form.locator("button[type=submit]").click()

    # refused on the server, in Persian digits, with what she typed kept
    form = page.locator("[data-testid=event-form]")
    error = form.locator("[id$=booths_error]").inner_text()
    assert "۵۰۰" in error and "500" not in error
    assert form.locator("input[name=booths]").input_value() == "۶۰۰"
    assert form.locator("input[name=category_cap]").input_value() == "۰٫۳"
    assert not Event.objects.exists()

    booths = form.locator("input[name=booths]")
    booths.fill("")
    booths.press_sequentially("۸")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=بازارچه ساخته شد.")
    event = Event.objects.get()
    assert (event.booths, event.category_cap) == (8, Decimal("0.30"))
