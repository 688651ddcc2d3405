"""Nearest-first search over childminders and structures, on SQLite and PostgreSQL alike.

Distances are great-circle distances on a sphere of radius EARTH_RADIUS_KM (the haversine
formula). Every public row lives in one table, SearchEntry, with its point as a unit vector
(x, y, z): the chord between two unit vectors is a monotonic function of their great-circle
distance, so ordering and filtering by the squared chord — only + - * in SQL — give exactly
the haversine order and circle on any engine.

The spatial index narrows each query to the bounding box of the circle (an R*Tree on
SQLite, a GiST index on point(longitude, latitude) on PostgreSQL). A page costs at most:
1. the count, exact up to RESULT_CAP and stopped there (« plus de 1 000 résultats »);
2. the page's rows, nearest first: on PostgreSQL the GiST index returns rows nearest-first
   in degrees (KNN); the rows are re-ranked by chord and a proven bound tells when the
   fetched rows surely hold the page (almost always at the first query); on SQLite the
   R*Tree has no KNN, so a smaller circle sized from the count is sorted first, the whole
   circle only if it holds too few rows;
3. the services serving the searched commune from beyond the radius, listed after;
4. for the structures of the page, their next free half-day and whether they serve the
   commune.
All SQL is written here by hand: building querysets cost more than running them.
docs/performance.md tells how fast and why.
"""

import math
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monenfant.childminders.enums import profession_label
from monenfant.childminders.models import Availability, Childminder
from monenfant.referential.models import Commune
from monenfant.structures.enums import (
    AVAILABILITY_WINDOW_DAYS,
    KINDS_WITH_AVAILABILITY,
    SlotStatus,
    StructureKind,
)
from monenfant.structures.models import HalfDayAvailability, OpeningPeriod, Structure
from monenfant.utils.weekdays import days_mask

from .models import SearchEntry

CHILDMINDER_KIND = "asm"
ALL_KINDS = (CHILDMINDER_KIND, *StructureKind.values)
KIND_LABELS = {CHILDMINDER_KIND: _("Assistant maternel"), **dict(StructureKind.choices)}
# Mean radius of the Earth (IUGG), the sphere of every distance shown.
EARTH_RADIUS_KM = 6371.0088
MIN_RADIUS_KM, MAX_RADIUS_KM = 1, 50
RADIUS_PRESETS_KM = (1, 2, 5, 10, 30)
DEFAULT_RADIUS_KM = 5
PAGE_SIZE = 20
# Results counted exactly up to this number; beyond, « plus de 1 000 résultats » and pages
# up to the cap (the nearest ones: a parent refines or narrows long before page 50).
RESULT_CAP = 1000
# The map lists every point up to this number, and clusters them in cells beyond.
MAP_POINTS_CAP = 3000
MAP_GRID_CELLS = 48  # cells across the circle's diameter when clustered


class PageOutOfRange(ValueError):
    pass


@dataclass(frozen=True)
class SearchQuery:
    latitude: float
    longitude: float
    radius_km: float = DEFAULT_RADIUS_KM
    # Set when the parent searched a commune: adds the services that serve it.
    commune: Commune | None = None
    kinds: tuple[str, ...] = ALL_KINDS
    # Only offers with a free place on or after this date (today for "now").
    available_from: date | None = None
    age_months: int | None = None
    # ISO weekdays on which care is needed, and the time range needed on each of them.
    days: tuple[int, ...] = ()
    start_time: time | None = None
    end_time: time | None = None

    def __post_init__(self):
        if not MIN_RADIUS_KM <= self.radius_km <= MAX_RADIUS_KM:
            raise ValueError("radius out of range")
        unknown = set(self.kinds) - set(ALL_KINDS)
        if unknown:
            raise ValueError(f"unknown kinds: {sorted(unknown)}")


@dataclass
class SearchResult:
    kind: str
    id: int
    name: str
    commune: Commune
    distance_km: float
    latitude: float
    longitude: float
    serves_commune: bool
    # False for a childminder hiding the address: the point is the town hall of the commune.
    exact_location: bool
    available_places: int | None
    available_on: date | None
    availability_confirmed_on: date | None
    civility: str | None = None

    @property
    def kind_label(self) -> str:
        if self.kind == CHILDMINDER_KIND:
            return str(profession_label(self.civility))
        return str(KIND_LABELS[self.kind])

    @property
    def obj(self) -> Childminder | Structure:
        """The childminder or structure itself, read on demand (one query): the list needs
        only the columns above."""
        if self.kind == CHILDMINDER_KIND:
            return Childminder.objects.select_related("commune").get(pk=self.id)
        return Structure.objects.select_related("commune").get(pk=self.id)


