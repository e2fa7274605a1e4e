#!/usr/bin/env bash
# tests/cross/run.sh - portability check: builds fayasm for a 32-bit host
# (arm-linux-gnueabihf) and a big-endian host (s390x-linux-gnu) with Debian's
# cross compilers, runs the unit tests and the spec suites under qemu-user,
# and compares every result with a native build of the same tree.
#
# Usage: tests/cross/run.sh [OPTIONS] [arm|s390x|all] [SUITE...]
#   arm|s390x|all  target(s) (default all)
#   SUITE          spec paths as tests/spec/run.sh takes them (core/i32.wast,
#                  core/, proposals/memory64/). Default: the suites listed in
#                  tests/cross/full-suites.txt; with --quick, those in
#                  tests/cross/quick-suites.txt (a representative subset).
#   --quick        the quick subset (what CI runs on every change)
#   --no-unit      skip the unit tests (ctest)
#   --no-spec      skip the spec suites
#   -j N           parallel build jobs (default nproc)
#
# Environment:
#   FAYASM_TESTSUITE     testsuite dir (default <repo>/../shared/testsuite)
#   FAYASM_CROSS_BUILD   where the builds go (default <repo>/build-cross);
#                        one sub-directory per target plus native/
#
# A check passes when the cross result equals the native one: per spec file
# the "P passed, F failed, S skipped" line and the failure lines below it,
# per unit test its pass/fail status, per smoke run its stdout and exit
# status. The absolute spec totals are printed too. Exit status is non-zero
# if any check failed or a tool is missing. Last line: "N passed, N failed".
#
# Needs (Debian): gcc-arm-linux-gnueabihf gcc-s390x-linux-gnu qemu-user
# libc6-dev-armhf-cross libc6-dev-s390x-cross cmake wabt. When run as root
# with apt-get, missing packages are installed; otherwise they are named.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export FAYASM_TESTSUITE=${FAYASM_TESTSUITE:-$repo/../shared/testsuite}
out=${FAYASM_CROSS_BUILD:-$repo/build-cross}
case $out in /*) ;; *) out=$PWD/$out ;; esac
jobs=$(nproc 2>/dev/null || echo 2)

quick=0 do_unit=1 do_spec=1
targets=()
suites=()
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1 ;;
    --no-unit) do_unit=0 ;;
    --no-spec) do_spec=0 ;;
    -j) shift; jobs=$1 ;;
    -j*) jobs=${1#-j} ;;
    arm | s390x) targets+=("$1") ;;
    all) targets+=(arm s390x) ;;
    -h | --help)
        sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) suites+=("$1") ;;
    esac
    shift
done
[ ${#targets[@]} -gt 0 ] || targets=(arm s390x)

if [ ${#suites[@]} -eq 0 ]; then
    list=$here/full-suites.txt
    [ $quick = 1 ] && list=$here/quick-suites.txt
    while read -r s _; do
        case $s in '' | '#'*) continue ;; esac
        suites+=("$s")
    done <"$list"
fi

triple_of() { case $1 in arm) echo arm-linux-gnueabihf ;; s390x) echo s390x-linux-gnu ;; esac; }
pkgs_of() {
    case $1 in
    arm) echo gcc-arm-linux-gnueabihf libc6-dev-armhf-cross ;;
    s390x) echo gcc-s390x-linux-gnu libc6-dev-s390x-cross ;;
    esac
}

passed=0 failed=0 not_run=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
finish() {
    echo
    [ "$not_run" -gt 0 ] && echo "$not_run tests could not run under qemu (listed above; counted neither way)"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# ------------------------------------------------------------------ tools

have_target_tools() {
    local t
    t=$(triple_of "$1")
    command -v "$t-gcc" >/dev/null && command -v "qemu-$1" >/dev/null &&
        [ -e "/usr/$t/include/stdio.h" ]
}

missing=""
for a in "${targets[@]}"; do have_target_tools "$a" || missing="$missing $(pkgs_of "$a") qemu-user"; done
command -v cmake >/dev/null || missing="$missing cmake"
command -v gcc >/dev/null || missing="$missing gcc"
if [ $do_spec = 1 ]; then command -v wast2json >/dev/null || missing="$missing wabt"; fi
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
missing=${missing% }
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing: $missing"
    mkdir -p "$out"
    # shellcheck disable=SC2086
    { apt-get install -y --no-install-recommends $missing ||
        { apt-get update && apt-get install -y --no-install-recommends $missing; }; } \
        >"$out/apt.log" 2>&1 || echo "apt-get failed; see $out/apt.log"
    missing=""
    for a in "${targets[@]}"; do have_target_tools "$a" || missing="$missing $(pkgs_of "$a") qemu-user"; done
fi
if [ -n "$missing" ]; then
    echo "missing tools; install the Debian packages:"
    echo "  apt-get install -y$missing"
    bad "tools"
    finish
fi

# ------------------------------------------------------------------ builds

mkdir -p "$out"
# build NAME CMAKE_ARGS...: configures and builds $out/NAME; 0 on success.
build() {
    local name=$1 dir=$out/$1
    shift
    echo "== build $name ($dir)"
    if ! cmake -S "$repo" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >"$dir.configure.log" 2>&1; then
        tail -n 20 "$dir.configure.log"
        return 1
    fi
    if ! cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1; then
        grep -E 'error|warning' "$dir.build.log" | head -30
        tail -n 10 "$dir.build.log"
        return 1
    fi
    grep -E 'warning:' "$dir.build.log" | sort -u | head -20
    return 0
}

if build native; then ok; else bad "native build"; finish; fi

# ------------------------------------------------------------------ runs

# Spec per-file results: "file: P passed, F failed, S skipped" plus the
# indented failure lines under it, one block per file.
spec_blocks() {
    awk '/^[^ \t].*\.wast: [0-9]+ passed/ { f = $1; sub(/:$/, "", f); print; next }
         /^  / && f != "" { print f "\t" $0; next }
         { f = "" }' "$1"
}

# block_of FILE BLOCKS: the lines of one spec file's block.
block_of() { awk -v f="$1" 'index($0, f ": ") == 1 || index($0, f "\t") == 1' "$2"; }

spec_run() { # spec_run BUILD_DIR OUTFILE [EMULATOR...]: runs the suites
    local dir=$1 outf=$2
    shift 2
    FAYASM_BUILD=$dir FAYASM_SPEC="$* $dir/bin/fayasm_spec" \
        "$repo/tests/spec/run.sh" "${suites[@]}" >"$outf" 2>&1
}

if [ $do_spec = 1 ]; then
    echo "== spec, native (${#suites[@]} suite patterns)"
    t0=$SECONDS
    spec_run "$out/native" "$out/native.spec.txt"
    echo "   $(tail -n 1 "$out/native.spec.txt")  ($((SECONDS - t0))s)"
    spec_blocks "$out/native.spec.txt" >"$out/native.spec.blocks"
fi
if [ $do_unit = 1 ]; then
    (cd "$out/native" && ctest -j "$jobs" --timeout 1200 --output-on-failure >"$out/native.ctest.txt" 2>&1)
fi

# The status of each CTest test: "name Passed" / "name Failed".
ctest_status() {
    sed -nE 's/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: ([^ ]+) \.+ *(\*\*\*)?([A-Za-z]+).*/\1 \3/p' "$1" |
        sort
}

