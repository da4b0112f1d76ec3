"""`tavana import people FILE.(xlsx|csv) [--dry-run] [--report REJECTED.(xlsx|csv)]`

See shared/contracts/import.md and `tavana.people.importing` for the rules.
The last line on stdout is `created N, updated N, unchanged N, rejected N`.
Exit status 0 when the file was processed (even with rejected rows); 2 with a
one-line reason on stderr when it cannot be read at all (nothing is changed).

The audit log names the actor: `--user USERNAME`, or by default a user named
"import" (created on first use, with no role and no password, so it can do
nothing but own these entries).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.people.importing import EXTENSIONS, OTHER_IMPORTS, UnreadableFile, import_people

IMPORT_USER = "import"


class Command(BaseCommand):
    help = "ورود گروهی فهرست افراد از فایل xlsx یا csv به سامانه."
    # like `dedup` and `demo`: a data command; the system checks (and the URL
    # configuration they import) cost half a second of every run
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "what",
            choices=["people", *OTHER_IMPORTS],
            help="چه چیزی وارد شود (people، یا " + "، ".join(OTHER_IMPORTS) + ")",
        )
        parser.add_argument("file", help="فایل xlsx یا csv")
        parser.add_argument("--dry-run", action="store_true", help="فقط بررسی؛ چیزی ذخیره نشود")
        parser.add_argument("--report", help="فایل سطرهای ردشده (xlsx یا csv)")
        parser.add_argument("--user", help="نام کاربری که در دفتر رویدادها ثبت شود")
        parser.add_argument(
            "--duplicates",
            choices=["inline", "task", "off"],
            default="inline",
            help="یافتن موارد احتمالاً تکراری: همین‌جا، در کار پس‌زمینه، یا هیچ",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        report = options.get("report")
        if report and Path(report).suffix.lower() not in EXTENSIONS:
            raise CommandError("پسوند فایل گزارش باید xlsx یا csv باشد.", returncode=2)
        if report and not Path(report).resolve().parent.is_dir():
            raise CommandError(f"پوشهٔ فایل گزارش وجود ندارد: {report}", returncode=2)
        if options["what"] != "people":
            return self._other(options["what"], path, report, options)
        try:
            result = import_people(
                path,
                actor=lambda: self._actor(options.get("user")),
                dry_run=options["dry_run"],
                report=report,
                duplicates=options["duplicates"],
            )
        except UnreadableFile as e:
            raise CommandError(" ".join(str(e).split()), returncode=2) from None
        if result.unknown_columns:
            self.stderr.write(
                "ستون‌های ناشناخته (وارد نشدند، در گزارش ردشده‌ها می‌مانند): "
                + "، ".join(result.unknown_columns)
            )
        if result.dry_run:
            self.stderr.write("اجرای آزمایشی: چیزی در سامانه ذخیره نشد.")
        elif result.duplicates_flagged:
            self.stderr.write(f"duplicates flagged for review: {result.duplicates_flagged}")
        if options["verbosity"] >= 2:
            self.stderr.write(f"{result.rows} rows in {result.seconds:.2f} s")
        self.stdout.write(result.summary_line())

    def _other(self, what, path, report, options):
        try:
            result = OTHER_IMPORTS[what](
                path,
                actor=lambda: self._actor(options.get("user")),
                dry_run=options["dry_run"],
                report=report,
            )
        except UnreadableFile as e:
            raise CommandError(" ".join(str(e).split()), returncode=2) from None
        if result.unknown_columns:
            self.stderr.write(
                "ستون‌های ناشناخته (وارد نشدند، در گزارش ردشده‌ها می‌مانند): "
                + "، ".join(result.unknown_columns)
            )
        if result.dry_run:
            self.stderr.write("اجرای آزمایشی: چیزی در سامانه ذخیره نشد.")
        self.stdout.write(result.summary_line())

    def _actor(self, username):
        from tavana.accounts.models import User

        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"کاربر «{username}» پیدا نشد.", returncode=2)
            return user
        user, created = User.objects.get_or_create(
            username=IMPORT_USER, defaults={"first_name": "ورود گروهی", "is_active": False}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user
