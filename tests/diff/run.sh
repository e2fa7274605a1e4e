#!/usr/bin/env bash
# tests/diff/run.sh - differential testing of fayasm against node's V8.
#
# Usage: tests/diff/run.sh [N_SEEDS]        (default 30, the CI setting)
#
# For each seed S in FIRST .. FIRST+N-1:
#   1. fayasm_diff --random-bytes S SIZE > S.dat   (same bytes on every host)
#   2. wasm-opt -ttf S.dat -o S.wasm <features>    (binaryen: a random *valid*
#      module; features limited to what fayasm runs, see FEATURES below;
#      S % 3 == 1 adds -O3, S % 3 == 2 binaryen's random --fuzz-passes)
#   3. fayasm_diff S.wasm  and  node ref.mjs S.wasm  each run every export
#      (zero arguments, hangLimitInitializer before each call) and print the
#      normalised record (results, traps by category, host-import logs,
#      memory hash after each call, exported globals; NaNs compared as "nan");
#   4. the two outputs must be identical. If they differ, the seed is made
#      again with binaryen's --denan pass (every NaN becomes 0 at run time);
#      if that version agrees, the difference was only NaN bits (legitimately
#      non-deterministic) and the seed counts as "same after --denan".
# A mismatch keeps S.wasm, both outputs and their diff in OUT/mismatch/S/ and
# makes the script exit 1 (after all seeds). Reduce one by hand (wasm-reduce
# or by editing `wasm-opt S.wasm --print`), then add it to tests/regress/.
#
# fayasm_diff is compiled straight from src/ (no CMake build needed), with
# ASan+UBSan unless FAYASM_DIFF_SAN=0, so a memory error on a valid module
# fails the seed too.
#
# Environment:
#   FAYASM_DIFF_OUT    work dir (default <repo>/build-diff)
#   FAYASM_DIFF_FIRST  first seed (default 1)
#   FAYASM_DIFF_SAN    1 (default) = build the driver with ASan+UBSan
#   FAYASM_DIFF_DENAN  1 = always add binaryen's --denan pass (no NaNs at all)
#   FAYASM_DIFF_SIMD   1 = let -ttf use SIMD too
#   CC                 C compiler for the driver (default cc)
set -u

