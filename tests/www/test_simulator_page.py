"""Journeys through /simulateur/ without JavaScript: a GET form, results, errors on fields."""

import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monenfant.simulators import CrecheKind, compare, format_eur
from monenfant.www.public.simulator_forms import SimulatorForm
from tests.clock import BEFORE_CHRISTMAS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
NNBSP = "\u202f"

# The case of tests/simulators/test_compare.py, typed the way a parent would.
NEED = {
    "date": "2026-01-15",
    "days_per_week": "5",
    "hours_per_week": "40",
    "weeks_per_year": "46",
    "annual_resources": "48 000",
    "children": "1",
    "aeeh_children": "0",
    "child_age": "1",
}
ALL_MODES = {
    "creche_kinds": ["collective", "familiale"],
    "micro_creche": "on",
    "micro_creche_hourly_price": "9,50",
    "childminder": "on",
    "childminder_hourly_net_pay": "4,50",
    "childminder_daily_allowances": "7",
    "home_carer": "on",
    "home_carer_hourly_net_pay": "12",
}


def text(response) -> str:
    """The visible text of the page, entities decoded, spaces collapsed (no-break kept)."""
    content = response.content.decode()
    return re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", content)))


def field_html(response, name: str) -> str:
    """The markup of one form field group: its input and its error message."""
    content = response.content.decode()
    start = content.index(f'id="id_{name}"')
    group = content.rfind('<div class="fr-', 0, start)
    return content[group : content.index("</div>", content.index(f'id="id_{name}"')) + 200]


