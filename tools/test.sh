#!/usr/bin/env bash
# Builds CityMesh and runs every test project; ends with `tests: N passed, N failed[, N skipped]` summed from the
# test results (TRX) and exits non-zero on any failure, including a build that fails or a test host that crashes.
set -uo pipefail
cd "$(dirname "$0")/.."

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build CityMesh.sln -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "build failed"
  echo "tests: 0 passed, 0 failed"
  exit 1
fi

dotnet test CityMesh.sln -c Release --no-build -nologo -v q \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status although no test failed: a test host crashed or a project did not run"
  failed=1
fi

summary="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
