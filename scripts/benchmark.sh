#!/usr/bin/env bash
# Segmentation benchmark (issue 7): for each engine, generate synthetic data into a fresh database, time the plain
# SQL aggregate (revenue per customer over the 12-month window) and the full recompute (as `portal segment`,
# results stored), and print one table row per engine with the recompute's peak memory.
#
#   scripts/benchmark.sh [customers] [lines]            default 100000 2000000
#   ENGINES="sqlite postgres"                           which engines to run
#   PORTAL_BENCH_POSTGRES="Host=...;Port=...;Username=..."  the PostgreSQL server (a database portal_bench is
#                                                       dropped and re-created on it); default 127.0.0.1:54331 if
#                                                       a server listens there, else a throwaway cluster (as
#                                                       test.sh starts one), removed on exit
#   PORTAL_BENCH_WORK=/tmp/portal-benchmark              where the SQLite file goes
#   PORTAL_BENCH_AS_OF=2026-11-26                        the as-of day (the window's last day)
#   PORTAL_BENCH_BUILD=jit                               measure the plain Release build instead of the published
#                                                       ReadyToRun one (the way the image runs the portal)
#   PORTAL_BUILD_LOCK_HELD=1                             the caller already holds /tmp/portal-build.lock
#
# The whole run (build and measurement) holds the shared build lock /tmp/portal-build.lock, so that no build or
# test run of others shares the 2 cores while it measures. A caller that already holds the lock
# (`flock /tmp/portal-build.lock env PORTAL_BUILD_LOCK_HELD=1 scripts/benchmark.sh`) says so, or the script would
# wait for itself.
set -euo pipefail
if [ -z "${PORTAL_BUILD_LOCK_HELD:-}" ] && command -v flock >/dev/null; then
  exec env PORTAL_BUILD_LOCK_HELD=1 flock /tmp/portal-build.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."

customers="${1:-100000}"
lines="${2:-2000000}"
engines="${ENGINES:-sqlite postgres}"
postgres="${PORTAL_BENCH_POSTGRES:-Host=127.0.0.1;Port=54331;Username=postgres}"
work="${PORTAL_BENCH_WORK:-${TMPDIR:-/tmp}/portal-benchmark}"
as_of="${PORTAL_BENCH_AS_OF:-2026-11-26}"

PG_BIN="" PGDATA="" PG_TMP=""
as_pg() { if [ "$(id -u)" -eq 0 ]; then (cd "$PG_TMP" && runuser -u postgres -- "$@"); else "$@"; fi; }
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$PGDATA" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true; fi
  [ -z "$PG_TMP" ] || rm -rf "$PG_TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Without a server named or listening on the default port: a throwaway cluster, so that the two commands of the
# README's "How to reproduce" work on a fresh machine.
if [[ " $engines " == *" postgres "* ]] && [ -z "${PORTAL_BENCH_POSTGRES:-}" ] && ! port_busy 54331; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -x "$PG_BIN/pg_ctl" ] || { echo "benchmark.sh: PostgreSQL is not installed (apt-get install postgresql) and PORTAL_BENCH_POSTGRES is not set" >&2; exit 1; }
  PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/portal-benchmark-pg.XXXXXX")"
  chmod 755 "$PG_TMP"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_TMP"
  as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; exit 1; }
  as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -o "-c listen_addresses=127.0.0.1 -p 54331 -k $PG_TMP/data" -w -t 60 start >/dev/null \
    || { cat "$PG_TMP/postgres.log" >&2; exit 1; }
  PGDATA="$PG_TMP/data"
  echo "==> a throwaway PostgreSQL cluster on 127.0.0.1:54331 (removed on exit)" >&2
fi

# As the image runs the portal (src/Portal/Dockerfile): published ReadyToRun, so that the first run does not pay
# for the JIT's first pass over the code. PORTAL_BENCH_BUILD=jit measures the plain Release build (dotnet run).
if [ "${PORTAL_BENCH_BUILD:-readytorun}" = jit ]; then
  dotnet build tests/Portal.Benchmarks -c Release -v q -nologo >&2
  bench=tests/Portal.Benchmarks/bin/Release/net10.0/Portal.Benchmarks.dll
else
  published="$work/published"
  dotnet publish tests/Portal.Benchmarks -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
    -o "$published" -v q -nologo >&2
  bench="$published/Portal.Benchmarks.dll"
fi
rows=()
for engine in $engines; do
  rows+=("$(dotnet "$bench" --engine "$engine" --customers "$customers" --lines "$lines" --as-of "$as_of" \
    --work "$work/$engine" --postgres "$postgres")")
done

echo
echo "| engine | run | customers | lines | aggregate s | recompute s | ratio | changes | peak MiB | load avg |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "Goal: recompute within 3 x the aggregate, peak memory under 1024 MiB. $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM."
