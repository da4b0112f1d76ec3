"""Children and teens: the four journeys of issue 17 in a real browser.

- a social worker opens her risk list, records an intervention and sees it
  resolve with the next term's results;
- a registrar imports a school's Excel list with rejected rows;
- a manager approves gifted-school support that a colleague proposed;
- a teen is enrolled with her mother's consent and receives a certificate.
"""

import datetime as dt

import jdatetime
import pytest

from tavana.accounts import roles
from tavana.core.domain.identifiers import make_national_code, make_sheba
from tavana.core.models import District
from tavana.training import services as training_services
from tavana.training.models import Course
from tavana.youth import services
from tavana.youth.models import BudgetLine, Intervention, SupportGrant, TermResult
from tests.training import factories as tf
from tests.youth.factories import clear_for_children, make_family, make_school
from tests.youth.test_import_results import rows_of, write

from .conftest import login, open_menu, screens

pytestmark = pytest.mark.django_db(transaction=True)


def jtoday() -> str:
    j = jdatetime.date.fromgregorian(date=dt.date.today())
    return f"{j.year}/{j.month:02d}/{j.day:02d}"


def _district():
    return District.objects.get_or_create(number=4, defaults={"name": "منطقهٔ ۴"})[0]


def test_a_social_worker_acts_on_a_flag_and_sees_it_resolve(page, make_user):
    d4 = _district()
    worker = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    worker.districts.set([d4])
    clear_for_children(worker)
    _, (kid,) = make_family(district=d4, children=(("سارا", 2011),))
    school = make_school(district=d4)
    services.school_year_record(actor=worker, child=kid, year=1403, grade=8, school=school)
    services.term_result_record(actor=worker, child=kid, year=1403, term=1, average="16")
    services.term_result_record(actor=worker, child=kid, year=1403, term=2, average="11")
    login(page, "fatemeh")

    page.goto(page.base_url + "/youth/")
    row = page.locator("[data-testid=risk-row]").first
    assert "سارا رضایی" in row.inner_text() and "افت معدل" in row.inner_text()
    screens(page, "youth-risk-list")
    row.get_by_role("link", name="سارا رضایی").click()
    assert "۵ نمره افت" in page.content()
    page.locator("[data-testid=flag]").filter(has_text="افت معدل").get_by_role(
        "link", name="ثبت اقدام"
    ).click()
    page.select_option("select[name=kind]", "tutoring")
    page.fill("input[name=started_on]", jtoday())
    page.fill("input[name=note]", "کلاس تقویتی ریاضی")
    page.get_by_role("button", name="ثبت اقدام").click()
    assert "نتیجه با کارنامهٔ نوبت بعد" in page.content()
    assert Intervention.objects.get().kind == "tutoring"

    page.get_by_role("link", name="مدرسه و پایهٔ سال").click()
    page.select_option("select[name=year]", "1404")
    page.select_option("select[name=grade]", "9")
    page.select_option("select[name=school]", str(school.pk))
    page.get_by_role("button", name="ثبت").click()
    page.get_by_role("link", name="ثبت کارنامهٔ نوبت").click()
    page.select_option("select[name=year]", "1404")
    page.select_option("select[name=term]", "1")
    page.fill("input[name=average]", "۱۵٫۵")
    page.get_by_role("button", name="ثبت کارنامه").click()
    flag = page.locator("[data-testid=flag]").filter(has_text="افت معدل")
    assert "برطرف‌شده" in flag.locator("[data-testid=flag-status]").inner_text()
    assert "نتیجه: بهبود" in flag.inner_text()
    screens(page, "youth-child")


def test_a_registrar_imports_a_school_list_with_rejected_rows(page, make_user, tmp_path):
    d4 = _district()
    worker = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    registrar = make_user(roles.REGISTRAR, username="nasrin")
    registrar.districts.set([d4])
    clear_for_children(registrar)
    _, (sara, reza) = make_family(district=d4, children=(("سارا", 2011), ("رضا", 2010)))
    _, (mina,) = make_family(district=d4, mother=("زهرا", "کریمی"), children=(("مینا", 2015),))
    for i, kid in enumerate((sara, reza, mina)):
        kid.national_code = make_national_code(f"00{i + 1}123456")
        kid.save(update_fields=["national_code"])
    school = make_school("دبیرستان پروین", district=d4, code="12345")
    services.school_year_record(actor=worker, child=sara, year=1403, grade=8, school=school)
    src = write(tmp_path / "کارنامه-مدرسه.xlsx", rows_of(sara, reza, mina))
    login(page, "nasrin")

    page.goto(page.base_url + "/youth/import/")
    page.set_input_files("input[name=file]", str(src))
    page.get_by_role("button", name="ورود فایل").click()
    summary = page.locator("[data-testid=import-summary]")
    assert summary.locator("[data-testid=created]").inner_text() == "۲"
    assert summary.locator("[data-testid=rejected]").inner_text() == "۳"
    assert "توضیح مدرسه" in summary.inner_text()
    screens(page, "youth-import")
    with page.expect_download() as info:
        page.locator("[data-testid=report-link]").click()
    saved = tmp_path / "rejected.xlsx"
    info.value.save_as(saved)
    import openpyxl

    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][-1] == "دلیل رد" and len(rows) == 4
    assert TermResult.objects.count() == 2


