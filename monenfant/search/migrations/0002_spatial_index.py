"""The spatial index of the search table, one per engine (Django has no portable one).

SQLite: an R*Tree virtual table (built into the SQLite that Python ships with) holding each
entry's point as a degenerate box, kept in step with the table by triggers.
PostgreSQL: a GiST index on the expression point(longitude, latitude) (core PostgreSQL, no
extension), which serves both the bounding-box test (<@ box) and nearest-first (<->) order.
"""

from django.db import migrations

TABLE = "search_searchentry"
RTREE = "search_searchentry_rtree"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {RTREE} USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    f"""CREATE TRIGGER {TABLE}_rtree_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {RTREE} VALUES (new.id, new.latitude, new.latitude, new.longitude, new.longitude);
    END""",
    f"""CREATE TRIGGER {TABLE}_rtree_update AFTER UPDATE OF latitude, longitude ON {TABLE} BEGIN
        UPDATE {RTREE} SET min_lat = new.latitude, max_lat = new.latitude,
            min_lon = new.longitude, max_lon = new.longitude WHERE id = new.id;
    END""",
    f"""CREATE TRIGGER {TABLE}_rtree_delete AFTER DELETE ON {TABLE} BEGIN
        DELETE FROM {RTREE} WHERE id = old.id;
    END""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_rtree_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_rtree_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_rtree_delete",
    f"DROP TABLE IF EXISTS {RTREE}",
]
POSTGRESQL_FORWARD = [
    f"CREATE INDEX search_entry_point_gist ON {TABLE} USING gist (point(longitude, latitude))",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS search_entry_point_gist"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
