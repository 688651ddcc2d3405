"""axe-core on the pages a parent or a CAF agent reaches after the first click: simulation
results, childminder and structure sheets, error pages and the back office."""

from urllib.parse import urlencode

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from monenfant.backoffice_access.enums import Role
from monenfant.referential.models import Caf
from tests.browser.conftest import axe_violations
from tests.factories import (
    DEFAULT_PASSWORD,
    ChildminderFactory,
    StructureFactory,
    staff_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIMULATION = [
    ("date", "2026-01-15"),
    ("days_per_week", "5"),
    ("hours_per_week", "40"),
    ("weeks_per_year", "46"),
    ("annual_resources", "48000"),
    ("children", "1"),
    ("aeeh_children", "0"),
    ("child_age", "1"),
    ("creche_kinds", "collective"),
    ("micro_creche", "on"),
    ("micro_creche_hourly_price", "9,50"),
    ("childminder", "on"),
    ("childminder_hourly_net_pay", "4,50"),
    ("childminder_daily_allowances", "7"),
    ("home_carer", "on"),
    ("home_carer_hourly_net_pay", "12"),
]


def test_simulation_results_with_chart_and_explanations(page, france):
    page.goto(f"/simulateur/?{urlencode(SIMULATION)}")
    assert page.get_by_role("table").first.is_visible()
    page.locator("details, .fr-accordion__btn").first.click()
    assert axe_violations(page) == []


def test_simulation_errors(page, france):
    page.goto("/simulateur/?annual_resources=-5&children=0")
    assert page.locator(".fr-error-text").first.is_visible()
    assert axe_violations(page) == []


def test_childminder_and_structure_sheets(page, france):
    childminder = ChildminderFactory(shows_address=True)
    structure = StructureFactory()
    for url in (f"/assistant-maternel/{childminder.pk}/", f"/structure/{structure.pk}/"):
        page.goto(url)
        assert page.get_by_role("heading", level=1).is_visible()
        # Map tiles come from OpenStreetMap, unreachable here; the map container is still
        # checked by axe.
        assert axe_violations(page) == [], url


@override_settings(PUBLIC_RATE_LIMITS={"/recherche/": 0})
def test_error_pages(page, france):
    for url, status in (("/page-inexistante/", 404), ("/recherche/", 429)):
        response = page.goto(url)
        assert response.status == status
        assert axe_violations(page) == [], url


def test_back_office_pages_of_a_caf_administrator(page, france):
    admin = staff_user(Role.CAF_ADMIN, "CAF751")
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    # An account shared with another CAF: the roles-only page and its notice.
    shared = staff_user(Role.CAF_AGENT, "CAF751")
    shared.caf_memberships.create(role=Role.CAF_AGENT, caf=Caf.objects.get(code="CAF131"))
    page.goto("/administration/connexion/")
    page.get_by_label("Adresse électronique").fill(admin.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/administration/")
    for url in (
        "/administration/",
        "/administration/utilisateurs/",
        "/administration/utilisateurs/nouveau/",
        f"/administration/utilisateurs/{agent.pk}/",
        f"/administration/utilisateurs/{shared.pk}/",
        "/administration/securite/",
    ):
        page.goto(url)
        assert page.locator("header.fr-header").is_visible(), url
        assert axe_violations(page) == [], url
    page.goto("/administration/utilisateurs/nouveau/")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.locator(".fr-error-text").first.is_visible()
    assert axe_violations(page) == []


def test_the_interactive_api_documentation_renders_under_the_policy(page, france):
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
