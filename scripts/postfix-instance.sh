#!/usr/bin/env bash
# A private, throwaway Postfix instance on loopback, for the baselines in bench/ (BENCHMARKS.md).
#
#   scripts/postfix-instance.sh start DIR --listen IP:PORT --relay-to IP:PORT [--mode relay|accept-only]
#                                         [--concurrency N]
#   scripts/postfix-instance.sh release DIR   accept-only -> relay: start the queue manager, which then
#                                             delivers everything waiting in the queue to --relay-to
#   scripts/postfix-instance.sh count DIR     print "incoming=N active=N deferred=N hold=N maildrop=N total=N"
#                                             (queue files on disk)
#   scripts/postfix-instance.sh status DIR    exit 0 when the instance's master runs
#   scripts/postfix-instance.sh stop DIR      stop it; no Postfix process of DIR is left (no error when none runs)
#   scripts/postfix-instance.sh install       only install postfix when missing
#
# Everything lives under DIR: DIR/etc (config_directory: main.cf, master.cf), DIR/queue
# (queue_directory), DIR/data (data_directory), DIR/maillog (maillog_file: no syslog needed). The
# instance is started with `postfix -c DIR/etc start` and never touches /etc/postfix/main.cf, the
# system queue or port 25: its only listener is smtpd on --listen (a 127.0.0.0/8 address), its SMTP
# client binds to the same address, and it sends every message, whatever the recipient domain, to
# --relay-to (default_transport = smtp:[IP]:PORT, no DNS: smtp_dns_support_level = disabled,
# smtp_host_lookup = native, smtpd_peername_lookup = no). No local delivery (mydestination empty,
# local_transport = error), mynetworks = 127.0.0.0/8 may relay, everyone else is rejected.
# Services run unchrooted as mail_owner postfix; start it as root.
#
# Modes:
#   relay        smtpd -> cleanup -> incoming/ -> qmgr -> smtp client -> --relay-to. Concurrency to the
#                one destination: default_destination_concurrency_limit = --concurrency (default 20,
#                Postfix's default and Postage's per-domain default), initial_destination_concurrency
#                = 5 (Postfix's slow start, default), in_flow_delay = 1s (default flow control).
#   accept-only  the same, but the queue manager is off (master_service_disable = qmgr.unix): smtpd
#                and cleanup write each message to incoming/ and fsync it before the 250 reply (cleanup
#                always does), and nothing moves it further. in_flow_delay = 0: with no queue manager
#                handing out flow-control tokens, the default 1s would pause smtpd before every
#                message. cleanup's per-message wake-up of the queue manager goes to a FIFO that
#                nobody reads (a silent no-op; otherwise it logs a warning per message). `release`
#                re-enables the queue manager (and in_flow_delay's default) and reloads; qmgr then
#                scans incoming/ and drains it.
#
# postfix is installed with apt-get when missing (debconf "No configuration": no system main.cf and
# no system MTA is configured or started). Progress goes to stderr.
set -euo pipefail

die() { echo "postfix-instance.sh: $*" >&2; exit 1; }
note() { echo "postfix-instance.sh: $*" >&2; }

usage() {
    sed -n '2,39p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

install_postfix() {
    [[ -x /usr/sbin/postfix && -x /usr/sbin/smtp-source && -x /usr/sbin/smtp-sink ]] && return 0
    command -v apt-get >/dev/null 2>&1 || die "postfix not found and apt-get is not available"
    [[ $(id -u) -eq 0 ]] || die "postfix not found and not root: apt-get install postfix"
    note "installing postfix with apt-get (debconf: No configuration)"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    local install=(apt-get install -y -q --no-install-recommends postfix)
    DEBIAN_FRONTEND=noninteractive "${install[@]}" >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive "${install[@]}" >&2; } \
        || die "apt-get install postfix failed"
}

check_address() {
    [[ "$1" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}:[0-9]{1,5}$ ]] \
        || die "$2 must be a 127.0.0.0/8 address with a port (IP:PORT), got '$1'"
}

absolute_dir() { [[ -d "$1" ]] && (cd "$1" && pwd -P); }

