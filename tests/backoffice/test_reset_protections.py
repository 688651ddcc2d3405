"""The public "Mot de passe oublié" form sends e-mails: robots and floods are refused."""

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from monenfant.backoffice_access.enums import Role
from monenfant.mailing.models import OutboxEmail
from monenfant.utils.antispam import EXPIRED, TOO_FAST
from tests.backoffice.test_authentication import request_reset
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


def refused_with(response, message):
    page = response.content.decode()
    return message.replace("'", "&#x27;") in page and not OutboxEmail.objects.exists()


def test_a_filled_honeypot_is_refused_and_the_address_kept(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    response = request_reset(client, agent.email, website="http://spam.example")
    assert response.status_code == 200
    assert refused_with(response, TOO_FAST)
    assert f'value="{agent.email}"' in response.content.decode()


def test_the_honeypot_is_hidden_from_people(client):
    page = client.get(reverse("backoffice:password_reset")).content.decode()
    assert 'class="monenfant-honeypot" aria-hidden="true"' in page
    assert 'tabindex="-1"' in page


def test_a_form_sent_back_at_once_is_refused_and_accepted_after_a_few_seconds(client, settings):
    settings.ANTIROBOT_MIN_SECONDS = 2
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    assert refused_with(request_reset(client, agent.email), TOO_FAST)

    three_seconds_ago = signing.dumps(time.time() - 3, salt="monenfant.antirobot")
    response = client.post(
        reverse("backoffice:password_reset"),
        {"email": agent.email, "form_started": three_seconds_ago},
    )
    assert response.status_code == 302
    assert OutboxEmail.objects.filter(to=[agent.email]).count() == 1


@pytest.mark.parametrize("started", ["", "forged", signing.dumps(0, salt="monenfant.antirobot")])
def test_a_missing_forged_or_stale_timestamp_asks_to_send_again(client, started):
    response = client.post(
        reverse("backoffice:password_reset"), {"email": "a@example.org", "form_started": started}
    )
    assert response.status_code == 200
    assert refused_with(response, EXPIRED)


def test_requests_for_one_address_are_limited_whether_it_exists_or_not(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    for email in (agent.email, "inconnu@example.org"):
        answers = [request_reset(client, email).status_code for _ in range(4)]
        assert answers == [302, 302, 302, 429]
    assert OutboxEmail.objects.filter(to=[agent.email]).count() == 3
    page = request_reset(client, agent.email).content.decode()
    assert "Trop de demandes de réinitialisation" in page


def test_requests_from_one_ip_address_are_limited(client):
    answers = [request_reset(client, f"personne{n}@example.org").status_code for n in range(11)]
    assert answers == [302] * 10 + [429]
