"""`tavana notify`: run reminders, digests and the SMS outbox (a timer calls it
every few minutes; the daily part runs once a day after the digest hour)."""

import json

from django.core.management.base import BaseCommand

from tavana.notifications.services import notify_run


class Command(BaseCommand):
    help = "Run due reminders and digests (once a day) and send the SMS whose time has come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--daily", action="store_true", help="run today's reminders and digests now"
        )

    def handle(self, *args, daily: bool, **options):
        report = notify_run(daily=daily)
        self.stdout.write(json.dumps(report, ensure_ascii=False, default=str))
