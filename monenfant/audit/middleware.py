from .context import AuditContext, current_audit_context


def client_ip(request) -> str | None:
    # Behind the production reverse proxy REMOTE_ADDR is the proxy; the proxy sets X-Real-IP.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


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
