#!/usr/bin/env bash
# Runs the whole FuzzForge test suite on this machine: sets it up first (packaging/setup.sh),
# then the Qt Test suites against the real Docker engine, then the libFuzzer targets.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# PostgreSQL: the storage tests start servers of their own on loopback (tests/storage/pgserver.cpp).
# poppler-utils: the report tests read PDFs back with pdftotext; npm: the SARIF validator.
extra="clang libclang-rt-14-dev libbenchmark-dev socat openssl docker-registry xvfb xauth postgresql iproute2 poppler-utils"
command -v npm >/dev/null 2>&1 || extra="$extra npm"
export FUZZFORGE_EXTRA_PACKAGES="$extra ${FUZZFORGE_EXTRA_PACKAGES:-}"
bash "$ROOT/packaging/setup.sh" --no-run

# Microsoft's SARIF validator (@microsoft/sarif-multitool, from the npm registry): the report
# tests run it on every SARIF file they write. Pinned by tests/sarif/package-lock.json.
validator="$ROOT/tests/sarif/node_modules/.bin/sarif-multitool"
if [ ! -e "$validator" ]; then
  printf '\033[1m==> %s\033[0m\n' "Installing the SARIF validator (npm ci in tests/sarif)"
  npm ci --prefix "$ROOT/tests/sarif" --no-audit --no-fund --loglevel=error
fi
# Its postinstall script (chmod) is not run by every npm: do it here.
chmod u+x "$ROOT"/tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
status=0
ctest --preset dev --timeout 600 || status=1

printf '\033[1m==> %s\033[0m\n' "libFuzzer targets (preset fuzz)"
[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz
cmake --build --preset fuzz
ctest --preset fuzz --timeout 300 || status=1
exit $status
