"""Finding one's way: main menu, « Se connecter », site map, parents' page, legal pages."""

from html import unescape

import pytest
from django.test import override_settings
from django.urls import URLPattern, get_resolver

from tests.factories import StructureFactory, commune

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_every_public_page_has_the_main_menu(client):
    for url in ("/", "/recherche/", "/plan-du-site/", "/mentions-legales/"):
        html = page(client, url)
        nav = html.split('id="fr-navigation"')[1].split("</nav>")[0]
        for href, label in [
            ("/parents/", "Parents"),
            ("/professionnels/", "Professionnels"),
            ("/simulateur/", "Simulateurs"),
            ("/points-information/", "Points d'information"),
        ]:
            assert f'href="{href}"' in nav and label in nav, (url, label)


def test_the_menu_marks_the_current_section(client):
    nav = page(client, "/parents/").split('id="fr-navigation"')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 1
    current = nav.split('aria-current="page"')[0].rsplit("<a", 1)[1]
    assert 'href="/parents/"' in current


def test_se_connecter_sends_each_audience_to_its_entrance(client):
    home = page(client, "/")
    header = home.split('class="fr-header__tools-links"')[1].split("</ul>")[0]
    # The header leads to the account area of professionals (issue 9); the page below, in
    # the site map, still sends each audience to its entrance.
    assert 'href="/compte/connexion/"' in header
    assert "/administration/" not in header
    choice = page(client, "/connexion/")
    parents = choice.split('id="entrance-parents"')[1].split('id="entrance-professionals"')[0]
    assert 'href="/recherche/"' in parents
    assert "Aucun compte n'est nécessaire" in parents
    professionals = choice.split('id="entrance-professionals"')[1].split('id="entrance-caf"')[0]
    assert 'href="/professionnels/"' in professionals
    caf = choice.split('id="entrance-caf"')[1]
    assert 'href="/administration/connexion/"' in caf


def public_pages_without_parameters():
    resolver = get_resolver()
    public = resolver.namespace_dict["public"][1]
    for pattern in public.url_patterns:
        if isinstance(pattern, URLPattern) and not pattern.pattern.converters:
            yield pattern


def test_the_site_map_links_every_public_page(client):
    html = page(client, "/plan-du-site/")
    # Suggestions answer htmx requests: a fragment, not a page; the contact form's
    # confirmation is only reached by sending it.
    missing = [
        f"/{p.pattern}"
        for p in public_pages_without_parameters()
        if p.name not in ("commune_suggestions", "contact_sent")
        and f'href="/{p.pattern}"' not in html
    ]
    assert missing == []
    assert 'href="/plan-du-site/"' in page(client, "/").split('id="footer"')[1]


def test_the_parents_page_lists_every_service(client):
    html = page(client, "/parents/")
    for href, title in [
        ("/recherche/", "Rechercher un mode d'accueil"),
        ("/recherche/?kinds=rpe,laep,smf,er,clas", "Trouver un service aux familles"),
        ("/simulateur/", "Estimer le coût d'un mode d'accueil"),
        ("/points-information/", "Se faire conseiller par un point d'information"),
    ]:
        assert f'href="{href}"' in html and title in html


def test_a_link_that_preselects_types_opens_the_form_without_an_error(client):
    response = client.get("/recherche/", {"kinds": "rpe,laep"})
    form = response.context["form"]
    assert not form.is_bound
    html = response.content.decode()
    assert "fr-error-text" not in html
    assert (
        'value="rpe" checked' in html
        or 'checked value="rpe"' in html
        or ('value="rpe"' in html and "checked" in html.split('value="rpe"')[1].split(">")[0])
    )


@override_settings(
    LEGAL_PUBLICATION_DIRECTOR="Mme Camille Directrice",
    LEGAL_HOST="Hébergeur Exemple SAS, 1 rue des Serveurs, 59000 Lille",
)
def test_the_legal_notice_names_the_publication_director_and_the_host(client):
    html = page(client, "/mentions-legales/")
    assert "Directeur de la publication" in html
    assert "Mme Camille Directrice" in html
    assert "Hébergement" in html
    assert "Hébergeur Exemple SAS, 1 rue des Serveurs, 59000 Lille" in html


@override_settings(
    LEGAL_DATA_CONTROLLER="Cnaf, représentée par sa directrice",
    LEGAL_DPO_POSTAL_ADDRESS="DPO, 1 place Exemple, 75000 Paris",
    LEGAL_DPO_EMAIL="dpo@example.org",
)
def test_the_personal_data_page_names_controller_dpo_rights_and_retention(client):
    html = page(client, "/donnees-personnelles/")
    assert "Cnaf, représentée par sa directrice" in html.split('id="data-controller"')[1]
    dpo = html.split('id="data-protection-officer"')[1].split("</p>")[0]
    assert "DPO, 1 place Exemple, 75000 Paris" in dpo
    assert 'href="mailto:dpo@example.org"' in dpo
    for right in ("accès", "rectification", "effacement", "limitation", "opposition"):
        assert right in html
    assert 'id="how-to-exercise-rights"' in html
    assert "CNIL" in html
    retention = html.split('id="retention-periods"')[1].split("</table>")[0]
    # One row per kind of data the service keeps, each with its period.
    for kind, period in [
        ("Demandes d'information des familles", "6 mois après leur dépôt"),
        ("Courriels envoyés par le service", "90 jours"),
        ("Traces de connexion", "6 mois"),
        ("Journal des actions des agents", "Adresse IP effacée après 1 an"),
        ("Session de navigation", "30 minutes d'inactivité"),
    ]:
        row = retention.split(kind)[1].split("</tr>")[0]
        assert period in row, kind


def test_information_points_of_a_commune(client, django_assert_num_queries):
    angouleme = commune("16015")
    StructureFactory(
        kind="linf",
        eaje_type="",
        psu=False,
        name="Point info familles d'Angoulême",
        online_desk=True,
        communes_served=[angouleme],
    )
    StructureFactory(kind="linf", eaje_type="", psu=False, name="Point info de Cognac")
    html = page(client, "/points-information/", commune="16000")
    assert "Points d'information d'Angoulême" in html
    assert "Point info familles d'Angoulême" in html
    assert "Point info de Cognac" not in html
    # The commune, its information points.
    with django_assert_num_queries(2):
        client.get("/points-information/", {"commune": "16000"})


def test_information_points_ask_for_a_commune_in_french(client):
    html = page(client, "/points-information/", commune="")
    assert "Indiquez votre commune ou son code postal." in html
    empty = page(client, "/points-information/", commune="16200")
    assert "Aucun point d'information ne répond en ligne aux familles de Jarnac" in empty


def test_the_back_office_does_not_show_the_public_menu(client):
    html = page(client, "/administration/connexion/")
    nav = html.split('id="fr-navigation"')[1].split("</nav>")[0]
    assert 'href="/parents/"' not in nav
