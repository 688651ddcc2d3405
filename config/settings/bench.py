"""Load benchmark (manage.py bench_load): production-like request path on a local database.

Development settings with DEBUG off (no query log) and the per-address limits off (one
machine sends every request); nothing else differs from what production runs.
"""

from .dev import *  # noqa: F403

DEBUG = False
PUBLIC_RATE_LIMITS = {}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
