# The two commands: `make run` (set up and run the bot) and `make test` (set up and run the tests).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test bench bench-size migrate lint

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m bot

migrate: $(VENV)/.installed
	$(PY) -m bot migrate

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy

test: lint
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) -m bench

# Needs PostgreSQL: make bench-size DB=postgresql+psycopg://user@host/db (its tables are dropped)
bench-size: $(VENV)/.installed
	$(PY) -m bench.size --database-url $(DB)
