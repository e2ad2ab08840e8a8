#!/usr/bin/env bash
# Runs the product on embedded defaults: `account-snapshots demo` (sandbox stand-ins on loopback, a local folder
# store, one snapshot of both sources, then the HTTP API until Ctrl+C). Extra arguments go to the demo command.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$repo_root"
exec dotnet run --project src/AccountSnapshots.Cli -c Release -- demo "$@"
