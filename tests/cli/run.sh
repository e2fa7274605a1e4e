#!/usr/bin/env bash
# tests/cli/run.sh - end-to-end tests of the fayasm_run command line.
#
# Usage: tests/cli/run.sh BUILD_DIR
# Builds the .wat files next to this script with wat2wasm (into a temporary
# directory), runs BUILD_DIR/bin/fayasm_run on them and compares stdout,
# stderr and the exit status exactly (a few load errors by pattern, where the
# spec fixes the message but not the byte offset). WASI cases are skipped,
# and listed, when fayasm_run was built without WASI.
# Prints one line per failure/skip and ends with "N passed, N failed";
# exits 1 if anything failed.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
RUN=$1/bin/fayasm_run
HERE=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$RUN" ]; then
    echo "error: $RUN not found (build first)" >&2
    exit 2
fi
if ! command -v wat2wasm >/dev/null 2>&1; then
    echo "error: wat2wasm (wabt) is needed to build the test modules" >&2
    exit 2
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

passed=0
failed=0
skipped=0

for wat in "$HERE"/*.wat; do
    name=$(basename "$wat" .wat)
    flags=
    case $name in invalid | invalid_body) flags=--no-check ;; esac # deliberately invalid
    [ "$name" = backtrace ] && flags=--debug-names # function names in backtraces
    if ! wat2wasm $flags "$wat" -o "$W/$name.wasm"; then
        echo "error: wat2wasm failed on $wat" >&2
        exit 2
    fi
done
printf '\0asX\1\0\0\0' >"$W/bad_magic.wasm"
printf '\0asm\2\0\0\0' >"$W/bad_version.wasm"
printf '\0as' >"$W/truncated.wasm"
: >"$W/empty.wasm"

V=$W/values.wasm
S=$W/simd.wasm
USAGE="usage: fayasm_run [OPTIONS] MODULE.wasm [EXPORT] [ARGS...]  (see fayasm_run --help)"

# tally NAME OK [DETAIL...]: counts a case (OK is 1 or 0); a failure prints
# "FAIL NAME" and each DETAIL line indented.
tally() {
    local name=$1 ok=$2
    shift 2
    if [ "$ok" = 1 ]; then
        passed=$((passed + 1))
        return
    fi
    failed=$((failed + 1))
    echo "FAIL $name"
    local line
    for line in "$@"; do
        echo "  $line"
    done
}

# run_case NAME RC STDOUT STDERR MODE -- COMMAND...
#   MODE "exact": stdout and stderr must equal the given text ("" = no output;
#   otherwise the text plus one final newline). MODE "regex": stderr must match
#   the extended regex STDERR (whole output, one line); "regex_lines": the
#   same over several lines.
run_case() {
    local name=$1 want_rc=$2 want_out=$3 want_err=$4 mode=$5
    shift 6
    "$@" >"$W/out" 2>"$W/err"
    local rc=$? ok=1
    [ "$rc" = "$want_rc" ] || ok=0
    if [ -z "$want_out" ]; then
        [ -s "$W/out" ] && ok=0
    else
        printf '%s\n' "$want_out" | cmp -s - "$W/out" || ok=0
    fi
    if [ "$mode" = regex ] || [ "$mode" = regex_lines ]; then
        local got
        got=$(cat "$W/err")
        [[ "$got" =~ ^${want_err}$ ]] || ok=0
        [ "$mode" = regex_lines ] || [ "$(wc -l <"$W/err")" -le 1 ] || ok=0
    elif [ -z "$want_err" ]; then
        [ -s "$W/err" ] && ok=0
    else
        printf '%s\n' "$want_err" | cmp -s - "$W/err" || ok=0
    fi
    tally "$name" $ok "command: $*" "exit status: $rc (want $want_rc)" \
        "stdout: $(head -c 600 "$W/out")" "want:   $want_out" \
        "stderr: $(head -c 600 "$W/err")" "want:   $want_err"
}

# ok NAME STDOUT -- COMMAND...: exit 0, exact stdout, empty stderr
ok() { run_case "$1" 0 "$2" "" exact "${@:3}"; }
# fails NAME RC STDERR -- COMMAND...: no stdout, exact stderr
fails() { run_case "$1" "$2" "" "$3" exact "${@:4}"; }
# fails_re NAME RC STDERR_REGEX -- COMMAND...
fails_re() { run_case "$1" "$2" "" "$3" regex "${@:4}"; }
# traps NAME RC TRAP_LINE -- COMMAND...: no stdout; stderr is TRAP_LINE, then
#   the backtrace ("  #N FUNCTION at 0xOFFSET", "  ... N more frames") and
#   "note: ..." lines only
traps() {
    local name=$1 want_rc=$2 want_err=$3
    shift 4
    "$@" >"$W/out" 2>"$W/err"
    local rc=$? ok=1
    [ "$rc" = "$want_rc" ] || ok=0
    [ -s "$W/out" ] && ok=0
    [ "$(head -n 1 "$W/err")" = "$want_err" ] || ok=0
    [ "$(wc -l <"$W/err")" -ge 2 ] || ok=0 # at least one frame
    tail -n +2 "$W/err" | grep -Evq '^(  #[0-9]+ .+|  \.\.\. [0-9]+ more frames|note: .+)$' && ok=0
    tally "$name" $ok "command: $*" "exit status: $rc (want $want_rc)" \
        "stdout: $(head -c 600 "$W/out")" "stderr: $(head -c 600 "$W/err")" \
        "want:   $want_err + backtrace"
}

# ---------------------------------------------------------------- results of every type

ok add 'result[0] (i32): 5' -- "$RUN" "$V" add i32:2 i32:3
ok add_untyped 'result[0] (i32): 5' -- "$RUN" "$V" add 2 3
ok add_hex 'result[0] (i32): 256' -- "$RUN" "$V" add i32:0xff 1
ok invoke_option 'result[0] (i32): 5' -- "$RUN" --invoke add "$V" i32:2 i32:3
ok invoke_equals 'result[0] (i32): 5' -- "$RUN" --invoke=add "$V" 2 3
ok i32_wrap 'result[0] (i32): -2147483648' -- "$RUN" "$V" add i32:2147483647 i32:1
ok i32_unsigned_in 'result[0] (i32): -1' -- "$RUN" "$V" id_i32 i32:4294967295
ok i32_min 'result[0] (i32): -2147483648' -- "$RUN" "$V" id_i32 i32:-2147483648
ok i64_neg 'result[0] (i64): -3' -- "$RUN" "$V" id_i64 i64:-3
ok i64_min 'result[0] (i64): -9223372036854775808' -- "$RUN" "$V" id_i64 i64:0x8000000000000000
ok i64_max 'result[0] (i64): 9223372036854775807' -- "$RUN" "$V" id_i64 i64:9223372036854775807
ok i64_all_ones 'result[0] (i64): -1' -- "$RUN" "$V" id_i64 i64:0xffffffffffffffff
ok nop '' -- "$RUN" "$V" nop
ok multi $'result[0] (i32): -1\nresult[1] (i64): -9223372036854775808\nresult[2] (f32): -1e-45\nresult[3] (f64): 3' \
    -- "$RUN" "$V" multi
ok funcref_null 'result[0] (funcref): null' -- "$RUN" "$V" id_funcref funcref:null
ok funcref_ref 'result[0] (funcref): ref' -- "$RUN" "$V" ref_func
ok externref_null 'result[0] (externref): null' -- "$RUN" "$V" id_externref externref:null
ok externref_n 'result[0] (externref): ref' -- "$RUN" "$V" id_externref externref:5
ok externref_0 'result[0] (externref): ref' -- "$RUN" "$V" id_externref externref:0
ok externref_null_result 'result[0] (externref): null' -- "$RUN" "$V" null_extern
ok v128_const 'result[0] (v128): i32x4:0x00000001,0xffffffff,0x7fffffff,0x00000000' \
    -- "$RUN" "$S" v128_const
ok v128_lanes 'result[0] (v128): i32x4:0x04030201,0x08070605,0x0c0b0a09,0x100f0e0d' \
    -- "$RUN" "$S" id_v128 v128:i8x16:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
ok v128_hex 'result[0] (v128): i32x4:0x0000000f,0x00000000,0x00000000,0x80000000' \
    -- "$RUN" "$S" id_v128 v128:0x8000000000000000000000000000000f

# ---------------------------------------------------------------- float formatting

ok f32_decimal 'result[0] (f32): 1.5' -- "$RUN" "$V" id_f32 f32:1.5
ok f32_untyped 'result[0] (f32): 1.5' -- "$RUN" "$V" id_f32 1.5
ok f32_tenth 'result[0] (f32): 0.1' -- "$RUN" "$V" id_f32 f32:0.1
ok f32_neg_zero 'result[0] (f32): -0' -- "$RUN" "$V" id_f32 f32:-0
ok f32_zero 'result[0] (f32): 0' -- "$RUN" "$V" id_f32 f32:0
ok f32_min_subnormal 'result[0] (f32): 1e-45' -- "$RUN" "$V" id_f32 f32:0x1p-149
ok f32_subnormal 'result[0] (f32): 1e-40' -- "$RUN" "$V" id_f32 f32:1e-40
ok f32_max_subnormal 'result[0] (f32): 1.1754942e-38' -- "$RUN" "$V" id_f32 f32:0x1.fffffcp-127
ok f32_max 'result[0] (f32): 3.4028235e+38' -- "$RUN" "$V" id_f32 f32:0x1.fffffep127
ok f32_int 'result[0] (f32): 16777216' -- "$RUN" "$V" id_f32 f32:16777217
ok f32_inf 'result[0] (f32): inf' -- "$RUN" "$V" id_f32 f32:inf
ok f32_neg_inf 'result[0] (f32): -inf' -- "$RUN" "$V" id_f32 f32:-inf
ok f32_nan 'result[0] (f32): nan' -- "$RUN" "$V" id_f32 f32:nan
ok f32_neg_nan 'result[0] (f32): -nan' -- "$RUN" "$V" id_f32 f32:-nan
ok f32_nan_payload 'result[0] (f32): nan:0x200000' -- "$RUN" "$V" id_f32 f32:nan:0x200000
ok f32_neg_nan_payload 'result[0] (f32): -nan:0x1' -- "$RUN" "$V" id_f32 f32:-nan:0x1
ok f32_bits_nan 'result[0] (f32): nan:0x200000' -- "$RUN" "$V" f32_from_bits i32:0x7fa00000
ok f32_bits_neg_nan 'result[0] (f32): -nan:0x7fffff' -- "$RUN" "$V" f32_from_bits i32:-1
ok f32_bits_canonical 'result[0] (f32): -nan' -- "$RUN" "$V" f32_from_bits i32:0xffc00000
ok f32_to_bits 'result[0] (i32): 2143289344' -- "$RUN" "$V" f32_bits f32:nan
ok f32_to_bits_sub 'result[0] (i32): 1' -- "$RUN" "$V" f32_bits f32:1e-45
ok f32_add 'result[0] (f32): 0.3' -- "$RUN" "$V" f32_add f32:0.1 f32:0.2
ok f32_add_ulp 'result[0] (f32): 1.0000001' -- "$RUN" "$V" f32_add f32:1 f32:0x1p-23
ok f64_hex 'result[0] (f64): 0.125' -- "$RUN" "$V" id_f64 f64:0x1p-3
ok f64_tenth 'result[0] (f64): 0.1' -- "$RUN" "$V" id_f64 f64:0.1
ok f64_add 'result[0] (f64): 0.30000000000000004' -- "$RUN" "$V" f64_add f64:0.1 f64:0.2
ok f64_third 'result[0] (f64): 0.3333333333333333' -- "$RUN" "$V" id_f64 f64:0x1.5555555555555p-2
ok f64_neg_zero 'result[0] (f64): -0' -- "$RUN" "$V" id_f64 f64:-0.0
ok f64_min_subnormal 'result[0] (f64): 5e-324' -- "$RUN" "$V" id_f64 f64:0x1p-1074
ok f64_max 'result[0] (f64): 1.7976931348623157e+308' -- "$RUN" "$V" id_f64 f64:0x1.fffffffffffffp1023
ok f64_big 'result[0] (f64): 1e+300' -- "$RUN" "$V" id_f64 f64:1e300
ok f64_inf 'result[0] (f64): inf' -- "$RUN" "$V" id_f64 f64:inf
ok f64_neg_inf 'result[0] (f64): -inf' -- "$RUN" "$V" id_f64 f64:-inf
ok f64_nan 'result[0] (f64): nan' -- "$RUN" "$V" id_f64 f64:nan
ok f64_neg_nan_payload 'result[0] (f64): -nan:0x1' -- "$RUN" "$V" id_f64 f64:-nan:0x1
ok f64_bits_nan 'result[0] (f64): nan:0x4000000000000' -- "$RUN" "$V" f64_from_bits i64:0x7ff4000000000000
ok f64_to_bits 'result[0] (i64): -2251799813685248' -- "$RUN" "$V" f64_bits f64:-nan

# ---------------------------------------------------------------- traps

traps trap_div_zero 1 'trap: integer divide by zero' -- "$RUN" "$V" div_s i32:1 i32:0
traps trap_div_overflow 1 'trap: integer overflow' -- "$RUN" "$V" div_s i32:-2147483648 i32:-1
traps trap_trunc_nan 1 'trap: invalid conversion to integer' -- "$RUN" "$V" trunc f32:nan
traps trap_trunc_overflow 1 'trap: integer overflow' -- "$RUN" "$V" trunc f32:2147483648
ok trunc_edge 'result[0] (i32): -2147483648' -- "$RUN" "$V" trunc f32:-2147483648
traps trap_trunc_edge 1 'trap: integer overflow' -- "$RUN" "$V" trunc f32:-2147483904
traps trap_unreachable 1 'trap: unreachable' -- "$RUN" "$V" unreachable
traps trap_oob 1 'trap: out of bounds memory access' -- "$RUN" "$V" oob i32:65533
ok load_in_bounds 'result[0] (i32): 0' -- "$RUN" "$V" oob i32:65532
traps trap_uninitialized 1 'trap: uninitialized element 1' -- "$RUN" "$V" call_null
traps trap_call_type 1 'trap: indirect call type mismatch' -- "$RUN" "$V" call_wrong_type
traps trap_stack 1 'trap: call stack exhausted' -- "$RUN" "$V" recurse i32:100000000
traps trap_start 1 'trap: unreachable' -- "$RUN" "$W/start_trap.wasm" f

# ---------------------------------------------------------------- limits

ok recurse_ok 'result[0] (i32): 0' -- "$RUN" "$V" recurse i32:1000
traps trap_call_depth 1 'trap: call stack exhausted' -- "$RUN" --max-call-depth 50 "$V" recurse i32:1000
ok call_depth_ok 'result[0] (i32): 0' -- "$RUN" --max-call-depth 5000 "$V" recurse i32:1000
traps trap_stack_slots 1 'trap: call stack exhausted' -- "$RUN" --stack-slots 64 "$V" recurse i32:1000
traps trap_fuel 1 'trap: out of fuel' -- "$RUN" --fuel 100000 "$V" spin
ok fuel_enough 'result[0] (i32): 5' -- "$RUN" --fuel=1000 "$V" add 2 3
ok grow 'result[0] (i32): 1' -- "$RUN" "$V" grow i32:5
ok grow_capped 'result[0] (i32): -1' -- "$RUN" --max-memory-pages 2 "$V" grow i32:5
ok grow_within_cap 'result[0] (i32): 1' -- "$RUN" --max-memory-pages=2 "$V" grow i32:1
ok table_grow 'result[0] (i32): 2' -- "$RUN" "$V" table_grow i32:5
ok table_grow_capped 'result[0] (i32): -1' -- "$RUN" --max-table-elems 4 "$V" table_grow i32:5
ok table_grow_within_cap 'result[0] (i32): 2' -- "$RUN" --max-table-elems=7 "$V" table_grow i32:5
fails table_above_cap 2 'error: out of memory: table of 2 elements exceeds the configured limit of 1' \
    -- "$RUN" --max-table-elems 1 "$V" nop
traps trap_fuel_bulk 1 'trap: out of fuel' -- "$RUN" --fuel 16 "$V" fill i32:65536
ok fuel_bulk_enough '' -- "$RUN" --fuel 17 "$V" fill i32:65536
ok eager 'result[0] (i32): 5' -- "$RUN" --eager "$V" add 2 3
# --load-threads: a small module is validated on the calling thread anyway
# (the threaded path is tests/unit/test_load_threads.c); bad values rejected
ok load_threads 'result[0] (i32): 5' -- "$RUN" --load-threads 4 "$V" add 2 3
ok load_threads_one 'result[0] (i32): 5' -- "$RUN" --load-threads=1 "$V" add 2 3
fails load_threads_bad 2 "error: bad value 'x' for --load-threads (expected a number from 0 to 1024)
$USAGE" -- "$RUN" --load-threads x "$V" add 2 3
fails load_threads_big 2 "error: bad value '1025' for --load-threads (expected a number from 0 to 1024)
$USAGE" -- "$RUN" --load-threads 1025 "$V" add 2 3

# --code-cache: the same results with translations dropped and redone
# (rec keeps its frames on the stack while step/inc/dbl come and go)
C=$W/cache.wasm
ok code_cache_unlimited 'result[0] (i32): 50197' -- "$RUN" --code-cache 0 "$C" run 100
ok code_cache_tiny 'result[0] (i32): 50197' -- "$RUN" --code-cache 1 "$C" run 100
ok code_cache_rec 'result[0] (i32): 2650' -- "$RUN" --code-cache=1 "$C" rec 50
ok code_cache_eager 'result[0] (i32): 2650' -- "$RUN" --eager --code-cache 64 "$C" rec 50
run_case code_cache_stats 0 'result[0] (i32): 50197' \
    'code-stats: [0-9]+ bytes of code for 44 bytes of wasm \([0-9.]+x\), 2 functions translated
code-cache: [0-9]+ bytes held, 401 translations, 399 dropped' regex_lines \
    -- "$RUN" --code-cache 1 --code-stats "$C" run 100
fails code_cache_bad 2 "error: bad value 'x' for --code-cache (expected a number)
$USAGE" -- "$RUN" --code-cache x "$C" run 1
if "$RUN" --timeout 1 --version >/dev/null 2>&1; then
    traps timeout 1 'trap: interrupted' -- "$RUN" --timeout 0.2 "$V" spin
    fails timeout_bad 2 "error: bad value '0' for --timeout (expected seconds > 0)
$USAGE" -- "$RUN" --timeout 0 "$V" spin
else
    fails timeout_unsupported 2 'error: --timeout is unsupported: this build has no threads' \
        -- "$RUN" --timeout 1 "$V" spin
fi

# ---------------------------------------------------------------- optimisations
# tests/cli/opt.wat: the peephole forms and back-edge polling (compile.c); the
# expected values were computed from the wasm semantics (rotations, wrapping,
# sign extension), not taken from fayasm's output.
O=$W/opt.wasm
ok opt_sub_min 'result[0] (i32): -2147483643' -- "$RUN" "$O" sub_min 5
ok opt_rotr0 'result[0] (i32): 305419896' -- "$RUN" "$O" rotr0 0x12345678
ok opt_rotr33 'result[0] (i32): 152709948' -- "$RUN" "$O" rotr33 0x12345678
ok opt_shl35 'result[0] (i32): -2147483640' -- "$RUN" "$O" shl35 0x10000001
ok opt_shr_s_65 'result[0] (i64): -4611686018427387776' -- "$RUN" "$O" shr_s_65 i64:0x8000000000000100
ok opt_k_minus_x 'result[0] (i32): -3' -- "$RUN" "$O" k_minus_x 13
ok opt_k_lt_x 'result[0] (i32): 1' -- "$RUN" "$O" k_lt_x 6
ok opt_k_lt_x_no 'result[0] (i32): 0' -- "$RUN" "$O" k_lt_x 5
ok opt_k_le_u_x 'result[0] (i32): 1' -- "$RUN" "$O" k_le_u_x -1
ok opt_k_le_u_x_no 'result[0] (i32): 0' -- "$RUN" "$O" k_le_u_x 3
ok opt_k_and_x 'result[0] (i32): 4608' -- "$RUN" "$O" k_and_x 0x1234
ok opt_br_k_gt_x 'result[0] (i32): 0' -- "$RUN" "$O" br_k_gt_x 3
ok opt_br_k_gt_x_no 'result[0] (i32): 1' -- "$RUN" "$O" br_k_gt_x 9
ok opt_i64_add_m1 'result[0] (i64): -1' -- "$RUN" "$O" i64_add_m1 i64:0
ok opt_i64_add_ffffffff 'result[0] (i64): 4294967296' -- "$RUN" "$O" i64_add_ffffffff i64:1
ok opt_i64_and_big 'result[0] (i64): 9223372032559808512' -- "$RUN" "$O" i64_and_big i64:-1
ok opt_i64_sub_min 'result[0] (i64): -9223372036854775807' -- "$RUN" "$O" i64_sub_min i64:1
ok opt_i64_mul_neg 'result[0] (i64): -21' -- "$RUN" "$O" i64_mul_neg i64:7
ok opt_copies 'result[0] (i32): 11022' -- "$RUN" "$O" copies 10 11 22 33 0
ok opt_copies_branch 'result[0] (i32): 22' -- "$RUN" "$O" copies 10 11 22 33 1
ok opt_swap 'result[0] (i32): 2001' -- "$RUN" "$O" swap 1 2
ok opt_xor_rotl 'result[0] (i32): -1632781105' -- "$RUN" "$O" xor_rotl 0x81234567 0x0f0f0f0f
ok opt_xor_rotl_target 'result[0] (i32): -1632781105' -- "$RUN" "$O" xor_rotl_target 0x81234567 0x0f0f0f0f 0
ok opt_xor_rotl_target_br 'result[0] (i32): -1909699992' -- "$RUN" "$O" xor_rotl_target 0x81234567 0x0f0f0f0f 1
ok opt_add3 'result[0] (i32): -2147483644' -- "$RUN" "$O" add3 0x7fffffff 2 3
ok opt_add3_target 'result[0] (i32): 6' -- "$RUN" "$O" add3_target 1 2 3 0
ok opt_add3_target_br 'result[0] (i32): 103' -- "$RUN" "$O" add3_target 1 2 3 1
ok opt_add_shl 'result[0] (i32): 1004' -- "$RUN" "$O" add_shl 0x40000001 1000
ok opt_add_shl_tee 'result[0] (i32): 1040' -- "$RUN" "$O" add_shl_tee 5 1000
ok opt_move_bytes 'result[0] (i32): 1684234849' -- "$RUN" "$O" move_bytes 16 0 4
ok opt_move_pair 'result[0] (i32): 25699' -- "$RUN" "$O" move_pair 300 1 1
ok opt_move_one 'result[0] (i32): 99' -- "$RUN" "$O" move_one 100 0
ok opt_move_target 'result[0] (i32): 97' -- "$RUN" "$O" move_target 200 0 0
ok opt_move_target_br 'result[0] (i32): 7' -- "$RUN" "$O" move_target 200 0 1
# a fused byte move that traps reports the wasm instruction that failed:
# the load or the store (offsets from wabt's disassembly, not from fayasm)
# trap_at NAME OFFSET -- COMMAND...: "trap: out of bounds memory access", frame #0 at OFFSET
trap_at() {
    local name=$1 want=$2
    shift 3
    "$@" >"$W/out" 2>"$W/err"
    local rc=$? got ok=0
    got=$(sed -n 2p "$W/err")
    if [ "$rc" = 1 ] && [ "$(head -n 1 "$W/err")" = 'trap: out of bounds memory access' ] &&
        [[ "$got" =~ ^\ \ \#0\ .*\ at\ 0x0*${want}$ ]]; then
        ok=1
    fi
    tally "$name" $ok "command: $*" "exit status: $rc (want 1), frame: $got (want at 0x$want)"
}
ok opt_add_load 'result[0] (i32): 1684234850' -- "$RUN" "$O" add_load 0 1
ok opt_load_add 'result[0] (i32): 1684234850' -- "$RUN" "$O" load_add 0 1
ok opt_f64_sub_load 'result[0] (f64): 7.5' -- "$RUN" "$O" f64_sub_load 32 10
ok opt_f64_load_sub 'result[0] (f64): -7.5' -- "$RUN" "$O" f64_load_sub 32 10
ok opt_f32_mul_load 'result[0] (f32): 4.5' -- "$RUN" "$O" f32_mul_load 40 3
ok opt_f64_mul3 'result[0] (f64): -9' -- "$RUN" "$O" f64_mul3 f64:1.5 f64:2 f64:-3
# (2^64 * 2^64) * 2^-100 = 2^28 in f32 only if the first product is not
# rounded to infinity first: it is (f32 max < 2^128), so the result is inf
ok opt_f32_mul3_inf 'result[0] (f32): inf' -- "$RUN" "$O" f32_mul3_first f32:18446744073709551616 f32:18446744073709551616 f32:7.888609052210118e-31
ok opt_f32_mul3 'result[0] (f32): 12' -- "$RUN" "$O" f32_mul3_first f32:2 f32:3 f32:2
# SHA-256's round constants' sources: Sigma0(0x6a09e667) = 0xce20b47e,
# sigma0(0x12345678) = rotr7 ^ rotr18 ^ shr3 = 0xe7fce6ee
ok opt_big_sigma0 'result[0] (i32): -836717442' -- "$RUN" "$O" big_sigma0 0x6a09e667
ok opt_small_sigma0 'result[0] (i32): -402856210' -- "$RUN" "$O" small_sigma0 0x12345678
ok opt_sigma_mixed 'result[0] (i32): -836717442' -- "$RUN" "$O" sigma_mixed 0x6a09e667 0x6a09e667
ok opt_sigma_mixed_other 'result[0] (i32): -48503759' -- "$RUN" "$O" sigma_mixed 0x6a09e667 0
ok opt_f64_sub_load_add 'result[0] (f64): 7.5' -- "$RUN" "$O" f64_sub_load_add 30 2 f64:10
ok opt_f64_sub_load_add_wrap 'result[0] (f64): 7.5' -- "$RUN" "$O" f64_sub_load_add -8 40 f64:10
ok opt_f64_load_add_sub 'result[0] (f64): -7.5' -- "$RUN" "$O" f64_load_add_sub 30 2 f64:10
ok opt_i32_load_add_add 'result[0] (i32): 1751606890' -- "$RUN" "$O" i32_load_add_add 1 3 5 # "efgh" + 5
ok opt_f32_mul_load_add 'result[0] (f32): 4.5' -- "$RUN" "$O" f32_mul_load_add 30 6 f32:3
ok opt_load_idx 'result[0] (i32): 1751606885' -- "$RUN" "$O" load_idx 0 1
ok opt_i64_load_idx 'result[0] (i64): 7523094288207667809' -- "$RUN" "$O" i64_load_idx 0 0
ok opt_f64_load_idx 'result[0] (f64): 2.5' -- "$RUN" "$O" f64_load_idx 0 3
ok opt_xor_shr 'result[0] (i32): -1640548702' -- "$RUN" "$O" xor_shr 0x9e3779b9
ok opt_xor_shl 'result[0] (i32): -957401307' -- "$RUN" "$O" xor_shl 0x9e3779b9 5
ok opt_i64_xor_shr 'result[0] (i64): 1311768467344913869' -- "$RUN" "$O" i64_xor_shr i64:0x123456789abcdef1
ok opt_i64_xor_shl 'result[0] (i64): -7423263492601086223' -- "$RUN" "$O" i64_xor_shl i64:0x123456789abcdef1
ok opt_add_mul_two_roundings 'result[0] (f64): 0' -- "$RUN" "$O" add_mul f64:1.000000000931322574615478515625 f64:0.999999999068677425384521484375 f64:-1
ok opt_add_mul 'result[0] (f64): 7' -- "$RUN" "$O" add_mul f64:2 f64:3 f64:1

dis=$(wasm-objdump -d "$O" | sed -n '/<load_idx>:/,/^$/p')
load_at=$(echo "$dis" | awk '/i32.load/ {sub(":", "", $1); sub("^0*", "", $1); print $1; exit}')
trap_at opt_load_idx_oob "$load_at" -- "$RUN" "$O" load_idx 65532 1
dis=$(wasm-objdump -d "$O" | sed -n '/<f64_sub_load_add>:/,/^$/p')
load_at=$(echo "$dis" | awk '/f64.load/ {sub(":", "", $1); sub("^0*", "", $1); print $1; exit}')
trap_at opt_f64_sub_load_add_oob "$load_at" -- "$RUN" "$O" f64_sub_load_add 65530 4 f64:1
dis=$(wasm-objdump -d "$O" | sed -n '/<add_load>:/,/^$/p')
load_at=$(echo "$dis" | awk '/i32.load/ {sub(":", "", $1); sub("^0*", "", $1); print $1; exit}')
trap_at opt_add_load_oob "$load_at" -- "$RUN" "$O" add_load 65534 0
dis=$(wasm-objdump -d "$O" | sed -n '/<move_bytes>:/,/^$/p')
load_at=$(echo "$dis" | awk '/i32.load8_u/ {sub(":", "", $1); sub("^0*", "", $1); print $1; exit}')
store_at=$(echo "$dis" | awk '/i32.store8/ {sub(":", "", $1); sub("^0*", "", $1); print $1; exit}')
trap_at opt_move_load_oob "$load_at" -- "$RUN" "$O" move_bytes 0 65535 2
trap_at opt_move_store_oob "$store_at" -- "$RUN" "$O" move_bytes 65535 0 2
# read-modify-write (mem[p] = x + mem[p]) and a product added so: results by
# hand (f32 1 + 2^-12 squared is 1 + 2^-11 + 2^-24, which rounds to
# 1 + 2^-11, so the sum is exactly 0 as two roundings give; a fused
# multiply-add would give 2^-24; likewise f64 (1 + 2^-30)(1 - 2^-30) -> 1),
# NaN bits without the sign (canonical 0x7fc00000, 0x7ff8000000000000)
ok opt_rmw_i32 'result[0] (i32): -2147483648' -- "$RUN" "$O" i32_rmw 256 0x7fffffff 1
ok opt_rmw_i64 'result[0] (i64): -9223372036854775807' -- "$RUN" "$O" i64_rmw 256 i64:0x7fffffffffffffff i64:2
ok opt_rmw_offsets 'result[0] (i32): 12' -- "$RUN" "$O" rmw_offsets 256 5 7
ok opt_rmw_other 'result[0] (i32): 12' -- "$RUN" "$O" rmw_other 256 300 5 7
ok opt_rmw_tee 'result[0] (i32): 24' -- "$RUN" "$O" rmw_tee 256 5 7
ok opt_rmw_target 'result[0] (i32): 12' -- "$RUN" "$O" rmw_target 5 7 0
ok opt_rmw_target_br 'result[0] (i32): 7' -- "$RUN" "$O" rmw_target 5 7 1
ok opt_rmw_f32 'result[0] (f32): 3.75' -- "$RUN" "$O" f32_rmw 256 f32:1.5 f32:2.25
ok opt_rmw_f32_nan 'result[0] (i32): 2143289344' -- "$RUN" "$O" f32_rmw_nan 256 f32:1
ok opt_rmw_f64 'result[0] (f64): 0.30000000000000004' -- "$RUN" "$O" f64_rmw 256 f64:0.1 f64:0.2
ok opt_rmw_f32_mul 'result[0] (f32): 7.5' -- "$RUN" "$O" f32_rmw_mul 256 f32:1.5 f32:2 f32:3
ok opt_rmw_f32_mul_two_roundings 'result[0] (f32): 0' -- "$RUN" "$O" f32_rmw_mul 256 f32:-1.00048828125 f32:1.000244140625 f32:1.000244140625
ok opt_rmw_f32_mul_nan 'result[0] (i32): 2143289344' -- "$RUN" "$O" f32_rmw_mul_nan 256
ok opt_rmw_f64_mul 'result[0] (f64): 7' -- "$RUN" "$O" f64_rmw_mul 256 f64:1 f64:2 f64:3
ok opt_rmw_f64_mul_two_roundings 'result[0] (f64): 0' -- "$RUN" "$O" f64_rmw_mul 256 f64:-1 f64:1.000000000931322574615478515625 f64:0.999999999068677425384521484375
ok opt_rmw_f64_mul_nan 'result[0] (i64): 9221120237041090560' -- "$RUN" "$O" f64_rmw_mul_nan 256
ok opt_rmw_f32_mul_load 'result[0] (f32): 7.5' -- "$RUN" "$O" f32_rmw_mul_load 256 272 f32:1.5 f32:3 f32:2
ok opt_rmw_f32_mul_load_two_roundings 'result[0] (f32): 0' -- "$RUN" "$O" f32_rmw_mul_load 256 272 f32:-1.00048828125 f32:1.000244140625 f32:1.000244140625
ok opt_rmw_f32_mul_load_same 'result[0] (f32): 9' -- "$RUN" "$O" f32_rmw_mul_load 256 256 f32:100 f32:3 f32:2
ok opt_rmw_f64_mul_load 'result[0] (f64): 7.5' -- "$RUN" "$O" f64_rmw_mul_load 256 272 f64:1.5 f64:3 f64:2
ok opt_rmw_f64_mul_load_two_roundings 'result[0] (f64): 0' -- "$RUN" "$O" f64_rmw_mul_load 256 272 f64:-1 f64:1.000000000931322574615478515625 f64:0.999999999068677425384521484375
ok opt_rmw_mul_target 'result[0] (f32): 7.5' -- "$RUN" "$O" rmw_mul_target f32:1.5 f32:2 f32:3 0
ok opt_rmw_mul_target_br 'result[0] (f32): 101.5' -- "$RUN" "$O" rmw_mul_target f32:1.5 f32:2 f32:3 1
ok opt_rmw_mul_load_target 'result[0] (f64): 7.5' -- "$RUN" "$O" rmw_mul_load_target 272 f64:1.5 f64:3 f64:2 0
ok opt_rmw_mul_load_target_br 'result[0] (f64): 101.5' -- "$RUN" "$O" rmw_mul_load_target 272 f64:1.5 f64:3 f64:2 1
# a trap in a fused read-modify-write reports the load that failed: the
# only one, or (mem[p] += a * mem[q]) the first (q) or the second (p)
# op_at FUNC OP N: byte offset of the Nth OP in FUNC (wabt's disassembly)
op_at() {
    wasm-objdump -d "$O" | sed -n "/<$1>:/,/^\$/p" |
        awk -v op="$2" -v n="$3" '$0 ~ "\\| *" op " " && ++k == n {sub(":", "", $1); sub("^0*", "", $1); print $1; exit}'
}
trap_at opt_rmw_oob "$(op_at i32_rmw_raw i32.load 1)" -- "$RUN" "$O" i32_rmw_raw 65532 1
trap_at opt_rmw_mul_oob "$(op_at f32_rmw_mul_raw f32.load 1)" -- "$RUN" "$O" f32_rmw_mul_raw 65533 f32:1 f32:1
trap_at opt_rmw_f64_mul_oob "$(op_at f64_rmw_mul_raw f64.load 1)" -- "$RUN" "$O" f64_rmw_mul_raw 65520 f64:1 f64:1
trap_at opt_rmw_mul_load_q_oob "$(op_at f32_rmw_mul_load_raw f32.load 1)" -- "$RUN" "$O" f32_rmw_mul_load_raw 256 65533 f32:1
trap_at opt_rmw_mul_load_p_oob "$(op_at f32_rmw_mul_load_raw f32.load 2)" -- "$RUN" "$O" f32_rmw_mul_load_raw 65533 256 f32:1
trap_at opt_rmw_mul_load_both_oob "$(op_at f32_rmw_mul_load_raw f32.load 1)" -- "$RUN" "$O" f32_rmw_mul_load_raw 65533 65533 f32:1
trap_at opt_rmw_f64_mul_load_q_oob "$(op_at f64_rmw_mul_load_raw f64.load 1)" -- "$RUN" "$O" f64_rmw_mul_load_raw 256 65520 f64:1
trap_at opt_rmw_f64_mul_load_p_oob "$(op_at f64_rmw_mul_load_raw f64.load 2)" -- "$RUN" "$O" f64_rmw_mul_load_raw 65530 256 f64:1
ok opt_count_ne 'result[0] (i32): 4510' -- "$RUN" "$O" count_ne 0
ok opt_count_ne_slot 'result[0] (i32): 30' -- "$RUN" "$O" count_ne_slot 30
ok opt_count_le_u 'result[0] (i32): 15105' -- "$RUN" "$O" count_le_u 100 7
ok opt_count_lt_u 'result[0] (i32): 14098' -- "$RUN" "$O" count_lt_u 98 7
ok opt_countdown 'result[0] (i32): 55' -- "$RUN" "$O" countdown 10
ok opt_countdown_one 'result[0] (i32): 1' -- "$RUN" "$O" countdown 1
traps fuel_countdown 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" countdown 0
traps fuel_spin_count 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_count
ok opt_count 'result[0] (i32): 102' -- "$RUN" "$O" count 100
ok opt_count_one 'result[0] (i32): 3' -- "$RUN" "$O" count 0
traps fuel_spin_br 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_br
traps fuel_spin_br_if 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_br_if 1
traps fuel_spin_cmp 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_cmp 4
traps fuel_spin_cmp_imm 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_cmp_imm 4
traps fuel_spin_i64 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_i64 i64:0
traps fuel_spin_table_0 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_table 0
traps fuel_spin_table_1 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_table 1
traps fuel_spin_params 1 'trap: out of fuel' -- "$RUN" --fuel 10000 "$O" spin_params 0
if "$RUN" --timeout 1 --version >/dev/null 2>&1; then
    traps timeout_backedge 1 'trap: interrupted' -- "$RUN" --timeout 0.2 "$O" spin_cmp_imm 4
fi

# tests/cli/copyloop.wat: loops that only move or fill memory run in one go
# (src/copyloop.c). The translator must take all eleven loops it has (none in
# a FAYASM_PEEPHOLE=0 build, which has no `_imm` forms either):
C=$W/copyloop.wasm
"$RUN" --dump --eager "$C" 2>"$W/dump" >/dev/null
n_copy=$(grep -c ' loop_copy_' "$W/dump")
want_copy=0
grep -q ' i32_add_imm ' "$W/dump" && want_copy=11
taken_ok=0
[ "$n_copy" = $want_copy ] && taken_ok=1
tally copyloop_taken $taken_ok "$n_copy loop_copy ops in the dump, want $want_copy"
# byte i is i * 7 + 1 at the start; hand-derived words (little-endian):
# memmove semantics where the loop copies away from its destination
ok copyloop_bwd_overlap 'result[0] (i32): 370083841' -- "$RUN" "$C" word 0 4 0 8 4 # bytes 0..3: 1 8 15 22
ok copyloop_bwd4_overlap 'result[0] (i32): 370083841' -- "$RUN" "$C" word 2 4 0 8 4
# a forward byte copy onto itself one further repeats byte 0 (not a memmove)
ok copyloop_fwd_repeat 'result[0] (i32): 16843009' -- "$RUN" "$C" word 1 1 0 8 4 # 0x01010101
ok copyloop_fill 'result[0] (i32): -1' -- "$RUN" "$C" word 5 16 255 32 20
# the slots a loop leaves: pointers stepped n times (110 << 16 | 210), the
# word a move loaded last (bytes 12..15: 85 92 99 106)
ok copyloop_state 'result[0] (i32): 7209170' -- "$RUN" "$C" fwd1_state 100 200 10
ok copyloop_last_word 'result[0] (i32): 1784896597' -- "$RUN" "$C" last_word 1000 0 16
# same_as_fuel NAME -- ARGS: the same output and status as under --fuel,
# where every loop runs instruction by instruction (loop_poll)
same_as_fuel() {
    local name=$1
    shift 2
    "$RUN" "$C" "$@" >"$W/out" 2>&1
    local rc=$?
    "$RUN" --fuel 4000000000 "$C" "$@" >"$W/out2" 2>&1
    local rc2=$? ok=0
    [ $rc2 = $rc ] && cmp -s "$W/out" "$W/out2" && [ -s "$W/out" ] && ok=1
    tally "$name" $ok "differs from --fuel" "command: $RUN $C $*" \
        "$(diff "$W/out" "$W/out2" | head -5)"
}
# every shape (bwd1 fwd1 bwd4 words wide fill8 fill64 gather) with no overlap,
# overlaps of 1..5, 16 and 64 bytes either way, source = destination, and
# fewer iterations than are worth taking at once
for kind in 0 1 2 3 4 5 6 7; do
    for args in "2000 0 1024" "0 2000 1024" "1 0 512" "0 1 512" "3 0 64" "0 3 64" "4 0 256" \
        "0 4 256" "5 0 64" "16 0 256" "0 16 256" "64 0 512" "0 64 512" "300 300 64" "9 7 12"; do
        # shellcheck disable=SC2086
        same_as_fuel "copyloop_${kind}_${args// /_}" -- hash $kind $args
    done
done
# a strided fill with the step in a slot: steps 1, 2, 3, 7, 64 and 4095;
# limits on and off the last byte; a step that wraps the counter past 2^32
for args in "100 1 4000" "0 2 4095" "5 3 4096" "17 7 4000" "64 64 4095" "1 4095 2000000" \
    "4000 4096 4000" "9 1 9"; do
    # shellcheck disable=SC2086
    same_as_fuel "copyloop_stride_${args// /_}" -- hash 8 $args
done
same_as_fuel copyloop_stride_wrap -- hash 8 4000 2147483648 4294967295
ok copyloop_stride_word 'result[0] (i32): 370083840' -- "$RUN" "$C" word 8 0 4 4000 0 # bytes 0 8 15 22: byte 0 zeroed
# more than FA_COPYLOOP_CHUNK (2^20) iterations, over 2 MiB: a memmove, a
# repeating forward copy, an i64 copy and a byte fill
same_as_fuel copyloop_chunk_memmove -- hash_at 1 0 983040 1048584 0 2097152
same_as_fuel copyloop_chunk_repeat -- hash_at 1 983040 0 1048584 0 2097152
same_as_fuel copyloop_chunk_wide -- hash_at 4 0 983040 1048592 0 2097152
same_as_fuel copyloop_chunk_fill -- hash_at 5 16 77 1100000 0 2097152
# a loop that runs off the end of memory is not taken at once: it traps at
# the same access, with the same backtrace, as when run as written
same_as_fuel copyloop_oob_end -- hash 1 2097136 0 32
same_as_fuel copyloop_oob_src -- hash 2 0 2097144 64
same_as_fuel copyloop_oob_stride -- hash 8 2000000 1000 2200000
traps copyloop_oob 1 'trap: out of bounds memory access' -- "$RUN" "$C" hash 1 2097136 0 32
# with fuel, the loop pays for each iteration as written: 100000 units cover
# the set-up (65536 iterations) and the hash (4096) but not the copy's 100000
traps copyloop_fuel 1 'trap: out of fuel' -- "$RUN" --fuel 100000 "$C" hash 1 4096 0 100000

# ---------------------------------------------------------------- backtraces

# names from the name section and module offsets (innermost first)
fails bt_names 1 $'trap: integer divide by zero\n  #0 leaf at 0x28\n  #1 middle at 0x2e\n  #2 run at 0x35' \
    -- "$RUN" "$W/backtrace.wasm" run 1

# ---------------------------------------------------------------- native libraries

cat >"$W/add.c" <<'EOF_C'
#include "fayasm.h"
static int add(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)
{
    (void)ctx;
    r[0] = (uint32_t)((uint32_t)a[0] + (uint32_t)a[1]);
    return 0;
}
const fa_native_export fa_native_exports[] = {{"add", "(ii)i", add, NULL}, {NULL, NULL, NULL, NULL}};
EOF_C
if "$RUN" --native-lib "$W/none.so" "$W/native.wasm" add 1 2 2>&1 | grep -q 'no dynamic library'; then
    fails native_lib_unsupported 2 "error: cannot load $W/none.so: this build has no dynamic library support" \
        -- "$RUN" --native-lib "$W/none.so" "$W/native.wasm" add 1 2
elif ${CC:-cc} -shared -fPIC -I"$HERE/../../include" "$W/add.c" -o "$W/libadd.so" 2>/dev/null; then
    ok native_lib 'result[0] (i32): 42' -- "$RUN" --native-lib "$W/libadd.so" "$W/native.wasm" add 40 2
    ok native_lib_module 'result[0] (i32): 42' -- "$RUN" --native-lib="$W/libadd.so::env" "$W/native.wasm" add 40 2
    fails native_lib_other_module 2 'error: unknown import "env" "add"' \
        -- "$RUN" --native-lib "$W/libadd.so::m" "$W/native.wasm" add 40 2
    fails_re native_lib_missing 2 "error: cannot load $W/none.so: .*" \
        -- "$RUN" --native-lib "$W/none.so" "$W/native.wasm" add 1 2
else
    skipped=$((skipped + 1))
    echo "skip native_lib (no C compiler to build the library)"
fi


# ---------------------------------------------------------------- load errors

fails bad_magic 2 'error: magic header not detected (at byte offset 0)' -- "$RUN" "$W/bad_magic.wasm" f
fails bad_version 2 'error: unknown binary version (at byte offset 4)' -- "$RUN" "$W/bad_version.wasm" f
fails_re truncated 2 'error: unexpected end( of section or function)? \(at byte offset [0-9]+\)' \
    -- "$RUN" "$W/truncated.wasm" f
fails_re empty 2 'error: unexpected end( of section or function)? \(at byte offset 0\)' \
    -- "$RUN" "$W/empty.wasm" f
fails_re invalid 2 'error: type mismatch \(at byte offset [0-9]+\)' -- "$RUN" "$W/invalid.wasm" f
# --lazy-validation: bodies are validated on first call (fa_config.lazy_validation)
IB=$W/invalid_body.wasm
fails_re invalid_body_eager 2 'error: type mismatch \(at byte offset [0-9]+\)' -- "$RUN" "$IB" good
ok lazy_good 'result[0] (i32): 42' -- "$RUN" --lazy-validation "$IB" good
fails lazy_bad 1 'trap: invalid function 1: type mismatch (at byte offset 61)' -- "$RUN" --lazy-validation "$IB" bad
traps lazy_calls_bad 1 'trap: invalid function 1: type mismatch (at byte offset 61)' -- "$RUN" --lazy-validation "$IB" calls_bad
fails_re lazy_with_eager 2 'error: type mismatch \(at byte offset [0-9]+\)' -- "$RUN" --lazy-validation --eager "$IB" good
ok lazy_valid_module 'result[0] (i32): 5' -- "$RUN" --lazy-validation "$V" add 2 3
fails_re link 2 'error: unknown import[^()]*' -- "$RUN" "$W/import.wasm" f
fails missing_file 2 "error: cannot open '$W/nope.wasm': No such file or directory" \
    -- "$RUN" "$W/nope.wasm" f
fails directory_as_module 2 "error: cannot read '$W': Is a directory" -- "$RUN" "$W" f
ok stdin_module 'result[0] (i32): 5' -- sh -c '"$1" - add 2 3 <"$2"' sh "$RUN" "$V"

# ---------------------------------------------------------------- bad arguments

fails unknown_export 2 "error: unknown export 'nope'" -- "$RUN" "$V" nope
fails not_a_function 2 "error: export 'g' is not a function" -- "$RUN" "$V" g
fails too_few 2 "error: 'add' expects 2 arguments (i32, i32), got 1" -- "$RUN" "$V" add i32:1
fails too_many 2 "error: 'nop' expects 0 arguments (), got 1" -- "$RUN" "$V" nop 1
fails wrong_type 2 "error: argument 2 of 'add' has type i64, expected i32" -- "$RUN" "$V" add i32:1 i64:2
fails bad_int 2 'error: argument 1: invalid i32 value "abc"' -- "$RUN" "$V" add abc 1
fails int_range 2 'error: argument 1: invalid i32 value "4294967296"' -- "$RUN" "$V" id_i32 i32:4294967296
fails bad_float 2 'error: argument 1: invalid f32 value "1.5.2"' -- "$RUN" "$V" id_f32 f32:1.5.2
fails float_range 2 'error: argument 1: invalid f32 value "1e39"' -- "$RUN" "$V" id_f32 f32:1e39
fails bad_payload 2 'error: argument 1: invalid f32 value "nan:0x800000"' -- "$RUN" "$V" id_f32 f32:nan:0x800000
fails bad_funcref 2 'error: argument 1: invalid funcref value "7" (only null can be given)' \
    -- "$RUN" "$V" id_funcref funcref:7
fails bad_externref 2 'error: argument 1: invalid externref value "x"' -- "$RUN" "$V" id_externref externref:x
fails option_after_module 2 'error: argument 1: invalid i32 value "--fuel" (options must come before MODULE)' \
    -- "$RUN" "$V" id_i32 --fuel
fails no_export 2 "error: no EXPORT given and '$V' does not export _start
$USAGE" -- "$RUN" "$V"
fails no_module 2 "error: no module given
$USAGE" -- "$RUN"
fails unknown_option 2 "error: unknown option '--bogus'
$USAGE" -- "$RUN" --bogus "$V" add 1 2
fails missing_value 2 "error: option '--fuel' needs a value
$USAGE" -- "$RUN" --fuel
fails bad_number 2 "error: bad value 'abc' for --fuel (expected a number)
$USAGE" -- "$RUN" --fuel abc "$V" nop
fails negative_number 2 "error: bad value '-1' for --max-memory-pages (expected a number)
$USAGE" -- "$RUN" --max-memory-pages -1 "$V" nop
fails zero_depth 2 "error: bad value '0' for --max-call-depth (expected a number from 1 to 4294967295)
$USAGE" -- "$RUN" --max-call-depth 0 "$V" nop
fails depth_overflow 2 "error: bad value '4294967296' for --max-call-depth (expected a number from 1 to 4294967295)
$USAGE" -- "$RUN" --max-call-depth=4294967296 "$V" nop
fails bad_env 2 "error: bad --env value 'NOEQUALS' (expected NAME=VALUE)
$USAGE" -- "$RUN" --env NOEQUALS "$V" nop

# ---------------------------------------------------------------- help and version

ok version 'fayasm_run 0.1.0' -- "$RUN" --version
"$RUN" --help >"$W/help" 2>"$W/help_err"
help_rc=$?
help_ok=1
[ $help_rc = 0 ] && [ ! -s "$W/help_err" ] || help_ok=0
for word in --invoke --dir --env --max-call-depth --stack-slots --max-memory-pages \
    --max-table-elems --fuel \
    --eager --code-cache --load-threads --lazy-validation --version --help '--  ' 'i32:' 'i64:' 'f32:' 'f64:' 'v128:' 'funcref:null' \
    'externref:null' 'externref:N' 'nan:0x' 'inf' 'Exit status' 'proc_exit' '_start'; do
    grep -qF -- "$word" "$W/help" || { help_ok=0; echo "  --help does not mention '$word'"; }
done
for code in '  0 ' '  1 ' '  2 '; do
    grep -qF -- "$code" "$W/help" || { help_ok=0; echo "  --help does not document exit code '$code'"; }
done
tally help $help_ok
ok help_short "$(cat "$W/help")" -- "$RUN" -h

# ---------------------------------------------------------------- WASI

"$RUN" "$W/wasi_hello.wasm" >/dev/null 2>"$W/err"
if grep -q 'WASI support not built' "$W/err"; then
    fails wasi_not_built 2 'error: WASI support not built' -- "$RUN" "$W/wasi_hello.wasm"
    for t in hello hello_args invoke_twice args args_none exit_argc exit_dashdash exit_env \
        dir dir_same no_dir trap bad_dir; do
        echo "skip wasi_$t (fayasm_run built without WASI)"
        skipped=$((skipped + 1))
    done
else
    ok wasi_hello 'hello' -- "$RUN" "$W/wasi_hello.wasm"
    ok wasi_hello_args 'hello' -- "$RUN" "$W/wasi_hello.wasm" twice 21
    ok wasi_invoke_twice 'result[0] (i32): 42' -- "$RUN" --invoke twice "$W/wasi_hello.wasm" 21
    ok wasi_args "$W/wasi_args.wasm
a
--b
-c d" -- "$RUN" "$W/wasi_args.wasm" a --b '-c d'
    ok wasi_args_none "$W/wasi_args.wasm" -- "$RUN" "$W/wasi_args.wasm"
    run_case wasi_exit_argc 13 '' '' exact -- "$RUN" "$W/wasi_exit.wasm" x y
    run_case wasi_exit_dashdash 12 '' '' exact -- "$RUN" --fuel 100000 -- "$W/wasi_exit.wasm" --help
    run_case wasi_exit_env 22 '' '' exact -- "$RUN" --env A=1 --env=B= "$W/wasi_exit.wasm"
    ok wasi_dir '/sandbox' -- "$RUN" --dir "$W::/sandbox" "$W/wasi_dir.wasm"
    ok wasi_dir_same "$W" -- "$RUN" --dir "$W" "$W/wasi_dir.wasm"
    run_case wasi_no_dir 108 '' '' exact -- "$RUN" "$W/wasi_dir.wasm" # EBADF = 8
    traps wasi_trap 1 'trap: unreachable' -- "$RUN" "$W/wasi_trap.wasm"
    fails_re wasi_bad_dir 2 "error: .*$W/no-such-dir.*" -- "$RUN" --dir "$W/no-such-dir" "$W/wasi_dir.wasm"
fi

[ $skipped -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
