from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse

from monenfant.referential.models import Caf

from . import perms, selectors

ACTIVE_CAF_SESSION_KEY = "backoffice_active_caf"
IMPERSONATION_SESSION_KEY = "impersonated_user_id"


class ImpersonationMiddleware:
    """While a staff user uses "Accéder au compte", `request.user` is the account acted upon and
    `request.impersonator` the staff user really at the keyboard. Must come before
    AuditContextMiddleware, which records both identities."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.impersonator = None
        target_id = request.session.get(IMPERSONATION_SESSION_KEY)
        if target_id is not None and request.user.is_authenticated:
            target = get_user_model().objects.filter(pk=target_id, is_active=True).first()
            # Re-checked on each request: a target who became staff or was deactivated ends it.
            if target is None or perms.is_caf_staff(target) or target.is_staff:
                request.session.pop(IMPERSONATION_SESSION_KEY, None)
            else:
                request.impersonator = request.user
                request.user = target
        return self.get_response(request)


class ActiveCafMiddleware:
    """`request.active_caf`: the CAF chosen with the boussole (kept in the session), checked
    against the CAFs the staff user may reach; defaults to the user's first CAF."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.active_caf = None
        staff = getattr(request, "impersonator", None) or request.user
        if staff.is_authenticated and perms.is_caf_staff(staff):
            request.active_caf = self._active_caf(request, staff)
        return self.get_response(request)

    def _active_caf(self, request, staff):
        caf_id = request.session.get(ACTIVE_CAF_SESSION_KEY)
        if caf_id is not None:
            caf = selectors.available_cafs(staff).filter(pk=caf_id).first()
            if caf is not None:
                return caf
            request.session.pop(ACTIVE_CAF_SESSION_KEY, None)
        caf = selectors.default_caf(staff)
        if caf is None and perms.is_national_admin(staff):
            caf = Caf.objects.order_by("code").first()
        return caf


class AccountStepsMiddleware:
    """Steps an authenticated user must complete before anything else, on the whole site:
    the TOTP check (enrolment first for a national administrator without a device), then the
    change of a temporary password. Only the step views themselves (flag `account_step`, with
    logout) stay reachable meanwhile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "impersonator", None) or request.user
        if not user.is_authenticated:
            return None
        # Public views are not skipped: Django's admin marks its views public (it checks
        # is_staff itself), and the steps must come before the admin too.
        if getattr(view_func, "account_step", False):
            return None
        if perms.needs_second_factor(user) and not user.is_verified():
            from django_otp import user_has_device

            # CAF staff and the technical team complete the steps in the back office, everyone
            # else in the account area.
            area = "backoffice" if perms.is_caf_staff(user) or user.is_staff else "account"
            step = f"{area}:otp_verify" if user_has_device(user) else f"{area}:otp_setup"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        if user.must_change_password:
            area = "backoffice" if perms.is_caf_staff(user) or user.is_staff else "account"
            return redirect(f"{area}:password_change")
        return None
