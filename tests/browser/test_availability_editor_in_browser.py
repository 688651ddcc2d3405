"""Acceptance (issue 13, point 6): the availability table round-trips in a browser, enhanced
by htmx (the editor is swapped in place, no page load) and without JavaScript (a plain form),
and passes axe-core."""

import datetime

import pytest

from tests.browser.conftest import axe_violations, new_context, watch_policy_violations
from tests.factories import (
    DEFAULT_PASSWORD,
    HabilitationFactory,
    StructureFactory,
    UserFactory,
    commune,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(france):
    structure = StructureFactory(commune=commune("16015"), name="Crèche des Remparts")
    person = UserFactory(habilitated_person=True, email="gestion@example.org")
    HabilitationFactory(person=person, structure=structure)
    return structure


def log_in(page):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill("gestion@example.org")
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # A person whose only space is the manager space lands there.
    page.wait_for_url("**/espace-gestionnaire/**")


def cell(page, half_day, field):
    # Today's cell: the first row of the table, whatever the weekday.
    return page.locator(f"#id_{datetime.date.today():%Y-%m-%d}-{half_day}-{field}")


def test_the_editor_is_swapped_in_place_with_htmx(page, manager):
    log_in(page)
    page.goto(f"/espace-gestionnaire/structures/{manager.pk}/disponibilites/")
    assert axe_violations(page) == []
    page.evaluate("window.notReloaded = true")

    cell(page, "matin", "status").select_option("disponible")
    cell(page, "matin", "places").fill("4")
    page.get_by_role("button", name="Enregistrer et publier").click()

    notice = page.get_by_role("status").get_by_text("Disponibilités publiées.")
    notice.wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert cell(page, "matin", "status").input_value() == "disponible"
    assert cell(page, "matin", "places").input_value() == "4"
    assert axe_violations(page) == []
    # An error comes back in place too, on its field.
    cell(page, "apres_midi", "status").select_option("disponible")
    page.get_by_role("button", name="Enregistrer et publier").click()
    page.get_by_text("Indiquez le nombre de places disponibles.").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert axe_violations(page) == []

    page.reload()
    assert cell(page, "matin", "places").input_value() == "4"
    assert cell(page, "apres_midi", "status").input_value() == "non_travaille"


def test_the_editor_works_without_javascript(browser, live_server, manager):
    context = new_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    violations = watch_policy_violations(page)
    log_in(page)
    page.goto(f"/espace-gestionnaire/structures/{manager.pk}/disponibilites/")

    cell(page, "apres_midi", "status").select_option("non_disponible")
    cell(page, "matin", "status").select_option("disponible")
    cell(page, "matin", "places").fill("2")
    page.get_by_role("button", name="Enregistrer et publier").click()

    assert page.get_by_text("Disponibilités publiées.").is_visible()
    assert cell(page, "matin", "places").input_value() == "2"
    assert cell(page, "apres_midi", "status").input_value() == "non_disponible"
    context.close()
    assert violations == []
