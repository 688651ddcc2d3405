from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from monenfant.backoffice_access import perms, scopes


def backoffice_view(
    permission: str | tuple[str, ...],
    *,
    scope: str = scopes.CAF,
    account_step: bool = False,
    while_impersonating=False,
):
    """Declare (and enforce) the permission of a back-office view.

    `permission` is a key of perms.PERMISSIONS or perms.PUBLIC / AUTHENTICATED /
    TECHNICAL_STAFF; it is checked in the active CAF. The declaration is kept on the view
    (`backoffice_permission`) so that the authorization matrix test finds every view.
    `scope`: the data the view reads, built once into `request.scope` for `scoped()`:
    scopes.CAF (the active CAF) or scopes.NATIONAL (every CAF for a national role granting the
    permission, e.g. moderation; the active CAF for others).
    `account_step`: reachable before the temporary password is changed or TOTP verified.
    `while_impersonating`: the back office is closed while acting as another user, except the
    views that end it.
    """
    # A tuple opens the view to holders of any of its permissions (the home: CAF staff and
    # the technical team).
    alternatives = permission if isinstance(permission, tuple) else (permission,)
    for name in alternatives:
        if name not in perms.PERMISSIONS and name not in (
            perms.PUBLIC,
            perms.AUTHENTICATED,
            perms.TECHNICAL_STAFF,
        ):
            raise ValueError(f"Unknown back-office permission: {name}")
    if scope not in scopes.SCOPE_LEVELS:
        raise ValueError(f"Unknown back-office scope: {scope}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if permission != perms.PUBLIC:
                if getattr(request, "impersonator", None) and not while_impersonating:
                    raise PermissionDenied(
                        _("Quittez le compte utilisé pour revenir à l'espace Caf.")
                    )
                caf = getattr(request, "active_caf", None)
                if not any(perms.has_permission(request.user, p, caf) for p in alternatives):
                    raise PermissionDenied
                request.scope = scopes.backoffice_scope(
                    request.user, permission=permission, level=scope, caf=caf
                )
            return view(request, *args, **kwargs)

        wrapper.backoffice_permission = permission
        wrapper.backoffice_scope = scope
        wrapper.account_step = account_step
        if permission == perms.PUBLIC:
            wrapper = login_not_required(wrapper)
        else:
            # @wraps copied Django's own marker from auth views (LogoutView is public there).
            wrapper.login_required = True
        return wrapper

    return decorator
