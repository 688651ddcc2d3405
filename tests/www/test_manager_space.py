"""Issue 14, points 4 and 5: a habilitated person edits a sheet in the manager space; the CAF
validates or refuses the changes. Until it validates, the public sheet, the search and the
API keep the published version; a structure outside the person's habilitations, or of
another CAF, is a 404."""

import datetime
import re

import pytest

from monenfant.backoffice_access.enums import Role
from monenfant.mailing.models import OutboxEmail
from monenfant.referential.models import Caf
from monenfant.structures.models import Structure, StructureRevision
from tests.backoffice.helpers import log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    HabilitationFactory,
    OpeningPeriodFactory,
    StructureFactory,
    UserFactory,
    commune,
    staff_user,
)
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

APPROVERS = "approbateurs@caf16.example.org"
OLD_NAME, NEW_NAME = "Crèche des Mésanges", "Crèche Les Mésanges"
OLD_FEES, NEW_FEES = "Barème national des participations familiales.", "De 0,50 € à 3 € l'heure."


@pytest.fixture
def sheet():
    Caf.objects.filter(code="CAF161").update(mailbox_approvers=APPROVERS)
    structure = StructureFactory(
        name=OLD_NAME, fees=OLD_FEES, phone="05 45 22 22 22", commune=commune("16015")
    )
    OpeningPeriodFactory(
        structure=structure,
        weekday=1,
        opens_at=datetime.time(7, 30),
        closes_at=datetime.time(18, 30),
    )
    return structure


@pytest.fixture
def person(sheet):
    person = UserFactory(habilitated_person=True, email="directrice@mesanges.example.org")
    HabilitationFactory(person=person, structure=sheet)
    return person


@pytest.fixture
def agent():
    return staff_user(Role.CAF_AGENT, "CAF161")


