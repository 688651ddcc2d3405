"""Development: convenient defaults, nothing to configure."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
# E-mails are written to var/mail/ and kept in the outbox (/administration/outbox/).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"

# Serve static files from the apps directly; nothing to collect outside production.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The data generator, the demo set-up and the benchmarks (never in production).
INSTALLED_APPS = [*INSTALLED_APPS, "monenfant.devtools"]  # noqa: F405
