"""`tavana backup [--output FILE|DIR]`: the database and the uploaded documents in
one archive (see tavana.core.backup); prints the archive's path."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.core.backup import backup_create
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError


class Command(BaseCommand):
    help = "پشتیبان از پایگاه داده و مدارک بارگذاری‌شده در یک فایل"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=None, help="file or folder (default TAVANA_HOME/backups/)"
        )

    def handle(self, *args, output, **opts):
        try:
            info = backup_create(output=Path(output) if output else None)
        except ServiceError as e:
            raise CommandError(e.message) from e
        m = info.manifest
        self.stderr.write(
            f"پشتیبان ساخته شد: {m['engine']}، {to_persian_digits(m['audit_entries'])} رویداد ممیزی، "
            f"{m['created_at']}"
        )
        self.stdout.write(str(info.path))
