"""Settings for the HPKKT dashboard, read from the environment.

Production is the default: DEBUG is off unless ``DJANGO_DEBUG`` says otherwise, and then a
secret key must be given. Only under DEBUG do the convenient fallbacks apply.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "hpkkt",
    "investments",
    "budget",
    "operations",
    "reports",
    "exchange",
    "dashboard",
    "subscriptions",
    "demo",  # the demo generator sits above the domain apps (``manage.py demo``)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their long cache, everything else is private.
    "hpkkt.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hpkkt.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hpkkt.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dashboard.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "hpkkt.middleware.OTPRequiredMiddleware",
    "hpkkt.middleware.AdminStaffOnlyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out username+IP before the password is checked.
AUTHENTICATION_BACKENDS = [
    "hpkkt.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "hpkkt.urls"
WSGI_APPLICATION = "hpkkt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hpkkt.context_processors.roles",
                "hpkkt.context_processors.navigation",
            ],
        },
    },
]

# SQLite under var/ by default (created on first run); PostgreSQL in production.
DEFAULT_SQLITE = BASE_DIR / "var" / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the figures' queries are short aggregates whose estimated cost (a correlated
    # subquery per row) passes jit_above_cost, and compiling them took longer than running
    # them (236 of 346 ms for the land occupancy at 210,000 projects). Added to the options
    # DATABASE_URL gives; DJANGO_PG_OPTIONS replaces it ("" for none, e.g. behind a PgBouncer
    # that refuses the startup parameter: then set jit = off on the server).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg = os.environ.get("DJANGO_PG_OPTIONS", "-c jit=off")
    if _pg:
        _options["options"] = f"{_options.get('options', '')} {_pg}".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The covering indexes (INCLUDE columns) are PostgreSQL's; SQLite keeps their key part.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# History is read-only in the admin (no "revert"; hpkkt.admin.HistoryAdmin refuses its POST).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Both are needed for 15.441,2: the separator alone is ignored without a grouping.
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3
FORMAT_MODULE_PATH = ["hpkkt.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js straight from the installed plotly package (vendor/plotly/plotly.min.js).
    "dashboard.finders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Background jobs (large imports): django-tasks with its database backend; the worker is
# `python manage.py db_worker` (deploy/hpkkt-worker.service, started by `make run`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Figures (the period summary, the dashboard, the report) are cached per version of the data,
# which database triggers change on every write to these apps' tables (``hpkkt.figures``):
# first in each process's memory, then in a database table all the servers share.
FIGURE_APPS = ("investments", "budget", "operations", "reports")
FIGURES_CACHES = ("figures", "figures_shared")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "hpkkt-figures",
        "OPTIONS": {"MAX_ENTRIES": 100},
    },
    "figures_shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hpkkt_figures_cache",  # created by migration hpkkt 0004
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# Imports (exchange.inspection, exchange.uploads, exchange.jobs): the upload, what it may
# unpack to, rows, cells and shared strings, checked before anything is expanded.
EXCHANGE_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
EXCHANGE_MAX_ROWS = 200_000  # data rows of one sheet
EXCHANGE_UPLOAD_MAX_AGE = 60 * 60  # seconds an unconfirmed upload is kept
EXCHANGE_BACKGROUND_ROWS = 500  # larger workbooks are checked and imported by the worker

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
# Form bodies (files excluded) stay small: an anonymous client cannot make the server parse
# megabytes of form fields. The spreadsheet upload is a file with its own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_DATA_UPLOAD_MAX_BYTES", 2_621_440))
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Security: safe by default, relaxed only for local development (ASVS 5.0 level 2).
SESSION_COOKIE_HTTPONLY = True
# Idle timeout: a stored session expires 30 minutes after its last save, and
# hpkkt.middleware.SessionLifetimeMiddleware refreshes it (once a minute at most) while the
# user is active and ends it 12 hours after the login; the cookie ends with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("DJANGO_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60))
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Load balancers probe /healthz over plain HTTP from inside; it is never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    # Trust X-Forwarded-Proto only behind a proxy that sets it; otherwise any client could
    # claim HTTPS.
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): no inline script anywhere; plotly.js sets inline
# styles and draws into data:/blob: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Login protection (django-axes): a username+IP pair is locked after 5 failures for 15
# minutes, so an attacker elsewhere cannot lock a member of staff out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hpkkt.security.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "hpkkt.audit.client_ip"
HPKKT_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
CSRF_FAILURE_VIEW = "hpkkt.views.csrf_failure"

# Two-factor authentication (django-otp, TOTP): required for superusers, offered to all.
OTP_TOTP_ISSUER = "HPKKT"

# Email: the period reports and alerts (subscriptions). The console backend under DEBUG.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
if os.environ.get("DJANGO_EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["DJANGO_EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "hpkkt@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The dashboard's public address, for the links in emails (e.g. https://hpkkt.example.vn).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "hpkkt.log.StderrHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Logins, failures, lockouts, 403s, imports, exports, user and group changes.
    "loggers": {"hpkkt.security": {"level": "INFO"}, "axes": {"level": "ERROR"}},
}
