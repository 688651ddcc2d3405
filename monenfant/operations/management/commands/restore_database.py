"""Replace the content of a database with a backup made by backup_database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from monenfant.operations.backups import BackupError, restore_database, settings_from_url


class Command(BaseCommand):
    help = (
        "Restore a backup of backup_database into the configured database (or --database-url). "
        "Everything the target database holds is replaced: stop the web, worker and scheduler "
        "services first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="a .sqlite3 or .dump file of backup_database")
        parser.add_argument(
            "--database-url",
            help="restore into this database instead of the configured one (it must exist)",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, backup, database_url=None, interactive=True, **options):
        target = (
            settings_from_url(database_url)
            if database_url
            else connections["default"].settings_dict
        )
        if interactive:
            answer = input(
                f"Every table of the database {target['NAME']} will be replaced by {backup}. "
                "Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("restore cancelled")
        try:
            restore_database(source=backup, target=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {backup} into {target['NAME']}.")
