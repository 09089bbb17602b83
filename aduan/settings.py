"""The one settings file: every difference between environments comes from environment variables.

See docs/configuration.md for the list. In production (ADUAN_ENV=production) a missing or
malformed value stops start-up with a message that names the variable.
"""

from __future__ import annotations

import json
import sys
import zoneinfo
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from aduan.lib.database import parse_database_url, sqlite_config
from aduan.lib.env import ConfigError, Env
from aduan.lib.keyring import load_keys
from aduan.lib.officehours import OfficeHours, parse_office_hours

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()


def _configure() -> dict[str, object]:
    """Read and check every environment-driven value at once, so all errors name their variable."""
    mode = env.str("ADUAN_ENV", "development")
    if mode not in {"development", "production"}:
        raise ConfigError(f"ADUAN_ENV must be 'development' or 'production', got {mode!r}")
    production = mode == "production"
    data_dir = Path(env.str("ADUAN_DATA_DIR", str(BASE_DIR / "var")))

    if production:
        secret_key = env.required("SECRET_KEY", "a long random string; see docs/configuration.md")
        if len(secret_key) < 50:
            raise ConfigError("SECRET_KEY must be at least 50 characters long")
        allowed_hosts = env.list("ALLOWED_HOSTS")
        if not allowed_hosts:
            raise ConfigError("ALLOWED_HOSTS is required (comma-separated host names)")
        base_url = env.required(
            "ADUAN_BASE_URL", "the public address, e.g. https://aduan.kota.go.id"
        )
    else:
        secret_key = env.str("SECRET_KEY", "development-only-key-" + "x" * 40)
        allowed_hosts = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
        base_url = env.str("ADUAN_BASE_URL", "http://127.0.0.1:" + env.str("PORT", "8000"))
    base_url = str(base_url)
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"ADUAN_BASE_URL must start with http:// or https://, got {base_url!r}")

    database_url = env.str("DATABASE_URL")
    database = (
        parse_database_url(database_url)
        if database_url
        else sqlite_config(data_dir / "aduan.sqlite3")
    )

    time_zone = env.str("TIME_ZONE", "Asia/Jakarta")
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"TIME_ZONE must be an IANA time zone name, got {time_zone!r}") from exc
    office_hours = env.str("ADUAN_OFFICE_HOURS", "07:30-16:00")
    try:
        parse_office_hours(office_hours)
    except ValueError as exc:
        raise ConfigError(
            f"ADUAN_OFFICE_HOURS must be a range of local times like 07:30-16:00, got {office_hours!r}"
        ) from exc

    breached_url = env.str("ADUAN_BREACHED_PASSWORDS_URL")
    if breached_url and not breached_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"ADUAN_BREACHED_PASSWORDS_URL must start with http:// or https://, got {breached_url!r}"
        )

    return {
        "production": production,
        "breached_passwords_url": breached_url,
        "data_dir": data_dir,
        "secret_key": secret_key,
        "allowed_hosts": allowed_hosts,
        "base_url": base_url.rstrip("/"),
        "database": database,
        "time_zone": time_zone,
        "office_hours": parse_office_hours(office_hours),
        "email_port": env.int("EMAIL_PORT", 25, minimum=1),
        "email_timeout": env.int("EMAIL_TIMEOUT", 20, minimum=1),
        "email_use_tls": env.bool("EMAIL_USE_TLS", False),
        "email_use_ssl": env.bool("EMAIL_USE_SSL", False),
        "keys": load_keys(env.source, production),
        "retention_days": env.int("ADUAN_RETENTION_DAYS", 1825, minimum=30),
        "audit_ip_retention_days": env.int("ADUAN_AUDIT_IP_RETENTION_DAYS", 90, minimum=1),
    }


try:
    _config = _configure()
except ConfigError as _error:
    sys.stderr.write(f"Aduan cannot start: {_error}\n")
    raise

PRODUCTION: bool = bool(_config["production"])
DEBUG = env.bool("DEBUG", False) if PRODUCTION else env.bool("DEBUG", True)
if PRODUCTION and DEBUG:
    raise ConfigError("DEBUG must be off when ADUAN_ENV=production")
