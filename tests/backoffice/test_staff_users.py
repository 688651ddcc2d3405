import pytest
from django.urls import reverse

from monenfant.accounts.models import User
from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.models import CafMembership
from monenfant.referential.models import Caf
from tests.backoffice.helpers import log_in
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

VALID = {
    "login": "jeanne.dupont",
    "email": "Jeanne.Dupont@caf.fr",
    "first_name": "Jeanne",
    "last_name": "Dupont",
    "job_title": "AGENT CAF",
    "roles": ["caf_agent"],
    "password1": "Monenfant2025!",
    "password2": "Monenfant2025!",
}


@pytest.fixture
def admin_client(client):
    # Fixed names: random ones could collide with the names the tests search for.
    admin = staff_user(Role.CAF_ADMIN, "CAF751", first_name="Adèle", last_name="Administratrice")
    log_in(client, admin)
    client.admin = admin
    return client


def test_create_a_caf_user_with_a_temporary_password(admin_client, paris):
    response = admin_client.post(reverse("backoffice:staff_user_create"), VALID)
    assert response.status_code == 302
    user = User.objects.get(email="jeanne.dupont@caf.fr")
    assert user.must_change_password
    assert user.check_password("Monenfant2025!")
    assert user.login == "jeanne.dupont"
    assert list(user.caf_memberships.values_list("caf__code", "role")) == [("CAF751", "caf_agent")]
    entry = AuditEntry.objects.get(action="staff_user_created")
    assert entry.actor == admin_client.admin
    assert entry.caf_code == "CAF751"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"login": "jéanne.dupont"}, "login", "sans accent"),
        ({"login": "jeanne"}, "login", "prénom.nom"),
        ({"password1": "monenfant", "password2": "monenfant"}, "password1", "trop court"),
        ({"password2": "Autre-2025!"}, "password2", "pas identiques"),
        ({"roles": []}, "roles", "au moins un rôle"),
        ({"roles": ["national_admin"]}, "roles", "choix valide"),
    ],
)
def test_creation_errors_are_french_on_the_field_and_keep_what_was_typed(
    admin_client, changes, field, message
):
    response = admin_client.post(reverse("backoffice:staff_user_create"), {**VALID, **changes})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'value="Dupont"' in html
    assert 'value="AGENT CAF"' in html
    assert not User.objects.filter(email="jeanne.dupont@caf.fr").exists()


