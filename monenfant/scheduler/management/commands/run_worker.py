from django.core.management.base import BaseCommand

from monenfant.scheduler.worker import run_worker


class Command(BaseCommand):
    help = (
        "Run the background task worker: django-tasks-db's worker, plus recovery of tasks "
        "abandoned by a dead worker and reconnection to the database after an outage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="comma-separated; '*' for all")
        parser.add_argument("--interval", type=float, default=1, help="seconds between polls")
        parser.add_argument("--batch", action="store_true", help="stop once the queue is empty")
        parser.add_argument("--max-backoff", type=float, default=60)

    def handle(self, *args, queue_name, interval, batch, max_backoff, **options):
        # Messages go to the root logger (LOGGING in settings): journald or the console.
        run_worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            max_backoff=max_backoff,
        )
