#!/usr/bin/env bash
# Durable ingest against the server's own /health, in one run, with the same load tool (wrk).
# Usage: platform/benchmarks/http-ingest.sh [duration, default 20s] [connections, default 64] [server options…]
# Server options default to --rate-limit off; give e.g. --rate-limit 1000000/s --flood-floor 1000000 to
# measure with the limits on but raised above what the load sends.
# Needs wrk (Debian package 'wrk'); builds the server jar if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20s}"
connections="${2:-64}"
shift $(( $# > 2 ? 2 : $# ))
[ $# -gt 0 ] || set -- --rate-limit off
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f platform/server/target/berezhno.jar ] || ./mvnw -q -B -DskipTests package
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx512m -jar platform/server/target/berezhno.jar serve --host 127.0.0.1 --port "$port" --data "$data" "$@" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(uname -r); server options: $*"
echo "warm-up (5 s each)"
wrk -t2 -c"$connections" -d5s "http://127.0.0.1:$port/health" >/dev/null
wrk -t2 -c"$connections" -d5s -s platform/benchmarks/submit.lua "http://127.0.0.1:$port/" >/dev/null
echo "== GET /health, $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/health"
echo "== POST /api/v1/surveys/citizen-satisfaction/responses (durable: fsynced before 201), $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s platform/benchmarks/submit.lua "http://127.0.0.1:$port/"
token=$(cat "$data/admin-token")
echo "stored responses: $(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/surveys/citizen-satisfaction/results" | python3 -c 'import json,sys; print(json.load(sys.stdin)["responses"])')"
