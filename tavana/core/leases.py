"""Leases, heartbeats and the reaper: no background task is silently lost.

django-tasks-db hands each queued task to exactly one worker (the claim takes a
row lock with SKIP LOCKED), marks it RUNNING, and records the outcome when the
task returns. A worker that dies in between — killed, out of memory, its
machine gone — would leave the task RUNNING forever. So here:

- a running task holds a **lease** (TaskLease) in the name of its worker; the
  worker's **heartbeat** thread renews every lease it holds and its own
  WorkerProcess row every HEARTBEAT seconds;
- the **reaper** (run by every worker's heartbeat thread, and by
  `tavana worker --reap`) takes leases that expired — or whose worker process
  on this same host no longer exists — marks their tasks FAILED with the
  reason, and calls the task kind's *lost handler* (registered with
  `@on_task_lost(task)`): it finishes the job's progress row with a Persian
  message its owner sees, and cleans up temporary files;
- a task that must not commit after it was reaped calls `lease_confirm()`
  inside its final transaction: the lease row is locked there, so either the
  task commits while it still holds the lease or the reaper took it first and
  the task rolls back (a fencing check);
- the outcome of a task is recorded only while its lease is still held, so a
  worker that comes back after being reaped does not overwrite the verdict.

On one host a live process is never reaped (its heartbeat may only be
waiting for SQLite's single writer); a process on another host is judged by
its lease alone.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import JobProgress, TaskLease, WorkerProcess

logger = logging.getLogger(__name__)

LOST_HANDLERS: dict[str, object] = {}


def lease_seconds() -> int:
    return int(getattr(settings, "TAVANA_LEASE_SECONDS", 60))


def heartbeat_seconds() -> float:
    return float(getattr(settings, "TAVANA_HEARTBEAT_SECONDS", 10))


class LeaseLost(Exception):
    """The reaper took this task's lease: its work must not be committed."""


class WorkerLost(Exception):
    """Recorded as a reaped task's error (class path and text)."""


@dataclass(frozen=True)
class Holder:
    worker_id: str
    task_id: str


_holder: contextvars.ContextVar[Holder | None] = contextvars.ContextVar("lease", default=None)


def on_task_lost(task):
    """Register `handler(task_id, args, kwargs, reason)` for a task whose worker died.

    It runs in the reaper, after the task was marked FAILED; it must be
    idempotent and must not assume the task's work was or was not committed.
    """

    def register(handler):
        LOST_HANDLERS[task.module_path] = handler
        return handler

    return register


def hostname() -> str:
    return socket.gethostname()[:255]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


# ---- the worker's side -------------------------------------------------------


def worker_register(worker_id: str) -> None:
    now = timezone.now()
    WorkerProcess.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": hostname(),
            "pid": os.getpid(),
            "started_at": now,
            "beat_at": now,
            "stopped_at": None,
        },
    )


def worker_stopped(worker_id: str) -> None:
    WorkerProcess.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def lease_take(*, task_id: str, task_path: str, worker_id: str) -> None:
    now = timezone.now()
    TaskLease.objects.update_or_create(
        task_id=task_id,
        defaults={
            "task_path": task_path[:255],
            "worker_id": worker_id,
            "hostname": hostname(),
            "pid": os.getpid(),
            "taken_at": now,
            "expires_at": now + dt.timedelta(seconds=lease_seconds()),
        },
    )


def lease_held(*, task_id: str, worker_id: str, lock: bool = False) -> bool:
    qs = TaskLease.objects.filter(task_id=task_id, worker_id=worker_id)
    if lock:
        qs = qs.select_for_update()
    return qs.exists()


def lease_release(*, task_id: str, worker_id: str) -> None:
    TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).delete()


class holding:
    """Context manager: the code inside runs the task `task_id` for `worker_id`."""

    def __init__(self, *, worker_id: str, task_id: str):
        self.holder = Holder(worker_id, task_id)

    def __enter__(self):
        self.token = _holder.set(self.holder)
        return self.holder

    def __exit__(self, *exc):
        _holder.reset(self.token)
        return False


def lease_confirm() -> None:
    """Call inside a task's final transaction: raise LeaseLost if the reaper took it.

    Locks the lease row until the transaction ends, so the reaper cannot take
    it in between. Outside a leased worker (tests, the immediate backend) it
    does nothing.
    """
    holder = _holder.get()
    if holder is None:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("lease_confirm() belongs inside the task's transaction")
    if not lease_held(task_id=holder.task_id, worker_id=holder.worker_id, lock=True):
        raise LeaseLost(f"task {holder.task_id} was reaped; its work is not committed")


def heartbeat(worker_id: str) -> int:
    """Renew this worker's row and every lease it holds; returns how many leases."""
    now = timezone.now()
    WorkerProcess.objects.filter(worker_id=worker_id).update(beat_at=now)
    return TaskLease.objects.filter(worker_id=worker_id).update(
        expires_at=now + dt.timedelta(seconds=lease_seconds())
    )


