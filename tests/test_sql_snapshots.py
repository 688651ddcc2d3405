"""SQL snapshots: the queries of every back-office list, public sheet and API endpoint.

Each page is requested once and the SQL it runs (WHERE clauses included) is compared with the
snapshot stored in tests/sql_snapshots/<engine>/test_sql_snapshots.ambr. A change of query is
then a diff to review: a scoping filter dropped (another CAF's users listed), a join gone
missing, an N+1 loop. Update after an intended change with

    .venv/bin/python -m pytest tests/test_sql_snapshots.py --snapshot-update
    DATABASE_URL=postgres://… .venv/bin/python -m pytest tests/test_sql_snapshots.py --snapshot-update

and read the diff before committing. The SQL is the statement Django sends, with its
placeholders filled by normalised values (ids, dates and tokens vary from run to run).
The two engines compile some lookups differently, so each keeps its own file.
"""

import datetime
import decimal
import json
import re
from pathlib import Path

import pytest
import sqlparse
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import URLPattern
from syrupy.extensions.amber import AmberSnapshotExtension

from monenfant.mailing.models import OutboxEmail
from monenfant.structures.services import availability_token_create
from monenfant.www.api.api import api
from tests.backoffice.helpers import log_in
from tests.clock import paris_noon
from tests.factories import (
    ChildminderFactory,
    HabilitationFactory,
    StructureFactory,
    UserFactory,
    commune,
    fill_structure_sheet,
    fill_week_of_availability,
    staff_user,
)
from tests.www.test_api_paje import PAJE
from tests.www.test_api_simulations import CMG, COMPARE, CRECHE

pytestmark = pytest.mark.django_db


class PerEngineSnapshot(AmberSnapshotExtension):
    # Outside syrupy's default __snapshots__ directory: a run on one engine would otherwise
    # take the other engine's file for unused snapshots and delete it on --snapshot-update.
    @classmethod
    def dirname(cls, *, test_location):
        return str(Path(test_location.filepath).parent / "sql_snapshots" / connection.vendor)


@pytest.fixture
def sql_snapshot(snapshot):
    return snapshot.use_extension(PerEngineSnapshot)


SAVEPOINT = re.compile(r'"s\d+_x\d+"')
PLACEHOLDER = re.compile(r"%s|%%")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TOKEN = re.compile(r"^[a-z0-9]{32}$")
SIGNED = re.compile(r"^[\w.:-]{40,}$")  # signed session data, hashes
# Ids written as text by the audit: its target ('app.model', '42') and its JSON data.
AUDIT_TARGET_ID = re.compile(r"('[a-z_]+\.[a-z_]+', )'\d+'")
JSON_ID = re.compile(r'("\w+_id": )\d+')


def _value(param) -> str:
    if isinstance(param, bool) or param is None:
        return str(param).upper()
    if isinstance(param, int):
        return "<int>"
    if isinstance(param, datetime.datetime) or (
        isinstance(param, str) and ISO_DATETIME.match(param)
    ):
        return "<datetime>"
    if isinstance(param, datetime.date) or (isinstance(param, str) and ISO_DATE.match(param)):
        return "<date>"
    if isinstance(param, str) and TOKEN.match(param):
        return "<token>"
    if isinstance(param, str) and SIGNED.match(param):
        return "<signed>"
    if isinstance(param, str):
        return repr(str(param))  # the value of a choice, not the enum's name
    if isinstance(param, float | decimal.Decimal):
        return repr(float(param))
    if isinstance(param, list | tuple):
        return "(" + ", ".join(_value(p) for p in param) + ")"
    return repr(param)


def normalise(sql: str, params) -> str:
    values = iter(params or ())
    filled = PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else _value(next(values)), sql)
    filled = SAVEPOINT.sub('"<savepoint>"', filled)
    filled = AUDIT_TARGET_ID.sub(r"\1'<id>'", filled)
    filled = JSON_ID.sub(r"\1<int>", filled)
    return sqlparse.format(filled, reindent=True, keyword_case="upper")


class Recorder:
    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(normalise(sql, params))
        return execute(sql, params, many, context)

    def __str__(self):
        return "\n\n".join(f"-- {n}\n{sql}" for n, sql in enumerate(self.statements, 1))


