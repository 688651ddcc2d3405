"""The OpenAPI description of /api/v1/ matches what the API does: schemathesis generates
requests from /api/v1/openapi.json (valid and invalid ones) and checks every answer against
the description (status declared, body of the declared schema, no server error, input that
breaks the description refused). Bounded and, under HYPOTHESIS_PROFILE=ci, the same examples
on every run."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from tests.factories import (
    AvailabilityFactory,
    ChildminderFactory,
    OpeningPeriodFactory,
    StructureFactory,
    commune,
)

# Read through the WSGI application, as a client reads it (serving it reads no table).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction (on PostgreSQL); Django's test client keeps it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Each operation has rules OpenAPI cannot state, answered by a declared 422: a search needs a
# commune or both coordinates and the commune must exist, a commune query needs two letters
# or digits once punctuation is set aside, a simulation checks its fields against each other
# (no more AEEH children than children…). A request valid for the description alone may thus
# be refused; every other check runs, invalid input must be refused.
EXCLUDED_CHECKS = [positive_data_acceptance]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_described(case):
    case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)


def test_a_childminder_sheet_matches_its_description():
    """Generated identifiers seldom hit a record: the full sheets are checked here."""
    childminder = ChildminderFactory(commune=commune("97411"))  # Saint-Denis (La Réunion)
    AvailabilityFactory(childminder=childminder)
    case = schema["/api/v1/childminders/{childminder_id}"]["GET"].Case(
        path_parameters={"childminder_id": childminder.pk}
    )
    response = case.call_and_validate()

    assert response.status_code == 200
    sheet = response.json()
    assert sheet["time_zone"] == "Indian/Reunion"
    assert sheet["availabilities"]


def test_a_structure_sheet_matches_its_description():
    structure = StructureFactory(commune=commune("16015"))  # Angoulême
    OpeningPeriodFactory(
        structure=structure, opens_at=datetime.time(7, 30), closes_at=datetime.time(18, 45)
    )
    case = schema["/api/v1/structures/{structure_id}"]["GET"].Case(
        path_parameters={"structure_id": structure.pk}
    )
    response = case.call_and_validate()

    sheet = response.json()
    assert sheet["time_zone"] == "Europe/Paris"
    assert [(p["opens_at"], p["closes_at"]) for p in sheet["opening_hours"]] == [
        ("07:30:00", "18:45:00")
    ]


def test_errors_are_declared_with_their_schema():
    description = schema.raw_schema
    for path, operations in description["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            expected = {"200", "422", "429", "503"}
            if "{" in path:
                expected.add("404")
            if method == "post":
                expected.add("400")
            if method == "put":
                # The data exchange: a JSON body sent with a token (401) that is valid for one
                # structure only (403 for any other id, whether it exists or not).
                expected = {"200", "400", "401", "403", "422", "429", "503"}
            assert declared == expected, f"{method.upper()} {path}"
            for status in declared - {"200"}:
                reference = operation["responses"][status]["content"]["application/json"]
                name = reference["schema"]["$ref"].rsplit("/", 1)[-1]
                body = description["components"]["schemas"][name]
                assert body["required"] == ["detail"], f"{status} of {path}"
