#!/usr/bin/env bash
# Runs every test: restores (with the System.IO.Hashing fallback where needed), installs the pinned Azurite,
# builds the Functions app where its packages are reachable (one line saying so where they are not), runs the
# xunit suite and ends with one line: "N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$repo_root"
ensure_hashing_fallback

echo "== installing Azurite (eng/azurite, pinned by package-lock.json)"
npm ci --prefix eng/azurite --no-audit --no-fund --loglevel=error >/dev/null
export AZURITE_BLOB_PATH="$repo_root/eng/azurite/node_modules/.bin/azurite-blob"

functions_worker=$(sed -n 's/.*Include="Microsoft.Azure.Functions.Worker" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
worker_index=$(curl -fsS -m 20 "https://api.nuget.org/v3-flatcontainer/microsoft.azure.functions.worker/index.json" 2>/dev/null || true)
case "$worker_index" in
  *"\"$functions_worker\""*)
    echo "== building src/AccountSnapshots.Functions"
    dotnet build src/AccountSnapshots.Functions -c Release --nologo -v quiet ;;
  *)
    echo "SKIPPED build of src/AccountSnapshots.Functions: Microsoft.Azure.Functions.Worker $functions_worker is not on this machine's NuGet source; .github/workflows/ci.yml builds it where the full gallery is reachable. Its behaviour is covered through the core services it calls." ;;
esac

echo "== building tests/AccountSnapshots.Benchmarks (run them with eng/perf.sh or dotnet run -c Release)"
dotnet build tests/AccountSnapshots.Benchmarks -c Release --nologo -v quiet

echo "== building and running tests/AccountSnapshots.Tests"
results="$repo_root/artifacts/test-results"
rm -rf "$results"
set +e
dotnet test tests/AccountSnapshots.Tests -c Release --nologo \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?
set -e
summary=$(python3 - "$results/tests.trx" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print("0 passed, 1 failed"); sys.exit()
c = root.find('.//{*}ResultSummary/{*}Counters')
passed = int(c.get('passed', 0))
failed = int(c.get('failed', 0)) + int(c.get('error', 0)) + int(c.get('timeout', 0)) + int(c.get('aborted', 0))
notrun = int(c.get('notExecuted', 0))
# A test that did not run proves nothing: count it as failed.
print(f"{passed} passed, {failed + notrun} failed")
PY
)
if [ "$status" -ne 0 ] && [ "${summary##*, }" = "0 failed" ]; then summary="${summary%%,*}, 1 failed"; fi
echo "$summary"
exit "$status"
