"""Issue 14 points 1–3: a manager requests habilitation on the public site, the CAF sends
the convention and validates, the persons choose their password through a 6-day link; the
CAF changes the persons later, or revokes the manager, which ends an open session at once."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, TestCase
from django.utils import timezone

from monenfant.accounts.models import User
from monenfant.backoffice_access.enums import Role
from monenfant.habilitations import services
from monenfant.habilitations.models import Habilitation, HabilitationRequest, Manager
from monenfant.mailing.models import OutboxEmail
from monenfant.referential.models import Caf
from tests.backoffice.helpers import log_in
from tests.factories import (
    HabilitationRequestFactory,
    StructureFactory,
    commune,
    staff_user,
)

pytestmark = pytest.mark.django_db

FORM = "/professionnels/gestionnaire/demande-habilitation/"
NEW_PASSWORD = "Nouveau-Passe2026"
PERSONS = [
    ("Léa", "Durand", "lea.durand@example.org", "Directrice"),
    ("Hugo", "Bernard", "hugo.bernard@example.org", "Secrétaire"),
]


class CommittingClient(Client):
    """Each request's on_commit callbacks (e-mails) run, as after a real commit."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def paris_structures():
    return [
        StructureFactory(commune=commune("75056"), name="Crèche Les Moineaux"),
        StructureFactory(commune=commune("75056"), name="Halte-garderie Les Pinsons"),
    ]


def started(client) -> str:
    page = client.get(FORM).content.decode()
    return re.search(r'name="form_started" value="([^"]+)"', page)[1]


def request_data(client, structures, persons=PERSONS, **overrides) -> dict:
    data = {
        "form_started": started(client),
        "kind": "habilitation",
        "caf": str(Caf.objects.get(code="CAF751").pk),
        "name": "Association Les Petits Pas",
        "siret": "12345678901234",
        "address": "3 rue de Rivoli",
        "postal_code": "75004",
        "city": "Paris",
        "contact_first_name": "Camille",
        "contact_last_name": "Leroy",
        "contact_function": "Présidente",
        "contact_email": "camille.leroy@example.org",
        "contact_phone": "01 23 45 67 89",
        "structures": [str(s.pk) for s in structures],
        "person_count": str(len(persons)),
        "action": "send",
    }
    for i, (first_name, last_name, email, function) in enumerate(persons):
        data |= {
            f"person-{i}-first_name": first_name,
            f"person-{i}-last_name": last_name,
            f"person-{i}-email": email,
            f"person-{i}-function": function,
        }
    return data | overrides


def emails_to(address):
    return list(
        OutboxEmail.objects.filter(to=[address]).order_by("pk").values_list("template", flat=True)
    )


def link_in(address, path):
    message = OutboxEmail.objects.filter(to=[address]).latest("pk")
    return re.search(rf"http://[^\s]+{path}[^\s]+/", message.body_text)[0].removeprefix(
        "http://127.0.0.1:8000"
    )


def set_password_through(client, link, password=NEW_PASSWORD):
    response = client.get(link)
    if response.status_code != 302:
        return response
    return client.post(response.url, {"new_password1": password, "new_password2": password})


def agent_client(client_class, caf_code="CAF751"):
    return log_in(client_class(), staff_user(Role.CAF_AGENT, caf_code))


def apply(agent, habilitation_request, name):
    url = f"/administration/demandes-habilitation/{habilitation_request.pk}/action/{name}/"
    confirmation = agent.get(url)
    assert confirmation.status_code == 200
    assert "Oui" in confirmation.content.decode()
    return agent.post(url)


def submitted_and_validated(client, structures) -> HabilitationRequest:
    assert client.post(FORM, request_data(client, structures)).status_code == 302
    habilitation_request = HabilitationRequest.objects.get()
    agent = agent_client(type(client))
    apply(agent, habilitation_request, "send_convention")
    apply(agent, habilitation_request, "validate")
    habilitation_request.refresh_from_db()
    assert habilitation_request.get_status_display() == "Validée"
    return habilitation_request


