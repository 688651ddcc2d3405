from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import get_commands, load_command_class

from monenfant.scheduler.schedule import JOBS, Job
from monenfant.scheduler.services import due_jobs, run_job

PARIS = ZoneInfo("Europe/Paris")


def test_schedule_file_is_valid():
    names = [job.name for job in JOBS]
    assert len(names) == len(set(names)), "job names must be unique"
    commands = get_commands()
    for job in JOBS:
        assert job.command in commands, f"{job.name}: unknown command {job.command}"
        parser = load_command_class(commands[job.command], job.command).create_parser(
            "manage.py", job.command
        )
        parser.parse_args(job.args)  # the arguments are accepted by the command


def test_a_daily_job_is_due_once_its_time_has_passed():
    job = Job(name="nightly", command="check", at=time(2, 0))
    before = datetime(2026, 3, 10, 1, 59, tzinfo=PARIS)
    after = datetime(2026, 3, 10, 2, 0, tzinfo=PARIS)
    assert job.last_due_at(before) == datetime(2026, 3, 9, 2, 0, tzinfo=PARIS)
    assert job.last_due_at(after) == after


@pytest.mark.django_db
def test_due_jobs_run_once_per_day_and_record_their_run():
    job = Job(name="nightly", command="check", at=time(2, 0))
    now = datetime(2026, 3, 10, 2, 30, tzinfo=PARIS)
    assert due_jobs(now, [job]) == [job]

    with time_machine.travel(now - timedelta(minutes=10), tick=False):
        run = run_job(job)
    assert run.succeeded
    assert "no issues" in run.output
    assert due_jobs(now, [job]) == []
    assert due_jobs(now + timedelta(days=1), [job]) == [job]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_and_does_not_stop_the_scheduler():
    run = run_job(Job(name="broken", command="load_referential", at=time(1, 0), args=["--nope"]))
    assert not run.succeeded
    assert run.finished_at is not None
