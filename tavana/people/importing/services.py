"""Starting a bulk import from an uploaded file (the registrars' upload page).

`import_start` keeps the upload under MEDIA_ROOT/imports/<job>/, refuses a file
that cannot be read (with the Persian reason, before any job exists), marks the
job queued and enqueues `tasks.run_import` once the transaction commits."""

from __future__ import annotations

import shutil
import uuid

from django.db import transaction

from tavana.core.errors import ServiceError
from tavana.core.progress import progress_start

from .headers import map_headers
from .tabular import UnreadableFile, open_table
from .tasks import KIND, job_dir, run_import


def import_start(*, actor, upload, dry_run: bool = False) -> str:
    """Save `upload` (a Django UploadedFile of .xlsx or .csv), check that it can
    be read and that its headers are known, and queue the import; returns the
    job's id, whose progress the upload page polls."""
    ext = "." + upload.name.rsplit(".", 1)[-1].lower()
    job_id = uuid.uuid4().hex
    folder = job_dir(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"upload{ext}"
    with path.open("wb") as out:
        for part in upload.chunks():
            out.write(part)
    # Refuse an unreadable file before any job exists. Only the archive's
    # directory and the header row are read here, within the limits
    # (limits.py); the worker reads (and verifies) the rest.
    try:
        table = open_table(path, name=upload.name, verify=False)
        map_headers(table.headers)
    except UnreadableFile as e:
        shutil.rmtree(folder, ignore_errors=True)
        raise ServiceError({"file": str(e)}, code="unreadable_file") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    with transaction.atomic():
        progress_start(
            task_id=job_id,
            kind=KIND,
            owner=actor,
            total=table.estimated_rows,
            message="در صف ورود" + (" آزمایشی" if dry_run else ""),
        )
        transaction.on_commit(lambda: run_import.enqueue(job_id, actor.pk, upload.name, dry_run))
    return job_id
