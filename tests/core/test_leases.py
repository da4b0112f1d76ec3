"""Workers: several on one queue never run a task twice; a killed one is reaped."""

import datetime as dt
import os
import signal
import subprocess
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tavana.core import leases
from tavana.core.models import District, JobProgress, TaskLease, WorkerProcess

from .subprocesses import TAVANA, env_for_test_database
from .tasks_for_tests import make_district, write_then_wait

pytestmark = pytest.mark.django_db(transaction=True)


def _worker(*extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*TAVANA, "worker", "--backend", "database", "--interval", "0.2", *extra],
        env=env_for_test_database(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_three_workers_on_one_queue_run_each_task_exactly_once():
    results = [make_district.using(backend="database").enqueue(100 + i) for i in range(30)]
    workers = [_worker("--batch") for _ in range(3)]
    for w in workers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    statuses = DBTaskResult.objects.filter(pk__in=[r.id for r in results])
    assert sorted(statuses.values_list("status", flat=True)) == ["SUCCESSFUL"] * 30
    assert District.objects.filter(number__gte=100).count() == 30
    ran_by = {tuple(w) for w in statuses.values_list("worker_ids", flat=True)}
    assert all(len(ids) == 1 for ids in ran_by)
    assert not TaskLease.objects.exists()  # every lease released with its outcome
    assert WorkerProcess.objects.filter(stopped_at__isnull=False).count() == 3


def test_a_worker_killed_mid_task_leaves_it_failed_rolled_back_and_its_owner_told(tmp_path):
    marker = tmp_path / "started"
    result = write_then_wait.using(backend="database").enqueue(77, str(marker))
    worker = _worker()
    try:
        _wait(marker.exists, 60, "the task to start")
        lease = TaskLease.objects.get(task_id=str(result.id))
        assert lease.pid == worker.pid
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "RUNNING"  # what the queue alone would show forever
    assert leases.tasks_reap() == [str(result.id)]
    row.refresh_from_db()
    assert row.status == "FAILED" and row.exception_class_path.endswith("WorkerLost")
    assert "دیگر وجود ندارد" in row.traceback
    assert not District.objects.filter(number=77).exists()  # never half-applied
    job = JobProgress.objects.get(task_id=str(result.id))
    assert job.finished and job.failed and "متوقف شد" in job.message
    assert not TaskLease.objects.exists()
    assert leases.tasks_reap() == []  # idempotent


def test_a_lease_from_another_host_is_reaped_only_after_it_expires():
    result = make_district.using(backend="database").enqueue(5)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=timezone.now())
    now = timezone.now()
    lease = TaskLease.objects.create(
        task_id=str(result.id),
        task_path="tests.core.tasks_for_tests.make_district",
        worker_id="far-away-1",
        hostname="another-host",
        pid=1,
        taken_at=now,
        expires_at=now + dt.timedelta(seconds=30),
    )
    assert leases.tasks_reap() == []
    lease.expires_at = now - dt.timedelta(seconds=1)
    lease.save()
    assert leases.tasks_reap() == [str(result.id)]
    assert "another-host" in DBTaskResult.objects.get(pk=result.id).traceback


def test_a_task_running_without_any_lease_is_reaped_once_stale():
    result = make_district.using(backend="database").enqueue(6)
    long_ago = timezone.now() - dt.timedelta(seconds=leases.lease_seconds() + 5)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=long_ago)
    assert leases.tasks_reap() == [str(result.id)]


def test_a_reaped_task_cannot_commit_its_work():
    from django.db import transaction

    with leases.holding(worker_id="w1", task_id="8a7f0c1e-0000-4000-8000-000000000001"):
        with pytest.raises(leases.LeaseLost), transaction.atomic():
            District.objects.create(number=88, name="دیر رسیده")
            leases.lease_confirm()
    assert not District.objects.filter(number=88).exists()


def test_health_reports_workers_by_their_heartbeat(client):
    assert client.get("/health/workers/").status_code == 503
    leases.worker_register("w-health")
    body = client.get("/health/workers/").json()
    assert body["status"] == "ok" and body["checks"]["workers"]["alive"] == 1
    WorkerProcess.objects.update(beat_at=timezone.now() - dt.timedelta(minutes=5))
    assert client.get("/health/workers/").status_code == 503
