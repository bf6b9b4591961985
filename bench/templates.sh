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

# shellcheck source=lib.sh
source bench/lib.sh
need wrk wrk
build_release postage template-bench

echo "== render (one core, $((DURATION / 5 > 0 ? DURATION / 5 : 1)) s per step)"
"$BIN_DIR/template-bench" "$TESTDATA" "$((DURATION / 5 > 0 ? DURATION / 5 : 1))"

for backend in ${BACKENDS//,/ }; do
  case $backend in
    sqlite) URL="sqlite:$WORK/data/postage.sqlite" ;;
    postgres) start_postgres 55498; URL=$POSTGRES_URL ;;
  esac
  echo "== backend: $backend ($CONNECTIONS connections, ${DURATION}s per step)"
  start_server POSTAGE_BENCH_ENDPOINTS=1 DATABASE_URL="$URL"
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