DATA_DIR: Path = _config["data_dir"]  # type: ignore[assignment]
SECRET_KEY = str(_config["secret_key"])
ALLOWED_HOSTS: list[str] = _config["allowed_hosts"]  # type: ignore[assignment]
ADUAN_BASE_URL = str(_config["base_url"])
ADUAN_INSTITUTION_NAME = env.str("ADUAN_INSTITUTION_NAME", "Pemerintah Kota Contoh")
ADUAN_EMERGENCY_NUMBER = env.str("ADUAN_EMERGENCY_NUMBER", "112")
# Map tiles for the optional pin on the citizen's report ("{z}/{x}/{y}" template); empty = no map.
ADUAN_MAP_TILE_URL = env.str("ADUAN_MAP_TILE_URL", "")
ADUAN_MAP_ATTRIBUTION = env.str("ADUAN_MAP_ATTRIBUTION", "")
# Recorded with every reporter's consent; change it whenever the privacy notice changes.
ADUAN_PRIVACY_NOTICE_VERSION = env.str("ADUAN_PRIVACY_NOTICE_VERSION", "2026-1")
# Personal-data encryption and blind-index keys (aduan/lib/keyring.py, docs/security.md).
_keys = _config["keys"]
ADUAN_ENCRYPTION_KEYS: dict[str, bytes] = _keys.encryption  # type: ignore[attr-defined]
ADUAN_BLIND_INDEX_KEY: bytes = _keys.blind_index  # type: ignore[attr-defined]
ADUAN_BLIND_INDEX_PREVIOUS_KEY: bytes | None = _keys.blind_index_previous  # type: ignore[attr-defined]
# Reporter identity is anonymised this many days after a complaint closes (UU PDP retention).
ADUAN_RETENTION_DAYS = int(_config["retention_days"])  # type: ignore[call-overload]
# Citizens' and visitors' IP addresses in the audit log are kept this long for security
# investigations, then erased (staff addresses stay with their entries).
ADUAN_AUDIT_IP_RETENTION_DAYS = int(_config["audit_ip_retention_days"])  # type: ignore[call-overload]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "aduan.accounts",
    "aduan.agencies",
    "aduan.complaints",
    "aduan.audit",
    "aduan.notifications",
    "aduan.privacy",
    "aduan.reports",
    "aduan.public",
    "aduan.staff",
    "aduan.api",
]

MIDDLEWARE = [
    "aduan.api.metrics.RequestMetricsMiddleware",
    "aduan.api.middleware.ProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "aduan.lib.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Before anything reads the request: sessions, CSRF and views never see a NUL character.
    "aduan.lib.middleware.NulCharacterMiddleware",
    "aduan.lib.sessions.SessionMiddleware",
    "aduan.public.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "aduan.lib.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "aduan.urls"
WSGI_APPLICATION = "aduan.wsgi.application"

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
                "aduan.public.context.site",
            ],
        },
    },
]

DATABASES = {"default": _config["database"]}
# Several test runs may share one PostgreSQL server; each names its own test database.
if not DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # type: ignore[index]
    _suffix = env.str("ADUAN_TEST_DB_SUFFIX")
    DATABASES["default"]["TEST"] = {"NAME": "test_aduan" + (f"_{_suffix}" if _suffix else "")}  # type: ignore[index]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # type: ignore[index]
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[index]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "aduan.lib.passwords.ContextWordsValidator"},
]
# Passwords known from breaches, asked of a k-anonymity range service (aduan/lib/breached.py).
ADUAN_BREACHED_PASSWORDS_URL = str(_config["breached_passwords_url"])
ADUAN_BREACHED_PASSWORDS_TIMEOUT = env.int("ADUAN_BREACHED_PASSWORDS_TIMEOUT", 3, minimum=1)
if ADUAN_BREACHED_PASSWORDS_URL:
    AUTH_PASSWORD_VALIDATORS.append({"NAME": "aduan.lib.breached.BreachedPasswordValidator"})
