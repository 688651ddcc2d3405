import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["angouleme", "ANGOULÊME", "16000"])
def test_angouleme_comes_first(client, q):
    response = client.get("/api/v1/communes", {"q": q})
    assert response.status_code == 200
    first = response.json()[0]
    assert first == {
        "insee_code": "16015",
        "name": "Angoulême",
        "postal_codes": ["16000"],
        "departement": "16",
        "lat": pytest.approx(45.6487, abs=1e-3),
        "lon": pytest.approx(0.1561, abs=1e-3),
    }


def test_insee_code_resolves_ajaccio(client):
    assert client.get("/api/v1/communes", {"q": "2A004"}).json()[0]["name"] == "Ajaccio"


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "a"}])
def test_missing_or_too_short_query_is_a_422_naming_the_field(client, params):
    response = client.get("/api/v1/communes", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "q"


def test_openapi_description_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/communes" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.text(max_size=120), limit=st.one_of(st.none(), st.integers(-5, 100), st.text(max_size=5))
)
def test_no_input_yields_a_server_error(client, q, limit):
    params = {"q": q} if limit is None else {"q": q, "limit": limit}
    response = client.get("/api/v1/communes", params)
    assert response.status_code in (200, 422)


@pytest.mark.parametrize("q", ["saint", "16"])
def test_query_count_does_not_grow_with_the_number_of_communes_returned(
    client, django_assert_num_queries, q
):
    # One query for the communes and their départements (a name, or a postal code prefix).
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/communes", {"q": q, "limit": 1}).json()) == 1
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/communes", {"q": q, "limit": 50}).json()) == 50
