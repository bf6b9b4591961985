# What the HTTP benchmarks share (sourced by bench/api.sh, bench/templates.sh and bench/dkim.sh):
# one way to build, start and stop Postage, and to drive it with wrk. Loopback only.
#
# The sourcing script sets DURATION and runs from the repository root.

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }

# Release builds of the given products into .build-release; sets BIN_DIR.
build_release() {
  local log product
  log=$(mktemp -t postage-bench-build.XXXXXX)
  for product in "$@"; do
    if ! swift build -c release --scratch-path .build-release --product "$product" >"$log" 2>&1; then
      tail -n 30 "$log" >&2
      echo "bench: release build of $product failed" >&2
      rm -f "$log"
      exit 1
    fi
  done
  rm -f "$log"
  BIN_DIR="$(swift build -c release --scratch-path .build-release --show-bin-path)"
}

# A scratch folder, the server and PostgreSQL (when started) go away on exit.
WORK=$(mktemp -d); chmod 755 "$WORK"
SERVER_PID=""
PG_DIR=""
bench_cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$PG_DIR" ] && bash scripts/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

# Starts `postage serve` (api role, a fresh data folder, a free port) with the given environment
# assignments added (VAR=value ...; they win over the defaults); sets SERVER_PID, PORT and TOKEN.
start_server() {
  rm -rf "$WORK/data"
  env POSTAGE_ROLES=api POSTAGE_LOG_LEVEL=warning POSTAGE_HTTP_ADDRESS=127.0.0.1:0 POSTAGE_HOSTNAME=bench.test \
    POSTAGE_DATA_DIR="$WORK/data" "$@" "$BIN_DIR/postage" serve >"$WORK/serve.out" 2>"$WORK/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  PORT=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/serve.out")
  TOKEN=$(sed -n 's/.*X-Postmark-Server-Token): \(.*\)$/\1/p' "$WORK/serve.out")
  [ -n "$PORT" ] && [ -n "$TOKEN" ] || { cat "$WORK/serve.err"; exit 1; }
}

# Stops it; RSS_KB is its peak resident set.
stop_server() {
  RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/"$SERVER_PID"/status)
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

# A fresh database on a throwaway PostgreSQL cluster on loopback port $1: sets PG_DIR and
# POSTGRES_URL (not in a subshell, so that the cleanup knows the cluster).
start_postgres() {
  local url
  PG_DIR="$WORK/pg"; mkdir -p "$PG_DIR"
  url=$(bash scripts/pg.sh start "$PG_DIR" "$1" | tail -n 1)
  psql "$url" -qc "create database postage_bench" >/dev/null
  POSTGRES_URL="${url%/*}/postage_bench"
}

wrk_run() { # $1 path, $2 body file, $3 connections
  BODY_FILE="$2" TOKEN="$TOKEN" wrk -t2 -c"$3" -d"${DURATION}s" --timeout 30s -s bench/post.lua \
    "http://127.0.0.1:$PORT$1" | grep '^RESULT'
}
