# HPKKT – investment dashboard. `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_LINK_MODE := copy

.PHONY: install run serve test test-pg test-browser lint format bench bench-quick bench-unit messages demo clean backup

install: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(UV) || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --frozen --quiet
	@touch $(STAMP)

# The background worker (large imports) runs alongside the development server and stops
# with it.
run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo --if-empty
	DJANGO_DEBUG=1 $(BIN)/python manage.py db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production server: DEBUG off, gunicorn behind WhiteNoise (deploy/gunicorn.conf.py explains
# workers, threads and timeout). Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (README).
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: set DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (README, Deploy)"; exit 1; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/gunicorn --config deploy/gunicorn.conf.py hpkkt.wsgi

demo: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py demo

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-pg: install
	scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The national-scale benchmark (1k, 20k, 210k projects on PostgreSQL, load test): about half
# an hour on 2 cores; never in CI. bench-quick: 1k and 20k only. bench-unit: the pytest ones.
bench: install
	scripts/bench/run.sh

bench-quick: install
	BENCH_SIZES=$${BENCH_SIZES:-1000,20000} scripts/bench/run.sh

bench-unit: install
	$(BIN)/pytest -m benchmark_only -p no:randomly tests/benchmarks $(PYTEST_ARGS)

# Extract and compile translations: one catalogue per app, one for the project templates.
APPS := investments budget operations reports exchange dashboard subscriptions
messages: install
	for app in $(APPS); do \
	  (cd $$app && DJANGO_DEBUG=1 PYTHONPATH=.. ../$(BIN)/django-admin makemessages \
	    --settings=hpkkt.settings -l vi --no-obsolete --no-location \
	  && DJANGO_DEBUG=1 PYTHONPATH=.. ../$(BIN)/django-admin compilemessages \
	    --settings=hpkkt.settings); done
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l vi --no-obsolete --no-location \
	  --ignore=.venv --ignore=var --ignore=tests --ignore=static --ignore=scripts \
	  $(foreach app,$(APPS),--ignore=$(app))
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

# A backup of the database under var/backups/ (SQLite: online backup API; PostgreSQL:
# pg_dump --format=custom), keeping the newest $(BACKUP_KEEP). README: "Backups".
BACKUP_DIR ?= var/backups
BACKUP_KEEP ?= 14
backup: install
	@mkdir -p $(BACKUP_DIR)
	@case "$${DATABASE_URL:-sqlite}" in postgres*) ext=pgdump;; *) ext=sqlite3;; esac; \
	  $(BIN)/python manage.py backup "$(BACKUP_DIR)/hpkkt-$$(date +%Y%m%d-%H%M%S).$$ext"
	@ls -1t $(BACKUP_DIR)/hpkkt-*.* 2>/dev/null | tail -n +$$(( $(BACKUP_KEEP) + 1 )) | xargs -r rm -f --

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache
