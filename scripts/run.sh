#!/usr/bin/env bash
# Starts the action server (5055), the web chat (8080), the class-reminder worker
# and Rasa (5005, REST channel, HTTP API) and stops them on Ctrl+C. `--shell` chats in the terminal instead.
#   RASA_HOST     interface Rasa listens on (default 127.0.0.1, this machine only)
#   RASA_TOKEN    if set, the HTTP API and the REST channel require ?token=RASA_TOKEN;
#                 required when RASA_HOST is not this machine
#   WEBCHAT_HOST  interface the web chat listens on (default 127.0.0.1; 0.0.0.0 for kiosks)
#   WEBCHAT_PORT  its port (default 8080); more settings in webchat/README.md
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
MODEL=models/assistant.tar.gz
mkdir -p var/log

host=${RASA_HOST:-127.0.0.1}
case "$host" in
  127.*|localhost|::1) ;;
  *)
    if [ -z "${RASA_TOKEN:-}" ] && [ "${1:-}" != "--shell" ]; then
      echo "RASA_HOST=$host would open Rasa's HTTP API to the network without a token." >&2
      echo "Keep RASA_HOST=127.0.0.1 behind a reverse proxy, or set RASA_TOKEN as well." >&2
      exit 2
    fi ;;
esac

$BIN/python -m bot.schedules.demo --if-empty
$BIN/rasa run actions --actions bot.actions --port 5055 > var/log/actions.log 2>&1 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  if curl -sf http://127.0.0.1:5055/health > /dev/null; then break; fi
  if ! kill -0 "$actions_pid" 2>/dev/null; then
    echo "The action server did not start; see var/log/actions.log" >&2; exit 1
  fi
  sleep 0.5
done

if [ "${1:-}" = "--shell" ]; then
  $BIN/rasa shell --model "$MODEL" --endpoints endpoints.yml
  exit
fi

auth=()
token_param=
if [ -n "${RASA_TOKEN:-}" ]; then auth=(--auth-token "$RASA_TOKEN"); token_param='?token=$RASA_TOKEN'; fi
webchat_host=${WEBCHAT_HOST:-127.0.0.1}
webchat_port=${WEBCHAT_PORT:-8080}
RASA_URL=${RASA_URL:-http://${host/0.0.0.0/127.0.0.1}:5005} WEBCHAT_HOST=$webchat_host WEBCHAT_PORT=$webchat_port \
  $BIN/python -m webchat > var/log/webchat.log 2>&1 &
webchat_pid=$!
# class reminders: polls the database, has Rasa say each due reminder (bot/reminders)
RASA_URL=${RASA_URL:-http://${host/0.0.0.0/127.0.0.1}:5005} $BIN/python -m bot.reminders > var/log/reminders.log 2>&1 &
reminders_pid=$!
trap 'kill "$actions_pid" "$webchat_pid" "$reminders_pid" 2>/dev/null || true' EXIT INT TERM
webchat_url=http://${webchat_host/0.0.0.0/127.0.0.1}:$webchat_port
cat <<BANNER

  Trợ lý Bình dân học vụ số is starting on http://$host:5005 (20 to 60 seconds).
  Web chat: open $webchat_url in a browser (kiosk screen: $webchat_url/?kiosk=1).
  Chat from another terminal:
    curl -s "http://$host:5005/webhooks/rest/webhook$token_param" \\
      -H 'Content-Type: application/json' \\
      -d '{"sender": "bac-an", "message": "cai vneid the nao"}'
  or run 'make shell'. Press Ctrl+C to stop.

BANNER
$BIN/rasa run --enable-api --interface "$host" --port 5005 \
  --credentials credentials.yml --endpoints endpoints.yml --model "$MODEL" \
  "${auth[@]}" &
rasa_pid=$!
trap 'kill "$actions_pid" "$webchat_pid" "$reminders_pid" "$rasa_pid" 2>/dev/null || true' EXIT INT TERM
wait "$rasa_pid"
