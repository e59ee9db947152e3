# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist); each has its own database, PostgreSQL schema and live server.
TEST_WORKERS ?= auto

.PHONY: run test install install-test install-loadtest lint format migrate check-migrations bench \
	bench-pages loadtest loadtest-short clean demo-reset

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-loadtest: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[gunicorn,redis]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

install-loadtest: $(VENV)/.installed-loadtest

## make run: set up, migrate, load the demo newsroom on first run, serve on http://$(HOST):$(PORT)
## (public links are built on that address unless PUBLIC_BASE_URL is given; a mismatch is warned about)
run: install
	$(FLASK) init
	$(FLASK) demo --if-empty
	$(FLASK) serve --host $(HOST) --port $(PORT)

## make demo-reset: delete everything in the database and load a fresh demo newsroom (asks first)
demo-reset: install
	$(FLASK) init
	$(FLASK) demo-reset

## make test: install the test dependencies and run the whole suite (browser tests included)
## (--dist loadgroup: tests marked with one `xdist_group` share a process, and so a server)
test: install-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q tests/test_layout.py  # no import cycles; layers point down

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make migrate m="what changed": write a new migration from the models
migrate: install
	$(FLASK) db migrate -m "$(m)"

check-migrations: install
	$(FLASK) db upgrade
	$(FLASK) db check

## make loadtest: 60 s of mixed load (with a SIGKILL and restart halfway) on SQLite under waitress,
## then on PostgreSQL under gunicorn with 4 workers; checks the database after each (loadtest/)
LOADTEST_SECONDS ?= 60
loadtest: install-loadtest
	@status=0; \
	$(BIN)/python -m loadtest --seconds $(LOADTEST_SECONDS) --database sqlite --server waitress \
	  || status=1; \
	$(BIN)/python -m loadtest --seconds $(LOADTEST_SECONDS) --database postgresql --server gunicorn \
	  --workers 4 || status=1; \
	exit $$status

## make loadtest-short: CI's variant, 20 s on each configuration
loadtest-short:
	$(MAKE) loadtest LOADTEST_SECONDS=20


$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e '.[test,gunicorn]'
	touch $@

## make bench: seed 10,000, then 100,000, then 100,000 articles with 10,000 on the desk, each into a
## fresh database; measure every endpoint with wrk against hello world through waitress and
## gunicorn; print the growth from 10,000; write BENCHMARKS.md (about 40 minutes; needs wrk).
## PostgreSQL: make bench DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/NEW_DB (created
## and dropped). Quick looks: make bench BENCH_ARGS="--only desk --server waitress --duration 2 --articles 10000"
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench $(if $(DATABASE_URL),--database-url '$(DATABASE_URL)') $(BENCH_ARGS)

## make bench-pages: in-process median time and SQL statements per page (no server, no wrk)
bench-pages: $(VENV)/.installed-test
	$(BIN)/python -m bench.pages $(if $(DATABASE_URL),--database-url '$(DATABASE_URL)') $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/screenshots
