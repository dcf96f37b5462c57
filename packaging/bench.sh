#!/usr/bin/env bash
# Builds and runs the benchmarks; each prints FuzzForge's figures next to the reference tool's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export FUZZFORGE_EXTRA_PACKAGES="libbenchmark-dev ${FUZZFORGE_EXTRA_PACKAGES:-}"
bash "$ROOT/packaging/setup.sh" --no-run
cd "$ROOT"
cmake --build --preset dev --target bench_containers
./build/dev/tests/bench/bench_containers "$@"
