#!/usr/bin/env bash
# tests/fuzz/run.sh - builds the libFuzzer targets and runs each for a while.
#
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET]
#   SECONDS  how long each target runs (default 60)
#   TARGET   fuzz_load or fuzz_run (default: both, one after the other)
#
# Builds tests/fuzz standalone with clang into $FAYASM_FUZZ_BUILD (default
# <repo>/build-fuzz), makes the seed corpus there on first use
# (make_corpus.sh: spec modules, unit seeds, wasm-opt -ttf modules), then runs
#   TARGET -max_total_time=SECONDS CORPUS/TARGET CORPUS/seed
# The working corpus CORPUS/TARGET grows across runs. A crash, sanitizer
# report, leak, timeout or out-of-memory stops the run: the input is saved as
# $FAYASM_FUZZ_BUILD/crashes/TARGET/<kind>-<sha1> and the script exits 1
# after the remaining targets ran. Replay one with: build-fuzz/TARGET FILE
#
# Each run appends "date target seconds execs" to $FAYASM_FUZZ_BUILD/totals.log
# (docs/fuzzing.md keeps the running totals).
#
# Environment:
#   FAYASM_FUZZ_BUILD  build dir (default <repo>/build-fuzz)
#   FAYASM_FUZZ_JOBS   parallel fuzzing processes per target (default 1)
#   FAYASM_FUZZ_FLAGS  extra libFuzzer flags (e.g. -seed=1; -dict=wasm.dict is always on)
#   CC                 clang to use (default clang)
set -u

# Everything runs inside main, so that editing this file while it runs is safe
# (bash reads a script as it goes, but parses a function whole).
main() {

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
secs=${1:-60}
only=${2:-}
build=${FAYASM_FUZZ_BUILD:-$repo/build-fuzz}
case $build in /*) ;; *) build=$PWD/$build ;; esac
jobs=${FAYASM_FUZZ_JOBS:-1}
cc=${CC:-clang}

case $secs in '' | *[!0-9]*) echo "run.sh: SECONDS must be a number" >&2; exit 2 ;; esac
targets="fuzz_load fuzz_run"
if [ -n "$only" ]; then
    case " $targets " in *" $only "*) targets=$only ;;
    *) echo "run.sh: unknown target $only (fuzz_load, fuzz_run)" >&2; exit 2 ;; esac
fi

cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    >"$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; exit 2; }
rm -f "$build.configure.log"
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null || {
    echo "run.sh: build failed" >&2
    cmake --build "$build" 2>&1 | tail -30 >&2
    exit 2
}

seed=$build/corpus/seed
if [ -z "$(ls -A "$seed" 2>/dev/null)" ]; then
    "$here/make_corpus.sh" "$seed" || exit 2
fi

status=0
for t in $targets; do
    corpus=$build/corpus/$t
    crashes=$build/crashes/$t
    mkdir -p "$corpus" "$crashes"
    log=$build/$t.log
    echo "== $t: ${secs}s (log: $log)"
    extra=(-dict="$here/wasm.dict")
    [ "$jobs" -gt 1 ] && extra+=(-fork="$jobs" -ignore_crashes=0)
    # shellcheck disable=SC2086
    "$build/$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=32768 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "${extra[@]}" ${FAYASM_FUZZ_FLAGS:-} \
        "$corpus" "$seed" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "$(date -u +%FT%TZ) $t $secs ${execs:-?}" >>"$build/totals.log"
    if [ $rc -ne 0 ]; then
        status=1
        echo "FAIL $t (exit $rc):"
        grep -E "ERROR: |runtime error|fuzz invariant|Test unit written|SUMMARY" "$log" | head -20
    else
        echo "ok   $t: ${execs:-?} inputs, corpus $(ls "$corpus" | wc -l) files"
    fi
done
exit $status
}

main "$@"
