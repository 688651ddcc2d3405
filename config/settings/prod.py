"""Production: everything secret or site-specific comes from the environment; secure by default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env_bool

DEBUG = False
# Development tools (monenfant.devtools) refuse to run when this is set.
PRODUCTION = True
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters"
    )

# Rate limits count in the cache: with a per-process cache each gunicorn worker would count
# apart, multiplying every limit by the number of workers.
if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "REDIS_URL must point to the Redis shared by every web process (redis://host:6379/0)"
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "X-Real-IP")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
STORAGES = {
    **STORAGES,
    # S3-compatible object storage when a bucket is configured (django-storages): private
    # objects, signed URLs never handed out (files are streamed by the application).
    **(
        {
            "private": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": os.environ["PRIVATE_FILES_S3_BUCKET"],
                    "endpoint_url": os.environ.get("PRIVATE_FILES_S3_ENDPOINT_URL") or None,
                    "region_name": os.environ.get("PRIVATE_FILES_S3_REGION") or None,
                    "access_key": os.environ.get("PRIVATE_FILES_S3_ACCESS_KEY_ID", ""),
                    "secret_key": os.environ.get("PRIVATE_FILES_S3_SECRET_ACCESS_KEY", ""),
                    "default_acl": "private",
                    "file_overwrite": False,
                    "querystring_auth": True,
                },
            }
        }
        if os.environ.get("PRIVATE_FILES_S3_BUCKET")
        else {}
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
