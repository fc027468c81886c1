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

# --blame names the test that was running if a test host dies; the console is kept so the report below can quote it.
dotnet test CityMesh.sln -c Release --no-build -nologo -v q --blame \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

# One line per test project, so a project that crashed or never reported stands out at the end of a long log.
echo
echo "per project:"
passed=0; failed=0; skipped=0; reported=""
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  project=$(grep -o 'storage="[^"]*"' "$trx" | head -1 | sed 's/.*\/\([^/]*\)\.dll"$/\1/')
  reported="$reported $project"
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  outcome=$(grep -o '<ResultSummary outcome="[^"]*"' "$trx" | head -1 | sed 's/.*="\(.*\)"/\1/')
  echo "  $project: $(value passed) passed, $(value failed) failed, $(value notExecuted) skipped ($outcome)"
  # A run-level error (a test host that crashed, a fixture that threw) is not a test result; show it.
  awk '/<RunInfo .*outcome="Error"/ { getline; sub(/.*<Text>/, ""); sub(/<\/Text>.*/, ""); print "    " $0 }' "$trx" | head -20
  # Each failed test with the start of its message, so the end of the log says why and not only which.
  awk '/<UnitTestResult .*outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next }
       want && /<Message>/ { sub(/.*<Message>/, ""); print "    FAILED " name; lines = 0; inside = 1 }
       inside { done = sub(/<\/Message>.*/, ""); if (lines++ < 6) print "      " $0; if (done) { inside = 0; want = 0 } }' "$trx" | head -60
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
for csproj in tests/*/*.Tests.csproj; do
  name=$(basename "$csproj" .csproj)
  case " ${reported,,} " in *" ${name,,} "*) ;; *) echo "  $name: no results"; failed=$((failed + 1)) ;; esac
done

if [ "$status" -ne 0 ]; then
  # What the test platform said about hosts that died, with the test --blame saw running.
  grep -iE -A3 "test host process crashed|active test run was aborted|test run aborted|the test running when the crash occurred" \
    "$results/console.log" | head -40
  if [ "$failed" -eq 0 ]; then
    echo "dotnet test exited with $status although no test failed: a test host crashed or a project did not run"
    failed=1
  fi
fi

summary="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
