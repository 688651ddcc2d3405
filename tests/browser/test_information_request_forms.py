"""axe-core on the two public forms of issue 15 (the information request and the contact
form), filled as a person would, with and without errors; both work without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone

from monenfant.information_requests.models import InformationRequest
from monenfant.mailing.models import OutboxEmail
from tests.browser.conftest import axe_violations
from tests.information_requests.helpers import information_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_javascript_page(browser, live_server):
    from tests.browser.conftest import new_context

    context = new_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_the_information_request_form(page, france):
    information_point(name="Relais des Remparts")
    page.goto("/")
    page.get_by_role("link", name="Faire une demande d'information").click()
    assert axe_violations(page) == []
    page.get_by_label("Commune où vous cherchez un mode d'accueil").fill("16000")
    page.get_by_role("button", name="Continuer").click()
    assert page.get_by_text("Relais des Remparts").is_visible()
    assert page.get_by_text("La durée de conservation des données est de 6 mois.").is_visible()
    # Sent with errors: messages on the fields, what was typed kept, still accessible.
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_role("button", name="Envoyer ma demande").click()
    assert page.locator(".fr-error-text").first.is_visible()
    assert page.get_by_label("Nom", exact=True).input_value() == "Durand"
    assert axe_violations(page) == []


def test_the_information_request_works_without_javascript(no_javascript_page, france, settings):
    settings.ANTIROBOT_MIN_SECONDS = 0
    page = no_javascript_page
    information_point(name="Relais des Remparts")
    today = timezone.localdate()
    page.goto("/demande-information/")
    page.get_by_label("Commune où vous cherchez un mode d'accueil").fill("Angoulême")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Prénom", exact=True).fill("Camille")
    page.get_by_label("Adresse", exact=True).fill("3 rue des Lilas")
    page.get_by_label("Code postal").fill("16000")
    page.get_by_label("Commune de résidence").fill("Angoulême")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("Adresse électronique").fill("camille.durand@example.org")
    page.get_by_label("Indifférent").check(force=True)
    page.get_by_label("Mon enfant est né (moins de 6 ans)").check(force=True)
    page.get_by_label("Date de naissance de l'enfant").fill(
        (today - timedelta(days=300)).isoformat()
    )
    page.get_by_label("Crèche (accueil collectif)").check(force=True)
    page.get_by_label("Date de début souhaitée").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("Régulier").check(force=True)
    page.get_by_label("J'ai lu et j'accepte les conditions d'utilisation du service").check(
        force=True
    )
    page.get_by_role("button", name="Envoyer ma demande").click()
    assert page.get_by_role("heading", name="Votre demande est envoyée").is_visible()
    assert InformationRequest.objects.get().last_name == "Durand"
    assert page.get_by_role("link", name="Télécharger le récapitulatif de ma demande").is_visible()


def test_the_contact_form(page, france, settings):
    settings.ANTIROBOT_MIN_SECONDS = 0
    page.goto("/contact/")
    assert axe_violations(page) == []
    page.get_by_label("Nom et prénom").fill("Camille Durand")
    page.get_by_label("Adresse électronique").fill("camille.durand@example.org")
    page.get_by_label("Code postal").fill("00000")
    page.get_by_label("Objet").fill("Question")
    page.locator("#id_message").fill("Bonjour")
    page.get_by_role("button", name="Envoyer le message").click()
    assert page.get_by_text("Ce code postal est inconnu.").is_visible()
    assert page.get_by_label("Objet").input_value() == "Question"
    assert axe_violations(page) == []
    page.get_by_label("Code postal").fill("16000")
    page.get_by_role("button", name="Envoyer le message").click()
    assert page.get_by_role("heading", name="Message envoyé").is_visible()
    assert OutboxEmail.objects.get(template="contact_message").to == ["monenfant.caf161@caf.fr"]
