"""Her own requests on a phone (390×844): a correction a registrar approves, her
consents and her data, all by keyboard alone (Tab and Enter, focus visible);
the card of her next class kept offline by the service worker; the same answer
for an unknown number and a wrong code. axe-core (WCAG 2.2 AA) on every page."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from tavana.accounts import roles
from tavana.core.sms import MemorySmsBackend
from tavana.people import consents
from tavana.people.models import ChangeRequest
from tests.training import factories as f

from .conftest import login, reads_when_loaded, screens
from .test_portal_journey import _accessible

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
MOBILE = "09121234567"
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return {text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
          label: el.labels && el.labels[0] ? el.labels[0].innerText.trim() : '',
          tag: el.tagName, ring};
}"""


@pytest.fixture
def woman(make_user):
    from django.core.cache import cache

    cache.clear()
    MemorySmsBackend.outbox.clear()
    p = f.person("مریم", "کاظمی", number=4)
    p.mobile, p.national_code, p.father_name = MOBILE, "0012345679", "علی"
    p.save(update_fields=["mobile", "national_code", "father_name"])
    staff = make_user(roles.REGISTRAR, username="reg4")
    staff.districts.add(f.district(4))
    for purpose in ("services", "sms"):
        consents.consent_give(actor=staff, person=p, purpose=purpose)
    c = f.course(title="گلدوزی", first=timezone.localdate() + dt.timedelta(days=3))
    f.seat(c, p)
    yield p
    MemorySmsBackend.outbox.clear()


