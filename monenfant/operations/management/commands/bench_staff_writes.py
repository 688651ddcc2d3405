"""Concurrent staff writers against the production server on SQLite; prints one JSON line.

Starts gunicorn (deploy/gunicorn.conf.py) with the production settings on a fresh SQLite
database in a temporary directory, logs in N CAF administrators through the login form, then
each of them, in its own thread, creates accounts and edits them (with a new password, the
slowest write) in a bounded loop. Reports the requests, the errors, how many answers or server
log lines say « database is locked », and the latency percentiles. See docs/performance.md.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

ADMIN_PASSWORD = "Bench-Admin-2026!"
CAF_CODE = "CAF161"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOCKED = "database is locked"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return round(ordered[index], 1)


class Browser:
    """One logged-in person: keeps the cookies, sends what a browser's form would send."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        elapsed = (time.monotonic() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers.get("Location", ""), content, elapsed

    def form_token(self, path: str) -> str:
        status, _location, content, _elapsed = self.request("GET", path)
        match = CSRF_INPUT.search(content)
        if status != 200 or match is None:
            raise RuntimeError(f"GET {path} answered {status} without a form")
        return match.group(1)


class Command(BaseCommand):
    help = (
        "Start gunicorn with production settings on SQLite (temporary directory) and time N "
        "logged-in CAF administrators creating and editing accounts at the same time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--writers", type=int, default=16)
        parser.add_argument(
            "--iterations", type=int, default=10, help="accounts created then edited per writer"
        )
        parser.add_argument("--port", type=int, default=8301)
        parser.add_argument(
            "--gunicorn-workers", type=int, default=3, help="gunicorn processes (WEB_CONCURRENCY)"
        )
        parser.add_argument(
            "--gunicorn-threads", type=int, default=2, help="threads per process (GUNICORN_THREADS)"
        )
        parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
        # Internal: run inside the benchmark's environment to create the administrators.
        parser.add_argument("--prepare-admins", type=int, default=0, help="(internal)")

    def handle(self, *args, **options):
        if options["prepare_admins"]:
            self.prepare_admins(options["prepare_admins"])
            return
        directory = Path(tempfile.mkdtemp(prefix="monenfant-bench-writes-"))
        try:
            result = self.run(directory, **options)
        finally:
            if not options["keep"]:
                shutil.rmtree(directory, ignore_errors=True)
        self.stdout.write(json.dumps(result))

    def prepare_admins(self, count: int) -> None:
        from monenfant.accounts.models import User
        from monenfant.backoffice_access.enums import Role
        from monenfant.backoffice_access.models import CafMembership
        from monenfant.referential.models import Caf

        if not settings.DATABASES["default"]["NAME"].startswith(tempfile.gettempdir()):
            raise CommandError("--prepare-admins only runs on the benchmark's temporary database")
        caf = Caf.objects.get(code=CAF_CODE)
        for number in range(count):
            user = User(
                email=f"admin{number}@bench.example.org",
                login=f"admin.bench{number}",
                first_name="Admin",
                last_name=f"Bench {number}",
            )
            user.set_password(ADMIN_PASSWORD)
            user.save()
            CafMembership.objects.create(user=user, caf=caf, role=Role.CAF_ADMIN)

    def run(self, directory: Path, *, writers, iterations, port, **options) -> dict:
        root = Path(settings.BASE_DIR)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "DATABASE_URL": f"sqlite:///{directory / 'monenfant.sqlite3'}",
            "MONENFANT_VAR_DIR": str(directory),
            "SECURE_SSL_REDIRECT": "false",
            # No reverse proxy here: the address is the socket's.
            "CLIENT_IP_HEADER": "",
            "WEB_CONCURRENCY": str(options["gunicorn_workers"]),
            "GUNICORN_THREADS": str(options["gunicorn_threads"]),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
        env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
        manage = [sys.executable, str(root / "manage.py")]
        for step in (
            ["migrate", "--noinput"],
            ["load_referential"],
            ["collectstatic", "--noinput"],
        ):
            subprocess.run([*manage, *step, "-v", "0"], cwd=root, env=env, check=True)
        subprocess.run(
            [*manage, "bench_staff_writes", "--prepare-admins", str(writers)],
            cwd=root,
            env=env,
            check=True,
        )
        log_path = directory / "gunicorn.log"
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--config",
                    str(root / "deploy" / "gunicorn.conf.py"),
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                cwd=root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                self.wait_until_up(port, server)
                measures = self.drive(port, writers, iterations)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=60)
        locked_in_log = log_path.read_text(errors="replace").count(LOCKED)
        durations = measures["durations"]
        return {
            "writers": writers,
            "iterations": iterations,
            "gunicorn_workers": options["gunicorn_workers"],
            "gunicorn_threads": options["gunicorn_threads"],
            "requests": measures["requests"],
            "writes": len(durations),
            "errors": len(measures["errors"]),
            "error_samples": measures["errors"][:5],
            "database_is_locked": measures["locked"] + locked_in_log,
            "write_p50_ms": percentile(durations, 0.50) if durations else None,
            "write_p95_ms": percentile(durations, 0.95) if durations else None,
            "write_max_ms": round(max(durations), 1) if durations else None,
            "write_mean_ms": round(statistics.mean(durations), 1) if durations else None,
            "seconds": measures["seconds"],
            "writes_per_second": round(len(durations) / measures["seconds"], 2),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count(),
        }

    def wait_until_up(self, port: int, server: subprocess.Popen) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn stopped: see its log (--keep)")
            try:
                status, *_rest = Browser(port).request("GET", "/administration/connexion/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise CommandError("gunicorn did not answer within 60 s")

    def drive(self, port: int, writers: int, iterations: int) -> dict:
        lock = threading.Lock()
        measures = {"requests": 0, "durations": [], "errors": [], "locked": 0}
        browsers = []
        for number in range(writers):
            browser = Browser(port)
            token = browser.form_token("/administration/connexion/")
            status, _location, _content, _elapsed = browser.request(
                "POST",
                "/administration/connexion/",
                {
                    "csrfmiddlewaretoken": token,
                    "username": f"admin{number}@bench.example.org",
                    "password": ADMIN_PASSWORD,
                },
            )
            if status != 302:
                raise CommandError(f"administrator {number} could not log in ({status})")
            browsers.append(browser)

        def record(status, expected, content, elapsed, what):
            with lock:
                measures["requests"] += 1
                if expected is not None:
                    measures["durations"].append(elapsed)
                if LOCKED in content:
                    measures["locked"] += 1
                if expected is not None and status != expected:
                    measures["errors"].append(f"{what}: HTTP {status}")

        def writer(number: int, browser: Browser) -> None:
            for iteration in range(iterations):
                name = f"w{number}i{iteration}"
                try:
                    path = "/administration/utilisateurs/nouveau/"
                    token = browser.form_token(path)
                    record(200, None, "", 0, "form")
                    form = {
                        "csrfmiddlewaretoken": token,
                        "login": f"agent.{name}",
                        "email": f"agent.{name}@bench.example.org",
                        "first_name": "Agent",
                        "last_name": f"Bench {name}",
                        "job_title": "AGENT CAF",
                        "roles": ["caf_agent"],
                        "password1": f"Temporaire-{name}-2026!",
                        "password2": f"Temporaire-{name}-2026!",
                    }
                    status, _location, content, elapsed = browser.request("POST", path, form)
                    record(status, 302, content, elapsed, "create")
                    if status != 302:
                        continue
                    # The new account is the list's search result; its edit page is linked.
                    status, _location, content, _elapsed = browser.request(
                        "GET", f"/administration/utilisateurs/?{urlencode({'q': name})}"
                    )
                    record(status, None, content, 0, "list")
                    match = re.search(r'href="(/administration/utilisateurs/\d+/)"', content)
                    if match is None:
                        with lock:
                            measures["errors"].append(f"list: no link to {name}")
                        continue
                    edit = match.group(1)
                    token = browser.form_token(edit)
                    record(200, None, "", 0, "form")
                    form.update(
                        csrfmiddlewaretoken=token,
                        job_title="AGENT CAF — ACCUEIL",
                        password1=f"Nouveau-{name}-2026!",
                        password2=f"Nouveau-{name}-2026!",
                    )
                    status, _location, content, elapsed = browser.request("POST", edit, form)
                    record(status, 302, content, elapsed, "edit")
                except (OSError, RuntimeError) as error:
                    with lock:
                        measures["errors"].append(f"{type(error).__name__}: {error}")

        threads = [
            threading.Thread(target=writer, args=(number, browser))
            for number, browser in enumerate(browsers)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        measures["seconds"] = round(time.monotonic() - started, 2)
        return measures
