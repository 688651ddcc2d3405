"""The search against a brute-force computation written independently here: every row of the
generated data, its great-circle distance by the haversine formula, the filters re-implemented
in Python. Same set and same order, page after page, on the engine the suite runs on."""

import datetime
import random

import pytest
import time_machine

from monenfant.childminders.models import Availability, Childminder
from monenfant.devtools.generation import generate
from monenfant.referential.models import Commune
from monenfant.search.selectors import SearchQuery, map_points, search
from monenfant.structures.models import HalfDayAvailability, OpeningPeriod, Structure
from tests.clock import BEFORE_CHRISTMAS
from tests.search.helpers import haversine_km

# Small départements spread over France, mainland and overseas: Charente, Hautes-Alpes,
# Territoire de Belfort, Corse-du-Sud, Guadeloupe.
DEPARTEMENTS = ("16", "05", "90", "2A", "971")
ALL = ("asm", "eaje", "mam", "rpe", "linf", "laep", "alsh", "smf", "er", "home_care", "clas")
TODAY = datetime.date(2026, 12, 10)  # tests.clock.BEFORE_CHRISTMAS
WINDOW_DAYS = 30  # the availability table covers today and the next 30 days (seed 000)
CAP = 1000


@pytest.fixture(scope="module")
def france(django_db_setup, django_db_blocker):
    """Generated once for the module (a few seconds), removed afterwards."""
    # Generated, searched and checked on a frozen day whose window crosses Christmas and
    # New Year's Day (the oracle below uses the same literal date).
    with django_db_blocker.unblock(), time_machine.travel(BEFORE_CHRISTMAS, tick=False):
        from django.db import transaction

        from monenfant.devtools.generation import wipe

        with transaction.atomic():
            for code in DEPARTEMENTS:
                generate("departement", seed=7, code=code)
            yield _snapshot()
            transaction.set_rollback(True)
        wipe()


def _snapshot() -> dict:
    """Every row with its public point, as a parent is allowed to see it."""
    town_halls = {c.id: (c.latitude, c.longitude) for c in Commune.objects.all()}
    rows = []
    slots, periods, free_days = {}, {}, {}
    for a in Availability.objects.filter(places__gt=0):
        slots.setdefault(a.childminder_id, []).append((a.weekday, a.starts_at, a.ends_at))
    for p in OpeningPeriod.objects.all():
        periods.setdefault(p.structure_id, []).append((p.weekday, p.opens_at, p.closes_at))
    for h in HalfDayAvailability.objects.filter(status="disponible", places__gt=0):
        free_days.setdefault(h.structure_id, []).append(h.date)
    for c in Childminder.objects.filter(status="valide"):
        # A childminder who hides the address is placed at the town hall of the commune,
        # read from the referential (not from the row's own public fields).
        point = (c.latitude, c.longitude) if c.show_address else town_halls[c.commune_id]
        rows.append(
            {
                "kind": "asm",
                "id": c.pk,
                "point": point,
                "hidden": not c.show_address,
                "real": (c.latitude, c.longitude),
                "ages": (c.age_min_months, c.age_max_months),
                "places": c.available_places,
                "from": c.available_from,
                "ranges": slots.get(c.pk, []),
                "served": set(),
            }
        )
    served = {}
    for link in Structure.communes_served.through.objects.all():
        served.setdefault(link.structure_id, set()).add(link.commune_id)
    for s in Structure.objects.filter(status="valide"):
        rows.append(
            {
                "kind": s.kind,
                "id": s.pk,
                "point": (s.latitude, s.longitude),
                "hidden": False,
                "ages": (s.age_min_months, s.age_max_months),
                "free": free_days.get(s.pk, []),
                "ranges": periods.get(s.pk, []),
                "served": served.get(s.pk, set()),
            }
        )
    return {"rows": rows, "communes": sorted({c.commune_id for c in Childminder.objects.all()})}


def _passes(row, query: SearchQuery) -> bool:
    if row["kind"] not in query.kinds:
        return False
    if query.age_months is not None and not (row["ages"][0] <= query.age_months <= row["ages"][1]):
        return False
    if query.available_from:
        if row["kind"] == "asm":
            if row["places"] <= 0 or (row["from"] and row["from"] > query.available_from):
                return False
        else:
            start = max(query.available_from, TODAY)
            end = start + datetime.timedelta(days=WINDOW_DAYS)
            if not any(start <= day <= end for day in row["free"]):
                return False
    if query.days or query.start_time or query.end_time:

        def covers(day_range):
            _day, starts, ends = day_range
            return (query.start_time is None or starts <= query.start_time) and (
                query.end_time is None or ends >= query.end_time
            )

        if query.days:
            if not all(any(r[0] == day and covers(r) for r in row["ranges"]) for day in query.days):
                return False
        elif not any(covers(r) for r in row["ranges"]):
            return False
    return True


