"""Background tasks of the bulk import (django-tasks).

`run_import` is what the registrars' upload page enqueues: it imports the
uploaded file, reports progress through `tavana.core.progress` and leaves the
summary (and the rejected rows' file name) in the job's result.
`flag_import_duplicates` queues likely duplicates of imported persons for review.

A worker killed mid-import leaves nothing half-written and no job RUNNING
forever: the reaper (tavana.core.leases) calls `import_lost`, which undoes the
chunks a chunked import (SQLite) had committed (`undo.import_undo`; on
PostgreSQL the import is one transaction and there is nothing to undo) and
finishes the job as failed — or as done, when the import had committed before
the worker died (the marker is written inside the import's final
transaction) — removes the uploaded file and tells its owner. Likely
duplicates are flagged afterwards by their own task (`flag_import_duplicates`).
The uploaded file is removed when the job ends either way; the rejected rows'
file stays for its owner to download.

On PostgreSQL the import runs in one transaction, so its progress is written
through a second, autocommit connection. On SQLite it commits chunk by chunk
and the progress is written between chunks: the bar moves there too.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.urls import reverse
from django_tasks import task

from tavana.core.leases import lease_confirm, on_task_lost
from tavana.core.models import JobProgress
from tavana.core.progress import progress_finish, progress_update

logger = logging.getLogger(__name__)

KIND = "person.import"


def job_dir(job_id: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / job_id


def _remove_upload(job_id: str) -> None:
    for upload in job_dir(job_id).glob("upload.*"):
        upload.unlink(missing_ok=True)


def _committed(job_id: str, report_name: str):
    """Inside the import's transaction: still ours? then mark it committed."""

    def mark(result) -> None:
        lease_confirm()
        summary = result.as_dict() | {"report": report_name if result.rejected else ""}
        JobProgress.objects.filter(task_id=job_id).update(result=summary | {"committed": True})

    return mark


class _SideProgress:
    """Progress updates visible while the import's transaction is still open."""

    def __init__(self, job_id: str):
        self.job_id = job_id
        self.conn = None
        if connections["default"].vendor == "postgresql":
            try:
                self.conn = connections.create_connection("default")
                self.conn.set_autocommit(True)
            except Exception:  # pragma: no cover - progress is best effort
                self.conn = None

    def __call__(self, done: int, total: int) -> None:
        if self.conn is None:
            if not connections["default"].in_atomic_block:
                # a chunked import (SQLite) calls between its committed chunks
                JobProgress.objects.filter(task_id=self.job_id).update(
                    done=done, total=total, message="در حال بررسی و ذخیرهٔ سطرها"
                )
            return
        try:
            with self.conn.cursor() as c:
                c.execute(
                    "UPDATE core_jobprogress SET done = %s, total = %s, message = %s "
                    "WHERE task_id = %s",
                    [done, total, "در حال بررسی و ذخیرهٔ سطرها", self.job_id],
                )
        except Exception:  # pragma: no cover - progress is best effort
            logger.warning("import progress update failed", exc_info=True)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


@task()
def run_import(job_id: str, user_id: int, filename: str, dry_run: bool = False) -> dict:
    from tavana.accounts.models import User

    from .importer import import_people
    from .tabular import UnreadableFile

    folder = job_dir(job_id)
    upload = next(folder.glob("upload.*"))
    report_name = "rejected" + upload.suffix
    actor = User.objects.get(pk=user_id)
    side = _SideProgress(job_id)
    try:
        result = import_people(
            upload,
            actor=actor,
            name=filename,
            dry_run=dry_run,
            report=folder / report_name,
            progress=side,
            duplicates="task",
            before_commit=_committed(job_id, report_name),
            run=job_id,
        )
    except UnreadableFile as e:
        progress_finish(task_id=job_id, failed=True, message=str(e))
        shutil.rmtree(folder, ignore_errors=True)
        return {"error": str(e)}
    except MemoryError:
        message = "فایل برای خواندن بیش از اندازه حافظه لازم داشت؛ آن را چند بخش کنید."
        progress_finish(task_id=job_id, failed=True, message=message)
        shutil.rmtree(folder, ignore_errors=True)
        return {"error": message}
    except Exception:
        logger.exception("import job %s failed", job_id)
        progress_finish(task_id=job_id, failed=True, message="خطای پیش‌بینی‌نشده در ورود فایل.")
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        side.close()
        _remove_upload(job_id)
    summary = result.as_dict()
    summary["report"] = report_name if result.rejected else ""
    progress_update(task_id=job_id, done=result.rows, total=result.rows)
    message = (
        "بررسی آزمایشی تمام شد؛ چیزی ذخیره نشد." if dry_run else f"{result.rows} سطر بررسی شد."
    )
    progress_finish(task_id=job_id, result=summary, message=message)
    return summary


LOST_FAILED = (
    "ورود فایل ناتمام ماند: کارگزار پس‌زمینه متوقف شد و هیچ سطری ذخیره نشد. "
    "فایل را دوباره بارگذاری کنید."
)
LOST_COMMITTED = (
    "ورود فایل کامل و ذخیره شد، ولی کارگزار پیش از گزارش پایانی متوقف شد؛ "
    "بررسی تکراری‌های این فایل را از صف تکراری‌ها اجرا کنید."
)


@on_task_lost(run_import)
def import_lost(task_id: str, args: list, kwargs: dict, reason: str) -> None:
    """The reaper found this import's worker dead: finish the job truthfully."""
    from tavana.accounts.models import User
    from tavana.notifications.services import notification_send

    job_id = args[0] if args else kwargs["job_id"]
    job = JobProgress.objects.filter(task_id=job_id).first()
    if job is None or job.finished:
        return
    committed = bool((job.result or {}).get("committed"))
    if not committed:
        from .undo import import_undo

        import_undo(job_id)  # the chunks a chunked import had committed
    message = LOST_COMMITTED if committed else LOST_FAILED
    if committed:
        _remove_upload(job_id)
    else:
        shutil.rmtree(job_dir(job_id), ignore_errors=True)
    owner = User.objects.filter(pk=job.owner_id).first()
    # The job ends and its owner is told in one transaction: finished first and
    # told after (8 s later in the fault drill at load 25) left a window in which
    # a reaper that died too would leave her never told.
    with transaction.atomic():
        progress_finish(task_id=job_id, failed=not committed, result=job.result, message=message)
        if owner is not None:
            notification_send(
                recipient=owner,
                kind=KIND,
                text=message,
                link=reverse("people_import:job", args=[job_id]),
            )


@task()
def flag_import_duplicates(person_ids: list[int]) -> int:
    from ..duplicates.services import flag_duplicates

    return flag_duplicates(person_ids)
