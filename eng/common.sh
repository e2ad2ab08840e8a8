#!/usr/bin/env bash
# Shared by the scripts in eng/ and tests/AccountSnapshots.Benchmarks/perf.sh: the repository root and a quiet .NET CLI. Restore uses this
# machine's own NuGet configuration; the repository names no package source.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