@dataclass
class SearchPage:
    query: SearchQuery
    # Exact up to RESULT_CAP; count_capped tells that there are more.
    count: int
    page: int
    page_size: int
    results: list[SearchResult] = field(default_factory=list)
    count_capped: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))


# -- geometry ---------------------------------------------------------------------------


def unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    lat, lon = math.radians(latitude), math.radians(longitude)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def chord_of(km: float) -> float:
    return 2 * math.sin(km / (2 * EARTH_RADIUS_KM))


def km_of(chord2: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(max(chord2, 0.0)) / 2))


@dataclass(frozen=True)
class _Circle:
    latitude: float
    longitude: float
    radius_km: float
    vector: tuple

    @classmethod
    def of(cls, query: "SearchQuery", radius_km: float | None = None) -> "_Circle":
        return cls(
            query.latitude,
            query.longitude,
            radius_km or query.radius_km,
            unit_vector(query.latitude, query.longitude),
        )

    @property
    def chord2(self) -> float:
        return chord_of(self.radius_km) ** 2

    def box(self) -> tuple[float, float, float, float]:
        """(min_lat, max_lat, min_lon, max_lon) holding the whole circle, a hair wider."""
        angle = self.radius_km / EARTH_RADIUS_KM
        dlat = math.degrees(angle)
        cos_lat = math.cos(math.radians(self.latitude))
        if abs(self.latitude) + dlat >= 89.9 or math.sin(angle) >= cos_lat:
            dlon = 180.0
        else:
            # The widest longitude span of a spherical circle (exact, not the flat one).
            dlon = math.degrees(math.asin(math.sin(angle) / cos_lat))
        margin = 1e-6
        return (
            self.latitude - dlat - margin,
            self.latitude + dlat + margin,
            self.longitude - dlon - margin,
            self.longitude + dlon + margin,
        )


def _chord2_sql(circle: _Circle) -> tuple[str, list]:
    x, y, z = circle.vector
    return (
        "((e.x - %s) * (e.x - %s) + (e.y - %s) * (e.y - %s) + (e.z - %s) * (e.z - %s))",
        [x, x, y, y, z, z],
    )


# -- filters ----------------------------------------------------------------------------

ENTRY = SearchEntry._meta.db_table
RTREE = f"{ENTRY}_rtree"
# SQLite: the R*Tree's third dimension (migration search.0003), kinds searched together
# side by side: childminders; the care places; information; leisure; the rest.
KIND_CODES = {
    kind: code
    for code, kind in enumerate(
        ["asm", "eaje", "mam", "rpe", "linf", "laep", "alsh", "clas", "smf", "er", "home_care"]
    )
}
AVAILABILITY = Availability._meta.db_table
HALF_DAY = HalfDayAvailability._meta.db_table
OPENING = OpeningPeriod._meta.db_table
SERVED = Structure.communes_served.through._meta.db_table
COMMUNE = Commune._meta.db_table


def _date(value: date):
    return connection.ops.adapt_datefield_value(value)


def _time(value: time):
    return connection.ops.adapt_timefield_value(value)


def _covering(
    table: str, owner: str, start: str, end: str, query: "SearchQuery", extra: str
) -> tuple[str, list]:
    """Rows with, on every needed day, one range covering the needed hours (one correlated
    subquery counting the covered days); without days, one range covering the hours."""
    conditions, params = [f"r.{owner} = e.object_id{extra}"], []
    if query.start_time:
        conditions.append(f"r.{start} <= %s")
        params.append(_time(query.start_time))
    if query.end_time:
        conditions.append(f"r.{end} >= %s")
        params.append(_time(query.end_time))
    if not query.days:
        return f"EXISTS (SELECT 1 FROM {table} r WHERE {' AND '.join(conditions)})", params
    days = sorted(set(query.days))
    conditions.append(f"r.weekday IN ({', '.join(['%s'] * len(days))})")
    params.extend(days)
    return (
        f"(SELECT COUNT(DISTINCT r.weekday) FROM {table} r WHERE {' AND '.join(conditions)}) = %s",
        [*params, len(days)],
    )


