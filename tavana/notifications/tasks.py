"""Background work of the notification service (django-tasks)."""

from django_tasks import task


@task()
def send_due_sms() -> int:
    from .services import sms_flush

    return sms_flush()
