from django.urls import URLPattern, URLResolver


def public(patterns):
    """Mark every view of these URL patterns as open to anonymous users."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            public(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback.login_required = False
    return patterns
