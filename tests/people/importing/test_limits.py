"""Security finding 2: small uploads must not exhaust memory or CPU. Each
hostile file is generated as the probe built it and must be refused with a
Persian reason — on the form, by the command and in the worker — leaving no
file behind."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tavana.core.models import District, JobProgress
from tavana.people.importing import limits
from tavana.people.importing.tabular import UnreadableFile, open_table
from tavana.people.models import Person

from . import hostile_files as hostile
from .import_files import PERSIAN_HEADERS, sample_rows, write_xlsx


def _refused(path, expected: str) -> None:
    started = time.perf_counter()
    with pytest.raises(UnreadableFile) as err:
        table = open_table(path)
        for _ in table.rows:
            pass
    assert expected in str(err.value)
    # a reason a person reads: Persian, no Python class names
    assert "Error" not in str(err.value) and "پیش‌بینی‌نشده" not in str(err.value)
    assert time.perf_counter() - started < 60  # (a guard against hanging, not a timing test)


def test_column_past_xfd_is_refused_before_a_row_is_built(tmp_path):
    path = hostile.far_column_xlsx(tmp_path / "zz.xlsx")
    assert path.stat().st_size < 4096
    _refused(path, "XFD")


def test_compressed_blanks_are_refused_from_the_archive_directory(tmp_path):
    path = hostile.blanks_xlsx(tmp_path / "blanks.xlsx", mebibytes=64)
    assert path.stat().st_size < 1024 * 1024
    _refused(path, "فشرده")


def test_unpacked_size_is_capped(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "ok.xlsx", PERSIAN_HEADERS, sample_rows() * 200)
    open_table(path)  # within the limits: read as before
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 20_000)
    _refused(path, "مگابایت بیشتر است")


def test_too_many_columns_and_rows_past_excel(tmp_path):
    _refused(hostile.wide_row_xlsx(tmp_path / "wide.xlsx", columns=2000), "۲۵۶ ستون")
    _refused(hostile.far_row_xlsx(tmp_path / "far.xlsx"), "آخرین سطر اکسل")


def test_twelve_million_column_header_is_refused_with_a_reason(tmp_path):
    _refused(hostile.wide_header_csv(tmp_path / "wide.csv"), "سطر ۱ بیش از")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "name", "reason"),
    [
        (hostile.far_column_header_xlsx, "zz.xlsx", "XFD"),
        (hostile.blanks_xlsx, "blanks.xlsx", "فشرده"),
        (hostile.wide_header_csv, "wide.csv", "سطر ۱ بیش از"),
    ],
)
def test_upload_page_refuses_on_the_form_and_leaves_no_file(
    client_as, tmp_path, settings, make, name, reason
):
    District.objects.create(number=4, name="منطقه ۴")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads-tmp")
    (tmp_path / "uploads-tmp").mkdir()
    data = make(tmp_path / name).read_bytes()
    client = client_as("registrar")
    response = client.post(
        reverse("people_import:upload"), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page and "پیش‌بینی‌نشده" not in page
    assert not JobProgress.objects.exists()
    assert list((tmp_path / "uploads-tmp").iterdir()) == []
    assert not any((tmp_path / "media").rglob("*.*"))


@pytest.mark.django_db
def test_worker_answers_a_hostile_file_with_a_reason_and_removes_it(make_user, tmp_path, settings):
    """A file that passed the page (its header was fine) fails in the worker with the
    reason, not «خطای پیش‌بینی‌نشده», and its folder is removed."""
    from tavana.core.progress import progress_start
    from tavana.people.importing.tasks import job_dir, run_import

    settings.MEDIA_ROOT = str(tmp_path / "media")
    user = make_user("registrar")
    folder = job_dir("j1")
    folder.mkdir(parents=True)
    hostile.far_column_xlsx(folder / "upload.xlsx")
    progress_start(task_id="j1", kind="person.import", owner=user, total=0)
    result = run_import.call("j1", user.pk, "zz.xlsx")
    assert "XFD" in result["error"]
    job = JobProgress.objects.get(task_id="j1")
    assert job.failed and "XFD" in job.message
    assert not folder.exists()
    assert not Person.objects.exists()


def test_the_worker_process_runs_under_a_memory_limit():
    code = (
        "from tavana.core.rlimits import limit_memory\n"
        "limit_memory(256)\n"
        "try:\n"
        "    b = bytearray(512 * 1024 * 1024)\n"
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "refused", out.stderr
