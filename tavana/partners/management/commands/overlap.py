"""`tavana overlap encode|count` — see shared/contracts/overlap.md.

    tavana overlap encode LIST --secret-file KEY --output ENCODED.jsonl [--group COLUMN]
    tavana overlap encode --registry --secret-file KEY --output ENCODED.jsonl
    tavana overlap count A.jsonl B.jsonl --output COUNTS.json [--min-cell N]
                         [--agreement ID --by USERNAME]

With `--agreement` and `--by` (beyond the contract) the run is also kept among
the partners' figures: A taken as the partner's list, B as the registry, and
only its counts, suppressed below 5 whatever `--min-cell` says.

Exit status 0 when the output was written; 2 for an unreadable or invalid
input or secret, with a one-line reason on stderr. Nothing goes to stdout.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tavana.accounts.access import user_can
from tavana.accounts.models import User
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.errors import ServiceError
from tavana.partners import overlap, services
from tavana.partners.models import Agreement, OverlapRun

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
        cnt.add_argument("--agreement", type=int, help="شمارهٔ تفاهم‌نامه برای نگه‌داشتن شمارش")
        cnt.add_argument("--by", help="نام کاربری اجراکننده (همراه --agreement)")

    def handle(self, *args, **options):
        try:
            if options["action"] == "encode":
                self._encode(options)
            else:
                keep = self._keeping(options)
                kept = overlap.count_files(
                    Path(options["a"]),
                    Path(options["b"]),
                    Path(options["output"]),
                    options["min_cell"],
                )
                if keep:
                    agreement, user = keep
                    services.overlap_run_record(
                        actor=user, agreement=agreement, result=kept, source=OverlapRun.CLI
                    )
        except (overlap.OverlapInputError, ServiceError) as exc:
            raise CommandError(" ".join(str(exc).split()), returncode=INVALID) from None
        except OSError as exc:
            raise CommandError(
                f"فایل خروجی نوشته نشد: {exc.filename}: {exc.strerror or exc}", returncode=1
            ) from None

    @staticmethod
    def _keeping(options):
        """(agreement, user) to keep the run under, checked before counting; or None."""
        if options["agreement"] is None and not options["by"]:
            return None
        if options["agreement"] is None or not options["by"]:
            raise overlap.OverlapInputError("--agreement و --by با هم داده می‌شوند.")
        agreement = Agreement.objects.filter(pk=options["agreement"]).first()
        if agreement is None:
            raise overlap.OverlapInputError(
                f"تفاهم‌نامهٔ شمارهٔ {to_persian_digits(options['agreement'])} پیدا نشد."
            )
        user = User.objects.filter(username=options["by"], is_active=True).first()
        if user is None or not user_can(user, "partners.manage"):
            raise overlap.OverlapInputError(
                f"کاربر «{options['by']}» نیست یا اجازهٔ کار با همکاران را ندارد."
            )
        return agreement, user

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