def test_request_convention_validation_then_a_person_sets_a_password_and_logs_in(
    client, paris_structures
):
    response = client.post(FORM, request_data(client, paris_structures))
    assert response.status_code == 302
    assert "transmise à votre Caf" in client.get(response.url).content.decode()
    assert emails_to("camille.leroy@example.org") == ["habilitation_request_acknowledgment"]
    assert emails_to("approbateurs.caf751@caf.fr") == ["habilitation_request_received"]

    agent = agent_client(type(client))
    listing = agent.get("/administration/demandes-habilitation/").content.decode()
    assert "Association Les Petits Pas" in listing and "Non traitée" in listing
    habilitation_request = HabilitationRequest.objects.get()
    sheet = agent.get(f"/administration/demandes-habilitation/{habilitation_request.pk}/")
    page = sheet.content.decode()
    for text in ("Crèche Les Moineaux", "lea.durand@example.org", "Convention envoyée"):
        assert text in page
    # « Valider habilitation » is not offered before the convention is sent.
    assert "Valider habilitation" not in page

    apply(agent, habilitation_request, "send_convention")
    assert not User.objects.filter(email="lea.durand@example.org").exists()
    apply(agent, habilitation_request, "validate")

    for _first, _last, email, _function in PERSONS:
        person = User.objects.get(email=email)
        assert person.kind == "habilitated_person"
        assert not person.has_usable_password()
        assert emails_to(email) == ["account_password_creation"]
        assert set(
            Habilitation.objects.filter(person=person).values_list("structure", flat=True)
        ) == {s.pk for s in paris_structures}
    assert sorted(emails_to("camille.leroy@example.org")) == [
        "habilitation_request_acknowledgment",
        "habilitation_request_validated",
    ]

    link = link_in("lea.durand@example.org", "/compte/mot-de-passe/creer/")
    assert set_password_through(client, link).url == "/compte/mot-de-passe/enregistre/"
    logged = client.post(
        "/compte/connexion/", {"username": "lea.durand@example.org", "password": NEW_PASSWORD}
    )
    assert logged.status_code == 302
    assert "Crèche Les Moineaux" in client.get("/compte/").content.decode()


@pytest.mark.parametrize(
    ("age", "valid"),
    [(timedelta(days=5, hours=23), True), (timedelta(days=6, minutes=1), False)],
)
def test_the_password_link_dies_after_six_days(client, paris_structures, time_machine, age, valid):
    submitted_and_validated(client, paris_structures)
    link = link_in("hugo.bernard@example.org", "/compte/mot-de-passe/creer/")
    time_machine.move_to(timezone.localtime() + age)
    response = set_password_through(type(client)(), link)
    person = User.objects.get(email="hugo.bernard@example.org")
    assert person.check_password(NEW_PASSWORD) is valid
    if not valid:
        assert "Lien expiré ou déjà utilisé" in response.content.decode()


def test_the_password_link_serves_once(client, paris_structures):
    submitted_and_validated(client, paris_structures)
    link = link_in("hugo.bernard@example.org", "/compte/mot-de-passe/creer/")
    assert set_password_through(type(client)(), link).status_code == 302
    again = set_password_through(type(client)(), link, "Autre-Passe2026!")
    assert "Lien expiré ou déjà utilisé" in again.content.decode()
    assert User.objects.get(email="hugo.bernard@example.org").check_password(NEW_PASSWORD)


@pytest.mark.parametrize("after_convention", [False, True])
def test_rejection_creates_no_account(client, paris_structures, after_convention):
    habilitation_request = HabilitationRequestFactory(structures=paris_structures, persons=PERSONS)
    agent = agent_client(type(client))
    if after_convention:
        apply(agent, habilitation_request, "send_convention")
    apply(agent, habilitation_request, "reject")
    habilitation_request.refresh_from_db()
    assert habilitation_request.get_status_display() == "Rejetée"
    assert not User.objects.filter(kind="habilitated_person").exists()
    assert not Habilitation.objects.exists()
    # A rejected request cannot be validated afterwards.
    refused = agent.post(
        f"/administration/demandes-habilitation/{habilitation_request.pk}/action/validate/",
        follow=True,
    )
    assert "impossible" in refused.content.decode()
    assert not Manager.objects.exists()


