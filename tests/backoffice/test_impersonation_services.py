"""« Accéder au compte » called as services, without a request: a refusal writes nothing (no
session key, no audit entry); a start or a stop writes exactly one entry with both
identities."""

import pytest

from monenfant.accounts.models import User
from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access import perms, selectors, services
from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.models import CafMembership
from monenfant.referential.models import Caf
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db

# Written here rather than imported: the test must fail if the middleware's key changes alone.
SESSION_KEY = "impersonated_user_id"


@pytest.fixture
def paris_scope(paris):
    """Stands for a later app declaring which accounts belong to a CAF (its childminders)."""
    members = set()

    def provider(caf):
        return User.objects.filter(pk__in=members) if caf == paris else User.objects.none()

    selectors.register_impersonation_scope(provider)
    yield members
    selectors._impersonation_scope_providers.remove(provider)


def entries():
    return list(AuditEntry.objects.values_list("action", "actor_id", "acting_as_id", "caf_code"))


def test_start_writes_the_session_key_and_one_entry_with_both_identities(paris, paris_scope):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    childminder = UserFactory()
    paris_scope.add(childminder.pk)
    session = {}
    services.impersonation_start(actor=agent, target=childminder, caf=paris, session=session)
    assert session == {SESSION_KEY: childminder.pk}
    assert entries() == [("impersonation_started", agent.pk, childminder.pk, "CAF751")]
    started = AuditEntry.objects.get()
    assert (started.target_type, started.target_id) == ("accounts.user", str(childminder.pk))


def test_a_caf_administrator_may_not_act_as_an_account_shared_with_another_caf(paris, paris_scope):
    """Whoever acts as an account holding a role in CAF131 would act in CAF131: the
    administrator of CAF751 alone may not, even when the account is also in CAF751's scope."""
    admin = staff_user(Role.CAF_ADMIN, "CAF751")
    shared = staff_user(Role.CAF_AGENT, "CAF751")
    CafMembership.objects.create(user=shared, caf=Caf.objects.get(code="CAF131"), role="caf_agent")
    paris_scope.add(shared.pk)
    session = {"unrelated": 1}
    with pytest.raises(services.AccessError) as refused:
        services.impersonation_start(actor=admin, target=shared, caf=paris, session=session)
    assert str(refused.value) == "Vous ne pouvez pas accéder à ce compte."
    assert session == {"unrelated": 1}
    assert entries() == []


@pytest.mark.parametrize(
    "case",
    ["out_of_scope", "staff_of_same_caf", "technical", "self", "inactive", "coordinator"],
)
def test_refusals_write_nothing(paris, paris_scope, case):
    actor = staff_user(Role.RPE_COORDINATOR if case == "coordinator" else Role.CAF_AGENT, "CAF751")
    target = {
        "out_of_scope": lambda: UserFactory(),
        "staff_of_same_caf": lambda: staff_user(Role.CAF_AGENT, "CAF751"),
        "technical": lambda: UserFactory(technical_staff=True),
        "self": lambda: actor,
        "inactive": lambda: UserFactory(is_active=False),
        "coordinator": lambda: UserFactory(),
    }[case]()
    if case != "out_of_scope":
        paris_scope.add(target.pk)
    session = {}
    with pytest.raises(services.AccessError):
        services.impersonation_start(actor=actor, target=target, caf=paris, session=session)
    assert session == {}
    assert entries() == []


def test_a_role_granted_meanwhile_is_seen(paris, paris_scope):
    """The caller's copy of the target may say « no back-office role » (memberships cached
    on the object when the page was built); the service reads them again."""
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    target = UserFactory()
    paris_scope.add(target.pk)
    assert perms.memberships_of(target) == []  # cached: no role
    CafMembership.objects.create(user=target, caf=paris, role="caf_agent")
    session = {}
    with pytest.raises(services.AccessError):
        services.impersonation_start(actor=agent, target=target, caf=paris, session=session)
    assert session == {}
    assert entries() == []


def test_stop_writes_one_entry_and_drops_the_key(paris, paris_scope):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    childminder = UserFactory()
    session = {SESSION_KEY: childminder.pk, "unrelated": 1}
    assert (
        services.impersonation_stop(actor=agent, target=childminder, session=session) == childminder
    )
    assert session == {"unrelated": 1}
    assert entries() == [("impersonation_stopped", agent.pk, childminder.pk, "")]


def test_stop_without_impersonation_writes_nothing(paris):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    session = {"unrelated": 1}
    assert services.impersonation_stop(actor=agent, target=agent, session=session) is None
    # A key left over while nobody acts for anyone (logged out meanwhile): dropped silently.
    session[SESSION_KEY] = agent.pk
    assert services.impersonation_stop(actor=None, target=agent, session=session) is None
    assert session == {"unrelated": 1}
    assert entries() == []
