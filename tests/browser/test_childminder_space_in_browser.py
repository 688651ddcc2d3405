"""The childminder's space in a browser: axe-core on every page (with errors shown too), and
the whole availability journey without JavaScript."""

import pytest

from monenfant.childminders.models import DeadlineReminder
from monenfant.childminders.space_services import confirmation_token
from tests.browser.conftest import axe_violations, new_context
from tests.factories import DEFAULT_PASSWORD, ChildminderFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_childminder():
    return ChildminderFactory(
        user=UserFactory(childminder_account=True),
        display_name="Marie Curie",
        capacity=3,
        working_hours={"1": [["07:30", "18:30"]]},
    )


def log_in(page, childminder):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(childminder.user.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/assistant-maternel/")


def test_space_pages_pass_axe(page, france):
    childminder = make_childminder()
    token = confirmation_token(
        DeadlineReminder.objects.create(
            childminder=childminder, kind="dispo_j30", deadline="2027-06-01"
        )
    )
    log_in(page, childminder)
    for url in (
        "/compte/assistant-maternel/",
        "/compte/assistant-maternel/profil/",
        "/compte/assistant-maternel/disponibilites/",
        f"/compte/assistant-maternel/disponibilites/confirmer/{token}/",
        "/compte/assistant-maternel/disponibilites/confirmer/lien-altere/",
    ):
        page.goto(url)
        assert page.locator("h1").is_visible(), url
        assert axe_violations(page) == [], url
    page.goto("/compte/assistant-maternel/disponibilites/")
    # Confirmed with no range (the factory's data): « aucune disponibilité » is ticked.
    page.get_by_label("Aucune disponibilité pour la période").uncheck(force=True)
    page.locator('[name="av_1_1_places"]').fill("5")
    page.get_by_role("button", name="Enregistrer mes disponibilités").click()
    assert page.locator(".fr-error-text").first.is_visible()
    assert axe_violations(page) == []
    page.goto("/compte/assistant-maternel/profil/")
    page.get_by_label("Masquer mon téléphone").check(force=True)
    page.get_by_label("Masquer mon adresse électronique").check(force=True)
    page.get_by_role("button", name="Enregistrer mon profil").click()
    assert page.locator(".fr-error-text").first.is_visible()
    assert axe_violations(page) == []


def test_availability_round_trip_without_javascript(browser, live_server, france):
    childminder = make_childminder()
    context = new_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    log_in(page, childminder)
    page.get_by_role("link", name="Modifier mes disponibilités").click()
    page.get_by_label("Aucune disponibilité pour la période").uncheck(force=True)
    page.locator('[name="av_1_1_places"]').fill("2")
    page.locator('[name="copy_from"]').select_option("1")
    page.get_by_role("checkbox", name="jeudi").check(force=True)
    page.get_by_role("button", name="Copier").click()
    assert page.locator('[name="av_4_1_start"]').input_value() == "07:30"
    page.get_by_role("button", name="Enregistrer mes disponibilités").click()
    page.wait_for_url("**/compte/assistant-maternel/")
    assert "Vos disponibilités sont enregistrées et publiées." in page.content()
    page.get_by_role("button", name="Mes disponibilités sont toujours exactes").click()
    page.wait_for_url("**/compte/assistant-maternel/")
    page.goto(f"/assistant-maternel/{childminder.pk}/")
    assert "2 places disponibles" in page.content()
    assert list(childminder.availabilities.values_list("weekday", "places")) == [(1, 2), (4, 2)]
    context.close()
