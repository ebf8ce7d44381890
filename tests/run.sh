#!/usr/bin/env bash
# The one test command (README.md and .ci/run call exactly this). Installs what the tests need, builds the
# solution, runs every test project and prints one closing line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/prereqs.sh
export HERMES_TEST_POSTGRES="${HERMES_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=hermes;Password=hermes;Database=hermes_test}"
export HERMES_SHARED="${HERMES_SHARED:-$(cd .. && pwd)/shared}"

results=$(mktemp -d)
status=0
dotnet build Hermes.sln -c Release -nologo -v quiet
# One test project at a time: the collector's kernel tests watch the whole machine and must not compete for the
# two cores with the other suites.
# A test stuck for 10 minutes fails with its name instead of running CI into its time limit.
dotnet test Hermes.sln -c Release --no-build -nologo -m:1 --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type none || status=$?

# Sum the TRX counters so the closing line covers every project.
passed=0 failed=0 skipped=0
for f in "$results"/*.trx; do
  [ -e "$f" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$f")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$line")
  fl=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$line")
  nx=$(sed -E 's/.* notExecuted="([0-9]+)".*/\1/' <<<"$line")
  passed=$((passed + p)) failed=$((failed + fl)) skipped=$((skipped + nx))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; echo "no test ran"; fi
exit "$status"
