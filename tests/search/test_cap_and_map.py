import pytest

from monenfant.search import selectors
from monenfant.search.selectors import PageOutOfRange, SearchQuery, map_points, search
from tests.factories import ChildminderFactory, StructureFactory, commune
from tests.search.helpers import north_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def angouleme():
    return commune("16015")


def around(place, **kwargs):
    return SearchQuery(latitude=place.latitude, longitude=place.longitude, **kwargs)


def test_big_circles_are_counted_up_to_the_cap_and_paged_up_to_it(angouleme, monkeypatch):
    monkeypatch.setattr(selectors, "RESULT_CAP", 5)
    for km in range(1, 9):
        ChildminderFactory(shows_address=True, display_name=f"{km} km", **north_of(angouleme, km))
    query = around(angouleme, radius_km=10)
    first = search(query, page_size=2)
    assert (first.count, first.count_capped, first.num_pages) == (5, True, 3)
    pages = [search(query, page=n, page_size=2) for n in (1, 2, 3)]
    assert [r.name for p in pages for r in p.results] == ["1 km", "2 km", "3 km", "4 km", "5 km"]
    with pytest.raises(PageOutOfRange):
        search(query, page=4, page_size=2)
    small = search(around(angouleme, radius_km=3), page_size=2)
    assert (small.count, small.count_capped) == (3, False)


def test_the_page_and_the_api_say_more_than_the_cap(client, angouleme, monkeypatch):
    monkeypatch.setattr(selectors, "RESULT_CAP", 3)
    for km in range(1, 6):
        ChildminderFactory(**north_of(angouleme, km))
    html = client.get("/recherche/", {"commune": "16015", "radius_km": "10"}).content.decode()
    assert "Plus de 3 résultats autour d’Angoulême" in html or "Plus de 3 résultats" in html
    api = client.get("/api/v1/search", {"commune": "16015", "radius_km": "10"}).json()
    assert (api["count"], api["count_capped"], len(api["results"])) == (3, True, 3)


def test_the_map_endpoint_returns_every_public_point(client, angouleme):
    shown = ChildminderFactory(shows_address=True, **north_of(angouleme, 2))
    hidden = ChildminderFactory(**north_of(angouleme, 3))
    crèche = StructureFactory(**north_of(angouleme, 4))
    far_rpe = StructureFactory(rpe=True, communes_served=[angouleme], **north_of(angouleme, 30))
    StructureFactory(**north_of(angouleme, 30))  # beyond the radius, serves nothing
    data = client.get("/api/v1/search/map", {"commune": "16015", "radius_km": "10"}).json()
    by_key = {(p[0], p[1]): (p[2], p[3]) for p in data["points"]}
    assert data["count"] == 4
    assert set(by_key) == {("asm", shown.pk), ("asm", hidden.pk), ("eaje", crèche.pk),
                           ("rpe", far_rpe.pk)}  # fmt: skip
    assert by_key[("asm", shown.pk)] == pytest.approx((shown.latitude, shown.longitude))
    # The hidden address is at the town hall, never at the real point.
    assert by_key[("asm", hidden.pk)] == pytest.approx((angouleme.latitude, angouleme.longitude))
    assert data["clusters"] == []


def test_map_filters_like_the_list(client, angouleme):
    ChildminderFactory(**north_of(angouleme, 1))
    StructureFactory(**north_of(angouleme, 1))
    data = client.get("/api/v1/search/map", {"commune": "16015", "kinds": "eaje"}).json()
    assert [p[0] for p in data["points"]] == ["eaje"]


def test_map_point_count_is_one_query_whatever_the_results(angouleme, django_assert_num_queries):
    query = around(angouleme)
    for n in (1, 30):
        for _ in range(n):
            ChildminderFactory()
        with django_assert_num_queries(1):
            assert map_points(query).count >= n


def test_the_search_table_follows_saves_and_deletes(angouleme):
    childminder = ChildminderFactory(shows_address=True, **north_of(angouleme, 1))
    assert [r.id for r in search(around(angouleme)).results] == [childminder.pk]
    childminder.show_address = False
    childminder.save()
    result = search(around(angouleme)).results[0]
    assert (result.latitude, result.longitude, result.exact_location) == (
        pytest.approx(angouleme.latitude),
        pytest.approx(angouleme.longitude),
        False,
    )
    childminder.status = "suspendu"
    childminder.save()
    assert search(around(angouleme)).count == 0
    structure = StructureFactory()
    assert search(around(angouleme)).count == 1
    structure.delete()
    assert search(around(angouleme)).count == 0
