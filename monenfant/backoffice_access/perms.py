"""Who may do what in the back office: the one place that maps permissions to roles.

Every back-office view declares one permission (see monenfant.www.backoffice.decorators); the
authorization matrix test (tests/www/backoffice/test_authorization_matrix.py) reads this table
to know what each role must be allowed or refused.
"""

from .enums import NATIONAL_ROLES, ROLES_GRANTED_BY_CAF_ADMIN, Role

# Declarations that are not role based.
PUBLIC = "public"  # anonymous visitors too (login, password reset)
AUTHENTICATED = "authenticated"  # anyone logged in (logout, own password, own second factor)
TECHNICAL_STAFF = "technical_staff"  # the technical team (is_staff): outbox, Django admin

ALL_ROLES = frozenset(Role)
_CAF_STAFF = frozenset({Role.CAF_AGENT, Role.CAF_ADMIN, Role.NATIONAL_ADMIN})

# Seed 000, "Description du rôle Agent CAF" and following chapters.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "access_backoffice": ALL_ROLES,
    "switch_site": ALL_ROLES,
    "view_user_guide": ALL_ROLES,
    "export_data": _CAF_STAFF,
    "manage_childminders": _CAF_STAFF,
    "manage_structures": _CAF_STAFF,
    "manage_habilitation_requests": _CAF_STAFF,
    "manage_habilitations": _CAF_STAFF,
    "view_information_requests": _CAF_STAFF,
    "send_reminders": _CAF_STAFF,
    "view_rpe_documents": _CAF_STAFF | {Role.RPE_COORDINATOR},
    "view_registration_requests": _CAF_STAFF | {Role.MODERATOR},
    # An agent only reads the requests; moderators and administrators process them.
    "process_registration_requests": frozenset(
        {Role.MODERATOR, Role.CAF_ADMIN, Role.NATIONAL_ADMIN}
    ),
    "impersonate": _CAF_STAFF,
    "manage_users": frozenset({Role.CAF_ADMIN, Role.NATIONAL_ADMIN}),
    "manage_national_content": frozenset({Role.NATIONAL_ADMIN}),
}


def memberships_of(user) -> list:
    """The user's memberships, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_caf_memberships_cache", None)
    if cached is None:
        cached = list(user.caf_memberships.select_related("caf"))
        user._caf_memberships_cache = cached
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, "_caf_memberships_cache"):
        del user._caf_memberships_cache


def roles_in(user, caf) -> frozenset[Role]:
    """Roles that count while `caf` is the active CAF: national roles always, CAF roles only in
    their CAF."""
    return frozenset(
        Role(membership.role)
        for membership in memberships_of(user)
        if membership.role in NATIONAL_ROLES or (caf is not None and membership.caf_id == caf.pk)
    )


def is_national_admin(user) -> bool:
    return any(m.role == Role.NATIONAL_ADMIN for m in memberships_of(user))


def is_caf_staff(user) -> bool:
    """Holds at least one back-office role (childminders and structure managers hold none)."""
    return bool(memberships_of(user))


def has_permission(user, permission: str, caf) -> bool:
    if permission == PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if permission == AUTHENTICATED:
        return True
    if permission == TECHNICAL_STAFF:
        return user.is_staff
    return bool(PERMISSIONS[permission] & roles_in(user, caf))


def grantable_roles(user, caf) -> tuple[Role, ...]:
    """Roles `user` may give to someone in `caf`."""
    if is_national_admin(user):
        return tuple(Role)
    if Role.CAF_ADMIN in roles_in(user, caf):
        return ROLES_GRANTED_BY_CAF_ADMIN
    return ()


def can_manage_user(actor, target, caf) -> bool:
    """A CAF administrator manages the staff of its CAF, except accounts holding a role it could
    not grant itself (a national administrator attached to the CAF, for instance)."""
    if not has_permission(actor, "manage_users", caf):
        return False
    target_roles = {Role(m.role) for m in memberships_of(target)}
    return target_roles <= set(grantable_roles(actor, caf))


def needs_second_factor(user) -> bool:
    """National administrators must use TOTP; other staff may opt in."""
    from django_otp import user_has_device

    return is_national_admin(user) or user_has_device(user)


def can_impersonate(staff, target, caf) -> bool:
    """Hook for "Accéder au compte"; later issues (childminder and structure spaces) refine it.

    For now: a user holding `impersonate` in the active CAF may act as an active account that
    holds no back-office role (never as another staff member, never as the technical team) and
    that lies within the CAF's scope: the users the `impersonation scope providers` registered
    in selectors.py return for that CAF (none until childminders and managers exist). National
    administrators reach every such account.
    """
    from .selectors import users_in_impersonation_scope

    if staff.pk == target.pk or not target.is_active or target.is_staff or target.is_superuser:
        return False
    if is_caf_staff(target) or not has_permission(staff, "impersonate", caf):
        return False
    if is_national_admin(staff):
        return True
    return users_in_impersonation_scope(caf).filter(pk=target.pk).exists()
