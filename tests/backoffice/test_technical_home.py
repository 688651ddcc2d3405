"""The technical team's home (/administration/exploitation/): what needs a look (e-mails in
« échec définitif », stuck tasks) and the way to the outbox and the Django admin; and the
resending of a failed e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from monenfant.audit.models import AuditEntry
from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


def store_email(status, subject="Votre compte"):
    return OutboxEmail.objects.create(
        template="test_message",
        from_email="ne-pas-repondre@monenfant.fr",
        to=["parent@example.org"],
        subject=subject,
        body_text="Bonjour",
        body_html="<p>Bonjour</p>",
        status=status,
        attempts=5 if status == "echec" else 1,
        last_error="SMTPRecipientsRefused: boîte pleine" if status == "echec" else "",
    )


def store_task(status, *, minutes_ago):
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    task = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="monenfant.mailing.tasks.deliver_email",
        backend_name="default",
        run_after=moment,
        started_at=moment if status == "RUNNING" else None,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=moment)


def test_the_technical_team_lands_on_its_home_with_the_counts_to_look_at(
    client, settings, django_assert_num_queries
):
    settings.TASK_STALE_AFTER_SECONDS = 15 * 60
    store_email("echec")
    store_email("echec")
    store_email("envoye")
    store_email("en_attente")
    store_task("RUNNING", minutes_ago=16)  # its worker died
    store_task("READY", minutes_ago=20)  # no worker takes it
    store_task("RUNNING", minutes_ago=2)  # working
    store_task("READY", minutes_ago=1)  # about to be taken
    store_task("FAILED", minutes_ago=60)  # over
    log_in(client, UserFactory(technical_staff=True))

    response = client.get("/administration/", follow=True)

    assert response.redirect_chain == [("/administration/exploitation/", 302)]
    html = response.content.decode()
    assert "2 courriels n'ont pas pu être envoyés." in html
    assert "2 tâches en cours ou en attente depuis trop longtemps." in html
    assert 'href="/administration/courriels/?etat=echec"' in html
    assert 'href="/administration/technique/"' in html
    # Session, user, memberships, second factor; two counts; session saved (3).
    with django_assert_num_queries(9):
        client.get("/administration/exploitation/")


def test_the_failed_filter_of_the_outbox_lists_only_failed_emails(client):
    store_email("echec", subject="Objet en échec")
    store_email("envoye", subject="Objet parti")
    log_in(client, UserFactory(technical_staff=True))
    html = client.get("/administration/courriels/?etat=echec").content.decode()
    assert "Objet en échec" in html and "Objet parti" not in html
    html = client.get("/administration/courriels/?etat=nimporte").content.decode()
    assert "Objet en échec" in html and "Objet parti" in html


def test_an_account_without_role_nor_technical_access_is_refused(client):
    log_in(client, UserFactory())
    assert client.get("/administration/").status_code == 403
    assert client.get("/administration/exploitation/").status_code == 403


def test_caf_staff_keep_their_home_and_technical_staff_with_a_role_get_a_link(client):
    log_in(client, staff_user("caf_agent"))
    html = client.get("/administration/").content.decode()
    assert "Espace Caf" in html and "/administration/exploitation/" not in html
    assert client.get("/administration/exploitation/").status_code == 403

    log_in(client, staff_user("caf_agent", is_staff=True))
    html = client.get("/administration/").content.decode()
    assert 'href="/administration/exploitation/"' in html


@pytest.mark.django_db(transaction=True)
def test_an_email_in_definitive_failure_is_resent_after_confirmation_and_audited(client):
    email = store_email("echec")
    technician = UserFactory(technical_staff=True)
    log_in(client, technician)
    detail = client.get(f"/administration/courriels/{email.pk}/").content.decode()
    assert f'href="/administration/courriels/{email.pk}/renvoyer/"' in detail

    confirmation = client.get(f"/administration/courriels/{email.pk}/renvoyer/")
    assert "Renvoyer le courriel" in confirmation.content.decode()
    email.refresh_from_db()
    assert email.status == "echec"  # a GET changes nothing

    response = client.post(f"/administration/courriels/{email.pk}/renvoyer/", follow=True)
    assert "de nouveau en attente d&#x27;envoi" in response.content.decode()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("en_attente", 0)
    entry = AuditEntry.objects.get(action="outbox_email_resent")
    assert (entry.actor, entry.target_id) == (technician, str(email.pk))
    assert entry.data["previous_attempts"] == 5

    # A second click is refused: still one delivery.
    again = client.post(f"/administration/courriels/{email.pk}/renvoyer/", follow=True)
    assert "Seul un courriel en échec définitif peut être renvoyé." in again.content.decode()
    assert DBTaskResult.objects.count() == 1

    call_command("run_worker", batch=True)
    email.refresh_from_db()
    assert email.status == "envoye"
    assert len(mail.outbox) == 1


def test_only_the_technical_team_resends_and_only_failed_emails(client):
    failed = store_email("echec")
    sent = store_email("envoye")
    log_in(client, staff_user("caf_admin"))
    assert client.post(f"/administration/courriels/{failed.pk}/renvoyer/").status_code == 403
    log_in(client, UserFactory(technical_staff=True))
    client.post(f"/administration/courriels/{sent.pk}/renvoyer/")
    sent.refresh_from_db()
    failed.refresh_from_db()
    assert (sent.status, failed.status) == ("envoye", "echec")
    assert not AuditEntry.objects.filter(action="outbox_email_resent").exists()