def test_a_manager_approves_support_a_colleague_proposed(page, make_user):
    d4 = _district()
    worker = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    clear_for_children(make_user(roles.MANAGER, username="modir"))
    _, (kid,) = make_family(district=d4, children=(("سارا", 2013),))
    line = BudgetLine.objects.create(
        code="edu", name="حمایت تحصیلی ۱۴۰۴", year=1404, amount_toman=10_000_000
    )
    a = services.application_create(
        actor=worker, child=kid, exam="gifted", year=1404, grade=7, registered_on=dt.date.today()
    )
    services.grant_propose(
        actor=worker, application=a, kind="preparation", amount_toman=2_500_000,
        budget_line=line, sheba=make_sheba("0170000000123456789012"),
    )  # fmt: skip
    login(page, "modir")

    page.goto(page.base_url + "/youth/support/")
    row = page.locator("[data-testid=grant-row]").first
    assert "سارا رضایی" in row.inner_text() and "۲٬۵۰۰٬۰۰۰" in row.inner_text()
    screens(page, "youth-support")
    row.get_by_role("button", name="تأیید").click()
    assert "پیشنهاد تأیید شده" in page.content()
    assert page.locator("[data-testid=grant-row]").count() == 0
    assert "۷٬۵۰۰٬۰۰۰" in page.locator("[data-testid=budget-lines]").inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="فایل پرداخت (۱)").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    assert SupportGrant.objects.get().status == "paid"


def test_a_teen_is_enrolled_with_her_mothers_consent_and_receives_a_certificate(page, make_user):
    d4 = _district()
    nasrin = make_user(roles.REGISTRAR, username="nasrin")
    nasrin.districts.set([d4])
    clear_for_children(nasrin)
    course = tf.course(
        capacity=5, sessions=2, title="کارآفرینی نوجوانان", kind=Course.TEEN, c=tf.centre(4)
    )
    programme = services.teen_programme_create(
        actor=None, course=course, theme="startup", showcase_place="فرهنگسرای نیاوران"
    )
    _, (teen,) = make_family(district=d4, children=(("نازنین", course.first_date.year - 15),))
    teen.national_code = make_national_code("004567891")
    teen.save(update_fields=["national_code"])
    login(page, "nasrin")

    page.goto(page.base_url + f"/youth/teens/{programme.pk}/")
    form = page.locator("[data-testid=enrol-form]")
    form.locator("input[name=e-code]").fill(teen.national_code)
    form.get_by_role("button", name="ثبت‌نام").click()
    assert "پیش از ثبت‌نام، رضایت مادر را ثبت کنید" in page.content()
    form = page.locator("[data-testid=enrol-form]")
    form.locator("select[name=e-method]").select_option("signed")
    form.locator("input[name=e-given_on]").fill(jtoday())
    form.get_by_role("button", name="ثبت‌نام").click()
    row = page.locator("[data-testid=teen-row]").first
    assert "نازنین رضایی" in row.inner_text() and "فرم امضاشده" in row.inner_text()

    enrolment = course.enrolments.get()
    for s in course.sessions.all():
        training_services.attendance_mark(
            actor=course.trainer, session=s, enrolment=enrolment, present=True
        )
    training_services.course_finish(actor=make_user(roles.ADMINISTRATOR), course=course)
    make_user(roles.CENTRE_MANAGER, username="cm")  # training.courses to open the certificate
    page.reload()
    screens(page, "youth-teens")
    page.locator("[data-testid=certificate-link]").click()
    cert = page.locator("[data-testid=certificate]").inner_text()
    assert "نازنین رضایی" in cert and "کارآفرینی نوجوانان" in cert
    assert "سرپرست" not in cert