# Everything runs inside main, so that editing this file while it runs is safe
# (bash reads a script as it goes, but parses a function whole).
main() {

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
n=${1:-30}
out=${FAYASM_DIFF_OUT:-$repo/build-diff}
case $out in /*) ;; *) out=$PWD/$out ;; esac
first=${FAYASM_DIFF_FIRST:-1}
san=${FAYASM_DIFF_SAN:-1}
denan=${FAYASM_DIFF_DENAN:-0}
cc=${CC:-cc}

# MVP + the 2.0 features fayasm runs. Reference types stay off: binaryen 108's
# -ttf then emits typed function references (ref $t), which are not 2.0.
# SIMD is opt-in (FAYASM_DIFF_SIMD=1) while the SIMD work is in progress;
# exports and imports with v128 in their type cannot cross into JS, so both
# drivers skip such exports and trap (category host) on such imports.
FEATURES="--mvp-features --enable-sign-ext --enable-nontrapping-float-to-int
  --enable-multivalue --enable-bulk-memory --enable-mutable-globals"
[ "${FAYASM_DIFF_SIMD:-0}" = 1 ] && FEATURES="$FEATURES --enable-simd"

die() { echo "diff/run.sh: $*" >&2; exit 2; }
command -v wasm-opt >/dev/null 2>&1 || die "wasm-opt not found (Debian package binaryen)"
command -v node >/dev/null 2>&1 || die "node not found"
case $n in '' | *[!0-9]*) die "N_SEEDS must be a number" ;; esac

mkdir -p "$out/work"
driver=$out/fayasm_diff
srcs=$(ls "$repo"/src/*.c "$repo"/src/util/*.c)
stale=0
[ -x "$driver" ] || stale=1
for f in $srcs "$repo"/src/*.h "$repo"/include/fayasm.h "$here/fayasm_diff.c"; do
    [ "$f" -nt "$driver" ] && stale=1
done
if [ $stale = 1 ]; then
    flags="-O1 -g"
    [ "$san" = 1 ] && flags="$flags -fsanitize=address,undefined -fno-sanitize-recover=all"
    echo "building $driver"
    # shellcheck disable=SC2086
    $cc -std=c11 $flags -I"$repo/include" -I"$repo/src" $srcs "$here/fayasm_diff.c" -lm \
        -o "$driver" || die "driver build failed"
fi

extra=
[ "$denan" = 1 ] && extra=--denan

# gen_run W FLAGS...: makes W.wasm from W.dat with wasm-opt FLAGS, runs both
# engines. Returns 0 same, 1 different (or fayasm failed), 2 skip.
gen_run() {
    local w=$1
    shift
    # shellcheck disable=SC2086
    wasm-opt -ttf "$w.dat" -o "$w.wasm" $FEATURES "$@" >/dev/null 2>"$w.gen.err" || return 2
    timeout 60 "$driver" "$w.wasm" >"$w.fa" 2>"$w.fa.err"
    rc_fa=$?
    timeout 60 node "$here/ref.mjs" "$w.wasm" >"$w.ref" 2>"$w.ref.err"
    local rc_ref=$?
    if [ $rc_ref -ne 0 ] || grep -q '^skip:' "$w.ref"; then
        return 2
    fi
    [ $rc_fa -eq 0 ] && cmp -s "$w.fa" "$w.ref" && return 0
    return 1
}

same=0 bad=0 skipped=0 nan=0
last=$((first + n - 1))
for s in $(seq "$first" "$last"); do
    w=$out/work/$s
    size=$((2048 + (s * 7919) % 63488)) # 2 KiB .. 64 KiB of -ttf input
    "$driver" --random-bytes "$s" "$size" >"$w.dat"
    # One seed in three is optimised afterwards, one in three gets binaryen's
    # random pass pipeline: other instruction mixes than raw -ttf output.
    case $((s % 3)) in
    0) passes= ;;
    1) passes=-O3 ;;
    2) passes=--fuzz-passes ;;
    esac
    rm -rf "$out/mismatch/$s"
    gen_run "$w" $passes $extra
    rc=$?
    # NaN payloads are not deterministic (spec 4.3.3: an operation on a
    # non-canonical NaN may give any arithmetic NaN), and they reach memory
    # and integers through stores and reinterpret. If the seed agrees once
    # binaryen's --denan pass has replaced every NaN by 0, count it as a NaN
    # divergence, not a mismatch.
    if [ $rc = 1 ] && [ "$rc_fa" = 0 ] && [ -z "$extra" ]; then
        mv "$w.wasm" "$w.nan.wasm"; mv "$w.fa" "$w.nan.fa"; mv "$w.ref" "$w.nan.ref"
        gen_run "$w" $passes --denan
        rc=$?
        if [ $rc = 0 ]; then
            rc=3
        else
            mv "$w.nan.wasm" "$w.wasm"; mv "$w.nan.fa" "$w.fa"; mv "$w.nan.ref" "$w.ref"
        fi
    fi
    case $rc in
    0) same=$((same + 1)) ;;
    2) skipped=$((skipped + 1)) ;;
    3) nan=$((nan + 1)) ;;
    *)
        bad=$((bad + 1))
        d=$out/mismatch/$s
        mkdir -p "$d"
        cp "$w.wasm" "$w.fa" "$w.ref" "$d/"
        cp "$w.fa.err" "$d/fa.stderr"
        diff "$w.ref" "$w.fa" >"$d/diff.txt"
        echo "MISMATCH seed $s (exit $rc_fa): $d"
        head -5 "$d/diff.txt" | sed 's/^/    /'
        [ "$rc_fa" -ne 0 ] && head -5 "$w.fa.err" | sed 's/^/    /'
        ;;
    esac
    rm -f "$w".*
done
echo "seeds $first..$last: $same same, $nan same after --denan (NaN bits only), $bad mismatched, $skipped skipped"
echo "$(date -u +%FT%TZ) seeds=$first..$last same=$same nan=$nan mismatched=$bad skipped=$skipped" \
    >>"$out/totals.log"
[ $bad -eq 0 ]
}

main "$@"
