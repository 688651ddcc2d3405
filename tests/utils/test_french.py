"""French typography of generated text, against forms written out by hand."""

import datetime
from html import unescape

import pytest

from monenfant.utils.french import (
    a,
    de,
    format_age_range,
    format_date,
    format_time,
    le,
    phrase_availability,
)
from tests.factories import ChildminderFactory

D = datetime.date
NB = "\u00a0"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 1), f"1er{NB}décembre 2026"),
        (D(2026, 12, 2), f"2{NB}décembre 2026"),
        (D(2027, 1, 11), f"11{NB}janvier 2027"),
        (D(2026, 8, 21), f"21{NB}août 2026"),
    ],
)
def test_dates(day, expected):
    assert format_date(day) == expected


def test_date_with_weekday_without_year():
    assert format_date(D(2026, 12, 1), year=False, weekday=True) == f"mardi 1er{NB}décembre"


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(7, 30, f"7{NB}h{NB}30"), (8, 0, f"8{NB}h"), (18, 5, f"18{NB}h{NB}05"), (0, 0, f"0{NB}h")],
)
def test_times(hour, minute, expected):
    assert format_time(datetime.time(hour, minute)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Angoulême", "d'Angoulême"),
        ("Paris", "de Paris"),
        ("Le Havre", "du Havre"),
        ("Les Sables-d'Olonne", "des Sables-d'Olonne"),
        ("La Rochelle", "de La Rochelle"),
        ("Yvetot", "d'Yvetot"),
        ("Yerres", "de Yerres"),
        ("Hyères", "d'Hyères"),
        ("Haguenau", "de Haguenau"),
        ("Écully", "d'Écully"),
    ],
)
def test_de_before_a_commune_name(name, expected):
    assert de(name) == expected


def test_le_and_a():
    assert le("accueil") == "l'accueil"
    assert le("hameau") == "le hameau"
    assert le("hôtel") == "l'hôtel"
    assert a("Le Havre") == "au Havre"
    assert a("Angoulême") == "à Angoulême"


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 18, "de 0 à 18 mois"),
        (0, 216, "de 0 à 18 ans"),
        (0, 72, "de 0 à 6 ans"),
        (3, 48, "de 3 mois à 4 ans"),
        (36, 72, "de 3 à 6 ans"),
        (0, 30, "de 0 à 2 ans et 6 mois"),
        (24, 30, "de 2 ans à 2 ans et 6 mois"),
    ],
)
def test_ages_are_in_years_from_24_months(low, high, expected):
    assert format_age_range(low, high) == expected


TODAY = D(2026, 11, 30)


@pytest.mark.parametrize(
    ("places", "available_on", "confirmed_on", "state", "text"),
    [
        (3, D(2026, 12, 1), D(2026, 11, 2), "places", f"3 places disponibles à partir du 1er{NB}décembre 2026"),
        (1, None, None, "places", "1 place disponible dès maintenant"),
        (2, D(2026, 11, 1), D(2026, 11, 2), "places", "2 places disponibles dès maintenant"),
        (0, None, D(2026, 11, 2), "full", "Pas de place disponible"),
        (0, None, None, "unknown", "Disponibilités non renseignées"),
        (None, None, None, "unknown", "Disponibilités non renseignées"),
    ],
)  # fmt: skip
def test_availability_has_three_cases_that_never_contradict(
    places, available_on, confirmed_on, state, text
):
    assert phrase_availability(
        places=places, available_on=available_on, confirmed_on=confirmed_on, today=TODAY
    ) == (state, text)


@pytest.mark.django_db
def test_the_sheet_says_assistante_or_assistant_from_the_civility(client):
    for civility, label in [
        ("madame", "Assistante maternelle"),
        ("monsieur", "Assistant maternel"),
        ("", "Assistante maternelle ou assistant maternel"),
    ]:
        childminder = ChildminderFactory(civility=civility)
        html = client.get(f"/assistant-maternel/{childminder.pk}/").content.decode()
        assert f'<p class="fr-tag">{label}</p>' in html


@pytest.mark.django_db
def test_search_result_cards_say_assistante_or_assistant_from_the_civility(client):
    labels = {
        "madame": "Assistante maternelle",
        "monsieur": "Assistant maternel",
        "": "Assistante maternelle ou assistant maternel",
    }
    childminders = {civility: ChildminderFactory(civility=civility) for civility in labels}
    response = client.get("/recherche/", {"commune": "16015"})
    html = unescape(response.content.decode())
    for civility, label in labels.items():
        card = html[html.index(f'id="result-asm-{childminders[civility].pk}"') :]
        card = card[: card.index("</li>")]
        assert f'<p class="fr-tag fr-tag--sm">{label}</p>' in card


@pytest.mark.django_db
def test_search_results_never_say_two_things_at_once(client):
    ChildminderFactory(display_name="Sans info", available_places=0, availability_confirmed_on=None)
    ChildminderFactory(
        display_name="Complète", available_places=0, availability_confirmed_on=D(2026, 11, 2)
    )
    ChildminderFactory(
        display_name="Libre",
        available_places=2,
        available_from=D(2026, 1, 1),
        availability_confirmed_on=D(2026, 11, 2),
    )
    html = client.get("/recherche/", {"commune": "16000"}).content.decode()
    cards = {
        name: html.split(f">{name}</a>")[1].split("</li>")[0]
        for name in ("Sans info", "Complète", "Libre")
    }
    assert 'data-availability="unknown"' in cards["Sans info"]
    assert "Pas de place" not in cards["Sans info"]
    assert 'data-availability="full"' in cards["Complète"]
    assert f"confirmée le 2{NB}novembre 2026" in cards["Complète"]
    assert 'data-availability="places"' in cards["Libre"]
    assert "non renseignées" not in cards["Libre"]
