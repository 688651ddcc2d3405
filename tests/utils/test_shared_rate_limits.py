"""Rate limits across processes (one counter in Redis) and while Redis is away (fail open)."""

import json
import logging
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import override_settings

from config.settings.base import redis_cache

ROOT = Path(__file__).resolve().parent.parent.parent
# Redis database 2 of the local server is this test's (other databases belong to others).
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/2")
NOTHING_LISTENS = "redis://127.0.0.1:8206/0"

COUNT = """
import json, sys
import django
django.setup()
from monenfant.utils.antispam import rate_limit_exceeded
key, times = sys.argv[1], int(sys.argv[2])
print(json.dumps([rate_limit_exceeded(key, limit=3, window_seconds=10**9) for _ in range(times)]))
"""


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def count_in_a_new_process(key: str, times: int) -> list[bool]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.subprocess_settings"}
    env["REDIS_URL"] = REDIS_TEST_URL
    result = subprocess.run(
        [sys.executable, "-c", COUNT, key, str(times)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(
    not redis_is_up() and not os.environ.get("REQUIRE_REDIS"),
    reason="no Redis on 127.0.0.1:6379 (CI sets REQUIRE_REDIS and starts one)",
)
def test_two_processes_count_in_one_shared_counter():
    key = f"test-shared-{uuid.uuid4()}"
    # Limit 3: the first process uses two requests, the second its last one and then is refused.
    assert count_in_a_new_process(key, 2) == [False, False]
    assert count_in_a_new_process(key, 2) == [False, True]


@pytest.mark.django_db
@override_settings(
    CACHES={"default": redis_cache(NOTHING_LISTENS)}, PUBLIC_RATE_LIMITS={"/api/": 2}
)
def test_limits_let_requests_through_with_a_warning_while_redis_is_unreachable(client, caplog):
    caplog.set_level(logging.WARNING, logger="monenfant.utils.antispam")
    for _ in range(4):
        assert client.get("/api/v1/communes", {"q": "angou"}).status_code == 200
    warnings = [r.getMessage() for r in caplog.records if "Rate limits off" in r.getMessage()]
    assert len(warnings) == 1  # once per minute, not once per request
