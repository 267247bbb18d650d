# Trợ lý Bình dân học vụ số — every task a newcomer or CI needs.
#   make run    install if needed, train if needed, start the assistant
#   make test   install, train, run every check
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/assistant.tar.gz
GENERATED_NLU := bot/data/generated/knowledge.yml

export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0

CONSOLE_HOST ?= 127.0.0.1
CONSOLE_PORT ?= 8000

TRAINING_INPUTS := config.yml $(wildcard domain/*.yml) $(wildcard bot/data/*.yml) \
	$(GENERATED_NLU) $(wildcard bot/nlu/*.py bot/nlu/*.yml)

.PHONY: help install lock generate train run actions shell validate test test-unit \
	test-stories bench bench-cv bench-kb bench-scam bench-load bench-schedules import-classes import-contacts \
	export-registrations clean browser webchat test-webchat console console-user test-console \
	telegram-webhook test-channels proxy cluster

help:
	@echo "make run      install, train if the data changed, start the assistant (REST on :5005)"
	@echo "make shell    chat in the terminal"
	@echo "make console  officials' console on http://$(CONSOLE_HOST):$(CONSOLE_PORT) (first: make console-user NAME=lan)"
	@echo "make cluster  two Rasa instances behind HAProxy on PostgreSQL/Redis/RabbitMQ (deploy/cluster.env)"
	@echo "make webchat  only the web chat (http://127.0.0.1:8080) for a Rasa already running"
	@echo "make reminders  only the class-reminder worker, for a Rasa already running"
	@echo "make test     every check: unit tests, data validation, NLU evaluation, test stories"
	@echo "make train    train the model ($(MODEL))"
	@echo "make validate rasa data validate"
	@echo "make bench    NLU benchmark against Rasa's default pipeline"
	@echo "make bench-cv cross-validation on the training data (intent vote weights)"
	@echo "make bench-kb knowledge-base routing (blind test set by style, development set) and REST latency"
	@echo "make bench-scam scam checker: recall, false alarms, latency"
	@echo "make bench-load load test, assistant vs stock rasa init bot (USERS=10 DURATION=30 seconds, ARGS=...)"
	@echo "make import-classes FILE=lich.csv   import a class timetable (CSV or XLSX)"
	@echo "make telegram-webhook  register the Telegram webhook (TELEGRAM_* variables, see connectors/README.md)"

# --- installation -----------------------------------------------------------
install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@python310=$$(scripts/find_python310.sh) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python310"; "$$python310" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip check
	touch $@

# Re-resolve the full dependency set after changing requirements.txt.
lock: $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip freeze --all --exclude-editable | grep -v -E '^(pkg-resources|pip)==' > requirements.lock

# Debian's Chromium and its driver for the browser tests: installed only when missing.
browser:
	@scripts/install_debian_packages.sh "/usr/bin/chromium /usr/bin/chromedriver" chromium chromium-driver fonts-noto-core

# Debian's HAProxy for the deployment with two Rasa instances (deploy/): installed only when missing.
proxy:
	@scripts/install_debian_packages.sh haproxy haproxy

# --- training ---------------------------------------------------------------
$(GENERATED_NLU): $(VENV)/.installed $(wildcard bot/knowledge/articles/*.yml) bot/knowledge/training_data.py
	$(PY) -m bot.knowledge.training_data $@

generate: $(GENERATED_NLU)

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(RASA) train --config config.yml --domain domain --data bot/data \
		--out models --fixed-model-name assistant
	@touch $@

train: $(MODEL)

validate: $(GENERATED_NLU)
	$(RASA) data validate --config config.yml --domain domain --data bot/data

# --- running ----------------------------------------------------------------
run: $(MODEL)
	@scripts/run.sh

actions: $(VENV)/.installed
	$(RASA) run actions --actions bot.actions --port 5055

shell: $(MODEL)
	@scripts/run.sh --shell

webchat: $(VENV)/.installed
	$(PY) -m webchat

# Sends class reminders when due, through Rasa (RASA_URL, RASA_TOKEN); `make run` starts it too.
.PHONY: reminders
reminders: $(VENV)/.installed
	$(PY) -m bot.reminders

# Two Rasa instances behind HAProxy with PostgreSQL, Redis and RabbitMQ (README.md, "Deploying").
cluster: $(MODEL) proxy
	@test -f deploy/cluster.env || { echo "Copy deploy/cluster.env.example to deploy/cluster.env and fill it in" >&2; exit 2; }
	$(VENV)/bin/honcho -f deploy/Procfile -e deploy/cluster.env start

# --- checks -----------------------------------------------------------------
test: $(MODEL) browser proxy
	$(MAKE) --no-print-directory validate
	$(MAKE) --no-print-directory test-stories
	$(PY) -m pytest -q tests

test-unit: $(VENV)/.installed
	$(PY) -m pytest -q tests -m "not model"

test-stories: $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/stories \
		--fail-on-prediction-errors --out var/results/stories

test-webchat: $(MODEL) browser
	$(PY) -m pytest -q tests/webchat

bench: $(MODEL)
	$(PY) -m benchmarks.bench_nlu --json var/bench/nlu.json

# Chooses the intent vote's weights on the training data (5-fold), not on the held-out file.
bench-cv: $(GENERATED_NLU)
	$(PY) -m benchmarks.cross_validate_nlu --c 5,20,50

bench-kb: $(MODEL)
	$(PY) -m benchmarks.bench_kb

# Scam checker: recall and false alarms on the blind message set, rule and whole-reply latency.
bench-scam: $(MODEL)
	$(PY) -m benchmarks.bench_scam --rest

# Load test over 127.0.0.1: USERS closed-loop users for DURATION seconds against the assistant,
# then against Rasa's stock `rasa init` bot (trained once, cached in var/bench/stock/); writes var/bench/load.json.
USERS ?= 10
DURATION ?= 30
bench-load: $(MODEL)
	$(PY) -m benchmarks.bench_load --users $(USERS) --duration $(DURATION) $(ARGS)

# --- messaging channels -----------------------------------------------------
# Registers TELEGRAM_WEBHOOK_URL (or URL=...) with the secret the channel checks.
telegram-webhook: $(VENV)/.installed
	$(PY) -m connectors.telegram_webhook set $(if $(URL),--url "$(URL)")

test-channels: $(MODEL)
	$(PY) -m pytest -q tests/channels

# --- officials' console -----------------------------------------------------
console: $(VENV)/.installed
	$(PY) -m console --host $(CONSOLE_HOST) --port $(CONSOLE_PORT)

console-user: $(VENV)/.installed
	@test -n "$(NAME)" || { echo "Usage: make console-user NAME=ten-dang-nhap"; exit 2; }
	$(PY) -m console.cli create-user "$(NAME)"

test-console: $(VENV)/.installed browser
	$(PY) -m pytest -q tests/console

# --- class schedules --------------------------------------------------------
import-classes: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Usage: make import-classes FILE=lich-hoc.csv"; exit 2; }
	$(PY) -m bot.schedules.importer classes "$(FILE)"

import-contacts: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Usage: make import-contacts FILE=nguoi-ho-tro.csv"; exit 2; }
	$(PY) -m bot.schedules.importer contacts "$(FILE)"

export-registrations: $(VENV)/.installed
	@test -n "$(CLASS)" || { echo "Usage: make export-registrations CLASS=HA-012 [OUT=dang-ky.csv]  (CLASS=all: every class into var/exports/)"; exit 2; }
	$(PY) -m bot.schedules.export $(if $(filter all,$(CLASS)),--all,"$(CLASS)" $(if $(OUT),-o "$(OUT)"))

bench-schedules: $(VENV)/.installed
	$(PY) scripts/bench_schedules.py --min 0.95

clean:
	rm -rf models var/results $(GENERATED_NLU)
