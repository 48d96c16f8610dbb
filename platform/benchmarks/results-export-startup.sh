#!/usr/bin/env bash
# Issue 8 targets against the running server on 1,000,000 generated responses:
# start-up time, results p99 (heaviest call) with the heap capped at 256 MB, /health rate in the
# same run, and the streaming CSV export (first byte and total).
# Usage: platform/benchmarks/results-export-startup.sh [responses, default 1000000]
# Needs wrk and curl; builds the jars if missing; generates the data folder once and reuses it.
set -euo pipefail
cd "$(dirname "$0")/../.."
responses="${1:-1000000}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f platform/benchmarks/target/benchmarks.jar ] && [ -f platform/server/target/berezhno.jar ] || ./mvnw -q -B -DskipTests package
data="platform/benchmarks/target/bench-data-$responses"
if [ ! -d "$data/journal" ]; then
  java -Xmx1g -cp platform/benchmarks/target/benchmarks.jar ru.berezhno.benchmarks.GenerateData "$data" "$responses"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(uname -r); data: $data ($(du -sh "$data" | cut -f1))"
start=$(date +%s%N)
java -Xmx256m -Xlog:gc:file="$log.gc" -jar platform/server/target/berezhno.jar serve --host 127.0.0.1 --port "$port" --data "$data" > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log" "$log.gc"' EXIT
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
  kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.01
done
ready=$(date +%s%N)
echo "== start-up: $(( (ready - start) / 1000000 )) ms from launching java to the first 200 from /health"
admin=$(cat "$data/admin-token")
analyst=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/tokens" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"role":"analyst","name":"benchmark"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
results="http://127.0.0.1:$port/api/v1/surveys/citizen-satisfaction/results?groupBy=organization,period"
echo "groups in the heaviest call: $(curl -sf -H "Authorization: Bearer $analyst" "$results" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(len(r["groups"]), "groups,", r["responses"], "responses")')"
wrk -t2 -c8 -d10s -H "Authorization: Bearer $analyst" "$results" >/dev/null
for connections in 1 2 8; do
  echo "== GET results?groupBy=organization,period, $connections connection(s), 20 s"
  wrk -t1 -c$connections -d20s --latency -H "Authorization: Bearer $analyst" "$results" | grep -E "50%|90%|99%|Requests/sec"
done
echo "== GET /health, 8 connections, 20 s"
wrk -t2 -c8 -d20s --latency "http://127.0.0.1:$port/health" | grep -E "99%|Requests/sec"
echo "== CSV export of every response"
curl -sf -H "Authorization: Bearer $analyst" -o /dev/null \
  -w 'first byte after %{time_starttransfer} s, complete after %{time_total} s, %{size_download} bytes\n' \
  "http://127.0.0.1:$port/api/v1/surveys/citizen-satisfaction/export/responses.csv"
echo "== heap (-Xmx256m): largest heap in use after a GC during the run"
grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$log.gc" | awk -F'->' '{split($2,a,"M"); if (a[1]>max) max=a[1]} END {print "  " max " MB after GC; GCs: " NR}'
jcmd $server GC.heap_info | head -3