LOGIN_URL = "staff:login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = str(_config["time_zone"])

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    # Attachments are private: they live outside STATIC_ROOT and are served by an access-checked view.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "media"), "base_url": "/lampiran/"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # WhiteNoise expects STATIC_ROOT to exist even when it serves from the app folders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CACHES = {
    # The database cache is shared by every web process on every machine, so rate limits hold
    # across a scaled-out deployment without another service.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "aduan_cache",
    }
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(_config["email_port"])  # type: ignore[call-overload]
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = bool(_config["email_use_tls"])
EMAIL_USE_SSL = bool(_config["email_use_ssl"])
EMAIL_TIMEOUT = int(_config["email_timeout"])  # type: ignore[call-overload]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Aduan <aduan@localhost>")

# Where the worker delivers notifications when no real channel is configured (development).
ADUAN_NOTIFY_FILE = DATA_DIR / "outbox.log"
# Notification channels and the worker (docs/notifications.md).
ADUAN_EMAIL_CHANNEL = env.str(
    "ADUAN_EMAIL_CHANNEL", "smtp" if PRODUCTION or env.str("EMAIL_HOST") else "file"
)
if ADUAN_EMAIL_CHANNEL not in {"smtp", "file"}:
    raise ConfigError(f"ADUAN_EMAIL_CHANNEL must be 'smtp' or 'file', got {ADUAN_EMAIL_CHANNEL!r}")
ADUAN_SMS_GATEWAY_URL = env.str("ADUAN_SMS_GATEWAY_URL")
ADUAN_SMS_GATEWAY_TOKEN = env.str("ADUAN_SMS_GATEWAY_TOKEN")
ADUAN_SMS_GATEWAY_PAYLOAD = env.str(
    "ADUAN_SMS_GATEWAY_PAYLOAD", '{"to": "{to}", "message": "{text}", "reference": "{key}"}'
)
ADUAN_WHATSAPP_GATEWAY_URL = env.str("ADUAN_WHATSAPP_GATEWAY_URL")
ADUAN_WHATSAPP_GATEWAY_TOKEN = env.str("ADUAN_WHATSAPP_GATEWAY_TOKEN")
ADUAN_WHATSAPP_GATEWAY_PAYLOAD = env.str(
    "ADUAN_WHATSAPP_GATEWAY_PAYLOAD", '{"to": "{to}", "message": "{text}", "reference": "{key}"}'
)
for _name in ("ADUAN_SMS_GATEWAY_PAYLOAD", "ADUAN_WHATSAPP_GATEWAY_PAYLOAD"):
    try:
        json.loads(globals()[_name])
    except ValueError as _exc:
        raise ConfigError(f"{_name} must be a JSON template: {_exc}") from _exc
ADUAN_GATEWAY_TIMEOUT = env.int("ADUAN_GATEWAY_TIMEOUT", 10, minimum=1)
# A temporarily failing message is retried this long after its first failure, then marked failed.
ADUAN_NOTIFY_RETRY_HOURS = env.int("ADUAN_NOTIFY_RETRY_HOURS", 10, minimum=1)
ADUAN_NOTIFY_MAX_ATTEMPTS = env.int("ADUAN_NOTIFY_MAX_ATTEMPTS", 30, minimum=1)
ADUAN_NOTIFY_RETRY_SECONDS = env.int("ADUAN_NOTIFY_RETRY_SECONDS", 60, minimum=1)
ADUAN_NOTIFY_RETRY_MAX_SECONDS = env.int("ADUAN_NOTIFY_RETRY_MAX_SECONDS", 3600, minimum=1)
ADUAN_WORKER_RECLAIM_SECONDS = env.int("ADUAN_WORKER_RECLAIM_SECONDS", 300, minimum=1)
ADUAN_WORKER_POLL_SECONDS = env.int("ADUAN_WORKER_POLL_SECONDS", 2, minimum=1)
# Where workers keep the lock files that tie their names to live processes (one per host).
ADUAN_WORKER_LOCK_DIR = Path(env.str("ADUAN_WORKER_LOCK_DIR", str(DATA_DIR / "run")))
# The outbox backlog and worker heartbeat ages at which /healthz/worker answers 503.
ADUAN_WORKER_STALE_SECONDS = env.int("ADUAN_WORKER_STALE_SECONDS", 600, minimum=30)
ADUAN_OUTBOX_ALERT_SECONDS = env.int("ADUAN_OUTBOX_ALERT_SECONDS", 1800, minimum=60)
# Bearer token a Prometheus scraper sends to /metrics; empty: the endpoint answers 404.
ADUAN_METRICS_TOKEN = env.str("ADUAN_METRICS_TOKEN")
if ADUAN_METRICS_TOKEN and len(ADUAN_METRICS_TOKEN) < 32:
    raise ConfigError("ADUAN_METRICS_TOKEN must be at least 32 characters long (or empty: off)")
