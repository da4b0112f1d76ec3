"""A background task used by the worker test (importable by the worker)."""

from django_tasks import task

from tavana.core.progress import progress_finish, progress_start, progress_update


@task(takes_context=True)
def count_to(context, n: int) -> int:
    task_id = str(context.task_result.id)
    progress_start(task_id=task_id, kind="test", total=n, message="شمارش")
    for i in range(1, n + 1):
        progress_update(task_id=task_id, done=i)
    progress_finish(task_id=task_id, result={"n": n}, message="شمارش تمام شد")
    return n


@task()
def make_district(number: int) -> int:
    """Insert one district: run twice, the unique number would make it fail."""
    from tavana.core.models import District

    District.objects.create(number=number, name=f"منطقهٔ آزمایشی {number}")
    return number


@task(takes_context=True)
def write_then_wait(context, number: int, marker: str) -> int:
    """Write inside a transaction, say so through a file, then wait to be killed."""
    import time
    from pathlib import Path

    from django.db import transaction

    from tavana.core.models import District

    task_id = str(context.task_result.id)
    progress_start(task_id=task_id, kind="test", total=1, message="در کار")
    with transaction.atomic():
        District.objects.create(number=number, name="نیمه‌کاره")
        Path(marker).write_text(task_id)
        time.sleep(120)
    return number
