"""Nearest-first search over childminders and structures, on SQLite and PostgreSQL alike.

No PostGIS: each searchable table has a covering index starting with (status, latitude,
longitude). A query
1. keeps the rows inside the bounding box of the circle (a range served by that index),
2. computes the squared distance in SQL with the equirectangular approximation — only + - *,
   so any engine runs it; under 50 km its error is far below a street block, enough to order,
3. keeps the rows within the radius and orders the union of childminders and structures by
   distance, with LIMIT/OFFSET for the page.
Services whose communes served include the searched commune are added even beyond the radius.
A page costs four queries whatever the number of results: the count, the page's keys, then
one per model for the details. docs/performance.md tells how fast and why.
"""

import math
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monenfant.childminders.models import Availability, Childminder
from monenfant.referential.models import Commune
from monenfant.structures.enums import AVAILABILITY_WINDOW_DAYS, SlotStatus, StructureKind
from monenfant.structures.models import HalfDayAvailability, OpeningPeriod, Structure
from monenfant.utils.weekdays import days_mask

CHILDMINDER_KIND = "asm"
ALL_KINDS = (CHILDMINDER_KIND, *StructureKind.values)
KIND_LABELS = {CHILDMINDER_KIND: _("Assistant maternel"), **dict(StructureKind.choices)}
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320
MIN_RADIUS_KM, MAX_RADIUS_KM = 1, 50
RADIUS_PRESETS_KM = (1, 2, 5, 10, 30)
DEFAULT_RADIUS_KM = 5
PAGE_SIZE = 20


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
    obj: Childminder | Structure

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class SearchPage:
    query: SearchQuery
    count: int
    page: int
    page_size: int
    results: list[SearchResult] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))


def _squared_distance(query: SearchQuery, lat_field: str, lon_field: str) -> ExpressionWrapper:
    lon_scale = KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(query.latitude))
    dx = (F(lon_field) - Value(query.longitude)) * Value(lon_scale)
    dy = (F(lat_field) - Value(query.latitude)) * Value(KM_PER_DEGREE_LAT)
    return ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())


def _bounding_box(query: SearchQuery, radius_km: float, lat_field: str, lon_field: str) -> Q:
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(query.latitude)))
    return Q(
        **{
            f"{lat_field}__range": (query.latitude - dlat, query.latitude + dlat),
            f"{lon_field}__range": (query.longitude - dlon, query.longitude + dlon),
        }
    )


# The filters come after the geographic conditions: SQLite evaluates the conditions in the
# order written, and the EXISTS probes should only run for rows already inside the circle.
def _filtered_childminders(qs: QuerySet, query: SearchQuery) -> QuerySet:
    if query.available_from:
        qs = qs.filter(available_places__gt=0).filter(
            Q(available_from__isnull=True) | Q(available_from__lte=query.available_from)
        )
    if query.age_months is not None:
        qs = qs.filter(age_min_months__lte=query.age_months, age_max_months__gte=query.age_months)
    if query.days or query.start_time or query.end_time:
        slots = Availability.objects.filter(childminder=OuterRef("pk"), places__gt=0)
        if query.start_time:
            slots = slots.filter(starts_at__lte=query.start_time)
        if query.end_time:
            slots = slots.filter(ends_at__gte=query.end_time)
        qs = _with_days(qs, "available_days", query.days)
        qs = _covering_every_day(qs, slots, "childminder", query.days)
    return qs


def _filtered_structures(qs: QuerySet, query: SearchQuery) -> QuerySet:
    structure_kinds = [kind for kind in query.kinds if kind != CHILDMINDER_KIND]
    if len(structure_kinds) < len(StructureKind.values):
        qs = qs.filter(kind__in=structure_kinds)
    if query.available_from:
        # The availability table covers J..J+30 only: a free half-day in that window.
        start = max(query.available_from, timezone.localdate())
        end = start + timedelta(days=AVAILABILITY_WINDOW_DAYS)
        # Prefilter from the index (structures without a free half-day, most of them, are
        # never probed), then the exact check.
        qs = qs.filter(first_free_on__lte=end, last_free_on__gte=start).filter(
            Exists(
                HalfDayAvailability.objects.filter(
                    structure=OuterRef("pk"),
                    status=SlotStatus.AVAILABLE,
                    places__gt=0,
                    date__range=(start, end),
                )
            )
        )
    if query.age_months is not None:
        qs = qs.filter(age_min_months__lte=query.age_months, age_max_months__gte=query.age_months)
    if query.days or query.start_time or query.end_time:
        periods = OpeningPeriod.objects.filter(structure=OuterRef("pk"))
        if query.start_time:
            periods = periods.filter(opens_at__lte=query.start_time)
        if query.end_time:
            periods = periods.filter(closes_at__gte=query.end_time)
        qs = _with_days(qs, "opening_days", query.days)
        qs = _covering_every_day(qs, periods, "structure", query.days)
    return qs


