"""An import whose worker died: never half-written, never RUNNING forever, its
owner told, its uploaded file removed (tavana.core.leases' reaper)."""

import datetime as dt
import subprocess
import uuid

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tavana.core import leases
from tavana.core.models import District, JobProgress, TaskLease
from tavana.core.progress import progress_start
from tavana.notifications.models import Notification
from tavana.people.importing.importer import import_people
from tavana.people.importing.tasks import (
    LOST_COMMITTED,
    LOST_FAILED,
    _committed,
    job_dir,
    run_import,
)
from tavana.people.models import Person

from .import_files import PERSIAN_HEADERS, sample_rows, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(make_user):
    District.objects.bulk_create([District(number=i, name=f"منطقه {i}") for i in range(1, 23)])
    owner = make_user("registrar")
    job_id = uuid.uuid4().hex
    folder = job_dir(job_id)
    folder.mkdir(parents=True)
    write_xlsx(folder / "upload.xlsx", PERSIAN_HEADERS, sample_rows())
    progress_start(task_id=job_id, kind="person.import", owner=owner, total=5, message="در صف")
    return job_id, owner


def _running_on_a_dead_worker(job_id: str, owner) -> str:
    """The queue's row for run_import, RUNNING, leased by a process that is gone."""
    result = run_import.using(backend="database").enqueue(job_id, owner.pk, "فهرست.xlsx", False)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=timezone.now())
    gone = subprocess.Popen(["true"])
    gone.wait()
    now = timezone.now()
    TaskLease.objects.create(
        task_id=result.id,
        task_path=DBTaskResult.objects.get(pk=result.id).task_path,
        worker_id="killed-1",
        hostname=leases.hostname(),
        pid=gone.pid,
        taken_at=now,
        expires_at=now + dt.timedelta(minutes=5),
    )
    return str(result.id)


def test_killed_before_its_commit_nothing_is_saved_and_the_owner_is_told(job):
    job_id, owner = job
    task_id = _running_on_a_dead_worker(job_id, owner)
    assert leases.tasks_reap() == [task_id]
    progress = JobProgress.objects.get(task_id=job_id)
    assert progress.finished and progress.failed and progress.message == LOST_FAILED
    assert not Person.objects.exists()
    assert not job_dir(job_id).exists()  # the uploaded file and any partial report
    note = Notification.objects.get(recipient=owner)
    assert note.text == LOST_FAILED and job_id in note.link


def test_killed_after_its_commit_the_import_counts_as_done(job):
    job_id, owner = job
    folder = job_dir(job_id)
    import_people(
        folder / "upload.xlsx",
        actor=owner,
        report=folder / "rejected.xlsx",
        duplicates="off",
        before_commit=_committed(job_id, "rejected.xlsx"),
    )  # … and the worker died right here, before reporting
    saved = Person.objects.count()
    assert saved and JobProgress.objects.get(task_id=job_id).result["committed"]
    task_id = _running_on_a_dead_worker(job_id, owner)
    assert leases.tasks_reap() == [task_id]
    progress = JobProgress.objects.get(task_id=job_id)
    assert progress.finished and not progress.failed and progress.message == LOST_COMMITTED
    assert progress.result["created"] == saved and Person.objects.count() == saved
    assert not list(folder.glob("upload.*"))
    assert Notification.objects.get(recipient=owner).text == LOST_COMMITTED


def test_a_finished_import_removes_its_uploaded_file(job, django_capture_on_commit_callbacks):
    job_id, owner = job
    run_import.enqueue(job_id, owner.pk, "فهرست.xlsx", False)  # the immediate backend in tests
    assert JobProgress.objects.get(task_id=job_id).finished
    assert not list(job_dir(job_id).glob("upload.*"))