def recorded(send) -> str:
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        response = send()
    assert response.status_code == 200, response
    return str(recorder)


@pytest.fixture
def caf_admin(client):
    admin = staff_user("caf_admin", email="admin@caf75.fr", first_name="Anne", last_name="Admin")
    staff_user("caf_agent", email="agent@caf75.fr", first_name="Bruno", last_name="Agent")
    staff_user("caf_agent", "CAF131", email="agent@caf13.fr", first_name="Chloé", last_name="Sud")
    return log_in(client, admin)


@pytest.fixture
def technical_staff(client):
    for n in range(2):
        OutboxEmail.objects.create(
            template="t",
            from_email="noreply@monenfant.fr",
            to=[f"parent{n}@example.org"],
            subject=f"Courriel {n}",
            body_text="texte",
            body_html="<p>texte</p>",
        )
    user = UserFactory(technical_staff=True, email="tech@monenfant.fr")
    return log_in(client, user)


@pytest.fixture
def childminder():
    childminder = ChildminderFactory(display_name="Aline Martin", shows_address=True)
    fill_week_of_availability(childminder)
    return childminder


@pytest.fixture
def structure():
    structure = StructureFactory(name="Crèche des Remparts")
    fill_structure_sheet(structure)
    return structure


# Back office: every list, and the pages that read one scoped object.
@pytest.mark.parametrize("url", ["/administration/", "/administration/utilisateurs/"])
def test_caf_admin_pages(caf_admin, url, sql_snapshot):
    assert recorded(lambda: caf_admin.get(url)) == sql_snapshot


def test_staff_user_sheet(caf_admin, sql_snapshot):
    from monenfant.accounts.models import User

    agent = User.objects.get(email="agent@caf75.fr")
    url = f"/administration/utilisateurs/{agent.pk}/"
    assert recorded(lambda: caf_admin.get(url)) == sql_snapshot


def test_childminder_management_pages(caf_admin, sql_snapshot):
    """« Gestion des assistants maternels »: the list (every state filter reads the CAF) and
    the edit sheet; a childminder of CAF131 is in the database and must stay out."""
    from monenfant.accounts.models import User

    here = ChildminderFactory(
        display_name="Aline Martin",
        commune=commune("75056"),
        user=UserFactory(email="aline@example.org", kind="childminder"),
    )
    ChildminderFactory(display_name="Bérénice Sud", commune=commune("13055"))
    assert User.objects.filter(childminder=here).exists()
    list_url = "/administration/assistants-maternels/"
    assert recorded(lambda: caf_admin.get(list_url)) == sql_snapshot
    edit_url = f"/administration/assistants-maternels/{here.pk}/modifier/"
    assert recorded(lambda: caf_admin.get(edit_url)) == sql_snapshot
    # « Relance »: the candidates of the CAF only.
    assert recorded(lambda: caf_admin.get("/administration/relances/")) == sql_snapshot


def test_structure_pages(caf_admin, sql_snapshot):
    """« Gestion des structures »: the filtered list and the form of a CAF751 structure; a
    CAF131 one exists so that a missing CAF filter shows."""
    paris = StructureFactory(name="Crèche Étoile", commune=commune("75056"), kind="alsh")
    StructureFactory(name="Crèche Étoile du Sud", commune=commune("13055"))
    list_url = "/administration/structures/"
    assert recorded(lambda: caf_admin.get(list_url, {"nom": "etoile"})) == sql_snapshot
    for action in ("modifier", "dupliquer", "supprimer"):
        url = f"/administration/structures/{paris.pk}/{action}/"
        assert recorded(lambda url=url: caf_admin.get(url)) == sql_snapshot


