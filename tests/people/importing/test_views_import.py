"""The registrars' upload page: upload, background import, progress, summary, report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tavana.core.models import District, JobProgress
from tavana.people.models import Person

from .import_files import PERSIAN_HEADERS, read_report, sample_rows, write_xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def districts(db):
    District.objects.bulk_create([District(number=i, name=f"منطقه {i}") for i in range(1, 23)])


def upload(client, tmp_path, *, dry_run=False, capture):
    path = write_xlsx(tmp_path / "فهرست.xlsx", PERSIAN_HEADERS, sample_rows())
    data = {"file": SimpleUploadedFile("فهرست.xlsx", path.read_bytes(), content_type=XLSX)}
    if dry_run:
        data["dry_run"] = "on"
    with capture(execute=True):
        return client.post(reverse("people_import:upload"), data)


def test_upload_runs_the_import_and_shows_the_summary(
    client_as, tmp_path, districts, django_capture_on_commit_callbacks
):
    client = client_as("registrar")
    assert client.get(reverse("people_import:upload")).status_code == 200
    response = upload(client, tmp_path, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = JobProgress.objects.get(kind="person.import")
    assert response["Location"] == reverse("people_import:job", args=[job.task_id])
    assert job.finished and not job.failed and job.owner == client.user
    assert job.result["created"] == 4 and job.result["rejected"] == 2
    assert Person.objects.count() == 4

    page = client.get(response["Location"]).content.decode()
    assert "job-progress" in page and 'data-count="created">۴<' in page
    partial = client.get(reverse("people_import:summary", args=[job.task_id])).content.decode()
    assert 'data-count="rejected">۲<' in partial and "hx-get" not in partial

    report = client.get(reverse("people_import:report", args=[job.task_id]))
    assert report.status_code == 200
    assert "attachment" in report["Content-Disposition"]
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"".join(report.streaming_content))
    rows = read_report(out)
    assert len(rows) == 3 and rows[0][-1] == "دلیل رد"


def test_dry_run_from_the_page_saves_nothing(
    client_as, tmp_path, districts, django_capture_on_commit_callbacks
):
    client = client_as("registrar")
    upload(client, tmp_path, dry_run=True, capture=django_capture_on_commit_callbacks)
    job = JobProgress.objects.get(kind="person.import")
    assert job.result["dry_run"] and job.result["created"] == 4
    assert Person.objects.count() == 0
    page = client.get(reverse("people_import:job", args=[job.task_id])).content.decode()
    assert "آزمایشی" in page


def test_only_the_uploader_sees_the_job_and_its_report(
    client_as, client, make_user, tmp_path, districts, django_capture_on_commit_callbacks
):
    owner = client_as("registrar")
    upload(owner, tmp_path, capture=django_capture_on_commit_callbacks)
    job = JobProgress.objects.get(kind="person.import")
    other = make_user("registrar", username="another-registrar")
    owner.force_login(other)
    for name in ("people_import:job", "people_import:summary", "people_import:report"):
        assert owner.get(reverse(name, args=[job.task_id])).status_code == 404
    owner.force_login(make_user("trainer", username="a-trainer"))
    assert owner.get(reverse("people_import:upload")).status_code == 403


def test_unfinished_job_polls(client_as, districts):
    client = client_as("registrar")
    JobProgress.objects.create(task_id="abc", kind="person.import", owner=client.user, total=10)
    partial = client.get(reverse("people_import:summary", args=["abc"])).content.decode()
    assert "hx-get" in partial and "every 1s" in partial
    assert client.get(reverse("people_import:report", args=["abc"])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"%PDF-1.4", "فقط فایل xlsx یا csv"),
        ("people.xlsx", b"not a zip file at all", "xlsx خوانده نمی‌شود"),
        ("people.csv", "الف,ب\n1,2\n".encode(), "سطر عنوان ستون‌ها شناخته نشد"),
        ("people.csv", b"", "خالی"),
    ],
)
def test_bad_uploads_get_a_persian_message(client_as, districts, name, content, message):
    client = client_as("registrar")
    response = client.post(
        reverse("people_import:upload"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JobProgress.objects.filter(kind="person.import").exists()


def test_too_large_upload_is_refused(client_as, districts, monkeypatch):
    from tavana.people.importing import views as views_import

    monkeypatch.setattr(views_import, "MAX_UPLOAD", 10)
    client = client_as("registrar")
    response = client.post(
        reverse("people_import:upload"),
        {"file": SimpleUploadedFile("people.csv", b"national_code,first_name\n1,2\n")},
    )
    assert "بزرگ‌تر" in response.content.decode()
