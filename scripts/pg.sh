#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for tests (see shared/reference/testing-peers.md,
# "PostgreSQL 15 for tests").
#
#   scripts/pg.sh start DIR PORT   initdb into DIR/data (first time), start on 127.0.0.1:PORT, print the URL
#   scripts/pg.sh stop DIR         stop the cluster in DIR (no error when it is not running)
#   scripts/pg.sh url DIR          print the URL of the cluster in DIR
#   scripts/pg.sh status DIR       exit 0 when the cluster in DIR is running
#
# The cluster trusts every local connection (--auth=trust): loopback tests only. It listens on
# 127.0.0.1 only, keeps its unix socket in DIR (never /var/run/postgresql), keeps fsync=on, and
# never uses the default port. When run as root, the server runs as the `postgres` user (initdb
# refuses root). Both commands are idempotent: start on a running cluster prints its URL, stop on a
# stopped one does nothing. Only stdout carries the URL; progress goes to stderr.
set -euo pipefail

SUPERUSER=postage

die() { echo "pg.sh: $*" >&2; exit 1; }
note() { echo "pg.sh: $*" >&2; }

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return 0; fi
    fi
    # Debian/Ubuntu keep the server binaries in a versioned folder; take the newest.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return 0; fi
    done
    return 1
}

install_postgres() {
    [[ $(id -u) -eq 0 ]] || die "initdb not found and not root: install the postgresql package"
    command -v apt-get >/dev/null 2>&1 || die "initdb not found and apt-get is not available"
    note "initdb not found: installing postgresql with apt-get"
    # Keep the package from creating and starting its own cluster on port 5432.
    mkdir -p /etc/postgresql-common/createcluster.d
    if [[ ! -e /etc/postgresql-common/createcluster.d/postage-no-main.conf ]]; then
        echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/postage-no-main.conf
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 \
        || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2; } \
        || die "apt-get install postgresql failed"
}

# Runs a server binary as the cluster owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

check_port() {
    [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= 1024 && $1 <= 65535 )) || die "PORT must be a number in 1024-65535, got '$1'"
    (( $1 != 5432 )) || die "refusing port 5432 (the system default); pick a high free port such as 55433"
}

port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

abs_dir() {
    mkdir -p "$1"
    (cd "$1" && pwd -P)
}

cluster_port() {
    local port
    port=$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$1/data/postgresql.conf" | tail -n 1)
    [[ -n "$port" ]] || die "no port in $1/data/postgresql.conf"
    echo "$port"
}

url_for() { echo "postgres://$SUPERUSER@127.0.0.1:$1/postgres"; }

is_running() {
    [[ -f "$1/data/PG_VERSION" ]] || return 1
    as_owner "$BINDIR/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

wait_ready() {
    local dir=$1 port=$2 i
    for i in $(seq 1 120); do
        if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$SUPERUSER" -d postgres; then return 0; fi
        sleep 0.5
    done
    tail -n 30 "$dir/log" >&2 || true
    die "server in $dir did not become ready on 127.0.0.1:$port"
}

cmd_start() {
    local dir port
    [[ $# -eq 2 ]] || usage
    check_port "$2"
    port=$2
    BINDIR=$(find_bindir) || { install_postgres; BINDIR=$(find_bindir) || die "initdb still not found after install"; }

    if [[ -d "$1" ]] && is_running "$(cd "$1" && pwd -P)"; then
        dir=$(cd "$1" && pwd -P)
        local running
        running=$(cluster_port "$dir")
        [[ "$running" == "$port" ]] || die "cluster in $dir is already running on port $running, not $port"
        wait_ready "$dir" "$port"
        note "already running in $dir"
        url_for "$port"
        return 0
    fi

    if port_busy "$port"; then die "127.0.0.1:$port is already in use by another process"; fi
    dir=$(abs_dir "$1")

    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "user 'postgres' missing (it comes with the postgresql package)"
        chown postgres "$dir"
        # The server user must be able to reach DIR.
        runuser -u postgres -- test -w "$dir" || die "user postgres cannot write $dir (check the parent folders' permissions)"
    fi

    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
        [[ ! -e "$dir/data" ]] || [[ -z "$(ls -A "$dir/data")" ]] || die "$dir/data exists but is not a cluster"
        note "initdb in $dir/data ($("$BINDIR/postgres" --version))"
        as_owner "$BINDIR/initdb" -D "$dir/data" -U "$SUPERUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
        # Settings live in the cluster so that a restart keeps them.
        cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/pg.sh: a throwaway test cluster on loopback
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 300
EOF
    else
        # An existing, stopped cluster: move it to the requested port.
        sed -i "s/^port = [0-9]*/port = $port/" "$dir/data/postgresql.conf"
    fi

    note "starting on 127.0.0.1:$port (log: $dir/log)"
    if [[ $(id -u) -eq 0 ]]; then
        touch "$dir/log" && chown postgres "$dir/log"
    fi
    as_owner "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start >/dev/null \
        || { tail -n 30 "$dir/log" >&2 || true; die "pg_ctl start failed"; }
    wait_ready "$dir" "$port"
    url_for "$port"
}

cmd_stop() {
    local dir
    [[ $# -eq 1 ]] || usage
    [[ -d "$1" ]] || { note "$1 does not exist: nothing to stop"; return 0; }
    dir=$(cd "$1" && pwd -P)
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then note "no cluster in $dir: nothing to stop"; return 0; fi
    BINDIR=$(find_bindir) || die "pg_ctl not found"
    if ! is_running "$dir"; then note "not running in $dir"; return 0; fi
    as_owner "$BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || die "pg_ctl stop failed"
    note "stopped $dir"
}

cmd_url() {
    [[ $# -eq 1 ]] || usage
    url_for "$(cluster_port "$(cd "$1" && pwd -P)")"
}

cmd_status() {
    [[ $# -eq 1 ]] || usage
    BINDIR=$(find_bindir) || die "pg_ctl not found"
    is_running "$(cd "$1" && pwd -P)"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case "$command" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    url) cmd_url "$@" ;;
    status) cmd_status "$@" ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
