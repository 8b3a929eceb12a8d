"""The one settings module, driven by environment variables (see .env.example)."""

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from par.core.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
# Production (DEBUG off) refuses to start without its own key: with a key printed here anyone could sign rating
# codes, sessions and password-reset links offline (docs/decisions/0099). Only development falls back to it.
_DEVELOPMENT_KEY = "par-development-key-not-for-production"  # noqa: S105
SECRET_KEY = envstr("SECRET_KEY", "") or (_DEVELOPMENT_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", _DEVELOPMENT_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG off the server needs its own secret key, e.g. "
        "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
        "for development set DEBUG=1 instead (see .env.example)."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "django_tasks",
    "django_tasks.backends.database",
    "par.core",
    "par.orgunits",
    "par.accounts",
    "par.audit",
    "par.metrics",
    "par.calendars",
    "par.plans",
    "par.notices",
    "par.catalog",
    "par.dossiers",
    "par.petitions",
    "par.portal",
    "par.inspections",
    "par.reporting",
    "par.scoring",
    "par.surveys",
    "par.dashboards",
    "par.apitokens",
    "par.sync",
    "par.api",
    "par.demo",
]

MIDDLEWARE = [
    # First, so that its duration covers every other middleware; a level check only unless LOG_REQUESTS=1.
    "par.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The public JSON lookup runs through a second handler with only these (par/core/lean.py, decision 0168): no
# session, user, CSRF, messages or locale negotiation for an anonymous GET that answers in Vietnamese.
PAR_LEAN_PATHS = ("/api/v1/public/dossiers/",)
PAR_LEAN_MIDDLEWARE = [
    "par.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",  # ALLOWED_HOSTS, as on every other path
]

ROOT_URLCONF = "par.urls"
WSGI_APPLICATION = "par.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "par" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "par.accounts.context_processors.navigation",
            ],
        },
    },
]

# SQLite (WAL) is the embedded default for the demo; PostgreSQL through DATABASE_URL in production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", "") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Each server process keeps its connection for a minute instead of opening one per request (a third
        # of an uncached public lookup's time went to connecting), checked before reuse. The development
        # server runs each request in a thread of its own, where a kept connection would only linger: 0 there.
        conn_max_age=envint("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# Behind a pooler in transaction mode (pgbouncer's pool_mode=transaction; PGBOUNCER=1 or
# DATABASE_POOLER=transaction) a server connection serves another client after each transaction, so nothing may
# outlive one: no server-side cursors (Django declares them WITH HOLD outside a transaction), no statements that
# psycopg prepares on the server after a few runs of the same SQL (par.core.prepared's lookups would be the first:
# they stay plain parameterised queries), and no kept client connection, which the pooler makes cheap to open
# (DB_CONN_MAX_AGE still wins when set). Applies to every PostgreSQL alias. Decision 0176.
DATABASE_POOLER = envstr("DATABASE_POOLER", "transaction" if envbool("PGBOUNCER", False) else "")
if DATABASE_POOLER not in ("", "session", "transaction"):
    raise ImproperlyConfigured(
        f"DATABASE_POOLER must be empty, session or transaction, not {DATABASE_POOLER!r}"
    )
# A streaming replica of the same database: the public lookup and the report reads go there (par.core.db_router,
# decision 0176); everything else, every write and every read inside a transaction stays on "default".
_replica_url = envstr("DATABASE_REPLICA_URL", "")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    # The test run reads the replica alias from the test database itself (no second copy is created).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["par.core.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "par.core.db_router.PinAfterWriteMiddleware",
    )
