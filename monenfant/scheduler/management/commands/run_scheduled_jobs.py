import time

from django.core.management.base import BaseCommand

from monenfant.scheduler.services import due_jobs, run_job


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (see monenfant/scheduler/schedule.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="keep running, checking every --interval seconds"
        )
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, loop=False, interval=60, **options):
        while True:
            for job in due_jobs():
                run = run_job(job)
                if run is None:  # another scheduler took it meanwhile
                    continue
                state = "done" if run.succeeded else "FAILED"
                self.stdout.write(f"{job.name}: {state}")
            if not loop:
                return
            time.sleep(interval)
