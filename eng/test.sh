#!/usr/bin/env bash
# Runs every test: installs the pinned Azurite and Debian's chromium (when missing), builds the whole solution (the Functions app, the CLI, the tests and
# the benchmarks; warnings are errors), runs the xunit suite and ends with one line: "N passed, N failed".
# Reports the tests generate go under artifacts/ (never into tracked files).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$repo_root"

echo "== installing Azurite (eng/azurite, pinned by package-lock.json)"
npm ci --prefix eng/azurite --no-audit --no-fund --loglevel=error >/dev/null
export AZURITE_BLOB_PATH="$repo_root/eng/azurite/node_modules/.bin/azurite-blob"

echo "== chromium for the status page's browser test (Debian's package, driven by Playwright; nothing is downloaded at run time)"
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium is missing and this is not root: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH); the browser tests fail without it" >&2
  fi
fi

echo "== building Functions.sln (src/AccountSnapshots.Functions included)"
if ! dotnet build Functions.sln -c Release --nologo -v quiet; then
  echo "error: the build failed; no test ran" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== running tests/AccountSnapshots.Tests (the Functions app's tests included)"
results="$repo_root/artifacts/test-results"
rm -rf "$results" "$repo_root/artifacts/reliability.md"
set +e
dotnet test tests/AccountSnapshots.Tests -c Release --no-build --nologo \
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
