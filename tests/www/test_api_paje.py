"""POST /api/v1/simulations/paje: the PAJE estimate over JSON, 422 naming the field."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PAJE = {"date": "2025-05-15", "annual_resources": 20000, "children": 1}


def post(client, body):
    return client.post(
        "/api/v1/simulations/paje", json.dumps(body), content_type="application/json"
    )


def test_paje_gives_the_published_amounts(client):
    # Published for 1 April 2025: birth grant 1 084,43 €, basic allowance 196,60 €.
    payload = post(client, PAJE).json()
    assert payload["grant_label"] == "Prime à la naissance"
    assert payload["grant"] == "1084.43"
    assert payload["allowance_rate"] == "full"
    assert payload["allowance"] == "196.60"
    assert payload["partial_ceiling"] == "36461"
    assert payload["steps"][0]["label"].startswith("Ressources de l’année 2023")
    labels = {scale["label"] for scale in payload["scales"]}
    assert "Plafonds de ressources de l’allocation de base à taux plein" in labels


def test_two_incomes_raise_the_ceiling(client):
    # 2025: 48 186 € for one child with two incomes (36 461 € with one).
    one = post(client, {**PAJE, "annual_resources": 45000}).json()
    two = post(client, {**PAJE, "annual_resources": 45000, "two_incomes": True}).json()
    assert one["grant"] == "0"
    assert two["grant"] == "1084.43"
    assert two["allowance"] == "98.30"


def test_adoption_grant(client):
    assert post(client, {**PAJE, "adoption": True}).json()["grant_label"] == "Prime à l’adoption"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "2018-03-31"}, "date"),
        ({"date": "2025-02-30"}, "date"),
        ({"annual_resources": -1}, "annual_resources"),
        ({"annual_resources": "beaucoup"}, "annual_resources"),
        ({"children": 0}, "children"),
        ({"children": 21}, "children"),
        ({"two_incomes": True, "single_parent": True}, "two_incomes"),
        ({"adoption": "peut-être"}, "adoption"),
    ],
)
def test_out_of_range_input_is_a_422_naming_the_field(client, changes, field):
    response = post(client, {**PAJE, **changes})
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [error["loc"] for error in errors] == [["body", "payload", field]]
    assert errors[0]["msg"]


def test_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert post(client, PAJE).status_code == 200


def test_openapi_documents_the_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/simulations/paje"]
    fields = schema["components"]["schemas"]["PajeIn"]["properties"]
    assert "y compris l'enfant attendu" in fields["children"]["description"]


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.text(max_size=12),
    st.sampled_from(["2018-03-31", "2018-04-01", "9999-12-31", "1e400", "-0", "NaN"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.dictionaries(
        st.sampled_from(
            ["date", "annual_resources", "children", "two_incomes", "single_parent", "adoption"]
        ),
        values,
        max_size=6,
    ),
    complete=st.booleans(),
)
def test_arbitrary_bodies_never_yield_a_server_error(client, body, complete):
    response = post(client, {**PAJE, **body} if complete else body)
    assert response.status_code in (200, 422), response.content
