#!/usr/bin/env bash
# SMTP submission accept rate, all on loopback (BENCHMARKS.md, "SMTP submission").
#
#   bench/smtp_submission.sh [POSTAGE_HOST:PORT]
#   MESSAGES=10000 SESSIONS=20 SIZE=4096 RUNS=3 bench/smtp_submission.sh
#
# smtp-source (SESSIONS sessions, SIZE-byte bodies, MESSAGES messages, one recipient each, no
# pipelining) into, in the same run:
#   postfix     a private Postfix in accept-only mode (scripts/postfix-instance.sh): smtpd + cleanup
#               write and fsync every message into incoming/ before the 250, the queue manager is off.
#               After each run the number of queue files in incoming/ is checked against the messages
#               sent.
#   smtp-sink   Postfix's smtp-sink, no dump: the protocol's ceiling with this client on this
#               machine (nothing is stored).
#   postage     Postage's submission server. Without an argument the script starts two of its own
#               (POSTAGE_BIN, default .build-release/release/postage; SQLite in a fresh data
#               directory each, synchronous=FULL as always), with POSTAGE_SUBMISSION_LOOPBACK_TOKEN set
#               since smtp-source cannot AUTH: one with DKIM signing off on 127.0.0.45 (like the
#               Postfix instance, which signs nothing) and one as installed, signing every message
#               with the platform's RSA 2048 key, on 127.0.0.46. After each run it checks, through the
#               API, that every message was stored. With an argument it uses the server at that
#               address only (which must allow unauthenticated loopback submission).
# Rates are MESSAGES divided by smtp-source's wall-clock time; ratios are against Postfix.
# Addresses: Postfix on 127.0.0.43, smtp-sink on 127.0.0.44, free ports. Run as root. Everything
# started here is stopped on exit.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
MESSAGES=${MESSAGES:-10000}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-4096}
RUNS=${RUNS:-1}
POSTAGE=${1:-${POSTAGE_SUBMISSION_ADDRESS:-}}
POSTAGE_BIN=${POSTAGE_BIN:-$REPO/.build-release/release/postage}
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)

