#!/usr/bin/env bash
# DKIM signing cost (issue: domains and DKIM): per-message signing time for RSA 2048 and Ed25519
# against SHA-256 of the same message (dkim-bench), and the durable accept rate of /email and
# /email/batch with signing off, RSA, and RSA + Ed25519, measured side by side in one run on SQLite.
#
#   bench/dkim.sh                # release build, 10 s per step
#   DURATION=20 bench/dkim.sh
#
# Only loopback traffic. Needs wrk (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}

# shellcheck source=lib.sh
source bench/lib.sh
need wrk wrk
build_release postage dkim-bench

echo "== signing cost per message (dkim-bench)"
"$BIN_DIR/dkim-bench"

python3 bench/make_bodies.py "$WORK"

rps() { sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$1"; }

declare -A EMAIL BATCH
for mode in off rsa rsa+ed25519; do
  case $mode in
    off) start_server POSTAGE_DKIM=false ;;
    rsa) start_server POSTAGE_DKIM=true POSTAGE_DKIM_ED25519=false ;;
    rsa+ed25519) start_server POSTAGE_DKIM=true POSTAGE_DKIM_ED25519=true ;;
  esac
  wrk_run /email "$WORK/single.json" 8 >/dev/null   # warm-up
  EMAIL[$mode]=$(rps "$(wrk_run /email "$WORK/single.json" "$CONNECTIONS")")
  BATCH[$mode]=$(rps "$(wrk_run /email/batch "$WORK/batch.json" 4)")
  # The stored message must carry the signatures this mode promises.
  ID=$(curl -s --noproxy '*' -H "X-Postmark-Server-Token: $TOKEN" -H "Accept: application/json" \
    "http://127.0.0.1:$PORT/messages/outbound?count=1&offset=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Messages"][0]["MessageID"])')
  SIGS=$(curl -s --noproxy '*' -H "X-Postmark-Server-Token: $TOKEN" -H "Accept: application/json" \
    "http://127.0.0.1:$PORT/messages/outbound/$ID/dump" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Body"].count("DKIM-Signature:"))')
  stop_server
  printf '%-12s /email %8.0f req/s   /email/batch %8.0f messages/s   signatures per message: %s\n' \
    "$mode" "${EMAIL[$mode]}" "$(python3 -c "print(${BATCH[$mode]} * 500)")" "$SIGS"
done
python3 - "${EMAIL[off]}" "${EMAIL[rsa]}" "${EMAIL[rsa+ed25519]}" "${BATCH[off]}" "${BATCH[rsa]}" "${BATCH[rsa+ed25519]}" <<'PY'
import sys
e_off, e_rsa, e_both, b_off, b_rsa, b_both = map(float, sys.argv[1:])
print(f"RATIO /email with signing vs without: rsa {e_rsa / e_off:.2f}, rsa+ed25519 {e_both / e_off:.2f}")
print(f"RATIO /email/batch with signing vs without: rsa {b_rsa / b_off:.2f}, rsa+ed25519 {b_both / b_off:.2f}")
PY
