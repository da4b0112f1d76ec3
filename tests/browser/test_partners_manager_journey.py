"""The Center's manager in a real browser: records an agreement (wrong, then
right), is reminded in her inbox before it ends, picks the year's quick-win
portfolio from the solver's proposal, and follows a project's milestones."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.core.domain.jalali import format_jalali
from tavana.notifications.services import notify_run
from tavana.partners.models import Agreement, Portfolio
from tests.partners import factories as f

from .conftest import login, open_menu, screens

pytestmark = pytest.mark.django_db(transaction=True)

CANDIDATES = (  # title, value, feasibility, speed, budget
    ("کارگاه بازاریابی برخط برای تولیدکنندگان خانگی", 5, 5, 5, 200),
    ("مرکز رشد کسب‌وکارهای کوچک زنان", 5, 3, 1, 900),
    ("دورهٔ مهارت دیجیتال برای زنان", 4, 5, 4, 150),
    ("نقشهٔ داده‌های اشتغال زنان در منطقه‌ها", 4, 4, 5, 100),
    ("سامانهٔ مشترک پایش شاخص‌ها", 3, 2, 2, 700),
    ("جشنوارهٔ ایده‌های نوآورانه", 3, 4, 4, 250),
)


@pytest.fixture
def manager(make_user):
    f.axes()
    return make_user(roles.MANAGER, username="partners-manager", mobile="09121110000")


def _reminder_in_her_inbox(page, a):
    """The daily run: the agreement is ending; a reminder waits in her inbox."""
    notify_run(daily=True)
    page.reload()
    assert page.get_by_test_id("ending").is_visible()
    page.get_by_test_id("inbox-link").click()
    item = page.get_by_test_id("notification").first
    assert "تفاهم‌نامهٔ توانمندسازی اقتصادی زنان" in item.inner_text()
    item.get_by_role("link").first.click()
    page.wait_for_url(f"**/partners/agreements/{a.pk}/")


def test_the_manager_records_is_reminded_picks_the_portfolio_and_follows_milestones(page, manager):
    org = f.organisation("acecr", "جهاد دانشگاهی")
    today = timezone.localdate()
    login(page, "partners-manager")
    open_menu(page)
    page.get_by_role("link", name="همکاران و تفاهم‌نامه‌ها").click()
    page.get_by_role("link", name="تفاهم‌نامهٔ تازه").click()

    # 1. An agreement: a date that does not exist first, then right (no end: one solar year).
    page.select_option("#id_organisation", str(org.pk))
    page.fill("#id_title", "تفاهم‌نامهٔ توانمندسازی اقتصادی زنان")
    page.fill("#id_starts_on", "۱۴۰۴/۱۳/۰۱")
    page.select_option("#id_owner", str(manager.pk))
    page.get_by_role("button", name="ثبت").click()
    page.locator(".invalid-feedback").first.wait_for()
    assert page.input_value("#id_title") == "تفاهم‌نامهٔ توانمندسازی اقتصادی زنان"
    assert not Agreement.objects.exists()
    start = today - dt.timedelta(days=320)
    page.locator("#id_starts_on").clear()
    page.fill("#id_starts_on", format_jalali(start))
    page.fill("#id_signed_on", format_jalali(start))
    for box in page.locator("input[name=axes]").all():
        box.check()
    page.get_by_role("button", name="ثبت").click()
    page.wait_for_url(re.compile(r".*/partners/agreements/\d+/$"))
    a = Agreement.objects.get()
    assert format_jalali(a.ends_on) in page.content()

    # 2. The daily run: the agreement is ending; a reminder waits in her inbox.
    _reminder_in_her_inbox(page, a)

    # 3. The year's quick wins: candidates, then the solver's proposal, accepted.
    for title, value, feasibility, speed, budget in CANDIDATES:
        f.project(a, title=title, value=value, feasibility=feasibility, speed=speed,
                  budget=budget, horizon="quick")  # fmt: skip
    page.reload()
    page.get_by_role("link", name="انتخاب پروژه‌های اولویت‌دار سال").click()
    page.fill("#id_budget", "۷۰۰")
    page.fill("#id_staff", "۲۰")
    page.get_by_role("button", name="ساختن سبد").click()
    page.wait_for_url("**/partners/portfolios/*/")
    page.get_by_role("button", name="پیشنهاد حل‌کننده").click()
    explanation = page.get_by_test_id("explanation")
    explanation.wait_for()
    chosen = [
        row.get_attribute("data-project") for row in explanation.locator("tr.table-success").all()
    ]
    assert 3 <= len(chosen) <= 4
    screens(page, "partners-portfolio")
    page.get_by_role("button", name="ثبت تصمیم").click()
    page.get_by_test_id("decision").wait_for()
    portfolio = Portfolio.objects.get()
    assert portfolio.status == "decided"
    picked = page.get_by_test_id("chosen").locator("a")
    assert picked.count() == len(chosen)

    # 4. A chosen project's milestones: an empty one refused, then one added and done.
    first = picked.first.inner_text()
    picked.first.click()
    page.wait_for_url("**/partners/projects/*/")
    assert first in page.content()
    form = page.get_by_test_id("milestone-form")
    form.get_by_role("button", name="افزودن گام").click()
    refused = page.locator(".alert-danger").filter(has_text="گام")
    refused.wait_for()
    assert not page.locator("[data-testid=milestones] tr").filter(has_text="طراحی دوره").count()
    page.get_by_test_id("milestone-form").locator("input[name$=title]").fill("طراحی دوره")
    page.get_by_test_id("milestone-form").locator("input[name$=due_on]").fill(
        format_jalali(today + dt.timedelta(days=20))
    )
    page.get_by_test_id("milestone-form").get_by_role("button", name="افزودن گام").click()
    page.get_by_text("طراحی دوره").wait_for()
    page.get_by_role("button", name="انجام شد").first.click()
    page.locator(".text-success").filter(has_text="✓").first.wait_for()
    screens(page, "partners-project")
