"""The pages of issue 16 in a browser: axe-core on each, and the search without JavaScript on
a phone (filters folded, then opened; the postal-code chooser)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from monenfant.structures.services import structure_declare_closure
from tests.browser.conftest import axe_violations, new_context, watch_policy_violations
from tests.factories import (
    ChildminderFactory,
    HalfDayAvailabilityFactory,
    StructureFactory,
    commune,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def offline_tiles(page):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


@pytest.fixture
def data(france):
    angouleme, cognac = commune("16015"), commune("16102")
    StructureFactory(
        kind="linf",
        eaje_type="",
        psu=False,
        name="Point info familles d'Angoulême",
        online_desk=True,
        communes_served=[angouleme],
    )
    ChildminderFactory(display_name="Claire Martin", commune=cognac, civility="madame")
    crèche = StructureFactory(name="Crèche des Remparts")
    today = timezone.localdate()
    HalfDayAvailabilityFactory(structure=crèche, date=today + datetime.timedelta(days=3))
    structure_declare_closure(
        structure=crèche,
        starts_on=today + datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=8),
        label="Vacances",
    )
    return crèche


# One test for all of them: each transactional browser test reloads the referential.
NEW_AND_CHANGED_PAGES = [
    "/connexion/",
    "/plan-du-site/",
    "/points-information/",
    "/points-information/?commune=16000",
    "/points-information/?commune=16200",
    "/points-information/?commune=",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/parents/",
    "/recherche/?commune=16100",
    "/recherche/?commune=16100&kinds=asm&age_months=30",
    "/recherche/?commune=",
]


def test_new_and_changed_pages_have_no_serious_accessibility_violation(page, data):
    offline_tiles(page)
    for url in NEW_AND_CHANGED_PAGES:
        page.goto(url)
        assert page.get_by_role("heading", level=1).is_visible(), url
        assert axe_violations(page) == [], url
    page.goto(f"/structure/{data.pk}/")
    expect(page.get_by_text("Fermé (Vacances)").first).to_be_visible()
    assert axe_violations(page) == []


def test_search_without_javascript_on_a_phone(browser, live_server, data):
    context = new_context(
        browser, live_server, java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    violations = watch_policy_violations(page)
    page.goto("/recherche/?commune=16100&kinds=asm&age_months=30")
    filters = page.locator("#search-filters")
    # Results first: the filters are folded and tell how many are active.
    assert filters.get_attribute("open") is None
    expect(page.locator("#active-filter-count")).to_have_text("2 actifs")
    expect(page.get_by_label("Âge de l'enfant (en mois)")).to_be_hidden()
    expect(page.get_by_text("Claire Martin")).to_be_visible()
    page.locator("#search-filters summary").click()
    expect(page.get_by_label("Âge de l'enfant (en mois)")).to_be_visible()
    # The other communes of 16100, then a search around one of them, without JavaScript.
    page.get_by_role("link", name="Châteaubernard").click()
    expect(page.locator("#results-title")).to_contain_text("autour de Châteaubernard")
    context.close()
    assert violations == []


def test_se_connecter_without_javascript(browser, live_server, data):
    context = new_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à mon compte")
    expect(page.get_by_role("link", name="Rechercher un mode d'accueil")).to_be_visible()
    page.get_by_role("link", name="Connexion à l'espace Caf").click()
    expect(page).to_have_url(f"{live_server.url}/administration/connexion/")
    context.close()
