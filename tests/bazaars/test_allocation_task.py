"""The allocation task on the real database queue: progress, result, audit."""

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.bazaars.models import Assignment, Round
from tavana.bazaars.tasks import KIND, allocate_round
from tavana.core.models import JobProgress
from tavana.core.progress import progress_start

from . import factories as f


@pytest.mark.django_db(transaction=True)
def test_the_worker_allocates_a_round_and_the_page_shows_the_figures(client_as):
    from django_tasks_db.management.commands.db_worker import Worker

    c = client_as(roles.BAZAAR_ORGANISER)
    r = f.round_()
    e = f.event(r, booths=2)
    women = [f.producer(primary_earner=i < 2) for i in range(5)]
    for w in women:
        f.apply(w, e)
    Round.objects.filter(pk=r.pk).update(status=Round.SOLVING, task_id="alloc-1")
    progress_start(task_id="alloc-1", kind=KIND, owner=c.user, total=100, message="در صف")
    result = allocate_round.using(backend="database").enqueue(r.pk, c.user.pk, "alloc-1")
    Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="database",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-bazaars",
    ).run()
    result.refresh()
    assert result.status.name == "SUCCESSFUL", result.errors
    assert result.return_value["served"] == 2
    r.refresh_from_db()
    assert r.status == Round.SOLVED and r.result["optimal"]
    held = set(Assignment.objects.values_list("producer_id", flat=True))
    assert held == {women[0].pk, women[1].pk}
    job = JobProgress.objects.get(task_id="alloc-1")
    assert job.finished and not job.failed and "۲ نفر" in job.message
    body = c.get(reverse("bazaars:result", args=[r.pk])).content.decode()
    assert 'data-testid="fairness"' in body and 'hx-trigger="every 1s"' not in body