def test_childrens_data_open_only_after_a_second_administrator_approves(page, make_user):
    d4 = _district()
    worker = make_user(roles.SOCIAL_WORKER, username="fatemeh")
    worker.districts.set([d4])
    make_user(roles.ADMINISTRATOR, username="maryam")
    make_user(roles.ADMINISTRATOR, username="shirin")
    setup = make_user(roles.ADMINISTRATOR, username="setup")
    clear_for_children(setup)
    _, (kid,) = make_family(district=d4, children=(("سارا", 2011),))
    school = make_school(district=d4)
    services.school_year_record(actor=setup, child=kid, year=1403, grade=8, school=school)
    services.term_result_record(actor=setup, child=kid, year=1403, term=1, average="16")
    services.term_result_record(actor=setup, child=kid, year=1403, term=2, average="11")

    login(page, "fatemeh")
    page.goto(page.base_url + "/youth/")
    assert page.get_by_test_id("not-cleared").is_visible()
    assert page.get_by_test_id("risk-row").count() == 0
    _logout(page)

    login(page, "maryam")
    open_menu(page)
    page.get_by_role("link", name="مدیریت سامانه").click()
    page.get_by_role("link", name="صلاحیت دیدن داده‌های کودکان").click()
    form = page.get_by_test_id("form-clearance")
    form.locator("#id_username").fill("fatemeh")
    form.locator("#id_reason").fill("مددکار منطقهٔ ۴")
    form.get_by_role("button", name="درخواست صلاحیت").click()
    assert "تاریخ پایان اعتبار صلاحیت را وارد کنید" in page.content() or (
        "این فیلد لازم است" in page.content()
    )
    form = page.get_by_test_id("form-clearance")
    assert form.locator("#id_reason").input_value() == "مددکار منطقهٔ ۴"  # kept
    until = jdatetime.date.fromgregorian(date=dt.date.today() + dt.timedelta(days=90))
    form.locator("#id_expires_on").fill(f"{until.year}/{until.month:02d}/{until.day:02d}")
    page.keyboard.press("Escape")
    form.get_by_role("button", name="درخواست صلاحیت").click()
    row = page.get_by_test_id("clearance-fatemeh")
    assert "منتظر تأیید مدیر دیگر" in row.inner_text()
    assert row.get_by_role("button", name="تأیید").count() == 0  # not her own request
    screens(page, "youth-clearance-request")
    _logout(page)

    login(page, "shirin")
    page.get_by_test_id("inbox-link").click()
    page.get_by_role("link", name="انجامش بده").first.click()
    page.get_by_test_id("clearance-fatemeh").get_by_role("button", name="تأیید").click()
    assert "دارای صلاحیت" in page.get_by_test_id("clearance-fatemeh").inner_text()
    _logout(page)

    login(page, "fatemeh")
    page.goto(page.base_url + "/youth/")
    assert page.get_by_test_id("not-cleared").count() == 0
    assert "سارا رضایی" in page.get_by_test_id("risk-row").first.inner_text()


def _logout(page):
    open_menu(page)
    page.get_by_role("button", name="خروج").click()


def test_a_manager_edits_a_budget_line_wrong_then_right(page, make_user):
    clear_for_children(make_user(roles.MANAGER, username="modir"))
    BudgetLine.objects.create(
        code="edu", name="حمایت تحصیلی ۱۴۰۴", year=1404, amount_toman=10_000_000
    )
    login(page, "modir")
    page.goto(page.base_url + "/youth/support/")
    page.get_by_test_id("budget-line").get_by_role("link", name="حمایت تحصیلی ۱۴۰۴").click()
    page.locator("#id_name").fill("حمایت تحصیلی و رفت‌وآمد ۱۴۰۴")
    page.locator("#id_amount_toman").fill("۰")
    page.get_by_role("button", name="ذخیره").click()
    assert "اعتبار باید بیشتر از صفر باشد" in page.content()
    assert page.locator("#id_name").input_value() == "حمایت تحصیلی و رفت‌وآمد ۱۴۰۴"
    screens(page, "youth-budget-line-error")
    page.locator("#id_amount_toman").fill("۱۲٬۰۰۰٬۰۰۰")
    page.get_by_role("button", name="ذخیره").click()
    lines = page.get_by_test_id("budget-lines").inner_text()
    assert "حمایت تحصیلی و رفت‌وآمد ۱۴۰۴" in lines and "۱۲٬۰۰۰٬۰۰۰" in lines
    assert BudgetLine.objects.get().amount_toman == 12_000_000


def test_a_centre_manager_schedules_a_teen_course_with_its_programme(page, make_user):
    centre = tf.centre(4)
    tf.trainer("morabbi")
    cm = make_user(roles.CENTRE_MANAGER, username="cm")
    cm.centres.set([centre])
    login(page, "cm")
    page.goto(page.base_url + "/youth/teens/")
    form = page.get_by_test_id("teen-programme-form")
    form.locator("#id_theme").select_option("innovation")
    form.locator("#id_c-title").fill("نوآوری تابستان")
    form.get_by_role("button", name="ثبت برنامه").click()
    assert page.get_by_test_id("teen-programme-form").locator(".invalid-feedback").count() > 0
    form = page.get_by_test_id("teen-programme-form")
    assert form.locator("#id_c-title").input_value() == "نوآوری تابستان"
    screens(page, "youth-teens-new-course-error")
    start = jdatetime.date.fromgregorian(date=dt.date.today() + dt.timedelta(days=20))
    form.locator("#id_c-centre").select_option(str(centre.pk))
    form.locator("#id_c-trainer").select_option(label="نرگس حسینی")
    form.locator("#id_c-capacity").fill("۲۰")
    form.locator("#id_c-first_date").fill(f"{start.year}/{start.month:02d}/{start.day:02d}")
    page.keyboard.press("Escape")
    form.get_by_label("شنبه", exact=True).check()
    form.locator("#id_c-session_count").fill("۸")
    form.locator("#id_c-start_time").fill("09:00")
    form.locator("#id_c-end_time").fill("11:00")
    form.get_by_role("button", name="ثبت برنامه").click()
    assert "برنامهٔ به وقت نوجوانی ثبت شد" in page.content()
    assert "نوآوری تابستان" in page.locator("h1").inner_text()
    course = Course.objects.get(title="نوآوری تابستان")
    assert course.kind == Course.TEEN and course.sessions.count() == 8
