"""Web benchmark: staff's most used pages under load, production server against
the development server it replaces, on PostgreSQL with a city's registry.

    .venv/bin/python bench/web/load.py --persons 1000000          # once: the database
    .venv/bin/python bench/web/run.py --db tavana_bench_web_1m \
        [--users 50] [--duration 180] [--servers production,development]
        [--results bench/web/RESULTS.md] [--append]

For each server, on loopback:
- production: `tavana serve` (gunicorn, production settings, Redis cache and
  sessions, 2 × CPUs + 1 processes × 2 threads) and one `tavana worker`,
  behind HAProxy terminating TLS (the deploy/ shape, one web node), with the
  figures `tavana insights_refresh` computes ahead in Redis (computed once per
  database and kept in it: `figures_ahead`);
- development: Django's threaded development server (`tavana runserver`, what
  `tavana demo` serves with — the only way Tavana served before `tavana
  serve`) and a worker, local settings, on the same database.
Then locust, in a second process, runs --users simulated staff (22
registrars, 12 social workers, 6 trainers, 6 managers, 4 bazaar organisers at
50) with 3–7 s of think time; statistics are reset when every user has
signed in, then --duration seconds are measured. Writes per-page p50/p95/p99,
requests and failures for both servers to RESULTS.md with the machine, the
load average and the database's size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out" / "web"
TAVANA = str(Path(sys.executable).parent / "tavana")
LOCUST = str(Path(sys.executable).parent / "locust")
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
_PORTS = int(os.environ.get("BENCH_WEB_PORT_BASE", "8111"))  # three ports from here
LB_PORT, WEB_PORT, DEV_PORT = _PORTS, _PORTS + 1, _PORTS + 2
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
BENCH_SOCIAL_WORKERS = 12
BENCH_TWINS = 22  # registrars (and managers) with their own accounts: 22 of 50 users
WEB_PROCESSES, WEB_THREADS = (os.cpu_count() or 1) * 2 + 1, 2  # tavana serve's defaults
TOTP_KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238's test key
TARGETS = {  # p95 in ms (the targets)
    "insights (city)": 500,
}
DEFAULT_TARGET = 300
PAGES = [
    "home",
    "search",
    "person page",
    "registration (form)",
    "registration (check while typing)",
    "caseload",
    "duplicate queue",
    "course attendance",
    "course page",
    "round result",
    "insights (city)",
    "insights (one district)",
]


def pg_url(db: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + db


def loadavg() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> dict:
    cpu, mem_kb = "", 0
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem_kb = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
    }


# ------------------------------------------------------------------ the servers


def wait_for(url: str, seconds: int, ca: str | None = None) -> None:
    import ssl

    ctx = ssl.create_default_context(cafile=ca) if ca else None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # as HAProxy's health check asks (the node itself redirects plain HTTP)
            req = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(req, timeout=5, context=ctx) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def tls(home: Path) -> Path:
    pem = home / "tls" / "tavana.pem"
    if not pem.exists():
        pem.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(pem.parent / "key.pem"), "-out", str(pem.parent / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
        pem.write_bytes(
            (pem.parent / "cert.pem").read_bytes() + (pem.parent / "key.pem").read_bytes()
        )
    return pem


def haproxy_config(home: Path) -> Path:
    """deploy/haproxy/haproxy.cfg.in with one web node (the benchmark's)."""
    text = (ROOT / "deploy" / "haproxy" / "haproxy.cfg.in").read_text()
    text = text.split("frontend stats")[0]  # no stats page, one node
    text = "\n".join(
        ln for ln in text.splitlines() if "server web2" not in ln and "stats socket" not in ln
    )
    for key, value in {
        "@HOME@": str(home),
        "@DEPLOY@": str(ROOT / "deploy"),
        "@LB_PORT@": str(LB_PORT),
        "@WEB1_PORT@": str(WEB_PORT),
        "@WEB_MAXCONN@": str(WEB_PROCESSES * WEB_THREADS),
    }.items():
        text = text.replace(key, value)
    text = text.replace("log stdout format raw local0 info", "")  # no access log in the bench
    cfg = home / "haproxy.cfg"
    cfg.write_text(text + "\n")
    return cfg


class Servers:
    def __init__(self, kind: str, db: str):
        self.kind, self.db = kind, db
        self.home = OUT / f"serve-{kind}"
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "run").mkdir(exist_ok=True)
        self.procs: list[subprocess.Popen] = []
        self.figures: dict = {}
        self.log = open(self.home / "server.log", "ab")

    def spawn(self, cmd: list[str], env: dict) -> None:
        self.procs.append(
            subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=self.log, stderr=self.log,
                             start_new_session=True)
        )  # fmt: skip

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(DATABASE_URL=pg_url(self.db), TAVANA_HOME=str(self.home / "home"))
        if self.kind == "production":
            env.update(
                DJANGO_SETTINGS_MODULE="tavana.config.settings.production",
                DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
                DJANGO_ALLOWED_HOSTS="127.0.0.1",
                DJANGO_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{LB_PORT}",
                TAVANA_REDIS_URL=REDIS,
                TAVANA_CACHE_PREFIX=f"bench-{self.db}",
                TAVANA_TRUSTED_PROXIES="127.0.0.1",
                TAVANA_LOG_FORMAT="json",
            )
        else:
            env["DJANGO_SETTINGS_MODULE"] = "tavana.config.settings.local"
        return env

    def start(self, refresh: bool = False, duration: int = 0) -> tuple[str, str | None]:
        env = self.env()
        if self.kind == "production":
            # what deploy/systemd/tavana-insights.timer keeps in Redis, from this
            # database's kept copy (one refresh per database, not per run)
            self.figures = figures_ahead(self.db, env, refresh)
            # no request recomputes them during the run, as with the timer keeping
            # them fresh: they count as fresh for their age and the run's length
            env["TAVANA_INSIGHTS_FRESH_SECONDS"] = str(self.figures["age_s"] + duration + 1800)
            pem = tls(self.home)
            # as deploy/up does: collected once, then every node serves them
            if not (self.home / "home" / "static" / "staticfiles.json").exists():
                subprocess.run(
                    [TAVANA, "collectstatic", "--no-input", "-v", "0"], env=env, check=True
                )
            self.spawn(
                [TAVANA, "serve", "--bind", f"127.0.0.1:{WEB_PORT}", "--no-collectstatic"], env
            )
            self.spawn([TAVANA, "worker", "--worker-id", "bench-web-worker"], env)
            wait_for(f"http://127.0.0.1:{WEB_PORT}/health/live/", 120)
            self.spawn(["haproxy", "-db", "-f", str(haproxy_config(self.home))], env)
            ca = str(pem.parent / "cert.pem")
            url = f"https://127.0.0.1:{LB_PORT}"
            wait_for(url + "/health/ready/", 60, ca)
            return url, ca
        # Django's threaded development server, as `tavana demo` serves (the demo
        # itself refuses a database it did not make), and a worker beside it
        self.spawn([TAVANA, "runserver", f"127.0.0.1:{DEV_PORT}", "--noreload"], env)
        self.spawn([TAVANA, "worker", "--worker-id", "bench-web-dev-worker"], env)
        url = f"http://127.0.0.1:{DEV_PORT}"
        wait_for(url + "/health/live/", 600)
        return url, None

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU time (user + system) so far of the web server's processes (gunicorn's
        master and workers, or the development server) and of the PostgreSQL
        backends serving this database (those alive now: Django keeps its
        connections, so they are the web server's)."""
        tick = os.sysconf("SC_CLK_TCK")
        group = self.procs[0].pid  # started in its own session: pgid = its pid
        web = db = 0
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                cmd = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            used = int(fields[11]) + int(fields[12])  # utime, stime
            if int(fields[2]) == group:  # pgrp
                web += used
            elif cmd.startswith(b"postgres: ") and f" {self.db} ".encode() in cmd:
                db += used
        return web / tick, db / tick

    def stop(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        self.log.close()


# ------------------------------------------- figures computed ahead, once per database

FIGURES_TABLE = "bench_web_figures"  # in the bench database: Redis DUMP payloads
REFRESH_JOBS = os.cpu_count() or 1


def figures_ahead(db: str, env: dict, refresh: bool) -> dict:
    """The figures `/insights/` reads, in Redis as the production timer keeps them.

    `tavana insights_refresh` computes this year's snapshots (the city's 17
    periods and the 22 districts: what the managers' pages read) and then the
    year's protected figures (partners' pages and exports, which this
    benchmark does not open). At a million persons on PostgreSQL the whole of
    it takes tens of minutes, and its figures do not change what a page costs
    to serve. So the snapshots are computed once per database (or with
    --refresh-figures), by the same code as the command's first half
    (`snapshot.refresh(default_views())`); the `insights:*` cache entries are
    kept in the bench database itself (a rebuild drops them with it) and
    restored into an emptied Redis before each run. A run checks that every
    view is there (a changed snapshot shape is a different key: computed
    again). Returns when they were computed and how old they are."""
    import psycopg
    import redis

    r = redis.Redis.from_url(REDIS)
    r.flushdb()
    pattern = f"{env['TAVANA_CACHE_PREFIX']}:*:insights:*"
    with psycopg.connect(pg_url(db), autocommit=True) as conn:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {FIGURES_TABLE} (key bytea, payload bytea)")
        kept = conn.execute(f"SELECT key, payload FROM {FIGURES_TABLE}").fetchall()
        for key, payload in [] if refresh else kept:
            r.restore(key, 0, payload, replace=True)
        found = _figures_check(db, env)
        took = None
        if refresh or found["missing"]:
            r.flushdb()
            t = time.monotonic()
            # the views are independent: one process per core computes its share
            # (as docs/scale.md has the replica's cores do at a country's size)
            parts = [
                subprocess.Popen([sys.executable, __file__, "_figures", db, f"{k}/{REFRESH_JOBS}"],
                                 env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
                for k in range(REFRESH_JOBS)
            ]  # fmt: skip
            try:
                if any([part.wait() for part in parts]):
                    raise RuntimeError("computing the figures ahead failed")
            finally:
                for part in parts:
                    if part.poll() is None:
                        part.kill()
            found = _figures_check(db, env)
            took = round(time.monotonic() - t)
            with conn.transaction():
                conn.execute(f"DELETE FROM {FIGURES_TABLE}")
                with conn.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO {FIGURES_TABLE} VALUES (%s, %s)",
                        [(k, r.dump(k)) for k in r.scan_iter(match=pattern)],
                    )
    if found["missing"]:
        raise RuntimeError(f"figures computed ahead but not found in Redis: {found}")
    computed = dt.datetime.fromisoformat(found["oldest"])
    return {
        **found,
        "refresh_s": took,
        "kept": not took,
        "age_s": max(0, int((dt.datetime.now(dt.UTC) - computed).total_seconds())),
    }


def figures_note(f: dict) -> str:
    """The report's words for where the production run's figures came from."""
    at = dt.datetime.fromisoformat(f["oldest"])
    how = (
        "the snapshots `tavana insights_refresh` (its timer's job) computes were computed "
        f"before this run ({f['refresh_s']} s)"
        if f["refresh_s"] is not None
        else "the snapshots `tavana insights_refresh` (its timer's job) computes were "
        "restored into Redis from this database's kept copy (computed once per database; "
        "`--refresh-figures` computes them again)"
    )
    return (
        f"{how}: {f['views']} views, computed {at:%Y-%m-%d %H:%M}–"
        f"{dt.datetime.fromisoformat(f['newest']):%H:%M} UTC, {f['age_s'] // 60} min before "
        "the run; no request recomputed them (served as fresh, as the timer keeps them; the "
        "refresh's own work, on the replica in deploy/, is not in these figures, nor the "
        "year's protected figures it computes next: partners' pages and exports, not opened "
        "here)"
    )


def _figures_check(db: str, env: dict) -> dict:
    cmd = [sys.executable, __file__, "_figures", db]
    out = subprocess.run(cmd, env=env, check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _figures(share: str) -> None:
    """Which of the views `insights_refresh` computes are in the cache, and when
    the oldest and newest were computed (one JSON line); with a share `k/n`,
    first compute every n-th view from the k-th as the command does (from the
    replica when there is one)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.cache import cache

    from tavana.core.replica import replica_reads
    from tavana.insights import snapshot
    from tavana.insights.management.commands.insights_refresh import default_views

    views = default_views()
    if share:
        k, n = map(int, share.split("/"))
        with replica_reads():
            snapshot.refresh(views[k::n])
    keys = [snapshot.cache_key(f) for f in views]
    try:
        found = cache.get_many(keys)
    except Exception:  # an older Snapshot class: computed again
        found = {}
    at = sorted(s.computed_at for s in found.values() if isinstance(s, snapshot.Snapshot))
    print(json.dumps({"views": len(keys), "missing": len(keys) - len(at),
                      "oldest": at[0].isoformat() if at else None,
                      "newest": at[-1].isoformat() if at else None}))  # fmt: skip


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))] if s else float("nan")


def run_locust(url: str, ca: str | None, targets: Path, users: int, duration: int, tag: str):
    """Locust in its own process; per-page figures from its request log (every
    page request between the last sign-in and `duration` seconds later)."""
    log = OUT / f"requests-{tag}.tsv"
    env = dict(os.environ, BENCH_WEB_TARGETS=str(targets), BENCH_WEB_CA=ca or "",
               BENCH_WEB_LOG=str(log), BENCH_WEB_USERS=str(users),
               BENCH_WEB_DURATION=str(duration))  # fmt: skip
    cmd = [
        LOCUST, "-f", str(ROOT / "bench" / "web" / "locustfile.py"), "--headless",
        "--users", str(users), "--spawn-rate", "5", "--run-time", f"{duration + 300}s",
        "--host", url, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30",
    ]  # fmt: skip
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    (OUT / f"locust-{tag}.log").write_text(done.stdout + done.stderr)  # sign-in errors among it
    start = end = None
    signed_in = 0
    by_page: dict[str, list[tuple[float, bool, str]]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        at, name, ms, ok, status = line.split("\t")
        if name == "START":
            start, signed_in = float(at), int(float(ms))
            continue
        end = max(end or 0.0, float(at))
        by_page.setdefault(name, []).append((float(ms), ok == "1", status))
    rows = {}
    every = [x for v in by_page.values() for x in v]
    for name, items in [*by_page.items(), ("Aggregated", every)]:
        ms = [m for m, _, _ in items]
        rows[name] = {
            "requests": len(items),
            "failures": sum(1 for _, ok, _ in items if not ok),
            "p50": pct(ms, 50),
            "p95": pct(ms, 95),
            "p99": pct(ms, 99),
            "max": max(ms) if ms else float("nan"),
        }
    failures = {}
    for name, items in by_page.items():
        for _, ok, status in items:
            if not ok:
                failures[(name, status)] = failures.get((name, status), 0) + 1
    window = (end - start) if start and end else 0.0
    return {
        "rows": rows,
        "failures": [{"Name": n, "Error": f"HTTP {s}", "Occurrences": k}
                     for (n, s), k in failures.items()],
        "window_s": window,
        "signed_in": signed_in,
        "rps": len(every) / window if window else 0.0,
        "exit": done.returncode,
        "stderr": done.stderr[-2000:],
    }  # fmt: skip


# ------------------------------------------------- preparing users and targets


def prepare(db: str) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tavana.config.settings.local",
               DATABASE_URL=pg_url(db), TAVANA_HOME=str(OUT / f"home-{db}"))  # fmt: skip
    subprocess.run([sys.executable, __file__, "_prepare", db], env=env, check=True, cwd=ROOT)
    return json.loads((OUT / f"targets-{db}.json").read_text())


def _bench_social_workers() -> list:
    """Bench social workers, each her own authenticator and a caseload of up to 60
    in the demo social worker's districts: [name, password, TOTP key, case ids]."""
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tavana.accounts.models import User
    from tavana.casework.models import CaseAssignment, SupportStatus

    sw = User.objects.get(username="socialworker")
    districts = list(sw.districts.values_list("id", flat=True))
    today = timezone.localdate()
    workers = []
    for k in range(1, BENCH_SOCIAL_WORKERS + 1):
        name = f"bench_sw_{k:02d}"
        u, made = User.objects.get_or_create(
            username=name,
            defaults={"role": sw.role, "first_name": "مددکار", "last_name": f"آزمون {k}",
                      "org_unit": sw.org_unit, "mobile": f"09129{k:06d}"},
        )  # fmt: skip
        if made:
            u.set_password(f"tavana-{name}-1403")
            u.save()
            u.districts.set(districts)
        TOTPDevice.objects.filter(user=u).delete()
        TOTPDevice.objects.create(user=u, name="bench", key=TOTP_KEY_HEX, confirmed=True)
        have = CaseAssignment.objects.filter(worker=u, end_date__isnull=True).count()
        if have < 60:
            free = (
                SupportStatus.objects.filter(person__district_id__in=districts)
                .exclude(
                    person_id__in=CaseAssignment.objects.filter(end_date__isnull=True).values(
                        "person_id"
                    )
                )
                .values_list("person_id", flat=True)[: 60 - have]
            )
            CaseAssignment.objects.bulk_create(
                [CaseAssignment(worker=u, person_id=p, start_date=today, reason="آزمون بار")
                 for p in free]
            )  # fmt: skip
        cases = list(
            CaseAssignment.objects.filter(worker=u, end_date__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        workers.append([name, f"tavana-{name}-1403", TOTP_KEY_HEX, cases])
    return workers


def _bench_twins(base: str, n: int, mobile_from: int) -> list:
    """n accounts like the demo's `base` (role, unit, districts, centres and live
    clearances), each with her own authenticator: production asks anyone holding a
    clearance for a second factor, and an authenticator's code signs in once per
    30 s, so the simulated registrars and managers cannot share one account.
    [name, password, TOTP key] each."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tavana.accounts.models import Clearance, User

    model = User.objects.get(username=base)
    out = []
    for k in range(1, n + 1):
        name = f"bench_{base}_{k:02d}"
        u, made = User.objects.get_or_create(
            username=name,
            defaults={"role": model.role, "first_name": model.first_name,
                      "last_name": f"آزمون {k}", "org_unit": model.org_unit,
                      "mobile": f"0912{mobile_from + k:07d}"},
        )  # fmt: skip
        if made:
            u.set_password(f"tavana-{name}-1403")
            u.save()
            u.districts.set(model.districts.all())
            u.centres.set(model.centres.all())
            for c in Clearance.objects.filter(user=model):
                c.pk, c.user = None, u
                c.save()
        TOTPDevice.objects.filter(user=u).delete()
        TOTPDevice.objects.create(user=u, name="bench", key=TOTP_KEY_HEX, confirmed=True)
        out.append([name, f"tavana-{name}-1403", TOTP_KEY_HEX])
    return out


def _registrar_targets() -> tuple[list, list, list]:
    """Women in the registrar's districts (a 2 % sample), the searches typed for 400
    of them (name, national code) and the register-check forms (with a birth date)."""
    from django.db import connection

    from tavana.accounts.models import User
    from tavana.core.domain.jalali import to_jalali
    from tavana.people.models import Person

    registrar = User.objects.get(username="registrar")
    reg_districts = list(registrar.districts.values_list("id", flat=True))
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM people_person TABLESAMPLE SYSTEM (2) WHERE merged_into_id IS NULL "
            "AND district_id = ANY(%s) LIMIT 5000",
            [reg_districts],
        )
        persons = [r[0] for r in cur.fetchall()]
    sample = list(
        Person.objects.filter(pk__in=persons[:400]).values(
            "first_name", "last_name", "national_code", "mobile", "birth_date"
        )
    )
    queries, typed = [], []
    for p in sample:
        queries.append(f"{p['first_name']} {p['last_name']}")
        if p["national_code"]:
            queries.append(p["national_code"])
        if p["birth_date"]:
            y, m, d = to_jalali(p["birth_date"])
            typed.append({"first_name": p["first_name"], "last_name": p["last_name"],
                          "birth_date": f"{y}/{m:02d}/{d:02d}", "mobile": p["mobile"] or ""})  # fmt: skip
    return persons, queries, typed


def _table_counts() -> tuple[dict, int, str]:
    """Rows per table the pages read, the database's size and PostgreSQL's version."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cur:
        for table in ("people_person", "people_registration", "people_household",
                      "people_membership", "people_duplicatecandidate", "casework_supportstatus",
                      "casework_levelchange", "casework_delivery", "casework_assessment",
                      "training_course", "training_courseenrolment", "training_attendance",
                      "bazaars_round", "bazaars_application", "bazaars_assignment", "audit_auditentry"):  # fmt: skip
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
        cur.execute("SELECT pg_database_size(current_database()), version()")
        size, version = cur.fetchone()
    return counts, size, version


def _prepare(db: str) -> None:
    """Bench social workers (each her own authenticator and caseload) and the
    targets file: what each role opens, from the database."""
    import random

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from tavana.accounts.models import User
    from tavana.bazaars.models import Round
    from tavana.core.models import District
    from tavana.training.models import Course, CourseSession

    call_command("migrate", verbosity=0)  # an upgrade since the load: as an operator would
    rng = random.Random(1405)
    workers = _bench_social_workers()
    persons, queries, typed = _registrar_targets()
    trainer = User.objects.get(username="trainer")
    centres = list(trainer.centres.values_list("id", flat=True))
    courses = list(Course.objects.filter(centre_id__in=centres).values_list("id", flat=True))
    sessions = list(
        CourseSession.objects.filter(course_id__in=courses).values_list("id", flat=True)
    )
    rounds = list(
        Round.objects.annotate(n=Count("events__assignments"))
        .filter(n__gt=0)
        .values_list("id", flat=True)
    )
    counts, size, version = _table_counts()
    targets = {
        "social_workers": workers,
        "registrar_persons": persons,
        "queries": queries,
        "typed": typed,
        "courses": courses,
        "sessions": sessions,
        "rounds": rounds,
        "districts": list(District.objects.values_list("id", flat=True)),
        "passwords": _demo_passwords(),
        "registrars": _bench_twins("registrar", BENCH_TWINS, 100),
        "managers": _bench_twins("manager", BENCH_TWINS, 200),
        "counts": counts,
        "database_bytes": size,
        "postgresql": version.split(" on ")[0],
    }
    (OUT / f"targets-{db}.json").write_text(json.dumps(targets, ensure_ascii=False))
    del rng


def _demo_passwords() -> dict[str, str]:
    """The demo accounts the other roles sign in as: their passwords are unique to
    the install (tavana.core.demo_guard, read from the database), and any lockout
    an earlier run's failed sign-ins left is lifted."""
    from axes.utils import reset

    from tavana.core.demo_guard import demo_password

    reset()
    return {u: demo_password(u) for u in ("registrar", "trainer", "organiser", "manager")}


# -------------------------------------------------------------------- report


def render(db: str, targets: dict, runs: dict, m: dict, args) -> str:
    counts = targets["counts"]
    lines = [
        f"## {counts.get('people_person', 0):,} persons (`{db}`), "
        f"{args.users} users, {args.duration} s measured",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on this machine: {m['nproc']} cores "
        f"({m['cpu']}), {m['memory_gib']} GiB, Python {m['python']}, {targets['postgresql']}; "
        "shared with other engineers' work (load averages below; 2 cores: 2.0 is fully busy). "
        f"Database {targets['database_bytes'] / 2**30:.1f} GiB: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        + ".",
        "",
        f"Reproduce: `.venv/bin/python bench/web/load.py --persons {counts.get('people_person', 0)}"
        f" --db {db}` then `.venv/bin/python bench/web/run.py --db {db} --users {args.users} "
        f"--duration {args.duration}`.",
        "",
    ]
    for kind, r in runs.items():
        lines.append(
            f"- **{kind}**: {r['server']}; load average before {r['load_before']}, "
            f"after {r['load_after']}; {r['window_s']:.0f} s measured, "
            f"{r['rps']:.1f} pages/s; {r['signed_in']} of {args.users} users signed in; "
            f"CPU per page: {r.get('cpu_ms_per_page', 0):.0f} ms in the web server's processes, "
            f"{r.get('db_cpu_ms_per_page', 0):.0f} ms in PostgreSQL's backends for it "
            "(sign-ins included)."
        )
    lines += ["", "| page | target p95 | " + " | ".join(
        f"{k} req | {k} fail | {k} p50 | {k} p95 | {k} p99" for k in runs) + " |"]  # fmt: skip
    lines.append("|---|---|" + "---:|" * (5 * len(runs)))
    names = [p for p in PAGES if any(p in r["rows"] for r in runs.values())]
    names += ["Aggregated"]
    for name in names:
        target = TARGETS.get(name, DEFAULT_TARGET)
        cells = []
        for r in runs.values():
            row = r["rows"].get(name)
            if not row:
                cells.append("– | – | – | – | –")
                continue
            ok = "" if name == "Aggregated" else (" ✓" if row["p95"] < target else " ✗")
            cells.append(
                f"{row['requests']:,} | {row['failures']} | {row['p50']:.0f} | "
                f"{row['p95']:.0f}{ok} | {row['p99']:.0f}"
            )
        label = "all pages" if name == "Aggregated" else name
        tgt = "" if name == "Aggregated" else f"< {target} ms"
        lines.append(f"| {label} | {tgt} | " + " | ".join(cells) + " |")
    lines += ["", verdict(runs, names[:-1], args.users), ""]
    for kind, r in runs.items():
        if r["failures"]:
            lines.append(f"Failures ({kind}):")
            for f in r["failures"][:10]:
                lines.append(f"- {f.get('Name')}: {f.get('Error')} × {f.get('Occurrences')}")
            lines.append("")
    return "\n".join(lines)


def verdict(runs: dict, pages: list[str], users: int) -> str:
    """Each server against the issue's targets, in one sentence."""
    parts = []
    for kind, r in runs.items():
        met = [p for p in pages if p in r["rows"]
               and r["rows"][p]["p95"] < TARGETS.get(p, DEFAULT_TARGET)]  # fmt: skip
        missed = [p for p in pages if p in r["rows"] and p not in met]
        fails = r["rows"]["Aggregated"]["failures"] if "Aggregated" in r["rows"] else 0
        ok = not missed and not fails and r["signed_in"] == users
        parts.append(
            f"**{kind}**: {'meets them' if ok else 'does not meet them'} — "
            f"{len(met)} of {len(met) + len(missed)} pages under their p95 target"
            + (f" (over: {', '.join(missed)})" if missed else "")
            + f", {fails} failed requests, {users - r['signed_in']} users who could not sign in"
        )
    return (
        f"Against the issue's targets (p95 < {DEFAULT_TARGET} ms per page, "
        f"< {TARGETS['insights (city)']} ms for the city's figures, 0 errors): "
        + "; ".join(parts)
        + "."
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", default="tavana_bench_web_1m")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=int, default=180)
    ap.add_argument("--servers", default="production,development")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "web" / "RESULTS.md")
    ap.add_argument("--append", action="store_true", help="add this run to RESULTS.md")
    ap.add_argument("--refresh-figures", action="store_true",
                    help="run `tavana insights_refresh` again instead of restoring the figures "
                    "kept in the database from its last run")  # fmt: skip
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on the way out
    OUT.mkdir(parents=True, exist_ok=True)
    targets = prepare(args.db)
    targets_file = OUT / f"targets-{args.db}.json"
    runs = {}
    for kind in args.servers.split(","):
        servers = Servers(kind, args.db)
        try:
            url, ca = servers.start(args.refresh_figures, args.duration)
            time.sleep(5)
            before, cpu = loadavg(), servers.cpu_seconds()
            r = run_locust(url, ca, targets_file, args.users, args.duration, f"{args.db}-{kind}")
            r["load_before"], r["load_after"] = before, loadavg()
            pages = max(1, r["rows"]["Aggregated"]["requests"])
            web, db = servers.cpu_seconds()
            r["cpu_ms_per_page"] = (web - cpu[0]) * 1000 / pages
            r["db_cpu_ms_per_page"] = (db - cpu[1]) * 1000 / pages
        finally:
            servers.stop()
        r["server"] = (
            "HAProxy (TLS) → `tavana serve` (gunicorn, production settings, "
            f"{WEB_PROCESSES} processes × {WEB_THREADS} threads, Redis cache and sessions; "
            f"HAProxy lets {WEB_PROCESSES * WEB_THREADS} requests at a time through) "
            "+ one `tavana worker`; " + figures_note(servers.figures)
            if kind == "production"
            else "`tavana runserver` (Django's threaded development server, what `tavana demo` "
            "serves with) + one `tavana worker`, local settings (database sessions, local-memory "
            "cache: each view's figures computed live by the first request that opens it, then "
            "kept ten minutes in the server's memory), plain HTTP"
        )
        runs[kind] = r
        print(json.dumps({kind: r["rows"].get("Aggregated")}), flush=True)
    report = render(args.db, targets, runs, machine(), args)
    print(report)
    (OUT / f"report-{args.db}.md").write_text(report)
    if args.append and args.results.exists():
        args.results.write_text(args.results.read_text().rstrip() + "\n\n" + report + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_prepare":
        _prepare(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "_figures":
        _figures(sys.argv[3] if len(sys.argv) > 3 else "")
    else:
        main()
