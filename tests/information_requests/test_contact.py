"""« Formulaire de contact » (S0 Cx-F2): to the monenfant mailbox of the CAF of the postal
code; an unknown postal code is refused on the field; anti-robot, rate and size limits."""

import html

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monenfant.mailing.models import OutboxEmail
from monenfant.referential.models import Caf

from .helpers import form_started

pytestmark = pytest.mark.django_db


def message(client, **changes):
    data = {
        "name": "Camille Durand",
        "email": "camille.durand@example.org",
        "postal_code": "16000",
        "subject": "Mon assistante maternelle",
        "message": "Bonjour, comment mettre à jour ma demande ?",
        "website": "",
        "form_started": form_started(client, "/contact/"),
    }
    data.update(changes)
    return client.post("/contact/", data)


def test_the_message_goes_to_the_caf_of_the_postal_code(client, django_capture_on_commit_callbacks):
    # The default mailbox pattern (docs/information-requests.md), set by the referential load.
    assert Caf.objects.get(code="CAF161").mailbox_monenfant == "monenfant.caf161@caf.fr"
    Caf.objects.filter(code="CAF131").update(mailbox_monenfant="balf.monenfant@caf13.fr")
    response = message(client, postal_code="13001")
    assert response["Location"] == "/contact/envoye/"
    (email,) = OutboxEmail.objects.filter(template="contact_message")
    assert email.to == ["balf.monenfant@caf13.fr"]
    assert email.reply_to == ["camille.durand@example.org"]
    assert "Mon assistante maternelle" in email.subject
    assert "comment mettre à jour ma demande ?" in email.body_text
    assert "Nous contacter" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"postal_code": "00000"}, "postal_code", "Ce code postal est inconnu."),
        ({"postal_code": "ABCDE"}, "postal_code", "Saisissez un code postal de 5 chiffres."),
        ({"message": "x" * 2001}, "message", "au plus 2000 caractères"),
        ({"email": "non"}, "email", "Saisissez une adresse de courriel valide."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_kept(client, changes, field, error):
    response = message(client, **changes)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert error in page
    assert f'aria-describedby="id_{field}-desc-error"' in page
    assert 'value="Mon assistante maternelle"' in page
    assert not OutboxEmail.objects.filter(template="contact_message").exists()


def test_robots_and_floods_are_refused(client):
    assert "trop vite" in html.unescape(message(client, website="x").content.decode())
    statuses = [message(client).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert OutboxEmail.objects.filter(template="contact_message").count() == 5


CONTACT_FIELDS = ["name", "email", "postal_code", "subject", "message", "website"]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    changes=st.dictionaries(
        st.sampled_from(CONTACT_FIELDS),
        st.one_of(st.text(max_size=300), st.sampled_from(["", "\x00", "00000", "x" * 5000])),
        max_size=4,
    )
)
def test_arbitrary_contact_input_never_yields_a_server_error(changes):
    client = Client(raise_request_exception=False)
    assert message(client, **changes).status_code < 500
