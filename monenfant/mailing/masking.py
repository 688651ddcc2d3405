"""Secret links are masked wherever staff read a stored e-mail (outbox, technical admin).

A password-reset or account-creation link logs its holder into the account: the technical
team must not be able to read a live one. Every route of the URL configuration with a
`<token>` parameter is such a link (name the parameter `token` and a new kind of link is
masked without a line here); the token is replaced, the rest of the address kept so that the
team still sees which link was sent.
"""

import functools
import re

from django.urls import URLPattern, URLResolver, get_resolver

MASK = "[lien-masqué]"
SECRET_PARAMETERS = ("token",)
# A URL parameter as it appears in a stored e-mail: anything up to a separator.
_SEGMENT = r"[^/\s\"'<>?#&]+"
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _route_regex(route: str) -> str:
    parts, position = [], 0
    for match in _PARAMETER.finditer(route):
        parts.append(re.escape(route[position : match.start()]))
        name = match[1]
        parts.append(f"(?P<secret>{_SEGMENT})" if name in SECRET_PARAMETERS else _SEGMENT)
        position = match.end()
    parts.append(re.escape(route[position:]))
    return "/" + "".join(parts)


@functools.cache
def _secret_link_patterns() -> tuple[re.Pattern, ...]:
    return tuple(
        re.compile(_route_regex(route))
        for route in _routes(get_resolver().url_patterns)
        if any(name in SECRET_PARAMETERS for name in _PARAMETER.findall(route))
    )


def mask_secret_links(text: str) -> str:
    """`text` with the token of every secret link replaced by MASK."""

    def mask(match):
        start, end = match.span("secret")
        whole = match[0]
        offset = match.start()
        return whole[: start - offset] + MASK + whole[end - offset :]

    for pattern in _secret_link_patterns():
        text = pattern.sub(mask, text)
    return text
