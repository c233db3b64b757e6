#!/usr/bin/env bash
# Runs the benchmarks in Release and prints BenchmarkDotNet's tables. Read the Ratio column: these machines are
# shared and noisy, so compare figures measured in the same run, not across runs.
#   benchmarks/run.sh            all benchmarks (a few minutes)
#   benchmarks/run.sh '*Catalog*'  a subset
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-*}"
dotnet run -c Release --project benchmarks/TruebitMcp.Benchmarks -- --filter "$filter" --job short --exporters markdown \
  --artifacts "${TMPDIR:-/tmp}/truebit-mcp-benchmarks" 2>&1 | sed -n '/^| /p;/^\/\/ \* Summary/,$!d' | grep -E '^\|' || true
