from django.core.management.base import BaseCommand

from monenfant.childminders.reminders import send_pending_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders (« relances ») confirmed by CAF agents and not sent yet; each one "
        "in its own transaction, so a run that stops midway is resumed by the next without "
        "sending twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_pending_reminders()} reminder(s).")
