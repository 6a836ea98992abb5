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
set -euo pipefail
cd "$(dirname "$0")/.."

customers="${1:-100000}"
lines="${2:-2000000}"
engines="${ENGINES:-sqlite postgres}"
postgres="${PORTAL_BENCH_POSTGRES:-Host=127.0.0.1;Port=54331;Username=postgres}"
work="${PORTAL_BENCH_WORK:-${TMPDIR:-/tmp}/portal-benchmark}"
as_of="${PORTAL_BENCH_AS_OF:-2026-11-26}"

# Builds share the machine with others: take the build lock when there is one.
if command -v flock >/dev/null; then
  flock /tmp/portal-build.lock dotnet build tests/Portal.Benchmarks -c Release -v q -nologo >&2
else
  dotnet build tests/Portal.Benchmarks -c Release -v q -nologo >&2
fi

bench=tests/Portal.Benchmarks/bin/Release/net10.0/Portal.Benchmarks.dll
rows=()
for engine in $engines; do
  rows+=("$(dotnet "$bench" --engine "$engine" --customers "$customers" --lines "$lines" --as-of "$as_of" \
    --work "$work/$engine" --postgres "$postgres")")
done

echo
echo "| engine | customers | lines | aggregate s | recompute s | ratio | peak MiB | load avg |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "Goal: recompute within 3 x the aggregate, peak memory under 1024 MiB. $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM."
