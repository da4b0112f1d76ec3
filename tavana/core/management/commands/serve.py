"""`tavana serve`: the production web server (gunicorn; see tavana.core.serving).

Collects the static files (hashed names, compressed; served for a year by
WhiteNoise), then runs gunicorn in the foreground: SIGHUP reloads gracefully
(new code, workers replaced one by one), SIGTERM stops gracefully (requests in
flight finish). Background tasks run in separate `tavana worker` processes.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tavana.core.serving import TavanaServer, default_workers, server_options


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise CommandError(f"{name} must be a positive whole number, not {value!r}")
    return int(value)


class Command(BaseCommand):
    help = "Serve Tavana in production (gunicorn): static files collected, access log, graceful reload."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("TAVANA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--threads", type=int, default=None)
        parser.add_argument("--timeout", type=int, default=None)
        parser.add_argument("--pidfile", default=None)
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="skip collecting static files (already done by the deployment)",
        )

    def handle(self, *args, bind, workers, threads, timeout, pidfile, no_collectstatic, **opts):
        if settings.DEBUG or not getattr(settings, "TAVANA_PRODUCTION", False):
            raise CommandError(
                "tavana serve runs the production settings only: set "
                "DJANGO_SETTINGS_MODULE=tavana.config.settings.production (and its environment). "
                "For a try-out on this computer use `tavana demo`."
            )
        options = server_options(
            bind=bind,
            workers=workers or _env_int("TAVANA_WEB_WORKERS", default_workers()),
            threads=threads or _env_int("TAVANA_WEB_THREADS", 2),
            timeout=timeout or _env_int("TAVANA_WEB_TIMEOUT", 120),
            graceful=_env_int("TAVANA_WEB_GRACEFUL", 30),
            trusted_proxies=tuple(settings.TRUSTED_PROXIES),
            pidfile=pidfile,
        )
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # nothing open is inherited by the forked workers
        TavanaServer(options).run()
