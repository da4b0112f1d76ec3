"""What keeps `tavana demo` off a real database (security finding 3).

The demo creates accounts whose passwords it prints. It therefore runs only:
- under settings that are not production (`TAVANA_PRODUCTION` false), and
- on a database that is empty, or that an earlier `tavana demo` marked as its
  own (`core.DemoInstall`); a database holding accounts or persons without the
  mark is refused, whatever the settings say.
Its users' passwords are derived from a random secret kept in that mark, so
no two installs share a password and none is published anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import connection

REFUSED_PRODUCTION = (
    "tavana demo با تنظیمات production اجرا نمی‌شود: داده و کاربران نمایشی روی سامانهٔ واقعی "
    "ساخته نمی‌شوند."
)
REFUSED_DATA = (
    "tavana demo روی این پایگاه داده اجرا نمی‌شود: در آن کاربر یا پرونده‌ای هست که دمو "
    "نساخته است. برای دمو پوشهٔ دادهٔ تازه‌ای بدهید (TAVANA_HOME) یا پایگاه دادهٔ خالی."
)


class DemoRefused(Exception):
    """`str(e)` is the Persian reason."""


def demo_database_check() -> None:
    """Refuse production settings and a database with data the demo did not make.
    Runs before `migrate`, so it reads only tables that exist."""
    if getattr(settings, "TAVANA_PRODUCTION", False):
        raise DemoRefused(REFUSED_PRODUCTION)
    tables = set(connection.introspection.table_names())
    with connection.cursor() as c:
        if "core_demoinstall" in tables:
            c.execute("SELECT 1 FROM core_demoinstall LIMIT 1")
            if c.fetchone():
                return
        for table in ("accounts_user", "people_person"):
            if table in tables:
                c.execute(f"SELECT 1 FROM {table} LIMIT 1")
                if c.fetchone():
                    raise DemoRefused(REFUSED_DATA)


def demo_secret() -> str:
    """This install's demo secret (made, and the database marked, on first use)."""
    from .models import DemoInstall

    row = DemoInstall.objects.order_by("pk").first()
    if row is None:
        row = DemoInstall.objects.create(secret=secrets.token_hex(32))
    return row.secret


def demo_password(username: str, secret: str | None = None) -> str:
    """A demo user's password: unique to this install, printed by `tavana demo`."""
    key = (secret or demo_secret()).encode()
    digest = hmac.new(key, username.encode(), hashlib.sha256).hexdigest()
    return f"{username}-{digest[:12]}"
