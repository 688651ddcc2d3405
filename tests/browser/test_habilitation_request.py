"""The public habilitation request in a browser: axe-core on the form, on its errors and
after the « Ajouter une personne » button (a form post, no script needed)."""

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import StructureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "/professionnels/gestionnaire/demande-habilitation/"


def test_the_habilitation_request_form_is_accessible(page, france):
    StructureFactory(name="Crèche des Remparts")
    page.goto(FORM)
    assert page.get_by_role("heading", name="Demande d'habilitation d'un gestionnaire").is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Nom du gestionnaire").fill("Association Les Remparts")
    page.get_by_role("button", name="Ajouter une personne").click()
    assert page.locator('[name="person-1-email"]').is_visible()
    assert page.get_by_label("Nom du gestionnaire").input_value() == "Association Les Remparts"
    assert axe_violations(page) == []

    page.get_by_role("button", name="Envoyer la demande").click()
    assert page.get_by_text("Choisissez la Caf de vos structures.").first.is_visible()
    assert page.get_by_label("Nom du gestionnaire").input_value() == "Association Les Remparts"
    assert axe_violations(page) == []
