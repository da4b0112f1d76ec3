"""Browser tests: Playwright for Python driving Debian's Chromium.

On a laptop without /usr/bin/chromium they skip; in CI (CI=true) a missing
browser fails the run instead.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from tavana.core.domain.jalali import format_jalali

CHROMIUM = os.environ.get("TAVANA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must run the browser tests")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    external = []
    pg.on(
        "request",
        lambda r: (
            external.append(r.url)
            if not r.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )
    # The Content-Security-Policy refuses inline script and style: a page that
    # still has some fails here rather than silently losing its behaviour.
    refused = []
    pg.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    pg.base_url = live_server.url
    yield reads_when_loaded(pg)
    context.close()
    assert not external, f"the page requested outside addresses: {external}"
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def reads_when_loaded(pg):
    """A click that follows a link returns once the next page is committed, not
    loaded: reading the content then can give an empty document. Every read of
    the whole page waits for the page to have loaded first."""
    read = pg.content

    def loaded_content() -> str:
        pg.wait_for_load_state()
        return read()

    pg.content = loaded_content
    return pg


def login(page, username, password="pass-for-tests-1403"):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def screens(page, name: str) -> None:
    """With TAVANA_SHOTS=DIR, save the page at 1366 px and at 390 px (a phone) to look
    at; with TAVANA_UPDATE_SCREENSHOTS=1, the wide one also goes to docs/screenshots."""
    folders = [Path(d) for d in [os.environ.get("TAVANA_SHOTS", "")] if d]
    if os.environ.get("TAVANA_UPDATE_SCREENSHOTS"):
        folders.append(SCREENSHOTS)
    if not folders:
        return
    size = page.viewport_size
    for width, suffix in ((1366, ""), (390, "-phone")):
        page.set_viewport_size({"width": width, "height": 860})
        for folder in folders[:1] if suffix else folders:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{name}{suffix}.png"), full_page=True)
    page.set_viewport_size(size)


def open_menu(page):
    """Open the main menu where it is collapsed (a role whose menu does not fit the
    window gets the toggler: tavana.core.navigation.menu_breakpoint)."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#nav.show").wait_for()


def fill_event_dates(form, today) -> None:
    """A bazaar event form's four dates, typed as Jalali dates: the event 20 to
    22 days from `today`, applications open from today for 10 days."""
    for name, days in (
        ("start_date", 20),
        ("end_date", 22),
        ("apply_from", 0),
        ("apply_until", 10),
    ):
        form.locator(f"input[name={name}]").fill(format_jalali(today + dt.timedelta(days=days)))