# Logs as text lines (default) or one JSON object per line for a log collector.
LOG_FORMAT = env.str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ConfigError(f"LOG_FORMAT must be 'text' or 'json', got {LOG_FORMAT!r}")
try:
    ADUAN_ESCALATION_LADDER = [
        int(p) for p in env.list("ADUAN_ESCALATION_LADDER", ["75", "100", "200"])
    ]
except ValueError as _exc:
    raise ConfigError("ADUAN_ESCALATION_LADDER must be percentages, e.g. 75,100,200") from _exc
ADUAN_RECAP_HOURS = [7, 12, 16]
# Irreversible jobs (deadline sweep, retention) wait for `manage.py confirm_clock` when the clock
# moved further than this since their last run (a clock jumped years ahead, a long outage).
ADUAN_JOB_CLOCK_JUMP_DAYS = env.int("ADUAN_JOB_CLOCK_JUMP_DAYS", 31, minimum=1)
# Outside these hours of a working day (and on days off) urgent complaints also reach the officer on
# duty (piket, aduan/agencies/duty.py).
ADUAN_OFFICE_HOURS: OfficeHours = _config["office_hours"]  # type: ignore[assignment]

# Sessions in the database, as Django's own; a lost connection while saving one answers 503.
SESSION_ENGINE = "aduan.lib.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Staff sessions end after this much inactivity, and in any case this long after sign-in
# (aduan/lib/middleware.py); citizens' sessions are not affected.
ADUAN_STAFF_IDLE_TIMEOUT = env.int("ADUAN_STAFF_IDLE_TIMEOUT", 30 * 60, minimum=60)
ADUAN_STAFF_ABSOLUTE_TIMEOUT = env.int("ADUAN_STAFF_ABSOLUTE_TIMEOUT", 12 * 3600, minimum=600)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use the peer address).
# Rate limits and sign-in throttling count per client address, so set this behind nginx.
ADUAN_TRUSTED_PROXY_COUNT = env.int("ADUAN_TRUSTED_PROXY_COUNT", 0, minimum=0)
# Proof-of-work on public forms: leading zero bits a browser must find (0 = off).
ADUAN_POW_BITS = env.int("ADUAN_POW_BITS", 0, minimum=0)
# Without JavaScript a person waits this long instead of computing the proof-of-work.
ADUAN_POW_FALLBACK_SECONDS = env.int("ADUAN_POW_FALLBACK_SECONDS", 30, minimum=0)
# A whole citizen report sent sooner than this after it began is refused as a script.
ADUAN_MIN_REPORT_SECONDS = env.int("ADUAN_MIN_REPORT_SECONDS", 8, minimum=0)
# Photos one sending may carry, in every form that takes photos (aduan/lib/images.py): the
# report, the reporter's answer and dispute, officers' updates and resolutions, desk intake.
ADUAN_MAX_PHOTOS = env.int("ADUAN_MAX_PHOTOS", 5, minimum=1)
# When a citizen's report may appear on public pages (DESIGN §4 "Publishing"): "review" (default)
# once a person at the desk verifies it or the agency accepts it; "submit" at once, as sent.
# Rahasia and rejected complaints are never public either way.
ADUAN_PUBLISH_ON = env.str("ADUAN_PUBLISH_ON", "review")
if ADUAN_PUBLISH_ON not in {"review", "submit"}:
    raise ConfigError(f"ADUAN_PUBLISH_ON must be 'review' or 'submit', got {ADUAN_PUBLISH_ON!r}")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "aduan.lib.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    # The PDF's font subsetting narrates every table it prunes; only its problems matter.
    "loggers": {"fontTools": {"level": "WARNING"}},
}
