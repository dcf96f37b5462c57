#!/bin/sh
# Runs the harness once on one input with the libFuzzer + ASan + UBSan build and writes one
# record to /results/crashes.log (the same format as a campaign's triage), then exits 0.
# Arguments: harness sources build_command include_dirs extra_flags rss_limit_mb
#            timeout_per_input INPUT [--minimize]
# With --minimize (or FUZZFORGE_MINIMIZE=1) the crash is also minimised with libFuzzer's
# -minimize_crash; the smallest input that still crashes is left at /results/minimized.
set -u
. /opt/fuzzforge/common.sh
HARNESS=$1 SOURCES=$2 BUILD_COMMAND=$3 INCLUDE_DIRS=$4 EXTRA_FLAGS=$5
RSS_LIMIT=$6 TIMEOUT=$7 INPUT=$8
MINIMIZE=${FUZZFORGE_MINIMIZE:-0}
[ "${9:-}" = "--minimize" ] && MINIMIZE=1
ENGINE=${FUZZFORGE_ENGINE:-afl++}
BUILD=/tmp/build

[ -f "$INPUT" ] || fail "input $INPUT not found"
cp /opt/fuzzforge/versions.json /results/versions.json 2>/dev/null
say "phase: build"
build_fuzzer libfuzzer "$BUILD"
say "phase: triage"
: >/results/crashes.log
cp "$INPUT" /tmp/input
triage_one /tmp/input auto "$ENGINE" "$BUILD/fuzzer" /tmp/record
cat /tmp/record >>/results/crashes.log
if [ "$MINIMIZE" = 1 ]; then
    say "minimize: -minimize_crash=1 -runs=10000"
    (
        cd /tmp || exit 0
        ASAN_OPTIONS=$REPRO_ASAN_OPTIONS UBSAN_OPTIONS=$REPRO_UBSAN_OPTIONS \
            timeout -k 5 $((TIMEOUT * 20 + 120)) "$BUILD/fuzzer" -minimize_crash=1 -runs=10000 \
            -timeout="$TIMEOUT" -rss_limit_mb="$RSS_LIMIT" -exact_artifact_path=/results/minimized \
            /tmp/input 2>&1 | tail -n 20
    )
    if [ -f /results/minimized ]; then
        say "minimized: $(wc -c </tmp/input | tr -d ' ') -> $(wc -c </results/minimized | tr -d ' ') bytes"
    else
        say "minimized: no smaller crashing input (the input may not crash)"
    fi
fi
say "phase: done"
exit 0
