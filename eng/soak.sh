#!/usr/bin/env bash
# The long runs that the default suite only smokes: the soak (both schedules every second with HTTP readers) for
# SOAK_SECONDS (default 180). Builds the solution, runs the soak alone, writes its section of the reliability report
# (artifacts/reliability.md, or RELIABILITY_REPORT_PATH) and ends with one line: "N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$repo_root"
export SOAK_SECONDS="${SOAK_SECONDS:-180}"

echo "== building Functions.sln"
dotnet build Functions.sln -c Release --nologo -v quiet

echo "== soak: ${SOAK_SECONDS} s"
set +e
dotnet test tests/AccountSnapshots.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~AccountSnapshots.Tests.Reliability.SoakTests" --logger "console;verbosity=normal"
status=$?
set -e
if [ "$status" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$status"
