"""The web benchmark's users (locust), run by bench/web/run.py in its own process.

Each simulated member of staff signs in once (social workers with their
authenticator's code: production enforces two-factor sign-in for them), then
opens the pages her role uses most, with a think time between pages. What to
open (persons in her districts, her caseload, her courses' sessions, rounds
with a result, districts) comes from the targets file run.py writes from the
database (BENCH_WEB_TARGETS). Every request is named by the page, so the
statistics are per page; sign-in requests are named «login*» and reported
apart.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time

import gevent
from locust import HttpUser, between, events, task

TARGETS = json.loads(open(os.environ["BENCH_WEB_TARGETS"], encoding="utf-8").read())
CA = os.environ.get("BENCH_WEB_CA") or False
THINK = tuple(float(x) for x in os.environ.get("BENCH_WEB_THINK", "3,7").split(","))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SOCIAL_WORKERS = itertools.cycle(TARGETS["social_workers"])
# registrars and managers hold clearances: each simulated one her own account and
# authenticator (run.py `_bench_twins`), as the social workers
REGISTRARS = itertools.cycle(TARGETS["registrars"])
MANAGERS = itertools.cycle(TARGETS["managers"])
# the demo accounts' passwords are this install's own (tavana.core.demo_guard): from run.py
PASSWORDS = TARGETS["passwords"]
# Every page request after the last user has signed in is written to BENCH_WEB_LOG
# (time, page, ms, ok, status) for exact percentiles; BENCH_WEB_DURATION seconds
# after that moment the run stops.
USERS = int(os.environ.get("BENCH_WEB_USERS", "0"))
DURATION = float(os.environ.get("BENCH_WEB_DURATION", "0"))
LOG = (
    open(os.environ["BENCH_WEB_LOG"], "w", encoding="utf-8")
    if os.environ.get("BENCH_WEB_LOG")
    else None
)
STATE = {"signed_in": 0, "ok": 0, "since": None, "env": None}


@events.init.add_listener
def _init(environment, **_kw):
    STATE["env"] = environment


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, **_kw):
    if LOG is None or STATE["since"] is None or name.startswith("login"):
        return
    status = getattr(response, "status_code", 0) or 0
    LOG.write(
        f"{time.time():.3f}\t{name}\t{response_time:.1f}\t{0 if exception else 1}\t{status}\n"
    )


@events.quitting.add_listener
def _close(**_kw):
    if LOG is not None:
        LOG.close()


def _signed_in() -> None:
    STATE["signed_in"] += 1
    if STATE["signed_in"] == USERS and STATE["since"] is None:
        STATE["since"] = time.time()
        if LOG is not None:
            LOG.write(f"{STATE['since']:.3f}\tSTART\t{STATE['ok']}\t1\t0\n")
        if DURATION:
            gevent.spawn_later(DURATION, STATE["env"].runner.quit)


def totp(key_hex: str, at: float | None = None) -> str:
    """RFC 6238 (30 s steps, 6 digits, SHA-1), as the authenticator app computes it."""
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Staff(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    username = ""
    password = ""
    totp_key = ""

    def on_start(self) -> None:
        try:
            self.sign_in()
            STATE["ok"] += 1
        finally:  # a user who could not sign in does not hold the measurement back
            _signed_in()

    def sign_in(self) -> None:
        self.client.verify = CA
        self.client.headers["Referer"] = self.host + "/"
        r = self.client.get("/accounts/login/", name="login (form)")
        token = CSRF.search(r.text).group(1)
        r = self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": self.password or PASSWORDS[self.username],
                  "csrfmiddlewaretoken": token},
            name="login (password)",
        )  # fmt: skip
        if "/two-factor/" in r.url:
            token = CSRF.search(r.text).group(1)
            r = self.client.post(
                "/accounts/two-factor/verify/",
                data={"code": totp(self.totp_key), "csrfmiddlewaretoken": token},
                name="login (second factor)",
            )
        if "/accounts/login/" in r.url or "/two-factor/" in r.url:
            raise RuntimeError(f"{self.username} could not sign in ({r.status_code}, {r.url})")

    def page(self, path: str, name: str, **kw) -> None:
        with self.client.get(path, name=name, catch_response=True, **kw) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            elif "/accounts/login/" in r.url:
                r.failure("signed out")
            else:
                r.success()


class Registrar(Staff):
    """Registers women and finds them: home, search, person page, the
    registration form and its duplicate check while typing, the duplicate queue."""

    weight = 22

    def on_start(self) -> None:
        self.username, self.password, self.totp_key = next(REGISTRARS)
        super().on_start()

    @task(2)
    def home(self):
        self.page("/", "home")

    @task(6)
    def search(self):
        self.page("/people/search/", "search", params={"q": random.choice(TARGETS["queries"])})

    @task(6)
    def person(self):
        self.page(f"/people/{random.choice(TARGETS['registrar_persons'])}/", "person page")

    @task(2)
    def registration(self):
        self.page("/people/register/", "registration (form)")
        typed = random.choice(TARGETS["typed"])
        # htmx asks as she types: after the names, then with the birth date
        self.page("/people/register/check/", "registration (check while typing)",
                  params={k: typed[k] for k in ("first_name", "last_name")})  # fmt: skip
        self.page("/people/register/check/", "registration (check while typing)", params=typed)

    @task(2)
    def duplicates(self):
        self.page("/people/duplicates/", "duplicate queue")


class SocialWorker(Staff):
    """Her caseload, her women's pages, search."""

    weight = 12

    def on_start(self) -> None:
        self.username, self.password, self.totp_key, self.cases = next(SOCIAL_WORKERS)
        super().on_start()

    @task(1)
    def home(self):
        self.page("/", "home")

    @task(4)
    def caseload(self):
        self.page("/casework/", "caseload")

    @task(4)
    def person(self):
        self.page(f"/people/{random.choice(self.cases)}/", "person page")

    @task(2)
    def search(self):
        self.page("/people/search/", "search", params={"q": random.choice(TARGETS["queries"])})


class Trainer(Staff):
    """A course's attendance sheet on her phone, the course page."""

    weight = 6
    username = "trainer"

    @task(1)
    def home(self):
        self.page("/", "home")

    @task(4)
    def attendance(self):
        self.page(
            f"/training/sessions/{random.choice(TARGETS['sessions'])}/attendance/",
            "course attendance",
        )

    @task(2)
    def course(self):
        self.page(f"/training/courses/{random.choice(TARGETS['courses'])}/", "course page")


class Organiser(Staff):
    """A round's allocation result."""

    weight = 4
    username = "organiser"

    @task(1)
    def home(self):
        self.page("/", "home")

    @task(4)
    def result(self):
        self.page(f"/bazaars/rounds/{random.choice(TARGETS['rounds'])}/result/", "round result")


class Manager(Staff):
    """Figures for the whole city and for one district."""

    weight = 6

    def on_start(self) -> None:
        self.username, self.password, self.totp_key = next(MANAGERS)
        super().on_start()

    @task(1)
    def home(self):
        self.page("/", "home")

    @task(3)
    def city(self):
        self.page("/insights/", "insights (city)")

    @task(3)
    def district(self):
        self.page(
            "/insights/",
            "insights (one district)",
            params={"district": random.choice(TARGETS["districts"])},
        )
