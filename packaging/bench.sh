#!/usr/bin/env bash
# Builds and runs the benchmarks; each prints FuzzForge's figures next to the reference tool's
# (measured in the same run) and their ratio. Arguments go to every benchmark (Google Benchmark flags).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# sqlite3: the reference bench_report compares report exports with.
export FUZZFORGE_EXTRA_PACKAGES="libbenchmark-dev postgresql sqlite3 ${FUZZFORGE_EXTRA_PACKAGES:-}"
bash "$ROOT/packaging/setup.sh" --no-run
cd "$ROOT"
cmake --build --preset dev --target bench_containers bench_workflowrun bench_storage bench_scheduler \
  bench_logview bench_findingsview bench_report bench_secrets bench_fuzz
export QT_QPA_PLATFORM=offscreen
for bench in bench/bench_containers bench/bench_workflowrun bench/bench_storage bench/bench_scheduler \
             ui/logs/bench_logview ui/findings/bench_findingsview bench/bench_report bench/bench_secrets bench/bench_fuzz; do
  printf '\033[1m==> %s\033[0m\n' "${bench##*/}"
  "./build/dev/tests/$bench" "$@"
done