die() { echo "smtp_submission.sh: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "run as root (Postfix's master, smtp-sink -u nobody)"
[[ -z "$POSTAGE" || "$POSTAGE" =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+:[0-9]+$ ]] || die "the Postage address must be 127.x.x.x:PORT, got '$POSTAGE'"
bash "$REPO/scripts/postfix-instance.sh" install

free_port() {
    python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$1"
}

greets() {
    python3 - "$1" <<'EOF'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
try:
    with socket.create_connection((host, int(port)), timeout=2) as s:
        s.settimeout(5)
        ok = s.recv(512).startswith(b"220")
        s.sendall(b"QUIT\r\n")
        sys.exit(0 if ok else 1)
except OSError:
    sys.exit(1)
EOF
}

WORK=$(mktemp -d -t smtp-submission-bench-XXXXXX)
chmod 755 "$WORK"
SINK_PID=""
POSTAGE_PID=""
POSTAGE_PIDS=()
cleanup() {
    local pid
    for pid in $POSTAGE_PID "${POSTAGE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    bash "$REPO/scripts/postfix-instance.sh" stop "$WORK/postfix" 2>/dev/null || true
    if [[ -n "$SINK_PID" ]]; then kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SINK=127.0.0.44:$(free_port 127.0.0.44)
"$SMTP_SINK" -u nobody -h sink.test "$SINK" 256 </dev/null >/dev/null 2>&1 &
SINK_PID=$!
for _ in $(seq 1 100); do greets "$SINK" && break; sleep 0.1; done
greets "$SINK" || die "smtp-sink did not come up on $SINK"

POSTFIX=127.0.0.43:$(free_port 127.0.0.43)
bash "$REPO/scripts/postfix-instance.sh" start "$WORK/postfix" --listen "$POSTFIX" --relay-to "$SINK" --mode accept-only

# Prints the messages/s of one smtp-source run against $1; fails when smtp-source does.
rate() {
    local start end
    start=$(date +%s.%N)
    "$SMTP_SOURCE" -s "$SESSIONS" -m "$MESSAGES" -l "$SIZE" -f bench@source.test -t rcpt@example.org \
        -S "submission bench" -M client.test "$1" </dev/null >"$WORK/source.out" 2>&1 || {
        sed -n '1,5p' "$WORK/source.out" >&2
        return 1
    }
    end=$(date +%s.%N)
    awk -v n="$MESSAGES" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f %.2f\n", n / (e - s), e - s }'
}

# Starts Postage on $2 (a 127.x address) with the extra environment $3...: once to create the
# database and read the server token it prints, then again with that token allowed for loopback
# sessions that do not AUTH. Sets POSTAGE, POSTAGE_API and POSTAGE_TOKEN; $1 names its folder.
POSTAGE_API=""
POSTAGE_TOKEN=""
start_postage() {
    local name=$1 host=$2
    shift 2
    [[ -x "$POSTAGE_BIN" ]] || die "no $POSTAGE_BIN (swift build -c release --product postage --scratch-path .build-release)"
    local env=(POSTAGE_DATA_DIR="$WORK/$name" POSTAGE_HOSTNAME=bench.test POSTAGE_LOG_LEVEL=warning
        POSTAGE_HTTP_ADDRESS="$host:0" POSTAGE_SUBMISSION_ADDRESS="$host:0" POSTAGE_ROLES=api,smtp "$@")
    env "${env[@]}" "$POSTAGE_BIN" serve >"$WORK/$name-1.out" 2>&1 &
    POSTAGE_PID=$!
    for _ in $(seq 1 300); do grep -q "SMTP submission listening" "$WORK/$name-1.out" && break; sleep 0.1; done
    POSTAGE_TOKEN=$(sed -n 's/.*X-Postmark-Server-Token): \([^ ]*\).*/\1/p' "$WORK/$name-1.out" | head -n 1)
    [[ -n "$POSTAGE_TOKEN" ]] || die "postage printed no server token: $(cat "$WORK/$name-1.out")"
    kill "$POSTAGE_PID"; wait "$POSTAGE_PID" 2>/dev/null || true
    env "${env[@]}" POSTAGE_SUBMISSION_LOOPBACK_TOKEN="$POSTAGE_TOKEN" "$POSTAGE_BIN" serve >"$WORK/$name-2.out" 2>&1 &
    POSTAGE_PID=$!
    POSTAGE_PIDS+=("$POSTAGE_PID")
    for _ in $(seq 1 300); do grep -q "SMTP submission listening" "$WORK/$name-2.out" && break; sleep 0.1; done
    POSTAGE=$(sed -n 's/.*SMTP submission listening on \([0-9.]*:[0-9]*\).*/\1/p' "$WORK/$name-2.out" | head -n 1)
    POSTAGE_API=$(sed -n 's/.*HTTP API listening on \([0-9.]*:[0-9]*\).*/\1/p' "$WORK/$name-2.out" | head -n 1)
    [[ -n "$POSTAGE" && -n "$POSTAGE_API" ]] || die "postage did not start: $(cat "$WORK/$name-2.out")"
    POSTAGE_PID=""
}

postage_stored() { # $1 API address, $2 token
    curl -s --noproxy '*' -H "X-Postmark-Server-Token: $2" -H "Accept: application/json" \
        "http://$1/messages/outbound?count=1&offset=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["TotalCount"])'
}

# The Postage instances to measure: NAME ADDRESS API TOKEN (API and TOKEN empty for one passed in).
INSTANCES=()
if [[ -n "$POSTAGE" ]]; then
    INSTANCES+=("postage $POSTAGE - -")
else
    start_postage unsigned 127.0.0.45 POSTAGE_DKIM=false
    INSTANCES+=("postage(dkim-off) $POSTAGE $POSTAGE_API $POSTAGE_TOKEN")
    start_postage signed 127.0.0.46
    INSTANCES+=("postage(dkim-rsa) $POSTAGE $POSTAGE_API $POSTAGE_TOKEN")
fi
for instance in "${INSTANCES[@]}"; do
    read -r name address _ _ <<<"$instance"
    greets "$address" || die "$name: nothing answers with 220 on $address (start postage with its submission" \
        "server allowing unauthenticated loopback submission, or pass its address)"
done

echo "smtp-source -s $SESSIONS -m $MESSAGES -l $SIZE; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
expected=0
for run in $(seq 1 "$RUNS"); do
    out=$(rate "$POSTFIX") || die "smtp-source failed against Postfix on $POSTFIX"
    read -r postfix_rate postfix_s <<<"$out"
    expected=$((expected + MESSAGES))
    counts=$(bash "$REPO/scripts/postfix-instance.sh" count "$WORK/postfix")
    [[ "$counts" == *"incoming=$expected "* ]] || die "Postfix queue holds '$counts', expected incoming=$expected"
    out=$(rate "$SINK") || die "smtp-source failed against smtp-sink on $SINK"
    read -r sink_rate sink_s <<<"$out"
    line="run $run: postfix accept-only ${postfix_rate}/s (${postfix_s} s, queue files: incoming=$expected)"
    line+=" | smtp-sink ${sink_rate}/s (${sink_s} s, sink/postfix $(awk -v a="$sink_rate" -v b="$postfix_rate" 'BEGIN { printf "%.1f", a / b }'))"
    for instance in "${INSTANCES[@]}"; do
        read -r name address api token <<<"$instance"
        out=$(rate "$address") || die "$name: smtp-source failed against $address (AUTH required?)"
        read -r postage_rate postage_s <<<"$out"
        line+=" | $name ${postage_rate}/s (${postage_s} s, /postfix $(awk -v a="$postage_rate" -v b="$postfix_rate" 'BEGIN { printf "%.2f", a / b }'))"
        if [[ "$token" != - ]]; then
            stored=$(postage_stored "$api" "$token")
            [[ "$stored" == "$expected" ]] || die "$name stored $stored messages, expected $expected"
            line+=" stored=$stored"
        fi
    done
    echo "$line (goal: postage >= 5 x postfix)"
done
