#!/usr/bin/env bash
# The citizen's own path against the server's /health, in one run, with the same load tool (wrk):
# the form page (GET /s/citizen-satisfaction?org=…), the form post (303 after a durable write) and,
# for comparison, the JSON API. Extra arguments go to the server (e.g. --rate-limit 100000/min).
# Usage: platform/benchmarks/pages.sh [duration, default 20s] [connections, default 64] [server options…]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20s}"
connections="${2:-64}"
shift $(( $# > 2 ? 2 : $# ))
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f platform/server/target/berezhno.jar ] || ./mvnw -q -B -DskipTests package
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx512m -jar platform/server/target/berezhno.jar serve --host 127.0.0.1 --port "$port" --data "$data" "$@" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(uname -r); server options: $*"
b="http://127.0.0.1:$port"
echo "warm-up (5 s each)"
for script in "" form-page.lua form-post.lua submit.lua; do
  if [ -z "$script" ]; then wrk -t2 -c"$connections" -d5s "$b/health" >/dev/null
  else wrk -t2 -c"$connections" -d5s -s "platform/benchmarks/$script" "$b/" >/dev/null; fi
done
echo "== GET /health"
wrk -t2 -c"$connections" -d"$duration" --latency "$b/health"
echo "== GET /s/citizen-satisfaction?org=… (the form page)"
wrk -t2 -c"$connections" -d"$duration" --latency -s platform/benchmarks/form-page.lua "$b/"
echo "== POST /s/citizen-satisfaction (the form post, durable before its 303)"
wrk -t2 -c"$connections" -d"$duration" --latency -s platform/benchmarks/form-post.lua "$b/"
echo "== POST /api/v1/surveys/citizen-satisfaction/responses (the JSON API)"
wrk -t2 -c"$connections" -d"$duration" --latency -s platform/benchmarks/submit.lua "$b/"
grep -c "ERROR" "$data/server.log" | sed 's/^/errors in the server log: /' || true
