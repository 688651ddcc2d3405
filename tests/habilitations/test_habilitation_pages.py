"""The public request form (no JavaScript needed, nothing lost on an error, robots and floods
refused) and the back-office lists (filters, keyword ignoring case and accents, queries)."""

import pytest
from django.core.cache import cache

from monenfant.backoffice_access.enums import Role
from monenfant.habilitations import services
from monenfant.habilitations.models import HabilitationRequest
from monenfant.mailing.models import OutboxEmail
from monenfant.referential.models import Caf
from tests.backoffice.helpers import log_in
from tests.factories import (
    HabilitationRequestFactory,
    ManagerFactory,
    StructureFactory,
    commune,
    staff_user,
)
from tests.habilitations.test_habilitation_journey import FORM, PERSONS, request_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.fixture
def crèche():
    return StructureFactory(commune=commune("75056"), name="Crèche Les Moineaux")


def test_errors_are_shown_on_their_field_and_nothing_typed_is_lost(client, crèche):
    data = request_data(
        client,
        [crèche],
        contact_phone="pas un numéro",
        **{"person-1-email": "hugo.bernard@"},
    )
    response = client.post(FORM, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone" in page
    assert "Saisissez une adresse de courriel valide" in page
    for kept in (
        "Association Les Petits Pas",
        "lea.durand@example.org",
        "hugo.bernard@",
        "pas un numéro",
    ):
        assert kept in page
    assert f'value="{crèche.pk}"' in page and "checked" in page
    assert not HabilitationRequest.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_a_structure_must_be_chosen_and_a_person_named(client, crèche):
    data = request_data(client, [], persons=[])
    page = client.post(FORM, data).content.decode()
    assert "Cochez au moins une structure." in page
    assert "Ajoutez au moins une personne à habiliter." in page


def test_another_cafs_structure_cannot_be_requested(client, crèche):
    marseille = StructureFactory(commune=commune("13055"))
    page = client.post(FORM, request_data(client, [marseille])).content.decode()
    assert "Sélectionnez un choix valide" in page
    assert not HabilitationRequest.objects.exists()


def test_persons_are_added_and_removed_without_javascript(client, crèche):
    data = request_data(client, [crèche], action="add_person")
    page = client.post(FORM, data).content.decode()
    assert 'name="person-2-email"' in page and 'value="3"' in page
    assert "hugo.bernard@example.org" in page
    removed = client.post(FORM, request_data(client, [crèche], action="remove_person_0"))
    page = removed.content.decode()
    assert "lea.durand@example.org" not in page
    assert 'name="person-0-email"' in page and "hugo.bernard@example.org" in page
    assert 'name="person-1-email"' not in page
    # Nothing was validated nor sent by these buttons.
    assert "fr-error-text" not in page
    assert not HabilitationRequest.objects.exists()


def test_the_structure_lookup_filters_the_cafs_structures(client, crèche):
    StructureFactory(commune=commune("75056"), name="Halte-garderie Les Pinsons")
    StructureFactory(commune=commune("13055"), name="Crèche de Marseille")
    data = request_data(client, [], action="search", structure_query="pinsons")
    page = client.post(FORM, data).content.decode()
    assert "Halte-garderie Les Pinsons" in page
    assert "Crèche Les Moineaux" not in page
    assert "Crèche de Marseille" not in page


def test_a_filled_honeypot_is_refused(client, crèche):
    data = request_data(client, [crèche], website="http://spam.example")
    page = client.post(FORM, data).content.decode()
    assert "trop vite" in page
    assert not HabilitationRequest.objects.exists()


def test_requests_are_rate_limited_per_address(client, crèche):
    for _ in range(5):
        assert client.post(FORM, request_data(client, [crèche])).status_code == 302
    response = client.post(FORM, request_data(client, [crèche]))
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert HabilitationRequest.objects.count() == 5


def test_an_online_desk_request_needs_communes_and_switches_the_desk_on(client):
    linf = StructureFactory(
        commune=commune("75056"), kind="linf", eaje_type="", psu=False, capacity=None
    )
    data = request_data(client, [linf], persons=[], kind="online_desk")
    page = client.post(FORM, data).content.decode()
    assert "Indiquez les communes" in page
    data = request_data(
        client, [linf], persons=[], kind="online_desk", communes="Vincennes (94300)\n93048\n"
    )
    data["communes"] = "94080\nCommune-Inconnue-Xyz"
    page = client.post(FORM, data).content.decode()
    assert "Ligne 2" in page and "Commune-Inconnue-Xyz" in page
    data["communes"] = "94080\n93048"
    assert client.post(FORM, data).status_code == 302
    habilitation_request = HabilitationRequest.objects.get()
    assert (
        habilitation_request.get_kind_display() == "Réception des demandes d'information en ligne"
    )
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    for name in ("send_convention", "validate"):
        services.habilitation_request_transition(
            habilitation_request=habilitation_request, name=name, actor=agent
        )
    linf.refresh_from_db()
    assert linf.online_desk
    assert set(linf.communes_served.values_list("insee_code", flat=True)) == {"94080", "93048"}


def agent(client):
    return log_in(client, staff_user(Role.CAF_AGENT, "CAF751"))


def test_the_requests_list_opens_on_the_unprocessed_ones(client, crèche):
    HabilitationRequestFactory(name="Association Nouvelle", structures=[crèche])
    HabilitationRequestFactory(name="Association Rejetée", status="rejected", structures=[crèche])
    page = agent(client).get("/administration/demandes-habilitation/").content.decode()
    assert "Association Nouvelle" in page and "Association Rejetée" not in page
    page = client.get("/administration/demandes-habilitation/?status=").content.decode()
    assert "Association Nouvelle" in page and "Association Rejetée" in page


@pytest.mark.parametrize("keyword", ["eveil", "ÉVEIL", "Éveil dé", "sainte-helene", "HÉLÈNE"])
def test_the_keyword_ignores_case_and_accents(client, keyword):
    ManagerFactory(name="Crèche Éveil de Sainte-Hélène")
    ManagerFactory(name="Association Autre")
    page = agent(client).get("/administration/gestionnaires/", {"q": keyword}).content.decode()
    assert "Crèche Éveil de Sainte-Hélène" in page
    assert "Association Autre" not in page
    requests_page = client.get(
        "/administration/demandes-habilitation/", {"q": keyword, "status": ""}
    ).content.decode()
    assert "Aucune demande ne correspond." in requests_page


def test_managers_are_filtered_by_state_and_kind_of_structure(client, crèche):
    rpe = StructureFactory(commune=commune("75056"), rpe=True)
    ManagerFactory(name="Gestionnaire de crèches", structures=[crèche])
    ManagerFactory(name="Gestionnaire de relais", structures=[rpe])
    ManagerFactory(name="Gestionnaire révoqué", status="revoked", structures=[rpe])
    page = agent(client).get("/administration/gestionnaires/", {"kinds": "rpe"}).content.decode()
    assert "Gestionnaire de relais" in page and "Gestionnaire de crèches" not in page
    page = client.get(
        "/administration/gestionnaires/", {"kinds": "rpe", "status": "revoked"}
    ).content.decode()
    assert "Gestionnaire révoqué" in page and "Gestionnaire de relais" not in page


def test_lists_sort_on_a_column(client, crèche):
    HabilitationRequestFactory(name="Bbb gestionnaire", structures=[crèche])
    HabilitationRequestFactory(name="Aaa gestionnaire", structures=[crèche])
    page = agent(client).get("/administration/demandes-habilitation/?sort=nom").content.decode()
    assert page.index("Aaa gestionnaire") < page.index("Bbb gestionnaire")
    page = client.get("/administration/demandes-habilitation/?sort=-nom").content.decode()
    assert page.index("Bbb gestionnaire") < page.index("Aaa gestionnaire")


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/administration/demandes-habilitation/", "/administration/gestionnaires/"]
)
def test_list_queries_do_not_grow_with_rows(client, crèche, django_assert_num_queries, url):
    staff = agent(client)
    HabilitationRequestFactory(structures=[crèche], persons=PERSONS)
    ManagerFactory(structures=[crèche])
    staff.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_row:
        staff.get(url)
    for _ in range(5):
        HabilitationRequestFactory(structures=[crèche], persons=PERSONS)
        ManagerFactory(structures=[crèche])
    with django_assert_num_queries(len(one_row.captured_queries)):
        staff.get(url)


