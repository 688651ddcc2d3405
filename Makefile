# The two commands a newcomer needs: `make run` and `make test`. Only Python 3.11+, make and a
# C compiler are required on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails point to the address actually served (make run PORT=8001), unless set.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run install test test-postgres lint format bench backup restore bench-writes clean

$(INSTALLED): requirements/prod.txt requirements/dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@mkdir -p var
	@touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_demo
	@echo "Site: http://$(HOST):$(PORT)/  (worker and scheduler run alongside; Ctrl+C stops all)"
	@# Ctrl+C reaches the server; the trap then stops the two background processes (which a
	@# shell starts deaf to Ctrl+C) and clears itself first: the former 'kill 0' signalled
	@# the shell itself, re-entered the trap until the shell crashed (« Segmentation fault »).
	@trap 'trap - EXIT INT TERM; kill $$worker $$scheduler 2>/dev/null; wait; exit 0' EXIT INT TERM; \
	SITE_URL='$(SITE_URL)' $(PY) manage.py run_worker & worker=$$!; \
	SITE_URL='$(SITE_URL)' $(PY) manage.py run_scheduled_jobs --loop & scheduler=$$!; \
	SITE_URL='$(SITE_URL)' $(PY) manage.py runserver $(HOST):$(PORT)

test: $(INSTALLED)
	$(PY) -m pytest $(PYTEST_ARGS)

# Same suite on PostgreSQL (the production engine).
test-postgres: $(INSTALLED)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/monenfant} $(PY) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint monenfant/templates --lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check

# Search benchmark against the current database (generate data first: see docs/performance.md).
bench: $(INSTALLED)
	$(PY) manage.py bench_search

# Online backup of the configured database (DATABASE_URL) into BACKUP_DIR (var/backups/).
backup: $(INSTALLED)
	$(PY) manage.py backup_database

# Replace the configured database with a backup: make restore BACKUP=var/backups/monenfant-….
restore: $(INSTALLED)
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=path/to/backup"; exit 2; }
	$(PY) manage.py restore_database "$(BACKUP)"

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var
