#!/usr/bin/env bash
# DNS servers on loopback for the resolver tests (see shared/reference/testing-peers.md §3-§4).
#
#   scripts/dns-peers.sh start DIR [--owner-pid PID]   start the peers in DIR, print NAME=HOST:PORT lines
#   scripts/dns-peers.sh stop DIR                      stop the peers in DIR (no error when none run)
#   scripts/dns-peers.sh status DIR                    print NAME=HOST:PORT lines; exit 0 when all run
#
# Peers, each on 127.0.0.1 and its own free high port (UDP and TCP):
#   dnsmasq  dnsmasq with DIR/dnsmasq.conf (fake .test domains), query log DIR/dnsmasq.log
#   faulty   tools/faulty_dns.py with testdata/dns/fault.test.zone (SERVFAIL, timeout, TC, bad ID, ...),
#            one line per query in DIR/faulty.log
#   zone     tools/faulty_dns.py with testdata/dns/example.test.zone (authoritative answers, SOA in
#            negative answers, 512-byte UDP truncation), one line per query in DIR/zone.log
#
# Installs what is missing: dnsmasq-base with apt-get (as root), dnslib into a virtualenv
# (POSTAGE_DNS_VENV, default .venv-dns/ in the repository). shared/ is found beside the repository
# (POSTAGE_SHARED_DIR overrides). With --owner-pid, a watcher stops the peers when PID exits, so a
# crashed test run leaves nothing behind. Idempotent: start on running peers prints their
# addresses. Only stdout carries the addresses; progress goes to stderr. Nothing ever listens on or
# sends to an address outside 127.0.0.0/8, and dnsmasq never forwards (no-resolv, local=/test/).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
SHARED=${POSTAGE_SHARED_DIR:-$REPO/../shared}
VENV=${POSTAGE_DNS_VENV:-$REPO/.venv-dns}
HOST=127.0.0.1
SELF="$REPO/scripts/dns-peers.sh"
PEERS=(dnsmasq faulty zone)

die() { echo "dns-peers.sh: $*" >&2; exit 1; }
note() { echo "dns-peers.sh: $*" >&2; }

# shellcheck source=lib/peers.sh
source "$REPO/scripts/lib/peers.sh"

