"""`tavana worker`: run background tasks, with leases and a heartbeat.

Run one per process (systemd `tavana-worker@N`); several workers on one queue
never run a task twice, and a task whose worker dies is reaped: marked failed,
its job's owner told, its temporary files removed (tavana.core.leases).
SIGTERM or Ctrl-C lets the running task finish, then stops; a second one stops
at once (the task's transaction rolls back and the reaper tidies up).
`--reap` only reaps what dead workers left, then exits.

Each worker process runs under a memory limit (`TAVANA_WORKER_MEMORY_MB`,
default 3072; 0 for none): a task that would need more fails with
MemoryError (the import answers it with a Persian reason) instead of taking
the machine down.
"""

import os

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from tavana.core import leases
from tavana.core.rlimits import limit_memory
from tavana.core.worker import make_worker, new_worker_id


class Command(DbWorkerCommand):
    help = "Run Tavana's background-task worker (leases, heartbeat, reaper)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", worker_id=None)
        parser.add_argument(
            "--reap", action="store_true", help="reap tasks of dead workers, then exit"
        )

    def handle(self, *, verbosity, reap: bool = False, **options) -> None:
        self.configure_logging(verbosity)
        limit_memory(int(os.environ.get("TAVANA_WORKER_MEMORY_MB", "3072")))
        if reap:
            reaped = leases.tasks_reap()
            self.stdout.write(f"{len(reaped)} task(s) reaped")
            return
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = make_worker(
            worker_id=options["worker_id"] or new_worker_id(),
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            max_tasks=options["max_tasks"],
            startup_delay=options["startup_delay"],
        )
        worker.configure_signals()
        worker.run()
