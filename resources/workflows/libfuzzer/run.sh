#!/bin/sh
# libFuzzer campaign: build the harness from /target with libFuzzer + ASan + UBSan, fuzz in
# segments of 4 s until the time budget is spent (new inputs go to the /corpus volume, crashes
# end only their segment), then triage every crash into /results/crashes.log.
# Arguments: harness sources build_command include_dirs extra_flags time_budget rss_limit_mb
#            timeout_per_input dictionary seeds jobs
set -u
. /opt/fuzzforge/common.sh
HARNESS=$1 SOURCES=$2 BUILD_COMMAND=$3 INCLUDE_DIRS=$4 EXTRA_FLAGS=$5
BUDGET=$6 RSS_LIMIT=$7 TIMEOUT=$8 DICTIONARY=$9
shift 9
SEEDS=$1 JOBS=$2
SEGMENT=4
BUILD=/tmp/build
RAW=/results/crashes-raw
CORPUS=/corpus

cp /opt/fuzzforge/versions.json /results/versions.json
: >/results/crashes.log

say "phase: build"
build_fuzzer libfuzzer "$BUILD"
FUZZER=$BUILD/fuzzer

dict_arg=""
if [ -n "$DICTIONARY" ]; then
    dict=$(in_target "$DICTIONARY")
    [ -f "$dict" ] || fail "dictionary $dict not found"
    dict_arg="-dict=$dict"
fi
seed_dir=""
if [ -n "$SEEDS" ]; then
    seed_dir=$(in_target "$SEEDS")
    [ -d "$seed_dir" ] || fail "seed folder $seed_dir not found"
fi
if ! [ -d "$CORPUS" ] || ! [ -w "$CORPUS" ]; then
    say "warning: $CORPUS is not a writable folder; the corpus is kept in /tmp/corpus for this run only"
    CORPUS=/tmp/corpus
fi
mkdir -p "$CORPUS" "$RAW"
say "corpus: initial=$(count_files "$CORPUS") seeds=$( [ -n "$seed_dir" ] && count_files "$seed_dir" || echo 0)"

say "phase: fuzz"
start=$(date +%s)
# One job (K, output prefix P): fuzz in segments until the budget is spent. The output is
# passed on verbatim (prefixed), and the DEDUP_TOKEN and artifact lines are kept for triage.
segments() {
    while :; do
        left=$((start + BUDGET - $(date +%s)))
        [ "$left" -gt 0 ] || break
        [ "$left" -gt $SEGMENT ] && t=$SEGMENT || t=$left
        # shellcheck disable=SC2086
        ASAN_OPTIONS=$FUZZ_ASAN_OPTIONS UBSAN_OPTIONS=$FUZZ_UBSAN_OPTIONS \
            "$FUZZER" -max_total_time="$t" -print_final_stats=1 -rss_limit_mb="$RSS_LIMIT" \
            -timeout="$TIMEOUT" -artifact_prefix="$RAW/" $dict_arg "$CORPUS" $seed_dir 2>&1
    done | awk -W interactive -v p="$2" -v tok="/tmp/tokens.$1" '
        { print p $0 }
        /^INFO: Seed: / { token = "" }
        /^DEDUP_TOKEN: / { if (token == "") token = $2 }
        /Test unit written to / { sub(/.*Test unit written to /, ""); print (token == "" ? "-" : token) "\t" $0 >> tok; fflush(tok); token = "" }
    '
}
if [ "$JOBS" -le 1 ]; then
    segments 1 ""
else
    k=1
    while [ $k -le "$JOBS" ]; do
        segments $k "[job $k] " &
        k=$((k + 1))
    done
    wait
fi
say "fuzzing: $(( $(date +%s) - start )) s, corpus now $(count_files "$CORPUS") entries"

say "phase: triage"
# Every artifact with the DEDUP_TOKEN its report had while fuzzing ("-": none seen).
cat /tmp/tokens.* 2>/dev/null >/tmp/tokens
for f in "$RAW"/crash-* "$RAW"/timeout-* "$RAW"/oom-* "$RAW"/leak-*; do
    [ -f "$f" ] || continue
    token=$(awk -F '\t' -v f="$f" '$2 == f { t = $1 } END { print (t == "" ? "-" : t) }' /tmp/tokens)
    printf '%s\t%s\t%s\n' "$(artifact_kind "$f")" "$token" "$f"
done >/tmp/artifacts
triage_all /tmp/artifacts libfuzzer "$FUZZER"
rm -rf "$RAW"
say "phase: done"
exit 0
