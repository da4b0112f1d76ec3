"""`tavana restore FILE --yes`: replace the database and the documents with a
backup's (see tavana.core.backup), then verify the audit chain. Stop the web
nodes and workers first; everything written since the backup is lost."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.core.backup import backup_read_manifest, backup_restore
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError


class Command(BaseCommand):
    help = "بازگردانی پایگاه داده و مدارک از یک فایل پشتیبان (هرچه پس از آن نوشته شده از دست می‌رود)"

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="confirm: replace everything")

    def handle(self, *args, archive, yes, **opts):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"فایل «{path}» پیدا نشد.")
        try:
            manifest = backup_read_manifest(path)
            if not yes:
                raise CommandError(
                    f"این کار پایگاه داده را با پشتیبانِ {manifest['created_at']} جایگزین می‌کند؛ "
                    "برای تأیید --yes بیفزایید."
                )
            report = backup_restore(archive=path)
        except ServiceError as e:
            raise CommandError(e.message) from e
        if not report.ok:
            raise CommandError(
                "بازگردانی شد ولی زنجیرهٔ ممیزی در رویداد "
                f"{to_persian_digits(report.broken_seq)} گسسته است: {report.problem}",
                returncode=1,
            )
        self.stdout.write(
            f"بازگردانی شد ({manifest['created_at']})؛ زنجیرهٔ ممیزی سالم است: "
            f"{to_persian_digits(report.checked)} رویداد."
        )
