#!/usr/bin/env bash
# Scale-out proof (issue 21): two portal instances on one PostgreSQL behind nginx, on loopback.
#
#   scripts/scaleout.sh [--duration SECONDS] [--buyers N] [--no-build] [--keep]
#
# - installs nginx and postgresql through apt when they are missing (Debian 12),
# - builds Release (src/Portal and the driver tests/Portal.ScaleOut) unless --no-build,
# - starts a throwaway PostgreSQL cluster, an SMTP sink (the driver's `smtp`), two portal instances
#   (Production, demo data seeded by the first, data-protection keys in the shared database),
#   and nginx, unprivileged, round-robin over both, its config in the run's temporary folder,
# - the driver's `load`: the company admin signs in on instance 1 and invites buyers through instance 2, the
#   buyers join with the link from their invitation mail and then, for --duration seconds (default 60), browse
#   the catalog, add to the cart, paste quick orders and place orders through nginx,
# - during the load: today's nightly segmentation becomes due on both instances (one runs it), then instance 2
#   is killed with SIGKILL in the middle of the load and started again two seconds later,
# - the driver's `check`: every order a buyer got a success answer for exists exactly once, none is lost,
#   duplicated or placed without an answer; every mail the outbox sent reached the SMTP sink once; the nightly
#   run ran once; sign-ins and antiforgery tokens worked across instances (also after the restart).
# Prints the counts and exits non-zero on any loss or failed check. --keep leaves the temporary folder (logs,
# nginx config, the mail log, the results) in place; it is always kept when something failed.
# The build takes the shared build lock /tmp/portal-build.lock unless PORTAL_BUILD_LOCK_HELD=1.
set -euo pipefail

DURATION=60
BUYERS=6
BUILD=1
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "scaleout.sh: --duration needs seconds" >&2; exit 2; }; DURATION="$2"; shift 2 ;;
        --buyers) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "scaleout.sh: --buyers needs a number" >&2; exit 2; }; BUYERS="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --keep) KEEP=1; shift ;;
        *) echo "usage: scripts/scaleout.sh [--duration SECONDS] [--buyers N] [--no-build] [--keep]" >&2; exit 2 ;;
    esac
done

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
log() { printf '==> %s\n' "$*"; }
die() { printf 'scaleout.sh: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo -E); else SUDO=(); fi

# 1. System packages, installed only when missing.
find_pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then printf '%s\n' "$dir"; fi
}
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -n "$(find_pg_bin)" ] || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
    log "Installing missing packages: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then die "need root or sudo to apt-get install ${missing[*]}"; fi
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq --no-install-suggests "${missing[@]}" >/dev/null
    # The package starts a system nginx on port 80; this script runs its own.
    "${SUDO[@]}" systemctl disable --now nginx >/dev/null 2>&1 || "${SUDO[@]}" service nginx stop >/dev/null 2>&1 || true
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
PG_BIN="$(find_pg_bin)"
[ -n "$PG_BIN" ] || die "pg_ctl not found under /usr/lib/postgresql/*/bin"

# 2. Build.
PORTAL_DLL="$REPO_ROOT/src/Portal/bin/Release/net10.0/Portal.dll"
DRIVER_DLL="$REPO_ROOT/tests/Portal.ScaleOut/bin/Release/net10.0/Portal.ScaleOut.dll"
if [ "$BUILD" -eq 1 ]; then
    log "Building Release (src/Portal, tests/Portal.ScaleOut)"
    build=(dotnet build tests/Portal.ScaleOut/Portal.ScaleOut.csproj -c Release -v q -nologo -clp:ErrorsOnly)
    build_portal=(dotnet build src/Portal/Portal.csproj -c Release -v q -nologo -clp:ErrorsOnly)
    if [ -z "${PORTAL_BUILD_LOCK_HELD:-}" ] && command -v flock >/dev/null; then
        flock /tmp/portal-build.lock "${build[@]}" && flock /tmp/portal-build.lock "${build_portal[@]}"
    else
        "${build[@]}" && "${build_portal[@]}"
    fi
fi
[ -f "$PORTAL_DLL" ] && [ -f "$DRIVER_DLL" ] || die "Release build missing ($PORTAL_DLL, $DRIVER_DLL); run without --no-build"

# 3. The run's folder; everything started is stopped on exit, whatever happens.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/portal-scaleout.XXXXXX")"
chmod 755 "$WORK"
PG_DIR="$WORK/pg"
mkdir -p "$PG_DIR"
chmod 700 "$PG_DIR"
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist"
    chown postgres: "$PG_DIR"
    as_pg() { (cd "$PG_DIR" && runuser -u postgres -- "$@"); }
