#!/usr/bin/env bash
# tests/wasi/run.sh BUILD_DIR - the WASI preview1 test programs.
#
# Compiles each C program of tests/wasi with clang --target=wasm32-wasi -O2
# into BUILD_DIR/wasi-tests, runs it with BUILD_DIR/bin/fayasm_run in a fresh
# directory holding "sandbox" (preopened as /sandbox) and "outside" (a
# sibling with a file "secret", never preopened), and compares stdout,
# stderr, the exit status and the resulting files with the hand-written
# files in tests/wasi/expected:
#   NAME.stdout          exact standard output (required)
#   NAME.stderr          exact standard error (absent: must be empty)
#   NAME.stderr.grep     instead of .stderr: a pattern stderr must contain
#   NAME.exit            exit status (absent: 0)
#   NAME.files           listing (and contents) of the directories after the run
# When node is installed, the programs whose calls node's WASI gets right
# also run under `node --experimental-wasi-unstable-preview1` (node_run.mjs)
# against the same expected files, as an oracle. Ends with "N passed, N failed".
#
# Environment: WASI_CC (default clang), WASI_SYSROOT (default: probed),
# NODE (default node; empty to skip the oracle), WASI_TESTS (names to run).
set -u

if [ $# -lt 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
BUILD=$(cd "$1" && pwd) || exit 2
SRC=$(cd "$(dirname "$0")" && pwd)
RUNNER="$BUILD/bin/fayasm_run"
OUT="$BUILD/wasi-tests"
CC=${WASI_CC:-clang}
NODE_BIN=${NODE-node}
export LC_ALL=C

if [ ! -x "$RUNNER" ]; then
    echo "error: $RUNNER not built" >&2
    exit 2
fi
rm -rf "$OUT"
mkdir -p "$OUT"

# ------------------------------------------------------------ toolchain

SYSROOT=
probe() {
    printf 'int main(void){return 0;}\n' > "$OUT/probe.c"
    for s in ${WASI_SYSROOT:-} /usr /usr/share/wasi-sysroot /opt/wasi-sdk/share/wasi-sysroot; do
        if "$CC" --target=wasm32-wasi --sysroot="$s" -O2 "$OUT/probe.c" -o "$OUT/probe.wasm" \
            >/dev/null 2>&1; then
            SYSROOT=$s
            return 0
        fi
    done
    return 1
}
if ! command -v "$CC" >/dev/null 2>&1 || ! probe; then
    echo "skipped: no wasm32-wasi C compiler ($CC) with a WASI sysroot"
    echo "0 passed, 0 failed"
    exit 77
fi
HAVE_NODE=0
if [ -n "$NODE_BIN" ] && command -v "$NODE_BIN" >/dev/null 2>&1; then
    HAVE_NODE=1
fi
HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1

# ------------------------------------------------------------ test definitions
#
# Each test may define cfg_NAME (sets the variables below) and setup_NAME
# (runs in the fresh run directory, after fixtures/NAME has been copied in).
#   SOURCE  program (default NAME)       ARGS   program arguments (array)
#   ENVS    --env values (array)          STDIN  file for stdin (default /dev/null)
#   NODE_OK 1: also run under node        FILES  directories listed afterwards
#   RACE    1: swap sandbox/race while it runs
#   DRIVER  a command that runs the program itself ($RUN_CMD and $WASM set)

TESTS=${WASI_TESTS:-"args_env exit_code clocks fd_ops strict readdir path_ops sandbox race \
imports_all unknown_import wordfreq sockets_conn sockets_accept"}

cfg_args_env() {
    ARGS=(one "two words" "" "ünïcödé")
    ENVS=(GREETING=hello EMPTY= "SPACED=a b  c")
    NODE_OK=1
}
cfg_exit_code() { NODE_OK=1; }
setup_clocks() { printf '0123456789abcdefghij\n' > sandbox/data.txt; }
cfg_fd_ops() { NODE_OK=1; }
setup_fd_ops() { printf '0123456789abcdefghij\n' > sandbox/data.txt; }
cfg_strict() { ENVS=(A=B); }
setup_strict() {
    mkdir -p sandbox/sub
    echo content > sandbox/file.txt
    echo x > sandbox/sub/x
    ln -s file.txt sandbox/soft
    ln -s sub sandbox/softdir
}
cfg_readdir() { NODE_OK=1; }
setup_readdir() {
    mkdir -p sandbox/dir/sub
    echo a > sandbox/dir/a.txt
    echo bb > sandbox/dir/bb.txt
    touch "sandbox/dir/$(printf 'L%.0s' $(seq 1 120))"
    ln -s a.txt sandbox/dir/lnk
    for i in $(seq 1 20); do touch "sandbox/dir/f$i"; done
}
cfg_path_ops() { NODE_OK=1; }
setup_path_ops() {
    mkdir -p sandbox/dir sandbox/nonempty
    echo content > sandbox/file.txt
    echo inner > sandbox/dir/inner.txt
    echo x > sandbox/nonempty/x
}
setup_sandbox() {
    mkdir -p sandbox/sub
    echo inside > sandbox/file.txt
    echo inner > sandbox/sub/inner.txt
    ln -s "$PWD/outside/secret" sandbox/abs_link
    ln -s "$PWD/sandbox/file.txt" sandbox/abs_inside
    ln -s ../outside/secret sandbox/up_link
    ln -s ../outside sandbox/up_dir
    ln -s ../../outside/secret sandbox/sub/deep_up
    ln -s ../file.txt sandbox/sub/ok_up
    ln -s chain2 sandbox/chain1
    ln -s sub/inner.txt sandbox/chain2
    ln -s loop2 sandbox/loop1
    ln -s loop1 sandbox/loop2
    ln -s self sandbox/self
    ln -s . sandbox/dot_link
    ln -s sub/../.. sandbox/updot
}
cfg_race() {
    ARGS=(3000)
    RACE=1
    FILES="outside"
}
setup_race() {
    mkdir -p sandbox/race
    echo in > sandbox/race/secret
    ln -s ../outside sandbox/race_link
}
cfg_imports_all() { :; }
cfg_unknown_import() { NODE_OK=0; }
cfg_wordfreq() {
    ARGS=(-i -n 12 -o /sandbox/report.txt -x /sandbox/index /sandbox/texts /sandbox/missing.txt -)
    STDIN="$SRC/fixtures/wordfreq/stdin.txt"
    NODE_OK=1
}
cfg_sockets_conn() {
    SOURCE=sockets
    DRIVER='python3 "$SRC/sock_driver.py" "$RUN_CMD" "$WASM" conn'
    NEEDS_PY=1
}
cfg_sockets_accept() {
    SOURCE=sockets
    DRIVER='python3 "$SRC/sock_driver.py" "$RUN_CMD" "$WASM" accept'
    NEEDS_PY=1
}

# ------------------------------------------------------------ helpers

# Lists the given directories (relative to the run directory) with file
# contents, in a stable order: "d PATH", "l PATH -> TARGET", "f PATH (N bytes)"
# followed by the contents ("| " prefixed, control bytes shown by cat -v).
# Link targets under the run directory show it as "<run>".
dump_tree() {
    find "$@" 2>/dev/null | sort | while IFS= read -r p; do
        if [ -L "$p" ]; then
            local t
            t=$(readlink "$p")
            echo "l $p -> ${t/#$PWD/<run>}"
        elif [ -d "$p" ]; then
            echo "d $p"
        elif [ -f "$p" ]; then
            echo "f $p ($(wc -c < "$p" | tr -d ' ') bytes)"
            if [ -s "$p" ]; then
                cat -v "$p" | sed 's/^/| /'
                if [ "$(tail -c 1 "$p" | od -An -tx1 | tr -d ' ')" != "0a" ]; then
                    echo
                    echo "(no newline at end)"
                fi
            fi
        else
            echo "? $p"
        fi
    done
}

RACER=
start_racer() {
    local dir=$1
    if [ "$HAVE_PY" = 1 ]; then
        (cd "$dir/sandbox" && exec python3 -c '
import os
while not os.path.exists("../stop"):
    os.rename("race", "race_dir"); os.rename("race_link", "race")
    os.rename("race", "race_link"); os.rename("race_dir", "race")
') &
    else
        (cd "$dir/sandbox" && while [ ! -e ../stop ]; do
            mv -T race race_dir; mv -T race_link race; mv -T race race_link; mv -T race_dir race
        done) &
    fi
    RACER=$!
}
stop_racer() {
    touch "$1/stop"
    wait "$RACER"
    rm -f "$1/stop"
}

PASS=0
FAIL=0
FAILED=

report() { # name ok detail-file
    if [ "$2" = 1 ]; then
        PASS=$((PASS + 1))
        echo "PASS $1"
    else
        FAIL=$((FAIL + 1))
        FAILED="$FAILED $1"
        echo "FAIL $1"
        [ -s "$3" ] && head -n 60 "$3" | sed 's/^/    /'
    fi
}

# Runs one test with one runner ("fayasm" or "node"); compares; reports.
run_one() {
    local name=$1 flavour=$2 wasm=$3
    local dir="$OUT/$flavour/$name"
    local exp="$SRC/expected/$name"
    local log="$OUT/$flavour/$name.log"
    rm -rf "$dir"
    mkdir -p "$dir/sandbox" "$dir/outside"
    printf 'TOP SECRET\n' > "$dir/outside/secret"
    if [ -d "$SRC/fixtures/$name" ]; then
        (cd "$SRC/fixtures/$name" && tar cf - .) | (cd "$dir" && tar xf -)
    fi
    if declare -f "setup_$name" >/dev/null; then
        (cd "$dir" && "setup_$name")
    fi

    local run_cmd
    if [ "$flavour" = node ]; then
        run_cmd="$NODE_BIN --no-warnings --experimental-wasi-unstable-preview1 $SRC/node_run.mjs"
    else
        run_cmd="$RUNNER"
    fi
    local opts=(--dir sandbox::/sandbox)
    local e
    for e in "${ENVS[@]+"${ENVS[@]}"}"; do
        opts+=(--env "$e")
    done

    [ "$RACE" = 1 ] && start_racer "$dir"
    local rc
    if [ -n "$DRIVER" ]; then
        (cd "$dir" && RUN_CMD=$run_cmd WASM=$wasm SRC=$SRC && eval "$DRIVER") \
            > "$dir.stdout" 2> "$dir.stderr" < /dev/null
        rc=$?
    else
        # shellcheck disable=SC2086
        (cd "$dir" && exec $run_cmd "${opts[@]}" -- "$wasm" "${ARGS[@]+"${ARGS[@]}"}") \
            > "$dir.stdout" 2> "$dir.stderr" < "$STDIN"
        rc=$?
    fi
    [ "$RACE" = 1 ] && stop_racer "$dir"

    local ok=1
    : > "$log"
    if ! diff -u "$exp.stdout" "$dir.stdout" >> "$log" 2>&1; then
        ok=0
    fi
    if [ -f "$exp.stderr.grep" ]; then
        if ! grep -q -f "$exp.stderr.grep" "$dir.stderr"; then
            { echo "stderr does not match $(cat "$exp.stderr.grep"):"; cat "$dir.stderr"; } >> "$log"
            ok=0
        fi
    elif [ "$RACE" = 1 ]; then
        # statistics only; but never a sanitizer report
        if grep -E -q "ERROR: (Address|Leak)Sanitizer|runtime error: " "$dir.stderr"; then
            cat "$dir.stderr" >> "$log"
            ok=0
        fi
    else
        local want_err=/dev/null
        [ -f "$exp.stderr" ] && want_err="$exp.stderr"
        if ! diff -u "$want_err" "$dir.stderr" >> "$log" 2>&1; then
            ok=0
        fi
    fi
    local want_rc=0
    [ -f "$exp.exit" ] && want_rc=$(cat "$exp.exit")
    if [ "$rc" != "$want_rc" ]; then
        echo "exit status $rc, expected $want_rc" >> "$log"
        ok=0
    fi
    if [ -f "$exp.files" ]; then
        # shellcheck disable=SC2086
        (cd "$dir" && dump_tree $FILES) > "$dir.files"
        if ! diff -u "$exp.files" "$dir.files" >> "$log" 2>&1; then
            ok=0
        fi
    fi
    if [ "$flavour" = node ]; then
        report "$name (node)" "$ok" "$log"
    else
        report "$name" "$ok" "$log"
    fi
}

# ------------------------------------------------------------ main

echo "wasm32-wasi compiler: $CC --sysroot=$SYSROOT"
[ "$HAVE_NODE" = 1 ] && echo "node oracle: $("$NODE_BIN" --version)" || echo "node oracle: not installed"
for name in $TESTS; do
    SOURCE=$name ARGS=() ENVS=() STDIN=/dev/null NODE_OK=0 FILES="sandbox outside" RACE=0
    DRIVER= NEEDS_PY=0
    if declare -f "cfg_$name" >/dev/null; then
        "cfg_$name"
    fi
    wasm="$OUT/$SOURCE.wasm"
    if [ ! -f "$wasm" ]; then
        if ! "$CC" --target=wasm32-wasi --sysroot="$SYSROOT" -O2 -Wall -Wextra -Wno-unused-result \
            "$SRC/$SOURCE.c" -o "$wasm" > "$OUT/$SOURCE.compile.log" 2>&1; then
            report "$name" 0 "$OUT/$SOURCE.compile.log"
            continue
        fi
    fi
    if [ "$NEEDS_PY" = 1 ] && [ "$HAVE_PY" = 0 ]; then
        echo "skip $name (needs python3)"
        continue
    fi
    run_one "$name" fayasm "$wasm"
    if [ "$NODE_OK" = 1 ] && [ "$HAVE_NODE" = 1 ]; then
        run_one "$name" node "$wasm"
    fi
done

[ -n "$FAILED" ] && echo "failed:$FAILED"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
