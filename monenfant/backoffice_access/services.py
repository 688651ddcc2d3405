"""Writes of the back-office access domain: staff accounts, roles, impersonation, lock-outs.

Each service is atomic and writes one audit entry; who acts comes from the request context
(monenfant.audit), so both identities are recorded while impersonating.
"""

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from monenfant.audit.services import audit

from . import perms
from .enums import Role
from .models import CafMembership

User = get_user_model()


class AccessError(Exception):
    """A refused back-office operation; the message is French and shown to the user."""


def _require_control(actor, caf, user, *, full: bool = True):
    """Services check again what the views offer, so that no caller can skip the rule. The
    account's row is locked and its roles read again: a role granted meanwhile in another CAF
    (which would withdraw full control) is seen. Call inside the service's transaction."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    perms.forget_memberships(user)
    control = perms.account_control(actor, user, caf)
    if control == perms.FULL_CONTROL or (not full and control == perms.ROLES_ONLY):
        return
    raise AccessError(_("Vous ne pouvez pas modifier ce compte."))


def _set_roles_in_caf(*, user, caf, roles, managed=None) -> tuple[list[str], list[str]]:
    """Make `roles` the roles of `user` in `caf` among `managed` (the roles the actor may
    grant); roles outside `managed` (a moderator appointed by the CNAF) are kept."""
    current = set(CafMembership.objects.filter(user=user, caf=caf).values_list("role", flat=True))
    if managed is not None:
        current &= {str(role) for role in managed}
    wanted = {str(role) for role in roles}
    added, removed = sorted(wanted - current), sorted(current - wanted)
    CafMembership.objects.filter(user=user, caf=caf, role__in=removed).delete()
    CafMembership.objects.bulk_create(
        CafMembership(user=user, caf=caf, role=role) for role in added
    )
    perms.forget_memberships(user)
    return added, removed


# Hashing a password costs a few hundred milliseconds of CPU by design. On SQLite a write
# transaction holds the database's only write lock from its BEGIN (IMMEDIATE), so the hash is
# computed before the transaction opens: other writers wait for the writes, not the hashing
# (docs/performance.md, « Concurrent staff writers on SQLite »).


def staff_user_create(*, actor, caf, data: dict, roles, password: str):
    """Create a CAF staff account with a temporary password to change at first login."""
    return _staff_user_create(
        actor=actor, caf=caf, data=data, roles=roles, encoded_password=make_password(password)
    )


@transaction.atomic
def _staff_user_create(*, actor, caf, data: dict, roles, encoded_password: str):
    _check_grantable(actor, caf, roles)
    user = User(**data, must_change_password=True)
    user.password = encoded_password
    user.save()
    _set_roles_in_caf(user=user, caf=caf, roles=roles)
    audit(
        "staff_user_created",
        target=user,
        caf_code=caf.code,
        roles=sorted(str(r) for r in roles),
    )
    return user


def staff_user_update(*, actor, caf, user, data: dict, roles, password: str = ""):
    """Change identity and the roles held in `caf`; roles held in other CAFs are untouched.
    Needs full control of the account (perms.account_control)."""
    _require_control(actor, caf, user)
    return _staff_user_update(
        actor=actor,
        caf=caf,
        user=user,
        data=data,
        roles=roles,
        encoded_password=make_password(password) if password else "",
    )


@transaction.atomic
def _staff_user_update(*, actor, caf, user, data: dict, roles, encoded_password: str):
    _check_grantable(actor, caf, roles)
    changed = sorted(field for field, value in data.items() if getattr(user, field) != value)
    for field, value in data.items():
        setattr(user, field, value)
    if encoded_password:
        user.password = encoded_password
        user.must_change_password = True
        changed.append("password")
    user.save()
    added, removed = _set_roles_in_caf(
        user=user, caf=caf, roles=roles, managed=perms.grantable_roles(actor, caf)
    )
    audit("staff_user_updated", target=user, caf_code=caf.code, fields=changed)
    if added or removed:
        audit("roles_changed", target=user, caf_code=caf.code, added=added, removed=removed)
    return user


@transaction.atomic
def staff_user_set_caf_roles(*, actor, caf, user, roles):
    """Add or remove the roles of `caf` on an account the actor may not fully manage (shared
    with another CAF, national or technical): nothing else of the account changes. All its
    roles may be removed, which detaches the account from the CAF, unless it would be left
    without any role."""
    _require_control(actor, caf, user, full=False)
    managed = perms.grantable_roles(actor, caf)
    _check_grantable(actor, caf, roles, allow_none=True)
    kept_elsewhere = [
        m for m in perms.memberships_of(user) if m.caf_id != caf.pk or m.role not in managed
    ]
    if not roles and not kept_elsewhere:
        raise AccessError(_("Choisissez au moins un rôle."))
    added, removed = _set_roles_in_caf(user=user, caf=caf, roles=roles, managed=managed)
    audit("roles_changed", target=user, caf_code=caf.code, added=added, removed=removed)
    return added, removed


def _check_grantable(actor, caf, roles, *, allow_none=False):
    if not roles and not allow_none:
        raise AccessError(_("Choisissez au moins un rôle."))
    forbidden = set(roles) - set(perms.grantable_roles(actor, caf))
    if forbidden:
        labels = ", ".join(str(Role(role).label) for role in sorted(forbidden))
        raise AccessError(
            _("Vous ne pouvez pas attribuer ces rôles : %(roles)s.") % {"roles": labels}
        )


@transaction.atomic
def staff_user_set_active(*, actor, caf, user, active: bool):
    _require_control(actor, caf, user)
    if user.pk == actor.pk:
        raise AccessError(_("Vous ne pouvez pas désactiver votre propre compte."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit(
        "staff_user_reactivated" if active else "staff_user_deactivated",
        target=user,
        caf_code=caf.code,
    )
    return user


@transaction.atomic
def staff_user_delete(*, actor, caf, user):
    """Seed 000: only a deactivated account may be deleted (deactivation is the reversible
    step)."""
    _require_control(actor, caf, user)
    if user.is_active:
        raise AccessError(_("Désactivez le compte avant de le supprimer."))
    audit("staff_user_deleted", target=user, caf_code=caf.code, email=user.email)
    user.delete()


@transaction.atomic
def staff_user_reset_second_factor(*, actor, caf, user) -> int:
    """A staff member who lost their authenticator app enrols a new one at next login (a
    national administrator must; others may)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_control(actor, caf, user)
    if user.pk == actor.pk:
        raise AccessError(
            _(
                "Vous ne pouvez pas réinitialiser votre propre double authentification ici : "
                "utilisez la page « Sécurité du compte »."
            )
        )
    count, _details = TOTPDevice.objects.filter(user=user).delete()
    audit("second_factor_reset", target=user, caf_code=caf.code, devices_removed=count)
    return count


