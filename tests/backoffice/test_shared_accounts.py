"""Issue 8, point 1: accounts shared between CAFs.

The administrator of CAF751 only may not take over an account that also holds a role in
CAF131 (set its password, e-mail or second factor, deactivate, delete, unlock or act as it):
he may only add or remove the roles of CAF751 on it, and never sees its roles elsewhere."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from monenfant.accounts.models import User
from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access import services
from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.models import CafMembership
from monenfant.referential.models import Caf
from tests.backoffice.helpers import log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db

ROLES_ONLY_NOTICE = "vous pouvez seulement ajouter ou retirer les rôles de votre Caf"
OTHER_CAF_REASON = "des rôles dans une autre Caf"
NATIONAL_REASON = "un rôle attribué par la Cnaf"
TECHNICAL_REASON = "appartient à l&#x27;équipe technique"


@pytest.fixture
def paris_admin(db):
    return staff_user(Role.CAF_ADMIN, "CAF751", first_name="Adèle", last_name="Administratrice")


@pytest.fixture
def shared(db, bouches_du_rhone):
    """Agent in CAF751 and administrator of CAF131, with an authenticator app."""
    user = staff_user(
        Role.CAF_AGENT, "CAF751", first_name="Sacha", last_name="Partagé", login="sacha.partage"
    )
    user.caf_memberships.create(role=Role.CAF_ADMIN, caf=bouches_du_rhone)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def memberships(user):
    return set(CafMembership.objects.filter(user=user).values_list("caf__code", "role"))


def unchanged(user, *, email, active=True):
    user.refresh_from_db()
    return (
        user.email == email
        and user.is_active == active
        and user.check_password(DEFAULT_PASSWORD)
        and not user.must_change_password
        and TOTPDevice.objects.filter(user=user).exists()
    )


def test_the_admin_of_one_caf_cannot_take_over_an_account_shared_with_another(
    client, paris_admin, shared
):
    log_in(client, paris_admin)
    email = shared.email
    before = memberships(shared)
    # The full edit form posted anyway: identity, e-mail and a new password are ignored.
    response = client.post(
        reverse("backoffice:staff_user_edit", args=[shared.pk]),
        {
            "login": "pirate.pirate",
            "email": "pirate@example.org",
            "first_name": "Pirate",
            "last_name": "Pirate",
            "job_title": "",
            "roles": ["caf_agent"],
            "password1": "Pirate-2026!x",
            "password2": "Pirate-2026!x",
        },
    )
    assert response.status_code == 302
    assert unchanged(shared, email=email)
    assert (shared.login, shared.last_name) == ("sacha.partage", "Partagé")
    assert memberships(shared) == before
    for name in (
        "staff_user_deactivate",
        "staff_user_unlock",
        "staff_user_reset_second_factor",
        "staff_user_delete",
    ):
        response = client.post(reverse(f"backoffice:{name}", args=[shared.pk]), follow=True)
        assert response.status_code == 200, name
        assert OTHER_CAF_REASON in response.content.decode(), name
        assert unchanged(shared, email=email), name
    # Even once deactivated by someone who may, it cannot be deleted or reactivated from CAF751.
    User.objects.filter(pk=shared.pk).update(is_active=False)
    for name in ("staff_user_reactivate", "staff_user_delete"):
        client.post(reverse(f"backoffice:{name}", args=[shared.pk]))
        assert unchanged(shared, email=email, active=False), name
    assert client.get(reverse("backoffice:staff_user_delete", args=[shared.pk])).status_code == 302
    # "Accéder au compte": out of reach, like an unknown account.
    User.objects.filter(pk=shared.pk).update(is_active=True)
    response = client.post(reverse("backoffice:impersonation_start", args=[shared.pk]))
    assert response.status_code == 404
    assert "impersonated_user_id" not in client.session
    assert not AuditEntry.objects.filter(
        action__in=[
            "staff_user_updated",
            "staff_user_deactivated",
            "staff_user_reactivated",
            "staff_user_deleted",
            "second_factor_reset",
            "account_unlocked",
            "impersonation_started",
        ]
    ).exists()


@pytest.mark.parametrize(
    "call",
    [
        lambda a, c, u: services.staff_user_update(
            actor=a, caf=c, user=u, data={"email": "pirate@example.org"}, roles=["caf_agent"]
        ),
        lambda a, c, u: services.staff_user_update(
            actor=a, caf=c, user=u, data={}, roles=["caf_agent"], password="Pirate-2026!x"
        ),
        lambda a, c, u: services.staff_user_set_active(actor=a, caf=c, user=u, active=False),
        lambda a, c, u: services.staff_user_reset_second_factor(actor=a, caf=c, user=u),
        lambda a, c, u: services.staff_user_unlock(actor=a, caf=c, user=u),
    ],
    ids=["email", "password", "deactivate", "second_factor", "unlock"],
)
def test_the_services_refuse_it_too(paris_admin, shared, paris, call):
    email = shared.email
    with pytest.raises(services.AccessError):
        call(paris_admin, paris, shared)
    assert unchanged(shared, email=email)


def test_the_services_refuse_to_delete_it(paris_admin, shared, paris):
    User.objects.filter(pk=shared.pk).update(is_active=False)
    shared.refresh_from_db()
    with pytest.raises(services.AccessError):
        services.staff_user_delete(actor=paris_admin, caf=paris, user=shared)
    assert User.objects.filter(pk=shared.pk).exists()


def test_he_sees_why_and_only_the_roles_of_his_caf(client, paris_admin, shared):
    log_in(client, paris_admin)
    response = client.get(reverse("backoffice:staff_user_edit", args=[shared.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ROLES_ONLY_NOTICE in html
    assert OTHER_CAF_REASON in html
    form = response.context["form"]
    assert list(form.fields) == ["roles"]
    assert form["roles"].initial == ["caf_agent"]
    for secret in ("CAF131", "Bouches-du-Rh", 'name="email"', 'name="password1"'):
        assert secret not in html, secret
    assert "Réinitialiser la double authentification" not in html

    listing = client.get(reverse("backoffice:staff_users")).content.decode()
    row = listing[listing.index("sacha.partage") :]
    row = row[: row.index("</tr>")]
    assert "Agent Caf" in row
    assert "Administrateur Caf" not in row  # his role in CAF131
    assert "CAF131" not in listing
    assert "Désactiver" not in row and "Débloquer" not in row
    assert "Rôles de votre Caf seulement" in row


def test_he_can_still_add_and_remove_the_roles_of_his_caf(client, paris_admin, shared):
    log_in(client, paris_admin)
    url = reverse("backoffice:staff_user_edit", args=[shared.pk])
    response = client.post(url, {"roles": ["caf_agent", "rpe_coordinator"]})
    assert response.status_code == 302
    assert memberships(shared) == {
        ("CAF751", "caf_agent"),
        ("CAF751", "rpe_coordinator"),
        ("CAF131", "caf_admin"),
    }
    entry = AuditEntry.objects.get(action="roles_changed")
    assert entry.actor == paris_admin
    assert entry.data == {"added": ["rpe_coordinator"], "removed": []}
    # Removing them all detaches the account from CAF751; CAF131 keeps its administrator.
    assert client.post(url, {}).status_code == 302
    assert memberships(shared) == {("CAF131", "caf_admin")}
    assert client.get(url).status_code == 404
    listing = client.get(reverse("backoffice:staff_users"))
    assert shared not in listing.context["page_obj"].object_list


def test_an_administrator_of_every_caf_of_the_account_manages_it_fully(
    client, paris_admin, shared, bouches_du_rhone
):
    paris_admin.caf_memberships.create(role=Role.CAF_ADMIN, caf=bouches_du_rhone)
    log_in(client, paris_admin)
    url = reverse("backoffice:staff_user_edit", args=[shared.pk])
    data = {
        "login": "sacha.partage",
        "email": "sacha.nouveau@caf.fr",
        "first_name": "Sacha",
        "last_name": "Partagé",
        "job_title": "",
        "roles": ["caf_agent"],
        "password1": "",
        "password2": "",
    }
    assert client.post(url, data).status_code == 302
    shared.refresh_from_db()
    assert shared.email == "sacha.nouveau@caf.fr"
    client.post(reverse("backoffice:staff_user_reset_second_factor", args=[shared.pk]))
    assert not TOTPDevice.objects.filter(user=shared).exists()
    client.post(reverse("backoffice:staff_user_deactivate", args=[shared.pk]))
    shared.refresh_from_db()
    assert not shared.is_active


def test_a_national_administrator_manages_it_fully(client, shared, paris):
    national = staff_user(Role.NATIONAL_ADMIN, None)
    log_in(client, national)
    client.post(reverse("backoffice:site_switch"), {"caf": paris.pk})
    client.post(reverse("backoffice:staff_user_deactivate", args=[shared.pk]))
    shared.refresh_from_db()
    assert not shared.is_active


@pytest.mark.parametrize(
    ("make_target", "reason"),
    [
        (lambda paris: staff_user(Role.NATIONAL_ADMIN, None), NATIONAL_REASON),
        (lambda paris: staff_user(Role.NATIONAL_ADMIN, "CAF751"), NATIONAL_REASON),
        (lambda paris: staff_user(Role.MODERATOR, "CAF751"), NATIONAL_REASON),
        (lambda paris: staff_user(Role.MODERATOR, None), NATIONAL_REASON),
        (lambda paris: UserFactory(technical_staff=True), TECHNICAL_REASON),
        (lambda paris: UserFactory(technical_staff=True, is_superuser=True), TECHNICAL_REASON),
    ],
    ids=[
        "national_admin",
        "national_admin_attached",
        "moderator_attached",
        "moderator",
        "technical",
        "superuser",
    ],
)
def test_national_and_technical_accounts_are_protected_the_same_way(
    client, paris_admin, paris, make_target, reason
):
    target = make_target(paris)
    CafMembership.objects.get_or_create(user=target, caf=paris, role=Role.CAF_AGENT)
    TOTPDevice.objects.create(user=target, name="app", confirmed=True)
    email = target.email
    log_in(client, paris_admin)
    page = client.get(reverse("backoffice:staff_user_edit", args=[target.pk])).content.decode()
    assert reason in page
    assert 'name="email"' not in page
    for name in ("staff_user_deactivate", "staff_user_reset_second_factor"):
        client.post(reverse(f"backoffice:{name}", args=[target.pk]))
    assert unchanged(target, email=email)
    # Roles of CAF751 only; a role appointed by the CNAF in CAF751 is kept.
    before_elsewhere = {m for m in memberships(target) if m != ("CAF751", "caf_agent")}
    client.post(
        reverse("backoffice:staff_user_edit", args=[target.pk]), {"roles": ["rpe_coordinator"]}
    )
    assert memberships(target) == before_elsewhere | {("CAF751", "rpe_coordinator")}


def test_even_a_national_administrator_leaves_technical_accounts_to_the_technical_team(
    client, paris
):
    technical = UserFactory(technical_staff=True)
    CafMembership.objects.create(user=technical, caf=paris, role=Role.CAF_AGENT)
    log_in(client, staff_user(Role.NATIONAL_ADMIN, None))
    client.post(reverse("backoffice:site_switch"), {"caf": paris.pk})
    assert client.get(reverse("backoffice:staff_user_edit", args=[technical.pk])).status_code == 200
    client.post(reverse("backoffice:staff_user_deactivate", args=[technical.pk]))
    technical.refresh_from_db()
    assert technical.is_active


def test_the_creation_form_does_not_say_where_an_address_or_login_is_used(
    client, paris_admin, shared
):
    log_in(client, paris_admin)
    other_caf = Caf.objects.get(code="CAF131")
    elsewhere_only = staff_user(Role.CAF_AGENT, "CAF131", login="camille.ailleurs")
    for taken in (shared, elsewhere_only):
        response = client.post(
            reverse("backoffice:staff_user_create"),
            {
                "login": taken.login or "nouveau.compte",
                "email": taken.email,
                "first_name": "Nouveau",
                "last_name": "Compte",
                "job_title": "",
                "roles": ["caf_agent"],
                "password1": "Monenfant2025!",
                "password2": "Monenfant2025!",
            },
        )
        assert response.status_code == 200
        html = response.content.decode()
        form = response.context["form"]
        assert "email" in form.errors
        for secret in (other_caf.code, str(other_caf), "Administrateur Caf (", "Bouches"):
            assert secret not in " ".join(str(e) for e in form.errors.values()), secret
        assert "CAF131" not in html and "Bouches-du-Rh" not in html
    assert memberships(elsewhere_only) == {("CAF131", "caf_agent")}


def test_a_role_held_in_another_caf_never_counts_in_the_active_one(client, shared, paris):
    """`shared` administers CAF131 but is only an agent in CAF751."""
    victim = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, shared)
    # Default active CAF: the first by code (CAF131), where he is an administrator.
    assert client.get(reverse("backoffice:staff_users")).status_code == 200
    client.post(reverse("backoffice:site_switch"), {"caf": paris.pk})
    assert client.get(reverse("backoffice:staff_users")).status_code == 403
    assert (
        client.post(reverse("backoffice:staff_user_deactivate", args=[victim.pk])).status_code
        == 403
    )
    victim.refresh_from_db()
    assert victim.is_active


def test_list_query_count_with_shared_accounts(client, paris_admin, django_assert_num_queries):
    log_in(client, paris_admin)
    other_cafs = list(Caf.objects.exclude(code="CAF751").order_by("code")[:3])

    def add_shared(count):
        for _ in range(count):
            user = staff_user(Role.CAF_AGENT, "CAF751")
            for caf in other_cafs:
                user.caf_memberships.create(role=Role.CAF_ADMIN, caf=caf)

    add_shared(2)
    # Session, user, memberships, second factor; count, page, memberships with their CAF; the
    # session saved (3 statements). The control over each row costs no query.
    with django_assert_num_queries(11):
        client.get(reverse("backoffice:staff_users"))
    add_shared(10)
    with django_assert_num_queries(11):
        html = client.get(reverse("backoffice:staff_users")).content.decode()
    assert html.count("Rôles de votre Caf seulement") == 12
    assert all(caf.code not in html for caf in other_cafs)


@pytest.mark.parametrize(
    "call",
    [
        lambda a, c, u: services.staff_user_update(
            actor=a, caf=c, user=u, data={"email": "pirate@example.org"}, roles=["caf_agent"]
        ),
        lambda a, c, u: services.staff_user_set_caf_roles(actor=a, caf=c, user=u, roles=[]),
        lambda a, c, u: services.staff_user_set_active(actor=a, caf=c, user=u, active=False),
        lambda a, c, u: services.staff_user_reset_second_factor(actor=a, caf=c, user=u),
        lambda a, c, u: services.staff_user_unlock(actor=a, caf=c, user=u),
    ],
    ids=["update", "roles", "deactivate", "second_factor", "unlock"],
)
def test_the_services_refuse_an_account_without_role_in_the_active_caf(
    paris_admin, paris, bouches_du_rhone, call
):
    """Even called directly (not through the scoped lookup of the views), with a CAF the
    actor administers."""
    elsewhere = staff_user(Role.CAF_AGENT, "CAF131")
    paris_admin.caf_memberships.create(role=Role.CAF_ADMIN, caf=bouches_du_rhone)
    email = elsewhere.email
    with pytest.raises(services.AccessError):
        call(paris_admin, paris, elsewhere)
    elsewhere.refresh_from_db()
    assert elsewhere.email == email and elsewhere.is_active
    assert memberships(elsewhere) == {("CAF131", "caf_agent")}
