"""Settings for Diplomacy Tracker.

Every value comes from the environment through the small helpers below, which fail loudly on a
value they cannot read. With no environment at all the app runs as a developer's copy: DEBUG on,
an embedded SQLite file and a development secret that `check --deploy` rejects.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tracker import __version__ as tracker_version

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origins(name: str) -> list[str]:
    """Web origins ("https://news.example.org", "http://localhost:8001"), separated by spaces or commas;
    anything else (a path, a wildcard, a missing scheme) fails loudly, since each one becomes a
    Content-Security-Policy source."""
    raw = os.environ.get(name, "")
    origins = [item for item in raw.replace(",", " ").split() if item]
    pattern = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
    bad = [origin for origin in origins if not pattern.match(origin)]
    if bad:
        raise ImproperlyConfigured(
            f"{name}: {', '.join(bad)} is not an origin; give scheme://host[:port], e.g. https://news.example.org."
        )
    return origins


# Production is the explicit DJANGO_ENV=production, or simply DEBUG left off.
IS_PRODUCTION = env_str("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not IS_PRODUCTION)
if not DEBUG:
    IS_PRODUCTION = True

DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", None if IS_PRODUCTION else DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "tracker.apps.TrackerConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication, which tells staff (never cut off) from readers.
    "tracker.infra.query_budget.ReaderQueryBudgetMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lock-out response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/tracker)
# moves the app to PostgreSQL.
SQLITE_PATH = Path(env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")))
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # - Connections are kept per worker (DATABASE_CONN_MAX_AGE, as on PostgreSQL): opening one per
    #   request read the schema into an empty page cache every time, doubling a 1M-event selector's
    #   query (4.1 ms against 2.1 ms). In WAL mode an idle connection holds no snapshot, so it never
    #   stops a checkpoint.
    # - WAL lets readers go on while a researcher saves; the pragmas are set on each connection.
    # - The page cache is 8 MiB, not SQLite's 2 MB, filled only as pages are read: the pages of a few
    #   lists stay between requests (one country's year at 1M: 0.78 ms from the cache, 1.2 ms through
    #   the file). 64 MiB was no quicker; exports read with the default (tracker.exports.sql).
    # - tracker.infra.sqlite_backend is Django's backend less a second conversion of dates and booleans.
    DATABASES["default"]["ENGINE"] = "tracker.infra.sqlite_backend"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8192;",
        "transaction_mode": "IMMEDIATE",
    }

# PostgreSQL's JIT compiler is off: it compiles a plan whose estimated cost passes jit_above_cost, and
# stale statistics (a table just emptied after a bulk load) put even a four-row export there, where
# the compiling alone takes longer than a reader's whole query budget. Our statements are short;
# POSTGRES_JIT=1 turns it back on for a deployment that has measured a gain.
POSTGRES_JIT = env_bool("POSTGRES_JIT", False)


def postgres_options(options: dict) -> dict:
    if POSTGRES_JIT:
        return options
    return {**options, "options": " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))}


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = postgres_options(DATABASES["default"].get("OPTIONS", {}))

# An optional PostgreSQL read replica (streaming replication of the primary): reads go there through
# tracker.infra.routers.PrimaryReplicaRouter, writes and migrations to "default". See docs/deployment.md.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to point at PostgreSQL too.")
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["OPTIONS"] = postgres_options(DATABASES["replica"].get("OPTIONS", {}))
    # Test runs point the alias at the primary's test database instead of creating another.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["tracker.infra.routers.PrimaryReplicaRouter"]

# The longest one database statement of a reader's request may run, in milliseconds, before it is
# cut off with a 503 (tracker.infra.query_budget); 0 turns the budget off. Staff, the admin and
# management commands are never cut off. See docs/deployment.md before raising or lowering it.
READER_QUERY_TIMEOUT_MS = env_int("READER_QUERY_TIMEOUT_MS", 2000)
# After a change, the home page and the timeline serve the previous counts (saying when they were
# made) while one background thread recounts, rather than keeping the reader waiting seconds
# (tracker.queries.summaries). Off: the first reader after a change waits for the count.
SUMMARY_RECOUNT_IN_BACKGROUND = env_bool("SUMMARY_RECOUNT_IN_BACKGROUND", True)
if READER_QUERY_TIMEOUT_MS < 0:
    raise ImproperlyConfigured(f"READER_QUERY_TIMEOUT_MS={READER_QUERY_TIMEOUT_MS} is negative; use 0 for no budget.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Plotly's JS is static/plotly/plotly-strict.min.js (`make plotly` fetches it, the same release as
# the plotly package: tracker.checks says when it is missing or differs), never a CDN.
STATICFILES_DIRS = [BASE_DIR / "static"]
PLOTLY_JS = "plotly/plotly-strict.min.js"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION

# Sessions live in the database so any app server can answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LOGIN_URL = "/admin/login/"

# django-axes throttles password guessing on the admin login: AXES_FAILURE_LIMIT failures for one
# username from one address lock that pair out for AXES_COOLOFF_HOURS.
AUTHENTICATION_BACKENDS = [
    "tracker.infra.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client address: REMOTE_ADDR, unless TRUSTED_PROXY_COUNT reverse proxies stand in front of
# the app (nginx: 1), in which case the address the outermost trusted proxy saw, read from the
# right of X-Forwarded-For (tracker.infra.security.client_address). Behind a proxy with the
# default 0, every client shares the proxy's address and one guesser locks everyone out.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "tracker.infra.security.client_address"

# The read-only API: JSON only, anyone may read what anonymous readers may see, one error shape.
REST_FRAMEWORK = {
    # JSON only: "format" is no renderer switch (DRF's default), so ?format=csv is an unknown
    # parameter like any other, not a 404.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tracker.api.errors.error_response",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomacy Tracker API",
    "DESCRIPTION": (
        "Read-only access to the published record of diplomatic events. The event list takes the same "
        "filters as the reader pages, so `/events/?country=KR&country=JP&match=all` and "
        "`/api/events/?country=KR&country=JP&match=all` select the same rows. `/api/statements/` lists the quotes "
        "under the same filters, plus `speaker` and words in the quote. The words and codes in the answers "
        "(EDTF, CAMEO, PLOVER, date precision, lifecycle, the office held then) are explained on the site's "
        "glossary page, [/glossary/](/glossary/)."
    ),
    "VERSION": tracker_version,
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's assets come from drf-spectacular-sidecar's static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"EventKind": "tracker.models.Event.Kind", "Lifecycle": "tracker.models.Event.Lifecycle"},
}

# Content-Security-Policy (django-csp): scripts only from our own origin, never inline. Plotly and
# the admin set inline style attributes, so styles alone may be inline; Plotly's map draws with web
# workers created from blob: URLs. A view that must differ (an embeddable page) says so with
# django-csp's decorators.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# Origins that may frame /embed/timeline/ (a newsroom's site), separated by spaces or commas. Only that
# page may be framed, and only by these origins and this site itself; every other page refuses frames
# (X-Frame-Options DENY and frame-ancestors 'none' above). See docs/deployment.md.
EMBED_ALLOWED_ORIGINS = env_origins("EMBED_ALLOWED_ORIGINS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

TRACKER_VERSION = tracker_version
