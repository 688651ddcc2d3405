"""Acceptance (issue 11): a registration from the public page to validation and the
childminder in the public search and API; the three outcomes of seed 000 « Processus
Inscription » (validated; more information then validated; rejected), with e-mails 1–4."""

from html import unescape

import pytest

from monenfant.backoffice_access.enums import Role
from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in
from tests.factories import staff_user

from .helpers import LICENCE, START, pdf, register

pytestmark = pytest.mark.django_db

QUEUE = "/administration/moderation/"


def moderation_request_id(client_moderator):
    page = client_moderator.get(QUEUE)
    assert page.status_code == 200
    requests = list(page.context["page_obj"])
    assert len(requests) == 1
    return requests[0].pk


def act(client, pk, name, data=None):
    return client.post(f"{QUEUE}{pk}/action/{name}/", data or {})


def subjects_to(address):
    return [e.subject for e in OutboxEmail.objects.filter(to=[address]).order_by("pk")]


def in_search(client, name):
    html = client.get("/recherche/", {"commune": "16015", "type": "assistant_maternel"})
    api = client.get("/api/v1/search", {"commune": "16015"}).json()
    names = [item.get("name") or item.get("display_name") for item in api["results"]]
    return name in html.content.decode(), name in names


@pytest.fixture
def moderator(client):
    from django.test import Client

    moderator_client = Client()
    log_in(
        moderator_client, staff_user(Role.MODERATOR, None, first_name="Modé", last_name="Ratrice")
    )
    return moderator_client


def test_professionals_page_leads_to_the_registration(client):
    page = client.get("/professionnels/").content.decode()
    assert "Je suis assistant(e) maternel(le)" in page
    assert f'href="{START}"' in page


def test_registration_validated_appears_in_search_and_api(client, moderator):
    register(client)
    assert subjects_to("claire.durand@example.org") == [
        "monenfant.fr\u00a0: votre demande d'inscription a bien été reçue"
    ]
    # The pending space shows the request; the public does not see the childminder yet.
    pending = client.get("/compte/assistant-maternel/demande/").content.decode()
    assert "En attente de traitement" in pending
    assert in_search(client, "Claire D.") == (False, False)

    pk = moderation_request_id(moderator)
    detail = moderator.get(f"{QUEUE}{pk}/").content.decode()
    for checked in (
        "Claire Anne",
        "Martin",
        "Durand",
        "12 rue de Périgueux",
        "15/01/2024",
        "14/01/2034",
    ):
        assert checked in detail
    assert "agrement.pdf" in detail
    assert act(moderator, pk, "take").status_code == 302
    response = act(moderator, pk, "validate", {"confirm": "on"})
    assert response.status_code == 302

    assert in_search(client, "Claire D.") == (True, True)
    assert subjects_to("claire.durand@example.org")[-1] == (
        "monenfant.fr\u00a0: votre inscription est validée"
    )


def test_more_information_then_validated(client, moderator):
    register(client)
    pk = moderation_request_id(moderator)
    act(moderator, pk, "take")
    response = act(
        moderator,
        pk,
        "ask_information",
        {"reasons": ["dates"], "text": "La fin est le 14/01/2030."},
    )
    assert response.status_code == 302
    mail = OutboxEmail.objects.filter(to=["claire.durand@example.org"]).order_by("pk").last()
    assert mail.subject == "monenfant.fr\u00a0: votre demande d'inscription est à compléter"
    assert "Les dates d'agrément diffèrent de celles du document" in mail.body_text
    assert "La fin est le 14/01/2030." in mail.body_text

    pending = client.get("/compte/assistant-maternel/demande/").content.decode()
    assert "En attente de nouveaux éléments" in pending
    # Editing the agrément data sends it back to the moderators.
    response = client.post(
        "/compte/assistant-maternel/demande/",
        {**LICENCE, "ends_on": "2030-01-14", "licence_document": pdf("agrement-lisible.pdf")},
    )
    assert response.status_code == 302
    queue = moderator.get(QUEUE, {"status": "en_attente"})
    assert [r.pk for r in queue.context["page_obj"]] == [pk]

    act(moderator, pk, "take")
    act(moderator, pk, "validate", {"confirm": "on"})
    assert in_search(client, "Claire D.") == (True, True)


def test_rejected_registration_cannot_log_in(client, moderator):
    register(client)
    pk = moderation_request_id(moderator)
    act(moderator, pk, "take")
    # Without the confirmation box the rejection is refused, the reasons kept.
    page = act(
        moderator, pk, "reject", {"reasons": ["document_illicite"], "text": "Tampon absent."}
    )
    assert page.status_code == 200
    assert "Cochez cette case pour confirmer le rejet." in page.content.decode()
    assert "Tampon absent." in page.content.decode()
    act(
        moderator,
        pk,
        "reject",
        {"reasons": ["document_illicite"], "text": "Tampon absent.", "confirm": "on"},
    )
    mail = OutboxEmail.objects.filter(to=["claire.durand@example.org"]).order_by("pk").last()
    assert mail.subject == "monenfant.fr\u00a0: votre demande d'inscription est rejetée"
    assert "Le document d'agrément est illicite ou falsifié" in mail.body_text

    client.logout()
    response = client.post(
        "/compte/connexion/",
        {"username": "claire.durand@example.org", "password": "Agrement-2026!"},
    )
    assert response.status_code == 200
    assert "Votre demande d'inscription a été rejetée" in unescape(response.content.decode())
    assert in_search(client, "Claire D.") == (False, False)