def test_habilitation_pages(caf_admin, sql_snapshot):
    from django.contrib.contenttypes.models import ContentType

    from tests.factories import HabilitationRequestFactory, ManagerFactory, commune

    crèche = StructureFactory(name="Crèche des Tilleuls", commune=commune("75056"))
    request = HabilitationRequestFactory(
        name="Association Les Tilleuls",
        contact_email="tilleuls@example.org",
        structures=[crèche],
        persons=[("Léa", "Durand", "lea@example.org", "Directrice")],
    )
    manager = ManagerFactory(
        name="Association Les Tilleuls", contact_email="tilleuls@example.org", structures=[crèche]
    )
    for url in (
        "/administration/demandes-habilitation/?q=tilleuls",
        f"/administration/demandes-habilitation/{request.pk}/",
        "/administration/gestionnaires/?q=tilleuls&kinds=eaje&status=habilitated",
        f"/administration/gestionnaires/{manager.pk}/",
    ):
        # The history reads the content type, cached once read: start every page cold, so
        # that the snapshot does not depend on the tests run before.
        ContentType.objects.clear_cache()
        assert recorded(lambda url=url: caf_admin.get(url)) == sql_snapshot


def test_outbox_pages(technical_staff, sql_snapshot):
    assert recorded(lambda: technical_staff.get("/administration/courriels/")) == sql_snapshot
    email = OutboxEmail.objects.earliest("pk")
    url = f"/administration/courriels/{email.pk}/"
    assert recorded(lambda: technical_staff.get(url)) == sql_snapshot


@pytest.fixture
def moderation_agent(client):
    """An agent of CAF751 reading the moderation queue: one request of his CAF, one of
    CAF131 that must never be read."""
    from django.utils import timezone

    from monenfant.childminders.models import ModerationRequest

    for insee_code, email in (("75056", "paris@example.org"), ("13055", "marseille@example.org")):
        childminder = ChildminderFactory(
            display_name=email, commune=commune(insee_code), pending=True
        )
        ModerationRequest.objects.create(
            kind="inscription",
            status="en_attente",
            email=email,
            childminder=childminder,
            caf=childminder.caf,
            submitted_at=timezone.now(),
            data={"identity": {"first_names": "Aline", "birth_name": "Martin"}},
        )
    return log_in(client, staff_user("caf_agent", email="agent@caf75.fr"))


def test_moderation_pages(moderation_agent, sql_snapshot):
    from monenfant.childminders.models import ModerationRequest

    assert recorded(lambda: moderation_agent.get("/administration/moderation/")) == sql_snapshot
    mine = ModerationRequest.objects.get(email="paris@example.org")
    url = f"/administration/moderation/{mine.pk}/"
    # The documents and the history read the content type: from the database whatever test
    # ran before and filled Django's per-process cache.
    ContentType.objects.clear_cache()
    assert recorded(lambda: moderation_agent.get(url)) == sql_snapshot


def test_structure_availability_editor(caf_admin, sql_snapshot):
    structure = StructureFactory(name="Crèche du Marais", commune=commune("75056"))
    fill_structure_sheet(structure)
    url = f"/administration/structures/{structure.pk}/disponibilites/"
    assert recorded(lambda: caf_admin.get(url)) == sql_snapshot


# The manager space, and the CAF's page validating a manager's changes (issue 14).
def test_manager_changes_pages(client, structure, sql_snapshot):
    from monenfant.structures.services import structure_revision_submit

    person = UserFactory(email="directrice@remparts.example.org")
    HabilitationFactory(person=person, structure=structure)
    structure_revision_submit(
        structure=structure, values={"name": "Crèche Les Remparts"}, actor=person
    )
    manager = log_in(client, person)
    for url in (
        f"/espace-gestionnaire/structures/{structure.pk}/",
        f"/espace-gestionnaire/structures/{structure.pk}/modifier/",
    ):
        assert recorded(lambda url=url: manager.get(url)) == sql_snapshot
    staff = log_in(type(client)(), staff_user("caf_agent", "CAF161", email="agent@caf16.fr"))
    url = f"/administration/structures/{structure.pk}/validation/"
    assert recorded(lambda: staff.get(url)) == sql_snapshot


# Public sheets and search page.
def test_public_pages(client, childminder, structure, sql_snapshot):
    assert recorded(lambda: client.get(f"/assistant-maternel/{childminder.pk}/")) == sql_snapshot
    assert recorded(lambda: client.get(f"/structure/{structure.pk}/")) == sql_snapshot
    assert recorded(lambda: client.get("/recherche/", {"commune": "16015"})) == sql_snapshot


