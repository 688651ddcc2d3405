"""Back up the database online (the site keeps running); prints one JSON line."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from monenfant.operations.backups import (
    BackupError,
    backup_database,
    default_backup_name,
    engine_of,
    prune_backups,
)


class Command(BaseCommand):
    help = (
        "Back up the database while the site runs: SQLite through its backup API, PostgreSQL "
        "with pg_dump (custom format). Restore with restore_database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="file to write (default: BACKUP_DIR/monenfant-<date>-<time>.sqlite3 or .dump)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="then delete all but the KEEP newest backups of BACKUP_DIR (0: delete none)",
        )

    def handle(self, *args, output=None, keep=0, **options):
        directory = Path(settings.BACKUP_DIR)
        try:
            engine = engine_of(connections["default"].settings_dict)
            result = backup_database(output=output or directory / default_backup_name(engine))
        except BackupError as error:
            raise CommandError(str(error)) from error
        removed = prune_backups(directory, keep=keep) if keep else []
        self.stdout.write(
            json.dumps(
                {
                    "engine": result.engine,
                    "path": str(result.path),
                    "bytes": result.bytes,
                    "seconds": result.seconds,
                    "pruned": [str(path) for path in removed],
                }
            )
        )
