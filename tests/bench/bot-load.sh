#!/usr/bin/env bash
# Bot intake load benchmark: sustained alerts/s with p50/p99 latency to a durable 202, and the storm case
# (100,000 alerts from 50 pods → 50 cases, 50 questions), on SQLite and on PostgreSQL in the same run, each next
# to the HTTP ceiling of this machine (GET /healthz under the same generator) as the peer.
#   bash tests/bench/bot-load.sh [seconds=20] [concurrency=64]   (concurrent senders: a fleet has thousands of collectors)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-20}"
CONCURRENCY="${2:-64}"
bash tests/prereqs.sh >/dev/null
dotnet build -c Release bot/Hermes.Bot tests/Hermes.BotLoad -v q -nologo >/dev/null 2>&1 || dotnet build -c Release Hermes.sln -v q -nologo
BOT=bot/Hermes.Bot/bin/Release/net10.0/hermes-bot.dll
LOAD=tests/Hermes.BotLoad/bin/Release/net10.0/Hermes.BotLoad.dll
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat > "$WORK/catalog.yaml" <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: load-web, annotations: {backstage.io/kubernetes-namespace: load}}
spec: {type: service, owner: user:loadtest}
YAML
export HERMES_LOAD_TOKEN=load
PORT=5180

start_bot() { # provider
  local provider="$1" conn=""
  rm -rf "$WORK/data"; mkdir -p "$WORK/data"
  if [ "$provider" = postgres ]; then
    su postgres -c "psql -qc 'DROP DATABASE IF EXISTS hermes_load WITH (FORCE)'" && su postgres -c "psql -qc 'CREATE DATABASE hermes_load OWNER hermes'"
    conn="Host=127.0.0.1;Username=hermes;Password=hermes;Database=hermes_load;Maximum Pool Size=100"
  fi
  Storage__Provider="$provider" Storage__ConnectionString="$conn" Storage__DataDirectory="$WORK/data" \
  Intake__Tokens__0=load Ownership__CatalogPath="$WORK/catalog.yaml" Logging__LogLevel__Default=Warning \
    dotnet "$BOT" --urls "http://127.0.0.1:$PORT" > "$WORK/bot-$provider.log" 2>&1 &
  BOT_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.2; done
  cat "$WORK/bot-$provider.log"; exit 1
}
stop_bot() { kill "$BOT_PID"; wait "$BOT_PID" 2>/dev/null || true; }

declare -A RATE
for provider in sqlite postgres; do
  echo "== $provider"
  start_bot "$provider"
  base=$(dotnet "$LOAD" baseline "http://127.0.0.1:$PORT" "$SECONDS_PER_RUN" "$CONCURRENCY"); echo "$base"
  sus=$(dotnet "$LOAD" sustained "http://127.0.0.1:$PORT" "$SECONDS_PER_RUN" "$CONCURRENCY"); echo "$sus"
  b=$(sed -E 's/.*= ([0-9]+)\/s.*/\1/' <<<"$base"); s=$(sed -E 's/.*= ([0-9]+)\/s.*/\1/' <<<"$sus")
  RATE[$provider]=$s
  echo "ratio: intake $s/s is $(awk "BEGIN{printf \"%.2f\", $s/$b}")x the HTTP ceiling ($b/s)"
  stop_bot

  start_bot "$provider"
  dotnet "$LOAD" storm "http://127.0.0.1:$PORT" 0 20
  # The questions go out through the outbox: wait until every case has asked.
  for _ in $(seq 150); do
    asking=$(curl -s "http://127.0.0.1:$PORT/api/v1/cases?state=Asking&limit=1000" | grep -o '"id":' | wc -l)
    [ "$asking" -ge 50 ] && break; sleep 0.2
  done
  cases=$(curl -s "http://127.0.0.1:$PORT/api/v1/cases?limit=1000")
  echo "storm result: $(grep -o '"id":' <<<"$cases" | wc -l) cases, $asking asking, alerts counted: $(grep -o '"alertCount":[0-9]*' <<<"$cases" | cut -d: -f2 | paste -sd+ | bc)"
  stop_bot
done
echo "== sustained: postgres ${RATE[postgres]}/s vs sqlite ${RATE[sqlite]}/s (goals: postgres >= 5000/s with p99 < 50 ms, sqlite >= 2000/s)"
