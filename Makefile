# LINkHub: `make run` serves the embedded default with demo data; `make test` runs the whole suite.
# Both install what they need first (venv, Python packages, GOV.UK Frontend from npm, Chromium).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
LINKHUB := $(VENV)/bin/linkhub
STAMP := $(VENV)/.installed
GOVUK := linkhub/platform/static/govuk
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install assets chromium bench clean

install: $(STAMP) $(GOVUK)/.built

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

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

# `make run PORT=5001` serves on another port (127.0.0.1 only).
PORT ?= 5000

run: install
	LINKHUB_INSECURE_COOKIES=1 $(LINKHUB) db upgrade
	LINKHUB_INSECURE_COOKIES=1 $(LINKHUB) demo load
	LINKHUB_INSECURE_COOKIES=1 LINKHUB_PUBLIC_URL=http://127.0.0.1:$(PORT) $(LINKHUB) serve --bind 127.0.0.1:$(PORT)

# The layers first (import-linter contracts in pyproject.toml): a forbidden import names its rule.
test: install chromium
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks print ratios against a baseline measured in the same run (not part of `make test`).
bench: install
	@for f in tests/bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules $(GOVUK) instance
