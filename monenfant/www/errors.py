"""The 500 page. Django's own handler renders 500.html with an empty context, so the page
would lose the site's name in its title; this one adds the site constants, and only them: no
context processor that could query the database that may be the cause of the error."""

from django.http import HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

from .context_processors import site


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(render_to_string("500.html", site(request)))
