"""The task worker that survives faults, built on django-tasks-db's own worker (no queue of
our own): tasks abandoned by a dead worker are run again, a forced stop puts the task back,
and a database outage is waited out with back-off instead of ending the process.

See docs/architecture.md (how a background job flows) and docs/operations.md.
"""

import contextlib
import logging
import os
import random
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RECOVERY_INTERVAL_SECONDS = 60


def worker_identity() -> str:
    """`host:pid:random`: a later worker on the same host can tell whether this one still runs."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def process_is_gone(worker_id: str) -> bool:
    """True only when `worker_id` ran on this host and its process no longer exists."""
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def stuck_tasks():
    """Tasks running for longer than TASK_STALE_AFTER_SECONDS, or ready and waiting for as long
    (no worker is taking them): what the technical administrator should look at."""
    cutoff = timezone.now() - timedelta(seconds=settings.TASK_STALE_AFTER_SECONDS)
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff) | (
        DBTaskResult.objects.ready().filter(run_after__lt=cutoff)
    )


def recover_abandoned_tasks(*, own_worker_ids=(), now=None) -> dict[str, int]:
    """Put back in the queue the RUNNING tasks whose worker died: its process is gone (same
    host), it is one of `own_worker_ids` (this very process lost its database while running
    it), or it started more than TASK_STALE_AFTER_SECONDS ago. A task already claimed
    TASK_MAX_CLAIMS times is marked failed instead: it kills its workers.

    Each change is a conditional UPDATE on the state read, so two workers recovering at once
    requeue a task once."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_STALE_AFTER_SECONDS)
    counts = {"requeued": 0, "failed": 0}
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for task in running.only("pk", "started_at", "worker_ids"):
        last_worker = task.worker_ids[-1] if task.worker_ids else ""
        abandoned = (
            last_worker in own_worker_ids
            or process_is_gone(last_worker)
            or (task.started_at is not None and task.started_at < cutoff)
        )
        if not abandoned:
            continue
        same_run = running.filter(pk=task.pk, started_at=task.started_at)
        if len(task.worker_ids) >= settings.TASK_MAX_CLAIMS:
            changed = same_run.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="monenfant.scheduler.worker.AbandonedTask",
                traceback=f"Its worker died during each of {len(task.worker_ids)} runs.",
            )
            counts["failed"] += changed
            if changed:
                logger.error("Task %s failed: its worker died during every run", task.pk)
        else:
            changed = same_run.update(status=TaskResultStatus.READY, started_at=None)
            counts["requeued"] += changed
            if changed:
                logger.warning("Task %s abandoned by worker %s: queued again", task.pk, last_worker)
    return counts


class ResilientWorker(Worker):
    """django-tasks-db's worker, except that a forced stop (second SIGTERM, Ctrl+C) or a
    database outage puts the interrupted task back in the queue instead of marking it failed:
    it did not fail, it was cut, and the e-mail it was sending must still go."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # Same steps as the upstream method, plus the interruption branch.
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                return_value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                return_value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except (SystemExit, KeyboardInterrupt, *DATABASE_ERRORS) as error:
            # Cut by a stop or by a database outage: the task did not fail; queue it again
            # and let the caller stop or wait for the database.
            logger.warning("Task %s interrupted (%r): queued again", db_task_result.pk, error)
            # If the database is away too, the next worker sees this process gone and requeues.
            with contextlib.suppress(*DATABASE_ERRORS):
                DBTaskResult.objects.filter(
                    pk=db_task_result.pk, status=TaskResultStatus.RUNNING
                ).update(status=TaskResultStatus.READY, started_at=None)
            raise
        except BaseException as error:
            db_task_result.set_failed(error)
            try:
                sender = type(db_task_result.task.get_backend())
                task_result = db_task_result.task_result
            except (ImportError, SuspiciousOperation):
                logger.exception("Task %s failed unexpectedly", db_task_result.pk)
            else:
                task_finished.send(sender=sender, task_result=task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1


def run_worker(
    *, queue_names: list[str], interval: float = 1, batch: bool = False, max_backoff: float = 60
) -> None:
    """Run tasks until stopped (or, with `batch`, until the queue is empty), recovering
    abandoned tasks every minute and waiting out database outages with exponential back-off."""
    worker_id = worker_identity()
    worker = ResilientWorker(
        queue_names=queue_names,
        interval=interval,
        batch=True,  # one pass over the ready tasks; the loop below decides whether to go on
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    logger.info("Worker %s started on queues %s", worker_id, ",".join(queue_names))
    backoff = 1.0
    last_recovery = float("-inf")
    outage = False
    while worker.running:
        try:
            if time.monotonic() - last_recovery >= RECOVERY_INTERVAL_SECONDS or outage:
                recover_abandoned_tasks(own_worker_ids={worker_id})
                last_recovery = time.monotonic()
            worker.run()
        except DATABASE_ERRORS as error:
            outage = True
            logger.warning("Database unreachable (%s); next try in %.0f s", error, backoff)
            _close_connections()
            # Jitter, so that many workers do not knock on the recovering database at once.
            time.sleep(backoff * (1 + random.random() / 4))
            backoff = min(backoff * 2, max_backoff)
            continue
        if outage:
            logger.warning("Database reachable again; worker %s resumes", worker_id)
            outage = False
            backoff = 1.0
        if batch:
            return
        if worker.running:
            time.sleep(interval)


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(*DATABASE_ERRORS):
            connection.close()