# Columns of the union, all annotations so that every part lists them in the same order.
KEY_COLUMNS = ("k", "i", "d", "s")


def _key_columns(kind, serves) -> dict:
    return {"k": kind, "i": F("pk"), "d": F("dist"), "s": serves}


def _with_days(qs: QuerySet, mask_field: str, days: tuple) -> QuerySet:
    """Prefilter on the bit mask of days, read from the covering index: only rows open or
    free on every needed day are probed for the hours."""
    mask = days_mask(days)
    if not mask:
        return qs
    return qs.alias(days_ok=F(mask_field).bitand(mask)).filter(days_ok=mask)


def _covering_every_day(qs: QuerySet, ranges: QuerySet, owner: str, days: tuple) -> QuerySet:
    """Rows with, on every needed day, one range covering the needed hours. One correlated
    subquery counts the covered days (one probe per row, not one per day)."""
    if not days:
        return qs.filter(Exists(ranges))
    covered = (
        ranges.filter(weekday__in=days)
        .order_by()
        .values(owner)
        .annotate(days=Count("weekday", distinct=True))
        .values("days")
    )
    return qs.alias(days_covered=Subquery(covered)).filter(days_covered=len(days))


def _result_keys(
    query: SearchQuery, *, radius_km: float | None = None, with_served: bool = True
) -> QuerySet:
    """One row (k = kind, i = id, d = squared distance, s = serves the commune beyond the
    radius) per result within radius_km (the query's radius unless told)."""
    radius_km = radius_km or query.radius_km
    parts = []
    if CHILDMINDER_KIND in query.kinds:
        childminders = (
            Childminder.objects.visible_to_public()
            .filter(_bounding_box(query, radius_km, "public_latitude", "public_longitude"))
            .annotate(dist=_squared_distance(query, "public_latitude", "public_longitude"))
            .filter(dist__lte=radius_km**2)
        )
        parts.append(
            _filtered_childminders(childminders, query)
            .annotate(**_key_columns(Value(CHILDMINDER_KIND), Value(False)))
            .values_list(*KEY_COLUMNS)
        )
    if any(kind != CHILDMINDER_KIND for kind in query.kinds):
        structures = Structure.objects.visible_to_public().annotate(
            dist=_squared_distance(query, "latitude", "longitude")
        )
        # Within the radius, whether a structure serves the commune is looked up for the
        # page's rows only (_structures_by_id), not for every row of the circle.
        nearby = structures.filter(_bounding_box(query, radius_km, "latitude", "longitude")).filter(
            dist__lte=radius_km**2
        )
        parts.append(
            _filtered_structures(nearby, query)
            .annotate(**_key_columns(F("kind"), Value(False)))
            .values_list(*KEY_COLUMNS)
        )
        if query.commune is not None and with_served:
            # Beyond the radius but serving the commune: listed too, after the nearer ones.
            within = _bounding_box(query, query.radius_km, "latitude", "longitude")
            serving = structures.filter(communes_served=query.commune).exclude(
                within & Q(dist__lte=query.radius_km**2)
            )
            parts.append(
                _filtered_structures(serving, query)
                .annotate(**_key_columns(F("kind"), Value(True)))
                .values_list(*KEY_COLUMNS)
            )
    if not parts:
        return Structure.objects.none()
    first, *others = parts
    return first.union(*others, all=True) if others else first


def search(query: SearchQuery, *, page: int = 1, page_size: int = PAGE_SIZE) -> SearchPage:
    count = _result_keys(query).count()
    result_page = SearchPage(query=query, count=count, page=page, page_size=page_size)
    if page < 1 or page > result_page.num_pages:
        raise PageOutOfRange(page)
    offset = (page - 1) * page_size
    rows = _nearest_rows(query, count, offset=offset, limit=page_size)
    childminder_ids = [row[1] for row in rows if row[0] == CHILDMINDER_KIND]
    structure_ids = [row[1] for row in rows if row[0] != CHILDMINDER_KIND]
    childminders = _childminders_by_id(childminder_ids)
    structures = _structures_by_id(structure_ids, query)
    for kind, pk, squared_distance, serves in rows:
        distance = math.sqrt(squared_distance)
        if kind == CHILDMINDER_KIND:
            result_page.results.append(_childminder_result(childminders[pk], distance))
        else:
            structure = structures[pk]
            serves = bool(serves) or structure.serves
            result_page.results.append(_structure_result(structure, distance, serves))
    return result_page


