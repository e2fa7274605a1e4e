#!/usr/bin/env bash
# build.sh - build and test fayasm. Run ./build.sh --help for the modes.
#
# Every test mode runs a list of stages; each prints its own summary line
# "== stage: P passed, F failed", and the script ends with ONE line
# "N passed, N failed" that sums them (ctest's test count, the CLI script's and
# the spec runner's own totals, one check per build). The exit status is
# non-zero when anything failed, including a required package that is missing.
set -u

ROOT=$(cd "$(dirname "$0")" && pwd)
cd "$ROOT" || exit 1

JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
LOGDIR="$ROOT/build-logs"
SKIP=" "

usage() {
    cat <<'EOF'
usage: ./build.sh [MODE] [OPTIONS]

Modes:
  (none)     configure a Release build into build/ and build the library,
             the tools (build/bin/fayasm_run, build/bin/fayasm_spec) and tests
  test       everything CI runs, in this order:
               deps   check the test tools; as root with apt, install what is
                      missing (cmake gcc make clang lld wabt wasi-libc
                      libclang-rt-14-dev-wasm32), else name the packages
               build  Release build in build/ (gcc warnings fail it) and a
                      check that every exported symbol starts with fa_
               ctest  unit tests and examples (build/)
               cli    tests/cli/run.sh build
               spec   tests/spec/run.sh --check (the official spec suite)
               clang  clang build in build-clang/ with -Werror, plus its ctest
               regress tests/regress/run.sh build (one case per bug found)
               fuzz   each libFuzzer target for 60 s (tests/fuzz/run.sh)
               diff   30 random binaryen modules, fayasm against node
               switch-dispatch  src/exec.c and src/validate.c with
                      -DFA_DISPATCH_SWITCH, gcc and clang, -Werror (the
                      portable dispatch compiles clean); then a build with
                      it in build-switch/ runs the spec suite (spec-switch)
               cross  tests/cross/run.sh --quick all: the library,
                      tools and unit tests cross-built for arm (32-bit)
                      and s390x (big-endian), run under qemu-user,
                      results compared with a native build (build-cross/)
               tsan   ThreadSanitizer build in build-tsan/ of the two unit
                      tests that start threads (test_load_threads,
                      test_embed_threads), run under it
               asan   ASan+UBSan build in build-asan/ (-fno-sanitize-recover,
                      leak detection on), then ctest, cli and spec again in it
  asan       only the asan stages of `test`
  clean      remove build/, build-asan/, build-clang/, build-cross/,
             build-switch/, build-tsan/ and build-logs/
  --help     this text

Options:
  -j N         parallel jobs (default: nproc, or $JOBS)
  --target esp32 --esp-idf-path PATH
               instead of a mode: build the ESP-IDF example app
               (examples/esp32) with the ESP-IDF installed at PATH
               (default $IDF_PATH) into build-esp32/; also esp32s2,
               esp32s3, esp32c3, esp32c6
  --skip NAME  leave out a stage (clang, switch, cross, tsan, asan, spec, cli, ctest,
               regress, fuzz, diff);
               repeatable.
               A skipped stage counts as neither passed nor failed.

Environment:
  FAYASM_TESTSUITE  the spec testsuite folder (default: ../shared/testsuite)
  CC                compiler of the build/ and build-asan/ builds (default: cc)

The last line of `test` and `asan` is "N passed, N failed"; logs are kept
in build-logs/.
EOF
}

# ------------------------------------------------------------------ output

TOTAL_PASS=0
TOTAL_FAIL=0
RECAP=()

say() { printf '%s\n' "$*"; }
STAGE_T0=$SECONDS
banner() {
    STAGE_T0=$SECONDS
    printf '\n==== %s ====\n' "$*"
}

# record STAGE PASSED FAILED [NOTE]: one stage's totals.
record() {
    local name=$1 p=$2 f=$3 note=${4:-}
    note="${note:+$note, }$((SECONDS - STAGE_T0))s"
    TOTAL_PASS=$((TOTAL_PASS + p))
    TOTAL_FAIL=$((TOTAL_FAIL + f))
    local line
    line=$(printf '%-16s %6d passed, %4d failed%s' "$name" "$p" "$f" "${note:+  ($note)}")
    RECAP+=("$line")
    say "== $name: $p passed, $f failed${note:+ ($note)}"
}

