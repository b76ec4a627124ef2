# Entry points. `make demo` and `make test` work on a fresh machine: they create
# .venv from requirements.lock (hash-checked) the first time, then reuse it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test contracts lint fmt bench bench-relay bench-proxy bench-backfill install clean-var

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python demo/setup.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho --procfile Procfile start

# One pytest run per Django project: pytest-django configures one settings module a process.
PYTEST := $(BIN)/python -m pytest
SERVICES := users products orders

test: $(STAMP)
	$(PYTEST)
	@for service in $(SERVICES); do \
		echo "==> $$service service"; \
		$(PYTEST) --ds extracted_services.$$service.settings.test \
			extracted_services/service_defaults extracted_services/$$service || exit 1; \
	done
	@echo "==> strangler proxy"
	$(PYTEST) -p no:django strangler_proxy/tests/data_plane
	$(PYTEST) --ds strangler_proxy.control_plane.settings.test strangler_proxy/tests/control_plane
	$(MAKE) --no-print-directory contracts

# Consumer stage (pacts into a clean folder, drift check), provider stage, can-i-deploy.
contracts: $(STAMP)
	$(BIN)/python contracts/run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=legacy_monolith.settings.test $(BIN)/mypy legacy_monolith messaging acl
	DJANGO_SETTINGS_MODULE=legacy_monolith.settings.test $(BIN)/python -W ignore::RuntimeWarning -m django makemigrations --check --dry-run
	@for service in $(SERVICES); do \
		echo "==> $$service service"; \
		DJANGO_SETTINGS_MODULE=extracted_services.$$service.settings.test $(BIN)/mypy extracted_services/$$service extracted_services/service_defaults || exit 1; \
		DJANGO_SETTINGS_MODULE=extracted_services.$$service.settings.test $(BIN)/python -W ignore::RuntimeWarning -m django makemigrations --check --dry-run || exit 1; \
	done
	DJANGO_SETTINGS_MODULE=strangler_proxy.control_plane.settings.test $(BIN)/mypy strangler_proxy strangler_cli
	DJANGO_SETTINGS_MODULE=strangler_proxy.control_plane.settings.test $(BIN)/python -W ignore::RuntimeWarning -m django makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=contracts.provider_settings.legacy_monolith $(BIN)/mypy contracts --exclude 'contracts/pairs/'

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every benchmark; each writes bench/results/<name>.json with the machine and date.
bench: bench-relay bench-proxy bench-backfill

# Relay with pipelined confirms vs a naive one-at-a-time relay, lag at 500 events/s, 100k drain.
bench-relay: $(STAMP)
	$(BIN)/python bench/relay.py

# Proxy vs nginx vs direct on the products detail endpoint (installs nginx and wrk if missing).
bench-proxy: $(STAMP)
	$(BIN)/python bench/proxy.py

# Orders backfill at 100k and 1M orders on PostgreSQL (about 15 minutes): bench/results/backfill.json.
bench-backfill: $(STAMP)
	$(BIN)/python bench/backfill.py

clean-var:
	rm -rf var
