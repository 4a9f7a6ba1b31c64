# rongmei — run `make help` for the list.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
STAMP := $(VENV)/.installed
DEMO_CENTER ?= 632224
DEMO_YEAR ?= 2021

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt package.json
	@test -x $(PYTHON) || $(PY) -m venv $(VENV)
	@$(PYTHON) -m pip install -q --upgrade pip
	@$(PYTHON) -m pip install -q -r requirements.txt -r requirements-dev.txt
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund --silent; else echo "npm 未安装：图表库 ECharts 无法安装（统计页将只显示表格）"; fi
	@touch $(STAMP)

setup: $(STAMP) ## .venv + pinned dependencies (idempotent, fast when done)

run: setup ## fresh machine → dependencies, migrate, demo center, worker + server on 127.0.0.1:8000
	@bash scripts/run.sh

test: setup ## the whole suite in parallel (SQLite; PostgreSQL where DATABASE_URL says; RONGMEI_TEST_REUSE_DB=1 keeps the test DB, local only)
	@# --dist load keeps each worker in collection order: pytest-django's transactional
	@# tests (which empty the database) after the others.
	@$(BIN)/pytest -n "$${TEST_WORKERS:-auto}" --dist load --durations=20 \
		$${RONGMEI_TEST_REUSE_DB:+--reuse-db} $(PYTEST_ARGS)

lint: setup ## ruff check, ruff format --check, lint-imports
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/lint-imports

format: setup ## ruff check --fix, ruff format
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

migrations-check: setup ## fail if a model change has no migration
	@$(PYTHON) manage.py makemigrations --check --dry-run

messages: setup ## refresh and compile the translation catalogues of locale/
	@$(PYTHON) manage.py makemessages -l zh_Hans -l en --ignore '.venv/*' --ignore 'node_modules/*' \
		--ignore 'var/*' --ignore 'locale_vendor/*' --ignore 'bench/*' \
		--ignore 'tests/*' --ignore '*/tests/*'
	@$(PYTHON) scripts/zh_catalogue.py
	@cd locale && for po in */LC_MESSAGES/django.po; do msgfmt --check -o $${po%.po}.mo $$po; done

bench: setup ## the benchmarks in bench/, printing ratios against their baselines
	@for f in bench/bench_*.py; do echo "== $$f"; $(PYTHON) $$f || exit 1; done

check: lint migrations-check test ## what .ci/run runs (on SQLite)

.PHONY: help setup run test lint format migrations-check messages bench check
