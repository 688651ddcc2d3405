"""Who may do what in the back office: the one place that maps permissions to roles.

Every back-office view declares one permission (see monenfant.www.backoffice.decorators). The
authorization matrix test (tests/backoffice/test_authorization_matrix.py) does NOT read this
table: it holds its own literal expectations, so that a wrong entry here fails it.
"""

from .enums import ROLES_GRANTED_BY_CAF_ADMIN, Role

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
    # Seed 000 AM-F3: « Admin CAF » also corrects the birth names; an agent cannot.
    "edit_childminder_birth_names": frozenset({Role.CAF_ADMIN, Role.NATIONAL_ADMIN}),
    "manage_structures": _CAF_STAFF,
    "manage_habilitation_requests": _CAF_STAFF,
    "manage_habilitations": _CAF_STAFF,
    "view_information_requests": _CAF_STAFF,
    # Decision D2: the LINF handling deadline is set by the CAF administrator.
    "configure_information_requests": frozenset({Role.CAF_ADMIN, Role.NATIONAL_ADMIN}),
    "send_reminders": _CAF_STAFF,
    "view_rpe_documents": _CAF_STAFF | {Role.RPE_COORDINATOR},
    "view_registration_requests": _CAF_STAFF | {Role.MODERATOR},
    # Decision D1: only the Modérateur role processes them. Held without CAF (the national
    # pool) it counts in every CAF; held by a CAF's agent or administrator in their CAF, it
    # counts for that CAF's requests; anyone else reads them only.
    "process_registration_requests": frozenset({Role.MODERATOR}),
    "impersonate": _CAF_STAFF,
    "manage_users": frozenset({Role.CAF_ADMIN, Role.NATIONAL_ADMIN}),
    "manage_national_content": frozenset({Role.NATIONAL_ADMIN}),
}


def memberships_of(user) -> list:
    """The user's memberships, read once per request (cached on the user object; a list that
    prefetched `caf_memberships` is reused, so that checking each row costs no query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_caf_memberships_cache", None)
    if cached is None:
        if "caf_memberships" in getattr(user, "_prefetched_objects_cache", {}):
            cached = list(user.caf_memberships.all())
        else:
            cached = list(user.caf_memberships.select_related("caf"))
        user._caf_memberships_cache = cached
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, "_caf_memberships_cache"):
        del user._caf_memberships_cache


def counts_in(membership, caf) -> bool:
    """A role held in CAF B never counts in CAF A. A membership without CAF (CNAF staff) counts
    in every CAF, and so does the national administrator's role wherever it is attached."""
    if membership.role == Role.NATIONAL_ADMIN or membership.caf_id is None:
        return True
    return caf is not None and membership.caf_id == caf.pk


def roles_in(user, caf) -> frozenset[Role]:
    """Roles that count while `caf` is the active CAF."""
    return frozenset(Role(m.role) for m in memberships_of(user) if counts_in(m, caf))


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


# How much of an account the user-management screens let an actor change (see
# docs/backoffice-access.md, "Accounts shared between CAFs").
NO_CONTROL = "none"  # not an account of the active CAF, or no right to manage users: 404
ROLES_ONLY = "roles"  # only the roles of the active CAF may be added or removed
FULL_CONTROL = "full"  # identity, e-mail, password, second factor, state, deletion, roles

# Why an actor only has ROLES_ONLY (the views turn each reason into a French message).
TECHNICAL_ACCOUNT = "technical_account"
NATIONAL_ROLE = "national_role"
OTHER_CAF = "other_caf"


def administered_caf_ids(user) -> frozenset[int]:
    return frozenset(m.caf_id for m in memberships_of(user) if m.role == Role.CAF_ADMIN)


def _roles_only_reason(actor, target) -> str | None:
    """None when `actor` may take full control of `target`: every membership of the target is
    in a CAF the actor administers and holds a role he could grant there. Whoever could set
    the password, the e-mail or the second factor could log in as the account, so this must
    hold for ALL the target's memberships, not one."""
    if target.is_staff or target.is_superuser:
        # The technical team's accounts are managed in the technical admin only.
        return TECHNICAL_ACCOUNT
    if is_national_admin(actor):
        return None
    memberships = memberships_of(target)
    if any(m.role not in ROLES_GRANTED_BY_CAF_ADMIN for m in memberships):
        return NATIONAL_ROLE
    administered = administered_caf_ids(actor)
    if any(m.caf_id not in administered for m in memberships):
        return OTHER_CAF
    return None


def account_control(actor, target, caf) -> str:
    """NO_CONTROL, ROLES_ONLY or FULL_CONTROL of `actor` over `target` while `caf` is active."""
    if caf is None or not has_permission(actor, "manage_users", caf):
        return NO_CONTROL
    if not any(m.caf_id == caf.pk for m in memberships_of(target)):
        return NO_CONTROL
    return ROLES_ONLY if _roles_only_reason(actor, target) else FULL_CONTROL


def roles_only_reason(actor, target, caf) -> str | None:
    if account_control(actor, target, caf) != ROLES_ONLY:
        return None
    return _roles_only_reason(actor, target)


def can_manage_user(actor, target, caf) -> bool:
    """Full control (edit, password, e-mail, second factor, deactivate, delete)."""
    return account_control(actor, target, caf) == FULL_CONTROL


def second_factor_required(user) -> bool:
    """National administrators and the technical team (Django admin, outbox) must use TOTP."""
    return is_national_admin(user) or user.is_staff or user.is_superuser


def needs_second_factor(user) -> bool:
    """TOTP is checked for whoever must use it, and for other staff who opted in."""
    from django_otp import user_has_device

    return second_factor_required(user) or user_has_device(user)


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
