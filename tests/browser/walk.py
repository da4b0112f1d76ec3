"""The walk: every page a user can reach by following links, checked as a new
user would meet it (tests/browser/test_walk.py runs it for every demo role).

Starting from the home page, the walker follows every same-site link (`<a
href>`) it finds, breadth first, visiting at most `per_pattern` addresses of
each URL pattern (so a list of 50 women costs two visits of the person page,
not fifty) and checks each page it lands on for:

- a server error (5xx);
- a link shown to the user that answers her 403 or 404;
- horizontal overflow (the document wider than the viewport), and content cut
  inside a box: a box that hides what sticks out of it, or a table scrolling in
  its box with no fade on the side where more columns lie;
- English words or Latin digits in visible text (what is Latin by nature is
  marked in the template with `dir="ltr"`, `<code>`, `<kbd>` or `<samp>`, or
  listed in LATIN_ALLOWED);
- Gregorian dates (`۲۰۲۵/۰۱/۱۵`, a Gregorian month name, `<input type=date>`);
- a JavaScript error or a console error;
- a form field without a label;
- a traceback or an error in the server log while the page was served
  (`LogWatch`, installed by the test around the live server).

Pages are discovered, not listed: a new context's pages are walked as soon as
a menu entry or a link leads to them. `SKIP` names the few addresses that are
not pages for a person (the API, static files).
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

# Addresses that are not pages a person reads.
SKIP = re.compile(r"^/(api|static|media|admin)/|^/accounts/logout/")

# Words and codes that are Latin by nature, wherever they appear.
LATIN_ALLOWED = re.compile(
    r"^(?:"
    r"Excel|Word|xlsx|csv|CSV|PDF|pdf|SMS|TOTP|API|OpenAPI|Bearer|IP|k-|"  # formats, standards
    r"XS|S|M|L|XL|XXL|XXXL|"  # clothing sizes
    r"Google|Authenticator|Microsoft|FreeOTP"  # authenticator apps a woman may install
    r")$"
)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}

# Run in the page: what a person sees that the walk judges.
_INSPECT = r"""
() => {
  const EXEMPT = "script,style,noscript,template,code,kbd,samp,pre,[dir=ltr],[translate=no],[aria-hidden=true]";
  const out = {latin: [], english: [], gregorian: [], unlabeled: [], links: [], dateInputs: []};
  const doc = document.documentElement;
  out.width = doc.scrollWidth;
  out.viewport = doc.clientWidth;
  out.culprit = "";
  if (out.width > out.viewport + 1) {
    // The outermost elements sticking out of the screen: what to fix.
    const wide = [];
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.left < -1 || r.right > out.viewport + 1) && !clipped(el)
          && getComputedStyle(el).position !== "absolute") {
        if (!wide.some((w) => w.contains(el))) wide.push(el);
      }
    }
    out.culprit = wide.slice(0, 3).map((el) => el.tagName.toLowerCase()
      + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "")
      + (el.dataset.testid ? `[${el.dataset.testid}]` : "")).join(", ");
  }
  // Content cut inside a box (issue 15: a round's booths at 390 px): a box that
  // hides what sticks out of it (overflow hidden or clip), and a table's own
  // scrolling box wider than it shows without the fade that says "more this way".
  out.cut = [];
  const name = (el) => el.tagName.toLowerCase()
    + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "")
    + (el.dataset.testid ? `[${el.dataset.testid}]` : "");
  for (const el of document.body.querySelectorAll("*")) {
    if (el.clientWidth < 3 || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.matches("input,select,textarea,button,svg,canvas,img,video,iframe")) continue;
    const cs = getComputedStyle(el);
    if (cs.textOverflow === "ellipsis") continue;  // shortened on purpose, with «…»
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) continue;
    if (cs.overflowX === "hidden" || cs.overflowX === "clip") {
      out.cut.push(`${name(el)}: ${el.scrollWidth}px در ${el.clientWidth}px پنهان`);
    } else if (el.classList.contains("table-responsive")
               && !el.matches(".tv-more-left,.tv-more-right")) {
      out.cut.push(`${name(el)}: ${el.scrollWidth}px در ${el.clientWidth}px بی‌نشانهٔ ادامه`);
    }
  }
  const GREG = /(?:^|[^0-9۰-۹])(?:19|20|۱۹|۲۰)[0-9۰-۹]{2}[\/\-.][0-9۰-۹]{1,2}[\/\-.][0-9۰-۹]{1,2}|\b(?:January|February|March|April|June|July|August|September|October|November|December)\b|(?:ژانویه|فوریه|آوریل|ژوئن|ژوئیه|سپتامبر|اکتبر|نوامبر|دسامبر)/;
  const seen = new Set();
  function visible(el) {
    if (!el) return false;
    if (el.closest(EXEMPT)) return false;
    if (el.closest("option")) return !!el.closest("select") && visible(el.closest("select"));
    return el.checkVisibility ? el.checkVisibility({visibilityProperty: true}) : !!el.offsetParent;
  }
  function judge(text, where) {
    text = text.replace(/https?:\/\/\S+/g, " ").replace(/\s+/g, " ").trim();
    if (!text || seen.has(text)) return;
    seen.add(text);
    if (/[0-9]/.test(text)) out.latin.push(text.slice(0, 80) + where);
    const words = text.match(/[A-Za-z][A-Za-z_\-]+/g) || [];
    const bad = words.filter((w) => !window.__walkAllowed(w));
    if (bad.length) out.english.push(bad.slice(0, 5).join(" ") + " ← " + text.slice(0, 60) + where);
    if (GREG.test(text)) out.gregorian.push(text.slice(0, 80) + where);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeValue.trim() && visible(n.parentElement)) judge(n.nodeValue, "");
  }
  judge(document.title, " (عنوان صفحه)");
  for (const el of document.querySelectorAll("[placeholder],[title],[aria-label]")) {
    if (el.closest(EXEMPT)) continue;
    for (const a of ["placeholder", "title", "aria-label"]) {
      if (el.getAttribute(a)) judge(el.getAttribute(a), ` (${a})`);
    }
  }
  for (const el of document.querySelectorAll("input,select,textarea")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (["hidden", "submit", "button", "reset", "image"].includes(type)) continue;
    if (!(el.checkVisibility ? el.checkVisibility() : el.offsetParent)) continue;
    if (type === "date" || type === "datetime-local") out.dateInputs.push(el.name || el.id);
    const labelled = (el.labels && el.labels.length) || el.getAttribute("aria-label")
      || el.getAttribute("aria-labelledby") || el.getAttribute("title");
    if (!labelled) out.unlabeled.push(el.name || el.id || el.outerHTML.slice(0, 60));
  }
  for (const a of document.querySelectorAll("a[href]")) {
    out.links.push({href: a.href, download: a.hasAttribute("download"), text: a.textContent.trim().slice(0, 40)});
  }
  return out;
}
"""


_SETTLED = "() => !document.querySelector('.htmx-request') && document.readyState === 'complete'"


@dataclass
class Finding:
    user: str
    width: int
    url: str
    kind: str
    detail: str

    def __str__(self) -> str:
        at = f" @{self.width}px" if self.width else ""
        return f"{self.user}{at} {self.url}: {self.kind}: {self.detail}"


@dataclass
class WalkResult:
    user: str
    findings: list[Finding] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    seconds: float = 0.0


class LogWatch(logging.Handler):
    """Collects, from the server's loggers, every record with a traceback and
    every error: the walk reports them against the page being served."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR:
            self.records.append(record)

    def take(self) -> list[str]:
        taken, self.records = self.records, []
        out = []
        for r in taken:
            exc = r.exc_info[1] if r.exc_info else None
            out.append(
                f"{r.levelname} {r.name}: {r.getMessage()[:120]}"
                + (f" — traceback of {type(exc).__name__}" if exc else "")
            )
        return out


