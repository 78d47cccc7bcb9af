# Integrationsagenturen – the two commands a new user needs are `make run`
# and `make test`; `make help` lists the rest.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
# Node.js tools the tests run: Mozilla's ical.js (feed tests) and axe-core
# (accessibility checks in the browser tests).
JS := tests/js
JS_STAMP := $(JS)/node_modules/.package-lock.json

.DEFAULT_GOAL := help
.PHONY: help run test install js migrate demo serve lint format check messages lock bench clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies

$(JS_STAMP): $(JS)/package.json $(JS)/package-lock.json
	npm ci --prefix $(JS) --no-audit --no-fund
	touch $(JS_STAMP)

js: $(JS_STAMP) ## Install the Node.js test tools (ical.js, axe-core)

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load the German and Russian demo content (idempotent) and the admin user
	$(MANAGE) load_demo_content --create-admin

run: demo ## Set up everything and serve the site on http://127.0.0.1:8000
	$(MANAGE) runserver 127.0.0.1:8000

serve: install ## Serve without reloading demo content
	$(MANAGE) runserver 127.0.0.1:8000

check: install ## Django system checks, missing migrations and Ruff
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: check $(JS_STAMP) ## Run the whole test suite (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## Ruff lint
	$(BIN)/ruff check .

format: install ## Format and fix imports with Ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract and compile the Russian template strings (needs GNU gettext)
	$(MANAGE) makemessages --locale ru --ignore '.venv/*' --ignore 'static/*' --ignore 'tests/*' --ignore 'bench/*'
	$(MANAGE) compilemessages --locale ru --ignore '.venv/*'

bench: install ## Benchmark calendar views at 10, 100 and 1000 events
	$(PY) bench/calendar.py

lock: install ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

clean: ## Remove the virtual environment, ical.js and the SQLite database
	rm -rf $(VENV) $(JS)/node_modules db.sqlite3