# API: one request per endpoint; the list below must name every route of the API.
def api_requests(client, childminder, structure):
    def post(path, body):
        return lambda: client.post(path, json.dumps(body), content_type="application/json")

    angouleme = commune("16015")
    # The data exchange writes to a structure of its own, far from the searches above, on a
    # fixed date whose window J..J+30 holds no public holiday (the statements would change
    # with the number of holidays the window crosses).
    exchange = StructureFactory(name="Crèche de l'Échange", commune=commune("75056"))
    token = availability_token_create(structure=exchange, created_by=None)
    half_days = {
        "half_days": [
            {"date": "2027-02-04", "half_day": "matin", "status": "disponible", "places": 2},
            {"date": "2027-02-04", "half_day": "apres_midi", "status": "non_disponible"},
        ]
    }

    def put_availability():
        with time_machine.travel(paris_noon(2027, 2, 3), tick=False):
            return client.put(
                f"/api/v1/structures/{exchange.pk}/availability",
                json.dumps(half_days),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )

    return {
        "communes": lambda: client.get("/api/v1/communes", {"q": "angoul"}),
        "search": lambda: client.get("/api/v1/search", {"commune": "16015", "radius_km": "10"}),
        "search by coordinates": lambda: client.get(
            "/api/v1/search", {"lat": str(angouleme.latitude), "lon": str(angouleme.longitude)}
        ),
        "childminders/{childminder_id}": lambda: client.get(
            f"/api/v1/childminders/{childminder.pk}"
        ),
        "search/map": lambda: client.get(
            "/api/v1/search/map", {"commune": "16015", "radius_km": "10"}
        ),
        "structures/{structure_id}": lambda: client.get(f"/api/v1/structures/{structure.pk}"),
        "structures/types": lambda: client.get("/api/v1/structures/types"),
        "structures": lambda: client.get("/api/v1/structures", {"departement": "16"}),
        "structures/{structure_id}/availability": put_availability,
        "simulations/paje": post("/api/v1/simulations/paje", PAJE),
        "simulations/creche": post("/api/v1/simulations/creche", CRECHE),
        "simulations/cmg": post("/api/v1/simulations/cmg", CMG),
        "simulations/compare": post("/api/v1/simulations/compare", COMPARE),
        "openapi.json": lambda: client.get("/api/v1/openapi.json"),
        "docs": lambda: client.get("/api/v1/docs"),
    }


def test_every_api_route_has_a_snapshot(client, childminder, structure):
    routes = {str(p.pattern).rstrip("/") for p in api.urls[0] if isinstance(p, URLPattern)}
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) for route in routes}
    routes.discard("")  # django-ninja's API root, no view of ours
    assert routes <= set(api_requests(client, childminder, structure)), routes


@pytest.mark.parametrize(
    "name",
    [
        "communes",
        "search",
        "search by coordinates",
        "childminders/{childminder_id}",
        "search/map",
        "structures/{structure_id}",
        "structures/types",
        "structures",
        "structures/{structure_id}/availability",
        "simulations/paje",
        "simulations/creche",
        "simulations/cmg",
        "simulations/compare",
        "openapi.json",
        "docs",
    ],
)
def test_api_endpoints(client, childminder, structure, name, sql_snapshot):
    assert recorded(api_requests(client, childminder, structure)[name]) == sql_snapshot


# Information requests (issue 15): the CAF follow-up (list and PDF) and the LINF desk.
@pytest.fixture
def information_requests():
    from tests.information_requests.helpers import information_point, stored_request

    point, (person,) = information_point(name="Relais des Remparts", serves=("16015",))
    requests = [stored_request(point) for _ in range(3)]
    return point, person, requests


def test_information_request_pages(client, information_requests, sql_snapshot):
    _point, _person, requests = information_requests
    agent = log_in(client, staff_user("caf_agent", "CAF161", email="agent@caf16.fr"))
    url = "/administration/demandes-information/"
    assert recorded(lambda: agent.get(url, {"state": "toutes"})) == sql_snapshot
    assert recorded(lambda: agent.get(f"{url}{requests[0].pk}/pdf/")) == sql_snapshot


def test_information_desk_pages(client, information_requests, sql_snapshot):
    point, person, _requests = information_requests
    desk = log_in(client, person)
    url = f"/espace-gestionnaire/demandes-information/{point.pk}/"
    assert recorded(lambda: desk.get(url)) == sql_snapshot
