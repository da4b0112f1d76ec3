"""Training journeys in a real browser: a centre manager schedules a course, a
registrar enrols women (the waitlist moves up when a seat frees), the trainer
takes attendance on a phone, a certificate prints and its code verifies."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.core.domain.jalali import format_jalali
from tavana.training import services
from tavana.training.models import Attendance, Certificate, Course, CourseEnrolment
from tests.training import factories as f

from .conftest import SCREENSHOTS, login, open_menu, reads_when_loaded

pytestmark = pytest.mark.django_db(transaction=True)


def test_centre_manager_schedules_a_course(page, make_user):
    manager = make_user(roles.CENTRE_MANAGER, username="leila")
    centre = f.centre(name="مرکز کوثر نارمک")
    manager.centres.add(centre)
    f.trainer("narges")
    login(page, "leila")
    page.get_by_role("button", name="آموزش").click()  # the main menu's training group
    page.get_by_role("link", name="دوره‌ها", exact=True).first.click()
    page.get_by_role("link", name="دورهٔ تازه").click()
    page.fill("#id_title", "خیاطی مقدماتی")
    page.select_option("#id_centre", label="مرکز کوثر نارمک")
    page.select_option("#id_trainer", label="نرگس حسینی")
    page.fill("#id_capacity", "۱۵")
    page.fill("#id_session_count", "10")
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_time", "12:00")
    page.get_by_label("شنبه", exact=True).check()
    page.get_by_label("دوشنبه", exact=True).check()
    first = timezone.localdate() + dt.timedelta(days=2)
    page.fill("#id_first_date", format_jalali(first))
    page.keyboard.press("Escape")
    page.press(
        "#id_title", "Enter"
    )  # submit from a plain field (the date picker may cover the button)
    page.get_by_text("دوره و جلسه‌هایش ثبت شد.").wait_for()
    assert page.get_by_test_id("sessions").locator("li").count() == 10
    course = Course.objects.get(title="خیاطی مقدماتی")
    assert course.centre == centre and course.capacity == 15


def test_registrar_enrols_women_and_the_waitlist_moves_up(page, make_user):
    registrar = make_user(roles.REGISTRAR, username="sara")
    registrar.districts.add(f.district(4))
    c = f.course(capacity=1, first=timezone.localdate(), title="آشپزی سنتی")
    f.person(first="مهسا", last="کریمی")
    f.person(first="مهسا", last="نادری")
    login(page, "sara")
    page.goto(f"{page.base_url}/training/courses/{c.pk}/enrol/")
    for name in ("مهسا کریمی", "مهسا نادری"):
        page.fill("#q", "مهسا")
        results = page.get_by_test_id("enrol-results")
        results.wait_for()
        results.locator("li", has_text=name).get_by_role("button", name="ثبت‌نام").click()
        page.get_by_role("status").filter(has_text=name).wait_for()
    assert page.get_by_test_id("seated-count").inner_text() == "۱"
    assert page.get_by_test_id("waiting-count").inner_text() == "۱"
    page.goto(f"{page.base_url}/training/courses/{c.pk}/")
    page.get_by_test_id("seated").get_by_role("button", name="انصراف").click()
    page.get_by_text("از فهرست انتظار به کلاس آمد: مهسا نادری").wait_for()
    assert "مهسا نادری" in page.get_by_test_id("seated").inner_text()
    assert dict(CourseEnrolment.objects.values_list("person__last_name", "status")) == {
        "کریمی": "withdrawn",
        "نادری": "enrolled",
    }


def test_trainer_takes_attendance_on_a_phone(browser, live_server, make_user):
    t = f.trainer("narges")
    c = f.course(t=t, sessions=3, first=timezone.localdate() - dt.timedelta(days=2))
    names = [("زهرا", "احمدی"), ("مریم", "کاظمی"), ("فاطمه", "رضایی"), ("نگار", "صالحی")]
    seats = [f.seat(c, f.person(first=a, last=b)) for a, b in names]
    context = browser.new_context(
        locale="fa-IR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = reads_when_loaded(context.new_page())
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    try:
        login(page, "narges")
        page.get_by_role("link", name="خیاطی مقدماتی").first.click()  # today's class, home page
        roll = page.get_by_test_id("roll")
        roll.wait_for()
        for name in ("زهرا احمدی", "فاطمه رضایی", "نگار صالحی"):
            page.get_by_role("button", name=name).tap()
            roll.get_by_role("button", name=name).and_(
                page.locator("[aria-pressed=true]")
            ).wait_for()
        page.get_by_text("۳ از ۴ حاضر").wait_for()
        # a mistaken tap is undone by another tap
        page.get_by_role("button", name="نگار صالحی").tap()
        page.get_by_text("۲ از ۴ حاضر").wait_for()
        box = page.get_by_role("button", name="مریم کاظمی").bounding_box()
        assert box["height"] >= 56 and box["width"] >= 300  # a big touch target
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        if os.environ.get("TAVANA_UPDATE_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "attendance-phone.png"), full_page=True)
    finally:
        context.close()
    today = c.sessions.get(date=timezone.localdate())
    marks = dict(Attendance.objects.filter(session=today).values_list("enrolment_id", "present"))
    assert marks == {seats[0].pk: True, seats[2].pk: True, seats[3].pk: False}


def test_a_certificate_prints_and_its_code_verifies(page, make_user):
    admin = make_user(roles.ADMINISTRATOR, username="admin1")
    c = f.course(sessions=2, title="سوزن‌دوزی")
    w = f.person(first="فاطمه", last="رضایی")
    e = services.enrol(actor=admin, course=c, person=w)
    for s in c.sessions.all():
        services.attendance_mark(actor=c.trainer, session=s, enrolment=e, present=True)
    services.course_finish(actor=admin, course=c)
    login(page, "admin1")
    page.goto(f"{page.base_url}/training/courses/{c.pk}/")
    page.get_by_role("link", name="گواهی").click()
    cert = page.get_by_test_id("certificate")
    assert "فاطمه رضایی" in cert.inner_text() and "سوزن‌دوزی" in cert.inner_text()
    assert "۱۴" in cert.inner_text()  # a Jalali year in Persian digits
    code = page.get_by_test_id("cert-code").inner_text()
    assert code.replace("-", "") == Certificate.objects.get().code
    page.emulate_media(media="print")
    assert not page.get_by_test_id("print").is_visible()
    assert not page.locator("nav.navbar").is_visible()
    assert cert.is_visible()
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf[:4] == b"%PDF"
    page.emulate_media(media="screen")
    open_menu(page)
    page.get_by_role("button", name="خروج").click()
    # a visitor, not signed in, checks the code
    page.goto(f"{page.base_url}/training/verify/")
    page.fill("#code", code.lower())
    page.get_by_role("button", name="استعلام").click()
    result = page.get_by_test_id("verify-result").inner_text()
    assert "معتبر" in result and "ف. ر." in result and "سوزن‌دوزی" in result
    assert "فاطمه" not in page.content() and "رضایی" not in page.content()
