"""Settings for the test suite: SQLite in memory unless DATABASE_URL is set."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
TAVANA_HOME = Path(tempfile.mkdtemp(prefix="tavana-test-"))
MEDIA_ROOT = TAVANA_HOME / "media"
STATIC_ROOT = TAVANA_HOME / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("TAVANA_TEST_SQLITE"):  # a `tavana` subprocess of a test run
    DATABASES["default"]["NAME"] = os.environ["TAVANA_TEST_SQLITE"]
elif not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = str(TAVANA_HOME / "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": str(TAVANA_HOME / "test-db.sqlite3")}
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # The real queue, for tests that run the worker.
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
TAVANA_SMS_BACKEND = "tavana.core.sms.MemorySmsBackend"
TAVANA_QUIET_HOURS = (
    None  # a test that needs quiet hours sets them (results never hang on the clock)
)
AXES_ENABLED = True
# Leases and heartbeats fast enough for a test to watch them expire.
TAVANA_LEASE_SECONDS = int(os.environ.get("TAVANA_LEASE_SECONDS", "6"))
TAVANA_HEARTBEAT_SECONDS = float(os.environ.get("TAVANA_HEARTBEAT_SECONDS", "1"))
TAVANA_TWO_FACTOR_ENFORCED = False  # tests of two-factor sign-in turn it on
