"""Test settings: fast hashing, in-memory e-mail, no external service."""

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
# The data generator, the demo set-up and the benchmarks (never in production).
INSTALLED_APPS = [*INSTALLED_APPS, "monenfant.devtools"]  # noqa: F405
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASES["default"]["CONN_MAX_AGE"] = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the apps directly; nothing to collect outside production.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tests post forms at once; tests of the anti-robot check set it back.
ANTIROBOT_MIN_SECONDS = 0
# Tests send hundreds of requests from one address; tests of the limits set them back.
PUBLIC_RATE_LIMITS = {}
