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

# The figures page reads figures computed ahead (tavana.insights.snapshot): by
# the demo's build, then by its thread every few minutes (`tavana
# insights_refresh`); the page says when. The cache is a folder in the data
# folder, so the build, the server and a command run beside it share it (no
# Redis needed). TAVANA_INSIGHTS_FRESH_SECONDS=0: computed live on every request.
TAVANA_INSIGHTS_FRESH_SECONDS = int(os.environ.get("TAVANA_INSIGHTS_FRESH_SECONDS", "600"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(TAVANA_HOME / "cache"),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
