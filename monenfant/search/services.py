"""Keep the search table (SearchEntry) in step with the childminders and structures.

Every write that changes what the search shows (status, point, address shown or hidden,
ages, days, places, free half-days, name) ends with refresh_search_entries() for the rows it
touched: the signals of monenfant.search.signals do it for any save() or delete() of a
childminder or a structure, so services and the model's own refresh_*() methods are covered;
bulk writes (bulk_create, queryset.update(), raw SQL) bypass signals and must call it, or
rebuild_search_entries() for everything (the generator does; `manage.py
rebuild_search_index` too). The spatial index follows the table by itself (triggers on
SQLite, GiST on PostgreSQL). Derived data only: no audit entry of its own.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from monenfant.childminders.enums import ChildminderStatus
from monenfant.childminders.models import Childminder
from monenfant.structures.enums import KINDS_WITH_AVAILABILITY, StructureStatus
from monenfant.structures.models import Structure, StructureRevision

from .models import SearchEntry

CHILDMINDER_KIND = "asm"
COLUMNS = (
    "kind, object_id, latitude, longitude, x, y, z, commune_id, name, exact_location, "
    "age_min_months, age_max_months, days, available_places, available_from, "
    "availability_confirmed_on, first_free_on, last_free_on, civility"
)


def _unit_vector(lat: str, lon: str) -> str:
    return (
        f"COS(RADIANS({lat})) * COS(RADIANS({lon})), "
        f"COS(RADIANS({lat})) * SIN(RADIANS({lon})), SIN(RADIANS({lat}))"
    )


def _childminders_select(where: str) -> str:
    return (
        f"SELECT '{CHILDMINDER_KIND}', id, public_latitude, public_longitude, "
        f"{_unit_vector('public_latitude', 'public_longitude')}, commune_id, display_name, "
        "show_address, age_min_months, age_max_months, available_days, available_places, "
        "available_from, availability_confirmed_on, NULL, NULL, civility "
        f"FROM {Childminder._meta.db_table} WHERE status = %s{where}"
    )


def _structures_select(where: str) -> str:
    with_table = ", ".join(f"'{kind}'" for kind in sorted(KINDS_WITH_AVAILABILITY))
    return (
        f"SELECT kind, id, latitude, longitude, {_unit_vector('latitude', 'longitude')}, "
        "commune_id, name, TRUE, age_min_months, age_max_months, opening_days, NULL, NULL, "
        f"CASE WHEN kind IN ({with_table}) THEN availability_confirmed_on END, "
        "first_free_on, last_free_on, NULL "
        f"FROM {Structure._meta.db_table} WHERE {STRUCTURE_IS_PUBLIC}{where}"
    )


# Structure.objects.visible_to_public() in SQL: validated, or waiting for the CAF with the
# published version still online (an open revision). Parameters: STRUCTURE_PUBLIC_STATES.
STRUCTURE_IS_PUBLIC = (
    "(status = %s OR (status = %s AND id IN "
    f"(SELECT structure_id FROM {StructureRevision._meta.db_table} WHERE closed_at IS NULL)))"
)
STRUCTURE_PUBLIC_STATES = [StructureStatus.VALIDATED, StructureStatus.PENDING]


def _ids_clause(ids: list[int]) -> str:
    return f" AND id IN ({', '.join(['%s'] * len(ids))})"


@transaction.atomic
def refresh_search_entries(
    *, childminder_ids: Iterable[int] = (), structure_ids: Iterable[int] = ()
) -> None:
    """Rewrite the search rows of these childminders and structures from their current
    state (deleted or no longer public: no row)."""
    table = SearchEntry._meta.db_table
    childminder_ids = sorted(set(childminder_ids))
    structure_ids = sorted(set(structure_ids))
    with connection.cursor() as cursor:
        if childminder_ids:
            marks = ", ".join(["%s"] * len(childminder_ids))
            cursor.execute(
                f"DELETE FROM {table} WHERE object_id IN ({marks}) AND kind = %s",
                [*childminder_ids, CHILDMINDER_KIND],
            )
            cursor.execute(
                f"INSERT INTO {table} ({COLUMNS}) "
                + _childminders_select(_ids_clause(childminder_ids)),
                [ChildminderStatus.VALIDATED, *childminder_ids],
            )
        if structure_ids:
            marks = ", ".join(["%s"] * len(structure_ids))
            cursor.execute(
                f"DELETE FROM {table} WHERE object_id IN ({marks}) AND kind <> %s",
                [*structure_ids, CHILDMINDER_KIND],
            )
            cursor.execute(
                f"INSERT INTO {table} ({COLUMNS}) "
                + _structures_select(_ids_clause(structure_ids)),
                [*STRUCTURE_PUBLIC_STATES, *structure_ids],
            )


@transaction.atomic
def rebuild_search_entries() -> int:
    """Rewrite the whole search table (after bulk writes); returns the number of rows."""
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Emptied first: the delete trigger then has nothing left to look up.
            cursor.execute(f"DELETE FROM {table}_rtree")
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} ({COLUMNS}) " + _childminders_select(""),
            [ChildminderStatus.VALIDATED],
        )
        cursor.execute(
            f"INSERT INTO {table} ({COLUMNS}) " + _structures_select(""),
            STRUCTURE_PUBLIC_STATES,
        )
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        count = cursor.fetchone()[0]
    return count
