"""The fault drill, against the topology deploy/up brought up (loopback only).

    .venv/bin/python deploy/drill.py [--report deploy/DRILL.md]

Under a steady load of signed-in page views through the load balancer:
1. stop web node 1 (SIGTERM, as `systemctl stop`), then start it again:
   no request may fail beyond those in flight (HAProxy retries refused
   connections on the other node; gunicorn finishes what it started);
2. kill (SIGKILL) the worker running an import mid-way: the registry gets all
   of the file or none of it, the job ends failed (or done) instead of RUNNING,
   its owner is told and its uploaded file is removed — without anyone's hand;
3. restart the PostgreSQL primary: the app answers 503 «موقتاً در دسترس نیست»
   while it is down, then recovers by itself;
and checks that /insights/ reads from the streaming replica.
Every request loop is bounded in count and time. Writes a Markdown report.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.cookiejar
import os
import signal
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

import psycopg

HOME = Path(os.environ.get("DEPLOY_HOME", "/var/tmp/tavana-deploy"))
# the ports deploy/up used (DEPLOY_PORT_BASE, DEPLOY_PG_PORT: the same defaults)
PORT_BASE = int(os.environ.get("DEPLOY_PORT_BASE", "8100"))
PG_PORT = int(os.environ.get("DEPLOY_PG_PORT", "5440"))
LB = f"https://127.0.0.1:{PORT_BASE}"
PRIMARY = f"postgresql://postgres@127.0.0.1:{PG_PORT}/tavana"
REPLICA = f"postgresql://postgres@127.0.0.1:{PG_PORT + 1}/tavana"
PGBIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
# The drill's two users (made by `ensure_users`): a registrar of every district
# (home, search, the import) and a manager (figures). Neither role needs
# two-factor sign-in; the administrator does.
PAGES = {
    "drill_registrar": ["/", "/people/search/?q=%D9%85%D8%B1%DB%8C%D9%85"],
    "drill_manager": ["/", "/insights/"],
}
MAKE_USERS = """
from tavana.accounts.models import User
from tavana.core.models import District
import os
for name, role in (("drill_registrar", "registrar"), ("drill_manager", "manager")):
    u, _ = User.objects.get_or_create(username=name, defaults={"role": role})
    u.role = role
    u.set_password(os.environ['DRILL_PASSWORD'])
    u.save()
    if role == "registrar":
        u.districts.set(District.objects.all())
"""
TLS = ssl.create_default_context(cafile=str(HOME / "tls" / "cert.pem"))


class Session:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=TLS),
            urllib.request.HTTPCookieProcessor(self.jar),
            _NoRedirect(),
        )

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(LB + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read(), r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username: str, password: str) -> None:
        self.request("/accounts/login/")
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()}
        ).encode()
        status, _, _ = self.request(
            "/accounts/login/",
            body,
            {
                "Referer": LB + "/accounts/login/",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        assert status == 302, f"login failed: {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Load:
    """`users` threads, each a signed-in session viewing PAGES with a short pause."""

    def __init__(self, password: str, users: int = 6, pause: float = 0.2, limit_s: float = 240):
        # `password` is the drill users' (ensure_users)
        self.password, self.users, self.pause, self.limit = password, users, pause, limit_s
        self.events: list[tuple[float, str, int | str]] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def _user(self, n: int) -> None:
        username = list(PAGES)[n % len(PAGES)]
        pages = PAGES[username]
        s = Session()
        s.login(username, self.password)
        started = time.monotonic()
        i = n
        while not self.stopping.is_set() and time.monotonic() - started < self.limit:
            path = pages[i % len(pages)]
            i += 1
            t = time.monotonic()
            try:
                status, _, _ = s.request(path)
            except Exception as e:  # refused, reset, timed out: a failed request
                status = type(e).__name__
            with self.lock:
                self.events.append((t, path, status))
            time.sleep(self.pause)

    def start(self):
        self.threads = [threading.Thread(target=self._user, args=(n,)) for n in range(self.users)]
        for t in self.threads:
            t.start()
        time.sleep(2)
        return self

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join()

    def between(self, t0: float, t1: float) -> Counter:
        return Counter(str(s) for t, _, s in self.events if t0 <= t <= t1)


def pid(name: str) -> int:
    return int((HOME / "run" / f"{name}.pid").read_text())


def tavana_env() -> dict:
    env = dict(os.environ)
    for line in (HOME / "env").read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k] = v
    return env


def ensure_users() -> str:
    """The drill's registrar and manager, with a fresh random password."""
    password = uuid.uuid4().hex
    tavana = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "tavana"
    subprocess.run(
        [str(tavana), "shell", "-c", MAKE_USERS],
        env=tavana_env() | {"DRILL_PASSWORD": password},
        check=True,
        capture_output=True,
    )
    return password


