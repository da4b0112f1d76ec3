"""Production settings cannot be half-right; errors reach a Sentry-compatible reporter
without a person's data; throttles hold across processes through Redis."""

import gzip
import json
import os
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client, override_settings
from django.urls import path

from tavana.core.error_reporting import init_error_reporting

GOOD = {
    "DJANGO_SETTINGS_MODULE": "tavana.config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "tavana.example.org",
    "DATABASE_URL": "postgres://tavana@127.0.0.1:5432/tavana",
    "TAVANA_REDIS_URL": "redis://127.0.0.1:6379/1",
    "TAVANA_TRUSTED_PROXIES": "127.0.0.1",
}
REDIS = "redis://127.0.0.1:6379/2"


def _start(**changes):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TAVANA_"))}
    env.pop("DATABASE_URL", None)
    env.update(GOOD)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_when_everything_is_set():
    done = _start()
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "TAVANA_REDIS_URL"]
)
def test_production_refuses_to_start_without_each_required_setting(missing):
    done = _start(**{missing: None})
    assert done.returncode != 0 and missing in done.stderr


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "DATABASE_URL"),  # no silent SQLite
        ({"DATABASE_REPLICA_URL": "sqlite:////tmp/r.sqlite3"}, "DATABASE_REPLICA_URL"),
        ({"TAVANA_REDIS_URL": "127.0.0.1:6379"}, "TAVANA_REDIS_URL"),
        ({"TAVANA_TRUSTED_PROXIES": "the-load-balancer"}, "TAVANA_TRUSTED_PROXIES"),
        ({"TAVANA_TRUSTED_PROXIES": ""}, "TAVANA_TRUSTED_PROXIES"),  # SSL redirect loop
        # …and without the redirect: every client would share the proxy's address
        (
            {"TAVANA_TRUSTED_PROXIES": "", "DJANGO_SECURE_SSL_REDIRECT": "0"},
            "TAVANA_TRUSTED_PROXIES",
        ),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_HSTS_SECONDS": "a year"}, "DJANGO_HSTS_SECONDS"),
    ],
)
def test_production_refuses_half_right_settings(changes, named):
    done = _start(**changes)
    assert done.returncode != 0 and named in done.stderr


def test_the_wsgi_entry_point_does_not_default_to_the_demo_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TAVANA_"))}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", "import tavana.config.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "must be set in the environment for production" in done.stderr


# ---- error reporting ---------------------------------------------------------------


class _Collector(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":  # the SDK's choice when brotli is
            import brotli  # installed (requirements/bench.txt brings it)

            body = brotli.decompress(body)
        self.received.append(body.decode())
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def _explode(request):
    raise RuntimeError("the error the reporter must receive")


urlpatterns = [path("explode/", _explode)]


@pytest.mark.django_db
def test_an_unhandled_error_is_reported_without_the_persons_data():
    import sentry_sdk

    server = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Collector.received = []
    try:
        assert init_error_reporting(f"http://public@127.0.0.1:{server.server_port}/1")
        with override_settings(ROOT_URLCONF=__name__):
            client = Client(raise_request_exception=False)
            client.cookies["sessionid"] = "secret-session"
            r = client.post("/explode/?q=0012345678", {"national_code": "0012345678"})
        assert r.status_code == 500
        sentry_sdk.flush(timeout=10)
    finally:
        sentry_sdk.init(dsn=None)
        server.shutdown()
    sent = "\n".join(_Collector.received)
    assert "the error the reporter must receive" in sent
    assert "0012345678" not in sent and "secret-session" not in sent
    event = next(
        json.loads(line)
        for line in sent.splitlines()
        if line.startswith("{") and '"exception"' in line
    )
    assert event["tags"]["request_id"] and "query_string" not in event.get("request", {})


def test_error_reporting_is_off_without_a_dsn(monkeypatch):
    monkeypatch.delenv("TAVANA_ERROR_DSN", raising=False)
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    assert init_error_reporting() is False


# ---- the shared cache ------------------------------------------------------------


def test_a_throttle_holds_across_processes_through_redis():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"t-{uuid.uuid4().hex[:8]}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    other_process = (
        "import django, sys; from django.conf import settings; "
        f"settings.configure(CACHES={caches!r}); django.setup(); "
        "from tavana.core.throttle import hit; "
        "print(sum(hit('code-ip', '198.51.100.7', (3, 10**8)) for _ in range(2)))"
    )
    with override_settings(CACHES=caches):
        from tavana.core.throttle import hit

        try:
            assert hit("code-ip", "198.51.100.7", (3, 10**8))
            done = subprocess.run(
                [sys.executable, "-c", other_process], capture_output=True, text=True, timeout=60
            )
            assert done.stdout.strip() == "2", done.stderr  # its two count with ours
            assert not hit("code-ip", "198.51.100.7", (3, 10**8))  # the fourth, in this process
        finally:
            client = redis.Redis.from_url(REDIS)
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
