"""A cleared worker records a month of wages; a registrar opening the same woman
sees nothing of the programme."""

import pytest

from tavana.accounts import roles
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import District
from tavana.people.models import Person
from tavana.protected.models import Programme, WageEntry
from tests.protected.factories import clear, enrol_prison

from .conftest import login, open_menu

pytestmark = pytest.mark.django_db(transaction=True)

LETTER = "BROWSER-LETTER-4242"
WAGE_FORMS = ("6300000", "6,300,000", "۶۳۰۰۰۰۰", "۶٬۳۰۰٬۰۰۰")


def test_wages_recorded_by_cleared_staff_leave_no_trace_for_a_registrar(page, make_user):
    d4 = District.objects.create(number=4, name="منطقهٔ ۴")
    woman = Person.objects.create(
        first_name="سیما",
        last_name="کاظمی",
        national_code="0013542419",
        name_key="سیما کاظمی",
        first_key="سیما",
        last_key="کاظمی",
        district=d4,
    )
    worker = make_user(roles.SOCIAL_WORKER, username="rana")
    registrar = make_user(roles.REGISTRAR, username="zahra")
    for user in (worker, registrar):
        user.districts.set([d4])
    clear(worker, Programme.PRISON)
    participant = enrol_prison(woman, letter_number=LETTER)
    programme_name = participant.programme.name

    login(page, "rana")
    page.goto(page.base_url + "/protected/")
    page.get_by_role("link", name=programme_name).click()
    page.get_by_role("link", name="سیما کاظمی").click()
    page.wait_for_url(f"**/protected/p/{participant.pk}/")
    assert to_persian_digits(LETTER) in page.get_by_test_id("letter-number").inner_text()
    page.get_by_test_id("form-wage").locator("summary").click()
    page.fill("#id_wage-year", "۱۴۰۳")
    page.select_option("#id_wage-month", "7")
    page.fill("#id_wage-days_worked", "۲۲")
    page.fill("#id_wage-hours", "۱۷۶")
    page.fill("#id_wage-wage_toman", "۶٬۳۰۰٬۰۰۰")
    page.fill("#id_wage-paid_on", "1403/08/05")
    page.keyboard.press("Escape")
    page.get_by_test_id("form-wage").get_by_role("button", name="ثبت").click()
    page.wait_for_url(f"**/protected/p/{participant.pk}/")
    ledger = page.get_by_test_id("wage-ledger").inner_text()
    assert "مهر" in ledger and "۶٬۳۰۰٬۰۰۰" in ledger
    entry = WageEntry.objects.get(participant=participant, year=1403, month=7)
    assert entry.wage_toman == 6_300_000 and entry.days_worked == 22
    # the cleared worker sees the programme on the person page too
    page.goto(page.base_url + f"/people/{woman.pk}/")
    assert programme_name in page.content()

    open_menu(page)
    page.get_by_role("button", name="خروج").click()
    login(page, "zahra")
    page.goto(page.base_url + f"/people/{woman.pk}/")
    assert page.get_by_test_id("person-name").inner_text() == "سیما کاظمی"
    html = page.content()
    assert programme_name not in html and "رأی‌باز" not in html
    assert LETTER not in html and to_persian_digits(LETTER) not in html
    assert not any(w in html for w in WAGE_FORMS)
    assert "برنامه‌های ویژه" not in html
    # and the protected page itself is closed to her role
    response = page.goto(page.base_url + f"/protected/p/{participant.pk}/")
    assert response.status == 403
    assert to_persian_digits(LETTER) not in page.content()
    assert programme_name not in page.content()