class Heartbeat(threading.Thread):
    """Beats every `interval` seconds and reaps every `reap_every` beats, until stopped."""

    def __init__(self, worker_id: str, *, interval: float | None = None, reap_every: int = 3):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = heartbeat_seconds() if interval is None else interval
        self.reap_every = reap_every
        self.stopping = threading.Event()

    def run(self) -> None:
        beats = 0
        while not self.stopping.wait(self.interval):
            beats += 1
            try:
                close_old_connections()
                heartbeat(self.worker_id)
                if beats % self.reap_every == 0:
                    tasks_reap()
            except Exception:  # a missed beat is retried; the lease has slack
                logger.warning("heartbeat of %s failed", self.worker_id, exc_info=True)
        close_old_connections()
        connection.close()

    def stop(self) -> None:
        self.stopping.set()


# ---- the reaper ----------------------------------------------------------------


def _lost(lease: TaskLease, now: dt.datetime, here: str) -> str | None:
    """Why this lease's task is lost, or None if its worker may still be at work."""
    if lease.hostname == here:
        if not pid_alive(lease.pid):
            return f"پردازش کارگزار {lease.worker_id} (pid {lease.pid}) دیگر وجود ندارد"
        return None
    if lease.expires_at < now:
        return f"کارگزار {lease.worker_id} روی {lease.hostname} از {lease.expires_at:%H:%M:%S} UTC خبری نداده است"
    return None


def tasks_reap() -> list[str]:
    """Fail every task whose worker is gone; returns the reaped task ids."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    here = hostname()
    reaped: list[tuple[str, str, str, dict]] = []
    with transaction.atomic():
        candidates = TaskLease.objects.select_for_update(skip_locked=True).filter(
            Q(expires_at__lt=now) | Q(hostname=here)
        )
        for lease in candidates:
            reason = _lost(lease, now, here)
            if reason is None:
                continue
            result = DBTaskResult.objects.filter(pk=lease.task_id).first()
            if result is not None and result.status == "RUNNING":
                _mark_failed(result, reason, now)
                reaped.append((str(lease.task_id), lease.task_path, reason, result.args_kwargs))
            lease.delete()
        # RUNNING with no lease at all: killed between the claim and the lease.
        stale = now - dt.timedelta(seconds=lease_seconds())
        orphans = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status="RUNNING", started_at__lt=stale)
            .exclude(pk__in=TaskLease.objects.values("task_id"))
        )
        for result in orphans:
            reason = "کار بدون کارگزار زنده مانده بود"
            _mark_failed(result, reason, now)
            reaped.append((str(result.pk), result.task_path, reason, result.args_kwargs))
    for task_id, path, reason, args_kwargs in reaped:
        logger.warning("reaped task %s (%s): %s", task_id, path, reason)
        _after_lost(task_id, path, reason, args_kwargs or {})
    return [r[0] for r in reaped]


def _mark_failed(result, reason: str, now: dt.datetime) -> None:
    result.status = "FAILED"
    result.finished_at = now
    result.return_value = None
    result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
    result.traceback = f"{WorkerLost.__qualname__}: {reason}\n"
    result.save(
        update_fields=["status", "finished_at", "return_value", "exception_class_path", "traceback"]
    )


LOST_MESSAGE = "کار نیمه‌تمام ماند: کارگزار پس‌زمینه متوقف شد. می‌توانید دوباره آغازش کنید."


def _after_lost(task_id: str, path: str, reason: str, args_kwargs: dict) -> None:
    if path not in LOST_HANDLERS:  # a handler registers when its task's module loads
        try:
            import_string(path)
        except ImportError:
            logger.warning("task %s: its module %s no longer imports", task_id, path)
    handler = LOST_HANDLERS.get(path)
    try:
        if handler is not None:
            handler(task_id, args_kwargs.get("args", []), args_kwargs.get("kwargs", {}), reason)
        else:  # a job that reports progress under its own task id
            JobProgress.objects.filter(task_id=task_id, finished=False).update(
                finished=True, failed=True, message=LOST_MESSAGE
            )
    except Exception:
        logger.exception("the lost handler of %s failed for task %s", path, task_id)


def workers_alive() -> tuple[int, float | None]:
    """How many workers beat recently, and how many seconds ago the newest did."""
    now = timezone.now()
    fresh = now - dt.timedelta(seconds=3 * heartbeat_seconds() + 5)
    running = WorkerProcess.objects.filter(stopped_at__isnull=True)
    alive = running.filter(beat_at__gte=fresh).count()
    newest = running.order_by("-beat_at").values_list("beat_at", flat=True).first()
    return alive, (now - newest).total_seconds() if newest else None
