"""`make run`: Ctrl+C stops the server, the worker and the scheduler without an error from make,
and every process learns the address served, for the links in e-mails."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Stands for .venv/bin/python: the three long-running commands record their pid and SITE_URL
# and wait like the real ones (the two in the background ignore Ctrl+C, as a shell starts them).
FAKE_PYTHON = """#!/bin/sh
case "$2" in
  run_worker|run_scheduled_jobs|runserver)
    echo "$2 $$ $SITE_URL" >> "$MAKE_RUN_LOG"
    exec sleep 60;;
esac
exit 0
"""

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def wait_for(predicate, attempts=100):
    for _ in range(attempts):
        if predicate():
            return True
        time.sleep(0.1)
    return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for the user: only its exit status is left for its parent.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[1].startswith("Z"))


def test_ctrl_c_stops_everything_cleanly_and_links_follow_the_port(tmp_path):
    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    log = tmp_path / "run.log"
    log.touch()
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PY={fake}", "INSTALLED=", "PORT=8001"],
        cwd=ROOT,
        env={**os.environ, "MAKE_RUN_LOG": str(log)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as in a terminal
    )
    try:
        assert wait_for(lambda: len(log.read_text().splitlines()) == 3), log.read_text()
        started = {line.split()[0]: line.split() for line in log.read_text().splitlines()}
        # Ctrl+C: the terminal sends SIGINT to the whole foreground process group.
        os.killpg(make.pid, signal.SIGINT)
        out, err = make.communicate(timeout=20)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
    assert "Segmentation fault" not in out + err
    assert "***" not in err, err
    pids = [int(fields[1]) for fields in started.values()]
    assert wait_for(lambda: not any(alive(pid) for pid in pids)), "a process survived Ctrl+C"
    assert {name: fields[2] for name, fields in started.items()} == {
        "run_worker": "http://127.0.0.1:8001",
        "run_scheduled_jobs": "http://127.0.0.1:8001",
        "runserver": "http://127.0.0.1:8001",
    }