def test_the_national_administrator_edits_a_cafs_approvers_mailbox(client):
    national = staff_user(Role.NATIONAL_ADMIN, None)
    log_in(client, national)
    paris = Caf.objects.get(code="CAF751")
    page = client.get("/administration/caf/balf-approbateurs/").content.decode()
    assert "approbateurs.caf751@caf.fr" in page
    url = f"/administration/caf/{paris.pk}/balf-approbateurs/"
    page = client.post(url, {"mailbox_approvers": "pas-une-adresse"}).content.decode()
    assert "Saisissez une adresse de courriel valide" in page and "pas-une-adresse" in page
    assert client.post(url, {"mailbox_approvers": "Approbateurs@caf75.fr"}).status_code == 302
    paris.refresh_from_db()
    assert paris.mailbox_approvers == "approbateurs@caf75.fr"


def test_the_back_office_home_links_both_habilitation_functions(client):
    home = agent(client).get("/administration/").content.decode()
    assert 'href="/administration/demandes-habilitation/"' in home
    assert 'href="/administration/gestionnaires/"' in home
    assert "Gestion des demandes d'habilitation des structures" in home.replace("&#x27;", "'")


def test_the_professionals_page_leads_to_the_request(client):
    page = client.get("/professionnels/").content.decode()
    assert 'href="/professionnels/gestionnaire/"' in page
    page = client.get("/professionnels/gestionnaire/").content.decode()
    assert f'href="{FORM}"' in page
