"""Acceptance (issue 15): a LINF never sees another LINF's requests or a commune it does not
serve; a CAF never sees another CAF's; the PDF, the XML and the family's view are not
reachable without the right session or signed link."""

import pytest
from django.test import Client

from monenfant.information_requests.models import InformationRequest
from tests.backoffice.helpers import log_in
from tests.factories import UserFactory, commune, staff_user

from .helpers import information_point, send_request

pytestmark = pytest.mark.django_db
DESK = "/espace-gestionnaire/demandes-information/"


@pytest.fixture
def two_points(client):
    """Two LINFs of Charente serving Angoulême, each with one request, and a LINF of Paris."""
    first, (first_person,) = information_point(name="Point Remparts", serves=("16015", "16102"))
    second, (second_person,) = information_point(name="Point Soyaux", serves=("16015",))
    paris, (paris_person,) = information_point(name="Point Paris", serves=("75056",), at="75056")
    send_request(Client(), first, last_name="Premier")
    send_request(Client(), second, last_name="Second")
    send_request(Client(), paris, commune_code="75056", last_name="Parisien", postal_code="75011")
    requests = {r.last_name: r for r in InformationRequest.objects.all()}
    return {
        "first": (first, first_person),
        "second": (second, second_person),
        "paris": (paris, paris_person),
        "requests": requests,
    }


def test_a_linf_sees_only_its_own_requests(two_points):
    first, person = two_points["first"]
    second, _ = two_points["second"]
    own, other = two_points["requests"]["Premier"], two_points["requests"]["Second"]
    desk = log_in(Client(), person)
    listing = desk.get(f"{DESK}{first.pk}/").content.decode()
    assert own.number in listing and other.number not in listing
    # The other point's pages, or its request through this point: 404.
    assert desk.get(f"{DESK}{second.pk}/").status_code == 404
    assert desk.get(f"{DESK}{first.pk}/{other.pk}/").status_code == 404
    assert desk.get(f"{DESK}{second.pk}/{other.pk}/").status_code == 404
    export = desk.post(f"{DESK}{first.pk}/export/", {"requests": [other.pk], "format": "xml"})
    assert export.status_code == 302  # nothing chosen: back to the list with a message
    other.refresh_from_db()
    assert other.state == "recue"


def test_a_commune_the_linf_no_longer_serves_is_hidden(two_points):
    first, person = two_points["first"]
    own = two_points["requests"]["Premier"]
    first.communes_served.set([commune("16102")])
    desk = log_in(Client(), person)
    assert own.number not in desk.get(f"{DESK}{first.pk}/").content.decode()
    assert desk.get(f"{DESK}{first.pk}/{own.pk}/").status_code == 404


def test_a_person_without_habilitation_reaches_no_desk(two_points):
    first, _ = two_points["first"]
    stranger = log_in(Client(), UserFactory(habilitated_person=True))
    assert stranger.get(DESK).status_code == 403
    assert stranger.get(f"{DESK}{first.pk}/").status_code == 404
    anonymous = Client().get(f"{DESK}{first.pk}/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/compte/connexion/")


def test_a_caf_sees_only_its_own_requests(two_points):
    charente = log_in(Client(), staff_user("caf_agent", "CAF161"))
    paris = log_in(Client(), staff_user("caf_agent", "CAF751"))
    charente_page = charente.get("/administration/demandes-information/").content.decode()
    paris_page = paris.get("/administration/demandes-information/").content.decode()
    requests = two_points["requests"]
    assert requests["Premier"].number in charente_page
    assert requests["Second"].number in charente_page
    assert requests["Parisien"].number not in charente_page
    assert paris_page.count("DI-") == 1 and requests["Parisien"].number in paris_page
    assert (
        charente.get(
            f"/administration/demandes-information/{requests['Parisien'].pk}/pdf/"
        ).status_code
        == 404
    )
    assert (
        paris.get(
            f"/administration/demandes-information/{requests['Parisien'].pk}/pdf/"
        ).status_code
        == 200
    )


def test_the_family_pages_need_its_session_or_its_signed_link(two_points):
    own = two_points["requests"]["Premier"]
    stranger = Client()
    assert stranger.get(f"/demande-information/{own.pk}/recapitulatif.pdf").status_code == 404
    assert stranger.get(f"/demande-information/{own.pk}/envoyee/").status_code == 404
    assert stranger.get("/demande-information/suivi/1/").status_code == 404
    forged = "1:" + "a" * 27
    assert stranger.get(f"/demande-information/suivi/{forged}/").status_code == 404
