from django.core.management.base import BaseCommand
from django.utils import timezone

from monenfant.childminders import deadline_reminders


class Command(BaseCommand):
    help = (
        "Availability reminders before 1 June and 1 December, breaches on the deadline, "
        "licence-end notices, suspensions of activity starting today. Safe to run again."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        self.stdout.write(
            f"availability reminders sent: {deadline_reminders.send_availability_reminders(today)}"
        )
        self.stdout.write(f"breaches recorded: {deadline_reminders.record_breaches(today)}")
        self.stdout.write(
            f"licence-end notices sent: {deadline_reminders.send_licence_end_notices(today)}"
        )
        self.stdout.write(
            f"suspensions applied: {deadline_reminders.apply_activity_suspensions(today)}"
        )
