"""`tavana worker`: run background tasks (django-tasks-db's worker)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run Tavana's background-task worker."
