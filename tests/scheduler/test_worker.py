"""Recovery of tasks abandoned by a dead worker, and a worker that waits out a database
outage. Worker processes really killed: test_worker_faults.py."""

import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from monenfant.mailing import tasks
from monenfant.mailing.models import OutboxEmail
from monenfant.mailing.services import send_templated_email
from monenfant.scheduler.worker import recover_abandoned_tasks, run_worker, stuck_tasks

pytestmark = pytest.mark.django_db(transaction=True)
HOST = socket.gethostname()


@pytest.fixture(autouse=True)
def _keep_signal_handlers():
    """The worker installs its SIGTERM/SIGINT handlers; pytest gets its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def new_email():
    return send_templated_email(
        to="parent@example.org", template="test_message", context={"name": "Camille"}
    )


def running_task(*, worker_id, started_minutes_ago, claims=1):
    email = new_email()
    task = DBTaskResult.objects.get(args_kwargs__args=[email.pk])
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
        worker_ids=[f"earlier-{n}" for n in range(claims - 1)] + [worker_id],
    )
    return task


def dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def status(task):
    return DBTaskResult.objects.get(pk=task.pk).status


def test_a_task_whose_worker_process_is_gone_is_queued_again_at_once(settings):
    settings.TASK_STALE_AFTER_SECONDS = 15 * 60
    orphan = running_task(worker_id=f"{HOST}:{dead_pid()}:abc", started_minutes_ago=1)
    alive = running_task(worker_id=f"{HOST}:{os.getpid()}:abc", started_minutes_ago=1)

    assert recover_abandoned_tasks() == {"requeued": 1, "failed": 0}
    assert status(orphan) == "READY"
    assert status(alive) == "RUNNING"


def test_a_task_of_another_host_is_queued_again_only_after_the_timeout(settings):
    settings.TASK_STALE_AFTER_SECONDS = 10 * 60
    recent = running_task(worker_id="other-host:12:abc", started_minutes_ago=9)
    stale = running_task(worker_id="other-host:12:abc", started_minutes_ago=11)
    assert list(stuck_tasks()) == [stale]

    assert recover_abandoned_tasks() == {"requeued": 1, "failed": 0}
    assert status(recent) == "RUNNING"
    assert status(stale) == "READY"
    assert recover_abandoned_tasks() == {"requeued": 0, "failed": 0}  # done once


def test_a_task_that_killed_its_worker_too_often_is_marked_failed(settings):
    settings.TASK_MAX_CLAIMS = 3
    settings.TASK_STALE_AFTER_SECONDS = 60
    twice = running_task(worker_id="other-host:1:a", started_minutes_ago=5, claims=2)
    thrice = running_task(worker_id="other-host:1:a", started_minutes_ago=5, claims=3)

    assert recover_abandoned_tasks() == {"requeued": 1, "failed": 1}
    assert status(twice) == "READY"
    assert status(thrice) == "FAILED"


def test_the_worker_waits_out_a_database_outage_and_then_delivers():
    new_email()
    real_get_locked = DBTaskResultQuerySet.get_locked
    failures = iter([OperationalError("server closed the connection")] * 3)

    def flaky_get_locked(queryset):
        error = next(failures, None)
        if error:
            raise error
        return real_get_locked(queryset)

    with (
        mock.patch.object(DBTaskResultQuerySet, "get_locked", flaky_get_locked),
        mock.patch("monenfant.scheduler.worker.time.sleep") as sleep,
    ):
        run_worker(queue_names=["*"], batch=True, max_backoff=3)

    assert len(mail.outbox) == 1
    waits = [call.args[0] for call in sleep.call_args_list]
    # Exponential back-off (1, 2, then capped at 3 s), each with up to a quarter of jitter.
    assert [int(w) for w in waits] == [1, 2, 3]
    assert all(base <= w <= base * 1.25 for w, base in zip(waits, [1, 2, 3], strict=True))


def test_a_task_cut_by_a_database_outage_is_queued_again_not_failed():
    email = new_email()
    real_claim = tasks._claim
    failures = iter([OperationalError("terminating connection due to administrator command")])

    def flaky_claim(*args):
        error = next(failures, None)
        if error:
            raise error
        return real_claim(*args)

    with (
        mock.patch.object(tasks, "_claim", flaky_claim),
        mock.patch("monenfant.scheduler.worker.time.sleep"),
    ):
        run_worker(queue_names=["*"], batch=True)

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == "envoye"
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]


def test_an_email_claimed_by_a_live_delivery_is_not_sent_by_a_second_task():
    email = new_email()
    OutboxEmail.objects.filter(pk=email.pk).update(
        claimed_by="another-task", claimed_until=timezone.now() + timedelta(minutes=5)
    )

    run_worker(queue_names=["*"], batch=True)

    assert mail.outbox == []
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("en_attente", 0)
    # It is looked at again once the other delivery's claim has run out.
    check = DBTaskResult.objects.get(status="READY")
    assert check.run_after == email.claimed_until


def test_an_email_whose_claim_ran_out_is_taken_over_and_sent_once():
    email = new_email()
    OutboxEmail.objects.filter(pk=email.pk).update(
        claimed_by="dead-task", claimed_until=timezone.now() - timedelta(seconds=1), attempts=1
    )
    run_worker(queue_names=["*"], batch=True)
    run_worker(queue_names=["*"], batch=True)

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.claimed_by) == ("envoye", 2, "")


def test_an_email_whose_worker_died_on_every_attempt_is_given_up(settings):
    settings.EMAIL_RETRY_DELAYS = [60, 60]  # three attempts in all
    email = new_email()
    OutboxEmail.objects.filter(pk=email.pk).update(attempts=3)
    run_worker(queue_names=["*"], batch=True)

    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == "echec"
    assert "arrêté" in email.last_error
