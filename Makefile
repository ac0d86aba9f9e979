# The two commands: `make run` (the whole stack on this machine, answering calls on
# 127.0.0.1:5060) and `make test` (installs what is missing, runs every test).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Local secrets (ARI and seat passwords), generated once and git-ignored.
.env:
	@bash scripts/gen-env.sh > .env
	@echo "generated .env with fresh passwords"
include .env
export

.PHONY: help deps run stop status migrate test test-unit test-integration test-e2e lint asterisk-start asterisk-stop bench load load-compare bench-api backup restore

help:
	@echo "make run     - start Postgres, Redis, Asterisk and the services; answer calls on 127.0.0.1:5060"
	@echo "make stop    - stop the services and Asterisk"
	@echo "make test    - install what is missing, then unit + integration + end-to-end tests"
	@echo "make migrate - apply migrations/ to DATABASE_URL"
	@echo "make lint    - type-check everything"
	@echo "make load    - SIPp load against the controller: make load CPS=5 CALLS=200 SEATS=20 (test/load/)"
	@echo "make load-compare - the same load against the controller and app_queue, side by side"
	@echo "make bench-api - autocannon on the API next to a Fastify hello-world"
	@echo "make backup  - Postgres + recordings into BACKUP_DIR: monthly full, else daily (KIND=full|daily to choose)"
	@echo "make restore - a backup set into a new database and directory: make restore RESTORE_DB=name RESTORE_RECORDINGS_DIR=dir [SET=daily/2026-11-25]"

deps:
	@bash scripts/ensure-deps.sh

migrate: deps
	@npx tsx packages/db/src/migrate-cli.ts

asterisk-start: deps
	@bash scripts/asterisk.sh start

asterisk-stop:
	@bash scripts/asterisk.sh stop

run: deps migrate asterisk-start
	@bash scripts/stack.sh start
	@echo "stack up: SIP on 127.0.0.1:5060, API on http://$${API_HOST:-127.0.0.1}:$${API_PORT:-3000} (logs in .run/)"

stop:
	@bash scripts/stack.sh stop
	@bash scripts/asterisk.sh stop

status:
	@bash scripts/stack.sh status; bash scripts/asterisk.sh status | head -1

lint:
	@npx tsc --noEmit -p tsconfig.json

test: deps lint
	@mkdir -p test-results
	@status=0; npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$$?; \
	  node scripts/test-summary.mjs test-results/vitest.json; exit $$status

test-unit:
	@npx vitest run --project unit

test-integration: deps
	@npx vitest run --project integration

test-e2e: deps
	@npx vitest run --project e2e

# Backups (README, "Backups"): run `make backup` once a day from cron.
backup:
	@bash scripts/backup.sh $(or $(KIND),auto)

restore:
	@bash scripts/restore.sh $(SET)

# Load-test kit (test/load/, BENCHMARKS.md): not part of `make test`. Every knob is optional;
# DURATION (seconds of calls) overrides CALLS. LOAD_ARGS passes anything else (--cpu-prof DIR ...).
LOAD_KNOBS = $(if $(CPS),--cps $(CPS)) $(if $(CALLS),--calls $(CALLS)) $(if $(DURATION),--duration $(DURATION)) \
  $(if $(SEATS),--seats $(SEATS)) $(if $(TALK_MS),--talk-ms $(TALK_MS)) $(if $(IVR_MS),--ivr-ms $(IVR_MS)) \
  $(if $(ABANDON),--abandon $(ABANDON)) $(if $(CONTROLLERS),--controllers $(CONTROLLERS)) $(LOAD_ARGS)
load: deps
	@npx tsx test/load/run.ts --targets controller $(LOAD_KNOBS)

load-compare: deps
	@npx tsx test/load/run.ts --targets controller,baseline $(LOAD_KNOBS)

bench-api: deps
	@npx tsx test/load/bench-api.ts $(BENCH_ARGS)

# Not part of `make test`: aggregator events/s vs a raw COPY, and a month scorecard over 1 M calls (BENCHMARKS.md).
bench: deps
	@npx tsx test/bench/aggregator.ts
	@$(MAKE) --no-print-directory bench-api
	@# the load comparison of BENCHMARKS.md run 1 (its exit status says whether every call completed)
	-@$(MAKE) --no-print-directory load-compare CPS=10 DURATION=30 SEATS=100 TALK_MS=5000 IVR_MS=3000
