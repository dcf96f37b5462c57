#!/bin/sh
# AFL++ campaign: build the harness with afl-clang-fast (AFL++'s libFuzzer driver, ASan, UBSan),
# a CmpLog build and the libFuzzer + ASan + UBSan reproducer; run afl-fuzz for the time budget
# from the seeds and the corpus of earlier campaigns (one instance, or -M/-S instances), print
# its statistics as "[afl] ..." lines every 2 s, save the new queue entries to /corpus and
# triage the crashes and hangs into /results/crashes.log.
# Arguments: harness sources build_command include_dirs extra_flags time_budget rss_limit_mb
#            timeout_per_input dictionary seeds jobs
set -u
. /opt/fuzzforge/common.sh
HARNESS=$1 SOURCES=$2 BUILD_COMMAND=$3 INCLUDE_DIRS=$4 EXTRA_FLAGS=$5
BUDGET=$6 RSS_LIMIT=$7 TIMEOUT=$8 DICTIONARY=$9
shift 9
SEEDS=$1 JOBS=$2
CORPUS=/corpus
OUT=/tmp/afl
IN=/tmp/afl-in

cp /opt/fuzzforge/versions.json /results/versions.json
: >/results/crashes.log

say "phase: build"
build_fuzzer afl /tmp/build-afl
cmplog=""
if (build_fuzzer cmplog /tmp/build-cmplog); then
    cmplog=/tmp/build-cmplog/fuzzer
else
    say "warning: the CmpLog build failed; fuzzing without -c"
fi
build_fuzzer libfuzzer /tmp/build

dict_arg=""
if [ -n "$DICTIONARY" ]; then
    dict=$(in_target "$DICTIONARY")
    [ -f "$dict" ] || fail "dictionary $dict not found"
    dict_arg="-x $dict"
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
mkdir -p "$CORPUS" "$IN"
say "corpus: initial=$(count_files "$CORPUS") seeds=$( [ -n "$seed_dir" ] && count_files "$seed_dir" || echo 0)"

# afl-fuzz's input: the seeds and the corpus, by content (inputs over 1 MiB are left out).
find $seed_dir "$CORPUS" -maxdepth 1 -type f -size -1025k -exec sha1sum {} + 2>/dev/null |
    while read -r sha path; do cp "$path" "$IN/$sha"; done
# What the corpus holds already (by content), so that only new queue entries are saved.
find "$CORPUS" -maxdepth 1 -type f -exec sha1sum {} + 2>/dev/null | cut -d' ' -f1 | sort -u >/tmp/corpus.sha1
if [ "$(count_files "$IN")" -eq 0 ]; then
    say "no seeds and an empty corpus: starting from a generated seed"
    printf 'FUZZFORGE' >"$IN/generated-seed"
fi

say "phase: fuzz"
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_SKIP_CRASHES=1 AFL_FAST_CAL=1 AFL_CMPLOG_ONLY_NEW=1
# afl-fuzz sets the sanitizer options it needs (abort_on_error, symbolize=0) itself.
unset ASAN_OPTIONS UBSAN_OPTIONS MSAN_OPTIONS LSAN_OPTIONS
[ "$JOBS" -le 1 ] && main=default || main=main
# Live figures of the main instance every second over StatsD (loopback only), see statsd.c.
STATSD_FILE=/tmp/afl-statsd
/opt/fuzzforge/fuzzforge-statsd 8125 "$STATSD_FILE" &
statsd_pid=$!
pids=""
start=$(date +%s)
k=1
while [ $k -le "$JOBS" ]; do
    if [ "$JOBS" -le 1 ]; then role="" prefix=""
    elif [ $k -eq 1 ]; then role="-M main" prefix="[job 1] "
    else role="-S s$k" prefix="[job $k] "; fi
    c=""
    [ -n "$cmplog" ] && [ $k -le 2 ] && c="-c $cmplog"
    [ $k -eq 1 ] && statsd="AFL_STATSD=1 AFL_STATSD_HOST=127.0.0.1 AFL_STATSD_PORT=8125" || statsd=""
    # afl-fuzz's own output, prefixed with the job when there are several, through a fifo so
    # that $! is afl-fuzz itself
    mkfifo "/tmp/afl-out.$k"
    # (colours stripped; the per-entry "Fuzzing test case" lines left out)
    awk -W interactive -v p="$prefix" '{ gsub(/\033\[[0-9;?]*[A-Za-z]/, "") }
        /^\[\*\] Fuzzing test case #/ { next } { print p $0 }' <"/tmp/afl-out.$k" &
    # shellcheck disable=SC2086
    env $statsd afl-fuzz -i "$IN" -o "$OUT" $role -V "$BUDGET" -m none -t $((TIMEOUT * 1000)) $dict_arg $c \
        -- /tmp/build-afl/fuzzer >"/tmp/afl-out.$k" 2>&1 &
    pids="$pids $!"
    k=$((k + 1))
