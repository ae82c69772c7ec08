# Every target bootstraps .venv/ from plain python3 + pip, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8001
DAGSTER_PORT ?= 3000
# One Dagster instance for the CLI and the UI: `make build`, `make run`, `wump build` and `make dev`
# all record their runs here (created with a local dagster.yaml on first use).
DAGSTER_HOME ?= $(CURDIR)/.dagster
export DAGSTER_HOME

.PHONY: install run build serve test dev bench lint lock clean

install: $(STAMP)

# Re-install only when the lock or the project metadata changes.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

build: install
	$(BIN)/wump build

serve: install
	$(BIN)/wump serve --port $(PORT)

run: build
	$(BIN)/wump serve --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

# The Dagster UI plus the daemon (schedules, sensors, run queue) on the same definitions and the
# same instance as `make build`. (`dg dev` expects the code location at the top level or under
# src/, which our fixed layout is not.)
dev: install
	$(BIN)/python -c 'from wump_assets.instance import dagster_home; dagster_home()'
	sh -c '$(BIN)/dagster-daemon run -m wump_assets.definitions & \
	  trap "kill $$!" EXIT INT TERM; \
	  $(BIN)/dagster-webserver -m wump_assets.definitions -h 127.0.0.1 -p $(DAGSTER_PORT)'


bench: install
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check pipeline assets tests bench

# Regenerate the lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .dagster data/raw data/parquet data/published data/warehouse.duckdb data/cache .pytest_cache
