from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from monenfant.audit.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Erase the IP address of audit entries older than --days (connection traces are kept "
        "one year); the entries themselves stay. Dry run by default."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--wet-run", action="store_true", help="really erase")

    def handle(self, *args, days=365, wet_run=False, **options):
        old = AuditEntry.objects.filter(
            created_at__lt=timezone.now() - timedelta(days=days), ip_address__isnull=False
        )
        if wet_run:
            count = old.update(ip_address=None)
            self.stdout.write(f"Erased the IP address of {count} entries older than {days} days.")
        else:
            self.stdout.write(
                f"Would erase the IP address of {old.count()} entries older than {days} days."
            )