master_pid() {
    local file="$1/queue/pid/master.pid" pid
    [[ -f "$file" ]] || return 1
    pid=$(tr -d ' \n' <"$file")
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == master ]] \
        && echo "$pid"
}

# Whether smtpd answers on IP:PORT with a 220 greeting.
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

write_config() {
    local dir=$1 listen=$2 relay=$3 mode=$4 concurrency=$5
    local listen_ip=${listen%:*} relay_ip=${relay%:*} relay_port=${relay##*:}
    local disable="" flow=1s
    if [[ $mode == accept-only ]]; then disable=qmgr.unix; flow=0; fi
    local forbid=""
    if postconf -d smtpd_forbid_bare_newline >/dev/null 2>&1; then forbid="smtpd_forbid_bare_newline = yes"; fi
    cat >"$dir/etc/main.cf" <<EOF
# Written by scripts/postfix-instance.sh ($mode). Private instance: postfix -c $dir/etc start|stop
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix-bench.test
mydomain = postfix-bench.test
myorigin = \$myhostname
smtpd_banner = \$myhostname ESMTP
biff = no
append_dot_mydomain = no
smtputf8_enable = no

# Loopback only: the one listener is $listen (master.cf); the SMTP client binds to $listen_ip.
# inet_interfaces must name addresses that an interface carries (lo has 127.0.0.1/8 only), so it
# says loopback-only; proxy_interfaces makes $listen_ip "this host" for mail loop detection.
inet_interfaces = loopback-only
proxy_interfaces = $listen_ip
inet_protocols = ipv4
smtp_bind_address = $listen_ip
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions =
$forbid

# No DNS, no local delivery: every recipient goes to the sink.
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
smtp_host_lookup = native
mydestination =
local_recipient_maps =
local_transport = error:5.1.1 local delivery is disabled
alias_maps =
alias_database =
relay_domains =
relayhost =
default_transport = smtp:[$relay_ip]:$relay_port
relay_transport = smtp:[$relay_ip]:$relay_port
smtp_tls_security_level = none
smtpd_tls_security_level = none
notify_classes =

# Concurrency: up to 100 processes per service (default), $concurrency parallel deliveries to the sink.
default_process_limit = 100
default_destination_concurrency_limit = $concurrency
initial_destination_concurrency = 5

# Mode: $mode
master_service_disable = $disable
in_flow_delay = $flow
EOF
    # Every service unchrooted (no copies of /etc files in the queue directory needed).
    cat >"$dir/etc/master.cf" <<EOF
# service type  private unpriv  chroot  wakeup  maxproc command
$listen     inet  n       -       n       -       -       smtpd
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
smtp      unix  -       -       n       -       -       smtp
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

cmd_start() {
    local dir="" listen="" relay="" mode=relay concurrency=20
    [[ $# -ge 1 ]] || usage
    dir=$1
    shift
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --listen) [[ $# -ge 2 ]] || usage; listen=$2; shift 2 ;;
            --relay-to) [[ $# -ge 2 ]] || usage; relay=$2; shift 2 ;;
            --mode) [[ $# -ge 2 ]] || usage; mode=$2; shift 2 ;;
            --concurrency) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage; concurrency=$2; shift 2 ;;
            *) usage ;;
        esac
    done
    [[ -n "$listen" && -n "$relay" ]] || usage
    check_address "$listen" --listen
    check_address "$relay" --relay-to
    [[ $mode == relay || $mode == accept-only ]] || die "--mode is relay or accept-only, got '$mode'"
    [[ $(id -u) -eq 0 ]] || die "start a private Postfix instance as root"
    install_postfix

    mkdir -p "$dir"
    dir=$(absolute_dir "$dir")
    if master_pid "$dir" >/dev/null; then die "an instance already runs in $dir (stop it first)"; fi
    # The postfix user must be able to reach the queue: every directory on the way must be searchable.
    local up=$dir
    while [[ "$up" != / ]]; do
        [[ $(( 0$(stat -c %a "$up") & 01 )) -ne 0 ]] || die "$up is not searchable by others (chmod o+x): postfix cannot reach its queue"
        up=$(dirname "$up")
    done
    mkdir -p "$dir/etc" "$dir/queue" "$dir/data"
    chmod 755 "$dir" "$dir/etc" "$dir/queue"
    chown postfix "$dir/data"
    chmod 700 "$dir/data"
    : >"$dir/maillog"
    write_config "$dir" "$listen" "$relay" "$mode" "$concurrency"
    echo "$mode" >"$dir/mode"

    # Creates the queue directories with their owners, then starts master (waits for its init).
    postfix -c "$dir/etc" check >&2 || die "postfix check failed (see $dir/maillog)"
    rm -f "$dir/queue/public/qmgr"
    if [[ $mode == accept-only ]]; then
        # cleanup wakes the queue manager after each message through public/qmgr. With qmgr off that
        # name would not exist and cleanup would log "unable to look up public/qmgr" per message; a
        # FIFO nobody reads makes the wake-up a silent no-op (non-blocking open fails with ENXIO).
        # The master replaces it with qmgr's socket on `release`.
        mkfifo -m 622 "$dir/queue/public/qmgr"
        chown postfix:postfix "$dir/queue/public/qmgr"
    fi
    postfix -c "$dir/etc" start >&2 || { tail -n 20 "$dir/maillog" >&2; die "postfix start failed"; }
    local i
    for i in $(seq 1 100); do
        greets "$listen" && break
        [[ $i -lt 100 ]] || { tail -n 20 "$dir/maillog" >&2; cmd_stop "$dir"; die "smtpd does not answer on $listen"; }
        sleep 0.1
    done
    note "postfix ($mode) on $listen relaying to $relay, master pid $(master_pid "$dir"), log $dir/maillog"
}

cmd_release() {
    local dir
    [[ $# -eq 1 ]] || usage
    dir=$(absolute_dir "$1") || die "no directory $1"
    master_pid "$dir" >/dev/null || die "no instance runs in $dir"
    postconf -c "$dir/etc" -e "master_service_disable =" "in_flow_delay = 1s"
    echo relay >"$dir/mode"
    postfix -c "$dir/etc" reload >&2
    note "queue manager started in $dir"
}

cmd_count() {
    local dir q n total=0 line=""
    [[ $# -eq 1 ]] || usage
    dir=$(absolute_dir "$1") || die "no directory $1"
    for q in incoming active deferred hold maildrop; do
        n=0
        [[ -d "$dir/queue/$q" ]] && n=$(find "$dir/queue/$q" -type f | wc -l)
        line+="$q=$n "
        total=$((total + n))
    done
    echo "${line}total=$total"
}

cmd_status() {
    local dir pid
    [[ $# -eq 1 ]] || usage
    dir=$(absolute_dir "$1") || exit 1
    pid=$(master_pid "$dir") || { note "no instance runs in $dir"; exit 1; }
    echo "master=$pid mode=$(cat "$dir/mode" 2>/dev/null)"
}

cmd_stop() {
    local dir pid children i
    [[ $# -eq 1 ]] || usage
    dir=$(absolute_dir "$1") || { note "$1 does not exist: nothing to stop"; return 0; }
    pid=$(master_pid "$dir") || { note "no instance runs in $dir"; return 0; }
    children=$(ps -o pid= --ppid "$pid" | tr -s ' \n' ' ' || true)
    postfix -c "$dir/etc" stop >&2 || true
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    # The master's children exit when it does; anything still there after 5 s is killed by pid.
    for i in $(seq 1 50); do
        local left=""
        for c in $children; do kill -0 "$c" 2>/dev/null && left+="$c "; done
        [[ -z "$left" ]] && break
        [[ $i -lt 50 ]] || { note "killing leftover processes $left"; kill -9 $left 2>/dev/null || true; }
        sleep 0.1
    done
    note "stopped the instance in $dir"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case "$command" in
    start) cmd_start "$@" ;;
    release) cmd_release "$@" ;;
    count) cmd_count "$@" ;;
    status) cmd_status "$@" ;;
    stop) cmd_stop "$@" ;;
    install) install_postfix ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
