"""What a parent types in « Commune ou code postal »: five digits are a postal code first."""

from html import unescape

import pytest

from monenfant.referential.selectors import search_communes
from monenfant.www.public.forms import SearchForm
from tests.factories import ChildminderFactory, commune

pytestmark = pytest.mark.django_db


# Postal codes, the commune each one is named after (La Poste's delivery office) and the
# commune whose INSEE code is the same five digits; from La Poste's and INSEE's tables.
def page(client, typed):
    return unescape(client.get("/recherche/", {"commune": typed}).content.decode())


POSTAL_CODES = [
    # typed, commune searched around, commune with that INSEE code
    ("16100", "16102", "Cognac", "Chirac"),
    ("16200", "16167", "Jarnac", "Maine-de-Boixe"),
]


@pytest.mark.parametrize(("typed", "insee", "name", "insee_homonym"), POSTAL_CODES)
def test_a_postal_code_searches_around_the_commune_it_names(
    client, typed, insee, name, insee_homonym
):
    html = page(client, typed)
    assert f"autour de {name}" in html
    assert insee_homonym not in html
    form = SearchForm({"commune": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"].insee_code == insee


def test_a_postal_code_shared_by_several_communes_offers_the_others(client):
    html = page(client, "16100")
    assert 'id="postal-code-choice"' in html
    assert "Le code postal 16100 dessert plusieurs communes" in html
    # Communes of 16100 (La Poste), each offered with a link that resolves to it.
    for other in ("Châteaubernard", "Merpins", "Saint-Laurent-de-Cognac", "Javrezac"):
        assert f">{other}</a>" in html
    chosen = page(client, "Châteaubernard (16100)")
    assert "autour de Châteaubernard" in chosen
    assert 'id="postal-code-choice"' not in chosen


def test_a_postal_code_of_one_commune_offers_no_choice(client):
    html = page(client, "16000")
    assert "autour d'Angoulême" in html
    assert 'id="postal-code-choice"' not in html


def test_an_insee_code_is_read_when_no_postal_code_matches(client):
    # 16015 is Angoulême's INSEE code and nobody's postal code.
    html = page(client, "16015")
    assert "autour d'Angoulême" in html


def test_the_api_reads_commune_as_an_insee_code_first(client):
    chirac = commune("16100")
    ChildminderFactory(display_name="Près de Chirac", commune=chirac)
    ChildminderFactory(display_name="Près de Cognac", commune=commune("16102"))
    body = client.get("/api/v1/search", {"commune": "16100", "radius_km": "2"}).json()
    assert [r["name"] for r in body["results"]] == ["Près de Chirac"]
    body = client.get("/api/v1/search", {"commune": "16015"}).json()
    assert body["count"] == 0


def test_suggestions_list_the_communes_of_the_postal_code_before_the_insee_homonym():
    names = [c.name for c in search_communes("16100")]
    assert names[0] == "Cognac"
    assert "Chirac" in names
    assert names.index("Chirac") > names.index("Châteaubernard")


def test_the_commune_is_required_with_a_french_message_unless_around_me(client):
    form = SearchForm({"commune": "", "radius_km": "5"})
    assert not form.is_valid()
    assert form.errors["commune"] == [
        "Indiquez une commune ou un code postal, ou utilisez «\xa0Autour de moi\xa0»."
    ]
    html = client.get("/recherche/").content.decode()
    assert "Optionnel" not in html.split('id="id_commune"')[0].rsplit("<label", 1)[-1]
    around_me = SearchForm({"commune": "", "lat": "45.65", "lon": "0.16", "radius_km": "5"})
    assert around_me.is_valid(), around_me.errors
