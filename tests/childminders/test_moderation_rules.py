"""Decision D1 and seed 000 AM-F1: who sees and who processes the requests; one moderator at a
time on a request; the queue's filters, order and age; the back-office home's promise."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from monenfant.backoffice_access.enums import Role
from monenfant.childminders.models import ModerationRequest
from tests.backoffice.helpers import log_in
from tests.factories import staff_user

from .helpers import CONTACT, register

pytestmark = pytest.mark.django_db

QUEUE = "/administration/moderation/"
PARIS = {**CONTACT, "address": "3 rue de Rivoli", "postal_code": "75004", "commune": "Paris"}


def logged(user):
    client = Client()
    log_in(client, user)
    return client


def registered(email, contact=CONTACT):
    client = Client()
    register(client, email, contact=contact)
    return ModerationRequest.objects.get(email=email)


@pytest.fixture
def two_cafs():
    """One request in Charente (CAF161), one in Paris (CAF751)."""
    return registered("angouleme@example.org"), registered("paris@example.org", PARIS)


def queue_ids(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return [r.pk for r in response.context["page_obj"]]


def test_the_national_pool_sees_every_caf_and_an_agent_only_theirs(two_cafs):
    charente, paris = two_cafs
    assert charente.caf.code == "CAF161" and paris.caf.code == "CAF751"
    national_moderator = logged(staff_user(Role.MODERATOR, None))
    assert sorted(queue_ids(national_moderator)) == sorted([charente.pk, paris.pk])
    agent = logged(staff_user(Role.CAF_AGENT, "CAF751"))
    assert queue_ids(agent) == [paris.pk]
    # Another CAF's request is a 404 for the agent.
    assert agent.get(f"{QUEUE}{charente.pk}/").status_code == 404


def test_an_agent_without_the_moderator_role_reads_but_cannot_validate(two_cafs):
    _charente, paris = two_cafs
    for role in (Role.CAF_AGENT, Role.CAF_ADMIN):
        client = logged(staff_user(role, "CAF751"))
        page = client.get(f"{QUEUE}{paris.pk}/").content.decode()
        assert "lecture seule" in page
        assert "Prendre en charge" not in page
        client.post(f"{QUEUE}{paris.pk}/action/take/")
        client.post(f"{QUEUE}{paris.pk}/action/validate/", {"confirm": "on"})
        paris.refresh_from_db()
        assert paris.status == "en_attente"
        assert paris.childminder.status == "en_attente"


def test_an_agent_also_moderator_processes_their_caf_only(two_cafs):
    charente, paris = two_cafs
    user = staff_user(Role.CAF_AGENT, "CAF751")
    user.caf_memberships.create(role=Role.MODERATOR, caf=paris.caf)
    client = logged(user)
    assert client.post(f"{QUEUE}{paris.pk}/action/take/").status_code == 302
    client.post(f"{QUEUE}{paris.pk}/action/validate/", {"confirm": "on"})
    paris.refresh_from_db()
    assert paris.status == "valide"
    assert client.post(f"{QUEUE}{charente.pk}/action/take/").status_code == 404
    charente.refresh_from_db()
    assert charente.status == "en_attente"


def test_two_moderators_on_the_same_request(two_cafs):
    charente, _paris = two_cafs
    first = logged(staff_user(Role.MODERATOR, None, first_name="Alice", last_name="Premier"))
    second = logged(staff_user(Role.MODERATOR, None, first_name="Bruno", last_name="Second"))
    first.get(f"{QUEUE}{charente.pk}/")
    second.get(f"{QUEUE}{charente.pk}/")
    first.post(f"{QUEUE}{charente.pk}/action/take/")
    # The second one, who opened the page before, clicks « Prendre en charge » then validates.
    response = second.post(f"{QUEUE}{charente.pk}/action/take/", follow=True)
    assert "Cette demande est déjà prise en charge par Alice Premier." in response.content.decode()
    second.post(f"{QUEUE}{charente.pk}/action/validate/", {"confirm": "on"})
    charente.refresh_from_db()
    assert (charente.status, charente.taken_by.first_name) == ("en_cours", "Alice")
    page = second.get(f"{QUEUE}{charente.pk}/").content.decode()
    assert "Cette demande est déjà prise en charge par Alice Premier." in page
    assert "Valider la demande" not in page


def test_queue_filters_and_order(two_cafs):
    charente, paris = two_cafs
    moderator = logged(staff_user(Role.MODERATOR, None))
    assert queue_ids(moderator, caf="CAF161") == [charente.pk]
    assert queue_ids(moderator, departement="75") == [paris.pk]
    assert queue_ids(moderator, kind="renouvellement") == []
    assert queue_ids(moderator, kind="inscription", tri="-envoi") == [paris.pk, charente.pk]
    assert queue_ids(moderator, tri="envoi") == [charente.pk, paris.pk]
    moderator.post(f"{QUEUE}{paris.pk}/action/take/")
    assert queue_ids(moderator, status="en_cours") == [paris.pk]
    assert queue_ids(moderator, status="en_attente") == [charente.pk]
    # Hostile parameters are ignored, never a 500.
    assert len(queue_ids(moderator, tri="'; DROP", caf="XXX", age="jamais", page="-1")) == 2


def test_age_filter_and_home_against_the_72_hours():
    now = timezone.localtime()
    with time_machine.travel(now - timedelta(hours=100), tick=False):
        old = registered("ancienne@example.org")
    with time_machine.travel(now - timedelta(hours=30), tick=False):
        middle = registered("moyenne@example.org")
    with time_machine.travel(now - timedelta(hours=2), tick=False):
        recent = registered("recente@example.org")
    moderator = logged(staff_user(Role.MODERATOR, None))
    assert queue_ids(moderator, age="plus_72h") == [old.pk]
    assert queue_ids(moderator, age="24_72h") == [middle.pk]
    assert queue_ids(moderator, age="moins_24h") == [recent.pk]
    home = moderator.get("/administration/").content.decode()
    # Ages 100, 30 and 2 hours: 3 waiting, median 30 h, oldest 100 h, one beyond 72 h.
    assert "3 demandes en attente de décision." in home
    assert "Ancienneté médiane\u00a0: 30 h, la plus ancienne\u00a0: 100 h" in home
    assert "1 demande dépasse 72 heures." in home
    # An agent of CAF751 has none of these Charente requests.
    agent_home = logged(staff_user(Role.CAF_AGENT, "CAF751")).get("/administration/")
    assert "Aucune demande en attente de décision." in agent_home.content.decode()


def test_the_queue_reads_a_constant_number_of_queries(django_assert_max_num_queries):
    """Session, user, roles, filters' choices, count and one page: no query per row."""
    registered("asm0@example.org")
    moderator = logged(staff_user(Role.MODERATOR, None))
    moderator.get(QUEUE)
    with django_assert_max_num_queries(11):
        moderator.get(QUEUE)
    for n in range(1, 6):
        registered(f"asm{n}@example.org")
    with django_assert_max_num_queries(11):
        response = moderator.get(QUEUE)
    assert len(response.context["page_obj"]) == 6
