from django.conf import settings

from .context import AuditContext, current_audit_context


def client_ip(request) -> str | None:
    """The client's address, which audit entries, login lock-outs and rate limits count by.

    Behind the production reverse proxy REMOTE_ADDR is the proxy's: CLIENT_IP_HEADER names the
    header the proxy sets. Without a proxy that header would be the client's own claim, so it
    is ignored unless configured."""
    if settings.CLIENT_IP_HEADER:
        meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        if forwarded := request.META.get(meta_key, "").strip():
            return forwarded
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        impersonator = getattr(request, "impersonator", None)
        authenticated = user is not None and user.is_authenticated
        context = AuditContext(
            actor=impersonator or (user if authenticated else None),
            acting_as=user if impersonator and authenticated else None,
            ip_address=client_ip(request),
        )
        token = current_audit_context.set(context)
        try:
            return self.get_response(request)
        finally:
            current_audit_context.reset(token)
