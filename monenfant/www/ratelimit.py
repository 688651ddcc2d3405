"""Per-address request limits on the public pages and API that read the database: searches,
sheets, simulations. They keep one address from scraping every childminder's contact or
taking the service down; a person browsing never reaches them."""

import math
import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from monenfant.audit.middleware import client_ip
from monenfant.utils.antispam import rate_limit_exceeded

WINDOW_SECONDS = 60
MESSAGE = _("Trop de requêtes depuis votre adresse. Réessayez dans une minute.")


class PublicRateLimitMiddleware:
    """Counts requests per client address and path prefix of `PUBLIC_RATE_LIMITS`
    ({prefix: requests per minute}); beyond, HTTP 429 in French (JSON for the API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = self._limited_prefix(request.path)
        if prefix is not None:
            limit = settings.PUBLIC_RATE_LIMITS[prefix]
            key = f"public:{prefix}:{client_ip(request)}"
            if rate_limit_exceeded(key, limit=limit, window_seconds=WINDOW_SECONDS):
                return self._refusal(request, prefix)
        return self.get_response(request)

    @staticmethod
    def _limited_prefix(path: str) -> str | None:
        for prefix in settings.PUBLIC_RATE_LIMITS:
            if path.startswith(prefix):
                return prefix
        return None

    @staticmethod
    def _refusal(request, prefix: str):
        if prefix.startswith("/api/"):
            response = JsonResponse({"detail": str(MESSAGE)}, status=429)
        else:
            response = render(
                request,
                "429.html",
                {"title": _("Trop de requêtes"), "message": MESSAGE},
                status=429,
            )
        retry_after = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
        response["Retry-After"] = str(math.ceil(retry_after))
        return response
