"""The database is unreachable: pages answer 503 in French with Retry-After, the API answers
JSON, and no request waits for the system's TCP timeout."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

ROOT = Path(__file__).resolve().parent.parent.parent
SERVER_PORT = 8201
REFUSING_PORT = 8207  # nothing listens there
SILENT_PORT = 8208  # accepts connections, never answers

SERVE = f"""
import django
django.setup()
from wsgiref.simple_server import WSGIRequestHandler, make_server
from django.core.wsgi import get_wsgi_application

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

make_server("127.0.0.1", {SERVER_PORT}, get_wsgi_application(), handler_class=Quiet).serve_forever()
"""


@pytest.fixture
def serve_with_database(tmp_path):
    servers = []

    def start(database_url, **extra_env):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.subprocess_settings",
            "DATABASE_URL": database_url,
            "MONENFANT_VAR_DIR": str(tmp_path),
            **extra_env,
        }
        server = subprocess.Popen([sys.executable, "-c", SERVE], cwd=ROOT, env=env)
        servers.append(server)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", SERVER_PORT), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, "the server did not start"
                assert time.monotonic() < deadline, "the server did not start in time"
                time.sleep(0.2)

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def get(path, *, timeout, cookie=None):
    request = urllib.request.Request(f"http://127.0.0.1:{SERVER_PORT}{path}")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def assert_french_503_page(status, headers, body):
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert headers["Content-Type"].startswith("text/html")
    assert "<title>" in body and "Service momentanément indisponible" in body.split("</title>")[0]
    assert "Réessayez dans quelques instants" in body


def test_a_database_nobody_listens_to_gets_a_french_503_page_and_json_on_the_api(
    serve_with_database,
):
    serve_with_database(f"postgres://postgres@127.0.0.1:{REFUSING_PORT}/monenfant")
    get("/communes/suggestions/?q=Angou", timeout=60)  # warm-up: first imports

    # A page that reads the database, a visitor with a session (read by the middleware before
    # any view), and the API: each answers within 5 seconds.
    assert_french_503_page(*get("/communes/suggestions/?q=Angou", timeout=5))
    assert_french_503_page(*get("/", timeout=5, cookie="sessionid=abcdefghijklmnop1234"))
    status, headers, body = get("/api/v1/communes?q=Angou", timeout=5)
    assert status == 503
    assert headers["Content-Type"].startswith("application/json")
    assert int(headers["Retry-After"]) > 0
    assert json.loads(body) == {
        "detail": "Le service est momentanément indisponible. Réessayez dans quelques instants."
    }


def test_a_silent_database_host_is_given_up_after_the_connect_timeout(serve_with_database):
    silent = socket.socket()
    silent.bind(("127.0.0.1", SILENT_PORT))
    silent.listen(16)  # the kernel completes handshakes; nobody ever answers
    try:
        serve_with_database(
            f"postgres://postgres@127.0.0.1:{SILENT_PORT}/monenfant",
            DATABASE_CONNECT_TIMEOUT="2",
        )
        # Without a connect timeout the request would wait forever (the client gives up
        # after 20 s and the test fails).
        assert_french_503_page(*get("/communes/suggestions/?q=Angou", timeout=20))
    finally:
        silent.close()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"), [(OperationalError("server closed the connection"), 503), (KeyError, 500)]
)
def test_an_outage_met_by_a_middleware_is_a_503_and_any_other_error_stays_a_500(
    client, error, status
):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "abcdefghijklmnop1234"
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=error):
        response = client.get("/")
    assert response.status_code == status
    assert ("Retry-After" in response) is (status == 503)
