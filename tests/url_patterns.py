from django.urls import URLPattern, URLResolver, get_resolver


def project_routes(patterns=None, prefix=""):
    """(route, pattern) for every view of the URL configuration, includes flattened: tests
    that walk it cover a new view without being told."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from project_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern
