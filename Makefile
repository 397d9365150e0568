# Task runner. `make app` starts the app on the built-in data; `make test` runs every test.
# Each target creates .venv and installs what it needs on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
PORT ?= 8501
# this machine only by default; `make app ADDRESS=0.0.0.0` serves the office network
ADDRESS ?= 127.0.0.1

.PHONY: app test test-fast lint system-packages clean bench

$(VENV)/.app: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.app
	$(PY) -m pip install -q -e '.[test]'
	touch $@

app: $(VENV)/.app
	$(VENV)/bin/python -m modules.ui.serve --server.port $(PORT) --server.address $(ADDRESS)

# Debian's Chromium for the end-to-end tests (never `playwright install`) and PostgreSQL
# for the storage tests (the tests start and stop their own throwaway server).
system-packages:
	@test -x /usr/bin/chromium && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -q && \
		$(SUDO) apt-get install -y -q chromium fonts-dejavu-core postgresql; }

lint: $(VENV)/.test
	$(VENV)/bin/ruff check .

test: $(VENV)/.test system-packages lint
	$(PY) -m pytest -n 2 -q

# The inner loop: lint and the unit tests, without the browser, PostgreSQL, corpus and page runs.
test-fast: $(VENV)/.test lint
	$(PY) -m pytest -n 2 -q -m "not slow and not e2e"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# The peers of benchmarks/provinces.py (pyproject's `bench` extra, without its pandas<3 pin).
bench: $(VENV)/.test
	$(PY) -m pip install -q --no-deps $$($(PY) -c "import tomllib; print(' '.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['bench']))")
	$(PY) -m benchmarks.provinces
