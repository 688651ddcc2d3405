"""Acceptance (issue 14, point 6; issue 13, point 9): availability by data exchange
(PUT /api/v1/structures/{id}/availability with a structure's token) and the open data list
(GET /api/v1/structures).

The clock stands on Wednesday 3 February 2027: the window J..J+30 runs to 5 March 2027."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monenfant.audit.models import AuditEntry
from monenfant.structures.models import AvailabilityToken, HalfDayAvailability
from tests.backoffice.helpers import log_in
from tests.clock import paris_noon
from tests.factories import (
    ChildminderFactory,
    HabilitationFactory,
    HalfDayAvailabilityFactory,
    OpeningPeriodFactory,
    StructureFactory,
    UserFactory,
    commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(paris_noon(2027, 2, 3), tick=False)


@pytest.fixture
def structure():
    return StructureFactory(commune=commune("16015"), name="Crèche des Remparts", capacity=12)


@pytest.fixture
def person(client, structure):
    person = UserFactory(habilitated_person=True)
    HabilitationFactory(person=person, structure=structure)
    log_in(client, person)
    return person


def new_token(client, structure) -> str:
    url = reverse("structure_availability:data_exchange", args=[structure.pk])
    response = client.post(url, {"action": "create"})
    assert response.status_code == 200
    page = response.content.decode()
    return page.split("<code data-token>")[1].split("</code>")[0]


def put(client, structure_id, body, token):
    return client.put(
        f"/api/v1/structures/{structure_id}/availability",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


BODY = {
    "half_days": [
        {"date": "2027-02-04", "half_day": "matin", "status": "disponible", "places": 3},
        {"date": "2027-02-04", "half_day": "apres_midi", "status": "non_disponible"},
        {"date": "2027-03-05", "half_day": "apres_midi", "status": "disponible", "places": 12},
    ]
}


def table(structure):
    return {
        (a.date.isoformat(), a.half_day): (a.status, a.places)
        for a in HalfDayAvailability.objects.filter(structure=structure)
    }


def test_a_token_is_shown_once_and_stored_hashed(client, person, structure):
    token = new_token(client, structure)

    assert token.startswith("mef_") and len(token) > 40
    stored = AvailabilityToken.objects.get(structure=structure)
    assert token not in (stored.token_hash, stored.prefix)
    page = client.get(reverse("structure_availability:data_exchange", args=[structure.pk]))
    assert token not in page.content.decode()
    assert stored.prefix in page.content.decode()


def test_the_table_is_published_and_two_identical_calls_leave_the_same_state(
    client, person, structure
):
    token = new_token(client, structure)
    response = put(client, structure.pk, BODY, token)

    assert response.status_code == 200, response.json()
    assert response.json() == {
        "structure_id": structure.pk,
        "availability_confirmed_on": "2027-02-03",
        "window_start": "2027-02-03",
        "window_end": "2027-03-05",
        "available_half_days": 2,
    }
    first = table(structure)
    # J..J+30: 31 days, two half-days each; those not sent are « Non travaillé ».
    assert len(first) == 62
    assert first[("2027-02-04", "matin")] == ("disponible", 3)
    assert first[("2027-02-04", "apres_midi")] == ("non_disponible", 0)
    assert first[("2027-03-05", "apres_midi")] == ("disponible", 12)
    assert first[("2027-02-05", "matin")] == ("non_travaille", 0)

    assert put(client, structure.pk, BODY, token).status_code == 200
    assert table(structure) == first
    assert AuditEntry.objects.filter(action="structure_availability_set").count() == 2
    # The search follows.
    results = client.get(
        "/api/v1/search", {"commune": "16015", "kinds": "eaje", "available_from": "2027-02-03"}
    ).json()["results"]
    assert [(r["id"], r["available_on"]) for r in results] == [(structure.pk, "2027-02-04")]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"date": "2027-02-02", "half_day": "matin", "status": "non_disponible"}, "half_days.0.date"),
        ({"date": "2027-03-06", "half_day": "matin", "status": "non_disponible"}, "half_days.0.date"),
        ({"date": "2027-02-04", "half_day": "matin", "status": "disponible", "places": -1}, "half_days.0.places"),
        ({"date": "2027-02-04", "half_day": "matin", "status": "disponible", "places": 13}, "half_days.0.places"),
        ({"date": "2027-02-04", "half_day": "matin", "status": "disponible", "places": 0}, "half_days.0.places"),
        ({"date": "2027-02-04", "half_day": "matin", "status": "ouvert"}, "half_days.0.status"),
        ({"date": "2027-02-04", "half_day": "soir", "status": "non_disponible"}, "half_days.0.half_day"),
    ],
)  # fmt: skip
def test_bad_half_days_are_refused_naming_the_field(client, person, structure, item, field):
    token = new_token(client, structure)
    response = put(client, structure.pk, {"half_days": [item]}, token)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert table(structure) == {}
    assert AuditEntry.objects.filter(action="availability_api_refused").count() == 1


def test_a_half_day_sent_twice_is_refused(client, person, structure):
    token = new_token(client, structure)
    item = {"date": "2027-02-04", "half_day": "matin", "status": "non_disponible"}
    response = put(client, structure.pk, {"half_days": [item, item]}, token)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "half_days.1.half_day"]


def test_bad_revoked_or_missing_tokens_are_refused(client, person, structure):
    token = new_token(client, structure)
    for bad in ("mef_nope", token + "x", ""):
        response = put(client, structure.pk, BODY, bad)
        assert response.status_code == 401
        assert response.json()["detail"][0]["loc"] == ["header", "Authorization"]
    response = client.put(
        f"/api/v1/structures/{structure.pk}/availability",
        json.dumps(BODY),
        content_type="application/json",
    )
    assert response.status_code == 401
    # Revoked in the manager space: refused from then on.
    url = reverse("structure_availability:data_exchange", args=[structure.pk])
    assert client.post(url, {"action": "revoke"}).status_code == 302
    assert put(client, structure.pk, BODY, token).status_code == 401
    # A new token replaces the old one.
    newer = new_token(client, structure)
    assert put(client, structure.pk, BODY, newer).status_code == 200
    assert table(structure)
    assert AuditEntry.objects.filter(action="availability_api_refused").count() == 5


def test_another_structures_id_is_refused(client, person, structure):
    token = new_token(client, structure)
    other = StructureFactory(commune=commune("16015"))
    response = put(client, other.pk, BODY, token)

    assert response.status_code == 403
    assert response.json()["detail"][0]["loc"] == ["path", "structure_id"]
    assert table(other) == {} and table(structure) == {}


def test_sends_are_rate_limited_per_structure(client, person, structure):
    token = new_token(client, structure)
    answers = [put(client, structure.pk, BODY, token).status_code for _ in range(11)]
    assert answers == [200] * 10 + [429]


def test_the_token_page_is_for_habilitated_persons_only(client, structure):
    log_in(client, UserFactory(habilitated_person=True))
    url = reverse("structure_availability:data_exchange", args=[structure.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "create"}).status_code == 404
    assert not AvailabilityToken.objects.exists()


def test_the_public_sheet_flags_availability_older_than_7_days(
    client, person, structure, time_machine
):
    token = new_token(client, structure)
    assert put(client, structure.pk, BODY, token).status_code == 200
    time_machine.move_to(paris_noon(2027, 2, 10), tick=False)  # 7 days later
    page = client.get(f"/structure/{structure.pk}/").content.decode()
    assert "Mises à jour le 3\u00a0février 2027." in page
    assert "À confirmer" not in page
    time_machine.move_to(paris_noon(2027, 2, 11), tick=False)  # 8 days later
    page = client.get(f"/structure/{structure.pk}/").content.decode()
    assert "À confirmer" in page


# --- Open data -----------------------------------------------------------------------------

PUBLIC_KEYS = {
    "id", "kind", "kind_label", "eaje_type", "psu", "name", "address", "postal_code", "commune",
    "departement", "lat", "lon", "phone", "email", "age_min_months", "age_max_months",
    "capacity", "opening_hours", "time_zone", "communes_served", "online_desk", "updated_at",
    "url",
}  # fmt: skip


def test_open_data_lists_validated_structures_only_with_public_fields(client):
    crèche = StructureFactory(commune=commune("16015"), name="A")
    StructureFactory(commune=commune("16015"), status="brouillon")
    StructureFactory(commune=commune("16015"), status="en_attente")
    ChildminderFactory(commune=commune("16015"))

    page = client.get("/api/v1/structures").json()

    assert page["count"] == 1
    assert [r["id"] for r in page["results"]] == [crèche.pk]
    assert set(page["results"][0]) == PUBLIC_KEYS
    assert page["results"][0]["departement"] == "16"


def test_open_data_filters_and_pages(client, time_machine):
    angouleme = [StructureFactory(commune=commune("16015")) for _ in range(3)]
    paris_mam = StructureFactory(commune=commune("75056"), kind="mam", eaje_type="")
    time_machine.move_to(paris_noon(2027, 2, 20), tick=False)
    later = StructureFactory(commune=commune("75056"))

    def ids(**params):
        response = client.get("/api/v1/structures", params)
        assert response.status_code == 200, response.json()
        return [r["id"] for r in response.json()["results"]]

    assert ids(departement="16") == [s.pk for s in angouleme]
    assert ids(kind="mam") == [paris_mam.pk]
    assert ids(departement="75", kind="eaje") == [later.pk]
    assert ids(modified_since="2027-02-10") == [later.pk]
    assert ids(modified_since="2027-02-20T13:30") == []
    assert ids(page_size="2") == [s.pk for s in angouleme[:2]]
    assert ids(page_size="2", page="3") == [later.pk]
    assert ids(page="9") == []
    for params, field in [
        ({"kind": "asm"}, "kind"),
        ({"departement": "99"}, "departement"),
        ({"modified_since": "hier"}, "modified_since"),
        ({"page_size": "101"}, "page_size"),
        ({"page": "0"}, "page"),
    ]:
        response = client.get("/api/v1/structures", params)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", field]


def test_open_data_query_count_does_not_depend_on_page_size(client):
    for _ in range(12):
        structure = StructureFactory(commune=commune("16015"))
        OpeningPeriodFactory(structure=structure)
        HalfDayAvailabilityFactory(structure=structure, date=datetime.date(2027, 2, 4))
        structure.communes_served.add(commune("16102"))
    counts = []
    for size in ("2", "12"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/structures", {"page_size": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


PARAM = st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 200).map(str))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=PARAM, departement=PARAM, modified_since=PARAM, page=PARAM, page_size=PARAM)
def test_open_data_parameters_never_make_a_server_error(
    client, kind, departement, modified_since, page, page_size
):
    params = {
        name: value
        for name, value in {
            "kind": kind,
            "departement": departement,
            "modified_since": modified_since,
            "page": page,
            "page_size": page_size,
        }.items()
        if value is not None
    }
    response = client.get("/api/v1/structures", params)
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert response.json()["detail"][0]["loc"][0] == "query"


def test_the_openapi_description_documents_both_operations_with_examples(client):
    description = client.get("/api/v1/openapi.json").json()
    put = description["paths"]["/api/v1/structures/{structure_id}/availability"]["put"]
    example = put["requestBody"]["content"]["application/json"]["example"]
    assert example["half_days"][0]["status"] == "disponible"
    (scheme,) = put["security"][0]
    assert description["components"]["securitySchemes"][scheme]["scheme"] == "bearer"
    get = description["paths"]["/api/v1/structures"]["get"]
    assert {p["name"] for p in get["parameters"]} == {
        "kind", "departement", "modified_since", "page", "page_size",
    }  # fmt: skip
    assert "example" in get["responses"]["200"]["content"]["application/json"]
