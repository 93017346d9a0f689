# The two commands: `make run` (set up and run the bot) and `make test` (set up and run the tests).
# `make run` installs what running needs; `make demo` adds the playground's (the `playground` extra;
# its code stays in playground/, beside the product, never in its wheel); `make test` adds the test
# tools (the `test` extra). All at the exact versions of requirements.lock (pip constraints).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# An editable install of a package whose templates/ folder is mapped into it (bot.templates) makes
# setuptools print a ten-line notice on every install; it is informational, so installs are quiet.
PIP := PYTHONWARNINGS=ignore $(PY) -m pip

.PHONY: run demo screenshots test bench bench-size migrate lint lock

# Running: the dependencies at the exact versions of requirements.lock, the project editable.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c requirements.lock -e .
	touch $@

# Testing: the same, with the test tools (pytest, ruff, mypy, selenium, gunicorn for the bench...).
$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -c requirements.lock -e '.[test]'
	touch $@

# The playground: the same, with what it needs besides the bot.
$(VENV)/.installed-playground: $(VENV)/.installed
	$(PIP) install --quiet -c requirements.lock -e '.[playground]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m bot

demo: $(VENV)/.installed-playground
	$(PY) -m playground

screenshots: $(VENV)/.installed-test
	$(PY) -m tests.screenshots

migrate: $(VENV)/.installed
	$(PY) -m bot migrate

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: lint
	$(PY) -m pytest -n auto --dist worksteal

bench: $(VENV)/.installed-test
	$(PY) -m bench

# Needs PostgreSQL: make bench-size DB=postgresql+psycopg://user@host/db (its tables are dropped)
bench-size: $(VENV)/.installed-test
	$(PY) -m bench.size --database-url $(DB)

# Re-resolve every dependency within pyproject.toml's bounds and pin the result.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet '.[test]'
	{ sed -n '1,2p' requirements.lock; .lock-venv/bin/pip freeze --all --exclude endings-coach --exclude pip; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf .lock-venv
