# Shared by run.sh and reproduce.sh of the fuzzing workflows (sourced, POSIX sh).
# Builds the harness from the read-only /target into scratch space (/tmp) and triages inputs.

export HOME=/tmp
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
export LLVM_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
# The reproducer's reports: symbolized frames, UBSan with its stack, one report per input.
REPRO_ASAN_OPTIONS="symbolize=1:detect_leaks=1:allocator_may_return_null=1:handle_abort=1"
REPRO_UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:symbolize=1"
# While fuzzing: DEDUP_TOKEN lines name the top frames of each crash, for the triage cap.
FUZZ_ASAN_OPTIONS="symbolize=1:detect_leaks=1:allocator_may_return_null=1:dedup_token_length=3"
FUZZ_UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:dedup_token_length=3"
# Inputs re-run and recorded per distinct DEDUP_TOKEN (the smallest first); the others are
# counted in the log only. Campaigns re-find a shallow bug in every segment.
TRIAGE_PER_TOKEN=${FUZZFORGE_TRIAGE_PER_TOKEN:-5}
# Inputs without a token (AFL++'s, or no report seen) re-run per kind, the smallest first.
TRIAGE_UNKNOWN_MAX=${FUZZFORGE_TRIAGE_UNKNOWN_MAX:-200}

say() { echo "[fuzzforge] $*"; }
fail() {
    echo "[fuzzforge] error: $*" >&2
    exit 2
}

# An absolute path inside the project for a parameter value (relative to /target).
in_target() {
    case "$1" in
    /*) echo "$1" ;;
    *) echo "/target/$1" ;;
    esac
}

# The project's C and C++ sources that are neither a harness nor a program (no main): the
# default when the "sources" parameter is empty.
auto_sources() {
    find /target -type f \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' \) \
        -not -path '*/.*' -not -path '*/build/*' 2>/dev/null | sort | while read -r f; do
        skip=0
        for h in $HARNESS_FILES; do [ "$f" = "$h" ] && skip=1; done
        [ $skip = 1 ] && continue
        grep -q 'LLVMFuzzerTestOneInput' "$f" && continue
        grep -Eq '(^|[^A-Za-z0-9_])(int|void)[[:space:]]+main[[:space:]]*\(' "$f" && continue
        echo "$f"
    done
}

# Every folder of the project that holds headers: the default when "include_dirs" is empty.
auto_includes() {
    find /target -type f \( -name '*.h' -o -name '*.hh' -o -name '*.hpp' -o -name '*.hxx' \) \
        -not -path '*/.*' 2>/dev/null | sed 's|/[^/]*$||' | sort -u | head -64
}

