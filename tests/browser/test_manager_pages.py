"""axe-core on the manager's edit page and on the CAF's page validating the changes (issue
14): the changed fields are marked in words as well as in yellow."""

import datetime

import pytest
from playwright.sync_api import expect

from monenfant.backoffice_access.enums import Role
from tests.browser.conftest import axe_violations, new_context
from tests.factories import (
    DEFAULT_PASSWORD,
    HabilitationFactory,
    OpeningPeriodFactory,
    StructureFactory,
    UserFactory,
    commune,
    staff_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, url, user):
    page.goto(url)
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_manager_edit_page_and_caf_validation_page(page, browser, live_server, france):
    structure = StructureFactory(name="Crèche des Mésanges", commune=commune("16015"))
    OpeningPeriodFactory(structure=structure, weekday=1, closes_at=datetime.time(18))
    person = UserFactory(habilitated_person=True)
    HabilitationFactory(person=person, structure=structure)
    agent = staff_user(Role.CAF_AGENT, "CAF161")

    log_in(page, "/compte/connexion/", person)
    page.wait_for_url(f"**/espace-gestionnaire/structures/{structure.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Modifier la fiche").click()
    assert axe_violations(page) == []
    page.get_by_label("Nom").first.fill("Crèche Les Mésanges")
    page.get_by_role("button", name="Envoyer à la Caf pour validation").click()
    expect(page.get_by_text("attendent la validation de votre Caf")).to_be_visible()
    assert axe_violations(page) == []

    context = new_context(browser, live_server)
    staff = context.new_page()
    log_in(staff, "/administration/connexion/", agent)
    staff.wait_for_url("**/administration/**")
    staff.goto(f"/administration/structures/{structure.pk}/validation/")
    changed = staff.locator(".monenfant-changed")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("Modifié")
    expect(changed).to_contain_text("Valeur précédente\u00a0: Crèche des Mésanges")
    assert axe_violations(staff) == []
    # Refused without a reason: the message on the field, checked too.
    staff.get_by_role("button", name="Refuser les modifications").click()
    expect(staff.get_by_text("Indiquez le motif du refus.")).to_be_visible()
    assert axe_violations(staff) == []
    context.close()
