import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from .models import OutboxEmail

logger = logging.getLogger(__name__)


@task(queue_name="default")
def deliver_email(email_id: int) -> str:
    """Send one outbox e-mail; on failure try again later (EMAIL_RETRY_DELAYS), then give up."""
    email = OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.PENDING).first()
    if email is None:
        return "nothing to send"
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=email.to,
        reply_to=email.reply_to or None,
    )
    message.attach_alternative(email.body_html, "text/html")
    email.attempts += 1
    try:
        message.send()
    except Exception as error:  # any transport failure is retried, whatever its class
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        delays = settings.EMAIL_RETRY_DELAYS
        if email.attempts <= len(delays):
            email.save(update_fields=["attempts", "last_error"])
            run_after = timezone.now() + timedelta(seconds=delays[email.attempts - 1])
            deliver_email.using(run_after=run_after).enqueue(email.pk)
            logger.warning("E-mail %s failed (attempt %s), retrying", email.pk, email.attempts)
            return "retry scheduled"
        email.status = OutboxEmail.Status.FAILED
        email.save(update_fields=["attempts", "last_error", "status"])
        logger.error("E-mail %s failed for good after %s attempts", email.pk, email.attempts)
        return "failed"
    email.status = OutboxEmail.Status.SENT
    email.sent_at = timezone.now()
    email.save(update_fields=["attempts", "status", "sent_at"])
    return "sent"
