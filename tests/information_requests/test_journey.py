"""Acceptance (issue 15): from the family's form to the LINF's export and « traitée », with
the three e-mails, and the family's view of the state through the signed link."""

import io
import re

import pytest
from django.test import Client
from lxml import etree
from pypdf import PdfReader

from monenfant.information_requests.models import InformationRequest
from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in

from .helpers import information_point, send_request

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def outbox(template):
    return list(OutboxEmail.objects.filter(template=template).order_by("pk"))


def test_the_home_page_leads_to_the_form(client):
    home = client.get("/").content.decode()
    assert 'href="/demande-information/"' in home
    assert "Une question sur les modes d" in home


def test_a_family_request_reaches_the_linf_which_exports_it(
    client, django_capture_on_commit_callbacks
):
    point, (alice, bruno) = information_point(persons=2, name="Relais des Remparts")

    # Step 1: the commune; the point is proposed.
    page = client.get("/demande-information/", {"commune": "Angoulême"}).content.decode()
    assert "Relais des Remparts" in page
    assert (
        "Conditions d&#x27;utilisation du service" in page
        or "Conditions d'utilisation du service" in page
    )
    assert "La durée de conservation des données est de 6 mois." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = send_request(client, point)
    assert response.status_code == 302
    sent = InformationRequest.objects.get()
    assert response["Location"] == f"/demande-information/{sent.pk}/envoyee/"
    assert (sent.state, sent.linf, sent.commune.insee_code) == ("recue", point, "16015")

    # The family downloads its summary, which contains what it typed.
    confirmation = client.get(response["Location"]).content.decode()
    pdf_url = f"/demande-information/{sent.pk}/recapitulatif.pdf"
    assert pdf_url in confirmation
    pdf = client.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for typed in ("Durand", "Camille", "06 12 34 56 78", "camille.durand@example.org",
                  "Relais des Remparts", "Nous cherchons une place pour la rentrée."):  # fmt: skip
        assert typed in text

    # E-mail #21: each habilitated person, without the family's personal data.
    to_linf = outbox("information_request_linf")
    assert sorted(e.to[0] for e in to_linf) == sorted([alice.email, bruno.email])
    for email in to_linf:
        for private in ("Durand", "Camille", "06 12", "camille.durand", "Léo"):
            assert private not in email.body_text + email.body_html + email.subject
        assert f"/espace-gestionnaire/demandes-information/{point.pk}/" in email.body_text

    # E-mail #22: the family, with the signed link to follow its request.
    (registered,) = outbox("information_request_registered")
    assert registered.to == ["camille.durand@example.org"]
    follow_url = re.search(
        r"http://[^\s]+(/demande-information/suivi/[^\s]+/)", registered.body_text
    )[1]
    family = Client()  # another browser: the link alone is enough, no account
    follow = family.get(follow_url).content.decode()
    assert "Reçue" in follow and "Traitée&nbsp;:" not in follow
    assert "Durand" not in follow  # nothing else is shown there

    # The LINF's desk: the list, newest first, then the XML export of the request.
    linf = log_in(Client(), alice)
    listing = linf.get(f"/espace-gestionnaire/demandes-information/{point.pk}/").content.decode()
    assert sent.number in listing and "Non traitée" in listing
    with django_capture_on_commit_callbacks(execute=True):
        export = linf.post(
            f"/espace-gestionnaire/demandes-information/{point.pk}/export/",
            {"requests": [sent.pk], "format": "xml"},
        )
    assert export["Content-Type"] == "application/xml"
    xml = etree.fromstring(export.content)
    ns = {"d": "https://monenfant.fr/schemas/demandes-information/1.0"}
    assert xml.findtext("d:demande/d:demandeur/d:nom", namespaces=ns) == "Durand"
    sent.refresh_from_db()
    assert (sent.state, sent.treated_by) == ("traitee", alice)

    # E-mail #23, once: opening it again (screen, PDF export, a colleague) sends nothing.
    assert [e.to for e in outbox("information_request_treated")] == [["camille.durand@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            linf.get(f"/espace-gestionnaire/demandes-information/{point.pk}/{sent.pk}/").status_code
            == 200
        )
        log_in(Client(), bruno).post(
            f"/espace-gestionnaire/demandes-information/{point.pk}/export/",
            {"requests": [sent.pk], "format": "pdf"},
        )
    assert len(outbox("information_request_treated")) == 1

    # The family's view now says « traitée ».
    assert "Traitée&nbsp;:" in family.get(follow_url).content.decode()


def test_opening_a_request_on_screen_treats_it(client, django_capture_on_commit_callbacks):
    point, (person,) = information_point()
    send_request(client, point)
    sent = InformationRequest.objects.get()
    desk = log_in(Client(), person)
    with django_capture_on_commit_callbacks(execute=True):
        page = desk.get(f"/espace-gestionnaire/demandes-information/{point.pk}/{sent.pk}/")
    assert "camille.durand@example.org" in page.content.decode()
    sent.refresh_from_db()
    assert sent.state == "traitee"
    assert len(outbox("information_request_treated")) == 1


def test_a_person_of_several_points_chooses_one_first(client):
    first, (person,) = information_point(name="Point A")
    second, _ = information_point(name="Point B", serves=("16015",))
    second.habilitations.create(person=person)
    desk = log_in(Client(), person)
    page = desk.get("/espace-gestionnaire/demandes-information/").content.decode()
    assert f"/espace-gestionnaire/demandes-information/{first.pk}/" in page
    assert f"/espace-gestionnaire/demandes-information/{second.pk}/" in page
    single, (alone,) = information_point(name="Point C")
    response = log_in(Client(), alone).get("/espace-gestionnaire/demandes-information/")
    assert response["Location"] == f"/espace-gestionnaire/demandes-information/{single.pk}/"


def test_a_linf_in_the_search_results_and_its_sheet_lead_to_the_form(client):
    point, _ = information_point(name="Relais des Remparts")
    results = client.get("/recherche/", {"commune": "16015", "kinds": "linf"}).content.decode()
    assert "Relais des Remparts" in results
    assert 'href="/demande-information/?commune=16015"' in results
    sheet = client.get(f"/structure/{point.pk}/").content.decode()
    assert 'href="/demande-information/?commune=16015"' in sheet
    parents = client.get("/parents/").content.decode()
    assert 'href="/demande-information/"' in parents


def test_the_desk_list_does_not_grow_in_queries_with_its_rows(django_assert_num_queries):
    from .helpers import stored_request

    point, (person,) = information_point()
    desk = log_in(Client(), person)
    url = f"/espace-gestionnaire/demandes-information/{point.pk}/"
    stored_request(point)
    desk.get(url)
    # Session, user, memberships, second factor check, the person's points, the count, the
    # page of requests with their commune, the number of points; the session saved.
    with django_assert_num_queries(12):
        desk.get(url)
    for _ in range(20):
        stored_request(point)
    with django_assert_num_queries(12):
        assert desk.get(url).content.decode().count('name="requests"') == 21