def table_rows(response) -> list[list[str]]:
    """The cells of the results table, as text."""
    content = response.content.decode()
    body = content[content.index("<tbody>") : content.index("</tbody>")]
    return [
        [
            re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", cell))).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in body.split("<tr>")[1:]
    ]


def eur(amount: str) -> str:
    return amount.replace(" ", NNBSP) + f"{NBSP}€"


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_the_empty_page_shows_the_form_the_notice_and_the_official_simulators(client):
    response = client.get("/simulateur/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Estimer le coût d’un mode d’accueil</h1>" in page
    assert 'method="get"' in page
    assert "Estimation indicative" in page
    assert "https://www.caf.fr/" in page
    assert "https://www.pajemploi.urssaf.fr/" in page
    assert "https://monenfant.fr/" in page
    assert 'value="2026-12-10"' in page  # simulated date: today
    assert "Résultats de la simulation" not in page
    assert "Le formulaire contient des erreurs" not in page


def test_the_parents_page_links_to_the_simulator(client):
    page = client.get("/parents/").content.decode()
    assert 'href="/simulateur/"' in page
    assert "Estimer le coût d&#x27;un mode d&#x27;accueil" in page


def test_a_parent_compares_every_mode_for_the_known_case(client):
    response = client.get("/simulateur/", {**NEED, **ALL_MODES})
    assert response.status_code == 200
    page = text(response)
    assert "Résultats de la simulation" in page
    assert f"Au 15 janvier 2026, pour 154{NBSP}h de garde par mois" in page
    # Amounts established by the unit tests (tests/simulators/test_compare.py).
    assert eur("381,30") in page  # collective crèche: 2,4760 €/h × 154 h
    assert eur("827,17") in page  # childminder: 693 € pay + 134,17 € allowances
    # The page shows exactly what the rules compute, mode by mode.
    expected = compare(
        date=dt.date(2026, 1, 15),
        annual_resources=48000,
        children=1,
        hours_per_week=40,
        days_per_week=5,
        weeks_per_year=46,
        child_age=1,
        creche_kinds=[CrecheKind.COLLECTIVE, CrecheKind.FAMILIAL],
        micro_creche_hourly_price="9.50",
        childminder_hourly_net_pay="4.50",
        childminder_daily_allowances=7,
        home_carer_hourly_net_pay=12,
    )
    rows = table_rows(response)
    assert [row[0].split(" Barèmes du ")[0] for row in rows] == [
        "Crèche collective (barème PSU)",
        "Crèche familiale (barème PSU) Le moins cher",
        "Micro-crèche PAJE",
        "Assistant maternel (emploi direct)",
        "Garde à domicile (emploi direct)",
    ]
    # Each mode names the dates of effect of its scales (BMAF of 1 April 2025, PSU
    # plancher of 1 January 2026, CMG reform of 1 September 2025…).
    assert "Barèmes du " in rows[0][0] and "1er janvier 2026" in rows[0][0]
    assert "1er avril 2025" in rows[2][0]
    for row, result in zip(rows, expected.results, strict=True):
        assert row[1:4] == [
            f"{format_eur(result.monthly_cost)} estimation",
            f"{format_eur(result.aid)} estimation",
            f"{format_eur(result.remaining_cost)} estimation Détail du calcul {NBSP}: "
            f"{result.label_fr}",
        ]
        assert row[4] == f"{format_eur(result.remaining_hourly_cost)} estimation"
        # Every mode opens a tax credit: the figure after it comes second.
        assert row[5].startswith(f"{format_eur(result.after_tax_credit)} estimation")
        assert format_eur(result.tax_credit) in row[5]
    assert "Crédit d’impôt pour l’emploi d’un salarié à domicile" in rows[4][5]
    assert "Crédit d’impôt pour frais de garde des enfants de moins de 6 ans" in rows[0][5]
    # Explanations in plain French; the sources in their own disclosure, readable names.
    content = response.content.decode()
    assert content.count('<details class="simulator-explanation') == 5
    assert content.count('<details class="simulator-sources') == 5
    assert "Taux d’effort horaire (1 enfant à charge)" in page
    assert "Sources" in page
    assert "Circulaire Cnaf 2019-005" in page
    assert (
        "Taux d’effort horaire – accueil collectif et micro-crèche PSU, en vigueur depuis" in page
    )
    for internal in (
        "psu_effort_rates_collective",
        "psu_resources_floor",
        "issue 4",
        "still in force",
        "from 1 January",
        "rsa_base_amount",
        "quoted",
        " rule ",
        "Former source",
        "non vérifiée dans le texte",
    ):
        assert internal not in page, internal
    assert content.count('<svg class="simulator-chart__bar"') == 5
    assert 'aria-hidden="true"' in content
    # What was typed stays in the form.
    assert 'value="48 000"' in content
    assert 'value="9,50"' in content
    assert re.search(r'value="collective"[^>]*checked', content)


def test_a_childminder_only_simulation(client):
    response = client.get(
        "/simulateur/",
        {**NEED, "childminder": "on", "childminder_hourly_net_pay": "4.5"},
    )
    page = text(response)
    assert "Assistant maternel (emploi direct)" in page
    assert eur("693,00") in page  # 4,50 € × 154 h, no allowances
    assert "Le moins cher" not in page  # a single mode is not "the cheapest"


def test_out_of_range_inputs_are_attached_to_their_fields_and_kept(client):
    response = client.get(
        "/simulateur/",
        {
            **NEED,
            "date": "2017-12-31",
            "hours_per_week": "200",
            "annual_resources": "-5",
            "children": "0",
            "child_age": "18",
            "weeks_per_year": "53",
            "days_per_week": "abc",
            **ALL_MODES,
            "micro_creche_hourly_price": "1000",
            "childminder_hourly_net_pay": "",
        },
    )
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in text(response)
    assert "<title>\n    Erreur" in response.content.decode()
    expected = {
        "date": ("2017-12-31", "Aucun barème n’est disponible avant le 1er janvier 2018."),
        "hours_per_week": ("200", "au plus égal à 60"),
        "annual_resources": ("-5", "Les ressources doivent être positives"),
        "children": ("0", "entre 1 et 20 enfants à charge"),
        "child_age": ("18", "entre 0 et 17 ans"),
        "weeks_per_year": ("53", "entre 1 et 52"),
        "days_per_week": ("abc", "Saisissez un nombre entier."),
        "micro_creche_hourly_price": ("1000", "Le tarif horaire doit être supérieur à 0"),
        "childminder_hourly_net_pay": ("", "Indiquez le salaire horaire net de l’assistant"),
    }
    for name, (typed, message) in expected.items():
        html = field_html(response, name)
        assert 'aria-invalid="true"' in html, name
        assert unescape(html).count(message) == 1, name
        if typed:
            assert f'value="{typed}"' in html, name
    # The other fields are not marked.
    assert 'aria-invalid="true"' not in field_html(response, "aeeh_children")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        # Checked by the rules only, mapped from SimulationError.field.
        ({"days_per_week": "1", "hours_per_week": "30"}, "hours_per_week", "24 h par jour"),
        ({"children": "1", "aeeh_children": "2"}, "aeeh_children", "ne peut pas dépasser"),
        # Checked by the form.
        ({"creche_kinds": []}, "creche_kinds", "Choisissez au moins un mode"),
        ({"hours_per_week": "0"}, "hours_per_week", "supérieur à 0"),
        ({"hours_per_week": "1e3"}, "hours_per_week", "Saisissez un nombre"),
        ({"annual_resources": "48 000,555"}, "annual_resources", "Saisissez un nombre"),
        ({"date": "31/02/2026"}, "date", "Saisissez une date valide"),
        ({"date": ""}, "date", "Indiquez la date"),
        ({"creche_kinds": ["cabane"]}, "creche_kinds", "Choisissez parmi les crèches"),
    ],
)
def test_each_error_names_its_field(client, changes, field, message):
    response = client.get("/simulateur/", {**NEED, "creche_kinds": ["collective"], **changes})
    assert response.status_code == 200
    assert "Résultats de la simulation" not in text(response)
    html = field_html(response, f"{field}_0" if field == "creche_kinds" else field)
    content = response.content.decode()
    if field == "creche_kinds":
        html = content[content.index('id="checkboxes-id_creche_kinds"') :][:3000]
    assert message in unescape(html).replace(NBSP, " ")