usage() {
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ---------------------------------------------------------------------------------------------
# Installation, only when missing

find_dnsmasq() {
    command -v dnsmasq 2>/dev/null && return 0
    [[ -x /usr/sbin/dnsmasq ]] && { echo /usr/sbin/dnsmasq; return 0; }
    return 1
}

install_dnsmasq() {
    command -v apt-get >/dev/null 2>&1 || die "dnsmasq not found and apt-get is not available"
    [[ $(id -u) -eq 0 ]] || die "dnsmasq not found and not root: apt-get install dnsmasq-base"
    note "dnsmasq not found: installing dnsmasq-base with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dnsmasq-base >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dnsmasq-base >&2; } \
        || die "apt-get install dnsmasq-base failed"
}

venv_ok() { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import dnslib' >/dev/null 2>&1; }

install_dnslib() {
    venv_ok && return 0
    command -v python3 >/dev/null 2>&1 || die "python3 not found"
    if ! { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }; then
        note "creating virtualenv $VENV"
        rm -rf "$VENV"
        python3 -m venv "$VENV" >&2 || die "cannot create a virtualenv in $VENV (apt-get install python3-venv)"
    fi
    note "pip install dnslib into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check dnslib >&2 || die "pip install dnslib failed"
    venv_ok || die "dnslib still not importable from $VENV"
}

# ---------------------------------------------------------------------------------------------
# Processes

# A port that is free for both UDP and TCP on $HOST right now.
free_port() {
    python3 - "$HOST" <<'EOF'
import socket, sys
host = sys.argv[1]
for _ in range(50):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind((host, 0))
    port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind((host, port))
    except OSError:
        t.close()
        continue
    u.close()
    t.close()
    print(port)
    sys.exit(0)
sys.exit(1)
EOF
}

# Waits until HOST:PORT answers a DNS query over UDP (any rcode) and accepts TCP.
wait_dns() {
    local port=$1 name=$2 log=$3 pid=$4
    python3 - "$HOST" "$port" "$name" "$pid" <<'EOF' || { tail -n 20 "$log" >&2 || true; die "$name did not come up on $HOST:$port (log: $log)"; }
import os, socket, struct, sys, time
host, port, name, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
query = struct.pack(">HHHHHH", 0x5150, 0x0100, 1, 0, 0, 0) + b"\x05ready\x04test\x00" + struct.pack(">HH", 1, 1)
deadline = time.time() + 20
while time.time() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.settimeout(0.3)
        u.sendto(query, (host, port))
        data, _ = u.recvfrom(4096)
        u.close()
        if data[:2] == b"\x51\x50":
            socket.create_connection((host, port), timeout=1).close()
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit(1)
EOF
}

write_dnsmasq_conf() {
    local dir=$1 port=$2
    cat >"$dir/dnsmasq.conf" <<EOF
# Written by scripts/dns-peers.sh: fake .test domains for the resolver tests (based on
# shared/tools/dnsmasq-test.conf). Loopback only; never reads resolv.conf, never forwards.
port=$port
listen-address=$HOST
bind-interfaces
no-resolv
no-hosts
no-poll
local=/test/
local-ttl=60
log-queries
log-facility=$dir/dnsmasq.log
user=$(id -un)
pid-file=

# example.test: MX with two preferences, A/AAAA for the MX hosts, SPF, DMARC, DKIM
mx-host=example.test,mx1.example.test,10
mx-host=example.test,mx2.example.test,20
host-record=mx1.example.test,127.0.0.21
host-record=mx2.example.test,127.0.0.22,::1
txt-record=example.test,"v=spf1 ip4:127.0.0.0/24 -all"
txt-record=_dmarc.example.test,"v=DMARC1; p=reject; rua=mailto:dmarc@example.test"
txt-record=brisbane._domainkey.example.test,"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
# RSA DKIM key as two character-strings in one record
txt-record=test._domainkey.example.test,"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91","y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
# two TXT records on one name
txt-record=multi.example.test,"v=spf1 -all"
txt-record=multi.example.test,"google-site-verification=abc"
# an alias: CNAME followed by the target's A record in one answer
cname=www.example.test,mx1.example.test
# used only by the cache test
host-record=cache.example.test,127.0.0.31

# receiver.test: a second domain with a single MX
mx-host=receiver.test,mx.receiver.test,10
host-record=mx.receiver.test,127.0.0.24

# nomx.test: A record only (NODATA for MX -> implicit MX, RFC 5321 5.1)
host-record=nomx.test,127.0.0.23

# nullmx.test: null MX (RFC 7505)
mx-host=nullmx.test,.,0

# any name under conc.test has A 127.0.0.40 (for many parallel distinct queries)
address=/conc.test/127.0.0.40

# verify.test: records for the DomainVerification tests (DKIM, Return-Path CNAME, SPF)
# 2048-bit RSA key (the rsa2024 key of shared/testdata/dns/example.test.zone) over three strings
txt-record=rsa2048._domainkey.verify.test,"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2alQYhu7UdC6ToNmtcAHnRf/ZfxAV4gUPl5Qr5VodZMEZAedgXwdMsgXXzjnLt51m9WcBMUcovsma4Nv3UReLEqcBtbsS/wmbBokfMZya3RScI/F42JJteNpTLOY9vrPQbPIY5DG","ScNk96z/Ey+CeExdoBgCHd7s+crl+HRLdJ4eFVB0R+ThxsXfadtAwxzW5LfGbb3XP8GjHm9P/sBJVRyoKSQ1NjQjTvjX9i4yEB8E9efuZf7T0XWJjsBSVzcos1lCurH0J5io0Qpj29YPVYi7ERvTts","ASUFYT5IhT9Eq/COsp9S5U4gqQQ99ytXsPPFWxhhWWHKWeVfc2u85GVQIDAQAB"
# the same key without v= and k=, base64 broken by spaces, other tags around it, two strings
txt-record=spaced._domainkey.verify.test,"t=s; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2alQYhu7UdC6ToNmtcAH nRf/ZfxAV4gUPl5Qr5VodZMEZAedgXwdMsgXXzjnLt51m9WcBMUcovsma4Nv3URe LEqcBtbsS/wmbBokfMZya3RScI/F42JJteNpTLOY9vrPQbPIY5DGScNk96z/Ey+","C eExdoBgCHd7s+crl+HRLdJ4eFVB0R+ThxsXfadtAwxzW5LfGbb3XP8GjHm9P/sBJ VRyoKSQ1NjQjTvjX9i4yEB8E9efuZf7T0XWJjsBSVzcos1lCurH0J5io0Qpj29YP VYi7ERvTtsASUFYT5IhT9Eq/COsp9S5U4gqQQ99ytXsPPFWxhhWWHKWeVfc2u85G VQIDAQAB ; s=email"
# a DKIM selector delegated with a CNAME (CNAME then TXT in one answer)
cname=alias._domainkey.verify.test,rsa2048._domainkey.verify.test
# another RSA key (1024-bit, the test._domainkey.example.test key)
txt-record=wrongkey._domainkey.verify.test,"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
# RFC 8463 Ed25519 key
txt-record=ed25519._domainkey.verify.test,"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
# revoked: empty p=
txt-record=revoked._domainkey.verify.test,"v=DKIM1; k=rsa; p="
# not a DKIM key record, and two records on one selector
txt-record=notakey._domainkey.verify.test,"v=DKIM2; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
txt-record=twokeys._domainkey.verify.test,"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
txt-record=twokeys._domainkey.verify.test,"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
# Return-Path CNAMEs (dnsmasq answers a CNAME query even when it does not know the target)
cname=pm-bounces.verify.test,pm.mtasv.net
cname=wrong-bounces.verify.test,mx1.example.test
host-record=plain.verify.test,127.0.0.60
# SPF: with the include, split over two strings, without it, two records, after -all, with ~include
txt-record=verify.test,"v=spf1 a mx include:spf.mtasv.net ~all"
txt-record=verify.test,"google-site-verification=verify"
txt-record=split.spf.verify.test,"v=spf1 a mx include:spf.mt","asv.net ~all"
txt-record=noinclude.spf.verify.test,"v=spf1 a mx ~all"
txt-record=two.spf.verify.test,"v=spf1 include:spf.mtasv.net ~all"
txt-record=two.spf.verify.test,"v=spf1 mx -all"
txt-record=afterall.spf.verify.test,"v=spf1 -all include:spf.mtasv.net"
txt-record=softfail.spf.verify.test,"v=spf1 ~include:spf.mtasv.net -all"
txt-record=nospf.spf.verify.test,"google-site-verification=abc"
EOF
}

# Starts one peer in the background, detached from our stdio, and records pid and address.
start_peer() {
    local dir=$1 name=$2 port pid
    port=$(free_port) || die "no free port on $HOST"
    : >"$dir/$name.log"
    case "$name" in
        dnsmasq)
            write_dnsmasq_conf "$dir" "$port"
            setsid "$DNSMASQ" --keep-in-foreground --conf-file="$dir/dnsmasq.conf" \
                </dev/null >>"$dir/$name.out" 2>&1 &
            ;;
        faulty)
            setsid "$VENV/bin/python" -u "$SHARED/tools/faulty_dns.py" --zone "$SHARED/testdata/dns/fault.test.zone" \
                --addr "$HOST" --port "$port" --slow-seconds 1 --verbose </dev/null >>"$dir/$name.log" 2>&1 &
            ;;
        zone)
            setsid "$VENV/bin/python" -u "$SHARED/tools/faulty_dns.py" --zone "$SHARED/testdata/dns/example.test.zone" \
                --addr "$HOST" --port "$port" --verbose </dev/null >>"$dir/$name.log" 2>&1 &
            ;;
    esac
    pid=$!
    echo "$pid" >"$dir/$name.pid"
    local log="$dir/$name.log"
    [[ "$name" != dnsmasq ]] || log="$dir/$name.out"
    wait_dns "$port" "$name" "$log" "$pid"
    echo "$HOST:$port" >"$dir/$name.addr"
    note "$name listening on $HOST:$port (pid $pid)"
}

print_addresses() {
    local name
    for name in "${PEERS[@]}"; do
        echo "$name=$(cat "$1/$name.addr")"
    done
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_start() {
    local dir owner
    parse_start_arguments "$@"
    [[ -f "$SHARED/tools/faulty_dns.py" ]] || die "no $SHARED/tools/faulty_dns.py (set POSTAGE_SHARED_DIR)"
    close_inherited_fds
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)

    # Several test processes may start peers at once: install under one lock.
    exec 9>"${TMPDIR:-/tmp}/postage-dns-peers-install.lock"
    command -v flock >/dev/null 2>&1 && flock 9
    DNSMASQ=$(find_dnsmasq) || { install_dnsmasq; DNSMASQ=$(find_dnsmasq) || die "dnsmasq still missing after install"; }
    install_dnslib
    exec 9>&-

    start_peers "$dir" "$owner"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case "$command" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
