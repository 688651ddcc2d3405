from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from monenfant.mailing.models import OutboxEmail
from monenfant.mailing.services import send_templated_email
from tests.backoffice.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def send_test_email():
    return send_templated_email(
        to="parent@example.org", template="test_message", context={"name": "Camille"}
    )


def test_an_email_is_rendered_in_text_and_html_kept_in_the_outbox_and_sent_by_the_worker():
    email = send_test_email()
    assert email.status == OutboxEmail.Status.PENDING
    assert mail.outbox == []

    run_worker()

    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert email.attempts == 1
    [message] = mail.outbox
    assert message.to == ["parent@example.org"]
    assert message.subject == "Message de test pour Camille"
    assert "Bonjour Camille" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>Camille</strong>" in html


def test_an_email_that_fails_once_is_retried_later_and_lands_in_the_outbox(time_machine):
    email = send_test_email()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError("SMTP down"),
    ):
        run_worker()

    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 1
    assert "SMTP down" in email.last_error
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=30)

    run_worker()  # the retry is not due yet
    assert mail.outbox == []

    time_machine.move_to(timezone.localtime(retry.run_after) + timedelta(seconds=1))
    run_worker()

    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1


def test_an_email_is_given_up_after_the_last_retry(settings, time_machine):
    settings.EMAIL_RETRY_DELAYS = [0]
    email = send_test_email()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("unreachable"),
    ):
        run_worker()
        time_machine.move_to(timezone.localtime() + timedelta(seconds=1))
        run_worker()
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert email.attempts == 2


def test_nothing_is_sent_when_the_transaction_that_asked_for_it_is_rolled_back():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        send_test_email()
        raise RuntimeError
    run_worker()
    assert mail.outbox == []
    assert not OutboxEmail.objects.exists()


def test_technical_staff_read_the_outbox_others_cannot(client):
    email = send_test_email()
    client.force_login(UserFactory())
    assert client.get("/administration/courriels/").status_code == 403
    log_in(client, UserFactory(technical_staff=True))
    page = client.get("/administration/courriels/").content.decode()
    assert "Message de test pour Camille" in page
    detail = client.get(f"/administration/courriels/{email.pk}/").content.decode()
    assert "Bonjour Camille" in detail
