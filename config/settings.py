"""Tertial settings.

One module, driven by environment variables (see ``.env.example``). With
nothing set, Tertial runs on embedded defaults: SQLite in ``data/``, DEBUG on,
Celery tasks executed in-process, email printed to the console. With
``DATABASE_URL`` and ``REDIS_URL`` set it takes the production shape:
PostgreSQL, Redis as cache and Celery broker, real workers and beat.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.api_settings import API_APPS, REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401
from config.beat import BEAT_SCHEDULE
from config.env import Env, url_origin

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.str("DATA_DIR", str(BASE_DIR / "data")))

# --- Core -----------------------------------------------------------------

DATABASE = env.database("DATABASE_URL")
REDIS_URL = env.url("REDIS_URL", schemes=("redis", "rediss"))

DEBUG = env.bool("DEBUG", default=DATABASE is None)
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)

_DEV_SECRET_KEY = "django-insecure-tertial-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else None)
if SECRET_KEY is None:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.TertialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_htmx",
    "axes",
    # Who changed which master data when, old and new (municipality.history reads it).
    "simple_history",
    *API_APPS,  # the read-only API (config.api_settings)
    "municipality",
    "budget",
    "followup",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "municipality.middleware.SessionTouchMiddleware",
    # Names the signed-in user as the author of each historical record a request writes.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "municipality.middleware.PeriodLockedMiddleware",
    # Before the login is required: on an empty database there is nobody to log in as.
    "budget.setup.middleware.SetupWizardMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, so that it sees the outcome of authentication attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "municipality.context_processors.shell",
            ],
        },
    },
]

if DATABASE is not None:
    DATABASES = {"default": DATABASE}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tertial.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
    # The embedded database cannot enforce "one report per committee, period and version"
    # with the whole municipality's report (no committee) counted once; PostgreSQL does, and
    # the services make one report at a time either way.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------

AUTH_USER_MODEL = "municipality.User"

# Signing in with the municipality's own accounts (OpenID Connect, municipality.signin): on
# when the issuer and the client id are set. The provider's endpoints come from its discovery
# document; the README says how to register Tertial with Microsoft Entra ID and Keycloak.
OIDC_ISSUER = env.url("OIDC_ISSUER", schemes=("https", "http"))
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", "")
if bool(OIDC_ISSUER) != bool(OIDC_RP_CLIENT_ID):
    raise ImproperlyConfigured("OIDC_ISSUER and OIDC_CLIENT_ID are set together, or neither.")
if OIDC_ISSUER:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("OIDC_CLIENT_SECRET must be set with OIDC_ISSUER.")
    if urlsplit(OIDC_ISSUER).scheme == "http" and urlsplit(OIDC_ISSUER).hostname not in (
        "localhost",
        "127.0.0.1",
        "::1",
    ):
        raise ImproperlyConfigured("OIDC_ISSUER must start with https:// (http only on this host).")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", "openid email profile")
if "openid" not in OIDC_RP_SCOPES.split():
    raise ImproperlyConfigured(f"OIDC_SCOPES={OIDC_RP_SCOPES!r} must include openid.")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", "groups")
OIDC_EMPLOYEE_ID_CLAIM = env.str("OIDC_EMPLOYEE_ID_CLAIM", "employee_id")
OIDC_BUTTON_LABEL = env.str("OIDC_BUTTON_LABEL")
# Link an existing account (no directory identity yet) by its e-mail address even when the
# token does not say the address is verified (Microsoft Entra ID never says).
OIDC_TRUST_EMAIL = env.bool("OIDC_TRUST_EMAIL", default=False)
# mozilla-django-oidc's own settings: state, nonce and PKCE in the session, the ID token kept
# for sign-out at the provider, and how long to wait for the provider.
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", 5, minimum=1)
OIDC_OP_LOGOUT_URL_METHOD = "municipality.signin.views.provider_logout_url"
OIDC_REDIRECT_ALLOWED_HOSTS: list[str] = []
# Passwords kept in Tertial. Production with the municipality's sign-in sets it to false;
# the operator's superusers keep `manage.py` (createsuperuser, changepassword, commands).
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", default=True)
if not LOCAL_PASSWORDS and not OIDC_ISSUER:
    raise ImproperlyConfigured("LOCAL_PASSWORDS=false needs OIDC_ISSUER: else nobody can sign in.")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if LOCAL_PASSWORDS else []),
    "municipality.signin.backend.DirectoryBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "municipality:start"
# While the database holds no municipality, pages send to the first-start wizard
# (budget.setup.middleware); the test suite turns it off, its fixtures build organisations
# without a municipality, and the wizard's own tests turn it on again.
SETUP_WIZARD_REDIRECT = True
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after this many minutes without a request.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", 60, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Saved at most once a minute while in use, by municipality.middleware.SessionTouchMiddleware.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed logins: lock the username from that address after AXES_FAILURE_LIMIT tries, and the
# address across user names after LOGIN_ADDRESS_FAILURE_LIMIT (municipality.access.lockout).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", 15, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_HANDLER = "municipality.access.lockout.LoginLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", 0, minimum=0)

# --- Internationalisation -------------------------------------------------

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Amounts are grouped explicitly by the number filters; years and codes must never be.
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static files ---------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded import files between their upload and their application (budget.ledger.storage):
# on disk, never in the database, in a folder every web process and every worker reaches.
IMPORT_STORAGE_DIR = Path(env.str("IMPORT_STORAGE_DIR", str(DATA_DIR / "imports")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": IMPORT_STORAGE_DIR, "file_permissions_mode": 0o640},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Cache and Celery -----------------------------------------------------

if REDIS_URL is not None:
    CACHES = {
        "default": {
            # A Redis that is down is a cache miss, not a page that fails.
            "BACKEND": "municipality.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tertial",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis the tasks run in-process, so the embedded default needs no worker.
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", 30 * 60, minimum=1)
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An import must not hang when Redis is away: it commits and recomputes in-process instead.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A task is acknowledged once it has run (acks_late); if the worker process running it dies,
# the tasks that may run again (reject_on_worker_lost) go back on the queue at once. If the
# whole worker dies, Redis gives its unacknowledged tasks to another worker only after the
# visibility timeout, which must outlast the longest task (else a slow task would run twice
# at once); meanwhile the jobs sweeper shows the job as interrupted, and the user may retry.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "max_retries": 1,
    "visibility_timeout": max(3600, 2 * CELERY_TASK_TIME_LIMIT),
}
# The Redis result backend is reached before the broker when a task is queued; by default it
# retries twenty times (19 s), then raises. A second try is enough before the work runs here.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
}
# Task modules outside <app>/tasks.py, which the worker would not find by itself.
CELERY_IMPORTS = (
    "budget.forecasting.reminders",
    "budget.ledger.tasks",
    "budget.ledger.imports.tasks",
    "followup.kolada.tasks",
    "followup.reports.tasks",
    "municipality.jobs.tasks",
)
# What Celery beat starts, and when (config/beat.py).
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# --- Email ----------------------------------------------------------------

EMAIL_HOST = env.str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "tertial@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach Tertial at, for the links in emails sent without a request.
SITE_URL = env.url("SITE_URL", schemes=("http", "https")) or "http://localhost:8000"
# Economists whose forecast is not submitted are reminded this many days before the deadline.
FORECAST_REMINDER_DAYS_BEFORE = env.int("FORECAST_REMINDER_DAYS_BEFORE", 3, minimum=0)
# Kolada's API (v3), which the weekly fetch and fetch_kolada ask for comparison values.
KOLADA_API_URL = env.url("KOLADA_API_URL", schemes=("http", "https")) or "https://api.kolada.se/v3"
# Seconds the weekly fetch waits for each of Kolada's answers before it fails.
KOLADA_TIMEOUT = env.int("KOLADA_TIMEOUT", 30, minimum=1)
# The indicator an HR file's measure goes to when not the default (import_staff):
# STAFF_INDICATOR_CODES="årsarbetare=AA,antal anställda=ANST".
STAFF_INDICATOR_CODES = dict(
    (pair.split("=", 1)[0].strip().lower(), pair.split("=", 1)[1].strip())
    for pair in env.list("STAFF_INDICATOR_CODES")
    if "=" in pair
)

# --- Security -------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from Tertial's own files, no inline
# script, no event handler attribute, no eval. Styles may be inline: the charts are
# matplotlib's inline SVG, styled by attribute, and progress bars set their width.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Chromium checks form-action on a form's redirects too: signing out (a POST) goes
        # on to the provider's end-session endpoint.
        "form-action": ["'self'", *([url_origin(OIDC_ISSUER)] if OIDC_ISSUER else [])],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging --------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # django-axes logs every successful login at INFO.
    "loggers": {"axes": {"level": "WARNING"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
}

# --- Application ----------------------------------------------------------

DJANGO_TABLES2_TEMPLATE = "partials/data_table.html"
# Probes reach /healthz/ over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
AXES_VERBOSE = False
WHITENOISE_USE_FINDERS = DEBUG
