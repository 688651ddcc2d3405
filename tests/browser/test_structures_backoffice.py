"""axe-core on « Gestion des structures »: the list, the form of a kind with every section
(opening hours, communes served) and the form with errors."""

import pytest

from monenfant.backoffice_access.enums import Role
from tests.browser.conftest import axe_violations
from tests.factories import DEFAULT_PASSWORD, StructureFactory, commune, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_structure_list_and_form_have_no_serious_violation(page, france):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    StructureFactory(name="Centre de loisirs Étoile", commune=commune("75056"), kind="alsh")
    page.goto("/administration/connexion/")
    page.get_by_label("Adresse électronique").fill(agent.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/administration/")

    page.goto("/administration/structures/?nom=etoile")
    assert page.get_by_role("link", name="Dupliquer").is_visible()
    assert axe_violations(page) == []

    page.goto("/administration/structures/creer/?type=alsh")
    assert axe_violations(page) == []
    # The model day applied to Wednesday (a submit button: works without JavaScript).
    page.get_by_label("Journée type, plage 1, ouverture").fill("08:00")
    page.get_by_label("Journée type, plage 1, fermeture").fill("12:00")
    page.locator("label[for=id_hours-model_days_2]").click()
    page.get_by_role("button", name="Appliquer ces horaires aux jours sélectionnés").click()
    assert page.get_by_label("Mercredi, plage 1, ouverture").input_value() == "08:00"
    # Saved with missing fields: the summary at the top and the fields in error.
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert page.locator("#erreurs").is_visible()
    assert page.locator(".fr-error-text").first.is_visible()
    assert axe_violations(page) == []
