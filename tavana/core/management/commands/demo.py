"""`tavana demo`: migrate, load the demo data, print the users, serve with a worker."""

from __future__ import annotations

import importlib
import io
import logging
import re
import signal
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run
from django.db import close_old_connections

import tavana
from tavana.accounts.roles import ROLE_LABELS
from tavana.core.demo_guard import DemoRefused, demo_database_check, demo_secret
from tavana.core.domain.numbers import format_number


def demo_package():
    """The demo data (`tavana_demo`), which sits beside the `tavana` package in a
    source checkout and is not part of an installed Tavana (imported by name, so
    the import contracts can forbid the application to depend on it)."""
    try:
        return importlib.import_module("tavana_demo")
    except ModuleNotFoundError:
        checkout = Path(tavana.__file__).resolve().parent.parent
        if not (checkout / "tavana_demo" / "__init__.py").is_file():
            raise CommandError(
                "tavana demo needs the source checkout: the demo data (tavana_demo/) "
                "is not part of an installed Tavana."
            ) from None
        sys.path.append(str(checkout))
        return importlib.import_module("tavana_demo")


def start_worker() -> tuple[threading.Thread, object]:
    """Run Tavana's worker loop (leases, heartbeat) in a daemon thread of this process."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS

    from tavana.core.worker import make_worker, new_worker_id

    worker = make_worker(
        worker_id=f"demo-{new_worker_id()}",
        interval=0.5,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
    )

    def loop():
        try:
            worker.run()
        finally:
            close_old_connections()

    thread = threading.Thread(target=loop, name="tavana-worker", daemon=True)
    thread.start()
    return thread, worker


def start_periodic(command: str, every: float, *, now: bool = False) -> threading.Event:
    """Run a `tavana` command every few minutes in a daemon thread (what a timer
    does in production); with `now`, once at once too. The command, not the
    service: core sits below notifications and insights and imports none of it."""
    stop = threading.Event()

    def loop():
        wait = 0.0 if now else every
        while not stop.wait(wait):
            wait = every
            try:
                call_command(command, stdout=io.StringIO())
            except Exception:  # keep the demo serving; the next round tries again
                logging.getLogger("tavana").exception("%s run failed", command)
            finally:
                close_old_connections()

    threading.Thread(target=loop, name=f"tavana-{command}", daemon=True).start()
    return stop


def start_notifier(every: float = 300.0) -> threading.Event:
    """`tavana notify` every few minutes: reminders and digests once a day, due SMS
    every time."""
    return start_periodic("notify", every)


def start_insights_refresh() -> threading.Event:
    """`tavana insights_refresh` as often as the figures go stale (the page says when
    they were computed); the build computed the first ones."""
    every = float(getattr(settings, "TAVANA_INSIGHTS_FRESH_SECONDS", 0))
    if every <= 0:
        return threading.Event()
    return start_periodic("insights_refresh", every * 0.9, now=True)


# A count or a duration in a line of the build's report; not digits inside a path,
# a command or a name written in Latin (a folder, a file, a password).
_COUNT = re.compile(r"(?<![A-Za-z0-9/._-])\d+(?:\.\d+)?(?![A-Za-z0-9/_-])")


def persian_counts(line: str) -> str:
    """The report's counts and durations in Persian digits (۴۰٬۰۰۰ زن، ۴۱٫۰ ثانیه),
    paths as typed."""

    def persian(m: re.Match[str]) -> str:
        n = m.group()  # as many places as it was printed with (41.0 → ۴۱٫۰)
        return format_number(n, decimals=len(n.partition(".")[2]) if "." in n else None)

    return _COUNT.sub(persian, line)


class Command(BaseCommand):
    help = "Start the Tavana demo: embedded database, demo data, web app and worker."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port to serve on")
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="prepare the database and data, print the users, then exit",
        )

    def handle(self, *args, addr: str, no_serve: bool, **options):
        started = time.monotonic()
        home = settings.TAVANA_HOME
        home.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"پوشهٔ داده: {home}")
        demo = demo_package()
        try:
            demo_database_check()
        except DemoRefused as e:
            raise CommandError(str(e)) from None
        call_command("migrate", interactive=False, verbosity=0)
        demo_secret()  # marks this database as the demo's
        demo.demo_load(out=lambda line: self.stdout.write(f"  {persian_counts(line)}"))
        # the figures are computed ahead by the server's refresh thread
        # (`start_insights_refresh`), not here: on a loaded machine the whole
        # refresh held the build for many minutes (tests/core/test_demo_command.py)
        users = importlib.import_module("tavana_demo.accounts")

        self.stdout.write("")
        self.stdout.write("کاربران نمایشی (نام کاربری / گذرواژه / نقش):")
        for username, role, *_ in users.DEMO_USERS:
            password = users.demo_password(username)
            self.stdout.write(f"  {username:<16} {password:<30} {ROLE_LABELS[role]}")
        self.stdout.write(persian_counts(f"\nآماده در {time.monotonic() - started:.1f} ثانیه."))
        if no_serve:
            return
        host, _, port = addr.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError("--addr must look like 127.0.0.1:8000")
        # Ctrl-C and a polite kill both stop the server, then the worker, cleanly
        # (a shell may start us with SIGINT ignored, so set the handlers ourselves).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        thread, worker = start_worker()
        notifier = start_notifier()
        figures = start_insights_refresh()
        self.stdout.write(f"توانا روی http://{host}:{port}/ در دسترس است. برای توقف Ctrl-C بزنید.")
        self.stdout.flush()
        try:
            run(
                host,
                int(port),
                get_internal_wsgi_application(),
                ipv6=False,
                threading=True,
                server_cls=WSGIServer,
            )
        except KeyboardInterrupt:
            pass
        except OSError as e:
            raise CommandError(f"cannot listen on {addr}: {e}") from e
        finally:
            worker.running = False
            notifier.set()
            figures.set()
            thread.join(timeout=2)
            self.stdout.write("\nتوانا متوقف شد.")
            sys.stdout.flush()
