"""Renewal of the agrément (seed 000 « Renouvellement d'agrément », decision D7), refused
uploads, private documents, radiated addresses and a registration resumed half-way."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from monenfant.backoffice_access.enums import Role
from monenfant.childminders.models import Childminder, ModerationRequest
from monenfant.childminders.selectors import email_blocked_by_radiation
from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in
from tests.factories import ChildminderFactory, UserFactory, commune, staff_user
from tests.files.test_private_files import ELF_HEADER, PDF, PE_HEADER

from .helpers import CONTACT, IDENTITY, LICENCE, PASSWORD, START, _antirobot, pdf, register

pytestmark = pytest.mark.django_db

QUEUE = "/administration/moderation/"
RENEWAL = "/compte/assistant-maternel/renouvellement/"
RENEWAL_FORM = {
    "departement": "16",
    "starts_on": "2025-06-01",
    "ends_on": "2035-05-31",
    "capacity": "3",
    "address": "8 place du Champ de Mars",
    "postal_code": "16000",
    "commune": "Angoulême",
}


@pytest.fixture
def childminder(client):
    user = UserFactory(childminder_account=True, email="renouvelle@example.org")
    childminder = ChildminderFactory(
        user=user, display_name="Sophie L.", commune=commune("16015"), capacity=4
    )
    log_in(client, user)
    return childminder


@pytest.fixture
def moderator():
    client = Client()
    log_in(client, staff_user(Role.MODERATOR, None))
    return client


def api_sheet(childminder):
    response = Client().get(f"/api/v1/childminders/{childminder.pk}")
    return response.status_code, response.json() if response.status_code == 200 else None


def renew(client):
    response = client.post(
        RENEWAL, {**RENEWAL_FORM, "licence_document": pdf("nouvel-agrement.pdf")}
    )
    assert response.status_code == 302, response.context["form"].errors
    return ModerationRequest.objects.get(kind="renouvellement")


def test_validated_renewal_applies_the_new_agrement_publicly(client, childminder, moderator):
    renewal = renew(client)
    assert OutboxEmail.objects.get(to=["renouvelle@example.org"]).subject == (
        "monenfant.fr\u00a0: la mise à jour de votre agrément est en cours de traitement"
    )
    # Meanwhile the public sees the current data (D7).
    status, sheet = api_sheet(childminder)
    assert status == 200
    assert sheet["capacity"] == 4
    assert (
        "Ma demande de renouvellement"
        in client.get("/compte/assistant-maternel/demande/").content.decode()
    )

    moderator.post(f"{QUEUE}{renewal.pk}/action/take/")
    detail = moderator.get(f"{QUEUE}{renewal.pk}/").content.decode()
    assert "01/06/2025" in detail and "31/05/2035" in detail and "nouvel-agrement.pdf" in detail
    moderator.post(f"{QUEUE}{renewal.pk}/action/validate/", {"confirm": "on"})

    childminder.refresh_from_db()
    assert (str(childminder.agrement_starts_on), str(childminder.agrement_ends_on)) == (
        "2025-06-01",
        "2035-05-31",
    )
    status, sheet = api_sheet(childminder)
    assert sheet["capacity"] == 3
    assert OutboxEmail.objects.filter(to=["renouvelle@example.org"]).order_by(
        "pk"
    ).last().subject == ("monenfant.fr\u00a0: la mise à jour de votre agrément est validée")


def test_rejected_renewal_deletes_the_space_and_the_sheet(client, childminder, moderator):
    renewal = renew(client)
    moderator.post(f"{QUEUE}{renewal.pk}/action/take/")
    moderator.post(
        f"{QUEUE}{renewal.pk}/action/reject/",
        {"reasons": ["document_illicite"], "confirm": "on"},
    )
    assert not Childminder.objects.filter(pk=childminder.pk).exists()
    assert api_sheet(childminder)[0] == 404
    mail = OutboxEmail.objects.filter(to=["renouvelle@example.org"]).order_by("pk").last()
    assert "Votre espace monenfant.fr est supprimé." in mail.body_text
    # The request stays in the moderators' history.
    renewal.refresh_from_db()
    assert (renewal.status, renewal.user, renewal.childminder) == ("rejete", None, None)
    assert moderator.get(f"{QUEUE}{renewal.pk}/").status_code == 200


def test_a_second_renewal_waits_for_the_first(client, childminder):
    renew(client)
    assert client.get(RENEWAL)["Location"] == "/compte/assistant-maternel/demande/"


def test_a_pending_childminder_cannot_renew(client):
    user = UserFactory(childminder_account=True)
    ChildminderFactory(user=user, pending=True)
    log_in(client, user)
    assert client.get(RENEWAL).status_code == 404


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("agrement.pdf", PE_HEADER + b"\x00" * 200, "n'est pas un format accepté"),
        ("agrement.pdf", ELF_HEADER + b"\x00" * 200, "n'est pas un format accepté"),
        (
            "agrement.pdf",
            PDF + b"0" * (11 * 1024 * 1024),
            "dépasse la taille maximale de 10\u00a0Mo",
        ),
        ("agrement.pdf", b"", "Le fichier est vide."),
    ],
)
def test_refused_uploads_keep_what_was_typed(client, childminder, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(RENEWAL, {**RENEWAL_FORM, "licence_document": upload})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors["licence_document"])
    assert list(form.errors) == ["licence_document"]
    page = unescape(response.content.decode())
    assert 'value="8 place du Champ de Mars"' in page
    assert not ModerationRequest.objects.exists()


def fetch(client, url) -> int:
    response = client.get(url)
    if response.streaming:
        # Read to the end, as a server would, so that the file is closed.
        b"".join(response.streaming_content)
    return response.status_code


def test_documents_need_the_right_session(client):
    register(client)
    document = ModerationRequest.objects.get().documents.get()
    url = f"/fichiers/{document.pk}/"
    assert fetch(client, url) == 200
    assert fetch(Client(), url) in (302, 404)
    stranger = Client()
    log_in(stranger, UserFactory(childminder_account=True))
    assert fetch(stranger, url) == 404
    # An agent of another CAF (the request is in Charente): 404; its CAF's agent and a
    # moderator: the file.
    for role, caf, expected in (
        (Role.CAF_AGENT, "CAF751", 404),
        (Role.CAF_AGENT, "CAF161", 200),
        (Role.MODERATOR, None, 200),
    ):
        staff = Client()
        log_in(staff, staff_user(role, caf))
        assert fetch(staff, url) == expected, (role, caf)


def test_a_radiated_address_cannot_register_again(client):
    user = UserFactory(childminder_account=True, email="radiee@example.org")
    ChildminderFactory(user=user, radiated=True)
    assert email_blocked_by_radiation("Radiee@Example.org")
    response = client.post(
        START,
        {
            "email": "RADIEE@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **_antirobot(client),
        },
    )
    assert response.status_code == 200
    assert "assistant maternel radié, qui ne peut donc pas se réinscrire" in " ".join(
        response.context["form"].errors["email"]
    )
    assert not ModerationRequest.objects.exists()


def test_a_registration_left_half_way_resumes_and_keeps_what_was_typed(client):
    client.post(
        START,
        {
            "email": "reprise@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **_antirobot(client),
        },
    )
    client.post(f"{START}identite/", IDENTITY)
    # A wrong postal code: refused on the field, the rest kept.
    response = client.post(f"{START}coordonnees/", {**CONTACT, "postal_code": "75001"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["postal_code"]
    assert 'value="12 rue de Périgueux"' in unescape(response.content.decode())
    client.post(f"{START}coordonnees/", CONTACT)
    # Later, in another browser: logging in leads back to the agrément step.
    other = Client()
    other.post("/compte/connexion/", {"username": "reprise@example.org", "password": PASSWORD})
    assert other.get(START)["Location"] == f"{START}agrement/"
    page = unescape(other.get(f"{START}identite/").content.decode())
    assert 'value="Martin"' in page and 'value="1985-04-12"' in page


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"birth_date": "2015-01-01"}, "birth_date"),
        ({"birth_name": "Martin3"}, "birth_name"),
    ],
)
def test_the_identity_verifier_refuses_inconsistent_identities(client, changes, field):
    client.post(
        START,
        {
            "email": "id@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **_antirobot(client),
        },
    )
    response = client.post(f"{START}identite/", {**IDENTITY, **changes})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]


def test_first_licence_needs_the_training_certificate(client):
    register(client, submit=False)
    response = client.post(f"{START}agrement/", {**LICENCE, "first_licence": "on"})
    assert list(response.context["form"].errors) == ["training_certificate"]


def test_the_registration_is_rate_limited(client, settings):
    settings.PUBLIC_RATE_LIMITS = {START: 2}
    assert client.get(START).status_code == 200
    assert client.get(START).status_code == 200
    response = client.get(START)
    assert response.status_code == 429
    assert "Trop de requêtes" in response.content.decode()


def test_a_pending_childminder_lands_on_the_request(client):
    register(client)
    client.logout()
    response = client.post(
        "/compte/connexion/", {"username": "claire.durand@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/compte/assistant-maternel/demande/"