def start_web1() -> None:
    tavana = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "tavana"
    log = (HOME / "log" / "web1.log").open("a")
    p = subprocess.Popen(
        [str(tavana), "serve", "--bind", f"127.0.0.1:{PORT_BASE + 1}", "--no-collectstatic"],
        env=tavana_env(),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    (HOME / "run" / "web1.pid").write_text(str(p.pid))


def backend_up(server: str) -> bool:
    out = subprocess.run(
        ["socat", "-", f"UNIX-CONNECT:{HOME}/run/haproxy.sock"],
        input="show stat\n",
        capture_output=True,
        text=True,
    ).stdout
    for line in out.splitlines():
        f = line.split(",")
        if len(f) > 17 and f[0] == "web" and f[1] == server:
            return f[17] == "UP"
    return False


def wait(cond, timeout: float, what: str) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if cond():
            return time.monotonic() - t0
        time.sleep(0.25)
    raise SystemExit(f"timed out waiting for {what}")


# ---- 1. a web node stops under load ------------------------------------------------


def drill_web_node(password: str) -> dict:
    load = Load(password).start()
    t0 = time.monotonic()
    time.sleep(5)
    t_stop = time.monotonic()
    os.kill(pid("web1"), signal.SIGTERM)
    stopped = wait(lambda: not backend_up("web1"), 30, "HAProxy to mark web1 down")
    time.sleep(5)
    start_web1()
    back = wait(lambda: backend_up("web1"), 60, "web1 to come back")
    time.sleep(5)
    load.stop()
    t1 = time.monotonic()
    during = load.between(t_stop, t1)
    total = load.between(t0, t1)
    return {
        "requests": sum(total.values()),
        "statuses": dict(total),
        "failed": sum(n for s, n in total.items() if not s.startswith(("2", "3"))),
        "failed_after_stop": sum(n for s, n in during.items() if not s.startswith(("2", "3"))),
        "marked_down_s": round(stopped, 1),
        "back_up_s": round(back, 1),
    }


# ---- 2. a worker dies mid-import ------------------------------------------------------


LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیء"


def _base32(k: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuv"
    out = ""
    while True:
        k, r = divmod(k, 32)
        out = digits[r] + out
        if not k:
            return out


def _rows(n: int, seed: int) -> list[list]:
    from tavana.core.domain.identifiers import InvalidIdentifier, make_national_code

    rows, i = [], 0
    while len(rows) < n:
        i += 1
        try:
            code = make_national_code(f"{(i * 387420489 + seed * 7919) % 1_000_000_000:09d}")
        except InvalidIdentifier:
            continue
        k = len(rows)
        last = "".join(LETTERS[int(d, 32)] for d in _base32(k))  # names carry no digits
        rows.append([code, "مریم", f"آزمون{last}", "علی", "1365/01/01", "", str(k % 22 + 1), ""])
    return rows


def upload(s: Session, path: Path) -> str:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{s.csrf()}\r\n--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, _, headers = s.request(
        "/people/import/",
        body,
        {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": LB + "/people/import/",
        },
    )
    assert status == 302, f"upload refused: {status}"
    return headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def _write_drill_file(rows: int) -> Path:
    """A registrar's CSV of `rows` made-up women, in the drill folder."""
    folder = HOME / "drill"
    folder.mkdir(exist_ok=True)
    path = folder / f"drill-{int(time.time())}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "کد ملی",
                "نام",
                "نام خانوادگی",
                "نام پدر",
                "تاریخ تولد",
                "تلفن همراه",
                "منطقه",
                "نشانی",
            ]
        )
        w.writerows(_rows(rows, seed=int(time.time()) % 900))
    return path