else
    as_pg() { (cd "$PG_DIR" && "$@"); }
fi

PIDS=()
PG_STARTED=0
STATUS=1
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}" ${PORTAL_PID_1:-} ${PORTAL_PID_2:-}; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}" ${PORTAL_PID_1:-} ${PORTAL_PID_2:-}; do
        wait "$pid" 2>/dev/null || true
    done
    if [ "$PG_STARTED" -eq 1 ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [ "$KEEP" -eq 1 ] || [ "$rc" -ne 0 ]; then
        echo "Logs, nginx config, mail log and results kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
TAKEN=" "
free_port() { # free_port FROM -> the first port from FROM on that nothing listens on and this run has not taken
    local port="$1"
    while port_busy "$port" || [[ "$TAKEN" == *" $port "* ]]; do port=$((port + 1)); done
    TAKEN="$TAKEN$port "
    echo "$port"
}

# 4. PostgreSQL.
log "Starting a throwaway PostgreSQL cluster"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
PG_PORT=""
for attempt in 1 2 3 4 5; do
    port="$(free_port 54401)"
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR/data -c max_connections=200" -w -t 60 start >/dev/null; then
        PG_PORT="$port"; PG_STARTED=1; break
    fi
done
[ -n "$PG_PORT" ] || { cat "$PG_DIR/postgres.log" >&2 || true; die "PostgreSQL did not start"; }
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtqc 'CREATE DATABASE portal' >/dev/null
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=portal"
psql_portal() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d portal -XAtq "$@"; }
echo "PostgreSQL on 127.0.0.1:$PG_PORT"

# 5. The SMTP sink, the two instances, nginx.
SMTP_PORT="$(free_port 25250)"
PORT_1="$(free_port 5701)"
PORT_2="$(free_port 5702)"
PROXY_PORT="$(free_port 8480)"
MAIL_LOG="$WORK/mails.jsonl"
dotnet "$DRIVER_DLL" smtp --port "$SMTP_PORT" --log "$MAIL_LOG" >"$WORK/smtp.log" 2>&1 &
PIDS+=($!)

start_instance() { # start_instance N PORT: the pid goes to PORTAL_PID_N
    local n="$1" port="$2"
    # One data folder for both, as the compose file's shared volume: uploaded product pictures are files there.
    mkdir -p "$WORK/data"
    env ASPNETCORE_ENVIRONMENT=Production \
        Database__Provider=Postgres ConnectionStrings__Portal="$CONNECTION" \
        Portal__DataPath="$WORK/data" Portal__SeedDemo=true \
        Mail__PublicUrl="http://127.0.0.1:$PROXY_PORT" AllowedHosts='*' \
        Mail__Smtp__Host=127.0.0.1 Mail__Smtp__Port="$SMTP_PORT" Mail__Smtp__Security=None \
        Mail__LeaseDuration=00:00:15 Mail__PollInterval=00:00:01 \
        Segmentation__NightlyAt=00:00 Segmentation__PollInterval=00:00:01 \
        RateLimits__LoginPerMinute=10000 \
        Logging__LogLevel__Default=Warning Logging__LogLevel__Portal=Information \
        dotnet "$PORTAL_DLL" --urls "http://127.0.0.1:$port" >>"$WORK/portal-$n.log" 2>&1 &
    printf -v "PORTAL_PID_$n" '%s' "$!"
}
wait_healthy() { # wait_healthy PORT SECONDS
    local deadline=$((SECONDS + $2))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/healthz" 2>/dev/null)" = 200 ]; then return 0; fi
        sleep 0.5
    done
    return 1
}

log "Starting two portal instances on 127.0.0.1:$PORT_1 and 127.0.0.1:$PORT_2 at once (one empty PostgreSQL database)"
start_time=$SECONDS
# Together, as docker compose starts its replicas: one migrates and seeds the demo under the start-up lock, the
# other waits for it and finds the demo there.
start_instance 1 "$PORT_1"
start_instance 2 "$PORT_2"
wait_healthy "$PORT_1" 180 || { tail -n 30 "$WORK/portal-1.log" >&2; die "instance 1 did not become healthy"; }
wait_healthy "$PORT_2" 120 || { tail -n 30 "$WORK/portal-2.log" >&2; die "instance 2 did not become healthy"; }
echo "Both instances healthy after $((SECONDS - start_time)) s"

