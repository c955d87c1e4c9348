# Tertial: `make run` starts the app with demo data, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON := $(abspath $(VENV))/bin/python

# The test run: PostgreSQL and Redis on this machine unless told otherwise.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/tertial)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/15)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-dev system-packages lint typecheck import-contracts clean bench

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --no-dev

install-dev: $(UV)
	$(UV) sync --frozen

run: install
	$(UV) run --no-sync python manage.py migrate --noinput
	$(UV) run --no-sync python manage.py seed_demo
	$(UV) run --no-sync python manage.py runserver 127.0.0.1:8000

# The Debian packages the test suite and the code under test use outside Python: Chromium for the
# browser tests, Poppler (pdftotext, pdfinfo, pdffonts) to read the PDF reports back, Pango and the
# DejaVu fonts for WeasyPrint, redis-server for tests/faults/ (which stops a Redis of its own) and
# postgresql for its initdb and pg_ctl (tests/faults/ restarts a PostgreSQL cluster of its own).
# tests/test_system_packages.py fails when the code runs a program or reads a system file that
# none of these (or what they depend on) provides.
SYSTEM_PACKAGES := chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core redis-server \
  postgresql
# CHROMIUM=... names another browser, which then replaces Debian's.
NEEDED_PACKAGES := $(if $(filter /usr/bin/chromium,$(CHROMIUM)),$(SYSTEM_PACKAGES),$(filter-out chromium,$(SYSTEM_PACKAGES)))

system-packages:
	@if ! command -v dpkg-query >/dev/null; then \
	  echo "make test: not a Debian system; the suite needs the equivalents of: $(NEEDED_PACKAGES)"; \
	  exit 0; \
	fi; \
	missing=""; \
	for package in $(NEEDED_PACKAGES); do \
	  dpkg-query -W -f='$${db:Status-Status}' "$$package" 2>/dev/null | grep -qx installed \
	    || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
	  echo "make test: the suite needs the Debian packages$$missing: run apt-get install$$missing as root" >&2; \
	  exit 1; \
	fi; \
	echo "Installing the Debian packages the test suite uses:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get install -y -qq $$missing >/dev/null \
	  || { apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; }

test: install-dev system-packages
	@DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" \
	  $(UV) run --no-sync python scripts/check_services.py
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" DEBUG=true \
	  CHROMIUM="$(CHROMIUM)" $(UV) run --no-sync pytest $(PYTEST_ARGS)

# Import, recompute, page, forecast-proposal, forecast-entry and report-PDF timings at a large
# municipality's size, and the forecast burst on two gunicorn instances and two Celery workers
# (with a redis-server of its own; see docs/benchmarks.md), in a database tertial_bench that the
# bench drops and creates on the local server by default; bench.uploads sends a million-row
# workbook and the SIE file through gunicorn and a Celery worker (its own tertial_bench_uploads);
# bench.budget_versions compares two budget versions of the whole municipality (its own
# tertial_bench_versions); bench.public serves the public results site to a hundred anonymous
# readers through gunicorn with a Redis cache of its own (its own tertial_bench_public);
# bench.api pages the read-only API's actuals, 100 000 rows, with a client's token (its own
# tertial_bench_api).
# Every bench runs even when an earlier one misses a target; make fails at the end if any did.
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/tertial_bench)
bench: install-dev system-packages
	@status=0; \
	for bench in bench.ledger bench.proposals bench.forecasts bench.plan_budget bench.reports bench.uploads \
	  bench.budget_versions bench.public bench.api; do \
	  DATABASE_URL="$(BENCH_DATABASE_URL)" $(UV) run --no-sync python -m $$bench || status=1; \
	done; \
	exit $$status

lint: install-dev
	$(UV) run --no-sync ruff check .

# mypy with django-stubs over the application code (configured in pyproject.toml).
typecheck: install-dev
	$(UV) run --no-sync mypy

# import-linter: the apps depend one way and no app has an import cycle (pyproject.toml).
import-contracts: install-dev
	$(UV) run --no-sync lint-imports

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache .mypy_cache
