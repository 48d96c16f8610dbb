#!/usr/bin/env bash
# Server CPU time per request (user + system, from /proc/<pid>/stat), for a wrk script against a
# running server: less sensitive than rates to what else the machine runs. Warms up 20 s, then
# measures a 10 s run. Extra arguments go to the server.
# Usage: platform/benchmarks/cpu-per-request.sh SCRIPT.lua|health [connections, default 64] [server options…]
set -euo pipefail
cd "$(dirname "$0")/../.."
script="$1"
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
run() {
  if [ "$script" = health ]; then wrk -t2 -c"$connections" -d"$1" "http://127.0.0.1:$port/health"
  else wrk -t2 -c"$connections" -d"$1" -s "platform/benchmarks/$script" "http://127.0.0.1:$port/"; fi
}
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
run 20s >/dev/null
before=$(cpu)
out=$(run 10s)
after=$(cpu)
requests=$(echo "$out" | awk '/requests in/ {print $1}')
ticks=$(getconf CLK_TCK)
echo "$script, server options: ${*:-none}: $requests requests, $(( (after - before) * 1000000 / ticks / requests )) µs of server CPU each," \
  "$(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s"
