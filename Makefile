# The archive's two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test test-sqlite test-postgres lint format bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.run-installed $@

run: $(VENV)/.run-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_sample
	$(BIN)/python manage.py ensure_admin --port $(PORT)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium drives the browser tests; Playwright never downloads one.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium (apt-get install -y chromium) for the browser tests." >&2; fi; \
	fi

PYTEST := $(BIN)/python -m pytest
# pytest exits 5 when it collected no test: a run that tested nothing fails loudly.
define run_pytest
	$(1) $(PYTEST) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing the run." >&2; exit 1; fi; exit $$rc
endef

test: $(VENV)/.dev-installed browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "== test suite on SQLite"
	@$(call run_pytest,env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test)
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== test suite on $${DATABASE_URL%%://*}"; \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "== DATABASE_URL is not set: skipping the PostgreSQL run"; fi

test-postgres: $(VENV)/.dev-installed
	@$(call run_pytest,DJANGO_SETTINGS_MODULE=config.settings.test)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
