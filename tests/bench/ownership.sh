#!/usr/bin/env bash
# Ownership resolution benchmark: cold and warm resolution, upstream calls per 1,000 alerts, and the uncached
# resolver as the peer in the same run. Uses the real registry (docker-registry, skopeo) and the GitHub double.
# usage: bash tests/bench/ownership.sh [IMAGES=50] [ALERTS=1000] [WARM_ROUNDS=100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/prereqs.sh >/dev/null
dotnet build -c Release tests/Hermes.OwnershipBench -v q -nologo >/dev/null
dotnet tests/Hermes.OwnershipBench/bin/Release/net10.0/Hermes.OwnershipBench.dll "${1:-50}" "${2:-1000}" "${3:-100000}"
