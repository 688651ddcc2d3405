"""Settings shared by every environment; each value that differs comes from the environment.

See .env.example for the variables and docs/operations.md for production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MONENFANT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    # After dsfr, so that DSFR's templates of widgets and error lists win over Django's.
    "django.forms",
    "widget_tweaks",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "monenfant.accounts",
    "monenfant.referential",
    "monenfant.audit",
    "monenfant.mailing",
    "monenfant.scheduler",
    "monenfant.backoffice_access",
    "monenfant.childminders",
    "monenfant.structures",
    "monenfant.habilitations",
    "monenfant.workflows",
    "monenfant.files",
    "monenfant.information_requests",
    "monenfant.search",
    "monenfant.operations",
    "monenfant.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "monenfant.www.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "monenfant.www.ratelimit.PublicRateLimitMiddleware",
    # After OTP (the staff user's verification is read before the swap) and before the audit
    # context (which records both identities).
    "monenfant.backoffice_access.middleware.ImpersonationMiddleware",
    "monenfant.backoffice_access.middleware.ActiveCafMiddleware",
    "monenfant.backoffice_access.middleware.AccountStepsMiddleware",
    "monenfant.audit.middleware.AuditContextMiddleware",
    # Last, as django-axes requires: turns a lock-out into the French login page.
    "axes.middleware.AxesMiddleware",
]

# Widgets and form templates are looked up in the project and apps (DSFR ones included).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "monenfant" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "monenfant.www.context_processors.site",
                "monenfant.www.context_processors.main_menu",
            ],
        },
    }
]


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'monenfant.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A web process and a worker write concurrently: without IMMEDIATE transactions and WAL
        # SQLite answers "database is locked". Connections persist like PostgreSQL's (opening
        # one and running the pragmas cost ~2 ms a request); WAL lets readers and the writer
        # share them.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
        # Our queries are short index lookups: parallel workers and JIT compilation cost more
        # than they save on them (measured in docs/performance.md).
        config.setdefault("OPTIONS", {})["options"] = (
            "-c max_parallel_workers_per_gather=0 -c jit=off"
        )
        # A silent database host (down, firewalled) must not hold each request for the
        # system's TCP timeout: give up after a few seconds and answer 503 (www/outage.py).
        config["OPTIONS"]["connect_timeout"] = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url: str) -> dict:
    # Short socket timeouts: an unreachable Redis costs a request one second, not a hang (the
    # rate limits then let the request through, see monenfant/utils/antispam.py).
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"])}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses any authentication while the account or the IP is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "public:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "monenfant.accounts.password_validation.LengthValidator"},
    {"NAME": "monenfant.accounts.password_validation.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Login throttling (django-axes): after 5 failures the account is locked out, and so is the
# IP address, each on its own, for 15 minutes (axes locks forever without a cool-off). A
# successful password reset or an administrator ("Déverrouiller") lifts the lock.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "monenfant.www.backoffice.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "monenfant.audit.middleware.client_ip"
# The header holding the client address set by the reverse proxy (e.g. "X-Real-IP"); empty when
# clients reach Django directly, where such a header would be spoofed.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
AXES_LOCKOUT_CALLABLE = "monenfant.www.backoffice.security.lockout_response"
AXES_VERBOSE = False
# Issuer shown in authenticator apps for the back-office second factor.
OTP_TOTP_ISSUER = "monenfant.fr"

# Seed 001: sessions end after 30 minutes without activity; every request renews the delay.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "monenfant" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "monenfant" / "static"]
# Uploaded files are private: no MEDIA_URL is served; views stream them after a permission check.
PRIVATE_FILES_ROOT = Path(os.environ.get("PRIVATE_FILES_ROOT", VAR_DIR / "private"))
# Where backup_database writes (docs/operations.md, « Backups »).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_FILES_ROOT, "base_url": None},
    },
    # Private files (monenfant.files): no URL of their own, streamed after a permission check.
    "private": {
        "BACKEND": "monenfant.files.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_FILES_ROOT / "files", "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "monenfant.fr <ne-pas-repondre@monenfant.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds to wait before each new delivery attempt of a failed e-mail.
EMAIL_RETRY_DELAYS = [60, 300, 1800, 7200]
# How long a delivery may hold an e-mail before another task may take it over (its worker is
# then presumed dead). Well above what one SMTP exchange takes with EMAIL_TIMEOUT.
EMAIL_DELIVERY_CLAIM_SECONDS = int(os.environ.get("EMAIL_DELIVERY_CLAIM_SECONDS", "300"))
# A task left RUNNING longer than this is presumed abandoned by a dead worker and run again
# (monenfant.scheduler.worker); sooner when its worker's process is known to be gone.
TASK_STALE_AFTER_SECONDS = int(os.environ.get("TASK_STALE_AFTER_SECONDS", "900"))
# An unfinished scheduled job is run again by the next scheduler pass once its process is
# gone (same host) or, from another host, once it started this long ago.
SCHEDULED_JOB_STALE_AFTER_SECONDS = int(
    os.environ.get("SCHEDULED_JOB_STALE_AFTER_SECONDS", "10800")
)
# A task whose worker died this many times is marked failed instead of run again.
TASK_MAX_CLAIMS = 10

# Public forms refuse a submission sent back sooner than this after display (robots).
ANTIROBOT_MIN_SECONDS = 2

# Automatic identity check of registering childminders (monenfant.childminders.identity).
CHILDMINDER_IDENTITY_VERIFIER = "monenfant.childminders.identity.LocalIdentityVerifier"

# Scripts only from our own files (no inline script, no eval): an injected <script> cannot run.
# Inline styles stay allowed: the DSFR and Leaflet set style attributes, and the outbox
# previews e-mails, whose HTML must carry its styles inline. Map tiles come from OpenStreetMap.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https://tile.openstreetmap.org",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# « Autour de moi » asks for the position; nothing else needs the browser's devices.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"

# Requests per minute and per client address on the public pages and API that read the
# database (monenfant.www.ratelimit); the counters live in the cache, shared through REDIS_URL.
PUBLIC_RATE_LIMITS = {
    "/api/": 300,
    "/recherche/": 120,
    "/assistant-maternel/": 120,
    "/structure/": 120,
    "/simulateur/": 120,
    "/communes/suggestions/": 300,
    "/professionnels/gestionnaire/": 60,
    "/demande-information/": 60,
    "/contact/": 30,
    # A childminder's registration takes about a dozen requests; a robot creating accounts
    # is stopped well before.
    "/professionnels/assistant-maternel/inscription/": 60,
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# Mark optional fields (current DSFR guidance) rather than required ones.
DSFR_MARK_OPTIONAL_FIELDS = True

SITE_NAME = "monenfant.fr"
SITE_TAGLINE = "Le site de la branche Famille pour trouver un mode d'accueil"

# Legal notice and personal-data page (loi n° 2004-575 art. 6, RGPD art. 13): who publishes,
# who hosts, who controls the data and how to reach the data protection officer. Production
# sets them (docs/operations.md); the defaults name the Cnaf, publisher of monenfant.fr.
LEGAL_PUBLISHER = os.environ.get("LEGAL_PUBLISHER") or (
    "Caisse nationale des allocations familiales (Cnaf), 32 avenue de la Sibelle, 75014 Paris"
)
LEGAL_PUBLICATION_DIRECTOR = os.environ.get("LEGAL_PUBLICATION_DIRECTOR") or (
    "Le directeur général de la Caisse nationale des allocations familiales"
)
LEGAL_HOST = os.environ.get("LEGAL_HOST") or (
    "Caisse nationale des allocations familiales (Cnaf), 32 avenue de la Sibelle, 75014 Paris"
)
LEGAL_DATA_CONTROLLER = os.environ.get("LEGAL_DATA_CONTROLLER") or (
    "Caisse nationale des allocations familiales (Cnaf), représentée par son directeur général"
)
LEGAL_DPO_POSTAL_ADDRESS = os.environ.get("LEGAL_DPO_POSTAL_ADDRESS") or (
    "Délégué à la protection des données, Cnaf, 32 avenue de la Sibelle, 75685 Paris Cedex 14"
)
LEGAL_DPO_EMAIL = os.environ.get("LEGAL_DPO_EMAIL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
