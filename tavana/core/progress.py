"""Report the progress of background jobs (written by tasks, read by pages)."""

from __future__ import annotations

from .models import JobProgress


def progress_start(*, task_id: str, kind: str, owner=None, total: int = 0, message: str = ""):
    return JobProgress.objects.update_or_create(
        task_id=task_id,
        defaults={"kind": kind, "owner": owner, "total": total, "message": message},
    )[0]


def progress_update(*, task_id: str, done: int, total: int | None = None, message: str = ""):
    fields = {"done": done, "message": message}
    if total is not None:
        fields["total"] = total
    JobProgress.objects.filter(task_id=task_id).update(**fields)


def progress_finish(
    *, task_id: str, result: dict | None = None, failed: bool = False, message: str = ""
) -> None:
    JobProgress.objects.filter(task_id=task_id).update(
        finished=True, failed=failed, result=result or {}, message=message
    )


def progress_get(*, task_id: str) -> JobProgress | None:
    return JobProgress.objects.filter(task_id=task_id).first()
