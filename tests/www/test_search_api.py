import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clock import BEFORE_CHRISTMAS
from tests.factories import (
    AvailabilityFactory,
    ChildminderFactory,
    HalfDayAvailabilityFactory,
    OpeningPeriodFactory,
    StructureFactory,
    commune,
    fill_structure_sheet,
    fill_week_of_availability,
)
from tests.search.helpers import north_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/search"


def error_field(response):
    return response.json()["detail"][0]["loc"][-1]


def test_search_by_commune_lists_results_nearest_first(client):
    angouleme = commune("16015")
    ChildminderFactory(display_name="far", shows_address=True, **north_of(angouleme, 2))
    StructureFactory(name="near", **north_of(angouleme, 1))
    response = client.get(URL, {"commune": "16015", "radius_km": "5"})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 20)
    assert [r["name"] for r in body["results"]] == ["near", "far"]
    first = body["results"][0]
    assert first["kind"] == "eaje"
    assert first["commune"] == {"insee_code": "16015", "name": "Angoulême"}
    assert first["distance_km"] == pytest.approx(1, abs=0.01)
    assert first["url"] == f"/structure/{first['id']}/"
    assert first["serves_commune"] is False


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_search_by_coordinates_and_filters(client):
    angouleme = commune("16015")
    ChildminderFactory(display_name="asm", age_min_months=0, age_max_months=36)
    StructureFactory(name="rpe", rpe=True)
    params = {
        "lat": str(angouleme.latitude),
        "lon": str(angouleme.longitude),
        "kinds": "asm,eaje",
        "available_from": "2026-12-10",
        "age_months": "10",
    }
    body = client.get(URL, params).json()
    assert [r["name"] for r in body["results"]] == ["asm"]
    assert body["results"][0]["available_places"] == 2
    # The factory confirms the availability on the (frozen) day it creates the childminder.
    assert body["results"][0]["availability_confirmed_on"] == "2026-12-10"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "commune"),
        ({"commune": "99999"}, "commune"),
        ({"commune": "16015", "radius_km": "0"}, "radius_km"),
        ({"commune": "16015", "radius_km": "51"}, "radius_km"),
        ({"commune": "16015", "radius_km": "nan"}, "radius_km"),
        ({"commune": "16015", "available_from": "2025-02-30"}, "available_from"),
        # The last day of the calendar: the availability window after it used to overflow.
        ({"commune": "16015", "available_from": "9999-12-31"}, "available_from"),
        ({"commune": "16015", "page": "2"}, "page"),
        ({"commune": "16015", "page": "0"}, "page"),
        ({"commune": "16015", "kinds": "asm,creche"}, "kinds"),
        ({"commune": "16015", "days": "monday"}, "days"),
        ({"commune": "16015", "start_time": "18:00", "end_time": "08:00"}, "end_time"),
        ({"lat": "45.6"}, "lon"),
        ({"lat": "95", "lon": "0.1"}, "lat"),
    ],
)
def test_invalid_input_gets_a_4xx_naming_the_field(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert error_field(response) == field
    assert response.json()["detail"][0]["msg"]


def test_unknown_or_hidden_sheets_are_404(client):
    hidden = ChildminderFactory(suspended=True)
    draft = StructureFactory(draft=True)
    assert client.get(f"/api/v1/childminders/{hidden.pk}").status_code == 404
    assert client.get(f"/api/v1/structures/{draft.pk}").status_code == 404
    assert client.get("/api/v1/structures/999999999").status_code == 404


def test_structure_sheet(client):
    angouleme = commune("16015")
    structure = StructureFactory(rpe=True, name="Relais", communes_served=[angouleme])
    body = client.get(f"/api/v1/structures/{structure.pk}").json()
    assert body["name"] == "Relais"
    assert body["communes_served"] == [{"insee_code": "16015", "name": "Angoulême"}]
    assert "availability" not in body


def test_openapi_documents_the_search(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/search",
        "/api/v1/structures/{structure_id}",
        "/api/v1/childminders/{childminder_id}",
    } <= set(paths)


text = st.text(max_size=30)
values = st.one_of(
    text,
    st.sampled_from(
        [
            "16015",
            "75056",
            "0",
            "-1",
            "50",
            "1e309",
            "nan",
            "2025-01-01",
            "asm,eaje",
            "mon,fri",
            "08:00",
            "",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
params = st.dictionaries(
    st.sampled_from(
        [
            "commune",
            "lat",
            "lon",
            "radius_km",
            "kinds",
            "available",
            "available_from",
            "age_months",
            "days",
            "start_time",
            "end_time",
            "page",
        ]
    ),
    values,
    max_size=6,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=params)
def test_no_query_parameters_yield_a_500(client, params):
    response = client.get(URL, params)
    assert response.status_code in (200, 422), (params, response.content[:300])


def test_search_query_count_does_not_grow_with_results(client, django_assert_num_queries):
    angouleme = commune("16015")
    ChildminderFactory()
    StructureFactory()
    # The commune by INSEE code (one query), then the search.
    with django_assert_num_queries(5):
        client.get(URL, {"commune": "16015"})
    for _ in range(10):
        ChildminderFactory()
        HalfDayAvailabilityFactory(structure=StructureFactory())
        StructureFactory(rpe=True, communes_served=[angouleme], **north_of(angouleme, 30))
    with django_assert_num_queries(5):
        body = client.get(URL, {"commune": "16015"}).json()
    assert len(body["results"]) == 20


def test_childminder_sheet_query_count_does_not_grow_with_availabilities(
    client, django_assert_num_queries
):
    childminder = ChildminderFactory()
    AvailabilityFactory(childminder=childminder, weekday=1)
    url = f"/api/v1/childminders/{childminder.pk}"
    # The childminder with its commune, its availabilities.
    with django_assert_num_queries(2):
        client.get(url)
    fill_week_of_availability(childminder)
    with django_assert_num_queries(2):
        body = client.get(url).json()
    assert len(body["availabilities"]) == 13


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_structure_sheet_query_count_does_not_grow_with_opening_periods_availability_and_communes(
    client, django_assert_num_queries
):
    angouleme = commune("16015")
    crèche = StructureFactory(communes_served=[angouleme])
    OpeningPeriodFactory(structure=crèche)
    HalfDayAvailabilityFactory(structure=crèche)
    url = f"/api/v1/structures/{crèche.pk}"
    # The structure with its commune, its opening periods, closures, communes served,
    # half-days.
    with django_assert_num_queries(5):
        client.get(url)
    fill_structure_sheet(crèche)
    with django_assert_num_queries(5):
        body = client.get(url).json()
    assert len(body["opening_hours"]) == 11
    # 59 half-days from 10 December 2026 to 8 January 2027, but none on the public holidays
    # 25 December and 1 January.
    assert len(body["availability"]) == 59 - 2 * 2
    offered = {half_day["date"] for half_day in body["availability"]}
    assert {"2026-12-24", "2026-12-26", "2026-12-31", "2027-01-02"} <= offered
    assert not {"2026-12-25", "2027-01-01"} & offered
    assert len(body["communes_served"]) == 21
