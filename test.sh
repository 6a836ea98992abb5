#!/usr/bin/env bash
# Builds Portal and runs every test project against real services:
#   - installs chromium and postgresql through apt when they are missing (Debian 12),
#   - starts a throwaway PostgreSQL cluster on 127.0.0.1 (port 54329, or the next free one),
#     exported to the tests as PORTAL_TEST_POSTGRES, and removes it again on exit,
#   - dotnet build (Release) once, then dotnet test --no-build, with .trx results in .test-run/results/,
#   - then the scale-out proof in its short form (scripts/scaleout.sh --duration 10: two instances on one
#     PostgreSQL behind nginx, 10 s of load, one instance killed), counted as one more test,
#   - ends with a plain "N passed, N failed" line; exits non-zero if the build failed, a test failed,
#     or no test ran at all.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter Category=Unit (the scale-out proof runs only in
# a run without extra arguments and without --repeat; PORTAL_SKIP_SCALEOUT=1 leaves it out).
# PORTAL_KEEP_TEST_LOGS=1 keeps the test hosts' app logs (.test-run/logs) after a green run too.
# --repeat N (first) runs the selected tests N times in a row, e.g. to hunt a flaky test:
#   ./test.sh --repeat 20 --filter "FullyQualifiedName~NightlyRunTests"
set -euo pipefail

REPEAT=1
if [ "${1:-}" = "--repeat" ]; then
    [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "test.sh: --repeat needs a positive count" >&2; exit 2; }
    REPEAT="$2"
    shift 2
fi

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO_ROOT"

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -E)
else
    SUDO=()
fi

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH (the .NET SDK pinned in global.json is required)"

# ---------------------------------------------------------------------------------------------
# 1. System packages, installed only when missing.
# ---------------------------------------------------------------------------------------------
find_pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then printf '%s\n' "$dir"; fi
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -n "$(find_pg_bin)" ] || missing+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
    log "Installing missing packages: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then
        die "need root or sudo to apt-get install ${missing[*]}"
    fi
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq --no-install-suggests "${missing[@]}"
fi

PG_BIN="$(find_pg_bin)"
[ -n "$PG_BIN" ] || die "pg_ctl not found under /usr/lib/postgresql/*/bin after installing postgresql"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium not found after installing chromium"

# ---------------------------------------------------------------------------------------------
# 2. A throwaway PostgreSQL cluster, stopped and deleted on exit whatever happens.
# ---------------------------------------------------------------------------------------------
PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/portal-pg.XXXXXX")"
PGDATA="$PG_TMP/data"
PG_LOG="$PG_TMP/postgres.log"
PG_STARTED=0

# PostgreSQL refuses to run as root: as root, run it as the postgres user; otherwise as ourselves.
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (is the postgresql package installed?)"
    chown postgres: "$PG_TMP"
    as_pg() { (cd "$PG_TMP" && runuser -u postgres -- "$@"); }
else
    as_pg() { (cd "$PG_TMP" && "$@"); }
fi
chmod 700 "$PG_TMP"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ "$PG_STARTED" -eq 1 ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log "Starting a throwaway PostgreSQL cluster ($PG_BIN)"
as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; die "initdb failed"; }

PG_PORT=""
for port in $(seq 54329 54399); do
    port_busy "$port" && continue
    if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PGDATA" -w -t 60 start >/dev/null; then
        PG_PORT="$port"
        PG_STARTED=1
        break
    fi
    # Lost a race for the port? Try the next one; any other failure is fatal.
    if grep -qiE 'could not bind|address already in use' "$PG_LOG" 2>/dev/null; then
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
        continue
    fi
    cat "$PG_LOG" >&2 || true
    die "pg_ctl start failed"
done
[ -n "$PG_PORT" ] || die "no free port for PostgreSQL in 54329-54399"

PG_VERSION="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtqc 'SHOW server_version')" \
    || { cat "$PG_LOG" >&2; die "PostgreSQL started but does not answer on 127.0.0.1:$PG_PORT"; }
echo "PostgreSQL $PG_VERSION running on 127.0.0.1:$PG_PORT"

export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export PORTAL_CHROMIUM=/usr/bin/chromium
echo "PORTAL_TEST_POSTGRES=$PORTAL_TEST_POSTGRES"
echo "PORTAL_CHROMIUM=$PORTAL_CHROMIUM"

# ---------------------------------------------------------------------------------------------
# 3. Build once, then test without rebuilding. The console gets progress per test project and the
#    failures; the build's full output and the test hosts' app logs go to files under .test-run/.
# ---------------------------------------------------------------------------------------------
RUN_DIR="$REPO_ROOT/.test-run"
RESULTS_DIR="$RUN_DIR/results"
export PORTAL_TEST_LOGS="$RUN_DIR/logs"
rm -rf "$RESULTS_DIR" "$PORTAL_TEST_LOGS"
mkdir -p "$RESULTS_DIR" "$PORTAL_TEST_LOGS"

log "dotnet build Portal.sln -c Release (SDK $(dotnet --version)); output in .test-run/build.log"
if ! dotnet build Portal.sln -c Release -nologo >"$RUN_DIR/build.log" 2>&1; then
    grep -E ': (error|warning) ' "$RUN_DIR/build.log" | sort -u | tail -n 40 || tail -n 40 "$RUN_DIR/build.log"
    echo "BUILD FAILED: no tests were run (full output in .test-run/build.log)."
    echo "0 passed, 0 failed"
    exit 1
fi

