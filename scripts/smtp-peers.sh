#!/usr/bin/env bash
# SMTP servers on loopback for the SMTP client tests (see shared/reference/testing-peers.md §6).
#
#   scripts/smtp-peers.sh start DIR [--owner-pid PID]   start the peers in DIR, print NAME=HOST:PORT lines
#   scripts/smtp-peers.sh stop DIR                      stop the peers in DIR (no error when none run)
#   scripts/smtp-peers.sh status DIR                    print NAME=HOST:PORT lines; exit 0 when all run
#   scripts/smtp-peers.sh install                       only install what is missing
#
# Peers, each on 127.0.0.1 and its own free high port:
#   sink          Postfix smtp-sink, accepts everything, one dump file per transaction in DIR/sink-dump/
#   rcpt451       smtp-sink answering every RCPT with "451 4.3.0 Try again later"
#   rcpt550       smtp-sink answering every RCPT with "550 5.1.1 ... User unknown"
#   data554       smtp-sink answering DATA with "554 5.7.1 Message rejected as spam"
#   dot451        smtp-sink answering the end of data (".") with "451 4.3.0 Queue file write error"
#   vanish        smtp-sink that disconnects without a reply after the end of DATA
#   aiosmtpd      shared/tools/smtp_sink.py with STARTTLS (DIR/sink.crt, self-signed for mx1.example.test),
#                 AUTH api-token:secret after TLS, SMTPUTF8, 550 5.1.1 for unknown@*, 450 4.2.1 for
#                 busy@*; DIR/aiosmtpd-out/N.eml + N.json per message
#   aiosmtpd-small  smtp_sink.py without TLS and with SIZE 2048; DIR/aiosmtpd-small-out/
#
# Installs what is missing: postfix (for smtp-sink; debconf preseeded "No configuration", so no
# main.cf and no running MTA) with apt-get as root, aiosmtpd into a virtualenv (POSTAGE_SMTP_VENV,
# default .venv-smtp/ in the repository), and a self-signed certificate made with openssl.
# shared/ is found beside the repository (POSTAGE_SHARED_DIR overrides). With --owner-pid, a
# watcher stops the peers when PID exits. Idempotent: start on running peers prints their
# addresses. Only stdout carries the addresses; progress goes to stderr. Nothing listens on an
# address outside 127.0.0.0/8.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
SHARED=${POSTAGE_SHARED_DIR:-$REPO/../shared}
VENV=${POSTAGE_SMTP_VENV:-$REPO/.venv-smtp}
HOST=127.0.0.1
SELF="$REPO/scripts/smtp-peers.sh"
PEERS=(sink rcpt451 rcpt550 data554 dot451 vanish aiosmtpd aiosmtpd-small)

die() { echo "smtp-peers.sh: $*" >&2; exit 1; }
note() { echo "smtp-peers.sh: $*" >&2; }

# shellcheck source=lib/peers.sh
source "$REPO/scripts/lib/peers.sh"

usage() {
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ---------------------------------------------------------------------------------------------
# Installation, only when missing

find_smtp_sink() {
    command -v smtp-sink 2>/dev/null && return 0
    [[ -x /usr/sbin/smtp-sink ]] && { echo /usr/sbin/smtp-sink; return 0; }
    return 1
}

install_postfix() {
    command -v apt-get >/dev/null 2>&1 || die "smtp-sink not found and apt-get is not available"
    [[ $(id -u) -eq 0 ]] || die "smtp-sink not found and not root: apt-get install postfix"
    note "smtp-sink not found: installing postfix with apt-get (debconf: No configuration)"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    local install=(apt-get install -y -q --no-install-recommends postfix)
    DEBIAN_FRONTEND=noninteractive "${install[@]}" >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive "${install[@]}" >&2; } \
        || die "apt-get install postfix failed"
}

venv_ok() { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1; }

install_aiosmtpd() {
    venv_ok && return 0
    command -v python3 >/dev/null 2>&1 || die "python3 not found"
    if ! { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }; then
        note "creating virtualenv $VENV"
        rm -rf "$VENV"
        python3 -m venv "$VENV" >&2 || die "cannot create a virtualenv in $VENV (apt-get install python3-venv)"
    fi
    note "pip install aiosmtpd into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check aiosmtpd >&2 || die "pip install aiosmtpd failed"
    venv_ok || die "aiosmtpd still not importable from $VENV"
}

install_all() {
    SMTP_SINK=$(find_smtp_sink) || { install_postfix; SMTP_SINK=$(find_smtp_sink) || die "smtp-sink still missing after install"; }
    command -v openssl >/dev/null 2>&1 || die "openssl not found (apt-get install openssl)"
    install_aiosmtpd
}

