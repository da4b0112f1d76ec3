"""A manager opens the figures screen, filters by district and season, and sees
Persian digits and a chart."""

import re

import pytest

from tavana.accounts import roles
from tavana.core.domain import jalali
from tests.browser.conftest import login, open_menu
from tests.insights.factories import world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_filters_the_figures_by_district_and_season(page, make_user):
    make_user(roles.MANAGER, username="manager-b")
    w = world()
    login(page, "manager-b")
    page.goto(page.base_url + "/")
    open_menu(page)
    page.click("nav >> text=آمار و شاخص‌ها")
    page.wait_for_url(re.compile(r"/insights/"))
    assert page.locator("canvas.insights-chart").count() >= 1
    page.wait_for_function("() => !!window.Chart && Object.keys(Chart.instances).length > 0")

    _, season = jalali.season_of(jalali.jalali_today().togregorian())
    page.select_option("#f-district", str(w.d4.pk))
    page.select_option("#f-season", str(season))
    page.click("[data-testid=filters] button")
    page.wait_for_url(re.compile(rf"district={w.d4.pk}"))
    period = page.locator("[data-testid=period]").inner_text()
    assert jalali.SEASON_NAMES[season - 1] in period and w.d4.name in period
    headline = page.locator("[data-testid=headline]").inner_text()
    assert "۷" in headline and not re.search(r"[0-9]", headline)
    assert "۶" in page.locator("[data-testid=table-services]").inner_text()
    assert page.locator("canvas.insights-chart").count() >= 1
