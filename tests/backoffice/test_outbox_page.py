"""The technical team's view of the outbox (/administration/courriels/)."""

import pytest
from django.urls import reverse

from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def store_emails(count):
    OutboxEmail.objects.bulk_create(
        OutboxEmail(
            template="test_message",
            from_email="ne-pas-repondre@monenfant.fr",
            to=[f"parent{index}@example.org", "copie@example.org"],
            subject=f"Message {index}",
            body_text="Bonjour",
            body_html="<p>Bonjour</p>",
        )
        for index in range(count)
    )


def test_outbox_query_count_does_not_grow_with_the_emails(client, django_assert_num_queries):
    log_in(client, UserFactory(technical_staff=True))
    store_emails(2)
    # Session, user, memberships, second factor; count and page of e-mails; session saved (3).
    with django_assert_num_queries(9):
        client.get(reverse("backoffice:outbox"))
    store_emails(120)
    with django_assert_num_queries(9):
        html = client.get(reverse("backoffice:outbox")).content.decode()
    assert html.count("parent") == 50
    assert "Boîte d'envoi (122 courriels)" in html
