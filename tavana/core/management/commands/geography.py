"""`tavana geography load FILE.csv|xlsx [--dry-run]`: replace the city's districts
and neighbourhoods from a file (see tavana.core.geography); `tavana geography
show` lists them. All or nothing: a file with any problem changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError
from tavana.core.geography import geography_load_file
from tavana.core.models import District


class Command(BaseCommand):
    help = "مناطق و محله‌های شهر: بارگذاری از فایل (csv یا xlsx) یا نمایش"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        load = sub.add_parser("load", help="بارگذاری از فایل؛ آنچه در فایل نیست برداشته می‌شود")
        load.add_argument("file")
        load.add_argument("--dry-run", action="store_true", help="فقط بررسی؛ چیزی ذخیره نشود")
        sub.add_parser("show", help="فهرست مناطق و شمار محله‌ها")

    def handle(self, *args, verb, **opts):
        if verb == "show":
            for d in District.objects.order_by("number"):
                n = d.neighbourhoods.count()
                self.stdout.write(f"{d.number}\t{d.name}\t{to_persian_digits(str(n))} محله")
            return
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"فایل «{path}» پیدا نشد.")
        try:
            r = geography_load_file(path=path, dry_run=opts["dry_run"])
        except ServiceError as e:
            raise CommandError("فایل بارگذاری نشد؛ چیزی تغییر نکرد:\n" + e.errors["file"]) from e
        fa = to_persian_digits
        self.stdout.write(
            ("بررسی آزمایشی: " if opts["dry_run"] else "")
            + f"{fa(r.districts)} منطقه و {fa(r.neighbourhoods)} محله؛ "
            + f"افزوده: {fa(len(r.added_districts))} منطقه، {fa(r.added_neighbourhoods)} محله؛ "
            + f"برداشته: {fa(len(r.removed_districts))} منطقه، {fa(r.removed_neighbourhoods)} محله؛ "
            + f"نام تازه: {fa(len(r.renamed_districts))} منطقه."
        )