def tab_to(page, name: str, limit: int = 40) -> dict:
    """Press Tab until the focused element's text or label contains `name`; every
    element passed on the way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None:
            continue
        assert now["ring"], f"no visible focus on {now}"
        if name in now["text"] or name in now["label"]:
            return now
    raise AssertionError(f"Tab never reached «{name}»")


def _code() -> str:
    return re.search(r"(\d{5})", MemorySmsBackend.outbox[-1].text).group(1)


def sign_in_by_keyboard(page):
    page.goto(page.base_url + "/")
    tab_to(page, "ورود بانوان")
    page.keyboard.press("Enter")
    page.get_by_test_id("form-sign-in").wait_for()
    tab_to(page, "شمارهٔ تلفن همراه")
    page.keyboard.type("۰۹۱۲۱۲۳۴۵۶۷")
    page.keyboard.press("Enter")  # submits the form
    page.get_by_test_id("code-sent").wait_for()
    tab_to(page, "کد پیامک‌شده")
    page.keyboard.type(_code())
    page.keyboard.press("Enter")
    page.get_by_test_id("my-identity").wait_for()


def test_she_asks_for_a_correction_by_keyboard_alone_and_a_registrar_approves_it(
    page, browser, live_server, woman
):
    page.set_viewport_size(PHONE)
    sign_in_by_keyboard(page)
    tab_to(page, "درخواست اصلاح")
    page.keyboard.press("Enter")
    page.get_by_test_id("form-correction").wait_for()
    _accessible(page, "correction-new")
    # first wrong: nothing chosen, an impossible date, no reason — every fault at once
    tab_to(page, "فرستادن درخواست")
    page.keyboard.press("Enter")
    page.locator("#id_field_error").wait_for()
    assert page.locator("#id_reason_error").is_visible()
    _accessible(page, "correction-errors")
    tab_to(page, "چه چیزی درست نیست؟")
    for _ in range(3):  # نام، نام خانوادگی، نام پدر
        page.keyboard.press("ArrowDown")
    assert page.locator("#id_field").input_value() == "father_name"
    tab_to(page, "مقدار درست")
    page.keyboard.type("علیرضا")
    tab_to(page, "چرا باید اصلاح شود؟")
    page.keyboard.type("در شناسنامه‌ام علیرضا نوشته شده است")
    screens(page, "portal-correction")
    tab_to(page, "فرستادن درخواست")
    page.keyboard.press("Enter")
    page.get_by_test_id("my-corrections").wait_for()
    assert "در انتظار بررسی" in page.get_by_test_id("correction-status").inner_text()
    _accessible(page, "corrections")
    cr = ChangeRequest.objects.get(person=woman)
    assert cr.by_herself and cr.changes == {"father_name": ["علی", "علیرضا"]}

    # the registrar of her district, at her desk
    desk = browser.new_context(locale="fa-IR", viewport={"width": 1366, "height": 860})
    staff = reads_when_loaded(desk.new_page())
    staff.base_url = live_server.url
    login(staff, "reg4")
    staff.goto(live_server.url + f"/people/changes/{cr.pk}/")
    assert "خود او" in staff.get_by_test_id("by-herself").inner_text()
    staff.get_by_role("button", name="تأیید و اعمال").click()
    staff.wait_for_url(re.compile(r"/people/changes/$"))
    desk.close()
    woman.refresh_from_db()
    assert woman.father_name == "علیرضا"

    page.reload()
    assert "تأییدشده" in page.get_by_test_id("correction-status").inner_text()
    screens(page, "portal-corrections")


def test_she_withdraws_a_consent_and_downloads_her_data_by_keyboard(page, woman):
    page.set_viewport_size(PHONE)
    sign_in_by_keyboard(page)
    tab_to(page, "رضایت‌های من")
    page.keyboard.press("Enter")
    page.get_by_test_id("my-consents").wait_for()
    _accessible(page, "consents")
    screens(page, "portal-consents")
    tab_to(page, "پس گرفتن این رضایت")  # the first one in force: services
    page.keyboard.press("Enter")
    page.get_by_test_id("after-withdrawal").wait_for()
    _accessible(page, "consent-withdraw")
    tab_to(page, "بله، پس می‌گیرم")
    page.keyboard.press("Enter")
    page.get_by_test_id("my-consents").wait_for()
    assert page.locator('[data-purpose="services"]').get_attribute("data-active") == "0"
    assert not consents.consent_has(person_id=woman.pk, purpose="services")

    page.goto(page.base_url + "/my/data/")
    _accessible(page, "my-data")
    tab_to(page, "پروندهٔ اکسل")
    with page.expect_download() as got:
        page.keyboard.press("Enter")
    download = got.value
    assert download.suggested_filename.endswith(".xlsx")
    from openpyxl import load_workbook

    with open(download.path(), "rb") as fh:
        assert "مشخصات من" in load_workbook(io.BytesIO(fh.read())).sheetnames


def test_the_card_of_her_next_class_opens_offline(page, woman):
    page.set_viewport_size(PHONE)
    sign_in_by_keyboard(page)
    assert "گلدوزی" in page.get_by_test_id("next-class").inner_text()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(page.base_url + "/my/")  # now under the worker: it keeps the card
    # the page is controlled by the worker (activation can lag the navigation on
    # a loaded machine: reload until it is, as her next visit would be)
    for _ in range(5):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(500)
        page.reload()
    until(page, "navigator.serviceWorker.controller !== null")
    until(page, "caches.open('tavana-card-v1').then(c => c.match('/my/next/')).then(r => !!r)")
    page.context.set_offline(True)
    try:
        page.goto(page.base_url + "/my/")
        page.get_by_test_id("next-card").wait_for()
        assert "گلدوزی" in page.get_by_test_id("next-class").inner_text()
        assert page.get_by_test_id("seen-at").is_visible()  # the kept card, not her page
        assert page.get_by_test_id("my-identity").count() == 0
        assert page.evaluate("navigator.onLine") is False
        screens(page, "portal-offline-card")
    finally:
        page.context.set_offline(False)
    _accessible(page, "next-offline")
    # signing out forgets the card
    page.goto(page.base_url + "/my/")
    page.get_by_role("button", name="خروج").click()
    page.wait_for_url(page.base_url + "/")
    until(page, "caches.open('tavana-card-v1').then(c => c.match('/my/next/')).then(r => !r)")


def until(page, script: str, seconds: float = 30) -> None:
    """Wait until the page's script (a promise may be returned) is true, asking from
    here: Playwright's own polling evaluates a string, which the page's
    Content-Security-Policy refuses."""
    for _ in range(int(seconds * 4)):
        if page.evaluate(script):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"never true: {script}")


def test_her_first_visit_is_under_the_worker_without_a_reload(page, woman):
    """The worker takes the page that registered it (clients.claim) and keeps her
    card then and there: her very first visit already works offline next time."""
    page.set_viewport_size(PHONE)
    sign_in_by_keyboard(page)  # /my/: the first of her pages, which registers the worker
    page.evaluate("window.tvFirstVisit = true")  # gone if the page were loaded again
    moved = []
    page.on("framenavigated", lambda fr: moved.append(fr.url) if fr == page.main_frame else None)
    until(page, "navigator.serviceWorker.controller !== null")
    assert page.evaluate("window.tvFirstVisit === true") and moved == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 1
    until(page, "caches.open('tavana-card-v1').then(c => c.match('/my/next/')).then(r => !!r)")
    # this deploy's static cache holds the card's style (named by the deploy's stamp)
    static = page.evaluate(
        "caches.keys().then(ks => ks.filter(k => k.startsWith('tavana-static-')))"
    )
    assert len(static) == 1 and static[0] != "tavana-static-v1"
    until(
        page,
        f"caches.open('{static[0]}').then(c => c.match('/static/css/tavana.css')).then(r => !!r)",
    )
    page.context.set_offline(True)
    try:
        page.goto(page.base_url + "/my/")
        page.get_by_test_id("next-card").wait_for()
        assert "گلدوزی" in page.get_by_test_id("next-class").inner_text()
        assert page.get_by_test_id("seen-at").is_visible()
        font = page.evaluate(
            "document.fonts.load('16px Vazirmatn')"
            ".then(f => f.length > 0 && f.every(x => x.status === 'loaded'), () => false)"
        )
        styled = page.evaluate("getComputedStyle(document.body).fontFamily.startsWith('Vazirmatn')")
        assert font and styled  # the card looks as it does online
    finally:
        page.context.set_offline(False)


def test_an_unknown_number_and_a_wrong_code_get_the_same_answer(page, browser, live_server, woman):
    page.set_viewport_size(PHONE)

    def attempt(pg, mobile):
        pg.goto(live_server.url + "/my/sign-in/")
        pg.get_by_label("شمارهٔ تلفن همراه").fill(mobile)
        pg.get_by_role("button", name="فرستادن کد").click()
        pg.get_by_test_id("code-sent").wait_for()
        sent = pg.locator("main").inner_text()
        pg.get_by_label("کد پیامک‌شده").fill("۱۲۳۴۵" if _code() != "12345" else "۵۴۳۲۱")
        pg.get_by_role("button", name="ورود").click()
        pg.locator("#id_code_error, .invalid-feedback").first.wait_for()
        return sent, pg.locator("main").inner_text()

    known_sent, known_wrong = attempt(page, "۰۹۱۲۱۲۳۴۵۶۷")
    other = browser.new_context(locale="fa-IR", viewport=PHONE).new_page()
    unknown_sent, unknown_wrong = attempt(other, "۰۹۳۵۰۰۰۰۰۰۰")
    other.context.close()
    assert len(MemorySmsBackend.outbox) == 1  # only the registered number got a code

    def same(text, number):
        return text.replace(number, "<number>")

    assert same(known_sent, "۰۹۱۲۱۲۳۴۵۶۷") == same(unknown_sent, "۰۹۳۵۰۰۰۰۰۰۰")
    assert same(known_wrong, "۰۹۱۲۱۲۳۴۵۶۷") == same(unknown_wrong, "۰۹۳۵۰۰۰۰۰۰۰")
    assert "درست نیست" in known_wrong
