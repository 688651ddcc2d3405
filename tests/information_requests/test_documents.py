"""Acceptance (issue 15): the XML export validates against the shipped XSD, and the PDF
opens and contains the request's data (read back)."""

import io
from pathlib import Path

import pytest
from django.test import Client
from lxml import etree
from pypdf import PdfReader

from monenfant.information_requests.models import InformationRequest
from tests.backoffice.helpers import log_in

from .helpers import information_point, send_request

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
XSD = ROOT / "monenfant/information_requests/schema/demandes-information-1.0.xsd"
EXAMPLE = ROOT / "docs/examples/demandes-information-1.0.xml"
NS = {"d": "https://monenfant.fr/schemas/demandes-information/1.0"}


def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.fixture
def two_requests():
    point, (person,) = information_point(name="Relais « Les P'tits Loups »")
    send_request(Client(), point)
    # A future parent, no optional field, a message with line breaks and markup characters.
    send_request(
        Client(),
        point,
        last_name="Œuvray-N'Diaye",
        child_situation="attendu",
        child_first_name="",
        expected_birth_date=InformationRequest.objects.get().care_start_date.isoformat(),
        care_days=[],
        care_hours="",
        care_frequency="occasionnel",
        message="Bonjour <b>&</b>\nMerci — à bientôt…",
    )
    return point, person, list(InformationRequest.objects.order_by("pk"))


def test_the_xml_export_validates_against_the_schema(two_requests):
    point, person, requests = two_requests
    response = log_in(Client(), person).post(
        f"/espace-gestionnaire/demandes-information/{point.pk}/export/",
        {"requests": [r.pk for r in requests], "format": "xml"},
    )
    document = etree.fromstring(response.content)
    schema().assertValid(document)
    demandes = document.findall("d:demande", NS)
    # Newest first, as in the list.
    assert [d.get("numero") for d in demandes] == [requests[1].number, requests[0].number]
    future = demandes[0]
    assert future.findtext("d:enfant/d:situation", namespaces=NS) == "attendu"
    assert future.findtext("d:demandeur/d:nom", namespaces=NS) == "Œuvray-N'Diaye"
    assert future.findtext("d:message", namespaces=NS) == "Bonjour <b>&</b>\nMerci — à bientôt…"
    assert future.find("d:accueil/d:jours", NS) is None
    assert demandes[1].findtext("d:accueil/d:jours/d:jour[2]", namespaces=NS) == "mar"
    assert all(d.findtext("d:etat", namespaces=NS) == "traitee" for d in demandes)


def test_the_shipped_example_validates_and_a_wrong_document_does_not():
    schema().assertValid(etree.parse(str(EXAMPLE)))
    wrong = etree.parse(str(EXAMPLE))
    wrong.find(".//d:etat", NS).text = "perdue"
    assert not schema().validate(wrong)


def test_the_pdf_export_contains_each_request(two_requests):
    point, person, requests = two_requests
    response = log_in(Client(), person).post(
        f"/espace-gestionnaire/demandes-information/{point.pk}/export/",
        {"requests": [r.pk for r in requests], "format": "pdf"},
    )
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 2
    assert requests[0].number in pages[1] and "Camille" in pages[1]
    assert "Assistant maternel" in pages[1] and "Lundi, Mardi" in pages[1]
    # Characters outside the PDF core fonts get their plain form, never a crash.
    assert "Oeuvray-N'Diaye" in pages[0]
    assert "J'attends un enfant" in pages[0]