def test_validation_is_refused_before_the_convention_is_sent(client, paris_structures):
    habilitation_request = HabilitationRequestFactory(structures=paris_structures, persons=PERSONS)
    agent = agent_client(type(client))
    agent.post(f"/administration/demandes-habilitation/{habilitation_request.pk}/action/validate/")
    habilitation_request.refresh_from_db()
    assert habilitation_request.status == "new"
    assert not User.objects.filter(kind="habilitated_person").exists()


def manager_post(manager, persons, structures, **overrides):
    data = {
        "name": manager.name,
        "siret": manager.siret,
        "address": manager.address,
        "postal_code": manager.postal_code,
        "city": manager.city,
        "contact_first_name": manager.contact_first_name,
        "contact_last_name": manager.contact_last_name,
        "contact_function": manager.contact_function,
        "contact_email": manager.contact_email,
        "contact_phone": manager.contact_phone,
        "structures": [str(s.pk) for s in structures],
        "person_count": str(len(persons)),
        "action": "save",
    }
    for i, (first_name, last_name, email, function) in enumerate(persons):
        data |= {
            f"person-{i}-first_name": first_name,
            f"person-{i}-last_name": last_name,
            f"person-{i}-email": email,
            f"person-{i}-function": function,
        }
    return data | overrides


def test_a_person_added_later_gets_the_account_email_and_a_removed_one_loses_access(
    client, paris_structures
):
    submitted_and_validated(client, paris_structures)
    manager = Manager.objects.get()
    agent = agent_client(type(client))
    newcomer = ("Inès", "Moreau", "ines.moreau@example.org", "Directrice adjointe")
    response = agent.post(
        f"/administration/gestionnaires/{manager.pk}/",
        manager_post(manager, [PERSONS[0], newcomer], paris_structures),
    )
    assert response.status_code == 302
    assert emails_to("ines.moreau@example.org") == ["account_password_creation"]
    ines = User.objects.get(email="ines.moreau@example.org")
    assert Habilitation.objects.filter(person=ines).count() == 2
    hugo = User.objects.get(email="hugo.bernard@example.org")
    assert not hugo.is_active and not Habilitation.objects.filter(person=hugo).exists()
    # Léa kept her structures and got no new e-mail.
    assert emails_to("lea.durand@example.org") == ["account_password_creation"]


def test_a_structure_created_for_a_manager_under_convention_joins_its_habilitation(
    client, paris_structures
):
    submitted_and_validated(client, paris_structures)
    manager = Manager.objects.get()
    created = StructureFactory(commune=commune("75056"), name="Micro-crèche Les Mésanges")
    services.add_structure_to_existing_habilitation(
        manager=manager, structure=created, actor=staff_user(Role.CAF_AGENT, "CAF751")
    )
    holders = set(
        Habilitation.objects.filter(structure=created).values_list("person__email", flat=True)
    )
    assert holders == {"lea.durand@example.org", "hugo.bernard@example.org"}


def test_revocation_ends_an_open_session_at_once(client, paris_structures):
    submitted_and_validated(client, paris_structures)
    link = link_in("lea.durand@example.org", "/compte/mot-de-passe/creer/")
    set_password_through(client, link)
    person_client = type(client)()
    person_client.post(
        "/compte/connexion/", {"username": "lea.durand@example.org", "password": NEW_PASSWORD}
    )
    assert person_client.get("/compte/").status_code == 200
    manager = Manager.objects.get()
    agent = agent_client(type(client))
    page = agent.get(f"/administration/gestionnaires/{manager.pk}/").content.decode()
    assert "Révoquer le gestionnaire" in page
    confirmation = agent.post(
        f"/administration/gestionnaires/{manager.pk}/revoquer/",
        {"caf_comment": "Convention dénoncée"},
    )
    assert "Oui" in confirmation.content.decode()
    assert Manager.objects.get().status == "habilitated"
    agent.post(
        f"/administration/gestionnaires/{manager.pk}/revoquer/",
        {"caf_comment": "Convention dénoncée", "confirm": "oui"},
    )
    manager.refresh_from_db()
    assert manager.get_status_display() == "Révoqué"
    assert manager.caf_comment == "Convention dénoncée"
    assert not Habilitation.objects.exists()
    lea = User.objects.get(email="lea.durand@example.org")
    assert not lea.is_active
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(lea.pk)
    ]
    after = person_client.get("/compte/")
    assert after.status_code == 302 and after.url.startswith("/compte/connexion/")
    refused = type(client)().post(
        "/compte/connexion/", {"username": "lea.durand@example.org", "password": NEW_PASSWORD}
    )
    assert refused.status_code == 200


