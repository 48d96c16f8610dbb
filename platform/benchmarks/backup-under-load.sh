#!/usr/bin/env bash
# Backups of 1,000,000 responses: the time of a backup of the idle server, then durable ingest
# (wrk POSTs) without a backup and with backups running back to back the whole time, in one run.
# Usage: platform/benchmarks/backup-under-load.sh [duration, default 30s] [connections, default 64] [responses, default 1000000]
# Needs wrk and curl; builds the jars if missing; generates the data folder once (as results-export-startup.sh does)
# and works on a copy of it, since the ingest adds to it.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-30s}"
connections="${2:-64}"
responses="${3:-1000000}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f platform/benchmarks/target/benchmarks.jar ] && [ -f platform/server/target/berezhno.jar ] || ./mvnw -q -B -DskipTests package
jar=platform/server/target/berezhno.jar
source="platform/benchmarks/target/bench-data-$responses"
if [ ! -d "$source/journal" ]; then
  java -Xmx1g -cp platform/benchmarks/target/benchmarks.jar ru.berezhno.benchmarks.GenerateData "$source" "$responses"
fi
work=$(mktemp -d -p platform/benchmarks/target backup-bench-XXXX)
cp -a "$source" "$work/data"
rm -f "$work/data/berezhno.lock"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx512m -jar "$jar" serve --host 127.0.0.1 --port "$port" --data "$work/data" --rate-limit off > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do kill -0 $server 2>/dev/null || { cat "$work/server.log"; exit 1; }; sleep 0.1; done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(uname -r); data: $(du -sh "$work/data" | cut -f1) (journal $(du -sh "$work/data/journal" | cut -f1), logs $(du -sh "$work/data/logs" | cut -f1))"

backup() {
  local target="$work/backup-$(date +%s%N).zip"
  local start end
  start=$(date +%s%N)
  java -jar "$jar" backup --data "$work/data" --to "$target" > "$work/backup.out" 2>&1 || { cat "$work/backup.out"; return 1; }
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) ms, $(stat -c %s "$target") bytes"
  rm -f "$target"
}

echo "== backup of the idle server (the backup command, through the control socket), three times"
for _ in 1 2 3; do echo "  $(backup)"; done
sync  # the archives' pages written out, so that the runs below start alike

echo "== warm-up (10 s of POSTs)"
wrk -t2 -c"$connections" -d10s -s platform/benchmarks/submit.lua "http://127.0.0.1:$port/" >/dev/null
echo "== POST without a backup, $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s platform/benchmarks/submit.lua "http://127.0.0.1:$port/" | grep -E "Requests/sec|50%|99%|non-201"

echo "== POST while backups run back to back, $connections connections, $duration"
( while [ ! -f "$work/stop" ]; do echo "  backup under load: $(backup)"; done ) &
backups=$!
wrk -t2 -c"$connections" -d"$duration" --latency -s platform/benchmarks/submit.lua "http://127.0.0.1:$port/" | grep -E "Requests/sec|50%|99%|non-201"
touch "$work/stop"
wait $backups
sync

echo "== POST without a backup again, $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s platform/benchmarks/submit.lua "http://127.0.0.1:$port/" | grep -E "Requests/sec|50%|99%|non-201"
echo "data folder after the runs: $(du -sh "$work/data" | cut -f1)"
