from django.core.management.base import BaseCommand

from monenfant.information_requests.services import information_requests_purge


class Command(BaseCommand):
    help = (
        "Erase the information requests sent more than 6 months ago (seed 000 CGU); the "
        "anonymous counts per commune, month and information point stay. Dry run by default."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really erase")

    def handle(self, *args, wet_run=False, **options):
        count = information_requests_purge(wet_run=wet_run)
        verb = "Erased" if wet_run else "Would erase"
        self.stdout.write(f"{verb} {count} information requests sent more than 6 months ago.")
