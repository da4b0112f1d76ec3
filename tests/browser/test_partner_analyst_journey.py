"""A partner's analyst in a real browser: her data-sharing agreement, a
suppressed extract downloaded, the indicator API read with her own token, an
overlap count of her list against the registry (wrong files first, then
right) with only counts coming back — and the count among the figures, for
her and for the Center's manager."""

import datetime as dt
import io

import openpyxl
import pytest

from tavana.accounts import roles
from tavana.core.domain import jalali
from tavana.core.domain.jalali import format_jalali
from tavana.core.models import District
from tavana.partners import overlap
from tavana.partners.models import Extract, OverlapRun
from tavana.people.models import Person, Registration
from tests.partners import factories as f
from tests.partners.test_overlap_runs import SECRET, _partner_list, _registry

from .conftest import login, open_menu, reads_when_loaded, screens

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(make_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    f.axes()
    make_user(roles.MANAGER, username="partners-manager")
    analyst = make_user(roles.PARTNER_ANALYST, username="acecr-analyst")
    women = _registry()
    d19, _ = District.objects.get_or_create(number=19, defaults={"name": "منطقهٔ ۱۹"})
    for n in range(3):  # three women in district 19: a small cell in her extract
        women.append(
            Person.objects.create(
                first_name="سمانه", last_name=f"دلاوری{n}", name_key="x", first_key="x",
                last_key="x", district=d19, sex=Person.FEMALE,
            )
        )  # fmt: skip
    for p in women:
        Registration.objects.create(person=p)
    organisation = f.organisation("welfare_org", "سازمان بهزیستی", kind="welfare")
    agreement = f.agreement(org=organisation, title="تفاهم‌نامهٔ همکاری با بهزیستی")
    sharing = f.sharing(agreement, who=analyst, title="شاخص‌های فصلی برای بهزیستی")
    encoded = tmp_path / "welfare.jsonl"
    overlap.encode_list(_partner_list(tmp_path, women), SECRET, encoded, "خدمت")
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET)
    short = tmp_path / "short.txt"
    short.write_bytes(b"too short")
    return {"sharing": sharing, "encoded": encoded, "secret": secret, "short": short}


def _token_reads_the_api(page, start, end):
    """Her token, shown once, reads the indicator API; a wrong token is refused."""
    page.get_by_role("button", name="ساخت توکن تازه").click()
    token = page.get_by_test_id("new-token").locator("code").inner_text().strip()
    page.reload()
    assert token not in page.content()
    api = f"{page.base_url}/api/partners/indicators/women?start={start}&end={end}"
    answer = page.request.get(api, headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200
    table = answer.json()
    assert table["indicator"] == "women" and None in [c for row in table["cells"] for c in row]
    refused = page.request.get(api, headers={"Authorization": "Bearer tvp_not-a-token"})
    assert refused.status == 401


def test_the_partner_analyst_extracts_reads_the_api_and_counts_the_overlap(page, world, browser):
    s = world["sharing"]
    login(page, "acecr-analyst")
    open_menu(page)
    page.get_by_role("link", name="تبادل داده با شریکان").click()
    page.get_by_role("link", name="شاخص‌های فصلی برای بهزیستی").click()
    assert "سازمان بهزیستی" in page.content()

    # 1. A suppressed extract of the tables, downloaded.
    page.select_option("#id_kind", Extract.TABLES)
    # protected figures are published for a whole Jalali month (this one: her women registered today)
    start, end = jalali.month_range(*jalali.to_jalali(dt.date.today())[:2])
    page.fill("#id_start", format_jalali(start))
    page.fill("#id_end", format_jalali(end))
    page.get_by_role("button", name="ساخت برداشت").click()
    page.get_by_text("برداشت ساخته شد.").wait_for()
    with page.expect_download() as caught:
        page.get_by_test_id("download").first.click()
    book = openpyxl.load_workbook(io.BytesIO(open(caught.value.path(), "rb").read()))
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "کمتر از ۵" in cells  # district 19's three women
    assert 3 not in cells

    # 2. Her token, shown once, reads the indicator API; a wrong token is refused.
    _token_reads_the_api(page, start, end)

    # 3. The overlap count: nothing chosen, then a secret that is too short.
    form = page.get_by_test_id("overlap-form")
    page.fill("#id_group_label", "خدمت")
    form.get_by_role("button", name="شمارش هم‌پوشانی").click()
    page.get_by_text("فایل رمزشدهٔ فهرست را انتخاب کنید.").wait_for()
    assert page.get_by_text("فایل رمز مشترک را انتخاب کنید.").is_visible()
    assert page.input_value("#id_group_label") == "خدمت"
    page.set_input_files("#id_encoded", str(world["encoded"]))
    page.set_input_files("#id_secret", str(world["short"]))
    page.get_by_test_id("overlap-form").get_by_role("button", name="شمارش هم‌پوشانی").click()
    page.locator("[data-field=secret]").wait_for()
    assert "۳۲" in page.locator("[data-field=secret]").inner_text()
    assert not OverlapRun.objects.exists()
    # … then right: only counts come back.
    page.set_input_files("#id_encoded", str(world["encoded"]))
    page.set_input_files("#id_secret", str(world["secret"]))
    page.get_by_test_id("overlap-form").get_by_role("button", name="شمارش هم‌پوشانی").click()
    page.get_by_text("شمارش هم‌پوشانی انجام شد").wait_for()
    runs = page.get_by_test_id("overlaps")
    assert runs.get_by_test_id("overlap-matched").first.inner_text() == "۱۴"
    shown = runs.inner_text()
    assert "مستمری" in shown and "پنهان" in shown and "کمتر از ۵" in shown
    assert "ناشناس" not in page.content()
    screens(page, "partners-overlap")
    run = OverlapRun.objects.get()
    assert run.sharing == s and run.run_by.username == "acecr-analyst" and run.matched == 14

    # 4. Among her figures, the count (and nothing of anyone).
    open_menu(page)
    page.get_by_role("link", name="آمار و شاخص‌ها").click()
    figures = page.get_by_test_id("table-overlaps")
    assert "سازمان بهزیستی" in figures.inner_text()
    assert figures.get_by_test_id("overlap-matched").inner_text() == "۱۴"
    figures.scroll_into_view_if_needed()
    screens(page, "insights-overlaps")

    # 5. The Center's manager, in her own browser, sees it on the partners' figures.
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 860})
    try:
        theirs = reads_when_loaded(context.new_page())
        theirs.base_url = page.base_url
        login(theirs, "partners-manager")
        open_menu(theirs)
        theirs.get_by_role("link", name="همکاران و تفاهم‌نامه‌ها").click()
        mine = theirs.get_by_test_id("overlap-figures")
        assert "سازمان بهزیستی" in mine.inner_text() and "مستمری" in mine.inner_text()
        screens(theirs, "partners-home-overlaps")
    finally:
        context.close()
