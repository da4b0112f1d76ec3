"""Settings shared by every environment.

Environment variables:
- DATABASE_URL: a database URL (postgres://…); empty means the embedded SQLite
  database under TAVANA_HOME.
- TAVANA_HOME: data folder (default ./var) for SQLite, uploads and exports.
- TAVANA_TRUSTED_PROXIES: addresses or networks (comma-separated) of the
  load balancers / reverse proxies whose X-Forwarded-* headers are believed;
  empty (the default) believes nobody. See tavana.core.net.
- TAVANA_LOG_FORMAT: "json" (one JSON object a line) or "text".
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from tavana.core.logs import logging_config
from tavana.core.net import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the tavana package
TAVANA_HOME = Path(os.environ.get("TAVANA_HOME", "var")).resolve()

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # the API docs page and its self-hosted Swagger UI assets
    "tavana.core",
    "tavana.accounts",
    "tavana.audit",
    "tavana.people",
    "tavana.training",
    "tavana.businesses",
    "tavana.bazaars",
    "tavana.casework",
    "tavana.protected",
    "tavana.campaign",
    "tavana.partners",
    "tavana.production",
    "tavana.youth",
    "tavana.insights",
    "tavana.portal",
    "tavana.notifications",
]

MIDDLEWARE = [
    "tavana.core.net.ProxyHeadersMiddleware",  # first: forget untrusted X-Forwarded-*
    "tavana.core.logs.RequestIdMiddleware",
    "tavana.core.request_size.RequestSizeLimitMiddleware",  # 413 before reading a big body
    "django.middleware.security.SecurityMiddleware",
    # pages compressed for a cheap phone's first view (static files come
    # precompressed from WhiteNoise); Django pads the compressed body at random
    # against BREACH, as pages carry a CSRF token
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tavana.accounts.middleware.SessionTimeoutMiddleware",
    "tavana.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "tavana.core.security.SecurityHeadersMiddleware",
]

TRUSTED_PROXIES = parse_networks(os.environ.get("TAVANA_TRUSTED_PROXIES", ""))

ROOT_URLCONF = "tavana.config.urls"
WSGI_APPLICATION = "tavana.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tavana.accounts.context_processors.role",
            ],
            "builtins": ["tavana.core.templatetags.persian"],
        },
    }
]


def database_from_env(default_sqlite: Path) -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(default_sqlite),
        "OPTIONS": {
            # IMMEDIATE: a writer takes the lock at BEGIN, so two writers never
            # deadlock on a read→write upgrade (the audit chain relies on it).
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": database_from_env(TAVANA_HOME / "tavana.sqlite3")}
# Figures and large exports read from DATABASES["replica"] when production has one.
DATABASE_ROUTERS = ["tavana.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ATOMIC_REQUESTS = False  # services own their transactions

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-factor sign-in (TOTP + recovery codes) for administrators and every role that
# may see protected programmes or sensitive fields: enforced (sent to set it up
# before anything else). The demo only reminds (settings/local.py).
TAVANA_TWO_FACTOR_ENFORCED = True
# The audit chain's HMAC key, kept outside the database (docs/security.md, 7);
# unset, one is derived from SECRET_KEY.
TAVANA_AUDIT_KEY = os.environ.get("TAVANA_AUDIT_KEY", "")
# The figures page's snapshots are fresh this long (tavana.insights.snapshot;
# 0: computed live on every request). Production reads TAVANA_INSIGHTS_FRESH_SECONDS.
TAVANA_INSIGHTS_FRESH_SECONDS = 0
OTP_TOTP_ISSUER = "Tavana"

# A password link (new account, reset by an administrator) works once, for 24 hours.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# Login lockout: 5 failures for one username from one address → 15 minutes off.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "tavana.core.net.axes_client_address"  # behind trusted proxies only

# Sessions: idle timeout (cookie age renewed on every request) and an absolute
# limit enforced by SessionTimeoutMiddleware.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_TIMEOUT = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = TAVANA_HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = TAVANA_HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): every script and style is a file of our
# own; nothing inline, nothing from another address. Inline style *attributes*
# stay allowed (a progress bar's width, a few fixed widths): they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# SMS: "console" prints to the log; a provider adapter is configured in production.
TAVANA_SMS_BACKEND = os.environ.get("TAVANA_SMS_BACKEND", "tavana.core.sms.ConsoleSmsBackend")
# Quiet hours a new installation starts with (Tehran time; the administrator
# changes them on the notification settings screen): no SMS in between.
TAVANA_QUIET_HOURS = ("21:00", "08:00")

LOGGING = logging_config(json=os.environ.get("TAVANA_LOG_FORMAT", "text") == "json")

# Error flash messages as Bootstrap's red alert ("alert-danger"; Django's own tag
# "error" has no style, so a refusal looked like any other note).
MESSAGE_TAGS = {40: "danger"}  # django.contrib.messages.constants.ERROR
