"""/simulateur/paje/ without JavaScript: a GET form, the estimate, errors on their fields."""

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
NNBSP = "\u202f"
HOUSEHOLD = {"date": "2025-05-15", "annual_resources": "20 000", "children": "1"}


def text(response) -> str:
    content = response.content.decode()
    return re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", content)))


def eur(amount: str) -> str:
    return amount.replace(" ", NNBSP) + f"{NBSP}€"


def test_the_empty_form_is_linked_from_the_cost_simulator(client):
    assert 'href="/simulateur/paje/"' in client.get("/simulateur/").content.decode()
    response = client.get("/simulateur/paje/")
    assert response.status_code == 200
    assert "Résultat de l’estimation" not in text(response)


def test_a_parent_sees_the_published_amounts_as_an_estimate(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/simulateur/paje/", HOUSEHOLD)
    page = text(response)
    # Published for 1 April 2025: birth grant 1 084,43 €, full-rate allowance 196,60 €.
    assert eur("1 084,43") in page
    assert eur("196,60") in page
    assert "(à taux plein)" in page
    assert page.count("estimation") >= 2
    assert "avec les barèmes du 1er janvier 2025 et 1er avril 2025" in page
    assert "Sources" in page
    assert "Instruction interministérielle DSS/2B/2024/181" in page
    assert "paje_ceilings" not in page and "bmaf" not in page


def test_over_the_ceiling_no_grant(client):
    page = text(client.get("/simulateur/paje/", {**HOUSEHOLD, "annual_resources": "40000"}))
    # 2025 ceiling for one child and one income: 36 461 €.
    assert f"dépassent le plafond de {eur('36 461,00')}" in page


def test_errors_are_on_their_fields_and_what_was_typed_is_kept(client):
    response = client.get(
        "/simulateur/paje/",
        {"date": "2018-03-31", "annual_resources": "-12", "children": "0"},
    )
    page = text(response)
    assert "Le formulaire contient des erreurs" in page
    assert "nés ou adoptés à partir du 1er avril 2018" in page
    assert "Les ressources doivent être positives" in page
    assert 'value="-12"' in response.content.decode()
    response = client.get(
        "/simulateur/paje/", {**HOUSEHOLD, "two_incomes": "on", "single_parent": "on"}
    )
    assert "Un parent seul n’a qu’un revenu" in text(response)
