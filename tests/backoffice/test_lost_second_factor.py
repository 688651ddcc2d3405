"""A staff member who lost their authenticator app, and the bootstrap of national admins."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from monenfant.accounts.models import User
from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.management.commands.create_national_admin import (
    temporary_password,
)
from tests.backoffice.helpers import log_in
from tests.factories import DEFAULT_PASSWORD, staff_user

pytestmark = pytest.mark.django_db

LOGIN_URL = "/administration/connexion/"


def reset_url(user):
    return reverse("backoffice:staff_user_reset_second_factor", args=[user.pk])


@pytest.fixture
def agent_with_totp():
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    TOTPDevice.objects.create(user=agent, name="téléphone perdu", confirmed=True)
    return agent


def test_caf_admin_resets_a_lost_authenticator(client, agent_with_totp):
    admin = staff_user(Role.CAF_ADMIN, "CAF751")
    log_in(client, admin)
    page = client.get(reverse("backoffice:staff_user_edit", args=[agent_with_totp.pk]))
    assert "Réinitialiser la double authentification" in page.content.decode()

    response = client.post(reset_url(agent_with_totp), follow=True)

    assert "est réinitialisée" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=agent_with_totp).exists()
    entry = AuditEntry.objects.get(action="second_factor_reset")
    assert (entry.actor, entry.target_id, entry.caf_code) == (
        admin,
        str(agent_with_totp.pk),
        "CAF751",
    )
    assert entry.data == {"devices_removed": 1}
    client.logout()
    client.post(LOGIN_URL, {"username": agent_with_totp.email, "password": DEFAULT_PASSWORD})
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_another_cafs_admin_cannot_reset_it(client, agent_with_totp):
    log_in(client, staff_user(Role.CAF_ADMIN, "CAF131"))
    assert client.post(reset_url(agent_with_totp)).status_code == 404
    assert TOTPDevice.objects.filter(user=agent_with_totp).exists()
    assert not AuditEntry.objects.filter(action="second_factor_reset").exists()


def test_an_agent_cannot_reset_it(client, agent_with_totp):
    log_in(client, staff_user(Role.CAF_AGENT, "CAF751"))
    assert client.post(reset_url(agent_with_totp)).status_code == 403
    assert TOTPDevice.objects.filter(user=agent_with_totp).exists()


def test_reset_needs_a_post(client, agent_with_totp):
    log_in(client, staff_user(Role.CAF_ADMIN, "CAF751"))
    assert client.get(reset_url(agent_with_totp)).status_code == 405
    assert TOTPDevice.objects.filter(user=agent_with_totp).exists()


def test_create_national_admin_command():
    call_command(
        "create_national_admin", "Claire.Cnaf@cnaf.fr", "--first-name=Claire", "--last-name=Cnaf"
    )
    user = User.objects.get(email="claire.cnaf@cnaf.fr")
    assert user.must_change_password
    assert list(user.caf_memberships.values_list("caf", "role")) == [(None, "national_admin")]
    entry = AuditEntry.objects.get(action="national_admin_created")
    assert entry.actor is None
    assert entry.target_id == str(user.pk)


def test_national_admin_first_login_enrols_totp_then_changes_password(client, capsys):
    call_command("create_national_admin", "claire@cnaf.fr", "--first-name=C", "--last-name=N")
    password = re.search(r"first login\): (\S+)", capsys.readouterr().out).group(1)
    response = client.post(LOGIN_URL, {"username": "claire@cnaf.fr", "password": password})
    assert response.status_code == 302
    response = client.get(reverse("backoffice:home"))
    assert response.url.startswith(reverse("backoffice:otp_setup"))
    client.get(response.url)
    device = TOTPDevice.objects.get(user__email="claire@cnaf.fr", confirmed=False)
    client.post(reverse("backoffice:otp_setup"), {"token": f"{TOTP(device.bin_key).token():06d}"})
    response = client.get(reverse("backoffice:home"))
    assert response.url == reverse("backoffice:password_change")


def test_create_national_admin_refuses_a_taken_or_invalid_address():
    staff_user(Role.CAF_AGENT, "CAF751", email="pris@caf.fr")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("create_national_admin", "PRIS@caf.fr", "--first-name=A", "--last-name=B")
    with pytest.raises(CommandError, match="Invalid e-mail"):
        call_command("create_national_admin", "pas-une-adresse", "--first-name=A", "--last-name=B")


@pytest.mark.parametrize("attempt", range(30))
def test_generated_temporary_passwords_meet_the_policy(attempt):
    validate_password(temporary_password())