# Seconds a signed-in user's reads stay on "default" after they changed something, so that they see their own
# change before the replica has replayed it.
PAR_REPLICA_PIN_SECONDS = envint("PAR_REPLICA_PIN_SECONDS", 10)
if DATABASE_POOLER == "transaction":
    for _database in DATABASES.values():
        if _database["ENGINE"] == "django.db.backends.postgresql":
            _database["DISABLE_SERVER_SIDE_CURSORS"] = True
            _database.setdefault("OPTIONS", {})["prepare_threshold"] = None
            if "DB_CONN_MAX_AGE" not in os.environ:
                _database["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Permissions on a unit from the user's memberships (orgunits asks has_perm; decision 0160).
    "par.accounts.backends.UnitRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures on the public-facing login (django-axes): a username at one address after
# AXES_FAILURE_LIMIT failures, the address itself after PAR_LOGIN_ADDRESS_FAILURE_LIMIT failures whatever the
# usernames (password spraying). The handler reads the two counts in this order (decision 0100).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
PAR_LOGIN_ADDRESS_FAILURE_LIMIT = envint("PAR_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "par.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "par.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("AXES_ENABLED", True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# The project catalogue, then each app's own (par/<app>/locale). Listed here, rather than found as app
# catalogues, so that they win over Django's bundled translations of common words ("History", "Save").
LOCALE_PATHS = [BASE_DIR / "par" / "locale", *sorted((BASE_DIR / "par").glob("*/locale"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["par.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "par" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            # Hashed names need `collectstatic`; tests and the demo serve the source files directly.
            if envbool("STATIC_MANIFEST", not DEBUG and "pytest" not in sys.modules)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks.backends.database.DatabaseBackend"),
    }
}
# /readyz answers 503 once a task has waited this many minutes to run: the worker is down or cannot keep up
# (decision 0162).
PAR_READY_MAX_QUEUE_AGE = envint("PAR_READY_MAX_QUEUE_AGE", 10)
# A dashboard table with more rows than this is exported by a background task with a progress page instead of
# within the request (decision 0173).
PAR_EXPORT_INLINE_MAX_ROWS = envint("PAR_EXPORT_INLINE_MAX_ROWS", 2000)
# `manage.py backup` / `restore` on PostgreSQL: the folder of pg_dump, pg_restore and psql; empty, the server's
# own version's Debian folder (/usr/lib/postgresql/N/bin), then PATH (decision 0161).
PAR_PG_BIN = envstr("PAR_PG_BIN", "")

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "par@localhost")
# Text messages to online applicants: the dotted path of a callable `send(phone, text)` that the province
# connects to its SMS gateway (e.g. "myprovince.sms.send"); empty, the default, sends none (decision 0109).
PAR_APPLICANT_SMS = envstr("PAR_APPLICANT_SMS", "")

# Sync to the national level (decision 0171). A province writes its outbox only with SYNC_ENABLED, and pushes it
# to SYNC_NATIONAL_URL (the national deployment's /api/v1/national/inbox/) with its SYNC_NATIONAL_TOKEN. A failed
# push is tried again after SYNC_BACKOFF_SECONDS × 2^(attempts-1) (at most SYNC_BACKOFF_MAX_SECONDS), and is
# set aside for an administrator (dead) after SYNC_MAX_ATTEMPTS. PAR_MODE=national makes this deployment the
# Ministry's: it accepts the provinces' pushes and shows them side by side.
SYNC_ENABLED = envbool("SYNC_ENABLED", False)
SYNC_NATIONAL_URL = envstr("SYNC_NATIONAL_URL", "")
SYNC_NATIONAL_TOKEN = envstr("SYNC_NATIONAL_TOKEN", "")
SYNC_TIMEOUT_SECONDS = envint("SYNC_TIMEOUT_SECONDS", 10)
SYNC_BACKOFF_SECONDS = envint("SYNC_BACKOFF_SECONDS", 30)
SYNC_BACKOFF_MAX_SECONDS = envint("SYNC_BACKOFF_MAX_SECONDS", 3600)
SYNC_MAX_ATTEMPTS = envint("SYNC_MAX_ATTEMPTS", 10)
PAR_MODE = envstr("PAR_MODE", "province")
if PAR_MODE not in ("province", "national"):
    raise ImproperlyConfigured(f"PAR_MODE must be province or national, got {PAR_MODE!r}")

REST_FRAMEWORK = {
    # The token first: its "WWW-Authenticate: Token" makes a missing or refused credential a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "par.apitokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "par.core.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON bodies must be objects: an array is a 400 before any view reads it (par.core.params).
    "DEFAULT_PARSER_CLASSES": [
        "par.core.params.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Bounded limit/offset: at most PAR_API_MAX_PAGE_SIZE rows a page, bad paging is a 400 (decision 0100).
    "DEFAULT_PAGINATION_CLASS": "par.core.pagination.BoundedLimitOffsetPagination",
    # The actions' refusals answer 400 / 403 / 409 as on the screens (par.core.http, decision 0106).
    "EXCEPTION_HANDLER": "par.core.http.api_exception_handler",
    "PAGE_SIZE": 100,
    "DATETIME_FORMAT": "iso-8601",
}
# The largest page an API list answers (?limit=); the default page is REST_FRAMEWORK's PAGE_SIZE.
PAR_API_MAX_PAGE_SIZE = envint("PAR_API_MAX_PAGE_SIZE", 500)
SPECTACULAR_SETTINGS = {
    "TITLE": "PAR API",
    "DESCRIPTION": (
        "Public-administration reform: units, plans, reports, index, one-stop shop. Send `Authorization: Token "
        "par_…`; send back the `version` you read with every change: a 409 `conflict` means read again, then retry "
        '(README, "Calling the API").'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page (/api/v1/docs/) serves Swagger UI from this site's static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "displayOperationId": False},
    # One name per choice set: several apps have a "state" field with their own states.
    "ENUM_NAME_OVERRIDES": {
        "DossierStateEnum": "par.dossiers.models.DossierState",
        "PetitionStateEnum": "par.petitions.models.PetitionState",
        "PlanStateEnum": "par.plans.models.PlanState",
        "ReportStateEnum": "par.reporting.models.ReportState",
        "AssessmentStateEnum": "par.scoring.models.AssessmentState",
        "QuestionnaireStateEnum": "par.surveys.models.QuestionnaireState",
        "UnitGroupEnum": "par.orgunits.groups.UnitGroup",
    },
}

# Content Security Policy: every asset is served from this origin (no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "par.core.errors.csrf_failure"

# HTTPS. With DEBUG off every default is the safe one (docs/decisions/0099): plain-HTTP requests are redirected,
# browsers are told to use HTTPS only (HSTS) and cookies travel over HTTPS only. Behind a reverse proxy that ends
# TLS, SECURE_PROXY_SSL_HEADER names the header it sets, e.g. "X-Forwarded-Proto,https" (the proxy must
# overwrite a client's own); without it every request looks like plain HTTP and is redirected again.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
_proxy_header = envlist("SECURE_PROXY_SSL_HEADER", [])
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must be a header and its value, e.g. X-Forwarded-Proto,https; got {_proxy_header!r}"
        )
    _name = _proxy_header[0].upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (_name if _name.startswith("HTTP_") else f"HTTP_{_name}", _proxy_header[1])
# Preloading (security.W021) is a commitment of the whole domain that its owner makes at hstspreload.org, not a
# default this application can make for the province: SECURE_HSTS_PRELOAD=1 once the domain is enrolled.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Working-day clock: a dossier or document received after this local time counts from the next working day.
PAR_WORKDAY_CUTOFF = envstr("PAR_WORKDAY_CUTOFF", "15:00")
# Working hours of a new calendar, "morning start-end,afternoon start-end" in local time: due times of limits
# under a day or with a half day are counted on them (decision 0154). Each calendar can then set its own.
_hours = re.fullmatch(
    r"\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*,\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*",
    envstr("PAR_WORKING_HOURS", "07:00-11:30,13:30-17:00"),
)
if (
    _hours is None
    or not all(int(t[:2]) < 24 and int(t[3:]) < 60 for t in _hours.groups())
    or not (_hours[1] < _hours[2] <= _hours[3] < _hours[4])
):
    raise ImproperlyConfigured(
        "PAR_WORKING_HOURS must be two ordered sessions as HH:MM-HH:MM,HH:MM-HH:MM, e.g. 07:00-11:30,13:30-17:00"
    )
PAR_WORKING_HOURS = _hours.groups()
# A due time is the end of the morning or afternoon session in which the working time runs out ("session"), or
# that exact moment ("exact").
PAR_DUE_TIME_ROUNDING = envstr("PAR_DUE_TIME_ROUNDING", "session")
if PAR_DUE_TIME_ROUNDING not in ("session", "exact"):
    raise ImproperlyConfigured(
        f"PAR_DUE_TIME_ROUNDING must be session or exact, got {PAR_DUE_TIME_ROUNDING!r}"
    )
PAR_DEMO_PROVINCE = envstr("PAR_DEMO_PROVINCE", "38")
# Absolute address of the site (scheme and host, no trailing slash): every link that leaves the site is built
# on it (receipts' QR codes, lookup links, survey links, e-mails), never on the request's Host header. Required
# in production; the development server's address otherwise.
PAR_SITE_URL = envstr("PAR_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not PAR_SITE_URL:
    raise ImproperlyConfigured(
        "PAR_SITE_URL is not set. With DEBUG off the server needs the public address of the site, "
        "e.g. PAR_SITE_URL=https://dichvucong.thanhhoa.gov.vn (see .env.example)."
    )
if urlsplit(PAR_SITE_URL).scheme not in ("http", "https") or not urlsplit(PAR_SITE_URL).netloc:
    raise ImproperlyConfigured(
        f"PAR_SITE_URL must be an address such as https://example.gov.vn, not {PAR_SITE_URL!r}"
    )
# Largest evidence file accepted, in MB.
PAR_EVIDENCE_MAX_MB = envint("PAR_EVIDENCE_MAX_MB", 20)
# Working days a unit has to answer a petition, counted from its receipt (decision 0080).
PAR_PETITION_ANSWER_DAYS = envint("PAR_PETITION_ANSWER_DAYS", 20)
# An apology slip's new appointment date: a working day, at most this many working days after the current
# appointment (decision 0074).
PAR_APOLOGY_MAX_WORKING_DAYS = envint("PAR_APOLOGY_MAX_WORKING_DAYS", 30)
# The PAR index: what a survey criterion scores for a unit with no survey answers in the period (decision 0121).
# "exclude": the criterion is left out and the index is points ÷ the unit's applicable maximum (as Hà Nội rescales
# a unit without survey); "council": the appraisal council scores it, with a reason, before approving. A
# framework takes this value when it is created and keeps its own afterwards (the PAR officer may change it).
PAR_INDEX_NO_SURVEY_RULE = envstr("PAR_INDEX_NO_SURVEY_RULE", "exclude")
if PAR_INDEX_NO_SURVEY_RULE not in ("exclude", "council"):
    raise ImproperlyConfigured(
        f"PAR_INDEX_NO_SURVEY_RULE must be exclude or council, got {PAR_INDEX_NO_SURVEY_RULE!r}"
    )
# The public dossier lookup: requests per client address per window ("count/seconds"), and how long an
# answer stays cached (each transition drops it at once; decision 0081).
PAR_PUBLIC_LOOKUP_RATE = envstr("PAR_PUBLIC_LOOKUP_RATE", "120/60")
PAR_PUBLIC_LOOKUP_CACHE_SECONDS = envint("PAR_PUBLIC_LOOKUP_CACHE_SECONDS", 300)
# How long a dashboard's tables, once computed for a reader, are shown again before they are computed afresh; the
# page prints when they were computed and offers to recompute them (decision 0157). 0: computed on every request.
PAR_DASHBOARD_SNAPSHOT_SECONDS = envint("PAR_DASHBOARD_SNAPSHOT_SECONDS", 300)
# Public forms without sign-in (online dossiers, petitions, follow-ups): submissions per client address.
PAR_PUBLIC_FORM_RATE = envstr("PAR_PUBLIC_FORM_RATE", "20/600")
# Survey kiosks (decisions 0097, 0098): hours a kiosk session opened by an officer lasts; answers per kiosk
# session per window ("count/seconds", beyond it HTTP 429); a burst, more than N answers within M seconds
# ("N/M"), is flagged for the appraisal council and kept out of the satisfaction index until reviewed.
PAR_KIOSK_SESSION_HOURS = envint("PAR_KIOSK_SESSION_HOURS", 12)
PAR_KIOSK_ANSWER_RATE = envstr("PAR_KIOSK_ANSWER_RATE", "30/3600")
PAR_KIOSK_BURST = envstr("PAR_KIOSK_BURST", "3/60")
for _name in ("PAR_KIOSK_ANSWER_RATE", "PAR_KIOSK_BURST"):
    if not re.fullmatch(r"[1-9][0-9]*/[1-9][0-9]*", globals()[_name]):
        raise ImproperlyConfigured(f"{_name} must be count/seconds such as 30/3600, got {globals()[_name]!r}")
if not 1 <= PAR_KIOSK_SESSION_HOURS <= 24 * 7:
    raise ImproperlyConfigured("PAR_KIOSK_SESSION_HOURS must be between 1 and 168")

# API tokens for other systems (decision 0102): days a new token lasts unless the issuer says otherwise, and
# the longest allowed. Keys look like "par_" + 64 hex digits; only their hash is stored (django-rest-knox).
PAR_API_TOKEN_DAYS = envint("PAR_API_TOKEN_DAYS", 90)
PAR_API_TOKEN_MAX_DAYS = envint("PAR_API_TOKEN_MAX_DAYS", 365)
if not 1 <= PAR_API_TOKEN_DAYS <= PAR_API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured("PAR_API_TOKEN_DAYS must be between 1 and PAR_API_TOKEN_MAX_DAYS")
# knox's credential model is swappable; naming it lets migrations that point at it resolve the dependency.
KNOX_TOKEN_MODEL = "knox.AuthToken"
REST_KNOX = {
    "TOKEN_PREFIX": "par_",
    "AUTH_HEADER_PREFIX": "Token",
    # Every token is issued with its own expiry (do_issue_api_token); none is ever extended by use.
    "AUTO_REFRESH": False,
}
# Files those forms accept (decision 0100): per submission at most this many files and MB in all, and per
# client address at most "MB/seconds" over a window; each file is also at most PAR_EVIDENCE_MAX_MB.
PAR_PUBLIC_UPLOAD_MAX_FILES = envint("PAR_PUBLIC_UPLOAD_MAX_FILES", 10)
PAR_PUBLIC_UPLOAD_MAX_MB = envint("PAR_PUBLIC_UPLOAD_MAX_MB", 20)
PAR_PUBLIC_UPLOAD_RATE = envstr("PAR_PUBLIC_UPLOAD_RATE", "60/3600")
# Files in any one request, signed in or not (Django refuses more with a 400 before any view runs).
DATA_UPLOAD_MAX_NUMBER_FILES = envint("DATA_UPLOAD_MAX_NUMBER_FILES", 20)

# The cache holds the public lookup's answers and rate-limit counters. Each process has its own memory cache;
# with several server processes set CACHE_URL so that they share one (invalidation on a transition and the rate
# limit then hold across processes): redis://host:port/db (Django's Redis cache; the counters are atomic there),
# or file:///a/directory for a single machine without Redis (slower, and its counters can miss a few
# concurrent requests). Decision 0129.
_cache_url = envstr("CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "par"),
        }
    }
elif _cache_url.startswith("file://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _cache_url.removeprefix("file://"),
        }
    }
elif _cache_url:
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty, redis://host:port/db or file:///a/directory, not {_cache_url!r}"
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "par"}}

# Logs go to standard error: as plain text (LOG_FORMAT=text, the default), or one JSON object a line
# (LOG_FORMAT=json: time in UTC, level, logger, message and the record's fields) for a log collector.
# LOG_REQUESTS=1 adds one line per request (method, route, status, duration; par.core.logs).
LOG_FORMAT = envstr("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # dictConfig builds every formatter listed, used or not: the JSON one is listed only when chosen.
    "formatters": {"json": {"()": "par.core.logs.JsonFormatter"}} if LOG_FORMAT == "json" else {},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
    "loggers": {"par.request": {"level": "INFO" if envbool("LOG_REQUESTS", False) else "NOTSET"}},
}
