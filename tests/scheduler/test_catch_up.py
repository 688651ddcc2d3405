"""A scheduled job missed (scheduler down) or killed mid-run runs once at the next pass, and
never twice for the same period."""

import os
import socket
import subprocess
import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from monenfant.scheduler.models import JobRun
from monenfant.scheduler.schedule import Job
from monenfant.scheduler.services import due_jobs, run_job

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
JOB = Job(name="nightly", command="check", at=time(2, 0))
# 2 a.m. in Paris on 10 March 2026 (winter time: 01:00 UTC).
PERIOD = datetime(2026, 3, 10, 1, 0, tzinfo=ZoneInfo("UTC"))


def dead_runner():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}:x"


def unfinished_run(*, runner, started_at):
    return JobRun.objects.create(
        job_name=JOB.name, period=PERIOD, started_at=started_at, runner=runner
    )


def test_a_job_missed_for_days_runs_once_at_the_next_pass():
    JobRun.objects.create(
        job_name=JOB.name,
        period=PERIOD - timedelta(days=3),
        started_at=PERIOD - timedelta(days=3),
        finished_at=PERIOD - timedelta(days=3),
    )
    now = datetime(2026, 3, 10, 9, 0, tzinfo=PARIS)  # the scheduler was down three nights
    assert due_jobs(now, [JOB]) == [JOB]

    run = run_job(JOB, now)
    assert run.succeeded and run.period == PERIOD
    assert due_jobs(now, [JOB]) == []
    assert run_job(JOB, now) is None
    assert JobRun.objects.filter(job_name=JOB.name).count() == 2


def test_a_job_killed_mid_run_runs_again_at_the_next_pass_then_never_again():
    killed = unfinished_run(runner=dead_runner(), started_at=timezone.now())
    now = datetime(2026, 3, 10, 2, 5, tzinfo=PARIS)
    assert due_jobs(now, [JOB]) == [JOB]

    run = run_job(JOB, now)
    assert run.pk == killed.pk
    assert run.succeeded and run.attempts == 2
    assert due_jobs(now, [JOB]) == []
    assert run_job(JOB, now) is None


def test_a_job_still_running_is_left_to_its_runner(settings):
    settings.SCHEDULED_JOB_STALE_AFTER_SECONDS = 3600
    unfinished_run(runner=f"{socket.gethostname()}:{os.getpid()}:x", started_at=timezone.now())
    now = datetime(2026, 3, 10, 2, 5, tzinfo=PARIS)
    assert due_jobs(now, [JOB]) == []
    assert run_job(JOB, now) is None


def test_a_run_of_another_host_is_taken_over_only_once_it_is_too_old(settings):
    settings.SCHEDULED_JOB_STALE_AFTER_SECONDS = 3600
    now = datetime(2026, 3, 10, 3, 2, tzinfo=PARIS)
    run = unfinished_run(runner="other-host:42:x", started_at=now - timedelta(minutes=59))
    assert due_jobs(now, [JOB]) == []
    JobRun.objects.filter(pk=run.pk).update(started_at=now - timedelta(minutes=61))
    assert due_jobs(now, [JOB]) == [JOB]


def test_two_schedulers_claiming_the_same_period_run_it_once():
    now = datetime(2026, 3, 10, 2, 5, tzinfo=PARIS)
    first = run_job(JOB, now)
    assert first.succeeded
    assert run_job(JOB, now) is None
    assert JobRun.objects.filter(job_name=JOB.name, period=PERIOD).count() == 1