def _childminder_filters(query: "SearchQuery") -> tuple[str, list]:
    conditions, params = ["e.kind = %s"], [CHILDMINDER_KIND]
    if query.available_from:
        conditions.append(
            "e.available_places > 0 AND (e.available_from IS NULL OR e.available_from <= %s)"
        )
        params.append(_date(query.available_from))
    if query.age_months is not None:
        conditions.append("e.age_min_months <= %s AND e.age_max_months >= %s")
        params += [query.age_months, query.age_months]
    if query.days or query.start_time or query.end_time:
        mask = days_mask(query.days)
        if mask:
            conditions.append("(e.days & %s) = %s")
            params += [mask, mask]
        sql, more = _covering(
            AVAILABILITY, "childminder_id", "starts_at", "ends_at", query, " AND r.places > 0"
        )
        conditions.append(sql)
        params += more
    return " AND ".join(conditions), params


def _structure_filters(query: "SearchQuery") -> tuple[str, list]:
    kinds = [kind for kind in query.kinds if kind != CHILDMINDER_KIND]
    if len(kinds) < len(StructureKind.values):
        conditions = [f"e.kind IN ({', '.join(['%s'] * len(kinds))})"]
        params = list(kinds)
    else:
        conditions, params = ["e.kind <> %s"], [CHILDMINDER_KIND]
    if query.available_from:
        # The availability table covers J..J+30 only: a free half-day in that window. The
        # first/last free dates skip the probe for most structures.
        start = max(query.available_from, timezone.localdate())
        end = start + timedelta(days=AVAILABILITY_WINDOW_DAYS)
        conditions.append(
            "e.first_free_on <= %s AND e.last_free_on >= %s AND EXISTS (SELECT 1 FROM "
            f"{HALF_DAY} h WHERE h.structure_id = e.object_id AND h.status = %s "
            "AND h.places > 0 AND h.date BETWEEN %s AND %s)"
        )
        params += [_date(end), _date(start), SlotStatus.AVAILABLE, _date(start), _date(end)]
    if query.age_months is not None:
        conditions.append("e.age_min_months <= %s AND e.age_max_months >= %s")
        params += [query.age_months, query.age_months]
    if query.days or query.start_time or query.end_time:
        mask = days_mask(query.days)
        if mask:
            conditions.append("(e.days & %s) = %s")
            params += [mask, mask]
        sql, more = _covering(OPENING, "structure_id", "opens_at", "closes_at", query, "")
        conditions.append(sql)
        params += more
    return " AND ".join(conditions), params


def _filters(query: "SearchQuery", *, structures_only: bool = False) -> tuple[str, list]:
    parts, params = [], []
    if CHILDMINDER_KIND in query.kinds and not structures_only:
        sql, more = _childminder_filters(query)
        parts.append(f"({sql})")
        params += more
    if any(kind != CHILDMINDER_KIND for kind in query.kinds):
        sql, more = _structure_filters(query)
        parts.append(f"({sql})")
        params += more
    if not parts:
        return "1 = 0", []
    return "(" + " OR ".join(parts) + ")", params


def _within(circle: _Circle, query: "SearchQuery") -> tuple[str, str, list]:
    """FROM and WHERE of the entries inside the circle that pass the filters, the spatial
    index first."""
    min_lat, max_lat, min_lon, max_lon = circle.box()
    chord2, chord_params = _chord2_sql(circle)
    filters, filter_params = _filters(query)
    if connection.vendor == "postgresql":
        source = f"{ENTRY} e"
        where = "point(e.longitude, e.latitude) <@ box(point(%s, %s), point(%s, %s))"
        box_params = [min_lon, min_lat, max_lon, max_lat]
    else:
        # CROSS JOIN keeps the R*Tree as the outer loop (SQLite never reorders it).
        source = f"{RTREE} r CROSS JOIN {ENTRY} e"
        where = "r.max_lat >= %s AND r.min_lat <= %s AND r.max_lon >= %s AND r.min_lon <= %s "
        # The span of the wanted kinds' codes: kinds outside it are never visited; those
        # inside but not wanted are dropped by the filters.
        where += "AND r.max_kind >= %s AND r.min_kind <= %s AND e.id = r.id"
        codes = [KIND_CODES[kind] for kind in query.kinds] or [0]
        box_params = [min_lat, max_lat, min_lon, max_lon, min(codes), max(codes)]
    return (
        source,
        f"{where} AND {chord2} <= %s AND {filters}",
        [*box_params, *chord_params, circle.chord2, *filter_params],
    )