def _nearest_rows(query: SearchQuery, count: int, *, offset: int, limit: int) -> list[tuple]:
    """The page's keys, nearest first. In a dense area (30 km around Paris holds ~40,000
    results) sorting the whole circle for 20 rows is the costly part, so a smaller circle
    is tried first, sized from the count as if results were spread evenly: when it holds at
    least offset + limit results they are exactly the nearest ones (everything outside is
    farther), and services listed for serving the commune all lie beyond the full radius."""
    needed = offset + limit
    if count > 4 * needed:
        inner_km = query.radius_km * 2 * math.sqrt(needed / count)
        inner = _result_keys(query, radius_km=inner_km, with_served=False)
        rows = _page_of_keys(inner, offset=offset, limit=limit, total=True)
        if rows and rows[0][4] >= needed:
            return [row[:4] for row in rows]
    if count == 0:
        return []
    return _page_of_keys(_result_keys(query), offset=offset, limit=limit)


def _page_of_keys(keys: QuerySet, *, offset: int, limit: int, total: bool = False) -> list[tuple]:
    """Rows (k, i, d, s) ordered by distance; with total, each row also carries the number of
    rows of keys (a window function, so no second scan)."""
    try:
        sql, params = keys.query.sql_with_params()
    except EmptyResultSet:
        return []
    window = ", COUNT(*) OVER ()" if total else ""
    with connection.cursor() as cursor:
        cursor.execute(
            # Ties (same point) are broken by kind and id so that paging is stable.
            f"SELECT k, i, d, s{window} FROM ({sql}) AS keys ORDER BY d, k, i LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )
        return cursor.fetchall()


def _childminders_by_id(ids: list[int]) -> dict[int, Childminder]:
    if not ids:
        return {}
    return Childminder.objects.select_related("commune").in_bulk(ids)


def _structures_by_id(ids: list[int], query: SearchQuery) -> dict[int, Structure]:
    if not ids:
        return {}
    start = max(query.available_from or date.min, timezone.localdate())
    next_free = HalfDayAvailability.objects.filter(
        structure=OuterRef("pk"),
        status=SlotStatus.AVAILABLE,
        places__gt=0,
        date__range=(start, start + timedelta(days=AVAILABILITY_WINDOW_DAYS)),
    ).order_by("date", "-half_day")
    serves = (
        Exists(
            Structure.communes_served.through.objects.filter(
                structure=OuterRef("pk"), commune=query.commune
            )
        )
        if query.commune is not None
        else Value(False)
    )
    return (
        Structure.objects.select_related("commune")
        .annotate(
            next_free_date=Subquery(next_free.values("date")[:1]),
            next_free_places=Subquery(next_free.values("places")[:1]),
            serves=serves,
        )
        .in_bulk(ids)
    )


def _childminder_result(childminder: Childminder, distance: float) -> SearchResult:
    return SearchResult(
        kind=CHILDMINDER_KIND,
        id=childminder.pk,
        name=childminder.display_name,
        commune=childminder.commune,
        distance_km=round(distance, 2),
        # Never the exact point of a childminder who hides the address.
        latitude=childminder.public_latitude,
        longitude=childminder.public_longitude,
        serves_commune=False,
        exact_location=childminder.show_address,
        available_places=childminder.available_places,
        available_on=childminder.available_from,
        availability_confirmed_on=childminder.availability_confirmed_on,
        obj=childminder,
    )


def _structure_result(structure: Structure, distance: float, serves: bool) -> SearchResult:
    has_table = structure.kind in (StructureKind.EAJE, StructureKind.MAM)
    return SearchResult(
        kind=structure.kind,
        id=structure.pk,
        name=structure.name,
        commune=structure.commune,
        distance_km=round(distance, 2),
        latitude=structure.latitude,
        longitude=structure.longitude,
        serves_commune=serves,
        exact_location=True,
        available_places=(structure.next_free_places or 0) if has_table else None,
        available_on=structure.next_free_date,
        availability_confirmed_on=structure.availability_confirmed_on if has_table else None,
        obj=structure,
    )