def brute_force(rows, query: SearchQuery) -> list[tuple]:
    within, beyond = [], []
    for row in rows:
        if not _passes(row, query):
            continue
        km = haversine_km(query.latitude, query.longitude, *row["point"])
        if km <= query.radius_km:
            within.append((km, row["kind"], row["id"]))
        elif query.commune is not None and query.commune.pk in row["served"]:
            beyond.append((km, row["kind"], row["id"]))
    return sorted(within) + sorted(beyond)


def every_page(query: SearchQuery) -> list:
    first = search(query)
    results = list(first.results)
    for number in range(2, first.num_pages + 1):
        results += search(query, page=number).results
    return first, results


def queries(rows, communes) -> list[SearchQuery]:
    rng = random.Random(20261130)
    today = TODAY
    filters = [
        {},
        {},
        {"kinds": ("asm",)},
        {"kinds": ("eaje", "mam", "rpe", "alsh")},
        {"available_from": today},
        {"available_from": today + datetime.timedelta(days=40)},
        {"age_months": 10},
        {"days": (1, 2, 4, 5), "start_time": datetime.time(8), "end_time": datetime.time(17, 30)},
        {"start_time": datetime.time(7, 30)},
        {"available_from": today, "age_months": 6, "days": (1, 2)},
    ]
    result = []
    for index in range(40):
        place = Commune.objects.get(pk=rng.choice(communes))
        params = {"radius_km": rng.choice((1, 2, 5, 10, 30, 50)), **rng.choice(filters)}
        if index % 3 == 0:
            # Around a point between two towns, no commune (« autour de moi »).
            lat = place.latitude + rng.uniform(-0.1, 0.1)
            lon = place.longitude + rng.uniform(-0.1, 0.1)
            result.append(SearchQuery(latitude=lat, longitude=lon, **params))
        else:
            result.append(
                SearchQuery(
                    latitude=place.latitude, longitude=place.longitude, commune=place, **params
                )
            )
    return result


@pytest.mark.django_db
def test_search_equals_a_brute_force_haversine_on_generated_data(france):
    rows = france["rows"]
    checked_served = checked_hidden = 0
    for query in queries(rows, france["communes"]):
        expected = brute_force(rows, query)
        first, results = every_page(query)
        assert first.count == min(len(expected), CAP)
        assert first.count_capped == (len(expected) > CAP)
        got = [(r.kind, r.id) for r in results]
        assert got == [(kind, pk) for _km, kind, pk in expected[:CAP]], query
        for result, (km, _kind, _pk) in zip(results, expected, strict=False):
            assert result.distance_km == pytest.approx(km, abs=0.006)
        by_key = {(row["kind"], row["id"]): row for row in rows}
        for result in results:
            row = by_key[(result.kind, result.id)]
            # The point shown is the public one: the town hall when the address is hidden.
            assert (result.latitude, result.longitude) == pytest.approx(row["point"])
            assert result.exact_location == (not row["hidden"])
            checked_hidden += row["hidden"]
            checked_served += result.serves_commune and result.distance_km > query.radius_km
    # The sample does exercise the hard cases.
    assert checked_served > 0
    assert checked_hidden > 0


@pytest.mark.django_db
def test_the_map_lists_every_result_of_the_circle_and_no_hidden_address(france):
    rows = france["rows"]
    hidden_real_points = {
        (round(row["real"][0], 6), round(row["real"][1], 6))
        for row in rows
        if row["hidden"] and row["real"] != row["point"]
    }
    assert hidden_real_points
    for query in queries(rows, france["communes"])[:15]:
        expected = brute_force(rows, query)
        points = map_points(query)
        if len(expected) <= 3000:
            assert sorted((kind, pk) for kind, pk, _lat, _lon in points.points) == sorted(
                (kind, pk) for _km, kind, pk in expected
            )
            by_key = {(row["kind"], row["id"]): row for row in rows}
            for kind, pk, lat, lon in points.points:
                assert (lat, lon) == pytest.approx(by_key[(kind, pk)]["point"])
                assert (round(lat, 6), round(lon, 6)) not in hidden_real_points
        assert points.count == len(expected)


@pytest.mark.django_db
def test_clusters_cover_every_result_beyond_the_point_cap(france, monkeypatch):
    from monenfant.search import selectors

    monkeypatch.setattr(selectors, "MAP_POINTS_CAP", 20)
    angouleme = Commune.objects.get(insee_code="16015")
    query = SearchQuery(
        latitude=angouleme.latitude, longitude=angouleme.longitude, radius_km=50, kinds=ALL
    )
    expected = brute_force(france["rows"], query)
    assert len(expected) > 20
    points = map_points(query)
    assert points.points == []
    assert sum(count for _lat, _lon, count in points.clusters) == len(expected)
    assert 1 < len(points.clusters) < len(expected)
