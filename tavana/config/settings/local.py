"""The embedded demo / developer settings (`tavana demo`)."""

import os

from .base import *  # noqa: F403
from .base import TAVANA_HOME

DEBUG = os.environ.get("TAVANA_DEBUG", "") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def _local_secret() -> str:
    """A secret key kept in the data folder, made once per installation."""
    import secrets

    path = TAVANA_HOME / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        TAVANA_HOME.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret()

# The demo reminds its users to turn on two-factor sign-in but lets them in
# without it (production enforces it).
TAVANA_TWO_FACTOR_ENFORCED = False