def _knn_order(circle: _Circle) -> tuple[str, list]:
    return (
        "point(e.longitude, e.latitude) <-> point(%s, %s)",
        [circle.longitude, circle.latitude],
    )


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# -- the page ---------------------------------------------------------------------------

# Columns of a row: kind, id, squared chord, then the summary, the commune, the civility.
ROW_COLUMNS = (
    "e.kind, e.object_id, {chord2}, e.latitude, e.longitude, e.name, e.exact_location, "
    "e.available_places, e.available_from, e.availability_confirmed_on, e.commune_id, "
    "c.insee_code, c.name, c.postal_codes, c.departement_id, e.civility"
)
COMMUNE_JOIN = f" JOIN {COMMUNE} c ON c.id = e.commune_id"
COMMUNE_FIELDS = ["id", "insee_code", "name", "postal_codes", "departement_id"]


def _count(query: SearchQuery) -> int:
    """Rows inside the circle, counted up to RESULT_CAP + 1 only."""
    circle = _Circle.of(query)
    source, where, params = _within(circle, query)
    order = ""
    if connection.vendor == "postgresql":
        # Nearest-first, the GiST index streams rows and the count stops at the cap (a
        # bitmap scan would read the whole box first).
        knn, knn_params = _knn_order(circle)
        order, params = f" ORDER BY {knn}", [*params, *knn_params]
    rows = _fetch(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {where}{order} LIMIT %s) t",
        [*params, RESULT_CAP + 1],
    )
    return rows[0][0]


def _sort_key(row: tuple) -> tuple:
    # Ties (same point) are broken by kind and id so that paging is stable.
    return (row[2], row[0], row[1])


def _nearest(query: SearchQuery, count: int, *, offset: int, limit: int) -> list[tuple]:
    """Rows offset..offset+limit of the circle, nearest first (count: _count's answer)."""
    if limit <= 0 or offset >= count:
        return []
    if connection.vendor == "postgresql":
        return _nearest_knn(query, count, offset=offset, limit=limit)
    return _nearest_rings(query, count, offset=offset, limit=limit)


def _nearest_rings(query: SearchQuery, count: int, *, offset: int, limit: int) -> list[tuple]:
    """SQLite: the R*Tree has no nearest-first order, so the rows of a smaller circle are
    sorted first; when it holds at least offset + limit rows they are exactly the nearest ones
    (everything outside is farther), else a wider circle, at last the whole circle. An exact
    count sizes the smaller circle as if results were spread evenly. A capped count only
    bounds the density from below (30 km around Paris hold 40 times the cap), so the
    evenly-spread radius may hold thousands of rows to sort: start at an eighth of it and
    double, each miss costing a few rows."""
    needed = offset + limit
    estimate = query.radius_km * math.sqrt(needed / count)
    if count > RESULT_CAP:
        radii = [estimate / 8 * 2**step for step in range(5)]
    elif count > 4 * needed:
        radii = [1.6 * estimate, 4.8 * estimate]
    else:
        radii = []
    radii = [r for r in radii if r < query.radius_km] + [query.radius_km]
    for radius in radii:
        circle = _Circle.of(query, radius)
        source, where, params = _within(circle, query)
        chord2, chord_params = _chord2_sql(circle)
        rows = _fetch(
            f"SELECT {ROW_COLUMNS.format(chord2=chord2)} FROM {source}{COMMUNE_JOIN} "
            f"WHERE {where} ORDER BY 3, e.kind, e.object_id LIMIT %s OFFSET %s",
            [*chord_params, *params, limit, offset],
        )
        if len(rows) == limit or radius == query.radius_km:
            return rows
    return []  # not reached: the last radius is the query's


