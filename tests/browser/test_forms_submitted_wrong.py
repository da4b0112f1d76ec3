"""The main forms submitted wrong, in a real browser: each fault is a Persian
message on its field, tied to it for a screen reader (aria-invalid, and
aria-describedby naming the message), what was typed stays, nothing is written,
and axe-core finds no WCAG 2.2 AA violation (colour contrast and ARIA among them)
on the page that says so. With TAVANA_SHOTS=DIR each page is saved at 1366 and
390 px to look at."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tavana.accounts import roles
from tavana.bazaars.models import Application
from tavana.campaign.models import SignUp
from tavana.casework.models import Assessment
from tavana.core.models import District
from tavana.partners.models import Agreement
from tavana.people.models import Person
from tavana.production.models import Order
from tavana.training.models import CourseEnrolment
from tests.bazaars import factories as bf
from tests.field_errors import errors_untied, messages_of
from tests.partners import factories as pf
from tests.production import factories as prf
from tests.training import factories as tf

from .conftest import login, screens
from .test_casework_journey import seeded  # noqa: F401  (a fixture)
from .test_portal_journey import WCAG_AA

pytestmark = pytest.mark.django_db(transaction=True)


def refused(page, name: str) -> dict[str, str]:
    """The page after a wrong submission: every fault tied to its field, in
    Persian, and axe-core content at both widths. Returns field → message."""
    page.wait_for_load_state()
    html = page.content()
    assert errors_untied(html) == []
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        found = [
            (v["id"], [n["target"] for n in v["nodes"]])
            for v in Axe().run(page, options=WCAG_AA).response["violations"]
        ]
        assert not found, f"axe-core on {name} at {width} px: {found}"
    screens(page, f"refused-{name}")
    return messages_of(html)


def retype(page, selector: str, text: str) -> None:
    """Replace what a date field holds as a person does: select it all, type."""
    box = page.locator(selector)
    box.click()
    box.press("Control+a")
    box.press_sequentially(text)
    # Escape closes the calendar, but not while it is moving to the typed month:
    # press it again until the calendar is gone (else it lies over the button)
    calendar = page.locator("jdp-container")
    for _ in range(30):
        page.keyboard.press("Escape")
        if not calendar.count() or not calendar.first.is_visible():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the calendar did not close on Escape")


def test_registration(page, make_user):
    d4, _ = District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})
    make_user(roles.REGISTRAR, username="zahra").districts.set([d4])
    login(page, "zahra")
    page.goto(page.base_url + "/people/register/")
    page.fill("#id_first_name", "فاطمه")
    page.fill("#id_last_name", "ن" * 120)
    page.fill("#id_mobile", "۰۹۱۲")
    page.get_by_role("button", name="ثبت", exact=True).click()
    shown = refused(page, "registration")
    assert {"last_name", "mobile", "district", "national_code", "basis"} <= set(shown)
    assert "۱۰۰" in shown["last_name"]
    assert page.input_value("#id_last_name") == "ن" * 120
    assert page.input_value("#id_mobile") == "۰۹۱۲"
    assert not Person.objects.exists()


def test_casework_assessment(page, make_user, seeded):  # noqa: F811
    d4 = District.objects.create(number=4, name="منطقهٔ ۴")
    make_user(roles.SOCIAL_WORKER, username="fatemeh").districts.set([d4])
    her = tf.person("مریم", "رضایی", number=4)
    login(page, "fatemeh")
    page.goto(f"{page.base_url}/casework/person/{her.pk}/assess/")
    first = page.locator("fieldset.tv-answer").first
    first.locator("input[type=radio]").nth(1).check()
    retype(page, "#id_assessed_on", "1403/13/01")
    page.get_by_role("button", name="ثبت ارزیابی").click()
    shown = refused(page, "assessment")
    assert "assessed_on" in shown and len(shown) >= 2  # the date and unanswered questions
    assert all(m for m in shown.values())
    assert page.input_value("#id_assessed_on") == "۱۴۰۳/۱۳/۰۱"  # kept, in Persian digits
    assert first.locator("input[type=radio]").nth(1).is_checked()
    assert not Assessment.objects.exists()


def test_course_enrolment(page, make_user):
    registrar = make_user(roles.REGISTRAR, username="reg")
    registrar.districts.add(tf.district(4))
    basics = tf.course(title="مبانی خیاطی")
    c = tf.course(title="خیاطی پیشرفته", first=timezone.localdate() + dt.timedelta(days=5))
    c.prerequisites.add(basics)
    tf.person("مهسا", "کریمی")
    login(page, "reg")
    page.goto(f"{page.base_url}/training/courses/{c.pk}/enrol/")
    page.fill("#q", "مهسا")
    page.get_by_test_id("enrol-results").wait_for()
    page.get_by_role("button", name="ثبت‌نام", exact=True).click()
    page.wait_for_load_state()
    said = page.get_by_role("alert").first.inner_text()
    assert "پیش‌نیاز" in said and "مبانی خیاطی" in said  # in Persian, naming what is missing
    assert page.input_value("#q") == "مهسا"  # her search is still there
    assert "مهسا کریمی" in page.get_by_test_id("enrol-results").inner_text()
    refused(page, "enrolment")
    assert not CourseEnrolment.objects.filter(course=c).exists()


def test_bazaar_application(page, make_user):
    make_user(roles.BAZAAR_ORGANISER, username="organiser")
    r = bf.round_()
    today = dt.date.today()
    bf.event(r, start=today + dt.timedelta(days=20))
    login(page, "organiser")
    page.goto(f"{page.base_url}/bazaars/rounds/{r.pk}/applications/")
    page.fill("input[name=producer]", "۹۹۹۹۹")
    page.locator("form button[type=submit]").last.click()
    shown = refused(page, "bazaar-application")
    assert {"producer", "choice1"} <= set(shown)
    assert page.input_value("input[name=producer]") == "۹۹۹۹۹"
    assert not Application.objects.exists()


def test_production_order(page):
    prf.coordinator("coord")
    prf.client()
    prf.product("پیراهن شهربان")
    login(page, "coord")
    page.goto(page.base_url + "/production/orders/new/")
    page.fill("input[name=title]", "لباس فرم")
    page.fill("input[name=received_on]", "۱۴۰۵/۰۲/۰۱")
    page.fill("input[name=due_on]", "۱۴۰۵/۱۳/۰۱")
    page.select_option("select[name=product_1]", label="پیراهن شهربان")
    page.fill("input[name=sizes_1]", "M سیصد")
    page.get_by_role("button", name="ثبت سفارش").click()
    shown = refused(page, "production-order")
    assert {"due_on", "sizes_1"} <= set(shown)
    assert page.input_value("input[name=title]") == "لباس فرم"
    assert page.input_value("input[name=sizes_1]") == "M سیصد"
    # the contract's file field speaks Persian, not the browser's «Choose File»
    face = page.locator(".tv-file-face").first
    assert face.inner_text().split() == ["انتخاب", "فایل", "فایلی", "انتخاب", "نشده"]
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": "قرارداد.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    assert "قرارداد.pdf" in face.inner_text()
    assert not Order.objects.exists()


def test_partner_agreement(page):
    pm = pf.manager("pm")
    pm.set_password("pass-for-tests-1403")
    pm.save(update_fields=["password"])
    pf.organisation()
    login(page, "pm")
    page.goto(page.base_url + "/partners/agreements/new/")
    page.fill("input[name=title]", "تفاهم آموزش")
    page.fill("input[name=starts_on]", "۱۴۰۴/۱۳/۰۱")
    page.locator("form.card button[type=submit]").click()
    shown = refused(page, "partner-agreement")
    assert "starts_on" in shown and "organisation" in shown
    assert page.input_value("input[name=title]") == "تفاهم آموزش"
    assert page.input_value("input[name=starts_on]") == "۱۴۰۴/۱۳/۰۱"
    assert not Agreement.objects.exists()


def test_campaign_sign_up(page, settings):
    settings.TAVANA_CAMPAIGN_MIN_FILL_SECONDS = 0
    from django.core.cache import cache

    cache.clear()
    District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})
    page.goto(page.base_url + "/campaign/join/")
    page.fill("#id_first_name", "نرگس")
    page.fill("#id_mobile", "0912")
    page.fill("#id_idea", "شمع‌های معطر دست‌ساز")
    page.get_by_role("button", name="ادامه و دریافت کد تأیید").click()
    shown = refused(page, "campaign-sign-up")
    assert {"last_name", "mobile", "district"} <= set(shown)
    assert page.input_value("#id_first_name") == "نرگس"
    assert page.input_value("#id_idea") == "شمع‌های معطر دست‌ساز"
    assert not SignUp.objects.exists()


def test_sign_in(page):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "mina")
    page.click("button[type=submit]")
    shown = refused(page, "sign-in")
    assert set(shown) == {"password"}
    assert page.input_value("input[name=username]") == "mina"


def test_administration_forms(page, make_user):
    """The administrator's forms, wrong then right: a product category whose name
    says why women are served; a clearance asked for a date already past and with
    no reason; a digest hour that is no hour."""
    from tavana.businesses.models import Category
    from tavana.notifications.services import policy_get

    make_user(roles.ADMINISTRATOR, username="maryam")
    make_user(roles.REGISTRAR, username="zahra")
    login(page, "maryam")

    page.goto(page.base_url + "/businesses/categories/")
    page.fill("#id_name", "دست‌سازه‌های زنان سرپرست خانوار")
    page.get_by_role("button", name="ذخیره").click()
    shown = refused(page, "admin-category")
    assert set(shown) == {"name"}
    assert page.input_value("#id_name") == "دست‌سازه‌های زنان سرپرست خانوار"
    assert not Category.objects.filter(name__contains="سرپرست").exists()
    page.fill("#id_name", "دست‌سازه‌های چرمی")
    page.get_by_role("button", name="ذخیره").click()
    assert "دست‌سازه‌های چرمی" in page.get_by_test_id("categories").inner_text()

    page.goto(page.base_url + "/accounts/clearances/children/")
    form = page.get_by_test_id("form-clearance")
    form.locator("#id_username").fill("zahra")
    retype(page, "#id_expires_on", "۱۴۰۰/۰۱/۰۱")
    form.get_by_role("button", name="درخواست صلاحیت").click()
    shown = refused(page, "admin-clearance-request")
    assert {"expires_on", "reason"} <= set(shown)
    assert page.input_value("#id_username") == "zahra"

    page.goto(page.base_url + "/notifications/settings/")
    page.fill("#id_digest_hour", "۲۵")
    page.get_by_role("button", name="ذخیره").click()
    shown = refused(page, "admin-notification-settings")
    assert "۰" in shown["digest_hour"] and "۲۳" in shown["digest_hour"]
    page.fill("#id_digest_hour", "۶")
    page.get_by_role("button", name="ذخیره").click()
    page.wait_for_load_state()
    assert policy_get().digest_hour == 6


def test_administration_staff_and_unit_forms(page, make_user):
    """A new account with nothing but a username taken already, and a unit with a
    code already used: every fault at once, beside its field, nothing written."""
    from tavana.accounts.models import OrgUnit, User

    make_user(roles.ADMINISTRATOR, username="maryam")
    make_user(roles.REGISTRAR, username="zahra")
    login(page, "maryam")
    page.goto(page.base_url + "/accounts/staff/new/")
    page.fill("#id_username", "zahra")
    page.fill("#id_mobile", "۰۹۱۲")
    page.get_by_role("button", name="ساخت حساب").click()
    shown = refused(page, "admin-staff-new")
    assert {"username", "first_name", "last_name", "role"} <= set(shown)
    assert "پیش‌تر گرفته شده" in shown["username"]
    assert page.input_value("#id_mobile") == "۰۹۱۲"
    assert User.objects.count() == 2

    # a unit of its own to collide with, not one the migrations seeded: in the full
    # run an earlier flushing test can leave the seeded units missing
    taken, _ = OrgUnit.objects.get_or_create(
        code="test_area", defaults={"name": "حوزهٔ آزمایشی", "kind": OrgUnit.AREA}
    )
    units = OrgUnit.objects.count()
    page.goto(page.base_url + "/accounts/units/new/")
    page.fill("#id_code", taken.code)
    page.get_by_role("button", name="ذخیره").click()
    shown = refused(page, "admin-unit-new")
    assert {"code", "name"} <= set(shown) and "پیش‌تر به کار رفته" in shown["code"]
    assert page.input_value("#id_code") == taken.code
    assert OrgUnit.objects.count() == units
