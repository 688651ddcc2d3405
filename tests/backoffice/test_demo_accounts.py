import pytest
from django.core.management import call_command
from django_otp.oath import TOTP

from monenfant.accounts.models import User
from monenfant.backoffice_access import selectors
from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.models import CafMembership
from monenfant.devtools.demo import (
    DEMO_NATIONAL_ADMIN,
    DEMO_PASSWORD,
    DEMO_TOTP_KEY_HEX,
    ensure_demo_accounts,
)

pytestmark = pytest.mark.django_db


def test_demo_accounts_cover_each_role_in_two_cafs():
    ensure_demo_accounts()
    ensure_demo_accounts()  # idempotent
    for role in Role:
        members = CafMembership.objects.filter(role=role)
        reachable = set()
        for membership in members:
            reachable |= set(
                selectors.available_cafs(membership.user).values_list("code", flat=True)
            )
        assert {"CAF751", "CAF161"} <= reachable, role
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())


def test_demo_national_admin_logs_in_with_the_printed_totp(client, capsys):
    call_command("setup_demo")
    out = capsys.readouterr().out
    assert "NVXW4ZLOMZQW45BNMRSW23ZNORXXI4BB" in out
    response = client.post(
        "/administration/connexion/", {"username": DEMO_NATIONAL_ADMIN, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    code = f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY_HEX)).token():06d}"
    response = client.post(
        "/administration/securite/double-authentification/verifier/", {"token": code}
    )
    assert response.status_code == 302
    assert client.get("/administration/utilisateurs/").status_code == 200