# Tests whose output says a target binary was started directly (a script
# that runs BUILD/bin/... itself, not through CMAKE_CROSSCOMPILING_EMULATOR):
# they cannot run under qemu-user and are reported, not counted.
ctest_direct_exec() {
    awk '/Test +#[0-9]+: / { cur = ""; if ($0 ~ /\*\*\*|Failed/) { cur = $0; sub(/.*Test +#[0-9]+: /, "", cur); sub(/ .*/, "", cur) } next }
         /^ *Start +[0-9]+:/ { cur = ""; next }
         cur != "" && /Exec format error/ { print cur; cur = "" }' "$1" | sort -u
}

# Smoke runs of fayasm_run: stdout + exit status must match the native ones.
fib=$repo/examples/wasm/fib.wasm
smoke_cases=("$fib fib i32:25" "$fib fib_iter i64:90")

for a in "${targets[@]}"; do
    t=$(triple_of "$a")
    emu=(qemu-"$a" -L /usr/"$t")
    echo
    echo "==== $a ($t, ${emu[*]})"
    if ! build "$a" -DCMAKE_TOOLCHAIN_FILE="$repo/cmake/toolchain-$t.cmake"; then
        bad "$a: build"
        continue
    fi
    ok

    for c in "${smoke_cases[@]}"; do
        # shellcheck disable=SC2086 # the case is words
        want=$("$out/native/bin/fayasm_run" $c 2>&1; echo "exit $?")
        # shellcheck disable=SC2086
        got=$("${emu[@]}" "$out/$a/bin/fayasm_run" $c 2>&1; echo "exit $?")
        if [ "$want" = "$got" ]; then ok; else bad "$a: fayasm_run ${c##*/}: got '$got', native '$want'"; fi
    done

    if [ $do_unit = 1 ]; then
        echo "== unit tests under qemu-$a"
        t0=$SECONDS
        # The toolchain file sets CMAKE_CROSSCOMPILING_EMULATOR, so CTest
        # runs each test program through qemu.
        # CC: tests that build a shared library at run time (test_embed_native)
        # must build it for the target; qemu runs the host's /bin/sh for system().
        (cd "$out/$a" && CC=$t-gcc ctest -j "$jobs" --timeout 1200 --output-on-failure >"$out/$a.ctest.txt" 2>&1)
        n_before=$failed not_run_before=$not_run
        direct=$(ctest_direct_exec "$out/$a.ctest.txt")
        while read -r name st; do
            nst=$(ctest_status "$out/native.ctest.txt" | awk -v n="$name" '$1 == n {print $2}')
            if [ "$st" != Passed ] && printf '%s\n' "$direct" | grep -qxF "$name"; then
                echo "   $name: not run under qemu (its script starts target binaries directly)"
                not_run=$((not_run + 1))
            elif [ "$st" = "$nst" ]; then
                ok
                [ "$st" = Passed ] || echo "   $name: $st here and natively"
            else
                bad "$a: $name: $st under qemu, ${nst:-absent} natively (log: $out/$a.ctest.txt)"
            fi
        done < <(ctest_status "$out/$a.ctest.txt")
        # (ctest's own "N% tests passed" line would count the tests that
        # cannot run under qemu as failures)
        n_tests=$(ctest_status "$out/$a.ctest.txt" | wc -l)
        echo "   $n_tests tests: $((failed - n_before)) differ from native," \
            "$((not_run - not_run_before)) not run under qemu ($((SECONDS - t0))s)"
    fi

    if [ $do_spec = 1 ]; then
        echo "== spec under qemu-$a"
        # The converted JSON does not depend on the target: share native's.
        if [ ! -e "$out/$a/spec" ] || [ -L "$out/$a/spec" ]; then
            ln -sfn "$out/native/spec" "$out/$a/spec"
        fi
        t0=$SECONDS
        spec_run "$out/$a" "$out/$a.spec.txt" "${emu[@]}"
        secs=$((SECONDS - t0))
        spec_blocks "$out/$a.spec.txt" >"$out/$a.spec.blocks"
        n_before=$failed
        # One check per spec file: same result block as native.
        while read -r f; do
            if [ "$(block_of "$f" "$out/native.spec.blocks")" = "$(block_of "$f" "$out/$a.spec.blocks")" ]; then
                ok
            else
                if block_of "$f" "$out/native.spec.blocks" | grep -q 'fayasm_spec stopped'; then
                    bad "$a: $f: the native runner crashed on this file (a bug, not comparable):"
                else
                    bad "$a: $f differs from native:"
                fi
                diff <(block_of "$f" "$out/native.spec.blocks") <(block_of "$f" "$out/$a.spec.blocks") |
                    sed 's/^/     /' | head -20
            fi
        done < <(awk -F': ' '/\.wast: [0-9]+ passed/ {print $1}' \
            "$out/native.spec.txt" "$out/$a.spec.txt" | sort -u)
        echo "   $(tail -n 1 "$out/$a.spec.txt")  (native: $(tail -n 1 "$out/native.spec.txt"); ${secs}s; $((failed - n_before)) files differ)"
    fi
done

finish
