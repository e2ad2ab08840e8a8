#!/usr/bin/env bash
# The performance comparison lives beside the benchmarks (tests/AccountSnapshots.Benchmarks/perf.sh); this is the
# documented entry point. Arguments and PERF_* variables pass through.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/../tests/AccountSnapshots.Benchmarks/perf.sh" "$@"
