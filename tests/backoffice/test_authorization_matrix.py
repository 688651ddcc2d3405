"""Acceptance: every back-office URL, discovered from the URL configuration, against every
role, a user of another CAF, a user without role, the technical team and anonymous visitors.

A new view without a declared permission fails `test_every_backoffice_view_declares_...`; a
new view with one is covered by the matrix automatically."""

import re

import pytest
from django.urls.resolvers import RoutePattern

from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.perms import (
    AUTHENTICATED,
    PERMISSIONS,
    PUBLIC,
    TECHNICAL_STAFF,
)
from tests.backoffice.helpers import log_in
from tests.factories import UserFactory, staff_user
from tests.url_patterns import project_routes

BACKOFFICE_PREFIX = "administration/"
# Django's admin has its own is_staff check and is not a back-office feature.
EXCLUDED_PREFIXES = ("administration/technique/",)


def backoffice_patterns():
    return [
        (route, pattern)
        for route, pattern in project_routes()
        if route.startswith(BACKOFFICE_PREFIX) and not route.startswith(EXCLUDED_PREFIXES)
    ]


def concrete_url(route: str) -> str:
    # Any value will do: permissions are checked before the object is looked up, so a refused
    # user gets 403 and an allowed one gets the page, a 404 or a 405 (POST-only views).
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "999999" if m[1] == "int" else "x", route)


def test_every_backoffice_view_declares_its_permission():
    patterns = backoffice_patterns()
    assert len(patterns) > 10
    undeclared = [
        route
        for route, pattern in patterns
        if not hasattr(pattern.callback, "backoffice_permission")
    ]
    assert undeclared == [], f"Back-office views without a declared permission: {undeclared}"
    unknown = [
        (route, name)
        for route, pattern in patterns
        for name in alternatives(pattern.callback.backoffice_permission)
        if name not in {*PERMISSIONS, PUBLIC, AUTHENTICATED, TECHNICAL_STAFF}
    ]
    assert unknown == []
    assert all(isinstance(pattern.pattern, RoutePattern) for _, pattern in patterns)


def alternatives(permission) -> tuple:
    """A declaration is one permission or a tuple of them (any one lets in)."""
    return permission if isinstance(permission, tuple) else (permission,)


def expected_allowed(permission, *, roles, authenticated, is_staff) -> bool:
    """The matrix, written from the declarations and the role table, not from the code that
    enforces them."""
    if isinstance(permission, tuple):
        return any(
            expected_allowed(p, roles=roles, authenticated=authenticated, is_staff=is_staff)
            for p in permission
        )
    if permission == PUBLIC:
        return True
    if not authenticated:
        return False
    if permission == AUTHENTICATED:
        return True
    if permission == TECHNICAL_STAFF:
        return is_staff
    return bool(PERMISSIONS[permission] & set(roles))


def make_user(kind):
    if kind == "anonymous":
        return None, ()
    if kind == "no_role":  # a childminder or a structure manager
        return UserFactory(), ()
    if kind == "technical_staff":
        return UserFactory(technical_staff=True), ()
    if kind == "agent_of_another_caf":
        return staff_user(Role.CAF_AGENT, "CAF131"), (Role.CAF_AGENT,)
    role = Role(kind)
    caf_code = None if role == Role.NATIONAL_ADMIN else "CAF751"
    return staff_user(role, caf_code), (role,)


USER_KINDS = [
    "anonymous",
    "no_role",
    "technical_staff",
    "agent_of_another_caf",
    *[role.value for role in Role],
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", USER_KINDS)
def test_authorization_matrix(client, kind):
    user, roles = make_user(kind)
    if user is not None:
        log_in(client, user)
    mismatches = []
    for route, pattern in backoffice_patterns():
        permission = pattern.callback.backoffice_permission
        if pattern.name == "logout":
            continue  # would end the session for the next URLs; covered below
        url = concrete_url(route)
        response = client.get(url)
        allowed = expected_allowed(
            permission,
            roles=roles,
            authenticated=user is not None,
            is_staff=bool(user and user.is_staff),
        )
        if user is None and not allowed:
            ok = response.status_code == 302 and "/administration/connexion/" in response.url
        elif allowed:
            # 404 only for the made-up object ids; a page without parameters must answer.
            answers = (200, 302, 404, 405) if "<" in route else (200, 302, 405)
            ok = response.status_code in answers and not (
                response.status_code == 302 and "/connexion/" in response.url
            )
        else:
            ok = response.status_code == 403
        if not ok:
            mismatches.append((url, permission, response.status_code, allowed))
    assert mismatches == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", USER_KINDS)
def test_logout(client, kind):
    user, _ = make_user(kind)
    if user is not None:
        log_in(client, user)
    response = client.post("/administration/deconnexion/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
