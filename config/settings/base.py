"""Settings shared by every environment.

Values a deployment changes come from ``DJANGO_*`` environment variables and
``DATABASE_URL``; see the README's configuration table.
"""

import os
from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("DJANGO_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "modelsearch",
    "django_tasks",
    "archive",
    "people",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL is None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'archive.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids
    # "database is locked" upgrades when two writers meet.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.sitemaps"), "django.contrib.postgres")
    # PostgreSQL's JIT compiler costs 30-40 ms to plan and emit code for a large free-text query and
    # saves less than that here (docs/public-site.md); DJANGO_PG_JIT=1 keeps the server's setting.
    if not env_bool("DJANGO_PG_JIT", False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "archive",
    }
}

# Search: modelsearch on the configured database (SQLite FTS5 or PostgreSQL).
MODELSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
# Index updates run in the request or command that saved the record; a
# deployment may point this at a worker backend instead.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Proxies in front of the app that append to X-Forwarded-For; 0 trusts only the peer address.
    "NUM_PROXIES": env_int("DJANGO_NUM_PROXIES", 0),
}
# Requests per client address to the public API, as "<n>/<second|minute|hour|day>"; "off" for no limit.
API_ANON_THROTTLE_RATE = env_str("DJANGO_API_THROTTLE_RATE", "600/minute")
if API_ANON_THROTTLE_RATE.lower() in {"off", "none"}:
    API_ANON_THROTTLE_RATE = None
SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance Archive API",
    "DESCRIPTION": "Read-only access to the archive's published records.",
    "VERSION": "1.0.0",
    # Swagger UI and Redoc are served from the drf-spectacular-sidecar package's static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "archive.countries.Country",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "OrganizationKindEnum": "people.models.Organization.Kind",
    },
}

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

IMPORT_EXPORT_USE_TRANSACTIONS = True
SIMPLE_HISTORY_REVERT_DISABLED = False

ARCHIVE_NAME = env_str("DJANGO_ARCHIVE_NAME", "ROK–US Alliance Archive")
ARCHIVE_MAX_SOURCE_BYTES = env_int("DJANGO_MAX_SOURCE_BYTES", 5 * 1024 * 1024)
# Processes that read and extract source files during a large ingest run (1: none, all in one process).
ARCHIVE_INGEST_WORKERS = env_int("DJANGO_INGEST_WORKERS", os.cpu_count() or 1)
# How far the extraction workers yield to the writer (os.nice; 0: not at all). See archive/ingest/pool.py.
ARCHIVE_INGEST_WORKER_NICENESS = env_int("DJANGO_INGEST_WORKER_NICENESS", 19)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# Public page cache (docs/public-site.md): rendered pages are kept in one
# SQLite file shared by every process on the machine (archive/page_store.py),
# under the version that every edit, publication and withdrawal replaces (a
# file cache here). Point both at Redis when scaled out to several hosts.
ARCHIVE_PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
CACHES["pages"] = {
    "BACKEND": "archive.page_store.SQLiteCache",
    "LOCATION": str(VAR_DIR / "cache" / "pages.sqlite3"),
    "TIMEOUT": env_int("DJANGO_PAGE_CACHE_SECONDS", 3600),
    "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_PAGE_CACHE_ENTRIES", 20000)},
}
CACHES["public_version"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": str(VAR_DIR / "cache" / "public-version"),
    "TIMEOUT": None,
}
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "archive.middleware.PublicPageCacheMiddleware"
)
# The document list counts its facets in an in-memory index per process
# (archive/facet_index.py), rebuilt whenever the public version changes.
ARCHIVE_FACET_INDEX = env_bool("DJANGO_FACET_INDEX", True)
# A web process fills its own caches (views, search maps, facet index) as it starts (archive/warm.py).
ARCHIVE_WARM_ON_START = env_bool("DJANGO_WARM_ON_START", True)
