"""How long the import keeps what was uploaded (docs/security.md, finding 13).

An upload holds national codes and mobiles. The uploaded file itself is removed
when its job ends, done or failed (`tasks._remove_upload`, the reaper); what
stays — the rejected rows' file, for its owner to download — is removed
`RETENTION_DAYS` after the job, with the job's folder, by a daily job. A folder
no job row explains (a crash between saving and queuing) goes by its age.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time

from django.utils import timezone

from tavana.core.models import JobProgress
from tavana.notifications.registry import daily_job

from .tasks import KIND, job_dir

RETENTION_DAYS = 30


def imports_expire(*, now: dt.datetime | None = None) -> int:
    """Remove the folders of imports older than RETENTION_DAYS; returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=RETENTION_DAYS)
    root = job_dir("x").parent
    if not root.exists():
        return 0
    live = dict(JobProgress.objects.filter(kind=KIND).values_list("task_id", "updated_at"))
    removed = 0
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        when = live.get(folder.name)
        old = (
            when < cutoff
            if when is not None
            else folder.stat().st_mtime < time.time() - RETENTION_DAYS * 86400
        )
        if old:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


@daily_job("people.imports_expire")
def _daily(today: dt.date) -> None:
    imports_expire()
    from .undo import import_undo_leftovers

    import_undo_leftovers()  # a killed `tavana import` left committed chunks
