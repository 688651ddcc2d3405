import pytest
from django.test import Client, override_settings
from django.urls import include, path

import config.urls as config_urls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_has_the_dsfr_header_and_the_three_entrances(client):
    page = client.get("/").content.decode()
    assert 'class="fr-header"' in page
    assert "monenfant.fr" in page
    assert "Je suis un parent" in page
    assert "Je suis un professionnel" in page
    assert 'href="/administration/connexion/"' in page
    assert 'lang="fr"' in page
    assert 'href="#content"' in page  # skip link
    assert 'id="content"' in page
    assert 'id="footer"' in page


@pytest.mark.parametrize(
    "url",
    [
        "/parents/",
        "/professionnels/",
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
    ],
)
def test_public_pages_are_open_to_anonymous_visitors(client, url):
    assert client.get(url).status_code == 200


def test_unknown_page_gets_the_french_404_page(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


def test_back_office_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/administration/")
    assert response.status_code == 302
    assert response["Location"].startswith("/administration/connexion/")


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("crash/", crash), path("", include("config.urls"))]
handler500 = config_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_error_gets_the_french_500_page():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/crash/")
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()
    # The site's name in the title, though Django renders its 500 page without context.
    assert "<title> monenfant.fr </title>" in " ".join(response.content.decode().split())


def test_a_form_posted_without_its_csrf_token_gets_a_french_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/administration/connexion/", {"username": "a@b.fr", "password": "x"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
