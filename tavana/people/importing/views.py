"""The registrars' upload page for the bulk import (see `tavana.people.importing`).

Upload → `services.import_start` saves it under MEDIA_ROOT/imports/<job>/ and
checks it at once (a file that cannot be read is refused on the form with a
Persian reason) → the import runs as a background task (`tasks.run_import`,
enqueued on commit) while the page polls the progress bar → summary and, for the person
who uploaded it only, the rejected rows as a file.
"""

from __future__ import annotations

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from tavana.accounts.access import require
from tavana.core.forms import StyledForm
from tavana.core.progress import progress_get

from .limits import MAX_UPLOAD_BYTES
from .services import import_start
from .tabular import EXTENSIONS
from .tasks import KIND, job_dir

MAX_UPLOAD = MAX_UPLOAD_BYTES  # 20 MB: about 150,000 rows of xlsx


class ImportForm(StyledForm):
    file = forms.FileField(
        label="فایل فهرست (xlsx یا csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "فایلی انتخاب نشده است.", "empty": "فایل خالی است."},
    )
    dry_run = forms.BooleanField(
        label="فقط بررسی آزمایشی (چیزی ذخیره نشود)", required=False, initial=False
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = f.name or ""
        ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if ext not in EXTENSIONS:
            raise forms.ValidationError("فقط فایل xlsx یا csv پذیرفته می‌شود.")
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError("فایل بزرگ‌تر از ۲۰ مگابایت است؛ آن را چند بخش کنید.")
        return f


def _job(request, job_id: str):
    job = progress_get(task_id=job_id)
    if job is None or job.kind != KIND or job.owner_id != request.user.pk:
        raise Http404
    return job


@require("person.import")
def upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            job_id = import_start(
                actor=request.user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("people_import:job", job_id=job_id)
    return render(request, "people/import/upload.html", {"form": form})


@require("person.import")
def job(request, job_id: str):
    return render(request, "people/import/job.html", {"job": _job(request, job_id)})


@require("person.import")
def summary(request, job_id: str):
    return render(request, "people/import/_summary.html", {"job": _job(request, job_id)})


@require("person.import")
def report(request, job_id: str):
    job = _job(request, job_id)
    name = (job.result or {}).get("report")
    if not job.finished or not name:
        raise Http404
    path = job_dir(job_id) / name
    if not path.exists():
        raise Http404
    original = (job.result or {}).get("file") or "import"
    stem = original.rsplit(".", 1)[0]
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{stem}-ردشده{path.suffix}")
