#!/usr/bin/env bash
# The whole test suite in one command (CI runs it through .ci/run).
#
#   scripts/test.sh
#
# On a fresh Debian 12 machine with only the Swift toolchain it installs what is missing
# (PostgreSQL, python3-venv) with apt-get, makes a Python virtualenv in .venv-test/, starts a
# throwaway PostgreSQL cluster on a free loopback port (scripts/pg.sh), then:
#   1. swift build --build-tests
#   2. swift test --skip-build            (POSTAGE_TEST_POSTGRES_URL, POSTAGE_TEST_REQUIRE_POSTGRES=1,
#                                          POSTAGE_TEST_REQUIRE_PEERS=1: dkimpy from .venv-test must be there)
#   3. pytest tests/e2e                   (the built binary, on SQLite and on PostgreSQL)
# and ends with one line "total: N passed, N failed, N skipped". Exits non-zero on any failure.
#
# Environment knobs (all optional):
#   POSTAGE_E2E_BACKENDS   backends for the e2e suite (default sqlite,postgres)
#   PYTEST_ADDOPTS         extra pytest options, e.g. "-k servers -x"
#   POSTAGE_SKIP_SWIFT_TEST=1   skip step 2 (for iterating on the e2e suite)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd -P)
OUT="$REPO/tests/out"
VENV="$REPO/.venv-test"
mkdir -p "$OUT"

export DEBIAN_FRONTEND=noninteractive
STARTED=$SECONDS