# not_run STAGE REASON: a stage that could not or should not run.
not_run() {
    local line
    line=$(printf '%-16s not run (%s)' "$1" "$2")
    RECAP+=("$line")
    say "== $1: not run ($2)"
}

skipped() { [[ "$SKIP" == *" $1 "* ]]; }

# unless_skipped KEY STAGE_FN NAME ARGS...: runs STAGE_FN NAME ARGS... unless
# --skip KEY, else records stage NAME as not run.
unless_skipped() {
    local key=$1
    shift
    if skipped "$key"; then
        not_run "$2" "--skip $key"
    else
        "$@"
    fi
}

# logged LOG CMD...: runs CMD with its output both shown and written to LOG;
# returns CMD's status.
logged() {
    local log=$1
    shift
    mkdir -p "$LOGDIR"
    "$@" 2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
}

# quiet LOG CMD...: like logged, but shows only warnings/errors, plus the
# last lines of the log when CMD fails (build output is long).
quiet() {
    local log=$1
    shift
    mkdir -p "$LOGDIR"
    "$@" >"$log" 2>&1
    local rc=$?
    grep -E 'warning:|error:' "$log" | head -50
    if [ $rc -ne 0 ]; then
        say "-- failed (exit $rc); last lines of $log:"
        tail -n 30 "$log"
    fi
    return $rc
}

# ------------------------------------------------------------------ deps

# The Debian packages the full test needs, and how to tell each is there
# without dpkg (so the check also works on other systems).
REQUIRED_PKGS="cmake make gcc clang lld wabt wasi-libc libclang-rt-14-dev-wasm32 binaryen nodejs"
MISSING_PKGS=""

pkg_present() {
    case $1 in
    cmake) command -v cmake >/dev/null && command -v ctest >/dev/null ;;
    make) command -v make >/dev/null ;;
    gcc) command -v "${CC:-cc}" >/dev/null || command -v gcc >/dev/null ;;
    clang) command -v clang >/dev/null ;;
    lld) command -v wasm-ld >/dev/null ;;
    wabt) command -v wast2json >/dev/null && command -v wat2wasm >/dev/null ;;
    binaryen) command -v wasm-opt >/dev/null ;;
    nodejs) command -v node >/dev/null ;;
    wasi-libc)
        if command -v dpkg-query >/dev/null; then
            dpkg-query -W -f='${Status}' wasi-libc 2>/dev/null | grep -q 'ok installed'
        else
            [ -e /usr/include/wasm32-wasi/stdio.h ] || [ -d /usr/share/wasi-sysroot ]
        fi
        ;;
    libclang-rt-14-dev-wasm32)
        if command -v dpkg-query >/dev/null; then
            dpkg-query -W -f='${Status}' libclang-rt-14-dev-wasm32 2>/dev/null |
                grep -q 'ok installed'
        else
            compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a' \
                >/dev/null
        fi
        ;;
    *) return 1 ;;
    esac
}

missing_now() {
    local p out=""
    for p in $REQUIRED_PKGS; do
        pkg_present "$p" || out="$out $p"
    done
    printf '%s' "${out# }"
}

has_missing() { [[ " $MISSING_PKGS " == *" $1 "* ]]; }

