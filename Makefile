# Tidings: the same commands for people, CI and the README.
VENV ?= .venv
PY := $(VENV)/bin/python
TIDINGS := $(VENV)/bin/tidings
PYTEST_ARGS ?=

.PHONY: install run demo test lint format bench eval fuzz screenshots services browser clean i18n

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first and pinned: the CPU build; anything unpinned would pull a CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# PostgreSQL for the store's contract suite; started when it is installed but not running.
services:
	@bash scripts/ensure-postgres.sh

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null)

# axe-core, pinned in package-lock.json, for the accessibility checks in tests/browser.
# Without npm the checks skip (and fail in CI, where CI is set).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility checks will skip"; fi

run: install
	$(TIDINGS) run

demo: install
	$(TIDINGS) demo --host 127.0.0.1 --port 8080 --data ./data/demo

test: install services browser node_modules/axe-core/axe.min.js
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests benchmarks fuzz
	$(VENV)/bin/ruff format --check src tests benchmarks fuzz
	$(VENV)/bin/mypy
	# the layer contracts in pyproject.toml ([tool.importlinter]); docs/architecture.md
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format src tests benchmarks fuzz
	$(VENV)/bin/ruff check --fix src tests benchmarks fuzz

eval: install
	$(PY) -m pytest tests/eval -m eval -p no:xdist -s $(PYTEST_ARGS)

bench: install
	$(PY) benchmarks/run.py

# atheris (libFuzzer) on the parsers of what strangers send (docs/fuzzing.md): FUZZ_RUNS
# executions for each of the 5 targets, a million in all; crashing inputs go to
# fuzz/crashes/ and make it fail. FUZZ_ARGS passes more, e.g. --targets feeds --seed 1.
FUZZ_RUNS ?= 200000
FUZZ_ARGS ?=
fuzz: install
	$(PY) -m fuzz.run --runs $(FUZZ_RUNS) $(FUZZ_ARGS)

screenshots: install browser node_modules/axe-core/axe.min.js
	TIDINGS_SCREENSHOTS=docs/screenshots $(PY) -m pytest tests/browser -p no:xdist $(PYTEST_ARGS)

# The UI's catalogs (docs/i18n.md): extract every message into the template, merge it into
# each language's .po (no fuzzy guesses), then fail naming each message left untranslated.
LOCALE := src/tidings/web/locale
i18n: install
	$(VENV)/bin/pybabel extract -F babel.cfg --add-location=file --sort-by-file \
		--project=Tidings --copyright-holder="The Tidings authors" -c "Translators:" \
		-o $(LOCALE)/messages.pot .
	$(VENV)/bin/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) \
		--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	$(PY) scripts/check_catalogs.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
