"""axe-core on every page of the childminder's registration journey, typed in a browser, with
an error shown on a field; then the pending request page and the moderator's screens."""

import pytest

from monenfant.backoffice_access.enums import Role
from monenfant.childminders.models import ModerationRequest
from monenfant.files.models import PrivateFile
from monenfant.files.storage import PrivateFileSystemStorage
from tests.browser.conftest import axe_violations
from tests.factories import DEFAULT_PASSWORD, staff_user
from tests.files.test_private_files import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Agrement-2026!"


def checked(page, label):
    assert axe_violations(page) == [], label


@pytest.fixture
def private_storage(tmp_path):
    # The field's storage is resolved once, when the model loads: swap it for a temporary one.
    field = PrivateFile._meta.get_field("file")
    original = field.storage
    field.storage = PrivateFileSystemStorage(location=tmp_path)
    yield
    field.storage = original


def test_registration_journey_pages(page, france, tmp_path, private_storage):
    licence = tmp_path / "agrement.pdf"
    licence.write_bytes(PDF)

    page.goto("/professionnels/")
    page.get_by_role("link", name="Je suis assistant(e) maternel(le)").click()
    page.wait_for_url("**/inscription/")
    checked(page, "start")
    page.locator("#id_email").fill("navigateur@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte et continuer").click()

    page.wait_for_url("**/identite/")
    checked(page, "identity")
    page.locator("#id_civility_0").check(force=True)
    page.locator("#id_birth_name").fill("Martin")
    page.locator("#id_first_names").fill("Claire")
    page.locator("#id_birth_date").fill("2015-04-12")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state()
    # A minor: refused on the field, the names kept.
    assert page.locator(".fr-error-text").first.is_visible()
    assert page.locator("#id_birth_name").input_value() == "Martin"
    checked(page, "identity with an error")
    page.locator("#id_birth_date").fill("1985-04-12")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/coordonnees/")
    checked(page, "contact")
    page.locator("#id_phone").fill("06 12 34 56 78")
    page.locator("#id_address").fill("12 rue de Périgueux")
    page.locator("#id_postal_code").fill("16000")
    page.locator("#id_commune").fill("16015")
    page.locator("#id_contact_modes_0").check(force=True)
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/agrement/")
    checked(page, "licence")
    page.locator("#id_departement").select_option("16")
    page.locator("#id_starts_on").fill("2024-01-15")
    page.locator("#id_ends_on").fill("2034-01-14")
    page.locator("#id_capacity").fill("4")
    page.locator("#id_licence_document").set_input_files(str(licence))
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/profil/")
    checked(page, "profile")
    page.locator("#id_presentation").fill("Dix ans d'expérience.")
    page.locator("#id_place_description").fill("Maison avec jardin.")
    page.locator("#id_working_days_0").check(force=True)
    page.locator("#id_works_from").fill("07:30")
    page.locator("#id_works_until").fill("18:00")
    page.locator("#id_places").fill("2")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/recapitulatif/")
    checked(page, "summary")
    page.get_by_label("Je certifie l'exactitude des informations saisies.").check(force=True)
    page.get_by_role("button", name="Envoyer ma demande d'inscription").click()
    page.wait_for_url("**/envoyee/")
    checked(page, "done")
    page.goto("/compte/assistant-maternel/demande/")
    checked(page, "pending")


def test_moderation_pages(page, france):
    from django.utils import timezone

    from tests.factories import ChildminderFactory, commune

    childminder = ChildminderFactory(pending=True, commune=commune("75056"))
    request = ModerationRequest.objects.create(
        kind="inscription",
        status="en_attente",
        email="asm@example.org",
        childminder=childminder,
        caf=childminder.caf,
        submitted_at=timezone.now(),
        data={"identity": {"first_names": "Aline", "birth_name": "Martin"}},
    )
    moderator = staff_user(Role.MODERATOR, None)
    page.goto("/administration/connexion/")
    page.get_by_label("Adresse électronique").fill(moderator.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/administration/**")
    page.goto("/administration/moderation/")
    checked(page, "queue")
    page.goto(f"/administration/moderation/{request.pk}/")
    page.get_by_role("button", name="Prendre en charge").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Rejeter la demande").click()
    page.wait_for_load_state()
    assert page.locator(".fr-error-text").first.is_visible()
    checked(page, "detail with errors")
