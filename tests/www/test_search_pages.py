import datetime
from html import unescape

import pytest
import time_machine

from tests.clock import BEFORE_CHRISTMAS, paris_noon
from tests.factories import (
    AvailabilityFactory,
    ChildminderFactory,
    HalfDayAvailabilityFactory,
    OpeningPeriodFactory,
    StructureFactory,
    commune,
    fill_structure_sheet,
    fill_week_of_availability,
)
from tests.search.helpers import north_of

pytestmark = pytest.mark.django_db


def test_search_page_without_input_shows_the_form(client):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert 'name="commune"' in response.content.decode()
    assert "Autour de moi" in response.content.decode()


def test_search_page_lists_results_with_distance_and_confirmation_date(client):
    angouleme = commune("16015")
    ChildminderFactory(
        display_name="Claire Martin",
        availability_confirmed_on=datetime.date(2026, 3, 2),
        shows_address=True,
        **north_of(angouleme, 1.2),
    )
    StructureFactory(
        rpe=True,
        name="Relais du Grand Angoulême",
        communes_served=[angouleme],
        **north_of(angouleme, 40),
    )
    html = client.get(
        "/recherche/", {"commune": "Angoulême (16000)", "radius_km": "5"}
    ).content.decode()
    assert "2 résultats" in html
    assert "Claire Martin" in html
    assert "à 1,2\xa0km" in html or "à 1,2&nbsp;km" in html
    assert "confirmée le 2\xa0mars 2026" in html
    assert "Dessert votre commune" in html
    assert 'id="search-markers"' in html


def test_empty_results_explain_and_suggest_a_wider_radius(client):
    html = client.get("/recherche/", {"commune": "16015", "radius_km": "2"}).content.decode()
    assert "Aucun résultat" in html
    assert "Élargir la recherche à 5\xa0km" in html or "Élargir la recherche à 5&nbsp;km" in html
    assert "radius_km=5" in html


def test_form_errors_are_shown_in_french(client):
    html = client.get("/recherche/", {"commune": "Zzzzzz"}).content.decode()
    assert "Aucune commune ne correspond" in html


