"""Acceptance: an agent or administrator of CAF751 never reaches an object of CAF131, however
the ID is guessed (URL, filter, site switcher)."""

import pytest
from django.urls import reverse

from monenfant.backoffice_access import selectors
from monenfant.backoffice_access.enums import Role
from monenfant.referential.models import Caf
from tests.backoffice.helpers import log_in
from tests.backoffice.test_authorization_matrix import backoffice_patterns, concrete_url
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


def test_every_object_url_of_another_caf_is_a_404(client):
    admin_paris = staff_user(Role.CAF_ADMIN, "CAF751")
    # Holds both roles so that every permission-protected object URL lets the request through
    # to the scoped lookup.
    staff_user(Role.CAF_AGENT, "CAF751", email="x@example.org")
    other = staff_user(Role.CAF_AGENT, "CAF131")
    log_in(client, admin_paris)
    checked = []
    for route, pattern in backoffice_patterns():
        permission = pattern.callback.backoffice_permission
        # The national administrator's pages (a CAF's mailboxes) hold no CAF object.
        if "<int:pk>" not in route or permission in ("technical_staff", "manage_national_content"):
            continue
        url = concrete_url(route).replace("999999", str(other.pk))
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (404, 405), (url, response.status_code)
        assert client.post(url).status_code == 404, url
        checked.append(url)
    assert len(checked) >= 6
    other.refresh_from_db()
    assert other.is_active


def test_non_staff_users_are_never_editable(client):
    admin_paris = staff_user(Role.CAF_ADMIN, "CAF751")
    childminder = UserFactory()
    log_in(client, admin_paris)
    assert (
        client.get(reverse("backoffice:staff_user_edit", args=[childminder.pk])).status_code == 404
    )
    assert (
        client.post(reverse("backoffice:staff_user_deactivate", args=[childminder.pk])).status_code
        == 404
    )


def test_search_and_filters_never_list_another_caf(client):
    admin_paris = staff_user(Role.CAF_ADMIN, "CAF751")
    other = staff_user(Role.CAF_AGENT, "CAF131", last_name="Marseillais")
    log_in(client, admin_paris)
    for params in ({"q": other.email}, {"q": "Marseillais"}, {"active": "1"}, {"caf": "CAF131"}):
        response = client.get(reverse("backoffice:staff_users"), params)
        assert response.status_code == 200
        assert other not in response.context["page_obj"].object_list


def test_site_switcher_refuses_a_caf_the_user_has_no_role_in(client, bouches_du_rhone):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    response = client.post(reverse("backoffice:site_switch"), {"caf": bouches_du_rhone.pk})
    assert response.status_code == 404
    # A forged session value is ignored too.
    session = client.session
    session["backoffice_active_caf"] = bouches_du_rhone.pk
    session.save()
    response = client.get(reverse("backoffice:home"))
    assert response.wsgi_request.active_caf.code == "CAF751"


@pytest.mark.parametrize("value", ["", "abc", "CAF751", "1.5", "-1", "\x00", "9" * 30])
def test_site_switcher_answers_404_to_a_value_that_is_no_caf_id(client, value):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    response = client.post(reverse("backoffice:site_switch"), {"caf": value})
    assert response.status_code == 404
    response = client.post(reverse("backoffice:site_switch"))
    assert response.status_code == 404


def test_site_switch_in_one_click(client, paris, bouches_du_rhone):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    agent.caf_memberships.create(role=Role.CAF_AGENT, caf=bouches_du_rhone)
    log_in(client, agent)
    response = client.get(reverse("backoffice:home"))
    # The first CAF by code is active at login, and shown on every back-office page.
    assert response.wsgi_request.active_caf == bouches_du_rhone
    assert "CAF131 — " in response.content.decode()
    response = client.post(reverse("backoffice:site_switch"), {"caf": paris.pk}, follow=True)
    assert response.wsgi_request.active_caf == paris
    assert "CAF751 — " in response.content.decode()
    assert client.get(reverse("backoffice:staff_users")).status_code == 403


def test_staff_users_are_scoped_without_duplicates(paris, bouches_du_rhone):
    user = staff_user(Role.CAF_AGENT, "CAF751")
    user.caf_memberships.create(role=Role.CAF_ADMIN, caf=paris)
    staff_user(Role.CAF_AGENT, "CAF131")
    assert list(selectors.staff_users(paris)) == [user]
    assert list(selectors.staff_users(None)) == []


def other_cafs(count):
    return list(Caf.objects.exclude(code="CAF751").order_by("code")[:count])


def test_home_menu_query_count_does_not_grow_with_memberships(client, django_assert_num_queries):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    # Session, user, memberships with their CAF (read once, whatever their number), second
    # factor; the session saved (3 statements); the CAF's information-request deadline and
    # its overdue requests (2, issue 15); the moderation figures (1, issue 11).
    with django_assert_num_queries(10):
        client.get(reverse("backoffice:home"))
    for caf in other_cafs(10):
        agent.caf_memberships.create(role=Role.CAF_AGENT, caf=caf)
        agent.caf_memberships.create(role=Role.CAF_ADMIN, caf=caf)
    agent.caf_memberships.create(role=Role.MODERATOR, caf=None)
    with django_assert_num_queries(10):
        html = client.get(reverse("backoffice:home")).content.decode()
    assert "Demandes d&#x27;inscription des assistants maternels" in html


def test_boussole_query_count_does_not_grow_with_the_cafs_listed(client, django_assert_num_queries):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    # As the home page, plus one query for the CAFs with their département.
    with django_assert_num_queries(8):
        client.get(reverse("backoffice:site_switch"))
    for caf in other_cafs(20):
        agent.caf_memberships.create(role=Role.CAF_AGENT, caf=caf)
    with django_assert_num_queries(8):
        html = client.get(reverse("backoffice:site_switch")).content.decode()
    assert html.count('name="caf"') == 20


def test_boussole_of_a_national_admin_lists_every_caf_in_constant_queries(
    client, django_assert_num_queries
):
    log_in(client, staff_user(Role.NATIONAL_ADMIN, None))
    with django_assert_num_queries(9):
        html = client.get(reverse("backoffice:site_switch")).content.decode()
    assert html.count('name="caf"') == Caf.objects.count() - 1
