"""The account area (/compte/): one entrance for every professional — childminders, persons
habilitated by a manager, information points, CAF staff. The back office keeps its own
entrance at /administration/connexion/."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from monenfant.accounts import selectors, services
from monenfant.accounts.tokens import password_creation_token
from monenfant.backoffice_access import perms
from monenfant.www import auth_pages
from monenfant.www.backoffice import views as backoffice_views
from monenfant.www.backoffice.forms import LoginForm

from .forms import EmailChangeForm, PasswordResetForm


def account_view(*, public=False, account_step=False):
    """Who may open an account-area view: anyone (`public`) or a logged-in person, sent to
    the account login otherwise. `account_step`: reachable before the second factor is
    verified or the temporary password changed (see AccountStepsMiddleware)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapper.account_step = account_step
        if public:
            return login_not_required(wrapper)
        protected = login_required(wrapper, login_url="account:login")
        # login_required copies the wrapped view's attributes over its own: an auth view's
        # dispatch brings `login_url = None`, and LoginRequiredMiddleware then sent the
        # visitor to the back office's login page instead of the account area's.
        protected.login_url = "account:login"
        return protected

    return decorator


def _safe_next(request):
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return next_url
    return None


def _success_url(request) -> str:
    return _safe_next(request) or selectors.landing_url(request.user)


class LoginView(auth_views.LoginView):
    template_name = "account/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": _("Connexion à mon compte")}

    def get_success_url(self):
        return _success_url(self.request)


def home(request):
    """The account page: the person's spaces (a chooser when several) and account settings."""
    return render(
        request,
        "account/home.html",
        {"title": _("Mon compte"), "spaces": selectors.spaces_of(request.user)},
    )


class PasswordResetView(backoffice_views.PasswordResetView):
    template_name = "auth/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("account:password_reset_done")
    extra_context = {
        **backoffice_views.PasswordResetView.extra_context,
        "space": auth_pages.ACCOUNT,
    }


class PasswordResetDoneView(backoffice_views.PasswordResetDoneView):
    extra_context = {
        **backoffice_views.PasswordResetDoneView.extra_context,
        "space": auth_pages.ACCOUNT,
    }


class PasswordResetConfirmView(backoffice_views.PasswordResetConfirmView):
    success_url = reverse_lazy("account:password_reset_complete")
    extra_context = {
        **backoffice_views.PasswordResetConfirmView.extra_context,
        "space": auth_pages.ACCOUNT,
    }


class PasswordResetCompleteView(backoffice_views.PasswordResetCompleteView):
    extra_context = {
        **backoffice_views.PasswordResetCompleteView.extra_context,
        "space": auth_pages.ACCOUNT,
    }


class PasswordCreateView(PasswordResetConfirmView):
    """First password of an account created by a CAF (link valid 6 days, decision D4)."""

    token_generator = password_creation_token
    reset_url_token = "creer-mot-de-passe"
    extra_context = {"title": _("Créez votre mot de passe"), "space": auth_pages.ACCOUNT}


class PasswordChangeView(backoffice_views.PasswordChangeView):
    success_url = reverse_lazy("account:home")
    extra_context = {"space": auth_pages.ACCOUNT}


def email_change(request):
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_change_request(
                user=request.user, new_email=form.cleaned_data["new_email"]
            )
        except services.AccountError as error:
            form.add_error("new_email", str(error))
        else:
            messages.success(
                request,
                _(
                    "Un lien de confirmation a été envoyé à la nouvelle adresse. Votre adresse "
                    "ne changera qu'une fois ce lien ouvert (valable 24 heures)."
                ),
            )
            return redirect("account:home")
    return render(
        request,
        "account/email_change.html",
        {"title": _("Changer d'adresse électronique"), "form": form},
    )


def email_change_confirm(request, token):
    """GET shows a button, POST applies: a mail scanner opening the link changes nothing."""
    error = None
    if request.method == "POST":
        try:
            user = services.email_change_confirm(token=token)
        except services.AccountError as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _("Votre adresse électronique est maintenant %(email)s.") % {"email": user.email},
            )
            return redirect("account:home" if request.user.is_authenticated else "account:login")
    return render(
        request,
        "account/email_change_confirm.html",
        {"title": _("Confirmer la nouvelle adresse"), "error": error},
    )


def security(request):
    return render(
        request,
        "account/security.html",
        {
            "title": _("Double authentification"),
            "has_totp": user_has_device(request.user),
            "totp_required": perms.is_national_admin(request.user),
            "space": auth_pages.ACCOUNT,
        },
    )


def otp_setup(request):
    return auth_pages.otp_setup(
        request,
        space=auth_pages.ACCOUNT,
        required=perms.is_national_admin(request.user),
        success_url=lambda: _success_url(request),
    )


def otp_verify(request):
    return auth_pages.otp_verify(
        request, space=auth_pages.ACCOUNT, success_url=lambda: _success_url(request)
    )


@require_POST
def otp_disable(request):
    return auth_pages.otp_disable(request, space=auth_pages.ACCOUNT)
