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

# shellcheck source=lib.sh
source bench/lib.sh
need wrk wrk
need hey hey
build_release postage

python3 bench/make_bodies.py "$WORK"

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

for backend in ${BACKENDS//,/ }; do
  case $backend in
    sqlite) URL="sqlite:$WORK/data/postage.sqlite" ;;
    postgres) start_postgres 55499; URL=$POSTGRES_URL ;;
  esac
  echo "== backend: $backend"
  start_server POSTAGE_BENCH_ENDPOINTS=1 DATABASE_URL="$URL"
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
