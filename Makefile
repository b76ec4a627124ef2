# Entry points. `make demo` and `make test` work on a fresh machine: they create
# .venv from requirements.lock (hash-checked) the first time, then reuse it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test contracts lint fmt bench install clean-var

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

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	@echo "no benchmarks yet"

clean-var:
	rm -rf var
