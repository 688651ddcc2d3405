import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, close_old_connections
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from .models import OutboxEmail

logger = logging.getLogger(__name__)

# Pauses between tries to record a sent e-mail while the database is away (about 5 minutes).
SENT_WRITE_RETRY_DELAYS = [1, 2, 4, 8, 15, 30, 60, 60, 60, 60]


def _claim(email_id: int, task_id: str) -> bool:
    """Reserve the e-mail for this task in one conditional UPDATE (atomic on both engines):
    free, or already ours (the same task run again after its worker died), or abandoned by a
    holder whose claim ran out. Nothing is held open while the SMTP server answers, so SQLite's
    single writer is not blocked for the length of a delivery."""
    now = timezone.now()
    return bool(
        OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.PENDING)
        .filter(Q(claimed_by="") | Q(claimed_by=task_id) | Q(claimed_until__lt=now))
        .update(
            claimed_by=task_id,
            claimed_until=now + timedelta(seconds=settings.EMAIL_DELIVERY_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    )


def _release(email: OutboxEmail, *fields: str) -> None:
    email.claimed_by = ""
    email.claimed_until = None
    email.save(update_fields=[*fields, "claimed_by", "claimed_until"])


@task(queue_name="default", takes_context=True)
def deliver_email(context, email_id: int) -> str:
    """Send one outbox e-mail; on failure try again later (EMAIL_RETRY_DELAYS), then give up.

    Sent at most once by the portal: the e-mail is claimed by this task before it is handed to
    the SMTP server (see `_claim`), and carries a stable Message-ID for the one case no
    protocol closes (the server accepted it, then the worker died before recording it)."""
    task_id = str(context.task_result.id)
    if not _claim(email_id, task_id):
        email = OutboxEmail.objects.filter(pk=email_id).first()
        if email is None or email.status != OutboxEmail.Status.PENDING:
            return "nothing to send"
        # Another task is delivering it right now; look again once its claim has run out, in
        # case that task's worker died with it.
        deliver_email.using(run_after=email.claimed_until).enqueue(email_id)
        return "being delivered by another task"
    email = OutboxEmail.objects.get(pk=email_id)
    max_attempts = len(settings.EMAIL_RETRY_DELAYS) + 1
    if email.attempts > max_attempts:
        # Every attempt ended with its worker: give up rather than kill workers forever.
        email.status = OutboxEmail.Status.FAILED
        email.last_error = "Le processus d'envoi s'est arrêté pendant chaque tentative."
        _release(email, "status", "last_error")
        logger.error("E-mail %s abandoned: its worker died on every attempt", email.pk)
        return "failed"
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=email.to,
        reply_to=email.reply_to or None,
        headers={"Message-ID": email.message_id},
    )
    message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as error:  # any transport failure is retried, whatever its class
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        delays = settings.EMAIL_RETRY_DELAYS
        if email.attempts <= len(delays):
            _release(email, "last_error")
            run_after = timezone.now() + timedelta(seconds=delays[email.attempts - 1])
            deliver_email.using(run_after=run_after).enqueue(email.pk)
            logger.warning("E-mail %s failed (attempt %s), retrying", email.pk, email.attempts)
            return "retry scheduled"
        email.status = OutboxEmail.Status.FAILED
        _release(email, "last_error", "status")
        logger.error("E-mail %s failed for good after %s attempts", email.pk, email.attempts)
        return "failed"
    email.status = OutboxEmail.Status.SENT
    email.sent_at = timezone.now()
    # The message is gone: losing this write would send it again, so wait out a database
    # outage here rather than let the task fail.
    for delay in SENT_WRITE_RETRY_DELAYS:
        try:
            _release(email, "status", "sent_at")
            break
        except (OperationalError, InterfaceError) as error:
            logger.warning("E-mail %s sent, recording it failed (%s); retrying", email.pk, error)
            close_old_connections()
            time.sleep(delay)
    else:
        _release(email, "status", "sent_at")
    return "sent"