# Self-signed certificate for the TLS sink, valid for mx1.example.test and localhost only: no IP
# SAN, because NIOSSL accepts an IP SAN matching the peer address even when another host name was
# asked for, and the tests check that a wrong name fails.
make_cert() {
    local dir=$1
    [[ -s "$dir/sink.crt" && -s "$dir/sink.key" ]] && return 0
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/sink.key" -out "$dir/sink.crt" -days 3650 \
        -subj "/CN=mx1.example.test" \
        -addext "subjectAltName=DNS:mx1.example.test,DNS:localhost" >/dev/null 2>&1 \
        || die "openssl could not make a certificate"
    chmod 644 "$dir/sink.crt" "$dir/sink.key"
}

# ---------------------------------------------------------------------------------------------
# Processes

# A TCP port that is free on $HOST right now.
free_port() {
    python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$HOST"
}

# Waits until HOST:PORT sends an SMTP greeting (a line starting with 220).
wait_smtp() {
    local port=$1 name=$2 log=$3 pid=$4
    python3 - "$HOST" "$port" "$pid" <<'EOF' || { tail -n 20 "$log" >&2 || true; die "$name did not come up on $HOST:$port (log: $log)"; }
import os, socket, sys, time
host, port, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
deadline = time.time() + 20
while time.time() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        with socket.create_connection((host, port), timeout=2) as s:
            s.settimeout(2)
            if s.recv(512).startswith(b"220"):
                s.sendall(b"QUIT\r\n")
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit(1)
EOF
}

sink_user() { [[ $(id -u) -eq 0 ]] && echo nobody || id -un; }

# Starts one peer in the background, detached from our stdio, and records pid and address.
start_peer() {
    local dir=$1 name=$2 port pid
    port=$(free_port) || die "no free port on $HOST"
    local log="$dir/$name.log"
    : >"$log"
    case "$name" in
        sink)
            mkdir -p "$dir/sink-dump"
            chmod 777 "$dir/sink-dump"
            setsid "$SMTP_SINK" -u "$(sink_user)" -h sink.test -d "$dir/sink-dump/%H%M%S." "$HOST:$port" 256 \
                </dev/null >>"$log" 2>&1 &
            ;;
        rcpt451)
            setsid "$SMTP_SINK" -u "$(sink_user)" -h rcpt451.test -r RCPT -b "451 4.3.0 Try again later" \
                "$HOST:$port" 64 </dev/null >>"$log" 2>&1 &
            ;;
        rcpt550)
            setsid "$SMTP_SINK" -u "$(sink_user)" -h rcpt550.test -f RCPT \
                -B "550 5.1.1 Recipient address rejected: User unknown" "$HOST:$port" 64 </dev/null >>"$log" 2>&1 &
            ;;
        data554)
            setsid "$SMTP_SINK" -u "$(sink_user)" -h data554.test -f DATA \
                -B "554 5.7.1 Message rejected as spam" "$HOST:$port" 64 </dev/null >>"$log" 2>&1 &
            ;;
        dot451)
            setsid "$SMTP_SINK" -u "$(sink_user)" -h dot451.test -r . \
                -b "451 4.3.0 Queue file write error" "$HOST:$port" 64 </dev/null >>"$log" 2>&1 &
            ;;
        vanish)
            setsid "$SMTP_SINK" -u "$(sink_user)" -h vanish.test -q . "$HOST:$port" 64 </dev/null >>"$log" 2>&1 &
            ;;
        aiosmtpd)
            make_cert "$dir"
            setsid "$VENV/bin/python" -u "$SHARED/tools/smtp_sink.py" --host "$HOST" --port "$port" \
                --outdir "$dir/aiosmtpd-out" --hostname mx1.example.test --cert "$dir/sink.crt" --key "$dir/sink.key" \
                --auth api-token:secret --smtputf8 --reject-rcpt unknown@ --tempfail-rcpt busy@ \
                </dev/null >>"$log" 2>&1 &
            ;;
        aiosmtpd-small)
            setsid "$VENV/bin/python" -u "$SHARED/tools/smtp_sink.py" --host "$HOST" --port "$port" \
                --outdir "$dir/aiosmtpd-small-out" --hostname small.test --max-size 2048 \
                </dev/null >>"$log" 2>&1 &
            ;;
        *) die "unknown peer $name" ;;
    esac
    pid=$!
    echo "$pid" >"$dir/$name.pid"
    wait_smtp "$port" "$name" "$log" "$pid"
    echo "$HOST:$port" >"$dir/$name.addr"
    note "$name listening on $HOST:$port (pid $pid)"
}

print_addresses() {
    local name
    for name in "${PEERS[@]}"; do
        echo "$name=$(cat "$1/$name.addr")"
    done
    echo "cert=$1/sink.crt"
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_start() {
    local dir owner
    parse_start_arguments "$@"
    [[ -f "$SHARED/tools/smtp_sink.py" ]] || die "no $SHARED/tools/smtp_sink.py (set POSTAGE_SHARED_DIR)"
    mkdir -p "$dir"
    chmod 755 "$dir"
    dir=$(cd "$dir" && pwd -P)
    install_all

    start_peers "$dir" "$owner"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case "$command" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    install) install_all ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
