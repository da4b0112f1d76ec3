"""Tavana's background worker: django-tasks-db's worker with leases and a heartbeat.

Used by `tavana worker` (one process each; run as many as you like, on as
many machines) and by `tavana demo` (a thread beside the development server).
See tavana.core.leases for what the lease, heartbeat and reaper guarantee.
"""

from __future__ import annotations

import logging
import os

from django.db import transaction
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import retry

from . import leases
from .logs import request_id_bound

logger = logging.getLogger(__name__)


def new_worker_id() -> str:
    from django.utils.crypto import get_random_string

    return f"{leases.hostname()[:40]}-{os.getpid()}-{get_random_string(6)}"


class LeasedWorker(Worker):
    """Runs each task under a lease; records its outcome only while the lease is held."""

    def run(self) -> None:
        leases.worker_register(self.worker_id)
        self.heartbeat = leases.Heartbeat(self.worker_id)
        self.heartbeat.start()
        leases.tasks_reap()  # what died before we started
        try:
            super().run()
        finally:
            self.heartbeat.stop()
            try:
                leases.worker_stopped(self.worker_id)
            except Exception:  # pragma: no cover - the database may be gone
                logger.warning("could not mark worker %s stopped", self.worker_id)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        task_id = str(db_task_result.pk)
        leases.lease_take(
            task_id=task_id, task_path=db_task_result.task_path, worker_id=self.worker_id
        )
        try:
            self.running_task = True
            with (
                request_id_bound(f"task-{task_id}"),
                leases.holding(worker_id=self.worker_id, task_id=task_id),
            ):
                self._run(db_task_result, task_id)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _run(self, db_task_result: DBTaskResult, task_id: str) -> None:
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            if self._record(db_task_result, task_id, value=value):
                task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except BaseException as e:
            logger.exception("task %s (%s) failed", task_id, db_task_result.task_path)
            self._record(db_task_result, task_id, error=e)
            try:
                task_finished.send(
                    sender=type(db_task_result.task.get_backend()),
                    task_result=db_task_result.task_result,
                )
            except Exception:  # pragma: no cover - the task path may be gone
                pass
            if isinstance(e, KeyboardInterrupt | SystemExit):
                raise

    @retry()
    def _record(self, db_task_result, task_id: str, *, value=None, error=None) -> bool:
        """Save the outcome if we still hold the lease; release it. False if reaped."""
        with transaction.atomic():
            if not leases.lease_held(task_id=task_id, worker_id=self.worker_id, lock=True):
                logger.warning("task %s was reaped meanwhile; its outcome is not recorded", task_id)
                return False
            if error is None:
                db_task_result.set_successful(value)
            else:
                db_task_result.set_failed(error)
            leases.lease_release(task_id=task_id, worker_id=self.worker_id)
        return True


def make_worker(
    *,
    worker_id: str | None = None,
    queue_names: list[str] | None = None,
    interval: float = 1.0,
    batch: bool = False,
    backend_name: str = "default",
    max_tasks: int | None = None,
    startup_delay: bool = True,
    excluded_queue_names: list[str] | None = None,
) -> LeasedWorker:
    return LeasedWorker(
        queue_names=queue_names or ["*"],
        excluded_queue_names=excluded_queue_names or [],
        interval=interval,
        batch=batch,
        backend_name=backend_name,
        startup_delay=startup_delay,
        max_tasks=max_tasks,
        worker_id=worker_id or new_worker_id(),
    )
