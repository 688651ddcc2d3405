"""Answers while the database is unreachable: HTTP 503 with Retry-After, a French page (JSON
on the API) instead of a 500, whichever layer met the outage (session, user, view).

It is Django's 500 handler (`handler500` in config/urls.py): Django calls it for any uncaught
exception, from a middleware as well as from a view, with the exception still being handled,
so it can tell a database outage from a bug. Nothing here touches the database: the page is
rendered without the request's context (no user, no messages, both read from the database).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from .context_processors import site
from .errors import server_error as site_server_error

RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    message = _("Le service est momentanément indisponible. Réessayez dans quelques instants.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        context = {**site(request), "title": _("Service momentanément indisponible")}
        context["message"] = message
        response = HttpResponseServerError(loader.render_to_string("503.html", context))
        response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return site_server_error(request)