stage_deps() {
    banner "deps: test tools"
    local missing
    missing=$(missing_now)
    if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing: $missing"
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086
        if ! apt-get install -y --no-install-recommends $missing >"$LOGDIR/apt.log" 2>&1; then
            apt-get update >>"$LOGDIR/apt.log" 2>&1
            # shellcheck disable=SC2086
            apt-get install -y --no-install-recommends $missing >>"$LOGDIR/apt.log" 2>&1 ||
                say "apt-get install failed; see $LOGDIR/apt.log"
        fi
        missing=$(missing_now)
    fi
    # A WASI toolchain smoke test: the packages are there but do they work?
    if [ -z "$missing" ]; then
        local t="$LOGDIR/wasi-smoke"
        mkdir -p "$t"
        printf 'int main(void) { return 0; }\n' >"$t/m.c"
        if ! clang --target=wasm32-wasi -O1 "$t/m.c" -o "$t/m.wasm" >"$t/log" 2>&1; then
            say "clang --target=wasm32-wasi cannot link a program:"
            cat "$t/log"
            missing="wasi-libc libclang-rt-14-dev-wasm32"
        fi
    fi
    MISSING_PKGS=$missing
    if [ -n "$missing" ]; then
        say "missing Debian packages: $missing"
        say "install them with:  sudo apt-get install $missing"
        say "(continuing with the stages that can run; the run fails at the end)"
        record deps 0 1 "missing: $missing"
    else
        say "all test tools present: $REQUIRED_PKGS"
        record deps 1 0
    fi
}

# ------------------------------------------------------------------ builds

BUILD_OK=()

# build_stage NAME DIR WARNINGS_FAIL CMAKE_ARGS...
build_stage() {
    local name=$1 dir=$2 strict=$3
    shift 3
    banner "$name: configure and build $dir/"
    local log="$LOGDIR/$name.log"
    mkdir -p "$LOGDIR"
    if ! quiet "$LOGDIR/$name.configure.log" cmake -S "$ROOT" -B "$ROOT/$dir" "$@"; then
        record "$name" 0 1 "cmake configure failed"
        return 1
    fi
    local rc=0
    quiet "$log" cmake --build "$ROOT/$dir" -j "$JOBS" || rc=$?
    local warnings
    warnings=$(grep -c 'warning:' "$log")
    if [ $rc -ne 0 ]; then
        record "$name" 0 1 "build failed"
        return 1
    fi
    if [ "$strict" = 1 ] && [ "$warnings" -gt 0 ]; then
        record "$name" 0 1 "$warnings compiler warnings"
        BUILD_OK+=("$dir")
        return 0
    fi
    record "$name" 1 0
    BUILD_OK+=("$dir")
}

built() { [[ " ${BUILD_OK[*]:-} " == *" $1 "* ]]; }

# Every exported symbol of the libraries starts with fa_ (STYLE.md, naming).
symbols_stage() {
    local dir=$1 bad="" lib
    banner "symbols: exported names in $dir/lib"
    lib="$ROOT/$dir/lib/libfayasm.a"
    if [ -f "$lib" ]; then
        bad+=$(nm -g --defined-only "$lib" 2>/dev/null | awk 'NF == 3 && $3 !~ /^fa_/ {print "  libfayasm.a: " $3}')
    fi
    lib=$(ls "$ROOT/$dir"/lib/libfayasm.so 2>/dev/null)
    if [ -n "$lib" ]; then
        bad+=$(nm -D --defined-only "$lib" 2>/dev/null |
            awk 'NF == 3 && $3 !~ /^fa_/ && $3 !~ /^(_init|_fini|_edata|_end|__bss_start)$/ {print "  libfayasm.so: " $3}')
    fi
    if [ -n "$bad" ]; then
        say "symbols without the fa_ prefix:"
        say "$bad" | head -40
        record symbols 0 1 "unprefixed exported symbols"
    else
        record symbols 1 0
    fi
}

# The portable switch dispatch (-DFA_DISPATCH_SWITCH) is not what the
# builds use on GCC/Clang; compile it warning-free with both compilers
# (the interpreter's and the validator's fast path; -Wextra's
# -Wimplicit-fallthrough catches a case that runs into the next).
switch_stage() {
    banner "switch-dispatch: src/exec.c, src/validate.c with -DFA_DISPATCH_SWITCH"
    local cc src p=0 f=0
    for src in exec.c validate.c; do
        if [ ! -f "$ROOT/src/$src" ]; then
            f=$((f + 1))
            continue
        fi
        for cc in "${CC:-cc}" clang; do
            command -v "$cc" >/dev/null || continue
            if "$cc" -std=c11 -O2 -Wall -Wextra -Werror -DFA_DISPATCH_SWITCH -I"$ROOT/include" \
                -I"$ROOT/src" -c "$ROOT/src/$src" -o /dev/null; then
                p=$((p + 1))
            else
                f=$((f + 1))
            fi
        done
    done
    record switch-dispatch "$p" "$f"
}

