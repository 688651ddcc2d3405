"""On SQLite a write transaction holds the only write lock from its start: the slow password
hashing of the staff write paths happens before it opens (docs/performance.md)."""

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.urls import reverse

from monenfant.accounts.models import User
from monenfant.backoffice_access import services
from monenfant.backoffice_access.enums import Role
from tests.backoffice.helpers import log_in
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

FORM = {
    "login": "jeanne.dupont",
    "email": "jeanne.dupont@caf.fr",
    "first_name": "Jeanne",
    "last_name": "Dupont",
    "job_title": "AGENT CAF",
    "roles": ["caf_agent"],
    "password1": "Monenfant2025!",
    "password2": "Monenfant2025!",
}


@pytest.fixture
def hashing_depths(monkeypatch):
    """The number of open atomic blocks each time a staff write path hashes a password,
    counted from the test's own (the test runs inside a transaction of pytest-django)."""
    depths = []
    outer = len(connection.atomic_blocks)

    def recording_make_password(password, *args, **kwargs):
        depths.append(len(connection.atomic_blocks) - outer)
        return make_password(password, *args, **kwargs)

    monkeypatch.setattr(services, "make_password", recording_make_password)
    return depths


@pytest.fixture
def admin_client(client):
    log_in(client, staff_user(Role.CAF_ADMIN, "CAF751"))
    return client


def test_creating_an_account_hashes_its_password_outside_the_write_transaction(
    admin_client, hashing_depths
):
    response = admin_client.post(reverse("backoffice:staff_user_create"), FORM)

    assert response.status_code == 302
    assert hashing_depths == [0]
    assert User.objects.get(email="jeanne.dupont@caf.fr").check_password("Monenfant2025!")


def test_a_new_password_set_by_an_administrator_is_hashed_outside_the_write_transaction(
    admin_client, hashing_depths
):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    data = {
        **FORM,
        "email": agent.email,
        "password1": "Nouveau-2026!x",
        "password2": "Nouveau-2026!x",
    }

    response = admin_client.post(reverse("backoffice:staff_user_edit", args=[agent.pk]), data)

    assert response.status_code == 302
    assert hashing_depths == [0]
    agent.refresh_from_db()
    assert agent.check_password("Nouveau-2026!x")
    assert agent.must_change_password
