import io
import logging
import traceback

from django.core.management import call_command
from django.utils import timezone

from .models import JobRun
from .schedule import JOBS, Job

logger = logging.getLogger(__name__)


def due_jobs(now=None, jobs=JOBS) -> list[Job]:
    now = timezone.localtime(now or timezone.now())
    due = []
    for job in jobs:
        last = JobRun.objects.filter(job_name=job.name).order_by("-started_at").first()
        if last is None or last.started_at < job.last_due_at(now):
            due.append(job)
    return due


def run_job(job: Job) -> JobRun:
    run = JobRun.objects.create(job_name=job.name, started_at=timezone.now())
    output = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
        run.succeeded = True
    except Exception:
        logger.exception("Scheduled job %s failed", job.name)
        output.write(traceback.format_exc())
    run.finished_at = timezone.now()
    run.output = output.getvalue()[-10000:]
    run.save(update_fields=["succeeded", "finished_at", "output"])
    return run
