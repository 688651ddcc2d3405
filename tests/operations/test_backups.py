"""Backups restore: a backup made while the site runs, restored into a fresh database, holds
the data (on the engine the suite runs on: SQLite, or PostgreSQL in CI's second run)."""

import os
import sqlite3
from io import StringIO

import dj_database_url
import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import UserFactory

# The backup is made by other connections (pg_dump) than the test's: the data must be
# committed, hence transactional tests.
pytestmark = pytest.mark.django_db(transaction=True)


class FreshDatabase:
    """An empty database beside the test database, read with the engine's own client (not
    Django's), so that what is found there was really restored."""

    def __init__(self, url: str):
        self.url = url
        self.settings = dj_database_url.parse(url)

    def rows(self, sql: str) -> list[tuple]:
        if self.url.startswith("sqlite"):
            database = sqlite3.connect(self.settings["NAME"])
            try:
                return database.execute(sql).fetchall()
            finally:
                database.close()
        with psycopg.connect(self.url) as database:
            return database.execute(sql).fetchall()

    def execute(self, sql: str) -> None:
        if self.url.startswith("sqlite"):
            database = sqlite3.connect(self.settings["NAME"])
            with database:
                database.execute(sql)
            database.close()
        else:
            with psycopg.connect(self.url) as database:
                database.execute(sql)


@pytest.fixture
def fresh_database(tmp_path):
    if connection.vendor == "sqlite":
        yield FreshDatabase(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        return
    # A name derived from the configured database (never the test database's own).
    configured = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{configured['NAME']}_restore_test"
    server = {k: configured[k] for k in ("USER", "PASSWORD", "HOST", "PORT")}
    admin_url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/postgres".format(**server)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield FreshDatabase(admin_url.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backup(tmp_path, name="backup"):
    path = tmp_path / name
    out = StringIO()
    call_command("backup_database", output=path, stdout=out)
    return path, out.getvalue()


def test_a_backup_restored_into_a_fresh_database_holds_the_data(tmp_path, fresh_database):
    UserFactory(email="avant.sauvegarde@example.org", first_name="Anaïs")
    path, report = backup(tmp_path)
    assert f'"path": "{path}"' in report
    UserFactory(email="apres.sauvegarde@example.org")

    call_command(
        "restore_database", str(path), database_url=fresh_database.url, interactive=False,
        stdout=StringIO(),
    )  # fmt: skip

    emails = {email for (email,) in fresh_database.rows("SELECT email FROM accounts_user")}
    assert "avant.sauvegarde@example.org" in emails
    assert "apres.sauvegarde@example.org" not in emails  # written after the backup
    assert fresh_database.rows(
        "SELECT first_name FROM accounts_user WHERE email = 'avant.sauvegarde@example.org'"
    ) == [("Anaïs",)]
    # The schema came too: the restored database knows every migration applied here.
    applied = connection.cursor()
    applied.execute("SELECT COUNT(*) FROM django_migrations")
    assert fresh_database.rows("SELECT COUNT(*) FROM django_migrations") == [applied.fetchone()]


def test_a_restore_replaces_what_the_target_held(tmp_path, fresh_database):
    UserFactory(email="sauvegarde@example.org")
    path, _report = backup(tmp_path)
    call_command("restore_database", str(path), database_url=fresh_database.url, interactive=False)
    fresh_database.execute("DELETE FROM accounts_user WHERE email = 'sauvegarde@example.org'")
    fresh_database.execute(
        "UPDATE django_migrations SET name = 'changed after the backup' WHERE app = 'accounts'"
    )

    # Restoring again over a database with content is not refused (nor half-applied).
    call_command("restore_database", str(path), database_url=fresh_database.url, interactive=False)

    assert fresh_database.rows(
        "SELECT email FROM accounts_user WHERE email = 'sauvegarde@example.org'"
    ) == [("sauvegarde@example.org",)]
    assert fresh_database.rows(
        "SELECT COUNT(*) FROM django_migrations WHERE name = 'changed after the backup'"
    ) == [(0,)]


def test_a_file_that_is_not_a_backup_is_refused_and_the_target_left_alone(tmp_path, fresh_database):
    path, _report = backup(tmp_path)
    call_command("restore_database", str(path), database_url=fresh_database.url, interactive=False)
    stray = tmp_path / "notes.txt"
    stray.write_text("pas une sauvegarde")

    with pytest.raises(CommandError, match="not a"):
        call_command(
            "restore_database", str(stray), database_url=fresh_database.url, interactive=False
        )
    with pytest.raises(CommandError, match="no backup file"):
        call_command(
            "restore_database", str(tmp_path / "absent"), database_url=fresh_database.url,
            interactive=False,
        )  # fmt: skip

    assert fresh_database.rows("SELECT COUNT(*) FROM django_migrations") != [(0,)]


def test_the_restore_asks_before_replacing_the_database(tmp_path, fresh_database, monkeypatch):
    path, _report = backup(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "non")

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore_database", str(path), database_url=fresh_database.url)

    if connection.vendor == "sqlite":
        assert not fresh_database.rows("SELECT name FROM sqlite_master")
    else:
        assert not fresh_database.rows(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )


def test_old_backups_are_pruned_when_asked(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    for stamp in ["20261101-030000", "20261102-030000", "20261103-030000"]:
        (tmp_path / f"monenfant-{stamp}.{suffix}").write_bytes(b"old")
    (tmp_path / "unrelated.txt").write_text("kept")

    out = StringIO()
    call_command("backup_database", keep=2, stdout=out)

    names = sorted(path.name for path in tmp_path.iterdir())
    assert len(names) == 3
    assert names[0] == f"monenfant-20261103-030000.{suffix}"
    assert names[2] == "unrelated.txt"
    assert names[1].startswith("monenfant-2") and names[1] > names[0]
