"""Search geometry checked against an independent great-circle computation.

Childminders and structures are placed at known bearings and distances around real town halls
at several latitudes (from Lille to Saint-Denis de La Réunion), with destination points and
distances computed here on a sphere of radius 6371.0088 km (the IUGG mean Earth radius), never
with the search module's constants. The search must return exactly the points within the
radius, nearest first, through both its public interfaces: the `search()` selector and the
`/api/v1/search` endpoint (whatever the index behind them).

Tolerance. The search may approximate distances (today: equirectangular, with the WGS84
kilometres per degree). Measured against the haversine below, for 0.5 to 50 km in every
15° of bearing at the five latitudes, its error is at most 0.56 % (the gap between the
WGS84 equatorial degree of latitude, 110.574 km, and the spherical one, 111.195 km). The band
allowed here is 1 % (TOLERANCE); the points are placed at least 3 % inside or outside the
radius, three times the band, so every point is unambiguously in or out.
"""

import itertools
import math

import pytest

from monenfant.search.selectors import SearchQuery, search
from tests.factories import ChildminderFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

EARTH_RADIUS_KM = 6371.0088
TOLERANCE = 0.01

CITIES = {
    "Lille": "59350",
    "Marseille": "13055",
    "Ajaccio": "2A004",
    "Saint-Denis (La Réunion)": "97411",
    "Cayenne": "97302",
}
BEARINGS = {"N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315}


def haversine_km(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def destination(lat, lon, bearing_deg, km):
    """The point km kilometres from (lat, lon) along the great circle of initial bearing."""
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    theta, delta = math.radians(bearing_deg), km / EARTH_RADIUS_KM
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lambda2)


def test_the_reference_computations_agree_with_published_figures():
    # Paris (48.8566, 2.3522) – Lyon (45.7640, 4.8357): 391.5 km great-circle distance.
    assert haversine_km(48.8566, 2.3522, 45.7640, 4.8357) == pytest.approx(391.5, abs=0.5)
    # One degree of a great circle: 2πR / 360.
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.001)
    lat, lon = destination(50.63, 3.06, 45, 12.0)
    assert haversine_km(50.63, 3.06, lat, lon) == pytest.approx(12.0, abs=1e-9)


def place_ring(city, radius_km):
    """Points in the eight directions: two well inside, one just inside, one just outside and,
    on the diagonals, one in the corner of the bounding square but outside the circle. Their
    distances differ from one direction to the next so that the order is defined. Returns
    {name: true distance}."""
    centre = (city.latitude, city.longitude)
    placed = {}
    for index, (direction, bearing) in enumerate(BEARINGS.items()):
        fractions = [0.10 + 0.05 * index, 0.50 + 0.05 * index, 0.90 + 0.01 * index]
        fractions.append(1.03 + 0.01 * index)
        if bearing % 90:
            fractions.append(1.25)
        for ring, fraction in enumerate(fractions):
            km = radius_km * fraction
            lat, lon = destination(*centre, bearing, km)
            name = f"{direction} {km:.3f} km"
            if (index + ring) % 2:
                StructureFactory(name=name, commune=city, latitude=lat, longitude=lon)
            else:
                ChildminderFactory(
                    display_name=name,
                    shows_address=True,
                    commune=city,
                    latitude=lat,
                    longitude=lon,
                )
            placed[name] = haversine_km(*centre, lat, lon)
    return placed


def check_results(found, placed, radius_km):
    """found: [(name, distance_km)] in the order answered."""
    names = [name for name, _ in found]
    assert len(names) == len(set(names))
    expected = {name for name, km in placed.items() if km <= radius_km}
    assert set(names) == expected, (
        f"missing {sorted(expected - set(names))}, extra {sorted(set(names) - expected)}"
    )
    for name, km in found:
        # Within the band, plus half a hundredth: distances are answered rounded to 10 m.
        assert abs(km - placed[name]) <= TOLERANCE * placed[name] + 0.005, (name, km)
    # Nearest first: a result may precede a truly nearer one only within the tolerance band.
    for (before, _), (after, _) in itertools.pairwise(found):
        assert placed[before] <= placed[after] * (1 + TOLERANCE) / (1 - TOLERANCE), (
            f"{before} listed before {after}"
        )


@pytest.mark.parametrize("radius_km", [5, 30])
@pytest.mark.parametrize("city_name", CITIES)
def test_search_returns_exactly_the_points_within_the_radius_nearest_first(city_name, radius_km):
    city = commune(CITIES[city_name])
    placed = place_ring(city, radius_km)
    query = SearchQuery(latitude=city.latitude, longitude=city.longitude, radius_km=radius_km)
    first = search(query, page_size=100)
    assert first.count == len(first.results)
    check_results([(r.name, r.distance_km) for r in first.results], placed, radius_km)


@pytest.mark.parametrize("city_name", CITIES)
def test_the_search_api_agrees_page_after_page(client, city_name):
    city = commune(CITIES[city_name])
    radius_km = 10
    placed = place_ring(city, radius_km)
    found, page = [], 1
    while True:
        response = client.get(
            "/api/v1/search",
            {
                "lat": str(city.latitude),
                "lon": str(city.longitude),
                "radius_km": str(radius_km),
                "page": str(page),
            },
        )
        assert response.status_code == 200
        body = response.json()
        found += [(r["name"], r["distance_km"]) for r in body["results"]]
        if page * body["page_size"] >= body["count"]:
            break
        page += 1
    assert page > 1, "the ring is meant to span several pages"
    check_results(found, placed, radius_km)
