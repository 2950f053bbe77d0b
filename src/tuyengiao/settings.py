"""Django settings. Every value an operator may change is read from the environment.

TUYENGIAO_PRODUCTION=1 switches to production: DEBUG off, a secret key and allowed hosts are
required, cookies and HSTS are secure. Without it the app runs for development on SQLite.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from tuyengiao.conf import (
    env_bool,
    env_choice,
    env_file,
    env_header,
    env_int,
    env_list,
    env_networks,
    env_path,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("DATA_DIR", Path.cwd() / "var")

PRODUCTION = env_bool("PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "TUYENGIAO_SECRET_KEY is required in production: set it to a long random string, "
            "e.g. the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("TUYENGIAO_ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "auditlog",
    "axes",
    # The database-backed backend of Django's tasks framework: its table of queued work
    # and the `db_worker` command (settings.TASKS below).
    "django_tasks_db",
    "tuyengiao.ui",
    "tuyengiao.orgunits",
    "tuyengiao.accounts",
    "tuyengiao.values",
    "tuyengiao.documents",
    "tuyengiao.reporting",
    "tuyengiao.tracking",
    "tuyengiao.activities",
    "tuyengiao.channels",
    "tuyengiao.surveys",
    "tuyengiao.contests",
    "tuyengiao.reports",
    "tuyengiao.dashboards",
    "tuyengiao.web",
    # Last, so that the project's form templates (ui/templates/django/forms) come first.
    "django.forms",
]
# Forms render through the project's template engine, so that its templates can replace
# Django's (a faster select, ui/templates/django/forms/widgets/select.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tuyengiao.web.middleware.ChosenLanguageMiddleware",
    # Before anything reads the body (CSRF reads the form); after the language is chosen.
    "tuyengiao.web.uploads.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tuyengiao.accounts.scope.ScopeMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # auditlog's own reads X-Forwarded-For from anyone: this one asks accounts.addresses.
    "tuyengiao.accounts.middleware.AuditlogMiddleware",
    # Axes must come last: it turns a lock-out into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tuyengiao.urls"
WSGI_APPLICATION = "tuyengiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tuyengiao.web.context_processors.site",
            ],
        },
    }
]


SQLITE_CACHE_MB = env_int("SQLITE_CACHE_MB", 256, minimum=2, maximum=64 * 1024)

# What a zipped upload (.docx, .xlsx, .zip) may expand to: about 50 MB of text is a
# 20,000-page report; a zip bomb is refused before any reader expands it (tabular.archives).
MAX_EXPANDED_BYTES = env_int("MAX_EXPANDED_MB", 50, minimum=1, maximum=4096) * 1024 * 1024
# Seconds reading one PDF's text may take (documents.parsers.pdf), checked between pages:
# well above a long real report (bench/README.md, "PDF pages and the reading time limit"),
# under gunicorn's timeout (30 s by default), so that a file made to be slow is refused
# with a message rather than its worker killed.
MAX_PDF_SECONDS = env_int("MAX_PDF_SECONDS", 20, minimum=1, maximum=3600)
# Lines an uploaded spreadsheet may have (tabular.reading): a sheet past it is refused as
# soon as its reader reaches the line after, not once the whole file was read.
MAX_SHEET_ROWS = env_int("MAX_SHEET_ROWS", 1_000_000, minimum=1, maximum=10_000_000)

# The .docx template of reports in the Party's format: an administrator's copy of
# reports/party_docx/mau-bao-cao.docx with its styles and margins changed in Word; None (unset)
# is that default template. A missing file stops start-up rather than the first report.
REPORT_TEMPLATE = env_file("REPORT_TEMPLATE", suffix=".docx")

# Background work (Django's tasks framework, DOMAIN.md §7): "immediate" runs a task at once
# in the process that enqueues it, so development, tests and a small install need nothing
# more; "database" queues it in the database for `tuyengiao db_worker` to run (production).
TASKS_BACKEND = env_choice("TASKS", "immediate", ["immediate", "database"])
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# The largest request body, and so the largest upload: refused with 413 from its
# Content-Length before a byte of it is read (web.uploads), and by the reverse proxy's
# client_max_body_size, which the operator guide sets to the same number.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_MB", 50, minimum=1, maximum=4096) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "tuyengiao.web.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A file above this is spilled to a temporary file rather than held in the worker's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
# Form fields and JSON bodies are held in memory whole: 10 MB takes the API's longest text
# (2 million characters of Vietnamese as JSON), never a file.
DATA_UPLOAD_MAX_MEMORY_SIZE = min(MAX_UPLOAD_BYTES, 10 * 1024 * 1024)
# Django's default: the longest form, a task assigned to 360 communes, posts a few hundred.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100  # Django's default: a progress report takes several


def _database() -> dict:
    raw = os.environ.get("DATABASE_URL", "").strip()
    if not raw:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tuyengiao.sqlite3",
            "OPTIONS": {
                # WAL lets readers go on while one request writes; IMMEDIATE avoids the
                # "database is locked" error when two writers upgrade read locks at once.
                # The page cache holds the index pages a roll-up or an import touches;
                # SQLite's default of 2 MB makes a month's import spill to disk mid-way.
                # secure_delete: a deleted row's bytes are zeroed where that costs no more
                # writing (FAST), so a survey's text, deleted once coded, and the old order
                # of its mixed rows do not stay readable in the file (surveys.mixing).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                f"PRAGMA cache_size=-{SQLITE_CACHE_MB * 1024}; PRAGMA temp_store=MEMORY; "
                "PRAGMA secure_delete=FAST;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A worker keeps its connection between requests, as on PostgreSQL: a new one per
            # request read the schema again, started its page cache cold and, closing the
            # database's last connection, checkpointed the WAL (25–30 ms of an upload under
            # load; 16–20 % of a page's time on the demo, bench/README.md).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database address: {exc}") from exc
    if config["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured(
            f"DATABASE_URL uses {config['ENGINE']}; tuyengiao supports PostgreSQL and SQLite."
        )
    return dict(config)


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Reverse proxies whose header names the client (addresses or networks, e.g. 127.0.0.1).
# From any other address the header is ignored: a client could write it to pick its address.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", [])
CLIENT_IP_HEADER = env_header("CLIENT_IP_HEADER", "X-Forwarded-For")

# Lock-out after repeated failed logins (django-axes). Counted per username and address
# together, so that one attacker cannot lock every staff member out from one machine.
# Surveys (issue 19): a published table never shows a count of fewer respondents than this,
# and no published number lets one be worked out (surveys.disclosure).
SURVEY_MIN_CELL = env_int("SURVEY_MIN_CELL", 5, minimum=2, maximum=100)
# Responses one client may send to the public survey pages in a window of this many minutes;
# the count is kept under a keyed digest of the address, in the cache, and expires with the
# window (surveys.throttle).
SURVEY_RATE_LIMIT = env_int("SURVEY_RATE_LIMIT", 20, minimum=1, maximum=10_000)
SURVEY_RATE_MINUTES = env_int("SURVEY_RATE_MINUTES", 10, minimum=1, maximum=24 * 60)

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A lock-out ends a fixed time after it began: attempts made during it are refused and not
# counted, or one guess every 14 minutes would keep an account locked for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address, read from the proxy's header only for declared proxies (see there).
AXES_CLIENT_IP_CALLABLE = "tuyengiao.accounts.addresses.client_address"
# The password-change page counts a wrong old password as a failure: keep every password it
# posts out of the attempt records.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The same template, told how long the lock-out has left rather than its full length.
AXES_LOCKOUT_CALLABLE = "tuyengiao.accounts.views.locked_out"
AXES_VERBOSE = False

# Audit trail (django-auditlog): every model is tracked unless listed here, so that models
# added by later apps are audited without anyone remembering to register them.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "admin",
    "auditlog",
    "axes",
    "contenttypes",
    "sessions",
    "auth.permission",
    # The tasks queue: a row per task run, claimed and finished by the worker, never edited.
    "django_tasks_database",
    # Derived from values and the tree, rebuilt from them, never edited.
    "values.aggregate",
    "values.approvedaggregate",
    "values.rollupancestor",
    # Hundreds of thousands per import: their own set-based history (DataValueChange).
    "values.datavalue",
    "values.datavaluechange",
    # Pointers at changes audited elsewhere, read and dropped by their recipient.
    "tracking.notification",
    # What a public survey submission writes: an audit entry keeps the client's address and
    # the time to the second, which is exactly what a response must never carry (issue 19).
    "surveys.response",
    "surveys.freetext",
    "surveys.surveycode",
    # The key of sealed judging (which entry carries which code): opened by the contest's
    # secretary only, each opening audited on its own (contests.judging.key_open).
    "contests.sealed",
    # Derived from the entries' and documents' texts and replaced whole by each check, whose
    # own record (contests.overlapcheck, audited) says who ran it and when.
    "contests.entryoverlap",
)
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("last_login",)
AUDITLOG_MASK_TRACKING_FIELDS = ("password", "key_hash")
# auditlog's default mask keeps half the value, i.e. most of a password hash: hide it all.
AUDITLOG_MASK_CALLABLE = "tuyengiao.accounts.audit.mask_value"

# The daily digest (`tuyengiao tracking digest`) e-mails only when an SMTP server is named.
SMTP_HOST = env_str("EMAIL_HOST", "")
# No mailer at all without a server (a development backend would fail the deploy check).
MAILERS = (
    {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("EMAIL_PORT", 587, minimum=1, maximum=65535),
                "username": env_str("EMAIL_USER", ""),
                "password": env_str("EMAIL_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_TLS", True),
            },
        }
    }
    if SMTP_HOST
    else {}
)
# Without a server, having no mailer is the intended setting: nothing tries to send.
SILENCED_SYSTEM_CHECKS = [] if SMTP_HOST else ["mail.W001"]
DEFAULT_FROM_EMAIL = env_str("EMAIL_FROM", "tuyengiao@localhost")
# Links in e-mails need the site's address; pages use relative links.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Production serves collected files (`tuyengiao collectstatic`) through WhiteNoise; elsewhere
# WhiteNoise reads them straight from the installed apps, so nothing needs collecting.
STATIC_ROOT = DATA_DIR / "static" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# Content-Security-Policy (Django's own middleware): only our origin, scripts with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12, minimum=1, maximum=24 * 30) * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A record about a public survey submission loses the request it carries (its META holds
    # the client's address and user agent) before any handler sees it: on the handler, which
    # sees every logger's records, and on the loggers that attach requests, for handlers an
    # operator adds there (docs/surveys-privacy.md).
    "filters": {"survey_privacy": {"()": "tuyengiao.surveys.logging.PublicSurveyFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["survey_privacy"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Axes logs every login at INFO; failures and lock-outs still show at WARNING.
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["survey_privacy"]},
        "django.server": {"filters": ["survey_privacy"]},
        "django.security": {"filters": ["survey_privacy"]},
    },
}
