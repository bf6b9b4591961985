#!/usr/bin/env bash
# Templates benchmark (issue 6):
#   1. render throughput of the largest public Postmark template in its layout (bench/TemplateBench, release):
#      render only, render + CSS inlining, CSS inlining alone, and parse + render + inline (no cache);
#   2. the accept rate of POST /email/withTemplate as a ratio of POST /email, measured side by side in one
#      run against one server, where the /email body carries exactly what the template renders to (so the
#      ratio is the cost of looking up, rendering and inlining the template), with POST /internal/noop as
#      the baseline of the HTTP stack itself.
#
#   bench/templates.sh                   # release build, SQLite, 15 s per step
#   DURATION=30 BACKENDS=sqlite,postgres bench/templates.sh
#
# Only loopback traffic. Needs wrk (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15}
BACKENDS=${BACKENDS:-sqlite}
CONNECTIONS=${CONNECTIONS:-64}
TESTDATA=${TESTDATA:-$(cd .. && pwd)/shared/testdata/postmark-templates}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk

BUILD_LOG=$(mktemp -t postage-bench-build.XXXXXX)
for product in postage template-bench; do
  if ! swift build -c release --scratch-path .build-release --product "$product" >"$BUILD_LOG" 2>&1; then
    tail -n 30 "$BUILD_LOG" >&2
    echo "templates.sh: release build of $product failed" >&2
    exit 1
  fi
done
BIN_DIR="$(swift build -c release --scratch-path .build-release --show-bin-path)"
WORK=$(mktemp -d); chmod 755 "$WORK"
SERVER_PID=""
PG_DIR=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$PG_DIR" ] && bash scripts/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== render (one core, $((DURATION / 5 > 0 ? DURATION / 5 : 1)) s per step)"
"$BIN_DIR/template-bench" "$TESTDATA" "$((DURATION / 5 > 0 ? DURATION / 5 : 1))"

start_server() { # $1 = DATABASE_URL
  rm -rf "$WORK/data"
  POSTAGE_ROLES=api POSTAGE_BENCH_ENDPOINTS=1 POSTAGE_LOG_LEVEL=warning POSTAGE_HTTP_ADDRESS=127.0.0.1:0 POSTAGE_HOSTNAME=bench.test \
    POSTAGE_DATA_DIR="$WORK/data" DATABASE_URL="$1" "$BIN_DIR/postage" serve >"$WORK/serve.out" 2>"$WORK/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  PORT=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/serve.out")
  TOKEN=$(sed -n 's/.*X-Postmark-Server-Token): \(.*\)$/\1/p' "$WORK/serve.out")
  [ -n "$PORT" ] && [ -n "$TOKEN" ] || { cat "$WORK/serve.err"; exit 1; }
}

stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

wrk_run() { # $1 path, $2 body file, $3 connections
  BODY_FILE="$2" TOKEN="$TOKEN" wrk -t2 -c"$3" -d"${DURATION}s" --timeout 30s -s bench/post.lua \
    "http://127.0.0.1:$PORT$1" | grep '^RESULT'
}

for backend in ${BACKENDS//,/ }; do
  case $backend in
    sqlite) URL="sqlite:$WORK/data/postage.sqlite" ;;
    postgres)
      PG_DIR="$WORK/pg"; mkdir -p "$PG_DIR"
      URL=$(bash scripts/pg.sh start "$PG_DIR" 55498 | tail -n 1)
      psql "$URL" -qc "create database postage_bench" >/dev/null
      URL="${URL%/*}/postage_bench" ;;
  esac
  echo "== backend: $backend ($CONNECTIONS connections, ${DURATION}s per step)"
  start_server "$URL"
  python3 bench/make_template_bodies.py "$PORT" "$TOKEN" "$WORK" "$TESTDATA"
  wrk_run /internal/noop "$WORK/email.json" 8 >/dev/null   # warm-up
  NOOP=$(wrk_run /internal/noop "$WORK/email.json" "$CONNECTIONS")
  EMAIL=$(wrk_run /email "$WORK/email.json" "$CONNECTIONS")
  TEMPLATED=$(wrk_run /email/withTemplate "$WORK/template.json" "$CONNECTIONS")
  stop_server
  echo "noop         : $NOOP"
  echo "email        : $EMAIL"
  echo "withTemplate : $TEMPLATED"
  python3 - "$NOOP" "$EMAIL" "$TEMPLATED" <<PY
import re, sys
def f(s, k): return float(re.search(k + r"=([0-9.]+)", s).group(1))
noop, email, templated = sys.argv[1:4]
for name, line in (("email", email), ("withTemplate", templated)):
    if f(line, "errors") > 0: print(f"WARNING: {name} had {f(line, 'errors'):.0f} non-2xx/socket errors")
print(f"RATIO /email/withTemplate vs /email: {f(templated,'rps')/f(email,'rps'):.2f}  "
      f"({f(templated,'rps'):.0f} vs {f(email,'rps'):.0f} req/s; no-op POST {f(noop,'rps'):.0f} req/s)")
PY
  if [ "$backend" = postgres ]; then bash scripts/pg.sh stop "$PG_DIR" >/dev/null; PG_DIR=""; fi
done