# build_fuzzer MODE OUT: MODE is libfuzzer (clang, libFuzzer + ASan + UBSan: the fuzzer and
# the reproducer), afl (afl-clang-fast with AFL++'s libFuzzer driver + ASan + UBSan) or cmplog
# (afl-clang-fast with AFL_LLVM_CMPLOG, no sanitizers). Leaves OUT/fuzzer; exits on failure.
# Reads HARNESS, SOURCES, BUILD_COMMAND, INCLUDE_DIRS, EXTRA_FLAGS.
build_fuzzer() {
    mode=$1
    out=$2
    mkdir -p "$out" || fail "cannot create $out (is /tmp writable?)"
    san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
    case "$mode" in
    libfuzzer)
        cc=clang cxx=clang++ engine="-fsanitize=fuzzer" ;;
    afl)
        cc=afl-clang-fast cxx=afl-clang-fast++ engine="-fsanitize=fuzzer" ;;
    cmplog)
        cc=afl-clang-fast cxx=afl-clang-fast++ engine="-fsanitize=fuzzer" san="" ;;
    esac
    flags="-g -O1 -fno-omit-frame-pointer $engine $san"

    if [ -n "$BUILD_COMMAND" ]; then
        say "build ($mode): $BUILD_COMMAND"
        log=$out/build.log
        (
            cd "$out" || exit 2
            [ "$mode" = cmplog ] && export AFL_LLVM_CMPLOG=1
            # OSS-Fuzz style: the command compiles with $CC/$CXX and $CFLAGS/$CXXFLAGS, links
            # with $LIB_FUZZING_ENGINE and leaves the fuzzer at $OUT/fuzzer.
            CC=$cc CXX=$cxx CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $san $EXTRA_FLAGS" \
                CXXFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $san $EXTRA_FLAGS" \
                LDFLAGS="$san" LIB_FUZZING_ENGINE="-fsanitize=fuzzer" SANITIZER_FLAGS="$san" \
                OUT=$out SRC=/target WORK=$out sh -c "$BUILD_COMMAND"
        ) >"$log" 2>&1
        rc=$?
        cat "$log"
        [ $rc -eq 0 ] || fail "the build command failed (exit $rc)"
        [ -x "$out/fuzzer" ] || fail "the build command left no executable at \$OUT/fuzzer ($out/fuzzer)"
        return 0
    fi

    HARNESS_FILES=""
    for h in $HARNESS; do
        f=$(in_target "$h")
        [ -f "$f" ] || fail "harness $f not found (parameter harness='$HARNESS')"
        HARNESS_FILES="$HARNESS_FILES $f"
    done
    [ -n "$HARNESS_FILES" ] || fail "no harness given (parameter harness is empty)"
    if [ -n "$SOURCES" ]; then
        src=""
        for s in $SOURCES; do
            f=$(in_target "$s")
            [ -f "$f" ] || fail "source $f not found (parameter sources='$SOURCES')"
            src="$src $f"
        done
    else
        src=$(auto_sources | tr '\n' ' ')
    fi
    inc=""
    if [ -n "$INCLUDE_DIRS" ]; then
        for d in $INCLUDE_DIRS; do inc="$inc -I$(in_target "$d")"; done
    else
        for d in $(auto_includes); do inc="$inc -I$d"; done
    fi

    [ "$mode" = cmplog ] && export AFL_LLVM_CMPLOG=1
    objs="" linker=$cc
    for f in $HARNESS_FILES $src; do
        obj=$out/$(echo "${f#/target/}" | tr '/' '_').o
        case "$f" in
        *.c) comp=$cc ;;
        *) comp=$cxx linker=$cxx ;;
        esac
        # shellcheck disable=SC2086
        echo "$comp $flags$inc $EXTRA_FLAGS -c $f -o $obj"
        # shellcheck disable=SC2086
        $comp $flags $inc $EXTRA_FLAGS -c "$f" -o "$obj" || fail "compiling $f failed"
        objs="$objs $obj"
    done
    # shellcheck disable=SC2086
    echo "$linker $flags -o $out/fuzzer$objs $EXTRA_FLAGS"
    # shellcheck disable=SC2086
    $linker $flags -o "$out/fuzzer" $objs $EXTRA_FLAGS || fail "linking the fuzzer failed"
    unset AFL_LLVM_CMPLOG
}

# triage_one FILE KIND ENGINE FUZZER RECORD: copies FILE to /results/crashes/<sha1>, re-runs it
# once with the libFuzzer reproducer and writes its crashes.log record to RECORD. KIND "auto"
# reads the kind from the report. Uses TIMEOUT and RSS_LIMIT.
triage_one() {
    file=$1 kind=$2 engine=$3 fuzzer=$4 record=$5
    sha=$(sha1sum "$file" | cut -d' ' -f1)
    size=$(wc -c <"$file" | tr -d ' ')
    mkdir -p /results/crashes
    cp "$file" "/results/crashes/$sha"
    if [ "$size" -le 1048576 ]; then b64=$(base64 -w0 "$file"); else b64=""; fi
    out=$record.out
    ASAN_OPTIONS=$REPRO_ASAN_OPTIONS UBSAN_OPTIONS=$REPRO_UBSAN_OPTIONS \
        timeout -k 5 $((TIMEOUT * 3 + 30)) "$fuzzer" -runs=1 -timeout="$TIMEOUT" \
        -rss_limit_mb="$RSS_LIMIT" "/results/crashes/$sha" >"$out" 2>&1
    if [ "$kind" = auto ]; then
        if grep -q 'ERROR: libFuzzer: timeout' "$out"; then kind=timeout
        elif grep -q 'ERROR: libFuzzer: out-of-memory' "$out"; then kind=oom
        elif grep -q 'ERROR: LeakSanitizer' "$out"; then kind=leak
        else kind=crash; fi
    fi
    {
        echo "==== FUZZFORGE CRASH name=$sha size=$size kind=$kind engine=$engine base64=$b64"
        head -c 4194304 "$out"
        echo "==== FUZZFORGE END"
    } >"$record"
    rm -f "$out"
}

