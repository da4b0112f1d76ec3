"""`tavana createadmin USERNAME`: the first administrator, with a password you choose.

The password is asked twice on the terminal, or read from the environment
variable TAVANA_ADMIN_PASSWORD (for scripted installs); there is no default.
"""

import os
import sys
from getpass import getpass

from django.core.management.base import BaseCommand, CommandError

from tavana.accounts.services import administrator_create
from tavana.core.errors import ServiceError


class Command(BaseCommand):
    help = "ساختن مدیر سامانه (گذرواژه پرسیده می‌شود یا از TAVANA_ADMIN_PASSWORD خوانده می‌شود)"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, first_name, last_name, **opts):
        password = os.environ.get("TAVANA_ADMIN_PASSWORD", "")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError(
                    "گذرواژه داده نشد: فرمان را در پایانه اجرا کنید یا "
                    "TAVANA_ADMIN_PASSWORD را در محیط بگذارید."
                )
            password = getpass("گذرواژه: ")
            if getpass("تکرار گذرواژه: ") != password:
                raise CommandError("دو گذرواژه یکی نیستند.")
        try:
            user = administrator_create(
                username=username, password=password, first_name=first_name, last_name=last_name
            )
        except ServiceError as e:
            raise CommandError(e.message) from e
        self.stdout.write(f"مدیر سامانه «{user.username}» ساخته شد.")
