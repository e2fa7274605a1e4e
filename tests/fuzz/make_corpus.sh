#!/usr/bin/env bash
# tests/fuzz/make_corpus.sh - builds the fuzzers' seed corpus in a build tree.
#
# Usage: tests/fuzz/make_corpus.sh OUT_DIR
#
# Collects, deduplicated by content (file name = sha1 of the bytes):
#   - every binary module of the spec testsuite: each in-tree file of
#     MANIFEST.tsv is converted with wast2json (with its manifest flags) into
#     a temporary directory and the .wasm files it writes are copied (valid
#     modules, and the malformed/invalid ones of assert_malformed/invalid);
#   - the unit tests' seed modules (tests/unit/fuzz_seeds/*.wat, via wat2wasm);
#   - FAYASM_CORPUS_TTF (default 64) random valid modules from binaryen's
#     wasm-opt -ttf, when wasm-opt is installed.
# Nothing is written into the source tree: spec files are never committed.
#
# Environment: FAYASM_TESTSUITE (default <repo>/../shared/testsuite).
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ts=${FAYASM_TESTSUITE:-$repo/../shared/testsuite}
out=${1:?usage: make_corpus.sh OUT_DIR}
n_ttf=${FAYASM_CORPUS_TTF:-64}

mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

add() { # add FILE: copies FILE into the corpus under its content hash
    local sum
    sum=$(sha1sum "$1" | cut -c1-40)
    [ -e "$out/$sum" ] || cp "$1" "$out/$sum"
}

n0=$(ls "$out" | wc -l)

if [ -f "$ts/MANIFEST.tsv" ] && command -v wast2json >/dev/null 2>&1; then
    # columns: path source_commit wast2json_flags converts in_tree ...
    while IFS=$'\t' read -r path _ flags converts in_tree _; do
        [ "$converts" = yes ] && [ "$in_tree" = yes ] || continue
        [ "$flags" = - ] && flags=
        d=$tmp/$(echo "$path" | tr '/' '_')
        mkdir -p "$d"
        # shellcheck disable=SC2086
        wast2json $flags "$ts/$path" -o "$d/x.json" >/dev/null 2>&1 || continue
        for f in "$d"/*.wasm; do
            [ -e "$f" ] && add "$f"
        done
        rm -rf "$d"
    done < <(tail -n +2 "$ts/MANIFEST.tsv")
else
    echo "make_corpus.sh: no testsuite at $ts or no wast2json; spec seeds skipped" >&2
fi

if command -v wat2wasm >/dev/null 2>&1; then
    for w in "$repo"/tests/unit/fuzz_seeds/*.wat "$repo"/tests/regress/*.wat; do
        [ -e "$w" ] || continue
        wat2wasm --enable-all "$w" -o "$tmp/seed.wasm" >/dev/null 2>&1 && add "$tmp/seed.wasm"
    done
fi

if command -v wasm-opt >/dev/null 2>&1 && [ "$n_ttf" -gt 0 ]; then
    for i in $(seq 1 "$n_ttf"); do
        head -c $((1000 + i * 97)) /dev/urandom >"$tmp/ttf.dat"
        wasm-opt -ttf "$tmp/ttf.dat" -o "$tmp/ttf.wasm" --mvp-features --enable-sign-ext \
            --enable-nontrapping-float-to-int --enable-multivalue --enable-bulk-memory \
            --enable-mutable-globals >/dev/null 2>&1 && add "$tmp/ttf.wasm"
    done
fi

n1=$(ls "$out" | wc -l)
echo "make_corpus.sh: $out: $n1 seeds ($((n1 - n0)) new)"