# triage_all LIST ENGINE FUZZER: LIST has lines "kind<TAB>token<TAB>path" (token may be "-":
# unknown). Re-runs at most TRIAGE_PER_TOKEN inputs per (kind, token), the smallest first, two
# or JOBS at a time, and appends their records to /results/crashes.log in a stable order.
triage_all() {
    list=$1 engine=$2 fuzzer=$3
    total=$(grep -c . "$list")
    dir=/tmp/triage
    rm -rf "$dir" && mkdir -p "$dir"
    n=0
    while IFS="$(printf '\t')" read -r kind token path; do
        [ -f "$path" ] || continue
        printf '%s\t%s\t%s\t%s\n' "$kind" "$token" "$(wc -c <"$path" | tr -d ' ')" "$path"
    done <"$list" | sort -t "$(printf '\t')" -k1,1 -k2,2 -k3,3n -k4,4 |
        awk -F '\t' -v cap="$TRIAGE_PER_TOKEN" -v unknown="$TRIAGE_UNKNOWN_MAX" '
            { key = $1 "\t" $2
              if (++seen[key] <= ($2 == "-" ? unknown : cap)) { if (!(key in first)) first[key] = $4; print }
              else skipped[key]++ }
            END { for (k in skipped) { split(k, a, "\t"); printf "skip\t%s\t%s\t%d\t%s\n", a[1], a[2], skipped[k], first[k] > "/dev/stderr" } }
        ' >"$dir/selected" 2>"$dir/skipped"
    # Inputs with the DEDUP_TOKEN of a recorded one still count: an ALSO line gives their number
    # to the smallest recorded input of the token (not for unknown tokens, which say nothing).
    : >"$dir/also"
    while IFS="$(printf '\t')" read -r x kind token count first; do
        say "triage: $count more $kind inputs with DEDUP_TOKEN $token not re-run (kept $TRIAGE_PER_TOKEN)"
        [ "$token" = - ] && continue
        echo "==== FUZZFORGE ALSO name=$(sha1sum "$first" | cut -d' ' -f1) count=$count" >>"$dir/also"
    done <"$dir/skipped"
    awk -F '\t' '{ printf "%s\t%s\t%06d\n", $1, $4, NR }' "$dir/selected" |
        TIMEOUT=$TIMEOUT RSS_LIMIT=$RSS_LIMIT xargs -r -P "$(( ${JOBS:-1} > 2 ? ${JOBS:-1} : 2 ))" -n 1 -d '\n' \
            sh -c '. /opt/fuzzforge/common.sh; IFS="$(printf "\t")"; set -- $1; triage_one "$2" "$1" "'"$engine"'" "'"$fuzzer"'" "'"$dir"'/record.$3"' _
    for r in "$dir"/record.*; do
        [ -f "$r" ] || continue
        cat "$r" >>/results/crashes.log
        n=$((n + 1))
    done
    cat "$dir/also" >>/results/crashes.log
    rm -rf "$dir"
    say "triage: $total crashing inputs, $n re-run and recorded in crashes.log"
}

# The kind of a crash record from a libFuzzer artifact name.
artifact_kind() {
    case "$(basename "$1")" in
    timeout-*) echo timeout ;;
    oom-*) echo oom ;;
    leak-*) echo leak ;;
    *) echo crash ;;
    esac
}

count_files() { [ -d "$1" ] && find "$1" -maxdepth 1 -type f | wc -l || echo 0; }
