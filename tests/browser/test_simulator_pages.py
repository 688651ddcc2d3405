"""axe-core on the simulator pages with every disclosure open (details and sources)."""

from urllib.parse import urlencode

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_accessibility_journeys import SIMULATION

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_every_disclosure(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def test_simulation_with_tax_credit_and_sources_open(page, france):
    page.goto(f"/simulateur/?{urlencode([*SIMULATION, ('creche_kinds', 'familiale')])}")
    open_every_disclosure(page)
    assert page.get_by_text("Sources").first.is_visible()
    assert page.get_by_role("columnheader", name="Après crédit d’impôt, par mois").is_visible()
    assert axe_violations(page) == []


def test_crèche_left_out_for_a_child_of_7(page, france):
    query = dict(SIMULATION) | {"child_age": "7", "single_parent": "on"}
    page.goto(f"/simulateur/?{urlencode(query)}")
    assert page.get_by_text("accueillent les enfants de moins de 6").is_visible()
    assert axe_violations(page) == []


def test_paje_estimate_results_and_errors(page, france):
    page.goto("/simulateur/paje/?date=2025-05-15&annual_resources=20000&children=1")
    open_every_disclosure(page)
    assert page.get_by_role("table").is_visible()
    assert axe_violations(page) == []
    page.goto("/simulateur/paje/?date=2017-01-01&annual_resources=-1&children=0")
    assert page.locator(".fr-error-text").first.is_visible()
    assert axe_violations(page) == []
