import io
import logging
import traceback
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import JobRun
from .schedule import JOBS, Job
from .worker import process_is_gone, worker_identity

logger = logging.getLogger(__name__)


def _abandoned(run: JobRun, now) -> bool:
    """Unfinished, and its runner is known dead (same host) or started too long ago."""
    if run.finished_at is not None:
        return False
    stale_after = timedelta(seconds=settings.SCHEDULED_JOB_STALE_AFTER_SECONDS)
    return process_is_gone(run.runner) or run.started_at < now - stale_after


def _run_of_period(job: Job, period) -> JobRun | None:
    # Runs recorded before periods were (no period) count by their start.
    legacy = Q(period__isnull=True, started_at__gte=period)
    return JobRun.objects.filter(Q(period=period) | legacy, job_name=job.name).first()


def due_jobs(now=None, jobs=JOBS) -> list[Job]:
    """Jobs with no run for their latest due moment (missed: the scheduler was down, however
    long), or whose run was abandoned by a dead runner (killed mid-run): caught up once."""
    now = timezone.localtime(now or timezone.now())
    due = []
    for job in jobs:
        run = _run_of_period(job, job.last_due_at(now))
        if run is None or _abandoned(run, now):
            due.append(job)
    return due


def _claim(job: Job, period, now) -> JobRun | None:
    """The run of `job` for `period`, now ours; None when another scheduler has it or it is
    done. Creation is guarded by the unique (job, period) constraint and a takeover by a
    conditional UPDATE, so two schedulers never both run a period."""
    me = worker_identity()
    run = _run_of_period(job, period)
    if run is None:
        try:
            with transaction.atomic():
                return JobRun.objects.create(
                    job_name=job.name, period=period, started_at=timezone.now(), runner=me
                )
        except IntegrityError:
            return None
    if not _abandoned(run, now):
        return None
    taken = JobRun.objects.filter(
        pk=run.pk, finished_at=None, runner=run.runner, started_at=run.started_at
    ).update(runner=me, started_at=timezone.now(), attempts=F("attempts") + 1)
    if not taken:
        return None
    logger.warning(
        "Scheduled job %s of %s was abandoned by %s: run again", job.name, period, run.runner
    )
    run.refresh_from_db()
    return run


def run_job(job: Job, now=None) -> JobRun | None:
    """Run `job` for its latest due moment, unless that period is done or being run."""
    now = timezone.localtime(now or timezone.now())
    run = _claim(job, job.last_due_at(now), now)
    if run is None:
        return None
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