def _restart_worker(victim_pid: int) -> None:
    """Start the killed worker again, as systemd's Restart=always would."""
    which = "worker1" if pid("worker1") == victim_pid else "worker2"
    tavana = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "tavana"
    log = (HOME / "log" / f"{which}.log").open("a")
    p = subprocess.Popen(
        [str(tavana), "worker", "--worker-id", f"{os.uname().nodename}-{which}"],
        env=tavana_env(),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    (HOME / "run" / f"{which}.pid").write_text(str(p.pid))


def drill_worker(password: str, rows: int) -> dict:
    s = Session()
    s.login("drill_registrar", password)
    path = _write_drill_file(rows)
    db = psycopg.connect(PRIMARY, autocommit=True)
    before = db.execute("SELECT count(*) FROM people_person").fetchone()[0]
    job = upload(s, path)

    def running():
        row = db.execute(
            "SELECT l.pid, l.worker_id, p.done FROM core_tasklease l, core_jobprogress p "
            "WHERE l.task_path LIKE '%%run_import' AND p.task_id = %s",
            [job],
        ).fetchone()
        return row if row and row[2] and row[2] > 0 else None

    wait(lambda: running() is not None, 120, "the import to be under way")
    victim_pid, worker_id, done = running()
    os.kill(victim_pid, signal.SIGKILL)
    mid = db.execute("SELECT count(*) FROM people_person").fetchone()[0]
    reaped = wait(
        lambda: db.execute(
            "SELECT finished FROM core_jobprogress WHERE task_id = %s", [job]
        ).fetchone()[0],
        180,
        "the reaper to finish the job",
    )
    finished, failed, message = db.execute(
        "SELECT finished, failed, message FROM core_jobprogress WHERE task_id = %s", [job]
    ).fetchone()
    after = db.execute("SELECT count(*) FROM people_person").fetchone()[0]
    task = db.execute(
        "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE '%%run_import' ORDER BY enqueued_at DESC LIMIT 1"
    ).fetchone()
    notified = db.execute(
        "SELECT count(*) FROM notifications_notification WHERE text = %s", [message]
    ).fetchone()[0]
    upload_left = list((HOME / "home" / "media" / "imports" / job).glob("upload.*"))
    _restart_worker(victim_pid)
    db.close()
    return {
        "rows_in_file": rows,
        "progress_when_killed": done,
        "persons_before": before,
        "persons_right_after_kill": mid,
        "persons_after": after,
        "all_or_nothing": after in (before, before + rows),
        "job_finished": finished,
        "job_failed": failed,
        "message": message,
        "task": task,
        "owner_notified": notified > 0,
        "upload_removed": not upload_left,
        "reaped_after_s": round(reaped, 1),
        "killed_worker": worker_id,
    }


# ---- 3. the primary restarts ----------------------------------------------------------


def drill_primary(password: str) -> dict:
    load = Load(password, users=4, pause=0.1).start()
    t0 = time.monotonic()
    time.sleep(3)
    t_restart = time.monotonic()
    done = subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            str(PGBIN / "pg_ctl"),
            "-D",
            str(HOME / "pg/primary"),
            "-m",
            "fast",
            "-w",
            "restart",
            "-l",
            str(HOME / "log/pg-primary.log"),
        ],
        capture_output=True,
        text=True,
    )
    t_up = time.monotonic()
    time.sleep(10)
    load.stop()
    events = sorted(load.events)
    bad = [t for t, _, s in events if t >= t_restart and not str(s).startswith(("2", "3"))]
    first_good = next(
        (t for t, _, s in events if t > (bad[-1] if bad else t_restart) and str(s).startswith("2")),
        None,
    )
    after = load.between(t_up + 5, time.monotonic())
    return {
        "pg_ctl_restart": done.returncode == 0,
        "restart_s": round(t_up - t_restart, 1),
        "statuses": dict(load.between(t0, time.monotonic())),
        "unavailable_answers": len(bad),
        "recovered_after_s": round(first_good - t_restart, 1) if first_good else None,
        "failures_5s_after_restart": sum(
            n for s, n in after.items() if not s.startswith(("2", "3"))
        ),
    }


