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
