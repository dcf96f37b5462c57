#!/usr/bin/env bash
# Runs the whole FuzzForge test suite on this machine: sets it up first (packaging/setup.sh),
# then the Qt Test suites against the real Docker engine, then the libFuzzer targets.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# PostgreSQL: the storage tests start servers of their own on loopback (tests/storage/pgserver.cpp).
export FUZZFORGE_EXTRA_PACKAGES="clang libclang-rt-14-dev libbenchmark-dev socat openssl docker-registry xvfb xauth postgresql iproute2 ${FUZZFORGE_EXTRA_PACKAGES:-}"
bash "$ROOT/packaging/setup.sh" --no-run

cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
status=0
ctest --preset dev --timeout 600 || status=1

printf '\033[1m==> %s\033[0m\n' "libFuzzer targets (preset fuzz)"
[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz
cmake --build --preset fuzz
ctest --preset fuzz --timeout 300 || status=1
exit $status
