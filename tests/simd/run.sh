#!/usr/bin/env bash
# tests/simd/run.sh - SIMD kernels: native build vs wasm32-wasi -msimd128 build in fayasm.
#
# Usage: tests/simd/run.sh BUILD_DIR
#
# Each kernel (saxpy.c, dot.c, histogram.c, pixels.c) is compiled twice:
#   native:  ${CC:-cc} -std=c11 -O2 -ffp-contract=off   (scalar reference path)
#   wasm:    clang --target=wasm32-wasi -msimd128 -O2   (<wasm_simd128.h> path)
# The wasm build must contain SIMD instructions (checked with wasm-objdump
# when it is installed) and, run by BUILD_DIR/bin/fayasm_run, must print
# exactly what the native build prints and exit with the same status.
# Prints one line per kernel and a final "N passed, N failed"; exits 1 on a
# failure, 77 when no wasm32-wasi clang is available (skip).
#
# Environment: CC (native compiler), WASM_CC (default clang),
#              FAYASM_RUN (default BUILD_DIR/bin/fayasm_run, may carry an
#              emulator prefix).
set -u

here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build=$1
case $build in /*) ;; *) build=$PWD/$build ;; esac
run_cmd=${FAYASM_RUN:-$build/bin/fayasm_run}
read -r -a run <<<"$run_cmd"
if [ ${#run[@]} -eq 1 ] && [ ! -x "${run[0]}" ]; then
    echo "run.sh: ${run[0]} not found; build it first" >&2
    exit 2
fi
cc=${CC:-cc}
wasm_cc=${WASM_CC:-clang}
work=$build/simd-kernels
mkdir -p "$work"

probe=$work/probe.c
printf 'int main(void){return 0;}\n' >"$probe"
if ! "$wasm_cc" --target=wasm32-wasi -msimd128 -O2 "$probe" -o "$work/probe.wasm" 2>/dev/null; then
    echo "skip: $wasm_cc cannot build for wasm32-wasi (install clang, lld and wasi-libc)"
    exit 77
fi

passed=0
failed=0
fail() {
    echo "FAIL $1: $2"
    failed=$((failed + 1))
}

for src in saxpy dot histogram pixels; do
    c=$here/$src.c
    if ! "$cc" -std=c11 -O2 -ffp-contract=off -Wall -Wextra "$c" -o "$work/$src.native" -lm \
        2>"$work/$src.native.log"; then
        fail "$src" "native build failed (see $work/$src.native.log)"
        continue
    fi
    if ! "$wasm_cc" --target=wasm32-wasi -msimd128 -O2 -ffp-contract=off -Wall -Wextra "$c" \
        -o "$work/$src.wasm" 2>"$work/$src.wasm.log"; then
        fail "$src" "wasm build failed (see $work/$src.wasm.log)"
        continue
    fi
    nsimd=unknown
    if command -v wasm-objdump >/dev/null 2>&1; then
        nsimd=$(wasm-objdump -d "$work/$src.wasm" |
            grep -cE '\| +(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.')
        if [ "$nsimd" -eq 0 ]; then
            fail "$src" "the wasm build contains no SIMD instructions"
            continue
        fi
    fi
    "$work/$src.native" >"$work/$src.want" 2>&1
    want_rc=$?
    "${run[@]}" "$work/$src.wasm" >"$work/$src.got" 2>&1
    got_rc=$?
    if [ "$got_rc" != "$want_rc" ]; then
        fail "$src" "exit status $got_rc, native $want_rc (output in $work/$src.got)"
        continue
    fi
    if ! cmp -s "$work/$src.want" "$work/$src.got"; then
        fail "$src" "output differs from the native build:"
        diff "$work/$src.want" "$work/$src.got" | head -20
        continue
    fi
    echo "ok   $src ($nsimd SIMD instructions, $(wc -l <"$work/$src.got") lines)"
    passed=$((passed + 1))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
