import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, new_context, watch_policy_violations
from tests.factories import ChildminderFactory, StructureFactory, commune
from tests.search.helpers import north_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def offline_tiles(page):
    # The OpenStreetMap tiles are the only outside resource; tests never fetch them.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


@pytest.fixture
def results(france):
    angouleme = commune("16015")
    ChildminderFactory(display_name="Claire Martin", shows_address=True, **north_of(angouleme, 1))
    StructureFactory(name="Crèche Les Lilas", **north_of(angouleme, 2))
    return angouleme


def test_results_are_on_the_list_and_the_map_in_sync(page, results):
    offline_tiles(page)
    page.goto("/recherche/?commune=16015&radius_km=5")
    assert page.get_by_role(
        "heading", name="2 résultats autour d'Angoulême (5\u00a0km)"
    ).is_visible()
    # Two markers apart (not a cluster), then hovering a result opens its marker's popup
    # (after the map's animation, hence expect(), which waits).
    expect(page.locator("#search-map .leaflet-marker-icon:not(.marker-cluster)")).to_have_count(2)
    page.locator(".monenfant-result").first.hover()
    expect(page.locator(".leaflet-popup-content").get_by_text("Claire Martin")).to_be_visible()
    expect(page.locator(".monenfant-result--active")).to_have_count(1)
    # Measure contrast once the popup has faded in, not halfway through.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert axe_violations(page) == []


def test_around_me_searches_from_the_browser_position(browser, live_server, results):
    context = new_context(
        browser,
        live_server,
        geolocation={"latitude": results.latitude, "longitude": results.longitude},
        permissions=["geolocation"],
    )
    page = context.new_page()
    violations = watch_policy_violations(page)
    offline_tiles(page)
    page.goto("/recherche/")
    page.get_by_role("button", name="Autour de moi").click()
    page.wait_for_url("**/recherche/?*lat=*")
    assert page.get_by_role("heading", name="2 résultats autour de vous (5\u00a0km)").is_visible()
    context.close()
    assert violations == []


def test_search_form_and_empty_results_are_accessible(page, france):
    page.goto("/recherche/?commune=16015&radius_km=1")
    assert page.get_by_text("Aucun mode d'accueil ne correspond").is_visible()
    assert axe_violations(page) == []
