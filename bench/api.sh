#!/usr/bin/env bash
# API accept benchmark (issue: durable POST /email vs a no-op POST served by the same binary,
# /email/batch messages per second, latency at half the peak rate, peak RSS), on SQLite and,
# when available, PostgreSQL. Prints ratios measured side by side in one run.
#
#   bench/api.sh                 # release build, both backends, 15 s per step
#   DURATION=30 BACKENDS=sqlite bench/api.sh
#
# Only loopback traffic. Needs wrk and hey (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-15}
BACKENDS=${BACKENDS:-sqlite,postgres}
CONNECTIONS=${CONNECTIONS:-64}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need hey hey

swift build -c release --scratch-path .build-release --product postage >/dev/null
BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/postage"
WORK=$(mktemp -d); chmod 755 "$WORK"
SERVER_PID=""
PG_DIR=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$PG_DIR" ] && bash scripts/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 bench/make_bodies.py "$WORK"

start_server() { # $1 = DATABASE_URL
  rm -rf "$WORK/data"
  POSTAGE_ROLES=api POSTAGE_BENCH_ENDPOINTS=1 POSTAGE_LOG_LEVEL=warning POSTAGE_HTTP_ADDRESS=127.0.0.1:0 POSTAGE_HOSTNAME=bench.test \
    POSTAGE_DATA_DIR="$WORK/data" DATABASE_URL="$1" "$BIN" serve >"$WORK/serve.out" 2>"$WORK/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  PORT=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/serve.out")
  TOKEN=$(sed -n 's/.*X-Postmark-Server-Token): \(.*\)$/\1/p' "$WORK/serve.out")
  [ -n "$PORT" ] && [ -n "$TOKEN" ] || { cat "$WORK/serve.err"; exit 1; }
}

stop_server() {
  RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/"$SERVER_PID"/status)
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

wrk_run() { # $1 path, $2 body file, $3 connections
  BODY_FILE="$2" TOKEN="$TOKEN" wrk -t2 -c"$3" -d"${DURATION}s" --timeout 30s -s bench/post.lua \
    "http://127.0.0.1:$PORT$1" | grep '^RESULT'
}

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

for backend in ${BACKENDS//,/ }; do
  case $backend in
    sqlite) URL="sqlite:$WORK/data/postage.sqlite" ;;
    postgres)
      PG_DIR="$WORK/pg"; mkdir -p "$PG_DIR"
      URL=$(bash scripts/pg.sh start "$PG_DIR" 55499 | tail -n 1)
      psql "$URL" -qc "create database postage_bench" >/dev/null
      URL="${URL%/*}/postage_bench" ;;
  esac
  echo "== backend: $backend"
  start_server "$URL"
  wrk_run /internal/noop "$WORK/single.json" 8 >/dev/null   # warm-up
  NOOP=$(wrk_run /internal/noop "$WORK/single.json" "$CONNECTIONS")
  EMAIL=$(wrk_run /email "$WORK/single.json" "$CONNECTIONS")
  BATCH=$(wrk_run /email/batch "$WORK/batch.json" 4)
  PEAK=$(field rps "$EMAIL")
  HALF=$(python3 -c "print(max(1, int($PEAK / 2 / $CONNECTIONS)))")
  HEY=$(hey -z "${DURATION}s" -c "$CONNECTIONS" -q "$HALF" -m POST -T application/json \
    -H "X-Postmark-Server-Token: $TOKEN" -D "$WORK/single.json" "http://127.0.0.1:$PORT/email")
  P50=$(awk '/ 50% in/ {print $3 * 1000}' <<<"$HEY")
  P99=$(awk '/ 99% in/ {print $3 * 1000}' <<<"$HEY")
  HALF_RPS=$(awk '/Requests\/sec/ {print $2}' <<<"$HEY")
  NON200=$(grep -E '^\s+\[[0-9]+\]' <<<"$HEY" | grep -v '\[200\]' || true)
  stop_server
  echo "noop   : $NOOP"
  echo "email  : $EMAIL"
  echo "batch  : $BATCH"
  python3 - "$NOOP" "$EMAIL" "$BATCH" <<PY
import re, sys
def f(s, k): return float(re.search(k + r"=([0-9.]+)", s).group(1))
noop, email, batch = sys.argv[1:4]
print(f"RATIO durable /email vs no-op POST: {f(email,'rps')/f(noop,'rps'):.2f}  ({f(email,'rps'):.0f} vs {f(noop,'rps'):.0f} req/s, $CONNECTIONS connections)")
print(f"BATCH /email/batch: {f(batch,'rps')*500:.0f} durable messages/s (500 per call, 4 connections)")
PY
  echo "LATENCY at half peak (${HALF_RPS} req/s offered ${HALF}/s x $CONNECTIONS): p50 ${P50} ms, p99 ${P99} ms ${NON200:+(non-200: $NON200)}"
  echo "PEAK RSS: $((RSS_KB / 1024)) MiB"
  if [ "$backend" = postgres ]; then bash scripts/pg.sh stop "$PG_DIR" >/dev/null; PG_DIR=""; fi
done
