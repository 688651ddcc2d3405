from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from monenfant.accounts import services as account_services
from monenfant.audit.middleware import client_ip
from monenfant.audit.services import audit
from monenfant.backoffice_access import perms, selectors, services
from monenfant.information_requests import selectors as information_request_selectors
from monenfant.mailing import services as mailing_services
from monenfant.mailing.models import OutboxEmail
from monenfant.scheduler.worker import stuck_tasks
from monenfant.utils.antispam import rate_limit_exceeded
from monenfant.www import auth_pages

from .forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    StaffUserForm,
    StaffUserRolesForm,
    StaffUserSearchForm,
)
from .menu import menu_for
from .moderation_views import moderation_home_stats

User = get_user_model()
TOO_MANY_RESET_REQUESTS = _(
    "Trop de demandes de réinitialisation ont été faites. Réessayez dans une heure."
)


# --- Login, logout, passwords -------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": _("Connexion à l'espace Caf")}


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        # Log out the staff user really at the keyboard, not the account used on their behalf.
        _stop_impersonating(request)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Same answer whether the address is known or not, so that addresses cannot be probed."""

    template_name = "auth/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("backoffice:password_reset_done")
    extra_context = {"title": _("Mot de passe oublié"), "space": auth_pages.BACKOFFICE}

    def form_valid(self, form):
        # Each request sends an e-mail: limit per address (whether it exists or not, so the
        # limit reveals nothing) and per IP address.
        address = form.cleaned_data["email"].lower()
        too_many_for_address = rate_limit_exceeded(
            f"password_reset:email:{address}", limit=3, window_seconds=3600
        )
        too_many_for_ip = rate_limit_exceeded(
            f"password_reset:ip:{client_ip(self.request)}", limit=10, window_seconds=3600
        )
        if too_many_for_address or too_many_for_ip:
            form.add_error(None, TOO_MANY_RESET_REQUESTS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "auth/password_reset_done.html"
    extra_context = {"title": _("Mot de passe oublié"), "space": auth_pages.BACKOFFICE}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link is valid PASSWORD_RESET_TIMEOUT (24 h) and once: Django's token is computed
    from the password hash and the last login, so it dies with the password change."""

    template_name = "auth/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("backoffice:password_reset_complete")
    extra_context = {
        "title": _("Choisissez un nouveau mot de passe"),
        "space": auth_pages.BACKOFFICE,
    }

    def form_valid(self, form):
        response = super().form_valid(form)
        account_services.password_reset_done(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "auth/password_reset_complete.html"
    extra_context = {"title": _("Mot de passe modifié"), "space": auth_pages.BACKOFFICE}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "auth/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("backoffice:home")
    extra_context = {"space": auth_pages.BACKOFFICE}

    def get_context_data(self, **kwargs):
        forced = self.request.user.must_change_password
        return super().get_context_data(
            forced=forced,
            title=_("Choisissez votre mot de passe") if forced else _("Changer de mot de passe"),
            **kwargs,
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("password_changed", target=form.user)
        messages.success(self.request, _("Votre mot de passe a été modifié."))
        return response


# --- Second factor (TOTP) -----------------------------------------------------------------


def _safe_next(request, default="backoffice:home"):
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return next_url
    return reverse(default)


def otp_setup(request):
    return auth_pages.otp_setup(
        request,
        space=auth_pages.BACKOFFICE,
        required=perms.second_factor_required(request.user),
        success_url=lambda: _safe_next(request),
    )


def otp_verify(request):
    return auth_pages.otp_verify(
        request, space=auth_pages.BACKOFFICE, success_url=lambda: _safe_next(request)
    )


@require_POST
def otp_disable(request):
    return auth_pages.otp_disable(request, space=auth_pages.BACKOFFICE)


def account_security(request):
    return render(
        request,
        "backoffice/account_security.html",
        {
            "title": _("Sécurité du compte"),
            "has_totp": user_has_device(request.user),
            "totp_required": perms.second_factor_required(request.user),
            "roles_by_caf": selectors.roles_by_caf(request.user),
            "space": auth_pages.BACKOFFICE,
        },
    )


# --- Home and site switcher (boussole) ----------------------------------------------------


def home(request):
    if not perms.has_permission(request.user, "access_backoffice", request.active_caf):
        # Let in as technical staff (the declaration): their own home, not an empty one.
        return redirect("backoffice:technical_home")
    overdue_requests = None
    if perms.has_permission(request.user, "view_information_requests", request.active_caf):
        overdue_requests = information_request_selectors.overdue_count(request)
    return render(
        request,
        "backoffice/home.html",
        {
            "title": _("Espace Caf"),
            "menu": menu_for(request.user, request.active_caf),
            "moderation": moderation_home_stats(request),
            "overdue_requests": overdue_requests,
        },
    )


def site_switch(request):
    cafs = selectors.available_cafs(request.user).select_related("departement")
    if request.method == "POST":
        # Only a CAF the user may reach: another CAF's id is a 404, not a silent switch; so is
        # a value that is no id at all (the field is hidden, never typed).
        caf_id = request.POST.get("caf", "")
        if not (caf_id.isascii() and caf_id.isdigit()):
            raise Http404("Caf introuvable")
        caf = get_object_or_404(cafs, pk=caf_id)
        services.active_caf_switch(session=request.session, caf=caf)
        messages.success(
            request,
            _("Vous travaillez maintenant sur le site %(code)s — %(caf)s.")
            % {"code": caf.code, "caf": caf},
        )
        return redirect("backoffice:home")
    return render(request, "backoffice/site_switch.html", {"title": _("Boussole"), "cafs": cafs})


# --- CAF user management ------------------------------------------------------------------


def _roles_only_message(reason):
    """Why only the roles of the active CAF are offered. Never names the other CAF: an
    administrator learns no more about an account than its roles in his own CAF."""
    if reason == perms.TECHNICAL_ACCOUNT:
        return _(
            "Ce compte appartient à l'équipe technique : vous pouvez seulement ajouter ou "
            "retirer les rôles de votre Caf. Son identité, son adresse électronique, son mot de "
            "passe, sa double authentification et son état sont gérés par l'équipe technique."
        )
    if reason == perms.NATIONAL_ROLE:
        return _(
            "Ce compte a un rôle attribué par la Cnaf (modérateur ou administrateur national) : "
            "vous pouvez seulement ajouter ou retirer les rôles de votre Caf. Son identité, son "
            "adresse électronique, son mot de passe, sa double authentification et son état "
            "sont gérés par un administrateur national."
        )
    return _(
        "Ce compte a aussi des rôles dans une autre Caf que vous n'administrez pas : vous "
        "pouvez seulement ajouter ou retirer les rôles de votre Caf. Son identité, son adresse "
        "électronique, son mot de passe, sa double authentification, son état et sa suppression "
        "ne peuvent être modifiés que par un administrateur de toutes ses Caf ou par un "
        "administrateur national."
    )


def _staff_user_of_caf(request, pk):
    """A staff account with a role in the active CAF; anything else, including another CAF's
    account or a childminder, is a 404."""
    return get_object_or_404(selectors.staff_users(request.active_caf), pk=pk)


def staff_users(request):
    form = StaffUserSearchForm(request.GET or None)
    search, active = "", None
    if form.is_valid():
        search = form.cleaned_data["q"]
        active = {"1": True, "0": False}.get(form.cleaned_data["active"])
    caf = request.active_caf
    users = selectors.staff_user_list(caf, search=search, active=active)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    for staff in page:
        # Only the roles of the active CAF are shown; the others are none of its business.
        staff.roles_here = [
            m.get_role_display() for m in perms.memberships_of(staff) if m.caf_id == caf.pk
        ]
        staff.full_control = perms.can_manage_user(request.user, staff, caf)
    return render(
        request,
        "backoffice/staff_users.html",
        {"title": _("Utilisateurs de la Caf"), "form": form, "page_obj": page},
    )


def staff_user_create(request):
    caf = request.active_caf
    grantable = perms.grantable_roles(request.user, caf)
    form = StaffUserForm(request.POST or None, grantable_roles=grantable)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.staff_user_create(
                actor=request.user,
                caf=caf,
                data=form.user_data(),
                roles=form.cleaned_data["roles"],
                password=form.cleaned_data["password1"],
            )
        except services.AccessError as error:
            form.add_error("roles", str(error))
        else:
            messages.success(request, _("Le compte de %(name)s a été créé.") % {"name": user})
            return redirect("backoffice:staff_users")
    return render(
        request,
        "backoffice/staff_user_form.html",
        {"title": _("Nouvel utilisateur"), "form": form, "caf": caf},
    )


def staff_user_edit(request, pk):
    caf = request.active_caf
    user = _staff_user_of_caf(request, pk)
    reason = perms.roles_only_reason(request.user, user, caf)
    if reason is not None:
        return _staff_user_roles(request, user, reason)
    if not perms.can_manage_user(request.user, user, caf):
        return _refused(request)
    grantable = perms.grantable_roles(request.user, caf)
    # The memberships read by can_manage_user (cached on the user): no second query.
    current = [m.role for m in perms.memberships_of(user) if m.caf_id == caf.pk]
    form = StaffUserForm(
        request.POST or None,
        instance=user,
        grantable_roles=grantable,
        current_roles=[role for role in current if role in grantable],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_user_update(
                actor=request.user,
                caf=caf,
                user=user,
                data=form.user_data(),
                roles=form.cleaned_data["roles"],
                password=form.cleaned_data.get("password1") or "",
            )
        except services.AccessError as error:
            form.add_error("roles", str(error))
        else:
            messages.success(request, _("Le compte de %(name)s a été modifié.") % {"name": user})
            return redirect("backoffice:staff_users")
    return render(
        request,
        "backoffice/staff_user_form.html",
        {
            "title": _("Modifier %(name)s") % {"name": user},
            "form": form,
            "caf": caf,
            "edited": user,
            "has_second_factor": user_has_device(user),
        },
    )


def _staff_user_roles(request, user, reason):
    """The edit page of an account the administrator may not fully manage: the roles of the
    active CAF only."""
    caf = request.active_caf
    grantable = perms.grantable_roles(request.user, caf)
    current = [m.role for m in perms.memberships_of(user) if m.caf_id == caf.pk]
    form = StaffUserRolesForm(
        # Unticking every box posts nothing but the CSRF token: still a bound form.
        request.POST if request.method == "POST" else None,
        grantable_roles=grantable,
        current_roles=[role for role in current if role in grantable],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_user_set_caf_roles(
                actor=request.user, caf=caf, user=user, roles=form.cleaned_data["roles"]
            )
        except services.AccessError as error:
            form.add_error("roles", str(error))
        else:
            messages.success(
                request,
                _("Les rôles de %(name)s dans la Caf %(code)s ont été modifiés.")
                % {"name": user, "code": caf.code},
            )
            return redirect("backoffice:staff_users")
    return render(
        request,
        "backoffice/staff_user_roles.html",
        {
            "title": _("Rôles de %(name)s") % {"name": user},
            "form": form,
            "caf": caf,
            "edited": user,
            "reason": _roles_only_message(reason),
        },
    )


def _refused(request, user=None):
    reason = user is not None and perms.roles_only_reason(request.user, user, request.active_caf)
    messages.error(
        request,
        _roles_only_message(reason) if reason else _("Vous ne pouvez pas modifier ce compte."),
    )
    return redirect("backoffice:staff_users")


def _staff_user_action(request, pk, action):
    user = _staff_user_of_caf(request, pk)
    if not perms.can_manage_user(request.user, user, request.active_caf):
        return _refused(request, user)
    try:
        message = action(user)
    except services.AccessError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("backoffice:staff_users")


@require_POST
def staff_user_deactivate(request, pk):
    def deactivate(user):
        services.staff_user_set_active(
            actor=request.user, caf=request.active_caf, user=user, active=False
        )
        return _("Le compte de %(name)s a été désactivé.") % {"name": user}

    return _staff_user_action(request, pk, deactivate)


@require_POST
def staff_user_reactivate(request, pk):
    def reactivate(user):
        services.staff_user_set_active(
            actor=request.user, caf=request.active_caf, user=user, active=True
        )
        return _("Le compte de %(name)s a été réactivé.") % {"name": user}

    return _staff_user_action(request, pk, reactivate)


@require_POST
def staff_user_unlock(request, pk):
    def unlock(user):
        services.staff_user_unlock(actor=request.user, caf=request.active_caf, user=user)
        return _("Le compte de %(name)s est débloqué.") % {"name": user}

    return _staff_user_action(request, pk, unlock)


@require_POST
def staff_user_reset_second_factor(request, pk):
    def reset(user):
        services.staff_user_reset_second_factor(
            actor=request.user, caf=request.active_caf, user=user
        )
        return _(
            "La double authentification de %(name)s est réinitialisée : "
            "une nouvelle application sera enregistrée à sa prochaine connexion."
        ) % {"name": user}

    return _staff_user_action(request, pk, reset)


def staff_user_delete(request, pk):
    user = _staff_user_of_caf(request, pk)
    if not perms.can_manage_user(request.user, user, request.active_caf):
        return _refused(request, user)
    if request.method == "POST":

        def delete(user):
            name = str(user)
            services.staff_user_delete(actor=request.user, caf=request.active_caf, user=user)
            return _("Le compte de %(name)s a été supprimé.") % {"name": name}

        return _staff_user_action(request, pk, delete)
    return render(
        request,
        "backoffice/staff_user_delete.html",
        {"title": _("Supprimer %(name)s") % {"name": user}, "edited": user},
    )


# --- Impersonation ("Accéder au compte") --------------------------------------------------


@require_POST
def impersonation_start(request, pk):
    target = get_object_or_404(User, pk=pk)
    try:
        services.impersonation_start(
            actor=request.user, target=target, caf=request.active_caf, session=request.session
        )
    except services.AccessError:
        # Same answer as an unknown id: the account is out of reach, whatever the reason.
        raise Http404 from None
    messages.info(
        request, _("Vous agissez maintenant pour le compte de %(name)s.") % {"name": target}
    )
    # Later issues send the staff user to the target's space (childminder, structure manager).
    return redirect("public:home")


def _stop_impersonating(request):
    """End impersonation and give the request back its real user for the rest of it."""
    staff = getattr(request, "impersonator", None)
    target = services.impersonation_stop(actor=staff, target=request.user, session=request.session)
    if target is not None:
        request.user, request.impersonator = staff, None
    return target


@require_POST
def impersonation_stop(request):
    target = _stop_impersonating(request)
    if target is not None:
        messages.info(
            request, _("Vous n'agissez plus pour le compte de %(name)s.") % {"name": target}
        )
    return redirect("backoffice:home")


# --- Technical tools ----------------------------------------------------------------------


def technical_home(request):
    return render(
        request,
        "backoffice/technical_home.html",
        {
            "title": _("Administration technique"),
            "failed_emails": OutboxEmail.objects.filter(status=OutboxEmail.Status.FAILED).count(),
            "stuck_tasks": stuck_tasks().count(),
            "failed_status": OutboxEmail.Status.FAILED.value,
        },
    )


def outbox(request):
    emails = OutboxEmail.objects.all()
    # An unknown state is ignored (the whole outbox), never an error.
    status = request.GET.get("etat", "")
    if status in OutboxEmail.Status.values:
        emails = emails.filter(status=status)
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/outbox.html",
        {"title": _("Courriels envoyés"), "page_obj": page, "status": status},
    )


def outbox_email(request, pk):
    email = get_object_or_404(OutboxEmail, pk=pk)
    return render(request, "backoffice/outbox_email.html", {"title": email.subject, "email": email})


def outbox_email_resend(request, pk):
    email = get_object_or_404(OutboxEmail, pk=pk)
    if request.method == "POST":
        try:
            mailing_services.outbox_email_resend(actor=request.user, email=email)
        except mailing_services.ResendError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Le courriel est de nouveau en attente d'envoi."))
        return redirect("backoffice:outbox_email", pk=email.pk)
    if email.status != OutboxEmail.Status.FAILED:
        messages.info(request, _("Seul un courriel en échec définitif peut être renvoyé."))
        return redirect("backoffice:outbox_email", pk=email.pk)
    return render(
        request,
        "backoffice/outbox_email_resend.html",
        {"title": _("Renvoyer le courriel"), "email": email},
    )
