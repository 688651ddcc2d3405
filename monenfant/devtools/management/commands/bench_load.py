"""Load benchmark: the production server (gunicorn, 2 sync workers) against the current
database, driven by a load generator on the same machine; prints one JSON line.

The generator opens `--connections` concurrent clients (threads in two processes, so that
the generator itself is not bound to one core) sending the query mix of bench_search for
`--seconds` to the API, then to the search page. Both share the machine's cores with the
server: the figures are a floor, and the 1-minute load average is printed with them.
"""

import json
import multiprocessing
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from monenfant.devtools.guard import refuse_production
from monenfant.devtools.management.commands.bench_search import Command as BenchSearch
from monenfant.devtools.management.commands.bench_search import percentile

ROOT = Path(__file__).resolve().parents[4]


def _client(port: int, paths: list[str], deadline: float, out) -> None:
    durations, statuses = [], {}
    index = 0
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        index += 1
        before = time.perf_counter()
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            status = response.status
            conn.close()
        except OSError:
            status = 0
        durations.append((time.perf_counter() - before) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    out.put((durations, statuses))


def _process(port: int, paths: list[str], threads: int, deadline: float, out) -> None:
    workers = []
    for offset in range(threads):
        shuffled = paths[offset:] + paths[:offset]
        workers.append(threading.Thread(target=_client, args=(port, shuffled, deadline, out)))
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


class Command(BaseCommand):
    help = "Run gunicorn (2 workers) and measure searches/s and p50/p99 for the API and the page."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8501)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=20)
        parser.add_argument("--rounds", type=int, default=1)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, port, workers, connections, seconds, rounds, seed, **options):
        refuse_production("bench_load")
        mix = BenchSearch().query_mix(random.Random(seed), 400)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            self.wait_ready(port, server)
            result = {
                "engine": connection.vendor,
                "server": f"gunicorn, {workers} sync workers",
                "connections": connections,
                "seconds": seconds,
            }
            for name, url in (("api", "/api/v1/search"), ("page", "/recherche/")):
                paths = [f"{url}?{urllib.parse.urlencode(params)}" for params in mix]
                self.run_load(port, paths, connections, 3)  # warm-up
                runs = [self.run_load(port, paths, connections, seconds) for _ in range(rounds)]
                best = sorted(runs, key=lambda r: r["searches_per_second"])[len(runs) // 2]
                result[name] = {**best, "rounds": [r["searches_per_second"] for r in runs]}
            result["load_average_1m"] = round(os.getloadavg()[0], 2)
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.stdout.write(json.dumps(result))

    def wait_ready(self, port: int, server: subprocess.Popen) -> None:
        for _ in range(120):
            if server.poll() is not None:
                raise CommandError("gunicorn stopped before answering.")
            try:
                conn = HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/search?lat=45.65&lon=0.16")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise CommandError("gunicorn did not answer within 60 s.")

    def run_load(self, port: int, paths: list[str], connections: int, seconds: float) -> dict:
        out = multiprocessing.Queue()
        deadline = time.monotonic() + seconds
        per_process = [connections // 2 + connections % 2, connections // 2]
        processes = [
            multiprocessing.Process(
                target=_process, args=(port, paths[i * 37 :] + paths[: i * 37], n, deadline, out)
            )
            for i, n in enumerate(per_process)
            if n
        ]
        started = time.monotonic()
        for process in processes:
            process.start()
        durations, statuses = [], {}
        for _ in range(connections):
            more, more_statuses = out.get()
            durations += more
            for status, n in more_statuses.items():
                statuses[status] = statuses.get(status, 0) + n
        for process in processes:
            process.join()
        elapsed = time.monotonic() - started
        return {
            "requests": len(durations),
            "searches_per_second": round(len(durations) / elapsed, 1),
            "p50_ms": percentile(durations, 0.50),
            "p99_ms": percentile(durations, 0.99),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
        }