@time_machine.travel(paris_noon(2026, 12, 2), tick=False)
def test_a_date_too_far_ahead_is_refused_on_the_field_and_kept(client):
    # The end of the calendar used to overflow the availability window (a 500).
    response = client.get(
        "/recherche/", {"commune": "16015", "available": "on", "available_from": "9999-12-31"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    # Three years of 365 days from 2 December 2026 (2028 is a leap year): 1 December 2029.
    assert form.errors["available_from"] == [
        "Indiquez une date au plus tard le 1er\xa0décembre 2029."
    ]
    html = response.content.decode()
    assert 'value="9999-12-31"' in html
    assert 'name="commune" value="16015"' in html


@time_machine.travel(paris_noon(2026, 12, 2), tick=False)
@pytest.mark.parametrize(
    ("available_from", "refused"), [("2029-12-01", False), ("2029-12-02", True)]
)
def test_the_latest_date_accepted_is_three_years_ahead(client, available_from, refused):
    params = {"commune": "16015", "available": "on", "available_from": available_from}
    form = client.get("/recherche/", params).context["form"]
    assert ("available_from" in form.errors) is refused


def test_pagination_links_keep_the_search(client):
    for _ in range(21):
        ChildminderFactory()
    html = client.get("/recherche/", {"commune": "16015", "kinds": "asm"}).content.decode()
    assert "Page 1 sur 2" in html
    assert "?commune=16015&amp;kinds=asm&amp;page=2" in html
    assert client.get("/recherche/", {"commune": "16015", "page": "3"}).status_code == 404


def test_search_page_query_count_is_constant(client, django_assert_max_num_queries):
    angouleme = commune("16015")
    for _ in range(3):
        ChildminderFactory()
        StructureFactory()
    with django_assert_max_num_queries(10) as small:
        client.get("/recherche/", {"commune": "16015"})
    for _ in range(20):
        ChildminderFactory()
        HalfDayAvailabilityFactory(structure=StructureFactory())
        StructureFactory(rpe=True, communes_served=[angouleme], **north_of(angouleme, 30))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/recherche/", {"commune": "16015"})


def test_structure_sheet_shows_what_a_parent_needs(client):
    angouleme = commune("16015")
    crèche = StructureFactory(
        name="Crèche Les Lilas", fees="Barème national", communes_served=[angouleme]
    )
    OpeningPeriodFactory(structure=crèche)
    HalfDayAvailabilityFactory(structure=crèche, places=3)
    StructureFactory(
        kind="linf", name="Point info familles", online_desk=True, communes_served=[angouleme]
    )
    html = client.get(f"/structure/{crèche.pk}/").content.decode()
    assert "Crèche Les Lilas" in html
    assert "Barème national" in html
    assert "Lundi" in html and "7\xa0h\xa030" in html
    assert "3 places" in html
    assert "Point info familles" in html


def test_childminder_sheet_shows_availability_by_day(client):
    childminder = ChildminderFactory(
        display_name="Nadia Benali", working_hours={"4": [["07:45", "18:15"]]}
    )
    AvailabilityFactory(childminder=childminder, weekday=3, places=1)
    html = client.get(f"/assistant-maternel/{childminder.pk}/").content.decode()
    assert "Nadia Benali" in html
    assert "Mercredi" in html and "1 place" in html
    assert "Jeudi" in html and "7\xa0h\xa045 – 18\xa0h\xa015" in html


@pytest.mark.parametrize("trait", ["pending", "suspended", "radiated", "rejected"])
def test_hidden_childminder_sheets_are_404(client, trait):
    childminder = ChildminderFactory(**{trait: True})
    assert client.get(f"/assistant-maternel/{childminder.pk}/").status_code == 404


@pytest.mark.parametrize("trait", ["draft", "pending"])
def test_hidden_structure_sheets_are_404(client, trait):
    structure = StructureFactory(**{trait: True})
    assert client.get(f"/structure/{structure.pk}/").status_code == 404


def test_parents_page_links_the_search(client):
    assert 'href="/recherche/"' in client.get("/parents/").content.decode()


@pytest.mark.parametrize(
    ("code", "expected"),
    [("16015", "autour d'Angoulême"), ("75056", "autour de Paris")],
)
def test_the_results_title_names_the_commune_in_good_french(client, code, expected):
    ChildminderFactory(commune=commune(code))
    html = client.get("/recherche/", {"commune": code}).content.decode()
    assert expected in html.replace("&#x27;", "'")


def test_a_link_with_a_commune_only_shows_the_default_radius_selected(client):
    page = client.get("/recherche/", {"commune": "16015"}).content.decode()
    assert '<option value="5" selected>' in page


def test_childminder_sheet_query_count_does_not_grow_with_availabilities(
    client, django_assert_num_queries
):
    angouleme = commune("16015")
    childminder = ChildminderFactory(working_hours={"1": [["07:30", "18:30"]]})
    AvailabilityFactory(childminder=childminder, weekday=1)
    url = f"/assistant-maternel/{childminder.pk}/"
    # The childminder with its commune, its availabilities, the information points.
    with django_assert_num_queries(3):
        client.get(url)
    childminder.working_hours = {
        str(day): [["07:30", "12:00"], ["13:30", "18:30"]] for day in range(1, 8)
    }
    childminder.save()
    fill_week_of_availability(childminder)
    for _ in range(5):
        StructureFactory(kind="linf", online_desk=True, communes_served=[angouleme])
    with django_assert_num_queries(3):
        html = client.get(url).content.decode()
    assert "Dimanche" in html and "13\xa0h\xa030 – 18\xa0h\xa030" in html
    assert "Des points d'information répondent" in html


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_structure_sheet_query_count_does_not_grow_with_opening_periods_availability_and_communes(
    client, django_assert_num_queries
):
    angouleme = commune("16015")
    crèche = StructureFactory(communes_served=[angouleme])
    OpeningPeriodFactory(structure=crèche)
    HalfDayAvailabilityFactory(structure=crèche)
    url = f"/structure/{crèche.pk}/"
    # The structure with its commune, its opening periods, closures, communes served and
    # half-days of the next 30 days, the information points.
    with django_assert_num_queries(6):
        client.get(url)
    fill_structure_sheet(crèche)
    for _ in range(5):
        StructureFactory(kind="linf", online_desk=True, communes_served=[angouleme])
    with django_assert_num_queries(6):
        html = client.get(url).content.decode()
    assert "Vendredi" in html and "13\xa0h\xa030 – 18\xa0h\xa030" in html
    # Every half-day from 10 December 2026 to 8 January 2027 has 2 places (59 half-days), but
    # 25 December and 1 January are public holidays: closed, with their names.
    assert html.count("2 places") == 59 - 2 * 2
    assert "Fermé (Noël)" in unescape(html) and "Fermé (Jour de l'an)" in unescape(html)
    # An EAJE's schema has no "Communes desservies" section (tests/structures/test_schemas.py
    # checks the kinds that have one).
    assert "Abzac" not in html
    assert "Des points d'information répondent" in html