NGINX_DIR="$WORK/nginx"
mkdir -p "$NGINX_DIR/tmp"
chmod 1777 "$NGINX_DIR/tmp"
NGINX_USER=""
[ "$(id -u)" -eq 0 ] && NGINX_USER="user nobody nogroup;"
cat >"$NGINX_DIR/nginx.conf" <<EOF
# Round-robin over the two portal instances on loopback (written by scripts/scaleout.sh).
$NGINX_USER
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/tmp/body;
    proxy_temp_path $NGINX_DIR/tmp/proxy;
    fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
    scgi_temp_path $NGINX_DIR/tmp/scgi;
    upstream portal {
        # A dead instance is left out for 5 s after a failed connection; GETs go to the other at once. A POST
        # that had reached the instance that died is not sent again (nginx never retries non-idempotent
        # requests): the buyer gets 502 and presses again.
        server 127.0.0.1:$PORT_1 max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$PORT_2 max_fails=1 fail_timeout=5s;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        client_max_body_size 16m;
        location / {
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
}
EOF
"$NGINX" -t -q -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -g 'daemon off;' 2>"$NGINX_DIR/test.log" || { cat "$NGINX_DIR/test.log" >&2; die "nginx refused its config"; }
"$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_healthy "$PROXY_PORT" 20 || { cat "$NGINX_DIR/error.log" >&2; die "nginx did not answer on 127.0.0.1:$PROXY_PORT"; }
echo "nginx on 127.0.0.1:$PROXY_PORT, round-robin over both ($NGINX_DIR/nginx.conf)"

# 6. The load, with the nightly run and the kill in the middle of it.
log "Load: $BUYERS buyers for $DURATION s through nginx; instance 2 is killed (SIGKILL) halfway and started again"
STARTED="$WORK/load-started"
dotnet "$DRIVER_DLL" load --proxy "http://127.0.0.1:$PROXY_PORT" --instance "http://127.0.0.1:$PORT_1" --instance "http://127.0.0.1:$PORT_2" \
    --mails "$MAIL_LOG" --results "$WORK/results.json" --started "$STARTED" --buyers "$BUYERS" --duration "$DURATION" &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
while [ ! -f "$STARTED" ]; do
    kill -0 "$LOAD_PID" 2>/dev/null || { wait "$LOAD_PID" || true; die "the load driver stopped before the load began"; }
    sleep 0.2
done
load_start=$(cat "$STARTED")

# The demo seed ran today's segmentation as the nightly run; make it an ordinary run, so that the nightly run is due
# again on both instances at their next poll (Segmentation__NightlyAt=00:00, polled every second).
sleep "$(awk "BEGIN { print $DURATION * 0.15 }")"
psql_portal -c "UPDATE \"SegmentationRuns\" SET \"NightlyKey\" = NULL, \"Trigger\" = 'Manual' WHERE \"Trigger\" = 'Nightly'" >/dev/null
echo "Nightly segmentation due on both instances at $(( ($(now_ms) - load_start) / 1000 )) s"
# The kill should not land in the nightly run itself (its row would wait for StaleAfter to be given up).
for _ in $(seq 1 60); do
    [ "$(psql_portal -c "SELECT count(*) FROM \"SegmentationRuns\" WHERE \"Trigger\" = 'Nightly' AND \"Status\" = 'Completed'")" -ge 1 ] && break
    sleep 0.5
done
half=$((load_start + DURATION * 500))
while [ "$(now_ms)" -lt "$half" ]; do sleep 0.1; done
KILL_AT=$(now_ms)
kill -9 "$PORTAL_PID_2"
wait "$PORTAL_PID_2" 2>/dev/null || true
echo "Killed instance 2 (pid $PORTAL_PID_2, SIGKILL) at $(( (KILL_AT - load_start) / 1000 )) s of the load"
sleep 2
echo "--- restarted after SIGKILL ---" >>"$WORK/portal-2.log"
start_instance 2 "$PORT_2"
if wait_healthy "$PORT_2" 60; then
    echo "Instance 2 started again, healthy at $(( ($(now_ms) - load_start) / 1000 )) s"
else
    echo "Instance 2 did not become healthy again within 60 s"
fi
LOAD_RC=0
wait "$LOAD_PID" || LOAD_RC=$?
[ "$LOAD_RC" -eq 0 ] || die "the load driver failed (exit $LOAD_RC)"

# 7. The checks.
log "Checks (SQL on the shared database, the SMTP sink's log, the buyers' answers)"
set +e
dotnet "$DRIVER_DLL" check --postgres "$CONNECTION" --results "$WORK/results.json" --mails "$MAIL_LOG" --kill-at "$KILL_AT"
STATUS=$?
set -e
exit "$STATUS"