def test_revocation_keeps_the_account_of_a_person_habilitated_by_another_manager(
    client, paris_structures
):
    submitted_and_validated(client, paris_structures)
    other_structure = StructureFactory(commune=commune("75056"))
    other = HabilitationRequestFactory(
        structures=[other_structure],
        persons=[("Léa", "Durand", "lea.durand@example.org", "Directrice")],
    )
    agent = agent_client(type(client))
    apply(agent, other, "send_convention")
    apply(agent, other, "validate")
    first = Manager.objects.get(contact_email="camille.leroy@example.org")
    services.manager_revoke(manager=first, actor=staff_user(Role.CAF_AGENT, "CAF751"))
    lea = User.objects.get(email="lea.durand@example.org")
    assert lea.is_active
    assert list(Habilitation.objects.filter(person=lea).values_list("structure", flat=True)) == [
        other_structure.pk
    ]
    assert not User.objects.get(email="hugo.bernard@example.org").is_active


def test_another_cafs_request_and_manager_are_404(client, paris_structures):
    submitted_and_validated(client, paris_structures)
    manager = Manager.objects.get()
    habilitation_request = HabilitationRequestFactory(structures=paris_structures)
    outsider = agent_client(type(client), "CAF131")
    for url in (
        f"/administration/demandes-habilitation/{habilitation_request.pk}/",
        f"/administration/demandes-habilitation/{habilitation_request.pk}/action/reject/",
        f"/administration/gestionnaires/{manager.pk}/",
        f"/administration/gestionnaires/{manager.pk}/revoquer/",
    ):
        assert outsider.get(url).status_code == 404
        assert outsider.post(url, {"confirm": "oui"}).status_code == 404
    assert "Association" not in outsider.get("/administration/gestionnaires/").content.decode()
    habilitation_request.refresh_from_db()
    assert habilitation_request.status == "new"
    assert Manager.objects.get().status == "habilitated"


def test_a_structure_of_another_caf_never_joins_a_managers_habilitation(client, paris_structures):
    submitted_and_validated(client, paris_structures)
    manager = Manager.objects.get()
    marseille = StructureFactory(commune=commune("13055"))
    with pytest.raises(services.HabilitationError):
        services.add_structure_to_existing_habilitation(
            manager=manager, structure=marseille, actor=staff_user(Role.CAF_AGENT, "CAF751")
        )
    assert not Habilitation.objects.filter(structure=marseille).exists()


def test_a_revoked_manager_can_no_longer_be_edited(client, paris_structures):
    submitted_and_validated(client, paris_structures)
    manager = Manager.objects.get()
    services.manager_revoke(manager=manager, actor=staff_user(Role.CAF_AGENT, "CAF751"))
    agent = agent_client(type(client))
    page = agent.get(f"/administration/gestionnaires/{manager.pk}/").content.decode()
    assert "Ce gestionnaire est révoqué" in page
    response = agent.post(
        f"/administration/gestionnaires/{manager.pk}/",
        manager_post(manager, [PERSONS[0]], paris_structures),
    )
    assert "Ce gestionnaire est révoqué" in response.content.decode()
    assert not Habilitation.objects.exists()
    assert not User.objects.get(email="lea.durand@example.org").is_active
