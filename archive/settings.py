"""Settings for the archive, configured by environment variables.

Every variable has a safe default for running on one machine; a value that
cannot be used stops start-up with ImproperlyConfigured instead of being
silently ignored. The variables are listed in the README.
"""

import datetime as dt
import os
from pathlib import Path

from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_database_url(url: str) -> dict:
    """Django's database settings for a postgres:// URL, or ImproperlyConfigured."""
    import dj_database_url

    try:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be used: {error}") from None
    if database["ENGINE"] != "django.db.backends.postgresql" or not database["NAME"]:
        raise ImproperlyConfigured(
            "DATABASE_URL must be a PostgreSQL URL with a database name, e.g. postgres://archive@/archive?host=/run/postgresql"
        )
    # ?host=/socket/dir&port=5432 in the URL: where Django's test runner also looks.
    options = database.setdefault("OPTIONS", {})
    database["HOST"] = options.pop("host", database["HOST"])
    database["PORT"] = str(options.pop("port", database["PORT"]))
    return database


DEBUG = env_bool("ARCHIVE_DEBUG", False)

# Everything the archive writes (database, search index, static files) lives here.
DATA_DIR = Path(env_str("ARCHIVE_DATA_DIR", str(BASE_DIR / "var"))).resolve()


def read_secret_key() -> str:
    key = os.environ.get("ARCHIVE_SECRET_KEY", "")
    key_file = DATA_DIR / "secret_key"
    if not key and key_file.exists():
        key = key_file.read_text(encoding="utf-8").strip()
    if not key:
        # No committed default: a served archive has its own key, which
        # scripts/serve generates into DATA_DIR/secret_key on first run.
        raise ImproperlyConfigured(
            f"ARCHIVE_SECRET_KEY is not set and {key_file} does not exist. Create one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if len(key) < 32:
        raise ImproperlyConfigured("ARCHIVE_SECRET_KEY must be at least 32 characters long")
    return key


SECRET_KEY = read_secret_key()

ALLOWED_HOSTS = env_list("ARCHIVE_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "archive",
    "search",
    # After "search": Django runs a command from the first app that has it, so
    # rebuild_index, update_index and clear_index are the archive's (search/management/commands/).
    "haystack",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "archive.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags, so a revalidating browser (see archive.caching) gets a 304 for an unchanged page.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "archive.context_processors.languages",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is SQLite in the data directory. DATABASE_URL selects
# PostgreSQL instead (postgres://user:password@host:port/name, or a unix
# socket: postgres://user@/name?host=/run/postgresql), for several web nodes
# and editors sharing one database.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": parse_database_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "archive.sqlite3",
            "OPTIONS": {
                # WAL lets gunicorn workers read while an import writes; IMMEDIATE
                # takes the write lock at the start of a transaction, so two writers
                # wait for each other instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The search engine: Whoosh (embedded, the default) or Xapian (faster on a
# large archive; an optional install, GPL: pip install -r requirements-xapian.txt).
# Both are fed the same terms by search/analysis.py; switching needs
# `manage.py search_index --rebuild`, and each keeps its own index directory.
SEARCH_ENGINES = {
    # name: (haystack engine with the archive's Vietnamese fields, module it needs)
    "whoosh": ("search.backend.VietnameseWhooshEngine", "whoosh"),
    "xapian": ("search.backend_xapian.VietnameseXapianEngine", "xapian"),
}
SEARCH_ENGINE = env_str("ARCHIVE_SEARCH_ENGINE", "whoosh")
if SEARCH_ENGINE not in SEARCH_ENGINES:
    raise ImproperlyConfigured(
        f"ARCHIVE_SEARCH_ENGINE must be one of {', '.join(SEARCH_ENGINES)}, not {SEARCH_ENGINE!r}"
    )
try:
    __import__(SEARCH_ENGINES[SEARCH_ENGINE][1])
except ImportError as error:
    raise ImproperlyConfigured(
        f"ARCHIVE_SEARCH_ENGINE={SEARCH_ENGINE} needs the {SEARCH_ENGINES[SEARCH_ENGINE][1]!r} module "
        f"({error}): install it with .venv/bin/pip install -r requirements-{SEARCH_ENGINE}.txt"
    ) from None

HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": SEARCH_ENGINES[SEARCH_ENGINE][0],
        "PATH": str(Path(env_str("ARCHIVE_INDEX_DIR", str(DATA_DIR / f"{SEARCH_ENGINE}_index"))).resolve()),
    }
}
# The archive's Xapian writer takes Xapian's own lock, and stems nothing.
HAYSTACK_XAPIAN_USE_LOCKFILE = False
HAYSTACK_XAPIAN_LANGUAGE = "none"

# The search index follows each edit as soon as it commits; off, the queue
# waits for `manage.py search_index --drain` (or its --watch loop).
SEARCH_DRAIN_ON_COMMIT = env_bool("ARCHIVE_SEARCH_DRAIN_ON_COMMIT", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "archive" / "locale"]
TIME_ZONE = env_str("ARCHIVE_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
FORMAT_MODULE_PATH = ["archive.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("ARCHIVE_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded pages are not kept as files: the admin reads each into the
# database (the raw page is stored with its article), so web nodes share them
# through the database. While a request lasts, Django spools an upload larger
# than 2.5 MB to a temporary file, in ARCHIVE_UPLOAD_TEMP_DIR if set.
FILE_UPLOAD_TEMP_DIR = env_str("ARCHIVE_UPLOAD_TEMP_DIR", "") or None
if FILE_UPLOAD_TEMP_DIR and not os.path.isdir(FILE_UPLOAD_TEMP_DIR):
    raise ImproperlyConfigured(f"ARCHIVE_UPLOAD_TEMP_DIR is not a folder: {FILE_UPLOAD_TEMP_DIR}")

# A served archive sits behind plain HTTP on loopback by default; set
# ARCHIVE_HTTPS=true behind a TLS proxy to get secure cookies and HSTS.
HTTPS = env_bool("ARCHIVE_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Served over plain HTTP (on loopback, or behind a TLS proxy not declared with
# ARCHIVE_HTTPS), the HTTPS-only advice of `check --deploy` cannot be followed:
# secure cookies would never come back. With ARCHIVE_HTTPS=true it all applies.
# HSTS for every subdomain, and the browsers' preload list, are decisions for
# the whole domain, which cannot be taken back quickly: not this application's.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if not HTTPS:
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]

# Content-Security-Policy on every response (django-csp): scripts, styles,
# images and fonts from the archive's own address only, so a script that got
# into a page (an imported page, a query) cannot run; no frames, no plugins,
# forms posting only here. Style attributes are allowed (bar widths, the error
# pages): they cannot run script. Style and script elements in pages are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "style-src-attr": [csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

LOGIN_URL = "admin:login"
# Where signing in lands when no safe "next" was given (a "next" to another site is
# refused): the admin, the only place one signs in for; Django's default is a 404.
LOGIN_REDIRECT_URL = "admin:index"

# Sign-in attempts are limited by django-axes, counted in the database (so
# every web node sees them): after AXES_FAILURE_LIMIT wrong passwords for one
# user name from one address, that pair is refused for AXES_COOLOFF_TIME,
# while the same user signing in from elsewhere, and others, are not held up.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("ARCHIVE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("ARCHIVE_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "archive.views.locked_out"
AXES_VERBOSE = False
# Behind proxies (a TLS proxy, a load balancer), how many of them append the
# client's address to X-Forwarded-For: the client is then the N-th address from
# the right (archive.proxies). 0, the default, reads the connection's own
# address and ignores the header, which anyone can send.
TRUSTED_PROXIES = env_int("ARCHIVE_TRUSTED_PROXIES", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "archive.proxies.client_address"

# Files larger than this are refused by the importer with a clear message.
IMPORT_MAX_BYTES = env_int("ARCHIVE_IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# A page pasted or uploaded in the admin travels in the form (base64, a third
# larger) on its way to being saved; the default 2.5 MB would refuse pages the
# importer accepts.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(2_621_440, IMPORT_MAX_BYTES * 2 + 1_048_576)
# Processes that extract pages during a large import (1: extract in the importing process).
IMPORT_WORKERS = env_int("ARCHIVE_IMPORT_WORKERS", min(os.cpu_count() or 1, 4), minimum=1)
# Processes that write the search index during a rebuild (search.engines: both engines).
INDEX_WORKERS = env_int("ARCHIVE_INDEX_WORKERS", min(os.cpu_count() or 1, 4), minimum=1)
# Search results kept per web process for repeated searches (search.reader; 0: none).
SEARCH_KEPT_RESULTS = env_int("ARCHIVE_SEARCH_KEPT_RESULTS", 256, minimum=0)
ARTICLES_PER_PAGE = env_int("ARCHIVE_ARTICLES_PER_PAGE", 20, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ARCHIVE_LOG_LEVEL", "INFO")},
}