def _nearest_knn(query: SearchQuery, count: int, *, offset: int, limit: int) -> list[tuple]:
    """PostgreSQL: the GiST index yields rows by increasing distance in degrees
    sqrt(dlat² + dlon²) (KNN). Degrees are not kilometres, but inside the box a row at
    degree distance δ has a chord at least s·c·δ (radians), c the smallest cosine of
    latitude in the box and s = sinc of the half-width of the box; so once the needed-th
    nearest row by chord lies under that bound for the last δ fetched, no row left behind can
    come before it. Fetched: twice the rows needed at first, four times more each retry."""
    needed = offset + limit
    circle = _Circle.of(query)
    min_lat, max_lat, min_lon, max_lon = circle.box()
    cos_min = math.cos(math.radians(min(90.0, max(abs(min_lat), abs(max_lat)))))
    half_width = math.radians(max(max_lat - min_lat, max_lon - min_lon)) / 2
    sinc = math.sin(half_width) / half_width if half_width else 1.0
    source, where, params = _within(circle, query)
    chord2, chord_params = _chord2_sql(circle)
    knn, knn_params = _knn_order(circle)
    fetch = 2 * needed + 20
    while True:
        rows = _fetch(
            f"SELECT {ROW_COLUMNS.format(chord2=chord2)}, {knn} FROM {source}{COMMUNE_JOIN} "
            f"WHERE {where} ORDER BY {knn} LIMIT %s",
            [*chord_params, *knn_params, *params, *knn_params, fetch],
        )
        ranked = sorted(rows, key=_sort_key)
        if len(rows) < fetch:  # the whole circle was read
            return [row[:-1] for row in ranked[offset:needed]]
        bound = sinc * cos_min * math.radians(rows[-1][-1]) * (1 - 1e-9)
        if len(ranked) >= needed and math.sqrt(ranked[needed - 1][2]) < bound:
            return [row[:-1] for row in ranked[offset:needed]]
        fetch *= 4


def _served_beyond(query: SearchQuery) -> list[tuple]:
    """Structures serving the searched commune from beyond the radius, nearest first."""
    if query.commune is None or not any(kind != CHILDMINDER_KIND for kind in query.kinds):
        return []
    circle = _Circle.of(query)
    chord2, chord_params = _chord2_sql(circle)
    filters, filter_params = _filters(query, structures_only=True)
    rows = _fetch(
        f"SELECT {ROW_COLUMNS.format(chord2=chord2)} FROM {SERVED} cs "
        f"JOIN {ENTRY} e ON e.object_id = cs.structure_id AND e.kind <> %s{COMMUNE_JOIN} "
        f"WHERE cs.commune_id = %s AND {chord2} > %s AND {filters}",
        [*chord_params, CHILDMINDER_KIND, query.commune.pk, *chord_params, circle.chord2,
         *filter_params],
    )  # fmt: skip
    return sorted(rows, key=_sort_key)


def _structure_extras(ids: list[int], query: SearchQuery) -> dict[int, tuple]:
    """For the page's structures: (next free date, its places, serves the commune)."""
    if not ids:
        return {}
    start = max(query.available_from or date.min, timezone.localdate())
    end = start + timedelta(days=AVAILABILITY_WINDOW_DAYS)
    free = (
        f"FROM {HALF_DAY} h WHERE h.structure_id = s.id AND h.status = %s AND h.places > 0 "
        "AND h.date BETWEEN %s AND %s ORDER BY h.date, h.half_day DESC LIMIT 1"
    )
    free_params = [SlotStatus.AVAILABLE, _date(start), _date(end)]
    serves, serves_params = "FALSE", []
    if query.commune is not None:
        serves = (
            f"EXISTS (SELECT 1 FROM {SERVED} cs WHERE cs.structure_id = s.id "
            "AND cs.commune_id = %s)"
        )
        serves_params = [query.commune.pk]
    rows = _fetch(
        f"SELECT s.id, (SELECT h.date {free}), (SELECT h.places {free}), {serves} "
        f"FROM {Structure._meta.db_table} s WHERE s.id IN ({', '.join(['%s'] * len(ids))})",
        [*free_params, *free_params, *serves_params, *ids],
    )
    return {row[0]: row[1:] for row in rows}