def person_client(client, person):
    response = client.post(
        "/compte/connexion/", {"username": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return client, response.url


def edit(client, structure, **changes):
    url = f"/espace-gestionnaire/structures/{structure.pk}/modifier/"
    data = form_data(client.get(url).content.decode(), containing="Envoyer à la Caf")
    data.update({name: [value] for name, value in changes.items()})
    response = client.post(url, data)
    response.sent = data
    return response


def public_names(client, structure):
    """The name the public sees on the sheet, in the search page, the search API and the
    sheet API."""
    sheet = client.get(f"/structure/{structure.pk}/")
    assert sheet.status_code == 200
    h1 = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", sheet.content.decode(), re.S)[1]
    page = client.get("/recherche/", {"commune": "16015"}).content.decode()
    api_results = client.get("/api/v1/search", {"commune": "16015"}).json()["results"]
    api_sheet = client.get(f"/api/v1/structures/{structure.pk}").json()
    return {
        "sheet": h1.replace("&#x27;", "'"),
        "search page": [n for n in (OLD_NAME, NEW_NAME) if n in page],
        "search API": [r["name"] for r in api_results if r["id"] == structure.pk],
        "sheet API": api_sheet["name"],
        "fees": api_sheet["fees"],
    }


def old_version():
    return {
        "sheet": OLD_NAME,
        "search page": [OLD_NAME],
        "search API": [OLD_NAME],
        "sheet API": OLD_NAME,
        "fees": OLD_FEES,
    }


def mails_to(address):
    return list(OutboxEmail.objects.filter(to=[address]).order_by("pk"))


def test_edit_validate_then_edit_refuse(
    client, sheet, person, agent, django_capture_on_commit_callbacks
):
    browser, landing = person_client(client, person)
    # One structure: the space opens on it.
    assert landing == "/espace-gestionnaire/"
    assert browser.get(landing).url == f"/espace-gestionnaire/structures/{sheet.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(browser, sheet, name=NEW_NAME, fees=NEW_FEES)
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.get_status_display() == "En attente de validation"
    assert (sheet.name, sheet.fees) == (OLD_NAME, OLD_FEES)
    assert [m.subject for m in mails_to(APPROVERS)] == [
        f"monenfant.fr\u00a0: la fiche «\u00a0{OLD_NAME}\u00a0» attend votre validation"
    ]
    anonymous = type(client)()
    assert public_names(anonymous, sheet) == old_version()

    # No second edit while the CAF has not decided.
    page = browser.get(f"/espace-gestionnaire/structures/{sheet.pk}/modifier/").content.decode()
    assert "attendent la validation de votre Caf" in page
    assert "Envoyer à la Caf" not in page
    again = dict(response.sent, name=["Encore un autre nom"])
    page = browser.post(f"/espace-gestionnaire/structures/{sheet.pk}/modifier/", again)
    assert "attendent la validation de votre Caf" in page.content.decode()
    assert StructureRevision.objects.count() == 1

    # The CAF sees every changed field highlighted, with its previous value.
    staff = log_in(type(client)(), agent)
    detail = staff.get(f"/administration/structures/{sheet.pk}/").content.decode()
    assert "Accéder à la validation" in detail
    page = staff.get(f"/administration/structures/{sheet.pk}/validation/").content.decode()
    highlighted = re.findall(r'<div class="monenfant-changed" id="change-(\w+)">', page)
    assert highlighted == ["name", "fees"]
    assert f"Valeur précédente\u00a0: {OLD_NAME}" in page
    assert f"Valeur précédente\u00a0: {OLD_FEES}" in page
    assert 'value="Crèche Les Mésanges"' in page  # the proposed value, editable

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/administration/structures/{sheet.pk}/validation/",
            form_data(page, containing='value="validate"'),
        )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.get_status_display() == "Validé"
    assert public_names(anonymous, sheet) == {
        "sheet": NEW_NAME,
        "search page": [NEW_NAME],
        "search API": [NEW_NAME],
        "sheet API": NEW_NAME,
        "fees": NEW_FEES,
    }
    assert [m.subject for m in mails_to(person.email)] == [
        f"monenfant.fr\u00a0: la fiche «\u00a0{NEW_NAME}\u00a0» est validée"
    ]

    # Another edit, refused with a reason.
    with django_capture_on_commit_callbacks(execute=True):
        edit(browser, sheet, fees="Gratuit pour tous.")
    page = staff.get(f"/administration/structures/{sheet.pk}/validation/").content.decode()
    refuse = form_data(page, containing='value="reject"')
    response = staff.post(f"/administration/structures/{sheet.pk}/validation/", refuse)
    assert "Indiquez le motif du refus." in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.get_status_display() == "En attente de validation"

    refuse["reason"] = ["La crèche n'est pas gratuite : gardez le barème."]
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/administration/structures/{sheet.pk}/validation/", refuse)
    sheet.refresh_from_db()
    assert sheet.get_status_display() == "Validé"
    assert sheet.fees == NEW_FEES
    refusal = mails_to(person.email)[-1]
    assert (
        refusal.subject
        == f"monenfant.fr\u00a0: modifications de la fiche «\u00a0{NEW_NAME}\u00a0» refusées"
    )
    assert "La crèche n'est pas gratuite : gardez le barème." in refusal.body_text

    # The author is told in the space too, and may edit again.
    page = browser.get(f"/espace-gestionnaire/structures/{sheet.pk}/").content.decode()
    assert "Vos dernières modifications ont été refusées" in page
    assert "gardez le barème" in page
    assert edit(browser, sheet, fees="Barème Cnaf.").status_code == 302
    assert StructureRevision.objects.filter(closed_at__isnull=True).count() == 1


def test_opening_hours_and_communes_served_wait_for_the_caf_too(client, person, agent):
    linf = StructureFactory(
        kind="linf",
        eaje_type="",
        psu=False,
        capacity=None,
        name="Point info familles",
        commune=commune("16015"),
    )
    HabilitationFactory(person=person, structure=linf)
    OpeningPeriodFactory(structure=linf, weekday=2)
    browser = log_in(client, person)
    url = f"/espace-gestionnaire/structures/{linf.pk}/modifier/"
    data = form_data(browser.get(url).content.decode(), containing="Envoyer à la Caf")
    data["add_commune"] = ["1"]
    data["served-commune_to_add"] = ["Cognac (16100)"]
    # « Ajouter » shows the page again with the commune, nothing sent.
    page = browser.post(url, data).content.decode()
    assert StructureRevision.objects.count() == 0
    data = form_data(page, containing="Envoyer à la Caf")
    data["hours-day2_0_closes"] = ["17:00"]
    assert browser.post(url, data).status_code == 302
    linf.refresh_from_db()
    assert linf.served_communes == []
    assert [(p.weekday, p.closes_at) for p in linf.opening_periods.all()] == [
        (2, datetime.time(18, 30))
    ]

    staff = log_in(type(client)(), agent)
    page = staff.get(f"/administration/structures/{linf.pk}/validation/").content.decode()
    highlighted = re.findall(r'<div class="monenfant-changed" id="change-(\w+)">', page)
    assert highlighted == ["opening_periods", "communes_served"]
    assert "Valeur précédente\u00a0: Mardi\u00a0: 7\u00a0h\u00a030 – 18\u00a0h\u00a030" in page
    assert "Valeur précédente\u00a0: (vide)" in page
    staff.post(
        f"/administration/structures/{linf.pk}/validation/",
        form_data(page, containing='value="validate"'),
    )
    linf.refresh_from_db()
    assert [c.name for c in linf.served_communes] == ["Cognac"]
    assert [(p.weekday, p.closes_at) for p in linf.opening_periods.all()] == [
        (2, datetime.time(17))
    ]


@pytest.mark.parametrize(
    "path",
    ["/espace-gestionnaire/structures/{pk}/", "/espace-gestionnaire/structures/{pk}/modifier/"],
)
def test_a_structure_outside_the_persons_habilitations_is_a_404(client, sheet, path):
    other = UserFactory(habilitated_person=True)
    HabilitationFactory(person=other)  # habilitated, for another structure
    browser = log_in(client, other)
    assert browser.get(path.format(pk=sheet.pk)).status_code == 404
    assert browser.post(path.format(pk=sheet.pk), {"name": "Piraté"}).status_code == 404
    assert StructureRevision.objects.count() == 0
    sheet.refresh_from_db()
    assert sheet.name == OLD_NAME


def test_another_cafs_agent_gets_a_404_on_the_validation_page(client, sheet, person):
    edit(log_in(client, person), sheet, name=NEW_NAME)
    paris = log_in(type(client)(), staff_user(Role.CAF_AGENT, "CAF751"))
    url = f"/administration/structures/{sheet.pk}/validation/"
    assert paris.get(url).status_code == 404
    assert paris.post(url, {"decision": "validate", "name": "X"}).status_code == 404
    assert paris.post(url, {"decision": "reject", "reason": "Non"}).status_code == 404
    sheet.refresh_from_db()
    assert (sheet.name, sheet.get_status_display()) == (OLD_NAME, "En attente de validation")


def test_the_generic_actions_send_to_the_validation_page(client, sheet, person, agent):
    """« Valider » from the sheet's action buttons would publish the old row and leave the
    revision open: with changes waiting, the validation page decides."""
    edit(log_in(client, person), sheet, name=NEW_NAME)
    staff = log_in(type(client)(), agent)
    response = staff.post(f"/administration/structures/{sheet.pk}/action/validate/")
    assert response.url == f"/administration/structures/{sheet.pk}/validation/"
    sheet.refresh_from_db()
    assert sheet.get_status_display() == "En attente de validation"


def test_a_person_with_several_structures_chooses(client, person):
    second = StructureFactory(name="Micro-crèche Les Pinsons")
    HabilitationFactory(person=person, structure=second)
    StructureFactory(name="Crèche d'une autre association")
    page = log_in(client, person).get("/espace-gestionnaire/").content.decode()
    assert re.findall(r'<h2 class="fr-card__title">\s*<a href="[^"]+">([^<]+)</a>', page) == [
        OLD_NAME,
        "Micro-crèche Les Pinsons",
    ]


def test_a_draft_cannot_be_edited_by_its_manager(client, person):
    draft = StructureFactory(draft=True)
    HabilitationFactory(person=person, structure=draft)
    browser = log_in(client, person)
    page = browser.get(f"/espace-gestionnaire/structures/{draft.pk}/modifier/").content.decode()
    assert "La Caf n'a pas encore mis cette fiche en ligne" in page
    browser.post(f"/espace-gestionnaire/structures/{draft.pk}/modifier/", {"name": "X"})
    assert StructureRevision.objects.count() == 0
    assert Structure.objects.get(pk=draft.pk).status == "brouillon"


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_the_sheet(client, person, agent):
    """The chooser with 2 or 6 structures, the validation page of a sheet with 1 or 20
    communes served and 1 or 10 opening ranges: the same number of queries."""
    from monenfant.structures.services import structure_revision_submit
    from tests.factories import fill_structure_sheet

    browser = log_in(client, person)
    HabilitationFactory(person=person)
    small = queries(browser, "/espace-gestionnaire/")
    for _ in range(4):
        HabilitationFactory(person=person)
    assert queries(browser, "/espace-gestionnaire/") == small <= 9

    staff = log_in(type(client)(), agent)
    counts = []
    for fill in (False, True):
        structure = StructureFactory(commune=commune("16015"))
        OpeningPeriodFactory(structure=structure)
        structure.communes_served.add(commune("16102"))
        if fill:
            fill_structure_sheet(structure)
        structure_revision_submit(structure=structure, values={"name": "Autre nom"}, actor=agent)
        counts.append(queries(staff, f"/administration/structures/{structure.pk}/validation/"))
    assert counts[0] == counts[1] <= 12


def test_the_service_refuses_a_second_edit_while_the_caf_has_not_decided(sheet, person):
    from monenfant.structures.services import structure_revision_submit
    from monenfant.workflows.transitions import TransitionError

    structure_revision_submit(structure=sheet, values={"name": NEW_NAME}, actor=person)
    with pytest.raises(TransitionError, match="attendent la validation de la Caf"):
        structure_revision_submit(structure=sheet, values={"name": "Autre"}, actor=person)
    assert StructureRevision.objects.count() == 1


def test_the_caf_corrects_the_proposal_before_validating(client, sheet, person, agent):
    edit(log_in(client, person), sheet, name=NEW_NAME, fees=NEW_FEES)
    staff = log_in(type(client)(), agent)
    url = f"/administration/structures/{sheet.pk}/validation/"
    data = form_data(staff.get(url).content.decode(), containing='value="validate"')
    # A wrong value: refused on its field, what was typed kept, nothing published.
    data.update(name=["Crèche « Les Mésanges »"], phone=["12"])
    page = staff.post(url, data).content.decode()
    assert "Numéro de téléphone invalide" in page
    assert 'value="Crèche « Les Mésanges »"' in page
    sheet.refresh_from_db()
    assert (sheet.name, sheet.get_status_display()) == (OLD_NAME, "En attente de validation")
    # Corrected: the CAF's version is published, not the proposal.
    data["phone"] = ["05 45 33 33 33"]
    assert staff.post(url, data).status_code == 302
    sheet.refresh_from_db()
    assert (sheet.name, sheet.phone, sheet.fees) == (
        "Crèche « Les Mésanges »",
        "05 45 33 33 33",
        NEW_FEES,
    )
    assert StructureRevision.objects.get().outcome == "validee"