done

# The statistics sidecar: plot_data rows and fuzzer_stats of the main instance, and the live
# counts over all instances, as "[afl] ..." lines.
plot_rows=0 header_done=0 stats_sum="" statsd_last="" total_edges=""
report() {
    dir=$OUT/$main
    if [ -f "$dir/plot_data" ]; then
        if [ $header_done = 0 ]; then
            h=$(head -n 1 "$dir/plot_data")
            case "$h" in "#"*) echo "[afl] plot-header: $h"; header_done=1 ;; esac
        fi
        rows=$(grep -vc '^#' "$dir/plot_data")
        if [ "$rows" -gt "$plot_rows" ]; then
            grep -v '^#' "$dir/plot_data" | tail -n $((rows - plot_rows)) | sed 's/^/[afl] plot: /'
            plot_rows=$rows
        fi
    fi
    if [ -f "$dir/fuzzer_stats" ]; then
        sum=$(cksum <"$dir/fuzzer_stats")
        if [ "$sum" != "$stats_sum" ]; then
            stats_sum=$sum
            # "key : value" lines; spaces inside a value become "_", the command line is left out
            awk -F ':' '{ k = $1; gsub(/ /, "", k); v = substr($0, index($0, ":") + 1); sub(/^ +/, "", v);
                          sub(/ +$/, "", v); gsub(/ /, "_", v); if (k != "command_line") printf " %s=%s", k, v }
                        END { print "" }' "$dir/fuzzer_stats" | sed 's/^/[afl] stats:/'
        fi
    fi
    # StatsD figures (every second, also during the first minute), in fuzzer_stats' names,
    # with run_time and bitmap_cvg added from the start of the campaign and the map size
    if [ -f "$STATSD_FILE" ]; then
        line=$(cat "$STATSD_FILE")
        if [ -n "$line" ] && [ "$line" != "$statsd_last" ]; then
            statsd_last=$line
            [ -z "$total_edges" ] && [ -f "$dir/fuzzer_stats" ] &&
                total_edges=$(awk -F ':' '$1 ~ /^total_edges/ { gsub(/ /, "", $2); print $2 }' "$dir/fuzzer_stats")
            echo "$line" | awk -v rt=$(($(date +%s) - start)) -v te="${total_edges:-0}" '{
                cvg = ""
                for (i = 1; i <= NF; i++) if ($i ~ /^edges_found=/ && te > 0) cvg = sprintf(" bitmap_cvg=%.2f%%", substr($i, 13) * 100 / te)
                print "[afl] stats: run_time=" rt " " $0 cvg }'
        fi
    fi
    queue=$(find "$dir/queue" -maxdepth 1 -type f -name 'id:*' 2>/dev/null | wc -l)
    crashes=$(find "$OUT"/*/crashes -maxdepth 1 -type f -name 'id:*' 2>/dev/null | wc -l)
    hangs=$(find "$OUT"/*/hangs -maxdepth 1 -type f -name 'id:*' 2>/dev/null | wc -l)
    echo "[afl] live: corpus=$queue crashes=$crashes hangs=$hangs"
}
alive() {
    for p in $pids; do kill -0 "$p" 2>/dev/null && return 0; done
    return 1
}
while alive; do
    sleep 2
    report
    # afl-fuzz stops itself after -V seconds; this is the guard against one that does not.
    if [ $(($(date +%s) - start)) -gt $((BUDGET + 120)) ]; then
        say "warning: afl-fuzz still running 120 s after the budget; stopping it"
        for p in $pids; do kill -INT "$p" 2>/dev/null; done
    fi
done
wait $pids
report
kill "$statsd_pid" 2>/dev/null
wait
say "fuzzing: $(( $(date +%s) - start )) s"

# The queue back into the corpus volume (new entries only, named by content), so that the
# next campaign starts from it.
find "$OUT"/*/queue -maxdepth 1 -type f -name 'id:*' -exec sha1sum {} + 2>/dev/null |
    awk 'FILENAME == "/tmp/corpus.sha1" { have[$1] = 1; next } !($1 in have) { have[$1] = 1; print }' \
        /tmp/corpus.sha1 - >/tmp/corpus.new
added=0
while read -r sha path; do
    cp "$path" "$CORPUS/$sha" && added=$((added + 1))
done </tmp/corpus.new
say "corpus: $added new entries saved, $(count_files "$CORPUS") in all"

say "phase: triage"
for f in $(find "$OUT"/*/crashes "$OUT"/*/hangs -maxdepth 1 -type f -name 'id:*' 2>/dev/null); do
    case "$f" in */hangs/*) kind=timeout ;; *) kind=crash ;; esac
    printf '%s\t-\t%s\n' "$kind" "$f"
done >/tmp/artifacts
triage_all /tmp/artifacts afl++ /tmp/build/fuzzer
say "phase: done"
exit 0