@pytest.mark.parametrize(
    ("typed", "value"),
    [("48 000", 48000), ("48\u202f000", 48000), ("48000,50", "48000.50"), ("4.5", "4.5")],
)
def test_amounts_are_read_the_french_way(typed, value):
    form = SimulatorForm({**NEED, "annual_resources": typed, "creche_kinds": ["collective"]})
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["annual_resources"]) == str(value)


def test_the_page_makes_no_query_for_an_anonymous_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/simulateur/", {**NEED, **ALL_MODES})
    assert response.status_code == 200


def test_the_page_makes_no_query_beyond_the_session_and_the_user(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as baseline:
        client.get("/parents/")
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get("/simulateur/", {**NEED, **ALL_MODES})
    assert "Résultats de la simulation" in text(response)


FIELDS = [*NEED, *ALL_MODES, "single_parent", "unknown"]
values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "Infinity", "2017-01-01", "9999-12-31", "on"]),
    st.integers(-(10**12), 10**12).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.dictionaries(
        st.sampled_from(FIELDS), st.one_of(values, st.lists(values, max_size=3))
    )
)
def test_no_input_yields_a_server_error(client, changes):
    response = client.get("/simulateur/", {**NEED, **ALL_MODES, **changes})
    assert response.status_code == 200


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_a_short_link_takes_the_default_need(client):
    response = client.get(
        "/simulateur/", {"annual_resources": "48000", "creche_kinds": "collective"}
    )
    page = text(response)
    assert "Résultats de la simulation" in page
    assert f"pour 154{NBSP}h de garde par mois (40{NBSP}h × 46 semaines ÷ 12" in page
    assert "Au 10" in page


def test_a_field_sent_empty_is_not_replaced_by_its_default(client):
    response = client.get(
        "/simulateur/", {**NEED, "hours_per_week": "", "creche_kinds": "collective"}
    )
    assert "Ce champ est obligatoire." in unescape(field_html(response, "hours_per_week"))


def test_a_date_typed_the_french_way_is_understood():
    form = SimulatorForm({**NEED, "date": "15/01/2026", "creche_kinds": ["collective"]})
    assert form.is_valid(), form.errors
    assert form.comparison.date == dt.date(2026, 1, 15)
