"""`tavana serve`: gunicorn on the production settings, on PostgreSQL and Redis."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from django.db import connection

from .subprocesses import TAVANA, env_for_test_database


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, dict(r.headers), r.read()


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return {int(p) for p in out.stdout.split()}


@pytest.mark.django_db
def test_serve_runs_gunicorn_with_static_files_access_log_and_graceful_reload(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("production runs on PostgreSQL only (DATABASE_URL=postgres://…)")
    port = _free_port()
    env = env_for_test_database(
        DJANGO_SETTINGS_MODULE="tavana.config.settings.production",
        DJANGO_SECRET_KEY="s" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        TAVANA_REDIS_URL="redis://127.0.0.1:6379/3",
        TAVANA_TRUSTED_PROXIES="127.0.0.1",
        TAVANA_HOME=str(tmp_path),
        TAVANA_WEB_WORKERS="2",
    )
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [*TAVANA, "serve", "--bind", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, headers, body = _get(base + "/health/ready/")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "tavana serve did not start"
                time.sleep(0.5)
        assert status == 200 and json.loads(body)["status"] == "ok"
        request_id = headers["X-Request-ID"]

        _, _, page = _get(base + "/accounts/login/")
        css = re.search(rb'href="(/static/css/tavana\.[0-9a-f]{12}\.css)"', page)
        assert css, "static files are collected with content hashes in their names"
        status, headers, _ = _get(base + css.group(1).decode())
        assert status == 200 and "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]

        workers = _children(server.pid)
        assert len(workers) == 2
        os.kill(server.pid, signal.SIGHUP)  # graceful reload: new workers, no refusal
        deadline = time.monotonic() + 60
        while _children(server.pid) & workers or len(_children(server.pid)) != 2:
            assert _get(base + "/health/live/")[0] == 200
            assert time.monotonic() < deadline, "workers were not replaced on SIGHUP"
            time.sleep(0.3)

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
    log.seek(0)
    lines = [json.loads(line) for line in log if line.startswith("{")]
    access = [x for x in lines if x.get("logger") == "tavana.access"]
    hit = next(x for x in access if x["path"] == "/health/ready/")
    assert hit["status"] == 200 and hit["request_id"] == request_id and hit["duration_ms"] >= 0
    assert not any("?" in (x.get("path") or "") for x in access)
