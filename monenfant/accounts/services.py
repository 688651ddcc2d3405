"""Writes of the account area: links (password creation, e-mail change) and the second
factor. Atomic, one audit entry each, e-mails through the outbox after commit."""

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from monenfant.audit.services import audit
from monenfant.mailing.services import send_templated_email

from .tokens import password_creation_token

EMAIL_CHANGE_SALT = "monenfant.accounts.email_change"
EMAIL_CHANGE_MAX_AGE = 24 * 3600


class AccountError(Exception):
    """A refused account operation; the message is French and shown on the page."""


@transaction.atomic
def password_creation_link_send(*, user, actor=None):
    """E-mail an account created by a CAF the link to choose its first password (6 days)."""
    send_templated_email(
        to=user.email,
        template="account_password_creation",
        context={
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": password_creation_token.make_token(user),
        },
    )
    kwargs = {} if actor is None else {"actor": actor}
    audit("password_creation_link_sent", target=user, **kwargs)


@transaction.atomic
def email_change_request(*, user, new_email: str):
    """Send a confirmation link to the new address; nothing changes until it is opened."""
    new_email = new_email.strip().lower()
    if new_email == user.email:
        raise AccountError(_("C'est déjà votre adresse électronique."))
    if get_user_model().objects.filter(email__iexact=new_email).exists():
        raise AccountError(_("Un compte existe déjà avec cette adresse électronique."))
    token = signing.dumps(
        {"user": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT
    )
    send_templated_email(
        to=new_email, template="account_email_change", context={"user": user, "token": token}
    )
    audit("email_change_requested", target=user, new_email=new_email)


@transaction.atomic
def email_change_confirm(*, token: str):
    """Apply the change the link carries; it dies after 24 hours or once the address changed."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        raise AccountError(_("Ce lien n'est plus valable. Refaites la demande.")) from None
    user = (
        get_user_model()
        .objects.select_for_update()
        .filter(pk=data.get("user"), email=data.get("old"), is_active=True)
        .first()
    )
    if user is None:
        raise AccountError(_("Ce lien n'est plus valable. Refaites la demande."))
    if get_user_model().objects.filter(email__iexact=data["new"]).exists():
        raise AccountError(_("Un compte existe déjà avec cette adresse électronique."))
    user.email = data["new"]
    user.save(update_fields=["email"])
    # A childminder's contact e-mail is the account's: it follows the change (not in search).
    from monenfant.childminders.models import Childminder

    Childminder.objects.filter(user=user).update(email=user.email)
    audit("email_changed", target=user, actor=user, old_email=data["old"])
    return user


@transaction.atomic
def password_reset_done(*, user) -> int:
    """After a password set through a reset or creation link (Django's form saved it): the
    reset is also the way out of a login lock-out, so the failed attempts on the address are
    cleared. Returns how many were."""
    count = axes_reset(username=user.email)
    audit("password_reset_done", target=user, actor=user)
    return count


@transaction.atomic
def second_factor_pending_device(*, user):
    """The authenticator app being enrolled: one unconfirmed device per user, kept between
    visits of the enrolment page so that a QR code already scanned stays valid. Not audited:
    nothing protects the account until a code confirms it (second_factor_enrol is)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # The user's row is locked so that two tabs opening the page create one device, not two.
    list(
        get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True)
    )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Application d'authentification", confirmed=False
        )
    return device


@transaction.atomic
def second_factor_enrol(*, user, device):
    """Confirm the authenticator app `device` once a code proved it."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit("otp_enrolled", target=user)


@transaction.atomic
def second_factor_disable(*, user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from monenfant.backoffice_access import perms

    if perms.second_factor_required(user):
        raise AccountError(
            _(
                "La double authentification est obligatoire pour un administrateur national et "
                "pour l'équipe technique."
            )
        )
    TOTPDevice.objects.filter(user=user).delete()
    audit("otp_disabled", target=user)
