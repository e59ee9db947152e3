# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist); each has its own database, PostgreSQL schema and live server.
TEST_WORKERS ?= auto

.PHONY: run test install install-test lint format migrate check-migrations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make run: set up, migrate, load the demo newsroom on first run, serve on http://$(HOST):$(PORT)
run: install
	$(FLASK) init
	$(FLASK) demo --if-empty
	$(FLASK) serve --host $(HOST) --port $(PORT)

## make test: install the test dependencies and run the whole suite (browser tests included)
test: install-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make migrate m="what changed": write a new migration from the models
migrate: install
	$(FLASK) db migrate -m "$(m)"

check-migrations: install
	$(FLASK) db upgrade
	$(FLASK) db check

bench: install-test
	$(BIN)/python -m tests.benchmarks.pages

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/screenshots