def pattern_of(path: str) -> str:
    """The URL pattern a path belongs to: its route name when Django knows it."""
    try:
        from django.urls import Resolver404, resolve

        try:
            return resolve(path).view_name
        except Resolver404:
            pass
    except ImportError:  # pragma: no cover - the walk run outside Django
        pass
    return re.sub(r"\d+", "N", path)


CHECKS = (
    ("رقم لاتین", "latin"),
    ("واژهٔ انگلیسی", "english"),
    ("تاریخ میلادی", "gregorian"),
    ("فیلد بی‌برچسب", "unlabeled"),
    ("تقویم میلادی", "dateInputs"),
    ("بریده در جعبه", "cut"),
)


class _Walker:
    """One user's walk: a browser context signed in as her, a queue of links."""

    def __init__(self, browser, base_url, username, viewports, per_pattern, logs):
        self.base, self.viewports, self.logs = base_url, viewports, logs
        self.per_pattern = per_pattern
        self.result = WalkResult(user=username)
        self.context = browser.new_context(locale="fa-IR", viewport=viewports[0])
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda m: self.console.append(m.text[:160]) if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {str(e)[:160]}"))
        self.page.add_init_script(
            "window.__walkAllowed = (w) => new RegExp(" + repr(LATIN_ALLOWED.pattern) + ").test(w);"
        )
        self.queue: list[tuple[str, str]] = [("/", "")]
        self.queued = {"/"}
        self.per: Counter = Counter()

    def find(self, url: str, kind: str, detail: str, width: int = 0) -> None:
        self.result.findings.append(Finding(self.result.user, width, url, kind, detail))

    def server_log(self, path: str) -> None:
        for line in self.logs.take() if self.logs else []:
            self.find(path, "خطا در گزارش سرور", line)

    def sign_in(self, password: str) -> None:
        page = self.page
        page.goto(self.base + "/accounts/login/")
        page.fill("input[name=username]", self.result.user)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(re.escape(self.base) + r"/(\?.*)?$"))
        if self.logs:
            self.logs.take()

    def open(self, path: str, came_from: str) -> bool:
        """Go to the page; True when it is a page of ours to inspect."""
        self.console.clear()
        # a file (an Excel export) is built whole before its first byte: on a loaded
        # CI machine that can take longer than a page may, so it gets more time
        is_file = urlsplit(path).path.endswith((".xlsx", ".csv", ".pdf", ".zip"))
        try:
            response = self.page.goto(
                self.base + path, wait_until="load", timeout=120_000 if is_file else None
            )
        except Exception as e:  # a download, or a page that never loaded
            if "Download is starting" not in str(e):
                self.find(path, "بارگذاری نشد", f"{str(e)[:160]} (پیوند از {came_from})")
                return False
            response = None
            status = self.context.request.get(self.base + path, timeout=120_000).status
        else:
            status = response.status if response else 0
        self.result.visited.append(path)
        if status >= 500:
            self.find(path, "خطای سرور", f"{status} (پیوند از {came_from})")
        elif status in (403, 404):
            self.find(path, "پیوندی که نقش اجازه‌اش را ندارد", f"{status} (پیوند از {came_from})")
        self.server_log(path)
        if response is None or status >= 400 or not self.page.url.startswith(self.base):
            return False
        try:  # what htmx loads after the page (the inbox badge…) has arrived
            self.page.wait_for_function(_SETTLED, timeout=3_000)
        except Exception:
            self.find(path, "بارگذاری نشد", "درخواست‌های htmx پس از ۳ ثانیه هنوز باز بودند")
        return True

    def inspect(self, path: str) -> list[dict]:
        """Judge the page at every width; answer its links."""
        page, links = self.page, []
        for viewport in self.viewports:
            width = viewport["width"]
            if page.viewport_size != viewport:
                page.set_viewport_size(viewport)
                page.wait_for_timeout(150)  # charts redraw at the new width
            seen = page.evaluate(_INSPECT)
            links = links or seen["links"]
            if seen["width"] > seen["viewport"] + 1:
                detail = f"{seen['width']}px در {seen['viewport']}px: {seen['culprit']}"
                self.find(path, "پهن‌تر از صفحه", detail, width)
            for kind, key in CHECKS:
                for item in seen[key][:5]:
                    self.find(path, kind, item, width)
        page.set_viewport_size(self.viewports[0])
        self.server_log(path)
        for line in self.console:
            self.find(path, "خطای جاوااسکریپت", line)
        return links

    def follow(self, links: list[dict], path: str) -> None:
        """Queue the links not yet queued, at most `per_pattern` per URL pattern."""
        for link in links:
            href, _ = urldefrag(link["href"])
            parts = urlsplit(href)
            if not href.startswith(self.base) or not parts.path:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in self.queued or SKIP.search(parts.path):
                continue
            key = pattern_of(parts.path)
            if self.per[key] >= self.per_pattern:
                continue
            self.per[key] += 1
            self.queued.add(target)
            self.queue.append((target, path))


