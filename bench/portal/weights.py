"""Page weights of the public front door and a woman's own pages: the bytes a
phone receives, as production serves them.

    .venv/bin/python bench/portal/weights.py [--db tavana_bench_portal] [--port 8211]
        [--results bench/portal/RESULTS.md]

What runs, on loopback: `tavana serve` (gunicorn, production settings: static
files collected with hashed names, compressed by WhiteNoise, Redis for cache and
sessions) on a fresh PostgreSQL database made here, with one woman's record
(courses, a certificate, a booth, consents, a correction request). Debian's
Chromium (Playwright) at 390×844 opens each page:

- first view: a new browser profile (empty cache) opens the page;
- with cache: the same profile opens it again (what a returning phone sends).

Bytes are Chromium's own count of what came over the wire for every request of
the page (`Network.loadingFinished.encodedDataLength`: headers and body, after
compression), until the network is idle, with service workers blocked (the
worker's script and the card it keeps are rows of their own: the worker fetches the card once after
each visit of her record page). Her session is made directly in the
session store (the SMS code is not what is measured). The issue's budget: under
150 KB for the first view of the front door.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out" / "portal"
TAVANA = str(Path(sys.executable).parent / "tavana")
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
CHROMIUM = os.environ.get("TAVANA_CHROMIUM", "/usr/bin/chromium")
BUDGET = 150_000
DETAIL: list = []  # (address, view, [(request, bytes)]) — written to bench/out/portal

PUBLIC = [
    ("front door", "/"),
    ("women's sign-in", "/my/sign-in/"),
    ("upcoming bazaars", "/bazaars/upcoming/"),
    ("campaign sign-up", "/campaign/join/"),
    ("certificate check", "/training/verify/"),
]
HERS = [
    ("my record", "/my/"),
    ("courses", "/my/courses/"),
    ("bazaars", "/my/bazaars/"),
    ("work and mentoring", "/my/work/"),
    ("messages", "/my/messages/"),
    ("corrections", "/my/corrections/"),
    ("ask a correction", "/my/corrections/new/"),
    ("consents", "/my/consents/"),
    ("my data", "/my/data/"),
    ("next class / booth card (kept by the worker)", "/my/next/"),
    ("the service worker's script", "/sw.js"),
]


def env_for(db: str, port: int) -> dict:
    base = PG_ADMIN.rsplit("/", 1)[0]
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{base}/{db}",
        DJANGO_SETTINGS_MODULE="tavana.config.settings.production",
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="localhost",
        DJANGO_CSRF_TRUSTED_ORIGINS=f"http://localhost:{port}",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; Chromium sends the header
        TAVANA_TRUSTED_PROXIES="127.0.0.1",
        TAVANA_REDIS_URL=REDIS,
        TAVANA_CACHE_PREFIX=f"bench-{db}",
        TAVANA_HOME=str(OUT / "home"),
        TAVANA_LOG_FORMAT="text",
    )
    return env


def fresh_database(db: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def her_record() -> int:
    """One woman with something on every page of hers; returns her id."""
    from django.utils import timezone

    from tavana.accounts import roles
    from tavana.accounts.models import User
    from tavana.bazaars.models import Assignment, Event, Round, Venue
    from tavana.businesses.models import Category, Producer
    from tavana.core.models import District
    from tavana.people import consents, services
    from tavana.people.models import Membership
    from tavana.people.services_herself import change_request_by_herself
    from tavana.training.models import Centre, Certificate, Course, CourseEnrolment, CourseSession

    today = timezone.localdate()
    staff = User.objects.create_user(username="bench-reg", role=roles.REGISTRAR)
    woman = services.person_create(
        actor=staff,
        data={"first_name": "مریم", "last_name": "کاظمی", "father_name": "علی",
              "national_code": "0012345679", "birth_date": "1362/04/12",
              "mobile": "09121234567", "district": "4", "address": "خیابان نمونه، کوچهٔ یاس"},
        household={"relation": Membership.HEAD},
    )  # fmt: skip
    services.child_register(
        actor=staff, parent=woman,
        data={"first_name": "سارا", "last_name": "کاظمی", "birth_date": "1392/02/01", "sex": "F"},
    )  # fmt: skip
    for purpose in ("services", "sms"):
        consents.consent_give(actor=staff, person=woman, purpose=purpose)
    change_request_by_herself(person=woman, field="address", value="کوچهٔ نرگس", reason="جابه‌جا")
    district = District.objects.get(number=4)
    centre = Centre.objects.create(code="K-BENCH", name="مرکز کوثر نمونه", district=district)
    trainer = User.objects.create_user(
        username="bench-trainer", role=roles.TRAINER, first_name="نرگس", last_name="حسینی"
    )
    for title, days, status in (("گلدوزی", 3, "enrolled"), ("نان‌پزی", -60, "completed")):
        first = today + dt.timedelta(days=days)
        c = Course.objects.create(
            title=title, centre=centre, trainer=trainer, capacity=12, first_date=first,
            last_date=first + dt.timedelta(days=21),
        )  # fmt: skip
        for i in range(4):
            CourseSession.objects.create(
                course=c, date=first + dt.timedelta(days=7 * i),
                start_time=dt.time(10), end_time=dt.time(12),
            )  # fmt: skip
        e = CourseEnrolment.objects.create(
            course=c, person=woman, status=status,
            requested_at=timezone.now(), status_since=timezone.now(),
        )  # fmt: skip
        if status == "completed":
            Certificate.objects.create(enrolment=e, code="ABCDE23456", issued_on=today)
    category = Category.objects.order_by("pk").first()
    producer = Producer.objects.create(person=woman, category=category)
    venue = Venue.objects.create(name="بوستان گفت‌وگو", kind=Venue.KIND_CHOICES[0][0],
                                 district=district)  # fmt: skip
    rnd = Round.objects.create(name="بازارچهٔ پاییز", quota=1, status=Round.PUBLISHED)
    start = today + dt.timedelta(days=12)
    event = Event.objects.create(
        round=rnd, kind=Event.MONTHLY, name="بازارچه دستاوردهای زنان شهر تهران", venue=venue,
        start_date=start, end_date=start + dt.timedelta(days=3), booths=20,
        apply_from=today - dt.timedelta(days=20), apply_until=today - dt.timedelta(days=2),
    )  # fmt: skip
    Assignment.objects.create(event=event, producer=producer, booth_no=7)
    return woman.pk


def her_session(person_id: int) -> str:
    """A signed-in session of hers, as the portal makes it (tavana.portal.access)."""
    from django.contrib.sessions.backends.cache import SessionStore

    from tavana.portal import access

    s = SessionStore()
    s[access.KEY] = person_id
    s[access.SINCE] = int(time.time())
    s.set_expiry(access.IDLE_SECONDS)
    s.save()
    return s.session_key


def measure(browser, base: str, path: str, cookie: str | None) -> tuple[int, int, int]:
    """(bytes on first view, bytes with cache, requests on first view)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="fa-IR",
        extra_http_headers={"X-Forwarded-Proto": "https"},
        # the worker's own fetches happen outside the page (not in its count): the
        # page is measured alone, the worker's script and card as rows of their own
        service_workers="block",
    )
    if cookie:
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": base}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    got: list[tuple[str, int]] = []
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: got.append((urls.get(e["requestId"], "?"), int(e["encodedDataLength"]))),
    )
    out = []
    for _ in range(2):
        got.clear()
        r = page.goto(base + path, wait_until="networkidle")
        assert r is not None and r.status == 200, (path, r and r.status, page.url)
        page.wait_for_timeout(500)  # a late request is counted too
        out.append((sum(b for _u, b in got), len(got)))
        DETAIL.append((path, len(out), [(u.removeprefix(base), b) for u, b in got]))
    context.close()
    return out[0][0], out[1][0], out[0][1]


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in open("/proc/cpuinfo")
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(ln.split()[1] for ln in open("/proc/meminfo") if ln.startswith("MemTotal"))
    return f"{os.cpu_count()} × {cpu}, {int(mem) / 1024 / 1024:.1f} GiB, {platform.platform()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="tavana_bench_portal")
    ap.add_argument("--port", type=int, default=8211)
    ap.add_argument("--results", default=str(ROOT / "bench" / "portal" / "RESULTS.md"))
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = env_for(args.db, args.port)
    os.environ.update(env)
    fresh_database(args.db)
    subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)
    subprocess.run([TAVANA, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([TAVANA, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    import django

    django.setup()
    person_id = her_record()
    cookie = her_session(person_id)
    log = open(OUT / "server.log", "ab")
    server = subprocess.Popen(
        [TAVANA, "serve", "--bind", f"127.0.0.1:{args.port}", "--no-collectstatic",
         "--workers", "2", "--threads", "2"],
        env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    base = f"http://localhost:{args.port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                req = urllib.request.Request(
                    base + "/health/live/", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(req, timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        load_before = os.getloadavg()
        from playwright.sync_api import sync_playwright

        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for group, pages, who in (("public", PUBLIC, None), ("hers", HERS, cookie)):
                for name, path in pages:
                    first, cached, n = measure(browser, base, path, who)
                    rows.append((group, name, path, first, cached, n))
                    print(f"{group:7} {path:24} first {first:>8} B  cached {cached:>7} B  {n} req")
            browser.close()
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    import json

    (OUT / "requests.json").write_text(json.dumps(DETAIL, ensure_ascii=False, indent=1))
    write(args.results, rows, load_before, load_after)


def write(path: str, rows, load_before, load_after) -> None:
    front = next(r for r in rows if r[2] == "/")
    lines = [
        "# Page weights: the front door and her own pages",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `bench/portal/weights.py` "
        "(production settings under `tavana serve`, PostgreSQL, Redis; Chromium at 390×844).",
        f"Machine: {machine()}. Load average (1, 5, 15 min) before "
        f"{', '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{', '.join(f'{x:.2f}' for x in load_after)} — a shared machine; bytes do not depend "
        "on load.",
        "",
        "Bytes are what Chromium received over the wire (headers and compressed bodies) "
        "until the network was idle. *First view*: empty cache. *With cache*: the same "
        "page opened again by the same browser.",
        "",
        "| pages | page | address | first view (KB) | with cache (KB) | requests |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    for group, name, addr, first, cached, n in rows:
        lines.append(
            f"| {group} | {name} | `{addr}` | {first / 1000:.1f} | {cached / 1000:.1f} | {n} |"
        )
    verdict = "within" if front[3] < BUDGET else "OVER"
    lines += [
        "",
        f"Front door, first view: {front[3] / 1000:.1f} KB — {verdict} the issue's "
        f"{BUDGET // 1000} KB budget.",
        "",
    ]
    Path(path).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
