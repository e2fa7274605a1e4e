#!/usr/bin/env bash
# tests/minimal/run.sh - the minimal configuration of fayasm_config.h on this
# host: builds the library with every optional group compiled out (the knobs
# tools/size-report calls "minimal", plus bare metal and a 256 KiB RAM hint)
# with -Werror, and checks that
#   - a module using a group compiled out is rejected at load with
#     FA_ERR_UNSUPPORTED "<feature> not supported in this build" (SIMD,
#     floating point in every place a float can appear, memory64,
#     multi-memory, tail calls, extended constant expressions), even though
#     the runtime asks for every feature;
#   - an integer-only module (fib, memory, table, globals) still runs;
#   - fa_module_load_file says file I/O is not supported;
#   - fa_config_default gives the small-target defaults.
#
# Usage: tests/minimal/run.sh [BUILD_DIR]   (default: <repo>/build-minimal)
# Needs cmake, a C compiler ($CC, default cc) and wat2wasm. Prints one line
# per failure and ends with "N passed, N failed"; exits 1 if anything failed.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
case ${1:-} in -h | --help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
B=${1:-$ROOT/build-minimal}
CC=${CC:-cc}

for t in cmake wat2wasm "$CC"; do
    command -v "$t" >/dev/null || { echo "error: $t not found" >&2; exit 2; }
done

KNOBS="-DFAYASM_BARE_METAL=1 -DFAYASM_TARGET_RAM_BYTES=262144 -DFAYASM_SIMD=0 -DFAYASM_FLOAT=0"
KNOBS="$KNOBS -DFAYASM_MEMORY64=0 -DFAYASM_MULTI_MEMORY=0 -DFAYASM_TAIL_CALL=0"
KNOBS="$KNOBS -DFAYASM_EXTENDED_CONST=0 -DFAYASM_DISPATCH_SWITCH=1"

mkdir -p "$B"
log=$B/build.log
# The library alone (no tools, tests, WASI or shared library), then the driver.
# shellcheck disable=SC2086
if ! cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER="$CC" \
    -DCMAKE_C_FLAGS="$KNOBS -Wall -Wextra -Werror" -DFAYASM_BUILD_TESTS=OFF \
    -DFAYASM_BUILD_TOOLS=OFF -DFAYASM_BUILD_SHARED=OFF -DFAYASM_WASI=OFF >"$log" 2>&1 ||
    ! cmake --build "$B" -j "${JOBS:-2}" --target fayasm_static >>"$log" 2>&1 ||
    ! $CC -std=c11 -Wall -Wextra -Werror $KNOBS -I"$ROOT/include" "$HERE/check.c" \
        "$(find "$B" -name 'libfayasm*.a' | head -n 1)" -lm -o "$B/check" >>"$log" 2>&1; then
    echo "FAIL build (log: $log)"
    grep -E 'error|warning' "$log" | head -n 10
    echo "0 passed, 1 failed"
    exit 1
fi

for wat in "$HERE"/*.wat; do
    wat2wasm --enable-all "$wat" -o "$B/$(basename "$wat" .wat).wasm" ||
        { echo "error: wat2wasm failed on $wat" >&2; exit 2; }
done

passed=1 # the warning-free build
failed=0
# expect NAME WANT -- COMMAND...: stdout must equal WANT
expect() {
    local name=$1 want=$2 got
    shift 3
    got=$("$@" 2>&1)
    if [ "$got" = "$want" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'FAIL %s\n  got:  %s\n  want: %s\n' "$name" "$got" "$want"
    fi
}
C=$B/check
U=FA_ERR_UNSUPPORTED
expect simd "$U SIMD not supported in this build" -- "$C" load "$B/simd.wasm"
for f in float_ops float_const float_global float_import float_local float_param; do
    expect "$f" "$U floating point not supported in this build" -- "$C" load "$B/$f.wasm"
done
expect memory64 "$U memory64 not supported in this build" -- "$C" load "$B/mem64.wasm"
expect multi_memory "$U multi-memory not supported in this build" -- "$C" load "$B/multimem.wasm"
expect tail_call "$U tail calls not supported in this build" -- "$C" load "$B/tail.wasm"
expect extended_const "$U extended constant expressions not supported in this build" \
    -- "$C" load "$B/extconst.wasm"
expect int_fib 6765 -- "$C" run "$B/int.wasm" fib 20
expect int_run $((6765 + 4950)) -- "$C" run "$B/int.wasm" run 100
expect file_io "$U cannot load '$B/int.wasm': file I/O is not supported in this build" \
    -- "$C" file "$B/int.wasm"
# RAM 256 KiB: stack 2048 slots, 256 frames, 4 re-entries, 2 pages, 32 KiB of code
expect defaults "features 0
stack_slots 2048
max_call_depth 256
max_reentry 4
max_memory_pages 2
code_cache_bytes 32768" -- "$C" defaults

echo "$passed passed, $failed failed"
[ $failed = 0 ]