def walk(
    browser,
    base_url: str,
    username: str,
    password: str,
    viewports: tuple[dict, ...] = (DESK, PHONE),
    *,
    per_pattern: int = 1,
    logs: LogWatch | None = None,
    max_pages: int = 400,
) -> WalkResult:
    """Walk everything `username` can reach from the home page (see the module)."""
    started = time.monotonic()
    w = _Walker(browser, base_url, username, viewports, per_pattern, logs)
    w.sign_in(password)
    while w.queue and len(w.result.visited) < max_pages:
        path, came_from = w.queue.pop(0)
        if w.open(path, came_from):
            w.follow(w.inspect(path), path)
    w.context.close()
    w.result.seconds = time.monotonic() - started
    return w.result


def main() -> None:  # pragma: no cover - a developer's tool
    """Walk a running Tavana: python -m tests.browser.walk http://127.0.0.1:8000 [USER…]."""
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tavana.config.settings.local")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # passwords read inside Playwright
    django.setup()
    from playwright.sync_api import sync_playwright

    from tavana_demo.accounts import DEMO_USERS, demo_password

    base, *users = sys.argv[1:]
    users = users or [u for u, *_ in DEMO_USERS]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for user in users:
            r = walk(b, base.rstrip("/"), user, demo_password(user))
            print(f"== {user}: {len(r.visited)} pages, {r.seconds:.0f}s")
            for f in r.findings:
                print("  ", f)
            sys.stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    main()
