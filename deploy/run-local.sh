#!/usr/bin/env bash
# Runs Hermes on this machine with its embedded defaults: installs what it needs (as root), builds, and starts the
# node collector with the official Falco rules, printing Falco JSON alerts on stdout. Stop with Ctrl-C.
# The bot (alert intake, conversations, console) is not built yet; when it is, this script starts it too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/prereqs.sh >&2
dotnet build -c Release collector/Hermes.Collector -nologo -v quiet >&2
echo "hermes: collector starting with collector/rules/falco_rules.yaml; try 'cat /etc/shadow' in another terminal" >&2
exec dotnet collector/Hermes.Collector/bin/Release/net10.0/hermes-collector.dll run \
  --rules collector/rules/falco_rules.yaml --output stdout "$@"
