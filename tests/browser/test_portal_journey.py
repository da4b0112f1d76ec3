"""The front door and a woman's own pages on a phone (390×844), with axe-core's
WCAG 2.2 AA rules run on every page she meets."""

import datetime as dt
import gzip
import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tavana.core.sms import MemorySmsBackend
from tavana.training.models import Certificate, CourseEnrolment
from tests.training import factories as f

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}


def _accessible(page, name):
    results = Axe().run(page, options=WCAG_AA)
    found = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
    assert not found, f"axe-core on {name}: {found}"
    if os.environ.get("TAVANA_UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"portal-{name}-390.png"), full_page=True)


@pytest.fixture
def woman():
    from django.core.cache import cache

    cache.clear()
    MemorySmsBackend.outbox.clear()
    p = f.person("مریم", "کاظمی")
    p.mobile = "09121234567"
    p.save(update_fields=["mobile"])
    done = f.course(title="نان‌پزی سنتی")
    e = f.seat(done, p, CourseEnrolment.COMPLETED)
    Certificate.objects.create(enrolment=e, code="ABCDE23456", issued_on=timezone.localdate())
    f.course(title="گلدوزی", capacity=5, first=timezone.localdate() + dt.timedelta(days=6))
    yield p
    MemorySmsBackend.outbox.clear()


def test_a_visitor_reaches_the_campaign_and_the_bazaars_from_the_front_door(page):
    page.set_viewport_size({"width": 390, "height": 844})
    bodies = []
    page.on("response", lambda r: bodies.append((r.url, r.body())))
    page.goto(page.base_url + "/")
    page.wait_for_load_state("networkidle")
    # What a production server sends (whitenoise serves the gzip files it keeps;
    # the font is already compressed): under 150 KB for the first view.
    sent = {url: len(gzip.compress(b)) if not url.endswith(".woff2") else len(b)
            for url, b in bodies}  # fmt: skip
    print("first view, bytes sent gzip-compressed:", sent, sum(sent.values()))
    assert sum(sent.values()) < 150_000, sent
    _accessible(page, "front")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("bazaars-link").click()
    page.wait_for_url(re.compile(r"/bazaars/upcoming/$"))
    page.go_back()
    page.get_by_test_id("campaign-link").click()
    page.wait_for_url(re.compile(r"/campaign/join/$"))
    assert page.get_by_test_id("join-form").is_visible()


def test_she_signs_in_with_a_code_enrols_and_downloads_her_certificate(page, woman):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/")
    page.get_by_test_id("woman-sign-in").click()
    _accessible(page, "sign-in")
    # a wrong number first: the message sits by the field, what she typed stays
    page.get_by_label("شمارهٔ تلفن همراه").fill("۰۹۱۲")
    page.get_by_role("button", name="فرستادن کد").click()
    assert page.locator(".invalid-feedback").is_visible()
    assert page.get_by_label("شمارهٔ تلفن همراه").input_value() == "۰۹۱۲"
    page.get_by_label("شمارهٔ تلفن همراه").fill("۰۹۱۲۱۲۳۴۵۶۷")
    page.get_by_role("button", name="فرستادن کد").click()
    page.get_by_test_id("code-sent").wait_for()
    _accessible(page, "code")
    code = re.search(r"(\d{5})", MemorySmsBackend.outbox[-1].text).group(1)
    page.get_by_label("کد پیامک‌شده").fill(code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    page.get_by_role("button", name="ورود").click()
    page.get_by_test_id("my-identity").wait_for()
    _accessible(page, "me")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="دیدن دوره‌های باز").click()
    page.get_by_test_id("open-courses").wait_for()
    _accessible(page, "courses")
    page.get_by_role("button", name="ثبت‌نام در گلدوزی").click()
    page.get_by_test_id("my-enrolments").wait_for()
    assert "گلدوزی" in page.get_by_test_id("my-enrolments").inner_text()
    assert CourseEnrolment.objects.filter(person=woman, course__title="گلدوزی").exists()

    page.get_by_role("link", name="پروندهٔ من").click()
    page.get_by_test_id("my-certificate").click()
    assert "نان‌پزی سنتی" in page.content()
