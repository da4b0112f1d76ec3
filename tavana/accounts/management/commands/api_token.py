"""`tavana api_token create USERNAME` — make a token for scripts (printed once);
`tavana api_token list [USERNAME]`, `tavana api_token revoke PREFIX`."""

from django.core.management.base import BaseCommand, CommandError

from tavana.accounts.models import ApiToken, User
from tavana.accounts.tokens import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "توکن‌های API برای اسکریپت‌ها: ساختن، فهرست و ابطال"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="ساختن توکن برای یک کاربر (یک بار نمایش داده می‌شود)")
        create.add_argument("username")
        create.add_argument("--name", default="", help="نامی برای شناختن توکن")
        listing = sub.add_parser("list", help="فهرست توکن‌ها")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="ابطال توکن با آغاز آن")
        revoke.add_argument("prefix")

    def handle(self, *args, verb, **opts):
        if verb == "create":
            user = User.objects.filter(username=opts["username"]).first()
            if user is None:
                raise CommandError(f"کاربری با نام «{opts['username']}» نیست.")
            if not user.is_active:
                raise CommandError("این کاربر غیرفعال است.")
            _token, raw = api_token_create(actor=None, user=user, name=opts["name"])
            self.stdout.write(raw)
            self.stderr.write(
                "این توکن فقط همین یک بار نمایش داده می‌شود؛ آن را جای امنی نگه دارید."
            )
        elif verb == "list":
            qs = ApiToken.objects.select_related("user").order_by("created_at")
            if opts.get("username"):
                qs = qs.filter(user__username=opts["username"])
            for t in qs:
                state = "باطل" if t.revoked_at else "فعال"
                used = t.last_used_at.isoformat() if t.last_used_at else "-"
                self.stdout.write(f"{t.prefix}\t{t.user.username}\t{state}\t{used}\t{t.name}")
        else:
            matches = list(ApiToken.objects.filter(prefix=opts["prefix"]))
            if len(matches) != 1:
                raise CommandError("توکنی با این آغاز پیدا نشد (یا بیش از یکی است).")
            api_token_revoke(actor=None, token=matches[0])
            self.stdout.write("توکن باطل شد.")
