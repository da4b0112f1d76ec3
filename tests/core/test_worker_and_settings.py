import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.core.models import JobProgress

from .tasks_for_tests import count_to


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_tasks_and_a_page_shows_their_progress(client_as):
    from tavana.core.worker import make_worker

    result = count_to.using(backend="database").enqueue(5)
    assert result.status.name == "READY"
    make_worker(
        worker_id="test", interval=0, batch=True, backend_name="database", startup_delay=False
    ).run()
    result.refresh()
    assert result.status.name == "SUCCESSFUL" and result.return_value == 5
    job = JobProgress.objects.get(task_id=str(result.id))
    assert job.finished and job.percent == 100
    page = client_as(roles.REGISTRAR).get(reverse("core:job_progress", args=[job.task_id]))
    body = page.content.decode()
    assert "۱۰۰٪" in body and "شمارش تمام شد" in body and "hx-get" not in body


@pytest.mark.django_db
def test_a_running_job_keeps_polling(client_as):
    JobProgress.objects.create(task_id="t1", kind="import", total=200, done=50)
    body = client_as(roles.REGISTRAR).get(reverse("core:job_progress", args=["t1"])).content
    body = body.decode()
    assert "۲۵٪" in body and 'hx-trigger="every 1s"' in body and "۵۰ از ۲۰۰" in body


@pytest.mark.django_db
def test_someone_elses_job_is_not_shown(client_as, make_user):
    owner = make_user(roles.REGISTRAR, username="owner")
    JobProgress.objects.create(task_id="t2", kind="import", owner=owner)
    assert (
        client_as(roles.AUDITOR).get(reverse("core:job_progress", args=["t2"])).status_code == 404
    )


def test_settings_are_persian_tehran_and_aware():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "fa" and settings.TIME_ZONE == "Asia/Tehran"
    assert settings.USE_TZ and not settings.DATABASES["default"].get("ATOMIC_REQUESTS")
