# Every target bootstraps .venv/ from plain python3 + pip, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8001

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

dev: install
	$(BIN)/dg dev

bench: install
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check pipeline assets tests bench

# Regenerate the lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) data/raw data/parquet data/published data/warehouse.duckdb data/cache .pytest_cache
