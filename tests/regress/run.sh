#!/usr/bin/env bash
# tests/regress/run.sh - regression cases from fuzzing and differential testing.
#
# Usage: tests/regress/run.sh BUILD_DIR
#
# Each case is tests/regress/NNN-description.wat (or .wasm, for binary
# inputs a fuzzer found that wat2wasm cannot express) with NNN-description.expected
# next to it: the output of `fayasm_diff --no-mem CASE.wasm` (grammar at the
# top of tests/diff/fayasm_diff.c), written by hand from the spec semantics,
# or, for a module found by the differential tests, what the reference
# (node's V8, tests/diff/ref.mjs) printed for it; never copied from fayasm. A .wat file whose first line is
#   ;; wat2wasm: FLAGS
# is converted with those flags (default: wat2wasm's own feature set).
#
# The driver (tests/diff/fayasm_diff.c) is linked against BUILD_DIR's static
# library with that build's compiler, and with ASan+UBSan when the build has
# FAYASM_SANITIZE=ON. It checks the allocator contract too (sizes passed back
# to the hook, nothing left after fa_runtime_free), so a case may also fail by
# aborting. Prints one line per case, then "N passed, N failed".
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:?usage: tests/regress/run.sh BUILD_DIR}
build=$(cd "$build" && pwd) || exit 2
lib=$build/lib/libfayasm.a
[ -f "$lib" ] || { echo "regress/run.sh: no $lib (FAYASM_BUILD_STATIC=ON needed)" >&2; exit 2; }
command -v wat2wasm >/dev/null 2>&1 || { echo "regress/run.sh: wat2wasm not found (wabt)" >&2; exit 2; }

cache=$build/CMakeCache.txt
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$cache" 2>/dev/null)
[ -n "$cc" ] || cc=${CC:-cc}
flags="-std=c11 -O1 -g"
if grep -q '^FAYASM_SANITIZE:BOOL=ON' "$cache" 2>/dev/null; then
    flags="$flags -fsanitize=address,undefined -fno-sanitize-recover=all"
fi
work=$build/regress
mkdir -p "$work"
driver=$work/fayasm_diff
if [ ! -x "$driver" ] || [ "$lib" -nt "$driver" ] || [ "$repo/tests/diff/fayasm_diff.c" -nt "$driver" ]; then
    # shellcheck disable=SC2086
    "$cc" $flags -I"$repo/include" "$repo/tests/diff/fayasm_diff.c" "$lib" -lm -o "$driver" ||
        { echo "regress/run.sh: driver build failed" >&2; exit 2; }
fi

pass=0 fail=0
for src in "$here"/[0-9][0-9][0-9]-*.wat "$here"/[0-9][0-9][0-9]-*.wasm; do
    [ -e "$src" ] || continue
    base=${src%.*}
    name=$(basename "$base")
    expected=$base.expected
    wasm=$work/$name.wasm
    if [ ! -f "$expected" ]; then
        echo "FAIL $name: no $name.expected"
        fail=$((fail + 1))
        continue
    fi
    case $src in
    *.wat)
        wflags=$(sed -n '1s/^;; wat2wasm: *//p' "$src")
        # shellcheck disable=SC2086
        if ! wat2wasm $wflags "$src" -o "$wasm" 2>"$work/$name.err"; then
            echo "FAIL $name: wat2wasm: $(head -1 "$work/$name.err")"
            fail=$((fail + 1))
            continue
        fi
        ;;
    *) cp "$src" "$wasm" ;;
    esac
    timeout 60 "$driver" --no-mem "$wasm" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
    if [ $rc -eq 0 ] && cmp -s "$expected" "$work/$name.out"; then
        echo "ok   $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name (exit $rc)"
        diff "$expected" "$work/$name.out" | head -10 | sed 's/^/    /'
        head -5 "$work/$name.err" | sed 's/^/    /'
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