test_rc=0
for run in $(seq 1 "$REPEAT"); do
    if [ "$REPEAT" -gt 1 ]; then
        log "Run $run of $REPEAT: dotnet test Portal.sln -c Release --no-build $*"
    else
        log "dotnet test Portal.sln -c Release --no-build $*"
    fi
    echo "Test projects run side by side; each reports when it is done. App logs: .test-run/logs/"
    set +e
    dotnet test Portal.sln -c Release --no-build \
        --results-directory "$RESULTS_DIR/run-$run" \
        --logger "trx" \
        --logger "console;verbosity=minimal" \
        --blame-hang-timeout "${PORTAL_TEST_HANG_TIMEOUT:-20m}" --blame-hang-dump-type none \
        "$@" 2>&1 | grep -vE "^Data collector 'Blame' message|^Results File: |^A total of [0-9]+ test files? matched|^No test matches the given testcase filter|^\s*$|^\s+at (System|Microsoft|Xunit)\.|^--- End of stack trace"
    run_rc=${PIPESTATUS[0]}
    set -e
    [ "$run_rc" -eq 0 ] || test_rc="$run_rc"
done

# ---------------------------------------------------------------------------------------------
# 4. The scale-out proof, short form: its own PostgreSQL cluster, two instances of the Release build behind nginx,
#    10 s of load with one instance killed, then the checks (scripts/scaleout.sh). Counted as one test.
# ---------------------------------------------------------------------------------------------
scaleout_passed=0 scaleout_failed=0
if [ "$#" -eq 0 ] && [ "$REPEAT" -eq 1 ] && [ "${PORTAL_SKIP_SCALEOUT:-0}" != 1 ]; then
    log "Scale-out proof: scripts/scaleout.sh --duration 10 --no-build; output in .test-run/scaleout.log"
    if scripts/scaleout.sh --duration 10 --buyers 4 --no-build >"$RUN_DIR/scaleout.log" 2>&1; then
        scaleout_passed=1
        grep -E '^(Orders|Mail|Nightly|Cross-instance|SCALE-OUT)' "$RUN_DIR/scaleout.log" || true
        echo "Scale-out proof: PASSED"
    else
        scaleout_failed=1
        tail -n 40 "$RUN_DIR/scaleout.log"
        echo "Scale-out proof: FAILED (full output in .test-run/scaleout.log)"
    fi
fi

# ---------------------------------------------------------------------------------------------
# 5. Count the results over all test projects (.trx <Counters .../>) and repeat the failures at the end.
# ---------------------------------------------------------------------------------------------
counter() { # counter NAME FILE -> the attribute's value in the file's <Counters> element, or 0
    local value
    value="$(sed -n "s/.*<Counters [^>]*\b$1=\"\([0-9]*\)\".*/\1/p" "$2" | head -n 1)"
    echo "${value:-0}"
}
total=0 executed=0 passed=0 failed=0 trx_count=0
shopt -s nullglob globstar
trx_files=("$RESULTS_DIR"/**/*.trx)
for trx in "${trx_files[@]}"; do
    trx_count=$((trx_count + 1))
    total=$((total + $(counter total "$trx")))
    executed=$((executed + $(counter executed "$trx")))
    passed=$((passed + $(counter passed "$trx")))
    for kind in failed error timeout aborted; do
        failed=$((failed + $(counter "$kind" "$trx")))
    done
done
shopt -u nullglob globstar
total=$((total + scaleout_passed + scaleout_failed))
executed=$((executed + scaleout_passed + scaleout_failed))
passed=$((passed + scaleout_passed))
failed=$((failed + scaleout_failed))

if [ "$failed" -gt 0 ] && [ "${#trx_files[@]}" -gt 0 ]; then
    log "Failed tests"
    # Each failed result's name, message and the first lines of its stack trace (perl-base is always there).
    perl -0777 -ne '
        sub unxml { my $t = shift; $t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&quot;/"/g; $t =~ s/&apos;/\x27/g; $t =~ s/&#xD;//g; $t =~ s/&#xA;/\n/g; $t =~ s/&amp;/&/g; return $t; }
        # Passed results are self-closing elements; only an element with a body can hold a failure.
        while (/<UnitTestResult\b([^>]*[^\/])>(.*?)<\/UnitTestResult>/gs) {
            my ($attrs, $body) = ($1, $2);
            next unless $attrs =~ /outcome="Failed"/;
            my ($name) = $attrs =~ /testName="([^"]*)"/;
            my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
            my ($stack) = $body =~ /<StackTrace>(.*?)<\/StackTrace>/s;
            my @message = split /\n/, unxml($message // "");
            my @stack = grep { /\.cs:line/ } split /\n/, unxml($stack // "");
            $shown++;
            print "FAILED ", unxml($name), "\n";
            next if $shown > 3;
            print "    $_\n" for (@message > 8 ? (@message[0..7], "...") : @message);
            print "  $_\n" for (@stack > 3 ? @stack[0..2] : @stack);
        }' "${trx_files[@]}"
fi

log "Summary: $trx_count result file(s) in ${RESULTS_DIR#"$REPO_ROOT"/}; $total total, $executed executed ($((total - executed)) not executed/skipped)"
status=0
if [ "$test_rc" -ne 0 ]; then
    echo "dotnet test exited with code $test_rc."
    status=1
fi
if [ "$scaleout_failed" -ne 0 ]; then
    echo "The scale-out proof failed."
    status=1
fi
if [ "$executed" -eq 0 ]; then
    echo "NO TESTS RAN."
    status=1
fi
if [ "$status" -eq 0 ] && [ "${PORTAL_KEEP_TEST_LOGS:-0}" != 1 ]; then
    rm -rf "$PORTAL_TEST_LOGS"
else
    echo "App logs of the test hosts are kept in .test-run/logs/ (one file per host); screenshots in .test-run/screenshots/."
fi
echo "$passed passed, $failed failed"
exit "$status"
