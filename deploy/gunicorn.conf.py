"""gunicorn settings of the web service (docs/operations.md); the environment overrides them.

Started as: gunicorn config.wsgi --config deploy/gunicorn.conf.py
"""

import multiprocessing
import os

# nginx talks to gunicorn on the loopback (or a Unix socket: GUNICORN_BIND=unix:/run/…).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers are safe only behind a buffering proxy: nginx reads each slow client's
# request and response in full, so a worker is busy for the Django time alone. Threads let a
# process overlap database and SMTP waits; each thread holds its own database connection.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"

# A request running longer than this is killed and its worker restarted (nginx's
# proxy_read_timeout is a little longer, so the client sees gunicorn's 502, not a hang).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: bounds the effect of any slow memory growth.
max_requests = 2000
max_requests_jitter = 200

# The proxy's address is the only one allowed to set X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address as nginx passed it, time taken in microseconds.
access_log_format = '%({x-real-ip}i)s "%(r)s" %(s)s %(b)s %(D)sus'
