# Process bookkeeping shared by scripts/dns-peers.sh and scripts/smtp-peers.sh (sourced, not run).
#
# The sourcing script sets SELF (its own path, which the watcher runs `stop` with) and PEERS (the
# peer names), and defines note, die, usage, start_peer DIR NAME (writes DIR/NAME.pid and
# DIR/NAME.addr) and print_addresses DIR. Each peer's state is DIR/NAME.pid and DIR/NAME.addr;
# the watcher's is DIR/watcher.pid.

# A zombie counts as gone: in a container whose PID 1 does not reap, a stopped peer stays one.
pid_alive() {
    [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 1
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 0
    [[ "$state" != Z ]]
}

peer_pid() { [[ -f "$1/$2.pid" ]] && cat "$1/$2.pid" || true; }

peer_running() {
    local pid
    pid=$(peer_pid "$1" "$2")
    pid_alive "$pid" && [[ -f "$1/$2.addr" ]]
}

stop_peer() {
    local dir=$1 name=$2 pid i
    pid=$(peer_pid "$dir" "$name")
    if pid_alive "$pid"; then
        kill "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.1; done
        if pid_alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
        note "stopped $name (pid $pid)"
    fi
    rm -f "$dir/$name.pid" "$dir/$name.addr"
}

# Stops the peers in DIR when process OWNER exits, so a crashed test run leaves nothing behind.
start_watcher() {
    local dir=$1 owner=$2 old
    old=$(peer_pid "$dir" watcher)
    if pid_alive "$old"; then kill "$old" 2>/dev/null || true; fi
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec bash "$2" stop "$3"' \
        watcher "$owner" "$SELF" "$dir" </dev/null >>"$dir/watcher.log" 2>&1 &
    echo "$!" >"$dir/watcher.pid"
}

# Descriptors inherited from the caller (a test runner's sockets, say) must not stay open in
# long-lived peers. 255 is the one bash reads the script from.
close_inherited_fds() {
    local fd
    for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2 && fd != 255)) || continue
        eval "exec $fd>&-" 2>/dev/null || true
    done
}

# Starts every peer that is not running in DIR, then the watcher for OWNER (when given), then
# prints the addresses.
start_peers() {
    local dir=$1 owner=$2 name tries
    for name in "${PEERS[@]}"; do
        if peer_running "$dir" "$name"; then
            note "$name already running on $(cat "$dir/$name.addr")"
            continue
        fi
        stop_peer "$dir" "$name"
        for tries in 1 2 3; do
            # A port can be taken between choosing and binding it: try again with another.
            if (start_peer "$dir" "$name"); then break; fi
            stop_peer "$dir" "$name"
            [[ $tries -lt 3 ]] || die "could not start $name"
        done
    done
    [[ -z "$owner" ]] || start_watcher "$dir" "$owner"
    print_addresses "$dir"
}

# `start DIR [--owner-pid PID]`: sets the variables dir and owner of the caller.
parse_start_arguments() {
    [[ $# -ge 1 ]] || usage
    dir=$1
    owner=""
    shift
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --owner-pid) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage; owner=$2; shift 2 ;;
            *) usage ;;
        esac
    done
}

cmd_stop() {
    local dir name
    [[ $# -eq 1 ]] || usage
    [[ -d "$1" ]] || { note "$1 does not exist: nothing to stop"; return 0; }
    dir=$(cd "$1" && pwd -P)
    for name in "${PEERS[@]}"; do stop_peer "$dir" "$name"; done
    local watcher
    watcher=$(peer_pid "$dir" watcher)
    # The watcher itself runs `stop`; never kill the process we are running in.
    if pid_alive "$watcher" && [[ "$watcher" != "$$" && "$watcher" != "$PPID" ]]; then
        kill "$watcher" 2>/dev/null || true
    fi
    rm -f "$dir/watcher.pid"
}

cmd_status() {
    local dir name ok=0
    [[ $# -eq 1 ]] || usage
    [[ -d "$1" ]] || exit 1
    dir=$(cd "$1" && pwd -P)
    for name in "${PEERS[@]}"; do
        if peer_running "$dir" "$name"; then
            echo "$name=$(cat "$dir/$name.addr")"
        else
            note "$name is not running"
            ok=1
        fi
    done
    return $ok
}
