#!/bin/sh
# Runs the server benchmarks (see bench/run.ts for options), with the open-file limit raised
# so that thousands of live streams fit. Example: bench/run.sh --clients 5000 --duration 10
set -e
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
exec npx tsx bench/run.ts "$@"
