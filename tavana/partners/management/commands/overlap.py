"""`tavana overlap encode|count` — see shared/contracts/overlap.md.

    tavana overlap encode LIST --secret-file KEY --output ENCODED.jsonl [--group COLUMN]
    tavana overlap encode --registry --secret-file KEY --output ENCODED.jsonl
    tavana overlap count A.jsonl B.jsonl --output COUNTS.json [--min-cell N]

Exit status 0 when the output was written; 2 for an unreadable or invalid
input or secret, with a one-line reason on stderr. Nothing goes to stdout.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.partners import overlap

INVALID = 2


class Command(BaseCommand):
    help = "هم‌پوشانی فهرست یک همکار با سامانه، بی‌آنکه نام یا کدی میان دو طرف جابه‌جا شود"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        enc = sub.add_parser("encode", help="رمزکردن یک فهرست یا سامانه با رمز مشترک")
        enc.add_argument("list", nargs="?", help="فایل csv یا xlsx با ستون‌های ورود اطلاعات")
        enc.add_argument("--registry", action="store_true", help="رمزکردن زنان ثبت‌شده در سامانه")
        enc.add_argument("--secret-file", required=True, help="فایل رمز مشترک (دست‌کم ۳۲ بایت)")
        enc.add_argument("--output", required=True, help="فایل JSONL خروجی")
        enc.add_argument("--group", help="ستونی که شمارش بر پایهٔ آن گروه‌بندی می‌شود")
        cnt = sub.add_parser("count", help="شمارش هم‌پوشانی دو فایل رمزشده")
        cnt.add_argument("a", help="رمزشدهٔ فهرست A")
        cnt.add_argument("b", help="رمزشدهٔ فهرست B")
        cnt.add_argument("--output", required=True, help="فایل JSON شمارش‌ها")
        cnt.add_argument("--min-cell", type=int, default=5, help="کوچک‌ترین شمارش نمایش‌دادنی")

    def handle(self, *args, **options):
        try:
            if options["action"] == "encode":
                self._encode(options)
            else:
                overlap.count_files(
                    Path(options["a"]),
                    Path(options["b"]),
                    Path(options["output"]),
                    options["min_cell"],
                )
        except overlap.OverlapInputError as exc:
            raise CommandError(" ".join(str(exc).split()), returncode=INVALID) from None
        except OSError as exc:
            raise CommandError(
                f"فایل خروجی نوشته نشد: {exc.filename}: {exc.strerror or exc}", returncode=1
            ) from None

    @staticmethod
    def _encode(options) -> None:
        if options["registry"] == bool(options["list"]):
            raise overlap.OverlapInputError("یا فایل فهرست را بدهید یا --registry را، نه هر دو.")
        if options["registry"] and options["group"] not in (None, "district"):
            raise overlap.OverlapInputError("گروه سامانه فقط district (منطقه) است.")
        secret = overlap.read_secret(Path(options["secret_file"]))
        output = Path(options["output"])
        if options["registry"]:
            overlap.encode_registry(secret, output)
        else:
            overlap.encode_list(Path(options["list"]), secret, output, options["group"])
