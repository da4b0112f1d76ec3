"""The production web server: gunicorn, configured from the environment.

Why gunicorn: it is the WSGI server Django's own deployment guide names, kept
up for fifteen years and packaged by Debian; its pre-fork master restarts a
worker that crashes or hangs (timeout), replaces workers one by one on SIGHUP
(graceful reload, new code included because the app is not preloaded), and on
SIGTERM stops accepting and lets requests in flight finish. Tavana is a
synchronous Django app, so an ASGI server (uvicorn, daphne) would add nothing
but a thread hop; waitress has no pre-fork master or graceful reload;
granian is young. The `gthread` worker keeps a slow client from holding a
whole process.

Environment (each also a `tavana serve` option):
- TAVANA_BIND: address:port (default 127.0.0.1:8000; several separated by commas)
- TAVANA_WEB_WORKERS: processes (default 2 × CPUs + 1)
- TAVANA_WEB_THREADS: threads per process (default 2)
- TAVANA_WEB_TIMEOUT: seconds before a stuck request's worker is replaced (default 120)
- TAVANA_WEB_GRACEFUL: seconds requests in flight get on reload/shutdown (default 30)
"""

from __future__ import annotations

import logging
import os

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger as GunicornLogger

access_logger = logging.getLogger("tavana.access")


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


class AccessLogger(GunicornLogger):
    """One structured line per request: no query string (a search may carry a
    national code), the request id to join it with the application's lines."""

    def access(self, resp, req, environ, request_time):
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = dict((k.lower(), v) for k, v in (resp.headers or []))
        access_logger.info(
            "%s %s %s",
            environ.get("REQUEST_METHOD"),
            environ.get("PATH_INFO"),
            status,
            extra={
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "status": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "peer": environ.get("REMOTE_ADDR"),
                "request_id": headers.get("x-request-id", ""),
            },
        )


class TavanaServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self):
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def server_options(
    *,
    bind: str,
    workers: int,
    threads: int,
    timeout: int,
    graceful: int,
    trusted_proxies: tuple[str, ...],
    pidfile: str | None = None,
) -> dict:
    return {
        "bind": [b.strip() for b in bind.split(",") if b.strip()],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": graceful,
        "keepalive": 5,
        "max_requests": 5000,  # replace a worker now and then: no slow leak lives long
        "max_requests_jitter": 500,
        "preload_app": False,  # SIGHUP then loads the new code
        # gunicorn believes X-Forwarded-* only from these (same list as Django).
        "forwarded_allow_ips": ",".join(trusted_proxies) or "",
        "proxy_allow_ips": "",
        "accesslog": "-",
        "errorlog": "-",
        "logger_class": "tavana.core.serving.AccessLogger",
        "pidfile": pidfile,
        "proc_name": "tavana",
        "control_socket_disable": True,
    }
