"""stepcare settings: one module, driven by environment variables.

Every variable is read through a typed helper; a bad value stops start-up with
ImproperlyConfigured naming the variable. Secrets may also be given as
``NAME_FILE`` (a path whose contents are the value), as container platforms do.
The README's configuration table lists every variable.
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str | None = None) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_path}: {exc}") from exc
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(sorted(choices))}, not {value!r}.")
    return value


# --- Mode ----------------------------------------------------------------------------
# local: a developer's machine; demo: `stepcare demo`; production: `stepcare serve`.
MODE = env_choice("STEPCARE_MODE", "local", {"local", "demo", "production"})
DEMO_MODE = MODE == "demo"
PRODUCTION = MODE == "production"

DATA_DIR = Path(env_str("STEPCARE_DATA_DIR", "./var") or "./var").resolve()
# Whatever the umask stepcare was started with, what it writes — the SQLite database and its
# WAL, letters, uploads, the outbox, generated keys — is readable by its own user only.
os.umask(0o077)
if DATA_DIR.exists():
    DATA_DIR.chmod(0o700)


def _key(name: str, file_name: str) -> str:
    """A secret from the environment (or ``NAME_FILE``); required in production, generated
    once into the data folder for local and demo use."""
    key = env_str(name)
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured(f"{name} must be at least 32 characters long.")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) is required in production.")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / file_name
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _key("STEPCARE_SECRET_KEY", "secret_key")
# The audit trail's chain is a keyed MAC (stepcare/audit/models.py): someone who can write to
# the database but does not hold this key cannot rewrite events so that they verify.
# Keep it out of the database and out of database backups.
AUDIT_KEY = _key("STEPCARE_AUDIT_KEY", "audit_key")
# Backups are always encrypted with this key (stepcare backup / restore); no default.
BACKUP_KEY = env_str("STEPCARE_BACKUP_KEY")
if BACKUP_KEY is not None and len(BACKUP_KEY) < 32:
    raise ImproperlyConfigured("STEPCARE_BACKUP_KEY must be at least 32 characters long.")
# The worker's schedule (stepcare/backups/schedule.py): a backup every N hours into this folder
# (off without a folder and a key), keeping the newest few; the audit head written daily.
BACKUP_DIR = env_str("STEPCARE_BACKUP_DIR")
BACKUP_EVERY_HOURS = env_int("STEPCARE_BACKUP_EVERY_HOURS", 24, minimum=1)
BACKUP_KEEP = env_int("STEPCARE_BACKUP_KEEP", 7, minimum=1)
AUDIT_HEAD_FILE = env_str("STEPCARE_AUDIT_HEAD_FILE") or str(DATA_DIR / "audit-heads.log")
DEBUG = env_bool("STEPCARE_DEBUG", False)
ALLOWED_HOSTS = env_list("STEPCARE_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("STEPCARE_ALLOWED_HOSTS must name the host(s) stepcare is served on.")
CSRF_TRUSTED_ORIGINS = env_list("STEPCARE_CSRF_TRUSTED_ORIGINS", [])

# Second factor for staff: on by default everywhere except the demo.
REQUIRE_2FA = env_bool("STEPCARE_REQUIRE_2FA", not DEMO_MODE)

# --- Applications --------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # stepcare's floors, from the ground up: each app imports only the ones listed before it
    # (stepcare/staff/tests/test_floors.py enforces it; docs/architecture.md explains it).
    "stepcare.foundation",
    "stepcare.audit",
    "stepcare.accounts",
    "stepcare.clients",
    "stepcare.risk",
    "stepcare.appointments",
    "stepcare.measures",
    "stepcare.assessment",
    "stepcare.treatment",
    "stepcare.staff",
    "stepcare.demo",
    "stepcare.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "stepcare.foundation.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stepcare.foundation.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "stepcare.audit.middleware.RequestContextMiddleware",
    "stepcare.accounts.middleware.RequireTwoFactorMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stepcare.urls"
WSGI_APPLICATION = "stepcare.wsgi.application"

# Forms render with a visible "required" and the typing counter's limit (foundation/forms.py).
FORM_RENDERER = "stepcare.foundation.forms.FormRenderer"
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
                "stepcare.staff.context_processors.stepcare",
                "stepcare.risk.context_processors.risk_alerts",
            ],
        },
    }
]

# --- Database ------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "stepcare.sqlite3")}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while one writes; IMMEDIATE
    # transactions take the write lock up front instead of failing half-way.
    _db.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            # A 32 MB page cache and memory-mapped reads, kept between requests (CONN_MAX_AGE):
            # opening the file for every request threw the cache away and re-ran these pragmas.
            " PRAGMA cache_size=-32000; PRAGMA mmap_size=268435456;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    _db["CONN_MAX_AGE"] = 600
    _db["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")} if env_bool("STEPCARE_TEST_DB_ON_DISK", False) else {}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # Page queries are short: PostgreSQL's JIT compiler (on above an estimated cost, which the
    # waiting list's per-referral subqueries reach) spent 10-30 ms compiling them each time.
    _db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks ----------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Authentication ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "staff:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "stepcare.accounts.adapters.StaffAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
# Wrong passwords: django-axes locks the account for that address and says when to retry
# (stepcare/accounts/adapters.py turns allauth's own password limit off). Wrong second-factor
# codes: allauth's limit, 5 per account per 5 minutes and 10 a minute per address, counted in
# the shared cache below, so it holds across every web process.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
MFA_FORMS = {"authenticate": "stepcare.accounts.forms.StaffMFAAuthenticateForm"}
# One cache shared by every process (rate limits, "this TOTP code was used"): a table in the
# database, created by migration accounts 0005.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "stepcare_cache"}}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "stepcare"
MFA_ADAPTER = "stepcare.accounts.adapters.StaffMFAAdapter"

AXES_FAILURE_LIMIT = env_int("STEPCARE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("STEPCARE_LOCKOUT_MINUTES", 15, minimum=1))
# Locked per account *and* address: a stranger's guesses lock only the stranger's address out
# of that account, never the clinician at work. The cool-off runs from the lockout and further
# attempts do not extend it; administrators can unlock (staff page); lockouts are audited.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "stepcare.accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "stepcare.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Lockout counts the same client address the audit trail records (one rule).
AXES_CLIENT_IP_CALLABLE = "stepcare.audit.middleware.client_ip"

# Idle sessions expire: requests renew the session, silence lets it lapse. The renewal is
# written at most once a minute (stepcare/foundation/sessions.py), not on every request.
SESSION_COOKIE_AGE = env_int("STEPCARE_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- HTTPS and headers ---------------------------------------------------------------
_https = env_bool("STEPCARE_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env_bool("STEPCARE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
# Addresses of the reverse proxies whose X-Forwarded-For is believed (stepcare serve passes the
# same list to gunicorn). A request from anywhere else is recorded by its own address.
TRUSTED_PROXIES = env_list("STEPCARE_FORWARDED_ALLOW_IPS", ["127.0.0.1"])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- E-mail ----------------------------------------------------------------------------
EMAIL_HOST = env_str("STEPCARE_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("STEPCARE_EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("STEPCARE_EMAIL_USER", "") or ""
    EMAIL_HOST_PASSWORD = env_str("STEPCARE_EMAIL_PASSWORD", "") or ""
    EMAIL_USE_TLS = env_bool("STEPCARE_EMAIL_TLS", True)
else:
    # Without a mail server, messages are written to files so nothing is lost.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
DEFAULT_FROM_EMAIL = env_str("STEPCARE_EMAIL_FROM", "stepcare <no-reply@localhost>")

# --- Languages and time ------------------------------------------------------------------
LANGUAGES = [("en", _("English")), ("he", _("Hebrew")), ("ar", _("Arabic"))]
LANGUAGE_CODE = env_choice("STEPCARE_LANGUAGE", "en", {code for code, _name in LANGUAGES})
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style in every language: 6 March 2026, 08:36 (stepcare/foundation/formats).
FORMAT_MODULE_PATH = ["stepcare.foundation.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("STEPCARE_TIME_ZONE", "Asia/Jerusalem") or "Asia/Jerusalem"
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"STEPCARE_TIME_ZONE: unknown time zone {TIME_ZONE!r}.") from None

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STATICFILES_DIRS = [BASE_DIR / "static"]
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(DATA_DIR / "files")}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

PAGE_SIZE = env_int("STEPCARE_PAGE_SIZE", 25, minimum=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_on_one_line": {"()": "stepcare.foundation.logging.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals_on_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("STEPCARE_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Lockout is per account and address (above), never per address alone: that would lock out
# every clinician behind a clinic's shared address after one person's typos.
# HSTS preloading is an irreversible commitment for a whole domain: the operator opts in
# at the proxy, so Django's reminder about it is silenced.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]
