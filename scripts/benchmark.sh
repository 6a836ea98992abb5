#!/usr/bin/env bash
# Segmentation benchmark (issue 7): for each engine, generate synthetic data into a fresh database, time the plain
# SQL aggregate (revenue per customer over the 12-month window) and the full recompute (as `portal segment`,
# results stored), and print one table row per engine with the recompute's peak memory.
#
#   scripts/benchmark.sh [customers] [lines]            default 100000 2000000
#   ENGINES="sqlite postgres"                           which engines to run
#   PORTAL_BENCH_POSTGRES="Host=...;Port=...;Username=..."  the PostgreSQL server (a database portal_bench is
#                                                       dropped and re-created on it); default the dev server
#   PORTAL_BENCH_WORK=/tmp/portal-benchmark              where the SQLite file goes
#   PORTAL_BENCH_AS_OF=2026-11-26                        the as-of day (the window's last day)
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

dotnet build tests/Portal.Benchmarks -c Release -v q -nologo >&2

bench=tests/Portal.Benchmarks/bin/Release/net10.0/Portal.Benchmarks.dll
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
