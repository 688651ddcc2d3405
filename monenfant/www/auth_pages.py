"""The authentication pages that the back office and the account area share: the same forms,
rules and templates (templates/auth/), shown in each space's frame and linking to its own
URLs."""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from monenfant.accounts import services as account_services
from monenfant.audit.services import audit
from monenfant.www.backoffice.forms import TotpTokenForm


@dataclass(frozen=True)
class AuthSpace:
    """Where the pages are shown: the base template, the URL namespace and the name of its
    security page there."""

    base_template: str
    namespace: str
    security: str

    def url(self, name: str) -> str:
        return reverse(f"{self.namespace}:{name}")

    @property
    def login_url(self) -> str:
        return self.url("login")

    @property
    def password_reset_url(self) -> str:
        return self.url("password_reset")

    @property
    def otp_setup_url(self) -> str:
        return self.url("otp_setup")

    @property
    def otp_disable_url(self) -> str:
        return self.url("otp_disable")


BACKOFFICE = AuthSpace("backoffice/base.html", "backoffice", security="account_security")
ACCOUNT = AuthSpace("layout/base.html", "account", security="security")


def _qr_code_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def otp_setup(request, *, space: AuthSpace, required: bool, success_url: Callable[[], str]):
    """Enrol an authenticator app: one unconfirmed device per user until a code proves it."""
    if user_has_device(request.user):
        return redirect(space.url(space.security))
    device = account_services.second_factor_pending_device(user=request.user)
    form = TotpTokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        account_services.second_factor_enrol(user=request.user, device=device)
        otp_login(request, device)
        messages.success(request, _("La double authentification est activée."))
        return redirect(success_url())
    return render(
        request,
        "auth/otp_setup.html",
        {
            "space": space,
            "title": _("Activer la double authentification"),
            "form": form,
            "qr_code": _qr_code_svg(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode(),
            "required": required,
            "next": request.GET.get("next", ""),
        },
    )


def otp_verify(request, *, space: AuthSpace, success_url: Callable[[], str]):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(space.otp_setup_url)
    form = TotpTokenForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            audit("otp_verified", target=request.user)
            return redirect(success_url())
        audit("otp_failed", target=request.user)
    return render(
        request,
        "auth/otp_verify.html",
        {
            "space": space,
            "title": _("Double authentification"),
            "form": form,
            "next": request.GET.get("next", ""),
        },
    )


def otp_disable(request, *, space: AuthSpace):
    try:
        account_services.second_factor_disable(user=request.user)
    except account_services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("La double authentification est désactivée."))
    return redirect(space.url(space.security))