# ------------------------------------------------------------------ test stages

# ctest_stage NAME DIR: ctest's own count; a skipped test is not a pass.
ctest_stage() {
    local name=$1 dir=$2
    banner "$name: ctest in $dir/"
    local log="$LOGDIR/$name.log" rc=0
    (cd "$ROOT/$dir" && ctest --output-on-failure -j "$JOBS" --timeout 900) 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    local sum total failed skip
    sum=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
    if [ -z "$sum" ]; then
        record "$name" 0 1 "no ctest summary (exit $rc)"
        return
    fi
    failed=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$sum")
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$sum")
    skip=$(grep -cE '^[[:space:]]+[0-9]+ - .* \((Skipped|Disabled)\)$' "$log")
    local passed=$((total - failed - skip))
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
        failed=1 # ctest failed without saying which test
    fi
    record "$name" "$passed" "$failed" "${skip} skipped"
}

# last_totals LOG: prints "P F [S]" from the last "P passed, F failed[, S skipped]" line.
last_totals() {
    grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 |
        sed -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/'
}

# cli_stage NAME DIR
cli_stage() {
    local name=$1 dir=$2
    banner "$name: tests/cli/run.sh $dir"
    if [ ! -f "$ROOT/tests/cli/run.sh" ]; then
        record "$name" 0 1 "tests/cli/run.sh is missing"
        return
    fi
    local log="$LOGDIR/$name.log" rc=0
    logged "$log" bash "$ROOT/tests/cli/run.sh" "$ROOT/$dir" || rc=$?
    local totals
    totals=$(last_totals "$log")
    if [ -z "$totals" ]; then
        record "$name" 0 1 "no final 'N passed, N failed' line (exit $rc)"
        return
    fi
    local p f
    read -r p f _ <<<"$totals"
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    record "$name" "$p" "$f"
}

# cross_stage: the quick 32-bit (qemu-arm) and big-endian (qemu-s390x) check,
# every result compared with a native build (tests/cross/run.sh installs its
# cross compilers and qemu-user when run as root with apt-get).
cross_stage() {
    banner "cross: tests/cross/run.sh --quick all"
    if [ ! -f "$ROOT/tests/cross/run.sh" ]; then
        record cross 0 1 "tests/cross/run.sh is missing"
        return
    fi
    local log="$LOGDIR/cross.log" rc=0
    FAYASM_CROSS_BUILD="$ROOT/build-cross" logged "$log" \
        bash "$ROOT/tests/cross/run.sh" -j "$JOBS" --quick all || rc=$?
    local totals p f
    totals=$(last_totals "$log")
    if [ -z "$totals" ]; then
        record cross 0 1 "no final 'N passed, N failed' line (exit $rc)"
        return
    fi
    read -r p f _ <<<"$totals"
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    record cross "$p" "$f"
}

# spec_stage NAME DIR
spec_stage() {
    local name=$1 dir=$2
    banner "$name: tests/spec/run.sh --check with $dir/bin/fayasm_spec"
    if [ ! -f "$ROOT/tests/spec/run.sh" ]; then
        record "$name" 0 1 "tests/spec/run.sh is missing"
        return
    fi
    if has_missing wabt; then
        not_run "$name" "needs wabt (wast2json)"
        return
    fi
    local suite=${FAYASM_TESTSUITE:-$ROOT/../shared/testsuite}
    if [ ! -d "$suite" ]; then
        record "$name" 0 1 "no testsuite at $suite (set FAYASM_TESTSUITE)"
        return
    fi
    local log="$LOGDIR/$name.log" rc=0
    # The converted JSON lives in build/spec for every build, so the ASan run
    # reuses the Release run's conversions.
    FAYASM_SPEC="$ROOT/$dir/bin/fayasm_spec" FAYASM_BUILD="$ROOT/build" \
        logged "$log" bash "$ROOT/tests/spec/run.sh" --check || rc=$?
    local totals
    totals=$(last_totals "$log")
    if [ -z "$totals" ]; then
        record "$name" 0 1 "no final 'P passed, F failed, S skipped' line (exit $rc)"
        return
    fi
    local p f s
    read -r p f s <<<"$totals"
    s=${s:-0}
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    record "$name" "$p" "$f" "$s skipped"
}

