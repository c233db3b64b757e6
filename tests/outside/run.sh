#!/usr/bin/env bash
# Checks the built server from the outside: the official MCP conformance suite over Streamable HTTP (stateless and
# stateful) against checked-in baselines, then smoke.mjs with the TypeScript SDK client over stdio and HTTP.
#
#   tests/outside/run.sh [path/to/truebit-mcp.dll]      (or TRUEBIT_MCP_DLL=...)
#
# Builds nothing: run `dotnet build src/TruebitMcp` and `dotnet build examples/DemoUpstream` first. Installs the
# pinned npm packages (npm ci) only when node_modules is missing. Prints `outside: N passed, M failed` last.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dll="$(realpath "${1:-${TRUEBIT_MCP_DLL:-$root/src/TruebitMcp/bin/Debug/net10.0/truebit-mcp.dll}}")"
configuration="$(basename "$(dirname "$(dirname "$dll")")")"
upstream_dll="${DEMO_UPSTREAM_DLL:-$root/examples/DemoUpstream/bin/$configuration/net10.0/TruebitMcp.Examples.DemoUpstream.dll}"
config="$root/examples/demo/truebit-mcp.json"
logs="$(mktemp -d)"
passed=0
failed=0
pids=()

finish() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  # The demo upstream keeps no state and waits for Ctrl+C, which background jobs do not get.
  [ "${#pids[@]}" -gt 0 ] && kill -9 "${pids[0]}" 2>/dev/null
  # Graceful stop is bounded by http.shutdownTimeoutSeconds (10 s); anything still alive after 15 s is killed.
  for _ in $(seq 1 75); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "process $pid did not stop on SIGTERM within 15 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null
    fi
  done
  wait 2>/dev/null
  echo "outside: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
trap 'finish; exit $?' EXIT
trap 'exit 130' INT TERM

for f in "$dll" "$upstream_dll"; do
  [ -f "$f" ] || { echo "missing $f: build first (dotnet build src/TruebitMcp; dotnet build examples/DemoUpstream)" >&2; failed=$((failed + 1)); exit 1; }
done
command -v node >/dev/null || { echo "node is not on PATH" >&2; failed=$((failed + 1)); exit 1; }
if [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-fund --no-audit --loglevel=error) || { failed=$((failed + 1)); exit 1; }
fi

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

wait_for() { # url, log file
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "no answer from $1; its log:" >&2
  tail -n 30 "$2" >&2
  return 1
}

upstream_port="$(free_port)"
export DEMO_UPSTREAM_URL="http://127.0.0.1:$upstream_port"
dotnet "$upstream_dll" "$DEMO_UPSTREAM_URL" >"$logs/upstream.log" 2>&1 &
pids+=($!)

start_server() { # name, port, extra args...
  local name="$1" port="$2"; shift 2
  dotnet "$dll" serve --transport http --urls "http://127.0.0.1:$port" --config "$config" "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
stateless_port="$(free_port)"
start_server stateless "$stateless_port"
stateful_port="$(free_port)"
start_server stateful "$stateful_port" --http:stateful=true

wait_for "$DEMO_UPSTREAM_URL/weather/x" "$logs/upstream.log" || { failed=$((failed + 1)); exit 1; }
for p in stateless:$stateless_port stateful:$stateful_port; do
  wait_for "http://127.0.0.1:${p#*:}/readyz" "$logs/${p%%:*}.log" || { failed=$((failed + 1)); exit 1; }
done

conformance() { # name, port, baseline
  echo "== conformance ($1 server, baseline $(basename "$3"))"
  if (cd "$here" && npx --no-install conformance server --url "http://127.0.0.1:$2/mcp" --expected-failures "$3") >"$logs/conformance-$1.log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
  grep -E "^Total:|Baseline check|Unexpected|Stale|^  [✗~✓] " "$logs/conformance-$1.log" | sed 's/\x1b\[[0-9;]*m//g'
}
conformance stateless "$stateless_port" "$here/conformance-baseline.stateless.yml"
conformance stateful "$stateful_port" "$here/conformance-baseline.yml"

echo "== smoke.mjs (TypeScript SDK over stdio and HTTP)"
MCP_URL="http://127.0.0.1:$stateless_port/mcp" SERVER_DLL="$dll" CONFIG="$config" \
  node --test --test-reporter=spec --test-timeout=60000 "$here/smoke.mjs" >"$logs/smoke.log" 2>&1
sed 's/\x1b\[[0-9;]*m//g' "$logs/smoke.log" | grep -vE "^ℹ (suites|cancelled|skipped|todo|duration_ms)"
smoke_pass="$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$logs/smoke.log")"
smoke_fail="$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$logs/smoke.log")"
passed=$((passed + ${smoke_pass:-0}))
failed=$((failed + ${smoke_fail:-1}))
echo "(server logs in $logs)"
