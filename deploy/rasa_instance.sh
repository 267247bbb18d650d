#!/usr/bin/env bash
# One Rasa instance of the deployment (deploy/Procfile): this machine only, token required,
# conversations in PostgreSQL, locks in Redis, events to RabbitMQ (endpoints.deploy.yml).
#   usage: deploy/rasa_instance.sh PORT
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:?usage: deploy/rasa_instance.sh PORT}
: "${RASA_TOKEN:?set RASA_TOKEN: the HTTP API and the REST channel need it}"
: "${CONNECTOR_STATE_URL:?set CONNECTOR_STATE_URL: instances share Telegram and Zalo state in Redis}"
exec .venv/bin/rasa run --interface 127.0.0.1 --port "$port" --enable-api --auth-token "$RASA_TOKEN" \
  --endpoints endpoints.deploy.yml --credentials credentials.yml --model "${MODEL:-models/assistant.tar.gz}"
