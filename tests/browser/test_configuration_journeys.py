"""Configuration as data, in the browser: a new support level; an SMS wording the
no-label check refuses, then one it accepts — both in the audit log in Persian."""

import pytest

from tavana.accounts import roles
from tavana.casework.models import SupportLevel
from tavana.core.domain.naming import DEFAULT_LABELS, word_key
from tavana.core.models import LabelWord

from .conftest import login, open_menu, screens

pytestmark = pytest.mark.django_db(transaction=True)


def _ladder():
    """The seeded ladder (a flushed test database has none)."""
    for code, name, order in (("counselling", "مشاوره", 1), ("skills", "مهارت‌آموزی", 2),
                              ("growth", "رشد کسب‌وکار", 3)):  # fmt: skip
        SupportLevel.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def _audit_says(page, text):
    page.goto(page.base_url + "/audit/")
    assert text in page.get_by_test_id("audit-action").all_inner_texts()


def test_add_a_support_level(page, make_user):
    _ladder()
    make_user(roles.ADMINISTRATOR, username="maryam")
    login(page, "maryam")
    open_menu(page)
    page.get_by_role("link", name="مدیریت سامانه").click()
    page.get_by_role("link", name="نردبان حمایت").click()
    form = page.get_by_test_id("form-level")
    form.locator("#id_code").fill("market_ready")
    form.locator("#id_name").fill("آمادهٔ بازار")
    form.locator("#id_reassess_months").fill("۴۰")
    form.get_by_role("button", name="افزودن سطح").click()
    assert "از ۱ تا ۳۶ ماه" in page.content()
    assert page.get_by_test_id("form-level").locator("#id_name").input_value() == "آمادهٔ بازار"
    form = page.get_by_test_id("form-level")
    form.locator("#id_reassess_months").fill("۵")
    form.locator("#id_after").select_option(label="مهارت‌آموزی")
    form.get_by_role("button", name="افزودن سطح").click()
    page.wait_for_url("**/casework/settings/ladder/")
    names = page.get_by_test_id("levels").locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert names.index("آمادهٔ بازار") == names.index("مهارت‌آموزی") + 1
    assert "افزودن سطح حمایت" in page.get_by_test_id("history").inner_text()
    screens(page, "admin-ladder")
    assert SupportLevel.objects.get(code="market_ready").reassess_months == 5
    _audit_says(page, "افزودن سطح حمایت")


def test_edit_an_sms_template_that_the_no_label_check_refuses(page, make_user):
    for word, reason in DEFAULT_LABELS:
        LabelWord.objects.get_or_create(
            key=word_key(word), defaults={"word": word, "reason": reason}
        )
    make_user(roles.ADMINISTRATOR, username="maryam")
    login(page, "maryam")
    open_menu(page)
    page.get_by_role("link", name="مدیریت سامانه").click()
    page.get_by_role("link", name="الگوهای پیامک").click()
    page.get_by_role("link", name="اعلام غرفه به تولیدکننده").click()
    labelled = "غرفهٔ {غرفه} در بازارچهٔ مددجویان «{بازارچه}» از {از} آماده است."
    page.fill("#id_text", labelled)
    page.get_by_role("button", name="ذخیرهٔ الگو").click()
    error = page.locator("[data-field=text]").inner_text()
    assert "«مددجو»" in error and "برچسب" in error
    assert page.input_value("#id_text") == labelled  # what she typed is kept
    screens(page, "admin-sms-template-refused")
    page.fill(
        "#id_text", "غرفهٔ {غرفه} در «{بازارچه}» از {از} تا {تا} برای شماست؛ با مرکز تماس بگیرید."
    )
    page.get_by_role("button", name="ذخیرهٔ الگو").click()
    page.wait_for_url("**/notifications/templates/")
    page.get_by_role("link", name="اعلام غرفه به تولیدکننده").click()
    assert "برای شماست" in page.get_by_test_id("preview").inner_text()
    assert "ویرایش الگوی پیامک" in page.get_by_test_id("history").inner_text()
    _audit_says(page, "ویرایش الگوی پیامک")
