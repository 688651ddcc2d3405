import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from monenfant.accounts.models import User
from monenfant.audit.middleware import AuditContextMiddleware
from monenfant.audit.models import AuditEntry
from monenfant.audit.services import audit
from monenfant.backoffice_access import perms, selectors
from monenfant.backoffice_access.enums import Role
from tests.backoffice.helpers import log_in
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris_scope(paris):
    """Stands for a later app declaring which accounts belong to a CAF (its childminders)."""
    members = set()

    def provider(caf):
        return User.objects.filter(pk__in=members) if caf == paris else User.objects.none()

    selectors.register_impersonation_scope(provider)
    yield members
    selectors._impersonation_scope_providers.remove(provider)


def start(client, target):
    return client.post(reverse("backoffice:impersonation_start", args=[target.pk]))


def test_agent_acts_for_an_account_of_its_caf_with_a_banner_and_audit(client, paris_scope):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    childminder = UserFactory(first_name="Lucie", last_name="Martin")
    paris_scope.add(childminder.pk)
    log_in(client, agent)
    response = start(client, childminder)
    assert response.status_code == 302
    page = client.get("/")
    assert page.wsgi_request.user == childminder
    assert page.wsgi_request.impersonator == agent
    assert "Vous agissez pour le compte de Lucie Martin" in page.content.decode()
    started = AuditEntry.objects.get(action="impersonation_started")
    assert (started.actor, started.acting_as) == (agent, childminder)

    # Whatever is done meanwhile is recorded with both identities.
    def view(request):
        audit("something_done", target=childminder)
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user, request.impersonator = childminder, agent
    AuditContextMiddleware(view)(request)
    done = AuditEntry.objects.get(action="something_done")
    assert (done.actor, done.acting_as) == (agent, childminder)

    # The back office is closed meanwhile; one click ends it.
    assert client.get(reverse("backoffice:home")).status_code == 403
    client.post(reverse("backoffice:impersonation_stop"))
    page = client.get(reverse("backoffice:home"))
    assert page.status_code == 200
    assert page.wsgi_request.user == agent
    assert "Vous agissez pour le compte" not in page.content.decode()
    stopped = AuditEntry.objects.get(action="impersonation_stopped")
    assert (stopped.actor, stopped.acting_as) == (agent, childminder)


def test_out_of_scope_targets_are_404(client, paris_scope, bouches_du_rhone):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    other_staff = staff_user(Role.CAF_AGENT, "CAF751")
    outsider = UserFactory()  # not in CAF751's scope
    technical = UserFactory(technical_staff=True)
    paris_scope.update({other_staff.pk, technical.pk})
    for target in (other_staff, outsider, technical, agent):
        assert start(client, target).status_code == 404
    assert "impersonated_user_id" not in client.session


def test_only_permitted_roles_may_impersonate(client):
    coordinator = staff_user(Role.RPE_COORDINATOR, "CAF751")
    log_in(client, coordinator)
    assert start(client, UserFactory()).status_code == 403


def test_national_admin_reaches_any_non_staff_account(client, paris):
    national = staff_user(Role.NATIONAL_ADMIN, None)
    target = UserFactory()
    assert perms.can_impersonate(national, target, paris)
    assert not perms.can_impersonate(national, staff_user(Role.CAF_AGENT, "CAF131"), paris)


def test_logout_while_impersonating_logs_out_the_staff_user(client):
    national = staff_user(Role.NATIONAL_ADMIN, None)
    target = UserFactory()
    log_in(client, national)
    start(client, target)
    client.post(reverse("backoffice:logout"))
    assert AuditEntry.objects.filter(action="logout", actor=national).exists()
    assert "_auth_user_id" not in client.session
