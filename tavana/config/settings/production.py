"""Production: everything secret or site-specific comes from the environment.

It refuses to start when a setting is missing or half-right, rather than run
in a way nobody chose:

- DATABASE_URL (PostgreSQL; no silent SQLite), DJANGO_SECRET_KEY,
  DJANGO_ALLOWED_HOSTS and TAVANA_REDIS_URL (the cache that throttles and
  sessions share across processes and nodes) are required;
- DATABASE_REPLICA_URL (optional): a streaming replica; figures and large
  exports read from it (tavana.core.replica), writes never go there;
- TAVANA_TRUSTED_PROXIES: the load balancers' addresses (see base.py);
- TAVANA_ERROR_DSN (optional): a Sentry-compatible error reporter;
- TAVANA_LOG_FORMAT: "json" by default here.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from tavana.core.error_reporting import init_error_reporting
from tavana.core.logs import logging_config
from tavana.core.sms import NOT_FOR_PRODUCTION

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, TRUSTED_PROXIES


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


def _flag(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value not in {"0", "1", "true", "false", "yes", "no", "on", "off"}:
        raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")
    return value in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def _postgres(name: str) -> str:
    url = _required(name) if name == "DATABASE_URL" else os.environ.get(name, "").strip()
    if url and urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must be a PostgreSQL URL (postgres://…); production does not run on "
            f"{urlsplit(url).scheme or 'an unnamed engine'}."
        )
    return url


_postgres("DATABASE_URL")  # base.py has already parsed it into DATABASES["default"]
TAVANA_PRODUCTION = True

SECRET_KEY = _required("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = [h.strip() for h in _required("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
DEBUG = False

_replica = _postgres("DATABASE_REPLICA_URL")
if _replica:
    import dj_database_url

    DATABASES["replica"] = dj_database_url.parse(_replica, conn_max_age=60, conn_health_checks=True)

_redis = _required("TAVANA_REDIS_URL")
if urlsplit(_redis).scheme not in {"redis", "rediss", "unix"}:
    raise ImproperlyConfigured("TAVANA_REDIS_URL must look like redis://host:6379/0.")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _redis,
        "KEY_PREFIX": os.environ.get("TAVANA_CACHE_PREFIX", "tavana"),
        "TIMEOUT": 300,
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# Figures over millions of rows: computed ahead (`tavana insights_refresh` from a
# timer) and shared through Redis; the page says when (tavana.insights.snapshot).
TAVANA_INSIGHTS_FRESH_SECONDS = _int("TAVANA_INSIGHTS_FRESH_SECONDS", 600)

# Static files: collected by `tavana serve` (or `tavana collectstatic`) with
# content hashes in their names, so WhiteNoise serves them cached for a year.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

SECURE_SSL_REDIRECT = _flag("DJANGO_SECURE_SSL_REDIRECT", "1")
# Believed only from TRUSTED_PROXIES: tavana.core.net removes it from anyone else.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not TRUSTED_PROXIES and not _flag("TAVANA_DIRECT_TLS", "0"):
    # Behind a proxy that is not trusted every client has the proxy's address: every
    # throttle and the login lockout would count them all as one (five wrong
    # passwords would lock a user out for everyone), and with the SSL redirect on
    # every request would be redirected forever.
    raise ImproperlyConfigured(
        "TAVANA_TRUSTED_PROXIES is empty: behind a proxy every client would share the "
        "proxy's address in every throttle and the login lockout (and with "
        "DJANGO_SECURE_SSL_REDIRECT on, every request would be redirected forever). Set "
        "TAVANA_TRUSTED_PROXIES to the load balancer's address, or TAVANA_DIRECT_TLS=1 if "
        "the server itself faces the clients."
    )
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = _int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# SMS: the console backend writes every message — sign-up codes included — to the
# log; production sends through a provider or not at all (docs/security.md, 10).
TAVANA_SMS_BACKEND = os.environ.get("TAVANA_SMS_BACKEND", "").strip() or (
    "tavana.core.sms.DisabledSmsBackend"
)
if TAVANA_SMS_BACKEND in NOT_FOR_PRODUCTION:
    raise ImproperlyConfigured(
        f"TAVANA_SMS_BACKEND={TAVANA_SMS_BACKEND} keeps or prints messages (codes included) "
        "instead of sending them; production uses a provider (tavana.core.sms.HttpSmsBackend) "
        "or, until one is set up, leaves the variable unset (nothing is sent)."
    )

LOGGING = logging_config(json=os.environ.get("TAVANA_LOG_FORMAT", "json") == "json")
TAVANA_ERROR_REPORTING = init_error_reporting()
