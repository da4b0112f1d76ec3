"""Security finding 13: uploads (national codes, mobiles) were kept forever, and
the application set no cap on a request's size."""

import datetime as dt
import os
import time

import pytest
from django.test import Client
from django.utils import timezone

from tavana.core.models import JobProgress
from tavana.core.request_size import DEFAULT_MAX_REQUEST_BYTES
from tavana.people.importing.retention import RETENTION_DAYS, imports_expire
from tavana.people.importing.tasks import KIND, job_dir

pytestmark = pytest.mark.django_db


def test_import_folders_go_after_the_retention_period(settings, tmp_path, make_user):
    settings.MEDIA_ROOT = str(tmp_path)
    owner = make_user("registrar")
    old, recent, orphan = job_dir("old"), job_dir("recent"), job_dir("orphan")
    for folder in (old, recent, orphan):
        folder.mkdir(parents=True)
        (folder / "rejected.csv").write_text("کد ملی\n0012345679\n", encoding="utf-8")
    long_ago = timezone.now() - dt.timedelta(days=RETENTION_DAYS + 1)
    JobProgress.objects.create(task_id="old", kind=KIND, owner=owner, finished=True)
    JobProgress.objects.filter(task_id="old").update(updated_at=long_ago)
    JobProgress.objects.create(task_id="recent", kind=KIND, owner=owner, finished=True)
    stale = time.time() - (RETENTION_DAYS + 1) * 86400
    os.utime(orphan, (stale, stale))
    assert imports_expire() == 2
    assert not old.exists() and not orphan.exists() and recent.exists()


def test_the_daily_run_includes_it():
    from tavana.notifications.registry import DAILY_JOBS

    assert "people.imports_expire" in DAILY_JOBS


def test_a_request_over_the_cap_is_refused_before_it_is_read(client, settings):
    assert DEFAULT_MAX_REQUEST_BYTES == 25 * 1024 * 1024
    settings.TAVANA_MAX_REQUEST_BYTES = 1000
    r = client.post("/accounts/login/", {"username": "x" * 2000, "password": "y"})
    assert r.status_code == 413 and "بزرگ‌تر از اندازهٔ مجاز" in r.content.decode()
    assert Client().get("/accounts/login/").status_code == 200
