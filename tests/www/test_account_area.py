"""The account area (/compte/): one entrance for every professional."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator

from monenfant.accounts import services
from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    HabilitationFactory,
    StructureFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Nouveau-Passe2026"


def login(client, user, password=DEFAULT_PASSWORD):
    return client.post("/compte/connexion/", {"username": user.email, "password": password})


def test_the_header_link_leads_to_the_account_area(client):
    html = client.get("/").content.decode()
    assert re.search(r'href="/compte/connexion/"[^>]*>Se connecter<', html)


def test_a_childminder_lands_on_the_account_page_listing_their_space(client):
    childminder = UserFactory(childminder_account=True)
    response = login(client, childminder)
    assert response.url == "/compte/"
    html = client.get(response.url).content.decode()
    assert "Espace assistant maternel" in html
    assert "Espace Caf" not in html


def test_a_habilitated_person_sees_the_structures_of_their_habilitations(client):
    person = UserFactory(habilitated_person=True)
    mine = StructureFactory(name="Crèche des Mésanges")
    StructureFactory(name="Crèche d'à côté")
    HabilitationFactory(person=person, structure=mine)
    response = login(client, person)
    # Their only space: they land in it.
    assert response.url == "/espace-gestionnaire/"
    html = client.get("/compte/").content.decode()
    assert "Espace gestionnaire" in html and "Crèche des Mésanges" in html
    assert "Crèche d&#x27;à côté" not in html and "Guichet des demandes" not in html


def test_a_caf_agent_lands_in_the_back_office(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    response = login(client, agent)
    assert response.url == "/administration/"
    assert client.get(response.url).status_code == 200


def test_a_person_with_several_spaces_chooses(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    linf = StructureFactory(kind="linf", eaje_type="", psu=False, capacity=None, online_desk=True)
    HabilitationFactory(person=agent, structure=linf)
    response = login(client, agent)
    assert response.url == "/compte/"
    html = client.get("/compte/").content.decode()
    for space in ("Espace Caf", "Espace gestionnaire", "Guichet des demandes d&#x27;information"):
        assert space in html
    assert 'href="/administration/"' in html
    assert 'href="/espace-gestionnaire/demandes-information/"' in html


def test_the_account_page_needs_a_login_and_sends_to_the_account_login(client):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response.url.startswith("/compte/connexion/")


def test_a_temporary_password_is_changed_in_the_account_area(client):
    person = UserFactory(habilitated_person=True, must_change_password=True)
    login(client, person)
    assert client.get("/compte/").url == "/compte/mot-de-passe/changer/"


def link_in(email, path):
    message = OutboxEmail.objects.filter(to=[email]).latest("pk")
    return re.search(rf"http://[^\s]+{path}[^\s]+/", message.body_text)[0].removeprefix(
        "http://127.0.0.1:8000"
    )


def set_password_through(client, link, password=NEW_PASSWORD):
    response = client.get(link)
    if response.status_code != 302:
        return response
    return client.post(response.url, {"new_password1": password, "new_password2": password})


def test_password_reset_from_the_account_area(client):
    person = UserFactory(childminder_account=True)
    page = client.get("/compte/mot-de-passe/oublie/").content.decode()
    started = re.search(r'name="form_started" value="([^"]+)"', page)[1]
    client.post("/compte/mot-de-passe/oublie/", {"email": person.email, "form_started": started})
    link = link_in(person.email, "/compte/mot-de-passe/reinitialiser/")
    assert set_password_through(client, link).url == "/compte/mot-de-passe/enregistre/"
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("age", "valid"),
    [
        (timedelta(days=5, hours=23), True),
        (timedelta(days=6, seconds=-60), True),
        (timedelta(days=6, seconds=60), False),
    ],
)
def test_password_creation_link_lives_six_days(client, monkeypatch, age, valid):
    person = UserFactory(habilitated_person=True, password="")
    services.password_creation_link_send(user=person)
    link = link_in(person.email, "/compte/mot-de-passe/creer/")
    later = PasswordResetTokenGenerator()._now() + age
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    response = set_password_through(client, link)
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD) is valid
    if not valid:
        assert "Lien expiré ou déjà utilisé" in response.content.decode()


def test_a_reset_link_is_no_creation_link_and_a_creation_link_serves_once(client):
    person = UserFactory(habilitated_person=True)
    services.password_creation_link_send(user=person)
    creation = link_in(person.email, "/compte/mot-de-passe/creer/")
    reset_token = creation.split("/")[-2]
    forged = creation.replace("/creer/", "/reinitialiser/")
    assert "Lien expiré" in set_password_through(client, forged).content.decode(), reset_token
    assert set_password_through(client, creation).status_code == 302
    assert (
        "Lien expiré" in set_password_through(client, creation, "Autre-Passe2026").content.decode()
    )
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_email_change_is_confirmed_by_a_link_sent_to_the_new_address(client):
    person = UserFactory(childminder_account=True, email="ancienne@example.org")
    log_in(client, person)
    response = client.post(
        "/compte/adresse/", {"new_email": "Nouvelle@Example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.url == "/compte/"
    person.refresh_from_db()
    assert person.email == "ancienne@example.org"  # not before the link is opened
    link = link_in("nouvelle@example.org", "/compte/adresse/confirmer/")
    assert client.get(link).status_code == 200  # a mail scanner's visit changes nothing
    person.refresh_from_db()
    assert person.email == "ancienne@example.org"
    client.post(link)
    person.refresh_from_db()
    assert person.email == "nouvelle@example.org"
    assert AuditEntry.objects.filter(action="email_changed", target_id=str(person.pk)).count() == 1
    # The link served once: the old address no longer matches.
    html = client.post(link).content.decode()
    assert "Ce lien n&#x27;est plus valable" in html


def test_email_change_with_a_wrong_password_keeps_what_was_typed(client):
    person = UserFactory(childminder_account=True)
    log_in(client, person)
    html = client.post(
        "/compte/adresse/", {"new_email": "autre@example.org", "password": "faux"}
    ).content.decode()
    assert "Le mot de passe actuel est incorrect." in html
    assert 'value="autre@example.org"' in html
    assert not OutboxEmail.objects.exists()


def test_email_change_to_a_taken_address_is_refused_on_the_field(client):
    person = UserFactory(childminder_account=True)
    other = UserFactory()
    log_in(client, person)
    html = client.post(
        "/compte/adresse/", {"new_email": other.email, "password": DEFAULT_PASSWORD}
    ).content.decode()
    assert "Un compte existe déjà avec cette adresse électronique." in html


def test_account_page_query_count(client, django_assert_num_queries):
    person = UserFactory(habilitated_person=True)
    for _ in range(3):
        HabilitationFactory(person=person)
    log_in(client, person)
    client.get("/compte/")
    # Session, user, memberships, second factor, habilitations with their structures, the
    # session saved (3 statements): the same for 3 or 10 structures.
    with django_assert_num_queries(8) as counted:
        client.get("/compte/")
    for _ in range(7):
        HabilitationFactory(person=person)
    with django_assert_num_queries(len(counted.captured_queries)):
        html = client.get("/compte/").content.decode()
    assert html.count("<li>Crèche des Lilas") == 10