# ---- the replica serves /insights/ -------------------------------------------------------


def drill_replica(password: str) -> dict:
    s = Session()
    s.login("drill_manager", password)

    def reads(url: str) -> int:
        with psycopg.connect(url, autocommit=True) as c:
            return c.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname='tavana'"
            ).fetchone()[0]

    def burst(path: str) -> tuple[Counter, int, int]:
        r0, p0 = reads(REPLICA), reads(PRIMARY)
        statuses = Counter(s.request(path)[0] for _ in range(20))
        time.sleep(1.5)  # statistics are flushed about once a second
        return statuses, reads(REPLICA) - r0 - 1, reads(PRIMARY) - p0 - 1

    statuses, replica, primary = burst("/insights/")
    _, home_replica, home_primary = burst("/")
    lag = (
        psycopg.connect(REPLICA, autocommit=True)
        .execute("SELECT coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)")
        .fetchone()[0]
    )
    return {
        "insights_statuses": dict(statuses),
        "insights_replica_transactions": replica,
        "insights_primary_transactions": primary,
        "home_replica_transactions": home_replica,
        "home_primary_transactions": home_primary,
        "replica_lag_s": round(float(lag), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", default=str(Path(__file__).with_name("DRILL.md")))
    ap.add_argument("--rows", type=int, default=40_000)
    args = ap.parse_args()
    os.environ.update({k: v for k, v in tavana_env().items() if k == "DJANGO_SETTINGS_MODULE"})
    password = ensure_users()
    results = {}
    started = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    results["replica"] = drill_replica(password)
    print("replica:", results["replica"], flush=True)
    results["web_node"] = drill_web_node(password)
    print("web node:", results["web_node"], flush=True)
    results["worker"] = drill_worker(password, args.rows)
    print("worker:", results["worker"], flush=True)
    results["primary"] = drill_primary(password)
    print("primary:", results["primary"], flush=True)
    write_report(Path(args.report), started, load_before, results)


def verdicts(r: dict) -> list[tuple[str, bool]]:
    w = r["worker"]
    return [
        (
            "/insights/ reads from the replica, other pages do not",
            r["replica"]["insights_replica_transactions"] >= 20
            # ≤ 1: the previous measurement's own query, whose statistics arrive late
            and r["replica"]["home_replica_transactions"] <= 1,
        ),
        ("stopping a web node under load fails no request", r["web_node"]["failed"] == 0),
        ("a killed worker leaves the registry all or nothing", w["all_or_nothing"]),
        (
            "the killed import ends (not RUNNING), owner told, upload removed",
            w["job_finished"] and w["owner_notified"] and w["upload_removed"],
        ),
        (
            "the app recovers from a primary restart by itself",
            r["primary"]["recovered_after_s"] is not None
            and r["primary"]["failures_5s_after_restart"] == 0,
        ),
    ]


def _commit() -> str:
    out = subprocess.run(
        ["git", "-C", str(Path(__file__).resolve().parent), "log", "-1", "--format=%h", "--", "."],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() or "?"


def write_report(path: Path, started: dt.datetime, before: tuple, r: dict) -> None:
    load = os.getloadavg()
    lines = [
        "# Fault drill (deploy/drill.py)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC on this 2-core machine with `deploy/` as of commit "
        f"{_commit()} (load average at the start {before[0]:.2f} / {before[1]:.2f} / "
        f"{before[2]:.2f}, at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}; 2.0 is "
        "fully busy; other engineers' work included), "
        "against `deploy/up`: HAProxy (TLS) → 2 × `tavana serve` (3 gunicorn workers × 2 "
        "threads each) → PostgreSQL primary + streaming replica, 2 × `tavana worker`, Redis.",
        "",
        "| check | result |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {'pass' if ok else 'FAIL'} |" for name, ok in verdicts(r)]
    lines += ["", "## Figures", ""]
    for section, values in r.items():
        lines.append(f"### {section}")
        lines.append("")
        lines += [f"- {k}: {v}" for k, v in values.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"report: {path}")
    if not all(ok for _, ok in verdicts(r)):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
