import re

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import OutboxEmail


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of `emails/<template>.{subject.txt,txt,html}`."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"emails/{template}.subject.txt", context)
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    # One line; only ASCII whitespace is collapsed: the no-break spaces of French stay.
    return re.sub(r"[ \t\r\n]+", " ", subject).strip(), text, html


def send_templated_email(
    *, to: list[str] | str, template: str, context: dict, reply_to: list[str] | None = None
) -> OutboxEmail:
    """Store the rendered e-mail in the outbox and deliver it in the background after commit."""
    from .tasks import deliver_email

    subject, text, html = render_email(template, context)
    email = OutboxEmail.objects.create(
        template=template,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        reply_to=reply_to or [],
        subject=subject,
        body_text=text,
        body_html=html,
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


class ResendError(Exception):
    """The e-mail cannot be resent (it is not in « échec définitif »); the message is French."""


@transaction.atomic
def outbox_email_resend(*, actor, email: OutboxEmail) -> OutboxEmail:
    """Give an e-mail in « échec définitif » a new series of delivery attempts (after the
    technical team fixed the cause: SMTP credentials, a rejected address…)."""
    from monenfant.audit.services import audit

    from .tasks import deliver_email

    # Locked and re-read: two clicks, or two staff members, resend it once.
    email = OutboxEmail.objects.select_for_update().get(pk=email.pk)
    if email.status != OutboxEmail.Status.FAILED:
        raise ResendError(_("Seul un courriel en échec définitif peut être renvoyé."))
    previous_attempts = email.attempts
    email.status = OutboxEmail.Status.PENDING
    email.attempts = 0
    email.claimed_by = ""
    email.claimed_until = None
    email.save(update_fields=["status", "attempts", "claimed_by", "claimed_until"])
    audit(
        "outbox_email_resent",
        target=email,
        actor=actor,
        previous_attempts=previous_attempts,
        last_error=email.last_error[:500],
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email
