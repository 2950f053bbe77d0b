# tuyengiao: `make run` serves the demo, `make test` runs every test. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The SQLite run must not see a DATABASE_URL meant for the PostgreSQL run.
SQLITE_ENV := env -u DATABASE_URL TUYENGIAO_DATA_DIR=$(CURDIR)/var/test-sqlite
PYTEST_ARGS ?=
# `make run PORT=8080` when 8000 is taken.
PORT ?= 8000

.PHONY: run install test lint test-sqlite test-postgresql browser-deps bench messages clean

$(BIN)/.installed: pyproject.toml requirements.lock
	@test -x $(BIN)/python || $$(scripts/find-python) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/tuyengiao migrate --no-input
	$(BIN)/tuyengiao demo --if-empty
	@$(BIN)/tuyengiao demo --print-logins
	$(BIN)/tuyengiao runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser-deps:
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
		fi; \
	fi

# lint-imports checks the layers of docs/architecture.md (pyproject.toml, [tool.importlinter]);
# without a cache to go stale, as the check takes under a second.
lint: install
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

test-sqlite: install browser-deps
	$(SQLITE_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# Runs only when DATABASE_URL is set; leaves var/test-runs/postgresql as proof it ran.
test-postgresql: install browser-deps
	@rm -f var/test-runs/postgresql
	@if [ -n "$$DATABASE_URL" ]; then \
		$(BIN)/pytest $(PYTEST_ARGS) && mkdir -p var/test-runs && touch var/test-runs/postgresql; \
	else \
		echo "DATABASE_URL is not set: skipping the PostgreSQL run."; \
	fi

test: lint test-sqlite test-postgresql

# Every benchmark runs, even after one misses, so that each prints its figures; the target
# fails at the end, naming the misses. Each runs on SQLite; one that also measures
# PostgreSQL (aggregate.py) finds the server in TUYENGIAO_BENCH_DATABASE_URL.
bench: install
	@missed=""; for script in bench/*.py; do \
		echo "== $$script"; \
		$(SQLITE_ENV) TUYENGIAO_BENCH_DATABASE_URL="$$DATABASE_URL" $(BIN)/python "$$script" \
			|| missed="$$missed $$script"; \
	done; \
	if [ -n "$$missed" ]; then echo "Benchmarks that missed their goals:$$missed"; exit 1; fi

# Refreshes the English catalogue after strings change (needs GNU gettext).
messages: install
	cd src/tuyengiao && ../../$(BIN)/tuyengiao makemessages -l en --no-location --no-obsolete \
		&& ../../$(BIN)/tuyengiao compilemessages -l en

clean:
	rm -rf $(VENV) var
