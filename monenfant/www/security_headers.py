"""Headers that limit what a page may load and use, on every response.

Django 5.2 has no Content-Security-Policy support of its own (6.0 adds it); the policy is one
string in the settings, so one middleware suffices."""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