log() { printf '\n==> [%4ds] %s\n' "$((SECONDS - STARTED))" "$*"; }
die() { echo "test.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# System packages, only when missing

APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "missing $* and apt-get is not available"
    [[ $(id -u) -eq 0 ]] || die "missing $*: run as root or install them first"
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        apt-get update -q >/dev/null
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

find_initdb() {
    command -v initdb 2>/dev/null && return 0
    ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 | grep . && return 0
    return 1
}

if ! find_initdb >/dev/null; then
    # Keep the package from creating and starting its own cluster on port 5432.
    mkdir -p /etc/postgresql-common/createcluster.d
    [[ -e /etc/postgresql-common/createcluster.d/postage-no-main.conf ]] ||
        echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/postage-no-main.conf
    apt_install postgresql
    find_initdb >/dev/null || die "initdb still missing after installing postgresql"
fi
if ! command -v psql >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/psql >/dev/null 2>&1; then
    apt_install postgresql-client
fi
command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
# The CPython email test corpus, one of the MIME parser's oracle corpora.
dpkg -s libpython3.11-testsuite >/dev/null 2>&1 || apt_install libpython3.11-testsuite
# swaks: the SMTP submission tests' client (STARTTLS, AUTH PLAIN/LOGIN, pipelining, attachments).
command -v swaks >/dev/null 2>&1 || apt_install swaks
# swaks needs these for --tls (else "TLS not available: requires Net::SSLeay").
dpkg -s libnet-ssleay-perl >/dev/null 2>&1 || apt_install libnet-ssleay-perl libio-socket-ssl-perl

# ---------------------------------------------------------------------------------------------
# Python virtualenv

make_venv() {
    local python=$1
    rm -rf "$VENV"
    "$python" -m venv "$VENV" >/dev/null 2>&1 && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

if ! { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }; then
    log "creating $VENV"
    if ! make_venv python3; then
        apt_install python3-venv
        make_venv python3 || make_venv /usr/bin/python3 || die "cannot create a virtualenv in $VENV"
    fi
fi
log "pip install -r tests/requirements.txt"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r tests/requirements.txt

# ---------------------------------------------------------------------------------------------
# Throwaway PostgreSQL on a free loopback port

PG_DIR=$(mktemp -d -t postage-test-pg.XXXXXX)
cleanup() {
    local rc=$?
    if [[ -n "${PG_DIR:-}" && -d "$PG_DIR" ]]; then
        bash scripts/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$VENV/bin/python" - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

PG_URL=""
for attempt in 1 2 3; do
    PG_PORT=$(free_port)
    [[ "$PG_PORT" != 5432 ]] || continue
    log "starting PostgreSQL in $PG_DIR on 127.0.0.1:$PG_PORT"
    if PG_URL=$(bash scripts/pg.sh start "$PG_DIR" "$PG_PORT"); then break; fi
    PG_URL=""
    bash scripts/pg.sh stop "$PG_DIR" >/dev/null 2>&1 || true
done
[[ -n "$PG_URL" ]] || die "could not start PostgreSQL (see $PG_DIR/log)"
log "PostgreSQL ready: $PG_URL"

# ---------------------------------------------------------------------------------------------
# Swift: build, then unit and integration tests

log "swift build --build-tests"
timeout --kill-after=60 2400 swift build --build-tests || die "swift build --build-tests failed"
BIN_PATH=$(swift build --show-bin-path)
POSTAGE_BIN="$BIN_PATH/postage"
[[ -x "$POSTAGE_BIN" ]] || die "no postage binary at $POSTAGE_BIN"

SWIFT_RC=0
rm -f "$OUT"/swift-xunit*.xml
if [[ "${POSTAGE_SKIP_SWIFT_TEST:-0}" == 1 ]]; then
    log "swift test skipped (POSTAGE_SKIP_SWIFT_TEST=1)"
else
    log "swift test --skip-build"
    set +e
    POSTAGE_TEST_POSTGRES_URL="$PG_URL" POSTAGE_TEST_REQUIRE_POSTGRES=1 POSTAGE_TEST_REQUIRE_PEERS=1 \
        timeout --kill-after=60 1500 swift test --skip-build --xunit-output "$OUT/swift-xunit.xml"
    SWIFT_RC=$?
    set -e
fi

# ---------------------------------------------------------------------------------------------
# Fuzzing: the SMTP server session under libFuzzer + AddressSanitizer for a bounded time
# (scripts/fuzz.sh; longer runs: scripts/fuzz.sh 600). Counts as one test in the summary.

FUZZ_RC=0
if [[ "${POSTAGE_SKIP_FUZZ:-0}" == 1 ]]; then
    log "fuzzing skipped (POSTAGE_SKIP_FUZZ=1)"
    FUZZ_RC=-1
else
    log "scripts/fuzz.sh ${POSTAGE_FUZZ_SECONDS:-30}"
    set +e
    timeout --kill-after=60 900 bash scripts/fuzz.sh "${POSTAGE_FUZZ_SECONDS:-30}" >"$OUT/fuzz.log" 2>&1
    FUZZ_RC=$?
    set -e
    grep -E '^(fuzz.sh:|Done [0-9]+ runs|==[0-9]+==ERROR|SUMMARY)' "$OUT/fuzz.log" || true
fi

# ---------------------------------------------------------------------------------------------
# End-to-end: the built binary through real clients, on both backends

log "pytest tests/e2e (backends: ${POSTAGE_E2E_BACKENDS:-sqlite,postgres})"
rm -f "$OUT/e2e-junit.xml"
set +e
POSTAGE_BIN="$POSTAGE_BIN" \
    POSTAGE_E2E_BACKENDS="${POSTAGE_E2E_BACKENDS:-sqlite,postgres}" \
    POSTAGE_E2E_PG_URL="$PG_URL" \
    timeout --kill-after=60 1800 "$VENV/bin/python" -m pytest tests/e2e --junitxml="$OUT/e2e-junit.xml" -o junit_family=xunit2
PYTEST_RC=$?
set -e

# ---------------------------------------------------------------------------------------------
# One combined summary

log "summary"
set +e
"$VENV/bin/python" - "$OUT" "$SWIFT_RC" "$PYTEST_RC" "${POSTAGE_SKIP_SWIFT_TEST:-0}" "$FUZZ_RC" <<'EOF'
import glob, sys, xml.etree.ElementTree as ET

out, swift_rc, pytest_rc, swift_skipped = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
fuzz_rc = int(sys.argv[5])

def count(paths):
    passed = failed = skipped = 0
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, OSError):
            continue
        for case in root.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped

sp, sf, ss = count(sorted(glob.glob(f"{out}/swift-xunit*.xml")))
if not swift_skipped and swift_rc != 0 and sf == 0:
    sf = 1  # swift test failed without a report (crash, timeout, build problem)
pp, pf, ps = count([f"{out}/e2e-junit.xml"])
if pytest_rc != 0 and pf == 0:
    pf = 1  # pytest failed without failed cases (usage error, no tests collected, timeout)
print(f"swift test: {sp} passed, {sf} failed, {ss} skipped (exit {swift_rc}{', not run' if swift_skipped else ''})")
print(f"e2e: {pp} passed, {pf} failed, {ps} skipped (exit {pytest_rc})")
fp, ff, fs = (0, 0, 1) if fuzz_rc == -1 else ((1, 0, 0) if fuzz_rc == 0 else (0, 1, 0))
print(f"fuzz (SMTP server session): {'skipped' if fs else ('passed' if fp else f'FAILED (exit {fuzz_rc}, see fuzz.log)')}")
print(f"total: {sp + pp + fp} passed, {sf + pf + ff} failed, {ss + ps + fs} skipped")
EOF
set -e

if [[ $SWIFT_RC -ne 0 || $PYTEST_RC -ne 0 || ( $FUZZ_RC -ne 0 && $FUZZ_RC -ne -1 ) ]]; then
    exit 1
fi
