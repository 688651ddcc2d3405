"""SQLite: a third dimension in the R*Tree, the entry's kind as a number, so that a search
restricted to some kinds visits only their points (rpe and linf within 50 km of Paris: a few
hundred points instead of a hundred thousand). The numbering puts together the kinds that are
searched together (monenfant.search.selectors.KIND_CODES, checked against this list by
tests/search/test_kind_dimension.py). PostgreSQL is unchanged.
"""

from django.db import migrations

TABLE = "search_searchentry"
RTREE = "search_searchentry_rtree"
KINDS = ["asm", "eaje", "mam", "rpe", "linf", "laep", "alsh", "clas", "smf", "er", "home_care"]
KIND_CODE = (
    "CASE new.kind "
    + " ".join(f"WHEN '{kind}' THEN {code}" for code, kind in enumerate(KINDS))
    + " END"
)
POINT = "new.id, new.latitude, new.latitude, new.longitude, new.longitude"

FORWARD = [
    f"DROP TRIGGER {TABLE}_rtree_insert",
    f"DROP TRIGGER {TABLE}_rtree_update",
    f"DROP TRIGGER {TABLE}_rtree_delete",
    f"DROP TABLE {RTREE}",
    f"CREATE VIRTUAL TABLE {RTREE} USING rtree(id, min_lat, max_lat, min_lon, max_lon, "
    "min_kind, max_kind)",
    f"""CREATE TRIGGER {TABLE}_rtree_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {RTREE} VALUES ({POINT}, {KIND_CODE}, {KIND_CODE});
    END""",
    f"""CREATE TRIGGER {TABLE}_rtree_update AFTER UPDATE OF latitude, longitude, kind
        ON {TABLE} BEGIN
        UPDATE {RTREE} SET min_lat = new.latitude, max_lat = new.latitude,
            min_lon = new.longitude, max_lon = new.longitude,
            min_kind = {KIND_CODE}, max_kind = {KIND_CODE} WHERE id = new.id;
    END""",
    f"""CREATE TRIGGER {TABLE}_rtree_delete AFTER DELETE ON {TABLE} BEGIN
        DELETE FROM {RTREE} WHERE id = old.id;
    END""",
    f"INSERT INTO {RTREE} SELECT id, latitude, latitude, longitude, longitude, "
    + KIND_CODE.replace("new.", "")
    + ", "
    + KIND_CODE.replace("new.", "")
    + f" FROM {TABLE}",
]
BACKWARD = [
    f"DROP TRIGGER {TABLE}_rtree_insert",
    f"DROP TRIGGER {TABLE}_rtree_update",
    f"DROP TRIGGER {TABLE}_rtree_delete",
    f"DROP TABLE {RTREE}",
    f"CREATE VIRTUAL TABLE {RTREE} USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    f"""CREATE TRIGGER {TABLE}_rtree_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {RTREE} VALUES ({POINT});
    END""",
    f"""CREATE TRIGGER {TABLE}_rtree_update AFTER UPDATE OF latitude, longitude ON {TABLE} BEGIN
        UPDATE {RTREE} SET min_lat = new.latitude, max_lat = new.latitude,
            min_lon = new.longitude, max_lon = new.longitude WHERE id = new.id;
    END""",
    f"""CREATE TRIGGER {TABLE}_rtree_delete AFTER DELETE ON {TABLE} BEGIN
        DELETE FROM {RTREE} WHERE id = old.id;
    END""",
    f"INSERT INTO {RTREE} SELECT id, latitude, latitude, longitude, longitude FROM {TABLE}",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_spatial_index")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