@transaction.atomic
def national_admin_create(*, email, first_name, last_name, password):
    """Bootstrap of a new installation: only a national administrator may grant that role in
    the back office, so operators create the first one from the command line (audited
    without an actor)."""
    if User.objects.filter(email__iexact=email).exists():
        raise AccessError(_("Un compte existe déjà pour %(email)s.") % {"email": email})
    user = User(email=email, first_name=first_name, last_name=last_name, must_change_password=True)
    user.set_password(password)
    user.save()
    CafMembership.objects.create(user=user, caf=None, role=Role.NATIONAL_ADMIN)
    audit("national_admin_created", target=user)
    return user


@transaction.atomic
def staff_user_unlock(*, actor, caf, user) -> int:
    """Lift a login lock-out on the account (failed attempts recorded by django-axes). Full
    control is needed: unlocking between guesses would help someone guess the password."""
    _require_control(actor, caf, user)
    count = axes_reset(username=user.email)
    audit("account_unlocked", target=user, caf_code=caf.code, attempts_cleared=count)
    return count


def active_caf_switch(*, session, caf):
    """The boussole: work on `caf` (already checked against the CAFs the user may reach)."""
    from .middleware import ACTIVE_CAF_SESSION_KEY

    session[ACTIVE_CAF_SESSION_KEY] = caf.pk
    audit("site_switched", caf_code=caf.code)


@transaction.atomic
def impersonation_start(*, actor, target, caf, session):
    """« Accéder au compte »: `actor` (the staff member at the keyboard) acts for `target`
    from the next request on (ImpersonationMiddleware reads the session key). The session is
    written last, after the check and the audit entry, so a refusal or a failed write leaves
    nothing behind."""
    from .middleware import IMPERSONATION_SESSION_KEY

    # Same re-reading as _require_control: a role granted to the target meanwhile (which makes
    # it a staff account, out of reach) is seen.
    list(User.objects.select_for_update().filter(pk=target.pk).values_list("pk", flat=True))
    perms.forget_memberships(target)
    if not perms.can_impersonate(actor, target, caf):
        raise AccessError(_("Vous ne pouvez pas accéder à ce compte."))
    audit(
        "impersonation_started",
        target=target,
        actor=actor,
        acting_as=target,
        caf_code=caf.code if caf else "",
    )
    session[IMPERSONATION_SESSION_KEY] = target.pk


@transaction.atomic
def impersonation_stop(*, actor, target, session):
    """End « Accéder au compte ». `actor` is the staff member at the keyboard (None when the
    request is not impersonating) and `target` the account acted for. Returns `target`, or
    None when there was nothing to stop (the session key is dropped in any case)."""
    from .middleware import IMPERSONATION_SESSION_KEY

    target_id = session.pop(IMPERSONATION_SESSION_KEY, None)
    if target_id is None or actor is None:
        return None
    audit("impersonation_stopped", target=target, actor=actor, acting_as=target)
    return target
