import pytest
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse

from monenfant.accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db


def test_email_is_the_login_whatever_its_case(client):
    staff_user("caf_agent", email="Agent.Dupont@Caf.fr")
    response = client.post(
        reverse("backoffice:login"),
        {"username": "AGENT.DUPONT@caf.fr", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_the_same_email_in_another_case_cannot_make_a_second_account():
    User.objects.create_user("camille@example.org", DEFAULT_PASSWORD)
    with pytest.raises(IntegrityError):
        User.objects.create_user("Camille@Example.org", DEFAULT_PASSWORD)


def test_wrong_password_gets_a_french_message_and_keeps_the_email(client):
    UserFactory(email="camille@example.org")
    response = client.post(
        reverse("backoffice:login"), {"username": "camille@example.org", "password": "faux"}
    )
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert 'value="camille@example.org"' in response.content.decode()


def test_inactive_account_cannot_log_in(client):
    UserFactory(email="ancien@example.org", is_active=False)
    client.post(
        reverse("backoffice:login"),
        {"username": "ancien@example.org", "password": DEFAULT_PASSWORD},
    )
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_session_ends_after_thirty_minutes_without_activity(client, settings):
    user = staff_user("caf_agent")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 200
    # Every request renews the 30-minute delay (inactivity, not absolute duration).
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" or int(cookie["max-age"]) <= 30 * 60
    session = client.session
    assert session.get_expiry_age() == 30 * 60

    session.set_expiry(-1)  # what the session store sees 30 minutes later
    session.save()
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


def test_session_settings_match_seed_001():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
