"""Tables on a phone (issue 15): a round's booths table at 390 px had its last
columns cut at the edge of its box, with nothing to say more lay beyond, while
its first column wrapped to five lines (the headers never wrapped, so six of
them added up to more than the screen). The walk now finds content cut inside a
box, not only a page wider than the screen; this test shows it would have."""

import pytest

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.bazaars import services
from tests.bazaars import factories as f
from tests.browser.conftest import login, screens
from tests.browser.walk import _INSPECT, LATIN_ALLOWED

pytestmark = pytest.mark.django_db(transaction=True)
ALLOW = "window.__walkAllowed = (w) => new RegExp(" + repr(LATIN_ALLOWED.pattern) + ").test(w);"
PHONE = {"width": 390, "height": 844}

WIDE = "<table><tr>" + "<td>ستون&nbsp;بسیار&nbsp;پهن&nbsp;جدول</td>" * 8 + "</tr></table>"


def _inspect(page):
    page.evaluate(ALLOW)
    return page.evaluate(_INSPECT)


def test_the_walk_finds_a_table_cut_inside_its_box(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_content(f'<body dir="rtl"><div style="overflow:hidden">{WIDE}</div></body>')
    seen = _inspect(page)
    assert seen["width"] <= seen["viewport"]  # the page itself is not wider
    assert any("پنهان" in c for c in seen["cut"]), seen["cut"]
    # a table scrolling in its box with nothing that says so is cut too
    page.set_content(f'<body dir="rtl"><div class="table-responsive" '
                     f'style="overflow-x:auto">{WIDE}</div></body>')  # fmt: skip
    assert any("بی‌نشانهٔ ادامه" in c for c in _inspect(page)["cut"])
    context.close()


def test_a_rounds_booths_fit_a_phone_or_say_there_is_more(page, make_user):
    organiser = make_user(roles.BAZAAR_ORGANISER, username="organiser")
    r = f.round_()
    v1 = f.venue(name="بوستان بزرگ بهاران در منطقهٔ نوزده شهر تهران", booths=6)
    v2 = f.venue(name="فرهنگسرای بانو", booths=6, number=5)
    e1, e2 = f.event(r, v1, booths=6), f.event(r, v2, booths=6)
    for i in range(14):
        p = f.producer()
        f.apply(p, e1, e2) if i % 2 else f.apply(p, e2, e1)
    f.applications_closed(r)
    services.round_allocate(actor=User.objects.get(pk=organiser.pk), round_=r)
    login(page, "organiser")
    for viewport in (PHONE, {"width": 1366, "height": 768}):
        page.set_viewport_size(viewport)
        page.goto(page.base_url + f"/bazaars/rounds/{r.pk}/result/")
        seen = _inspect(page)
        assert seen["width"] <= seen["viewport"] + 1, seen["culprit"]
        assert seen["cut"] == [], seen["cut"]
        booths = page.locator("[data-testid=booths]")
        box = booths.locator("xpath=..")
        fits = box.evaluate("b => b.scrollWidth <= b.clientWidth + 1")
        assert fits or "tv-more" in box.get_attribute("class")
    # on the phone every column of the booths table is in the box
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + f"/bazaars/rounds/{r.pk}/result/")
    box = page.locator("[data-testid=booths]").locator("xpath=..")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth + 1")
    screens(page, "bazaar-round-result")  # with TAVANA_SHOTS=DIR, to look at
