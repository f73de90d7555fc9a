# LINkHub: `make run` serves the embedded default with demo data; `make test` runs lint, types and
# the whole suite. Both install what they need first (venv, Python packages from the lock, GOV.UK
# Frontend from npm, Chromium). `make lock` regenerates requirements/*.lock from pyproject.toml.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
LINKHUB := $(VENV)/bin/linkhub
STAMP := $(VENV)/.installed
GOVUK := linkhub/platform/static/govuk
export PIP_DISABLE_PIP_VERSION_CHECK := 1

LOCK_RUNTIME := requirements/runtime.lock
LOCK_OPENSEARCH := requirements/opensearch.lock
LOCK_DEV := requirements/dev.lock
# One resolution for every platform and Python 3.11+, with the hash of every file (uv).
UV_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: run test lint format lock install assets chromium rum pango bench chaos clean

install: $(STAMP) $(GOVUK)/.built pango

# Pango for WeasyPrint, which renders the PDF of returns (linkhub/tenants/returns/pdf.py).
pango:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

# Every package from the lock, checked against its hashes; then the project itself, without
# resolving anything again (--no-deps).
$(STAMP): $(LOCK_DEV) pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r $(LOCK_DEV)
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m pip check  # fails when pyproject.toml asks for what the lock lacks: run `make lock`
	touch $(STAMP)

# After changing dependencies in pyproject.toml: one command rewrites every lock (runtime for the
# image, opensearch = runtime + that extra, dev = runtime + the dev and opensearch extras for make,
# CI and tests), then installs. All three come from one resolution each of the same pyproject.toml.
# `make lock UPGRADE=1` moves every package to its newest allowed version (the update routine).
lock:
	test -x $(VENV)/bin/uv || { test -x $(PY) || python3 -m venv $(VENV); $(PY) -m pip install -q "$$(grep -o '"uv==[^"]*"' pyproject.toml | tr -d '"')"; }
	mkdir -p requirements
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) -o $(LOCK_RUNTIME)
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) --extra opensearch -o $(LOCK_OPENSEARCH)
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) --extra dev -o $(LOCK_DEV)
	$(MAKE) install

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# GOV.UK Frontend's precompiled CSS, JS, fonts and images, served by the app.
$(GOVUK)/.built: node_modules/.package-lock.json
	rm -rf $(GOVUK) && mkdir -p $(GOVUK)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(GOVUK)/
	cp -r node_modules/govuk-frontend/dist/govuk/assets $(GOVUK)/assets
	touch $@

assets: $(GOVUK)/.built

# Browser tests drive Debian's Chromium (no browser download).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# PostgreSQL's RUM index (ranking inside the index) from Debian, for the cluster's version;
# the search backend falls back to plain GIN without it. `linkhub db upgrade` creates the
# extension and the index (migration 0080) once the package is there.
PG_VERSION = $(shell ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
rum:
	@test -z "$(PG_VERSION)" || dpkg -s postgresql-$(PG_VERSION)-rum >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$(PG_VERSION)-rum >/dev/null; }

# `make run PORT=5001` serves on another port (127.0.0.1 only).
PORT ?= 5000

run: install
	LINKHUB_INSECURE_COOKIES=1 $(LINKHUB) db upgrade
	LINKHUB_INSECURE_COOKIES=1 $(LINKHUB) demo load
	LINKHUB_INSECURE_COOKIES=1 LINKHUB_PUBLIC_URL=http://127.0.0.1:$(PORT) $(LINKHUB) serve --bind 127.0.0.1:$(PORT)

# ruff (lint and format check) and mypy on linkhub/platform; settings in pyproject.toml.
lint: install
	$(VENV)/bin/ruff check linkhub tests
	$(VENV)/bin/ruff format --check linkhub tests
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format linkhub tests
	$(VENV)/bin/ruff check --fix linkhub tests

# The layers first (import-linter contracts in pyproject.toml): a forbidden import names its rule.
test: install chromium rum lint
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks print ratios against a baseline measured in the same run (not part of `make test`).
bench: install
	@for f in tests/bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

# The fault suite (not part of `make test`): its own RabbitMQ nodes and database; see tests/chaos/chaos.py.
chaos: install
	$(PY) tests/chaos/chaos.py $(CHAOS_ARGS)

clean:
	rm -rf $(VENV) node_modules $(GOVUK) instance
