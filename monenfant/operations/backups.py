"""Online backups of the database and their restore, on SQLite and on PostgreSQL.

SQLite is copied with its backup API (``sqlite3.Connection.backup``): one read transaction
gives a consistent copy while the site keeps writing (WAL readers do not block writers), which
copying the file would not. PostgreSQL is dumped with ``pg_dump --format=custom`` and restored
with ``pg_restore``, whose versions must not be older than the server's.

The connection parameters of PostgreSQL reach the client programs through the environment
(``PGPASSWORD``…), never on their command line, where any local user could read them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.db import connections

SQLITE_HEADER = b"SQLite format 3\x00"
# The first bytes of a pg_dump archive in custom format.
PG_CUSTOM_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (operator output)."""


@dataclass(frozen=True)
class BackupResult:
    engine: str
    path: Path
    bytes: int
    seconds: float


def engine_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"unsupported database engine: {engine}")


def settings_from_url(url: str) -> dict:
    return dj_database_url.parse(url)


def default_backup_name(engine: str) -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return f"monenfant-{stamp}.{'sqlite3' if engine == 'sqlite' else 'dump'}"


def backup_database(*, output: Path, using: str = "default") -> BackupResult:
    """Copy the database `using` to `output` (written beside it, then renamed, so that a
    half-written file never carries the final name)."""
    connection = connections[using]
    engine = engine_of(connection.settings_dict)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    started = time.monotonic()
    try:
        if engine == "sqlite":
            _sqlite_backup(connection, partial)
        else:
            _run(
                [_program("pg_dump"), "--format=custom", "--file", str(partial)],
                connection.settings_dict,
            )
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(
        engine=engine,
        path=output,
        bytes=output.stat().st_size,
        seconds=round(time.monotonic() - started, 3),
    )


def restore_database(*, source: Path, target: dict) -> None:
    """Replace the content of the database described by `target` (a DATABASES entry) with the
    backup `source`. The target database must exist; what it held is dropped."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    engine = engine_of(target)
    with source.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if engine == "sqlite":
        if header != SQLITE_HEADER:
            raise BackupError(f"{source} is not a SQLite database")
        _sqlite_restore(source, Path(target["NAME"]))
    else:
        if not header.startswith(PG_CUSTOM_HEADER):
            raise BackupError(f"{source} is not a pg_dump archive in custom format")
        _run(
            [
                _program("pg_restore"),
                # Drop what the target holds first, and leave it untouched on any error.
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                # The restoring role owns everything: the target may use another role name.
                "--no-owner",
                "--no-privileges",
                "--dbname",
                str(target["NAME"]),
                str(source),
            ],
            target,
        )


def prune_backups(directory: Path, *, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups written by `backup_database` in `directory`."""
    # The names carry the time of the backup: their order is the age order.
    backups = sorted(
        [*directory.glob("monenfant-*.sqlite3"), *directory.glob("monenfant-*.dump")],
        key=lambda path: path.name,
    )
    removed = backups[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def _sqlite_backup(connection, destination: Path) -> None:
    # Django's own connection, so that an in-memory database (the tests') can be copied too.
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        # pages=-1: one step, hence one read transaction and a consistent copy.
        connection.connection.backup(target, pages=-1)
        _check_sqlite(target, destination)
    finally:
        target.close()


def _sqlite_restore(source: Path, destination: Path) -> None:
    origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check_sqlite(origin, source)
        # The busy timeout lets a running write finish; the copy then holds the write lock.
        target = sqlite3.connect(destination, timeout=30)
        try:
            origin.backup(target, pages=-1)
        finally:
            target.close()
    finally:
        origin.close()


def _check_sqlite(database: sqlite3.Connection, path: Path) -> None:
    (result,) = database.execute("PRAGMA quick_check").fetchone()
    if result != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {result}")


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client)"
        )
    return path


def _run(command: list[str], settings_dict: dict) -> None:
    result = subprocess.run(
        command, env=_pg_environment(settings_dict), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return env
