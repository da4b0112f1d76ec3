"""The registrars' upload page for a school's list of term results. School lists
are a few hundred rows: the import runs in the request, in one transaction.
The upload and the rejected rows are kept under MEDIA_ROOT/youth_imports/<batch>/
and only the person who uploaded them may fetch the report."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tavana.accounts.access import require
from tavana.core.forms import StyledForm
from tavana.people.importing import EXTENSIONS, UnreadableFile

from ..access import NOT_CLEARED, cleared_for_children
from .importer import HEADERS, import_results

MAX_UPLOAD = 5 * 1024 * 1024


class ResultsUploadForm(StyledForm):
    file = forms.FileField(
        label="فهرست کارنامه‌های مدرسه (xlsx یا csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "فایلی انتخاب نشده است.", "empty": "فایل خالی است."},
    )
    dry_run = forms.BooleanField(label="فقط بررسی آزمایشی (چیزی ذخیره نشود)", required=False)

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = f.name or ""
        ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if ext not in EXTENSIONS:
            raise forms.ValidationError("فقط فایل xlsx یا csv پذیرفته می‌شود.")
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError("فایل بزرگ‌تر از ۵ مگابایت است؛ آن را چند بخش کنید.")
        return f


def _folder(batch: str) -> Path:
    if len(batch) != 32 or not all(c in "0123456789abcdef" for c in batch):
        raise Http404
    return Path(settings.MEDIA_ROOT) / "youth_imports" / batch


def _meta(request, batch: str) -> dict:
    path = _folder(batch) / "meta.json"
    if not path.exists():
        raise Http404
    meta = json.loads(path.read_text(encoding="utf-8"))
    if meta.get("owner") != request.user.pk:
        raise Http404
    return meta


@require("youth.import")
@require_http_methods(["GET", "POST"])
def upload(request):
    form = ResultsUploadForm(request.POST or None, request.FILES or None)
    cleared = cleared_for_children(request.user)
    if request.method == "POST" and not cleared:
        form.is_valid()
        form.add_error(None, NOT_CLEARED)
    elif request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        ext = "." + f.name.rsplit(".", 1)[-1].lower()
        batch = uuid.uuid4().hex
        folder = _folder(batch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"upload{ext}"
        with path.open("wb") as out:
            for part in f.chunks():
                out.write(part)
        try:
            result = import_results(
                path,
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
                report=folder / "rejected.xlsx",
                name=f.name,
            )
        except UnreadableFile as e:
            shutil.rmtree(folder, ignore_errors=True)
            form.add_error("file", str(e))
        else:
            path.unlink(missing_ok=True)  # the marks stay in the records, not in a stray file
            meta = {"owner": request.user.pk, "file": f.name, **result.as_dict()}
            (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
            return redirect("youth:import_result", batch=batch)
    columns = [names[0] for key, names in HEADERS.items() if key != "__ignored__"]
    return render(
        request, "youth/import.html", {"form": form, "columns": columns, "cleared": cleared}
    )


@require("youth.import")
def result(request, batch: str):
    return render(
        request, "youth/import_result.html", {"meta": _meta(request, batch), "batch": batch}
    )


@require("youth.import")
def report(request, batch: str):
    meta = _meta(request, batch)
    path = _folder(batch) / "rejected.xlsx"
    if not meta.get("rejected") or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename="rejected-rows.xlsx")
