#!/usr/bin/env bash
# Runs Hermes on this machine with its embedded defaults: installs what it needs (as root), builds, starts the bot
# (SQLite in ./.data, the shipped playbooks, deploy/catalog.example.yaml, the web console instead of Slack) on
# http://127.0.0.1:8080 and the node collector with the official Falco rules, which prints Falco JSON alerts on
# stdout and sends them to the bot. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/prereqs.sh >&2
for project in collector/Hermes.Collector bot/Hermes.Bot; do dotnet build -c Release "$project" -nologo -v quiet >&2; done
TOKEN="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
mkdir -p .data
Intake__Tokens__0="$TOKEN" Ownership__CatalogPath="$PWD/deploy/catalog.example.yaml" Storage__DataDirectory="$PWD/.data" \
  dotnet bot/Hermes.Bot/bin/Release/net10.0/hermes-bot.dll --urls http://127.0.0.1:8080 > .data/hermes-bot.log 2>&1 &
BOT=$!
trap 'kill $BOT 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:8080/healthz >/dev/null && break; sleep 0.2; done
curl -sf http://127.0.0.1:8080/healthz >/dev/null || { cat .data/hermes-bot.log >&2; exit 1; }
echo "hermes: bot on http://127.0.0.1:8080 (dashboard: /ui, chat console: /console, API: /api/v1/cases, log: .data/hermes-bot.log)" >&2
echo "hermes: collector starting with collector/rules/falco_rules.yaml; try 'cat /etc/shadow' in another terminal" >&2
HERMES_COLLECTOR_HTTP_TOKEN="$TOKEN" HERMES_COLLECTOR_SPOOL_DIRECTORY="$PWD/.data/spool" \
  dotnet collector/Hermes.Collector/bin/Release/net10.0/hermes-collector.dll run \
  --rules collector/rules/falco_rules.yaml --output stdout --output http:http://127.0.0.1:8080/api/v1/alerts "$@"
