"""The task worker killed or cut off mid-delivery: every e-mail still leaves, exactly once.

These tests start real worker processes (`manage.py run_worker`) on a database shared with
the test: a file for SQLite, the test database for PostgreSQL."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.django_db(transaction=True)

CREATE_EMAIL = """
from monenfant.mailing.services import send_templated_email
email = send_templated_email(to="parent@example.org", template="test_message",
                             context={"name": "Camille"})
print(email.pk)
"""

STATE = """
import json
from django_tasks_db.models import DBTaskResult
from monenfant.mailing.models import OutboxEmail
print(json.dumps({
    "emails": list(OutboxEmail.objects.values_list("status", "attempts")),
    "tasks": sorted(DBTaskResult.objects.values_list("status", flat=True)),
}))
"""


def subprocess_env(tmp_path, database_url):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.subprocess_settings",
        "DATABASE_URL": database_url,
        "FAULT_MAIL_DIR": str(mail_dir),
        "MAIL_DIR": str(mail_dir),
        "MONENFANT_VAR_DIR": str(tmp_path),
    }


@pytest.fixture(scope="module")
def migrated_sqlite_file(tmp_path_factory):
    """The SQLite test database lives in memory: processes share a migrated file instead,
    migrated once for the module and copied for each test."""
    directory = tmp_path_factory.mktemp("sqlite")
    path = directory / "template.sqlite3"
    manage(subprocess_env(directory, f"sqlite:///{path}"), "migrate", "--noinput", "-v0")
    return path


@pytest.fixture
def shared_db(request, tmp_path):
    """Environment of a subprocess that works on the same database as the test."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
            f"{settings['NAME']}"
        )
    else:
        path = tmp_path / "shared.sqlite3"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite_file"), path)
        url = f"sqlite:///{path}"
    return subprocess_env(tmp_path, url)


def manage(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def state(env):
    return json.loads(manage(env, "shell", "-c", STATE).strip().splitlines()[-1])


def sent_messages(env):
    return sorted(Path(env["MAIL_DIR"]).glob("*.eml"))


def start_worker_and_wait_for_the_delivery(env):
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    marker = Path(env["MAIL_DIR"], "sending")
    deadline = time.monotonic() + 60
    while not marker.exists():
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail("the worker never started the delivery:\n" + worker.stdout.read().decode())
        time.sleep(0.1)
    return worker


def test_a_worker_killed_during_a_delivery_sends_the_email_exactly_once_after_restart(shared_db):
    manage(shared_db, "shell", "-c", CREATE_EMAIL)
    worker = start_worker_and_wait_for_the_delivery(shared_db)

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    worker.stdout.close()
    assert sent_messages(shared_db) == []
    assert state(shared_db) == {"emails": [["en_attente", 1]], "tasks": ["RUNNING"]}

    # The restarted worker sees its predecessor's process gone: no wait for the timeout.
    manage(shared_db, "run_worker", "--batch")

    [message] = sent_messages(shared_db)
    assert b"Message de test pour Camille" in message.read_bytes()
    assert b"Message-ID: <outbox." in message.read_bytes()
    assert state(shared_db) == {"emails": [["envoye", 2]], "tasks": ["SUCCESSFUL"]}

    manage(shared_db, "run_worker", "--batch")  # nothing left to do, nothing sent again
    assert len(sent_messages(shared_db)) == 1


def test_a_worker_stopped_by_two_sigterms_puts_the_delivery_back_and_loses_nothing(shared_db):
    manage(shared_db, "shell", "-c", CREATE_EMAIL)
    worker = start_worker_and_wait_for_the_delivery(shared_db)

    worker.send_signal(signal.SIGTERM)  # graceful: would wait for the end of the delivery
    time.sleep(0.5)
    worker.send_signal(signal.SIGTERM)  # forced: cuts the delivery
    assert worker.wait(timeout=20) != 0
    worker.stdout.close()
    assert sent_messages(shared_db) == []
    assert state(shared_db) == {"emails": [["en_attente", 1]], "tasks": ["READY"]}

    manage(shared_db, "run_worker", "--batch")

    assert len(sent_messages(shared_db)) == 1
    assert state(shared_db) == {"emails": [["envoye", 2]], "tasks": ["SUCCESSFUL"]}