def _commune(row: tuple, cache: dict) -> Commune:
    """The row's commune with the fields the list shows (the others load on access)."""
    if row[10] not in cache:
        postal_codes = Commune._meta.get_field("postal_codes").from_db_value(
            row[13], None, connection
        )
        cache[row[10]] = Commune.from_db(
            connection.alias, COMMUNE_FIELDS, [row[10], row[11], row[12], postal_codes, row[14]]
        )
    return cache[row[10]]


def search(query: SearchQuery, *, page: int = 1, page_size: int = PAGE_SIZE) -> SearchPage:
    within = _count(query)
    served = _served_beyond(query)
    capped = within > RESULT_CAP
    count = RESULT_CAP if capped else within + len(served)
    result_page = SearchPage(
        query=query,
        count=min(count, RESULT_CAP),
        page=page,
        page_size=page_size,
        count_capped=capped or count > RESULT_CAP,
    )
    if page < 1 or page > result_page.num_pages:
        raise PageOutOfRange(page)
    offset = (page - 1) * page_size
    limit = min(page_size, result_page.count - offset)
    rows = [(*row, False) for row in _nearest(query, within, offset=offset, limit=limit)]
    if not capped and len(rows) < limit:
        skip = max(0, offset - within)
        rows += [(*row, True) for row in served[skip : skip + limit - len(rows)]]
    structure_ids = [row[1] for row in rows if row[0] != CHILDMINDER_KIND]
    extras = _structure_extras(structure_ids, query)
    communes = {}
    for row in rows:
        kind, pk, chord2, lat, lon, name, exact, places, from_, confirmed = row[:10]
        beyond = row[-1]
        serves = beyond
        if kind != CHILDMINDER_KIND:
            next_free_date, next_free_places, serves_commune = extras[pk]
            serves = beyond or bool(serves_commune)
            has_table = kind in KINDS_WITH_AVAILABILITY
            places = (next_free_places or 0) if has_table else None
            from_ = next_free_date
        result_page.results.append(
            SearchResult(
                kind=kind,
                id=pk,
                name=name,
                commune=_commune(row, communes),
                distance_km=round(km_of(chord2), 2),
                latitude=lat,
                longitude=lon,
                serves_commune=serves,
                exact_location=bool(exact),
                available_places=places,
                available_on=_as_date(from_),
                availability_confirmed_on=_as_date(confirmed),
                civility=row[15],
            )
        )
    return result_page


def _as_date(value) -> date | None:
    # SQLite hands dates back as text through a raw cursor.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


# -- the map ----------------------------------------------------------------------------


@dataclass
class MapPoints:
    """Every result of the circle: points (kind, id, lat, lon) up to MAP_POINTS_CAP, else
    clusters (lat, lon, count) covering them all. Public points only."""

    count: int
    points: list[tuple] = field(default_factory=list)
    clusters: list[tuple] = field(default_factory=list)


def map_points(query: SearchQuery) -> MapPoints:
    circle = _Circle.of(query)
    source, where, params = _within(circle, query)
    rows = _fetch(
        f"SELECT e.kind, e.object_id, e.latitude, e.longitude FROM {source} WHERE {where} LIMIT %s",
        [*params, MAP_POINTS_CAP + 1],
    )
    served = [(row[0], row[1], row[3], row[4]) for row in _served_beyond(query)]
    if len(rows) + len(served) <= MAP_POINTS_CAP:
        points = rows + served
        return MapPoints(count=len(points), points=points)
    # Clustered in SQL: cells of a grid over the circle, each at the mean of its points.
    cell = 2 * math.degrees(circle.radius_km / EARTH_RADIUS_KM) / MAP_GRID_CELLS
    lon_cell = cell / max(0.05, math.cos(math.radians(query.latitude)))
    clusters = _fetch(
        "SELECT AVG(e.latitude), AVG(e.longitude), COUNT(*) "
        f"FROM {source} WHERE {where} "
        "GROUP BY ROUND(e.latitude / %s), ROUND(e.longitude / %s)",
        [*params, cell, lon_cell],
    )
    clusters += [(lat, lon, 1) for _kind, _id, lat, lon in served]
    return MapPoints(count=sum(c[2] for c in clusters), clusters=clusters)
