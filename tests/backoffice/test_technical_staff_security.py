"""Issue 8, point 2: the technical team (is_staff) uses a second factor, and reads the outbox
without being able to use the secret links it holds."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from monenfant.backoffice_access.enums import Role
from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in
from tests.backoffice.test_authentication import post_login, request_reset
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db

TECHNICAL_PAGES = ["/administration/technique/", "/administration/courriels/"]
OTP_SETUP = "/administration/securite/double-authentification/activer/"
OTP_VERIFY = "/administration/securite/double-authentification/verifier/"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.mark.parametrize("url", TECHNICAL_PAGES)
@pytest.mark.parametrize("superuser", [False, True])
def test_a_password_alone_does_not_open_the_technical_pages(client, url, superuser):
    technical = UserFactory(technical_staff=True, is_superuser=superuser)
    post_login(client, technical.email)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(OTP_SETUP)


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_technical_staff_enrol_then_give_a_code_at_each_login(client):
    technical = UserFactory(technical_staff=True)
    post_login(client, technical.email)
    client.get(OTP_SETUP)
    device = TOTPDevice.objects.get(user=technical)
    response = client.post(OTP_SETUP, {"token": current_code(device), "next": TECHNICAL_PAGES[1]})
    assert response.status_code == 302
    assert client.get(TECHNICAL_PAGES[1]).status_code == 200
    # The setup page says the second factor is mandatory, and it cannot be turned off.
    client.post(reverse("backoffice:otp_disable"))
    assert TOTPDevice.objects.filter(user=technical).exists()

    client.post(reverse("backoffice:logout"))
    post_login(client, technical.email)
    response = client.get(TECHNICAL_PAGES[0])
    assert response.status_code == 302
    assert response.url.startswith(OTP_VERIFY)
    client.post(OTP_VERIFY, {"token": "000000" if current_code(device) != "000000" else "111111"})
    assert client.get(TECHNICAL_PAGES[0]).status_code == 302


def test_caf_staff_without_is_staff_may_still_go_without_second_factor(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    post_login(client, agent.email)
    assert client.get(reverse("backoffice:home")).status_code == 200


# --- Secret links masked in the outbox -----------------------------------------------------


def reset_email_for(client, user) -> OutboxEmail:
    request_reset(client, user.email)
    return OutboxEmail.objects.filter(to=[user.email]).latest("pk")


def test_the_outbox_masks_the_token_of_a_password_reset_link(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    email = reset_email_for(client, agent)
    # The live token is in the stored e-mail (it is sent): Django's generator accepts it.
    uid = urlsafe_base64_encode(force_bytes(agent.pk))
    prefix = f"/administration/mot-de-passe/reinitialiser/{uid}/"
    token = re.search(re.escape(prefix) + r"([^/]+)/", email.body_text)[1]
    assert default_token_generator.check_token(agent, token)
    live_path = f"{prefix}{token}/"
    assert live_path in email.body_text and live_path in email.body_html

    log_in(client, UserFactory(technical_staff=True, is_superuser=True))
    pages = [
        client.get("/administration/courriels/").content.decode(),
        client.get(f"/administration/courriels/{email.pk}/").content.decode(),
        client.get(
            f"/administration/technique/mailing/outboxemail/{email.pk}/change/"
        ).content.decode(),
    ]
    for page in pages:
        assert token not in page
        # Nor in any of its halves: the token is "timestamp-hash".
        for part in token.split("-"):
            assert not re.search(rf"\b{re.escape(part)}\b", page)
    detail, admin = pages[1], pages[2]
    # The team still sees which link was sent: in the text and in the HTML part.
    masked_path = f"/administration/mot-de-passe/reinitialiser/{uid}/[lien-masqué]/"
    assert detail.count(masked_path) == 2
    assert masked_path in admin
    # The e-mail delivered keeps the live link.
    email.refresh_from_db()
    assert live_path in email.body_text


def test_other_links_are_left_alone(client):
    email = OutboxEmail.objects.create(
        template="test_message",
        from_email="ne-pas-repondre@monenfant.fr",
        to=["parent@example.org"],
        subject="Message",
        body_text="Voir https://monenfant.fr/recherche/?q=lyon et /assistant-maternel/12/",
        body_html="<a href='/mot-de-passe/reinitialiser/abc/def/'>x</a>",
    )
    log_in(client, UserFactory(technical_staff=True))
    detail = client.get(f"/administration/courriels/{email.pk}/").content.decode()
    assert "https://monenfant.fr/recherche/?q=lyon et /assistant-maternel/12/" in detail
    # Not a route of the site (no /administration/ prefix): nothing to mask.
    assert "reinitialiser/abc/def/" in detail
