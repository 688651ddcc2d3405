from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from monenfant.mailing.models import OutboxEmail


class Command(BaseCommand):
    help = "Delete outbox e-mails older than --days (they hold personal data). Dry run by default."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--wet-run", action="store_true", help="really delete")

    def handle(self, *args, days=90, wet_run=False, **options):
        old = OutboxEmail.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
        if wet_run:
            count, _ = old.delete()
            self.stdout.write(f"Deleted {count} e-mails older than {days} days.")
        else:
            self.stdout.write(f"Would delete {old.count()} e-mails older than {days} days.")
