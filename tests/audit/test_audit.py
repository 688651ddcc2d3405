import pytest
from django.urls import reverse

from monenfant.audit.context import AuditContext, current_audit_context
from monenfant.audit.models import AuditEntry
from monenfant.audit.services import audit
from monenfant.referential.models import Caf
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_an_entry_records_who_did_what_to_which_object():
    agent = UserFactory(email="agent@example.org")
    caf = Caf.objects.get(code="CAF751")
    entry = audit("caf_updated", target=caf, actor=agent, caf_code=caf.code, field="name")
    assert entry.actor == agent
    assert entry.actor_repr == "agent@example.org"
    assert entry.target_type == "referential.caf"
    assert entry.target_id == str(caf.pk)
    assert entry.target_repr == "Caf de Paris"
    assert entry.caf_code == "CAF751"
    assert entry.data == {"field": "name"}
    assert entry.created_at is not None


def test_actor_ip_and_impersonation_come_from_the_request_being_served():
    staff, childminder = UserFactory(), UserFactory()
    token = current_audit_context.set(
        AuditContext(actor=staff, acting_as=childminder, ip_address="192.0.2.10")
    )
    try:
        entry = audit("availability_updated", target=childminder)
    finally:
        current_audit_context.reset(token)
    assert (entry.actor, entry.acting_as, entry.ip_address) == (staff, childminder, "192.0.2.10")


def test_outside_a_request_the_system_is_the_actor():
    entry = audit("nightly_purge", deleted=3)
    assert entry.actor is None
    assert entry.actor_repr == "système"


def test_logins_failures_and_logouts_are_audited_with_the_ip(client):
    user = UserFactory(email="agent@example.org")
    login = reverse("backoffice:login")
    client.post(
        login, {"username": "agent@example.org", "password": "mauvais"}, REMOTE_ADDR="198.51.100.7"
    )
    client.post(
        login,
        {"username": "agent@example.org", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    client.post(reverse("backoffice:logout"), REMOTE_ADDR="198.51.100.7")

    entries = list(AuditEntry.objects.order_by("pk"))
    assert [e.action for e in entries] == ["login_failed", "login", "logout"]
    assert entries[0].data == {"login": "agent@example.org"}
    assert "mauvais" not in str(entries[0].data)
    assert all(e.ip_address == "198.51.100.7" for e in entries)
    assert entries[1].actor == user and entries[2].actor == user
