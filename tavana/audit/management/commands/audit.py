from django.core.management.base import BaseCommand, CommandError

from tavana.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit log tools. `tavana audit verify` checks the hash chain end to end."

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["verify"])

    def handle(self, *args, operation, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry {report.broken_seq} "
                f"after {report.checked} good entries: {report.problem}",
                returncode=1,
            )
        self.stdout.write(f"audit chain intact: {report.checked} entries verified")
