"""`tavana demo` on a fresh data folder: prepares, prints the users, serves, stops."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tavana_demo.accounts import DEMO_USERS

TAVANA = [str(Path(sys.executable).with_name("tavana"))]
if not Path(TAVANA[0]).exists():
    TAVANA = [sys.executable, "-m", "tavana"]


def _env(home):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["TAVANA_HOME"] = str(home)
    return env


def _passwords(stdout: str) -> dict[str, str]:
    names = {username for username, *_ in DEMO_USERS}
    out = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in names:
            out[parts[0]] = parts[1]
    return out


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo-home")
    yield home
    shutil.rmtree(home, ignore_errors=True)


def test_demo_prepares_data_prints_users_and_keeps_data_on_rerun(demo_home):
    first = subprocess.run(
        [*TAVANA, "demo", "--no-serve"],
        env=_env(demo_home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    printed = _passwords(first.stdout)
    assert set(printed) == {username for username, *_ in DEMO_USERS}
    # no published password: none is the old formula, each is unique to this install
    for username, password in printed.items():
        assert password != f"tavana-{username}-1403" and len(password) >= len(username) + 12
    # the counts in Persian digits (the users' passwords and the paths stay as typed)
    assert "۹۵ مرکز" in first.stdout and "۲۲ منطقه" in first.stdout
    assert "۴۰٬۰۰۰ زن" in first.stdout
    db = demo_home / "tavana.sqlite3"
    assert db.exists()
    size = db.stat().st_size
    second = subprocess.run(
        [*TAVANA, "demo", "--no-serve"],
        env=_env(demo_home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr
    assert "(موجود)" in second.stdout  # nothing re-created
    assert _passwords(second.stdout) == printed  # the same install, the same passwords
    assert db.stat().st_size >= size
    verify = subprocess.run(
        [*TAVANA, "audit", "verify"],
        env=_env(demo_home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stderr


def test_demo_serves_the_app_and_stops_cleanly_on_ctrl_c(demo_home):
    port = _free_port()
    proc = subprocess.Popen(
        [*TAVANA, "demo", "--addr", f"127.0.0.1:{port}"],
        env=_env(demo_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        body = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert body and '"ok"' in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as r:
            assert "ورود به توانا" in r.read().decode()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert "توانا متوقف شد" in out