# regress_stage DIR: one case per bug found (tests/regress/run.sh).
regress_stage() {
    local dir=$2
    banner "regress: tests/regress/run.sh $dir"
    local log="$LOGDIR/regress.log" rc=0
    logged "$log" bash "$ROOT/tests/regress/run.sh" "$ROOT/$dir" || rc=$?
    local totals p f
    totals=$(last_totals "$log")
    if [ -z "$totals" ]; then
        record regress 0 1 "no final 'N passed, N failed' line (exit $rc)"
        return
    fi
    read -r p f _ <<<"$totals"
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    record regress "$p" "$f"
}

# fuzz_stage: each libFuzzer target for a bounded time (FAYASM_CI_FUZZ_SECONDS,
# default 60 s each). A target that finds a crash fails the stage.
fuzz_stage() {
    banner "fuzz: tests/fuzz/run.sh (libFuzzer, ASan+UBSan)"
    if has_missing clang; then
        not_run fuzz "needs clang"
        return
    fi
    local log="$LOGDIR/fuzz.log" rc=0
    logged "$log" bash "$ROOT/tests/fuzz/run.sh" "${FAYASM_CI_FUZZ_SECONDS:-60}" || rc=$?
    local p f
    p=$(grep -c '^ok   ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && f=1
    record fuzz "$p" "$f"
}

# diff_stage: random valid modules (binaryen -ttf) run in fayasm and node.
diff_stage() {
    banner "diff: tests/diff/run.sh (fayasm against node's V8)"
    if ! command -v wasm-opt >/dev/null || ! command -v node >/dev/null; then
        record diff 0 1 "needs wasm-opt (binaryen) and node (nodejs)"
        return
    fi
    local log="$LOGDIR/diff.log" rc=0
    # The plain -O2 driver: the ASan build already runs every other suite.
    FAYASM_DIFF_SAN=${FAYASM_DIFF_SAN:-0} logged "$log" bash "$ROOT/tests/diff/run.sh" "${FAYASM_CI_DIFF_SEEDS:-30}" || rc=$?
    local line same nan bad
    line=$(grep -E '^seeds [0-9]+\.\.[0-9]+: ' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        record diff 0 1 "no summary line (exit $rc)"
        return
    fi
    same=$(sed -E 's/.*: ([0-9]+) same,.*/\1/' <<<"$line")
    nan=$(sed -E 's/.*, ([0-9]+) same after.*/\1/' <<<"$line")
    bad=$(sed -E 's/.*, ([0-9]+) mismatched.*/\1/' <<<"$line")
    [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    record diff "$((same + nan))" "$bad"
}

# ------------------------------------------------------------------ modes

release_args=(-DCMAKE_BUILD_TYPE=Release -DFAYASM_SANITIZE=OFF)
test_args=(-DFAYASM_BUILD_TESTS=ON -DFAYASM_BUILD_TOOLS=ON)
# -O1 -g without NDEBUG: readable reports, FA_ASSERT on, still quick enough
# for the whole spec suite.
asan_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g"
    -DFAYASM_SANITIZE=ON)

finish() {
    banner "summary"
    local l
    for l in "${RECAP[@]}"; do say "$l"; done
    say "$TOTAL_PASS passed, $TOTAL_FAIL failed"
    [ "$TOTAL_FAIL" -eq 0 ]
    exit $?
}

asan_stages() {
    if skipped asan; then
        not_run asan "--skip asan"
        return
    fi
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0:allocator_may_return_null=1:detect_stack_use_after_return=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    if build_stage build-asan build-asan 0 "${asan_args[@]}" "${test_args[@]}"; then
        unless_skipped ctest ctest_stage ctest-asan build-asan
        unless_skipped cli cli_stage cli-asan build-asan
        unless_skipped spec spec_stage spec-asan build-asan
    fi
    unset ASAN_OPTIONS UBSAN_OPTIONS
}

# The tests that start threads (body validation on several threads, runtimes
# on separate threads, a cross-thread interrupt), built with ThreadSanitizer
# in build-tsan/: the library only, no tools or WASI.
tsan_stage() {
    banner "tsan: ThreadSanitizer build in build-tsan/, threaded unit tests"
    local log="$LOGDIR/tsan.log" t p=0 f=0
    local tsan=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAYASM_SANITIZE=OFF -DFAYASM_WASI=OFF
        -DFAYASM_BUILD_TOOLS=OFF -DFAYASM_BUILD_TESTS=ON -DCMAKE_C_FLAGS=-fsanitize=thread
        -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread)
    if ! quiet "$LOGDIR/tsan.configure.log" cmake -S "$ROOT" -B "$ROOT/build-tsan" "${tsan[@]}" ||
        ! quiet "$log" cmake --build "$ROOT/build-tsan" -j "$JOBS" --target test_load_threads \
            test_embed_threads; then
        record tsan 0 1 "build failed"
        return
    fi
    for t in test_load_threads test_embed_threads; do
        if TSAN_OPTIONS=halt_on_error=1:exitcode=66 logged "$LOGDIR/tsan.$t.log" \
            "$ROOT/build-tsan/bin/$t"; then
            p=$((p + 1))
        else
            f=$((f + 1))
        fi
    done
    record tsan "$p" "$f"
}

mode_test() {
    local t0=$SECONDS
    mkdir -p "$LOGDIR"
    stage_deps
    if has_missing cmake || has_missing make || has_missing gcc; then
        say "cannot build without cmake, make and a C compiler"
        finish
    fi
    if build_stage build build 1 "${release_args[@]}" "${test_args[@]}"; then
        symbols_stage build
        unless_skipped ctest ctest_stage ctest build
        unless_skipped cli cli_stage cli build
        unless_skipped spec spec_stage spec build
        unless_skipped regress regress_stage regress build
    fi
    unless_skipped fuzz fuzz_stage fuzz
    unless_skipped diff diff_stage diff
    if skipped clang; then
        not_run clang "--skip clang"
    elif has_missing clang; then
        not_run clang "needs clang"
    elif build_stage build-clang build-clang 1 "${release_args[@]}" "${test_args[@]}" \
        -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS=-Werror; then
        unless_skipped ctest ctest_stage ctest-clang build-clang
    fi
    if skipped switch; then
        not_run switch-dispatch "--skip switch"
    else
        switch_stage
        # ... and run it: the library and tools built with the switch
        # dispatch (interpreter and validator), then the spec suite.
        if build_stage build-switch build-switch 1 "${release_args[@]}" -DFAYASM_BUILD_TESTS=OFF \
            -DFAYASM_WASI=OFF -DCMAKE_C_FLAGS=-DFA_DISPATCH_SWITCH; then
            unless_skipped spec spec_stage spec-switch build-switch
        fi
    fi
    unless_skipped cross cross_stage cross
    unless_skipped tsan tsan_stage tsan
    asan_stages
    say "(total time $((SECONDS - t0))s)"
    finish
}

mode_asan() {
    mkdir -p "$LOGDIR"
    stage_deps
    asan_stages
    finish
}

# The plain build needs cmake, make and a C compiler: as root with apt they
# are installed, otherwise the missing packages are named.
mode_build() {
    local missing="" p
    for p in cmake make gcc; do
        pkg_present "$p" || missing="$missing $p"
    done
    missing=${missing# }
    if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing: $missing libc6-dev"
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086
        { apt-get update && apt-get install -y --no-install-recommends $missing libc6-dev; } \
            >/dev/null 2>&1 || say "apt-get install failed"
        missing=""
        for p in cmake make gcc; do
            pkg_present "$p" || missing="$missing $p"
        done
        missing=${missing# }
    fi
    if [ -n "$missing" ]; then
        say "build.sh: missing: $missing"
        say "install with:  sudo apt-get install $missing"
        exit 1
    fi
    cmake -S "$ROOT" -B "$ROOT/build" "${release_args[@]}" && cmake --build "$ROOT/build" -j "$JOBS"
}

# --target esp32: the ESP-IDF example app (examples/esp32), which pulls the
# repository in as a component (idf_component.yml, the ESP_PLATFORM branch of
# CMakeLists.txt). Needs an installed ESP-IDF 5.x (--esp-idf-path or $IDF_PATH).
mode_target() {
    case $TARGET in
    esp32 | esp32s2 | esp32s3 | esp32c3 | esp32c6) ;;
    *)
        say "build.sh: unknown --target '$TARGET' (supported: esp32, esp32s2, esp32s3, esp32c3, esp32c6)" >&2
        return 2
        ;;
    esac
    local idf=${IDF_DIR:-${IDF_PATH:-}}
    if [ -z "$idf" ] || [ ! -f "$idf/export.sh" ]; then
        say "build.sh: ESP-IDF not found; pass --esp-idf-path PATH (the directory with export.sh)" >&2
        return 2
    fi
    banner "$TARGET: idf.py build of examples/esp32 (ESP-IDF at $idf)"
    mkdir -p "$LOGDIR"
    # export.sh sets up the toolchain and Python environment in this shell only.
    (
        # shellcheck disable=SC1091
        . "$idf/export.sh" >"$LOGDIR/esp-idf-export.log" 2>&1 || {
            say "sourcing $idf/export.sh failed (see $LOGDIR/esp-idf-export.log)"
            exit 1
        }
        cd "$ROOT/examples/esp32" &&
            idf.py -B "$ROOT/build-$TARGET" set-target "$TARGET" &&
            idf.py -B "$ROOT/build-$TARGET" build
    ) 2>&1 | tee "$LOGDIR/$TARGET.log"
    local rc=${PIPESTATUS[0]}
    if [ "$rc" -eq 0 ]; then
        say "built: build-$TARGET/fayasm_esp32.bin (flash with: cd examples/esp32 && idf.py -B ../../build-$TARGET flash monitor)"
        record "$TARGET" 1 0
    else
        record "$TARGET" 0 1 "idf.py failed"
    fi
    say "$TOTAL_PASS passed, $TOTAL_FAIL failed"
    return "$rc"
}

MODE=build
while [ $# -gt 0 ]; do
    case $1 in
    -h | --help | help)
        usage
        exit 0
        ;;
    test | asan | clean | build) MODE=$1 ;;
    -j)
        shift
        JOBS=${1:?-j needs a number}
        ;;
    -j*) JOBS=${1#-j} ;;
    --skip)
        shift
        SKIP="$SKIP${1:?--skip needs a stage name} "
        ;;
    --skip=*) SKIP="$SKIP${1#--skip=} " ;;
    --target)
        shift
        TARGET=${1:?--target needs a name (esp32)}
        ;;
    --target=*) TARGET=${1#--target=} ;;
    --esp-idf-path)
        shift
        IDF_DIR=${1:?--esp-idf-path needs a directory}
        ;;
    --esp-idf-path=*) IDF_DIR=${1#--esp-idf-path=} ;;
    *)
        say "build.sh: unknown argument '$1' (see ./build.sh --help)" >&2
        exit 2
        ;;
    esac
    shift
done

if [ -n "${TARGET:-}" ]; then
    mode_target
    exit $?
fi

case $MODE in
build) mode_build ;;
test) mode_test ;;
asan) mode_asan ;;
clean) rm -rf "$ROOT/build" "$ROOT/build-asan" "$ROOT/build-clang" "$ROOT/build-cross" "$ROOT/build-switch" \
    "$ROOT/build-tsan" "$LOGDIR" ;;
esac