def test_edit_roles_and_identity(admin_client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    url = reverse("backoffice:staff_user_edit", args=[agent.pk])
    # Session, admin, memberships, second factor; the edited user, its memberships (read once
    # for the permission check and the current roles), its second factor; session saved (3).
    assert admin_client.get(url).status_code == 200
    data = {
        **VALID,
        "email": agent.email,
        "login": "alex.martin",
        "roles": ["caf_agent", "caf_admin"],
        "password1": "",
        "password2": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.login == "alex.martin"
    assert set(agent.caf_memberships.values_list("role", flat=True)) == {"caf_agent", "caf_admin"}
    change = AuditEntry.objects.get(action="roles_changed")
    assert change.data == {"added": ["caf_admin"], "removed": []}


def test_edit_keeps_roles_in_other_cafs(admin_client, bouches_du_rhone):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    agent.caf_memberships.create(role=Role.CAF_ADMIN, caf=bouches_du_rhone)
    url = reverse("backoffice:staff_user_edit", args=[agent.pk])
    # A shared account: only the roles of CAF751 are offered (tests/backoffice/
    # test_shared_accounts.py covers the rest).
    assert admin_client.post(url, {"roles": ["rpe_coordinator"]}).status_code == 302
    assert set(agent.caf_memberships.values_list("caf__code", "role")) == {
        ("CAF751", "rpe_coordinator"),
        ("CAF131", "caf_admin"),
    }


def test_caf_admin_cannot_touch_a_national_admin(admin_client, paris):
    national = staff_user(Role.NATIONAL_ADMIN, None)
    CafMembership.objects.create(user=national, role=Role.MODERATOR, caf=paris)
    response = admin_client.post(reverse("backoffice:staff_user_deactivate", args=[national.pk]))
    assert response.status_code == 302
    national.refresh_from_db()
    assert national.is_active


def test_deactivate_reactivate_delete(admin_client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    delete_url = reverse("backoffice:staff_user_delete", args=[agent.pk])
    admin_client.post(delete_url)
    assert User.objects.filter(pk=agent.pk).exists()  # still active: not deleted
    admin_client.post(reverse("backoffice:staff_user_deactivate", args=[agent.pk]))
    agent.refresh_from_db()
    assert not agent.is_active
    response = admin_client.get(reverse("backoffice:staff_users"), {"active": "0"})
    assert list(response.context["page_obj"]) == [agent]
    admin_client.post(reverse("backoffice:staff_user_reactivate", args=[agent.pk]))
    agent.refresh_from_db()
    assert agent.is_active
    admin_client.post(reverse("backoffice:staff_user_deactivate", args=[agent.pk]))
    assert admin_client.get(delete_url).status_code == 200
    admin_client.post(delete_url)
    assert not User.objects.filter(pk=agent.pk).exists()
    actions = list(
        AuditEntry.objects.filter(target_id=str(agent.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "staff_user_deactivated",
        "staff_user_reactivated",
        "staff_user_deactivated",
        "staff_user_deleted",
    ]


def test_admin_cannot_deactivate_itself(admin_client):
    admin = admin_client.admin
    admin_client.post(reverse("backoffice:staff_user_deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active


def test_search_by_name_email_and_login(admin_client):
    jeanne = staff_user(Role.CAF_AGENT, "CAF751", first_name="Jeanne", last_name="Lemoine")
    jeanne.login = "jeanne.lemoine"
    jeanne.save()
    staff_user(Role.CAF_AGENT, "CAF751", first_name="Paul", last_name="Durand")
    for query in ("lemoine", "Jeanne", jeanne.email, "jeanne.lem"):
        response = admin_client.get(reverse("backoffice:staff_users"), {"q": query})
        assert list(response.context["page_obj"]) == [jeanne], query


def test_list_query_count_does_not_grow_with_users(admin_client, django_assert_num_queries):
    for _ in range(5):
        staff_user(Role.CAF_AGENT, "CAF751")
    # Session, user, memberships, second factor; count, page, memberships with their CAF; the
    # session saved (3 statements).
    with django_assert_num_queries(11):
        admin_client.get(reverse("backoffice:staff_users"))
    other_cafs = list(Caf.objects.exclude(code="CAF751").order_by("code")[:3])
    for _ in range(10):
        user = staff_user(Role.CAF_AGENT, "CAF751")
        user.caf_memberships.create(role=Role.RPE_COORDINATOR, caf=other_cafs[0])
        for caf in other_cafs:
            user.caf_memberships.create(role=Role.CAF_AGENT, caf=caf)
    with django_assert_num_queries(11):
        html = admin_client.get(reverse("backoffice:staff_users")).content.decode()
    # Only the roles held in the active CAF are listed.
    assert "Coordinateur RPE" not in html
    assert all(caf.code not in html for caf in other_cafs)
    assert html.count("Agent Caf") == 15


def test_national_admin_manages_any_caf_through_the_boussole(client, bouches_du_rhone):
    national = staff_user(Role.NATIONAL_ADMIN, None)
    agent = staff_user(Role.CAF_AGENT, "CAF131")
    log_in(client, national)
    client.post(reverse("backoffice:site_switch"), {"caf": bouches_du_rhone.pk})
    response = client.get(reverse("backoffice:staff_users"))
    assert list(response.context["page_obj"]) == [agent]
    response = client.post(
        reverse("backoffice:staff_user_create"), {**VALID, "roles": ["moderator"]}
    )
    assert response.status_code == 302
    assert User.objects.get(login="jeanne.dupont").caf_memberships.get().caf == bouches_du_rhone


def test_edit_page_query_count_does_not_grow_with_the_roles_of_the_user(
    admin_client, django_assert_num_queries
):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    url = reverse("backoffice:staff_user_edit", args=[agent.pk])
    # Session, admin, memberships, second factor; the edited user, its memberships (read once
    # for the permission check and the current roles), its second factor; session saved (3).
    with django_assert_num_queries(10):
        admin_client.get(url)
    agent.caf_memberships.create(role=Role.RPE_COORDINATOR, caf=agent.caf_memberships.get().caf)
    for caf in Caf.objects.exclude(code="CAF751").order_by("code")[:10]:
        agent.caf_memberships.create(role=Role.CAF_AGENT, caf=caf)
    # Now shared with other CAFs: the roles-only page, without the second factor section.
    with django_assert_num_queries(9):
        response = admin_client.get(url)
    assert response.context["form"]["roles"].initial == ["caf_agent", "rpe_coordinator"]
