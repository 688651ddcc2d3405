"""The periodic jobs: one line each. `run_scheduled_jobs` runs those that are due.

In development `make run` calls it every minute; in production a cron line or a systemd timer
calls `python manage.py run_scheduled_jobs` every few minutes on one host (see
docs/operations.md). A job is a management command; destructive ones take --wet-run.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    at: time  # local time (Europe/Paris) of the daily run
    args: list[str] = field(default_factory=list)

    def last_due_at(self, now: datetime) -> datetime:
        """The most recent moment this job was due, at or before `now` (aware, local)."""
        due = now.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return due if due <= now else due - timedelta(days=1)


JOBS = [
    # « Relance » (seed 000 AM-F2): the reminders confirmed during the day, sent at night.
    Job(name="send_reminders", command="send_reminders", at=time(2, 0)),
    Job(
        name="prune_task_results",
        command="prune_db_task_results",
        at=time(3, 0),
        args=["--min-age-days", "14", "--failed-min-age-days", "60"],
    ),
    Job(name="purge_outbox", command="purge_outbox", at=time(3, 15), args=["--wet-run"]),
    # Expired sessions stay in the database until removed.
    Job(name="clear_sessions", command="clearsessions", at=time(3, 30)),
    # Connection traces (address, browser) of django-axes: six months.
    Job(name="purge_login_logs", command="axes_reset_logs", at=time(3, 40), args=["--age", "183"]),
    Job(
        name="erase_audit_ip_addresses",
        command="erase_audit_ip_addresses",
        at=time(3, 50),
        args=["--wet-run"],
    ),
    # Families' information requests: six months (seed 000 CGU), then only counts remain.
    Job(
        name="purge_information_requests",
        command="purge_information_requests",
        at=time(4, 0),
        args=["--wet-run"],
    ),
    # Childminders' availability obligation and licence end (monenfant.childminders.deadline_reminders).
    Job(name="childminder_reminders", command="send_childminder_reminders", at=time(6, 0)),
]
