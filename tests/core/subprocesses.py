"""Run Tavana's own commands as other processes against the test database."""

import os
import sys
from pathlib import Path

TAVANA = [str(Path(sys.executable).with_name("tavana"))]
if not Path(TAVANA[0]).exists():
    TAVANA = [sys.executable, "-m", "tavana"]


def env_for_test_database(**extra: str) -> dict:
    """The environment for a `tavana …` subprocess using this test run's database."""
    from django.db import connection

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "tavana.config.settings.test"
    root = str(Path(__file__).resolve().parents[2])  # so the tests' own tasks import
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    else:
        env["TAVANA_TEST_SQLITE"] = str(s["NAME"])
    env.update(extra)
    return env


def postgres_url(name: str) -> str:
    """A URL for another database on the test run's PostgreSQL server."""
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
