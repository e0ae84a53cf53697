# Two commands matter: `make run` (set up and serve) and `make test` (set up and check everything).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The strict plotly.js bundle (see the `plotly` target below).
PLOTLY_VERSION := 4.1.1
PLOTLY_SHA256 := 4ac841837b31c1bfd2ab140e3a248ddcc6c2106978fbf2c1c18a7aada930a37a
PLOTLY := static/plotly/plotly-strict.min.js

.PHONY: run test setup setup-dev migrate demo researcher lint format browser spreadsheet axe plotly bench mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

setup: $(VENV)/.runtime $(PLOTLY)

setup-dev: $(VENV)/.dev $(PLOTLY)

# Plotly's strict bundle, the same plotly.js release as the plotly package in requirements.txt (a test
# compares them) built without eval, so its WebGL timeline draws under our Content-Security-Policy
# (script-src 'self'); the package's own plotly.min.js compiles WebGL code with `new Function`, which
# that policy refuses. Fetched from the npm registry once and checked against its pinned hash; the
# copy served from static/plotly/ (not in git) has the outside asset addresses Plotly defaults to
# made local (tracker/infra/plotly_bundle.py), so nothing the site serves reaches a CDN.

plotly: $(PLOTLY)

$(PLOTLY): | $(VENV)/.runtime
	@command -v npm >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q npm)
	mkdir -p static/plotly
	download=$$(mktemp -d) \
		&& (cd $$download && npm pack --silent plotly.js-strict-dist-min@$(PLOTLY_VERSION) > /dev/null \
			&& tar -xzf plotly.js-strict-dist-min-$(PLOTLY_VERSION).tgz package/plotly-strict.min.js package/LICENSE \
			&& echo "$(PLOTLY_SHA256)  package/plotly-strict.min.js" | sha256sum --check --quiet) \
		&& $(BIN)/python -m tracker.infra.plotly_bundle $$download/package/plotly-strict.min.js $(PLOTLY) \
		&& cp $$download/package/LICENSE static/plotly/LICENSE; \
		status=$$?; rm -rf $$download; [ $$status -eq 0 ] || (rm -f $(PLOTLY); exit 1)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Creates a staff account in the Researcher group; asks for the password interactively.
researcher: migrate
	$(BIN)/python manage.py create_researcher

# Debian's chromium for the browser tests; Playwright never downloads a browser here.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium)

# Headless LibreOffice Calc for the spreadsheet round-trip test (about 40 s to install on Debian 12).
spreadsheet:
	@command -v soffice >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q libreoffice-calc-nogui)

# axe-core for the accessibility browser tests only, from the npm registry, checked against its
# pinned hash (tests/vendor/axe-core/README.md); the site never serves it.
AXE_VERSION := 4.14.1
AXE_SHA256 := 29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
AXE := tests/vendor/axe-core/axe.min.js

axe: $(AXE)

$(AXE):
	cd tests/vendor/axe-core && npm pack --silent axe-core@$(AXE_VERSION) > /dev/null \
		&& tar -xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js \
		&& mv package/axe.min.js axe.min.js && rm -rf package axe-core-$(AXE_VERSION).tgz
	echo "$(AXE_SHA256)  $(AXE)" | sha256sum --check --quiet

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: setup-dev browser spreadsheet axe
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

$(VENV)/.bench: bench/requirements.txt $(VENV)/.dev
	$(BIN)/pip install --quiet -r bench/requirements.txt
	touch $@

# Builds (or reuses) corpora of 10k, 100k and 1M events under bench/data/ and prints one table;
# BENCH_SIZES=10000,100000 shortens it. The sqlite3 shell is the CSV export's reference.
bench: setup-dev $(VENV)/.bench
	@command -v sqlite3 >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q sqlite3)
	$(BIN)/python -m bench.run

# Mutation testing of the derived facts, the office rule and the date parser with their fast tests
# (configured in pyproject.toml [tool.mutmut]); prints killed/total and the mutants that survived.
# Not part of `make test`. Results are kept in mutants/ so a second run retests only what changed.
MUTATION_JOBS ?= 2
mutation: setup-dev
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS) > mutants.log 2>&1 || (tail -40 mutants.log; exit 1)
	@$(BIN)/mutmut export-cicd-stats > /dev/null
	@$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	print('mutation score: {killed}/{total} killed ({share:.1f}%), {survived} survived, {no_tests} without tests, \
	{timeout} timed out'.format(share=100 * s['killed'] / max(s['total'], 1), **s))"
	@$(BIN)/mutmut results

clean:
	rm -rf $(VENV) staticfiles artifacts .pytest_cache .ruff_cache mutants mutants.log
