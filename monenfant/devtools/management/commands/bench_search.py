"""Time the public search against the current database; prints one JSON line.

The query mix is fixed by the seed: dense cities (Paris, Lyon, Marseille…), mid-size towns,
rural communes, every radius preset and 50 km, with and without filters, some second pages.
Requests go through the whole Django stack (middleware, form, selector, JSON or template).
In the same run and on the same points, the search() selector alone and a raw spatial
top-20 query on the same index (the reference: what the engine can do at best), with the
ratios.
"""

import contextlib
import json
import logging
import os
import platform
import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.http import QueryDict
from django.test import Client, override_settings
from django.utils import timezone

from monenfant.childminders.models import Availability, Childminder
from monenfant.devtools.guard import refuse_production
from monenfant.referential.models import Commune
from monenfant.search.selectors import ENTRY, PageOutOfRange, search, unit_vector
from monenfant.structures.models import HalfDayAvailability, Structure
from monenfant.www.public.forms import SearchForm

DENSE = ["75056", "69123", "13055", "31555", "33063", "59350", "67482", "06088"]
RADII = [1, 2, 5, 10, 30, 50]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return round(ordered[index], 2)


class Command(BaseCommand):
    help = "Benchmark GET /api/v1/search and the /recherche/ page with a fixed mix of queries."

    def add_arguments(self, parser):
        parser.add_argument("--queries", type=int, default=400)
        parser.add_argument("--pages", type=int, default=100, help="HTML search pages to time.")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, queries, pages, seed, **options):
        refuse_production("bench_search")
        rng = random.Random(seed)
        mix = self.query_mix(rng, queries)
        # Refused pages (422/404) are part of the mix; their log lines are noise here.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
        client = Client(HTTP_HOST=host.lstrip("."))
        # One client sends every request: the per-address limit would refuse most of them.
        with override_settings(DEBUG=False, PUBLIC_RATE_LIMITS={}):
            for params in mix[:20]:  # warm-up: connection, caches, templates
                client.get("/api/v1/search", params)
            api = self.timed(client, "/api/v1/search", mix)
            html = self.timed(client, "/recherche/", mix[:pages])
            map_ = self.timed(client, "/api/v1/search/map", mix[:pages])
        selector = self.timed_selector(mix)
        reference = self.timed_reference(mix)
        self.stdout.write(
            json.dumps(
                {
                    "engine": connection.vendor,
                    "machine": f"{platform.machine()}, {_cpus()} CPU, Python {platform.python_version()}",
                    # Other processes share the machine: the load tells how quiet it was.
                    "load_average_1m": round(os.getloadavg()[0], 2),
                    "dataset": {
                        "childminders": Childminder.objects.count(),
                        "structures": Structure.objects.count(),
                        "availabilities": Availability.objects.count(),
                        "half_day_availabilities": HalfDayAvailability.objects.count(),
                    },
                    "api": api,
                    "page": html,
                    "map": map_,
                    "selector": selector,
                    "reference_top20": reference,
                    "ratio_selector_to_reference_p95": round(
                        selector["p95_ms"] / reference["p95_ms"], 1
                    ),
                    "ratio_api_to_reference_p95": round(api["p95_ms"] / reference["p95_ms"], 1),
                }
            )
        )

    def timed(self, client, url, mix) -> dict:
        durations, statuses = [], {}
        started = time.perf_counter()
        for params in mix:
            before = time.perf_counter()
            response = client.get(url, params)
            durations.append((time.perf_counter() - before) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        total = time.perf_counter() - started
        return {
            "requests": len(mix),
            "p50_ms": percentile(durations, 0.50),
            "p95_ms": percentile(durations, 0.95),
            "p99_ms": percentile(durations, 0.99),
            "max_ms": round(max(durations), 2),
            "mean_ms": round(statistics.fmean(durations), 2),
            "queries_per_second": round(len(mix) / total, 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
        }

    def timed_selector(self, mix) -> dict:
        """search() alone, on the queries of the mix the form accepts."""
        queries = []
        for params in mix:
            form = SearchForm(_query_dict(params))
            if form.is_valid():
                queries.append((form.search_query(), form.cleaned_data["page"] or 1))
        for query, page in queries[:20]:
            search(query, page=page)
        durations = []
        for query, page in queries:
            before = time.perf_counter()
            with contextlib.suppress(PageOutOfRange):
                search(query, page=page)
            durations.append((time.perf_counter() - before) * 1000)
        return _summary(durations)

    def timed_reference(self, mix) -> dict:
        """The raw top-20 on the same spatial index, no filter, no detail: PostgreSQL KNN
        (ORDER BY point <-> point LIMIT 20); SQLite R*Tree box around the point, widened
        until it holds 20 rows, sorted by distance."""
        points = []
        for params in mix:
            form = SearchForm(_query_dict(params))
            if form.is_valid():
                query = form.search_query()
                points.append((query.latitude, query.longitude))
        durations = []
        with connection.cursor() as cursor:
            for index, (lat, lon) in enumerate(points + points[:20]):
                before = time.perf_counter()
                _reference_top20(cursor, lat, lon)
                if index >= 20:  # the first 20 warm up
                    durations.append((time.perf_counter() - before) * 1000)
        return _summary(durations)

    def query_mix(self, rng: random.Random, size: int) -> list[dict]:
        communes = Commune.objects.order_by("insee_code")
        mid = list(
            communes.filter(population__range=(20_000, 100_000)).values_list(
                "insee_code", flat=True
            )
        )
        rural = list(communes.filter(population__lt=2_000).values_list("insee_code", flat=True))
        dense = [code for code in DENSE if communes.filter(insee_code=code).exists()]
        coords = {
            c.insee_code: (c.latitude, c.longitude) for c in communes.filter(insee_code__in=dense)
        }
        today = timezone.localdate()
        filters = [
            {},
            {},
            {"available": "true"},
            {"available_from": (today + timedelta(days=60)).isoformat()},
            {"age_months": "10"},
            {"kinds": "asm"},
            {"kinds": "eaje,mam"},
            {"kinds": "rpe,linf"},
            {"days": "mon,tue,thu,fri", "start_time": "08:00", "end_time": "17:30"},
            {"available": "true", "age_months": "6", "days": "mon,tue"},
        ]
        mix = []
        for index in range(size):
            area = rng.choices(("dense", "mid", "rural"), weights=(40, 35, 25))[0]
            code = rng.choice({"dense": dense, "mid": mid, "rural": rural}[area])
            params = {"radius_km": str(rng.choice(RADII)), **rng.choice(filters)}
            if area == "dense" and index % 4 == 0:
                # "Autour de moi": coordinates a few hundred metres from the centre.
                lat, lon = coords[code]
                params |= {
                    "lat": f"{lat + rng.uniform(-0.02, 0.02):.5f}",
                    "lon": f"{lon + rng.uniform(-0.02, 0.02):.5f}",
                }
            else:
                params["commune"] = code
            if area != "rural" and int(params["radius_km"]) >= 5 and index % 3 == 0:
                params["page"] = "2"
            mix.append(params)
        return mix


def _query_dict(params: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update(params)
    return data


def _summary(durations: list[float]) -> dict:
    return {
        "queries": len(durations),
        "p50_ms": percentile(durations, 0.50),
        "p95_ms": percentile(durations, 0.95),
        "p99_ms": percentile(durations, 0.99),
        "mean_ms": round(statistics.fmean(durations), 3),
    }


def _reference_top20(cursor, lat: float, lon: float) -> list:
    if connection.vendor == "postgresql":
        cursor.execute(
            f"SELECT kind, object_id FROM {ENTRY} ORDER BY point(longitude, latitude) "
            "<-> point(%s, %s) LIMIT 20",
            [lon, lat],
        )
        return cursor.fetchall()
    x, y, z = unit_vector(lat, lon)
    half = 0.01
    while True:
        cursor.execute(
            f"SELECT e.kind, e.object_id FROM {ENTRY}_rtree r CROSS JOIN {ENTRY} e "
            "WHERE r.max_lat >= %s AND r.min_lat <= %s AND r.max_lon >= %s AND r.min_lon <= %s "
            "AND e.id = r.id ORDER BY (e.x - %s) * (e.x - %s) + (e.y - %s) * (e.y - %s) "
            "+ (e.z - %s) * (e.z - %s) LIMIT 20",
            [lat - half, lat + half, lon - half, lon + half, x, x, y, y, z, z],
        )
        rows = cursor.fetchall()
        if len(rows) == 20 or half > 5:
            return rows
        half *= 2


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
