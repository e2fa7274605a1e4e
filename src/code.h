/*
 * code.h - the internal instruction format (output of compile.c, input of exec.c).
 *
 * Stage: between validation and execution. compile.c translates each validated
 * function body once into a `fa_code`; exec.c runs it. Spec: none (internal).
 *
 * Code is an array of 32-bit words. An instruction is one opcode word (an
 * FA_C_* value from the X-macro below) followed by its operand words. Almost
 * every operand is a SLOT: an index into the current frame, counted from the
 * frame pointer `fp` in the runtime's value stack of 64-bit slots. Wasm stack
 * heights are static, so every wasm value has a known slot at translation time
 * and handlers never push or pop: they are three-address register ops.
 *
 *   rt->stack                                                    rt->stack_end
 *   |  caller frame ...   | callee frame                                      |
 *                         fp
 *                         v
 *                         +--------+--------+--------+------------------------+
 *                         | params | locals | consts | operand stack          |
 *                         +--------+--------+--------+------------------------+
 *                         0        P        L        L + K + h = "home" slot of
 *                                  (zeroed  (copied   the value at height h
 *                                  on entry) on entry)
 *
 *   i32.add at wasm height h (values at heights h-2, h-1), both in home slots:
 *
 *     +--------------+-------------+-------------+-------------+
 *     | FA_C_i32_add | dst=L+K+h-2 | a=L+K+h-2   | b=L+K+h-1   |
 *     +--------------+-------------+-------------+-------------+
 *
 * The constants a function uses as operands live in its frame: the K
 * distinct values are copied from code->consts to slots L..L+K-1 on entry,
 * so `x + 1` is ONE instruction reading slot x and the slot holding 1; no
 * instruction kind needs an immediate variant. (At most 256 per function;
 * beyond that constants are written by const32/const64 where used.)
 *
 * Operands need not be home slots: the translator leaves `local.get` and
 * constants lazy, so `local.get 0; local.get 1; i32.add` is ONE instruction
 * [i32_add, L+K+h, 0, 1], and `...; local.set 2` retargets the producer's
 * dst to slot 2. Values are forced into their home slots ("materialized")
 * only where paths merge (block entry/end, else), for call arguments, and
 * before a local they alias is overwritten.
 *
 * Fusions the translator makes (each removes one dispatch):
 *   - a compare feeding br_if/if becomes one compare-and-branch
 *     (`br_if_i32_lt_s a b ->target`); i32.eqz of a compare negates it;
 *   - an i32.add (or i32.sub of a constant) feeding a memory-0 access as
 *     its address becomes the `_add` form, which adds in 32 bits itself;
 *   - the single result of a return is written to slot 0 by its producer.
 *
 * Value representation in a slot: see runtime.h (i32 in the low 32 bits,
 * upper bits unspecified, so i32.wrap_i64 and the reinterpret instructions
 * emit no code at all).
 *
 * Calls: the arguments are consecutive slots at the caller's stack top
 * (base); the callee's frame simply starts there (callee fp = fp + base), so
 * nothing is copied. Results come back at the same place.
 *
 * Branches: an operand of kind 'o' is a signed offset in words relative to
 * the position of that operand word: target = &word + (int32_t)word. Forward
 * branches are chained through those words while translating (patch lists)
 * and resolved when the label is placed. A branch carrying values is
 * preceded by `copy`/`const*` instructions into the label's slots.
 *
 * Operand format letters (used by fa_code_dump):
 *   s  slot            u  32-bit unsigned immediate (index, offset, flags)
 *   q  64-bit immediate in two words (low word first)
 *   o  branch offset   t  br_table: count n, then n+1 offsets (last = default)
 *   _  unused (padding) word
 *   m  memory flags: memory index | FA_CODE_MEM64 if that memory is 64-bit
 *
 * Memory accesses on memory 0 when it is 32-bit use the short forms (offset
 * fits in one word, memory base/size cached in the interpreter's locals);
 * any other memory uses the `_mx` forms with memory flags and a 64-bit offset.
 *
 * v128 values take two slots (low 8 bytes first); the SIMD instructions are
 * listed by operand shape below and run by exec_simd.inc.
 */
#ifndef FA_CODE_H
#define FA_CODE_H

#include <stdint.h>
#include <stdio.h>

#include "runtime.h"

#define FA_CODE_MEM64 0x80000000u /* flag bit in an 'm' operand */

/* Debug-only check of an internal invariant (never of input: that is validated). */
#ifndef FA_ASSERT
#ifdef NDEBUG
#define FA_ASSERT(x) ((void)0)
#else
#include <assert.h>
#define FA_ASSERT(x) assert(x)
#endif
#endif

/* ------------------------------------------------------------------ the list */

/* Numeric instructions with a fixed signature; the same names as the wasm
 * instructions (opcodes.h), so compile.c maps them by name. */
/* clang-format off */
#define FA_CODE_NUMERIC(X) FA_CODE_NUMERIC_INT(X) FA_CODE_NUMERIC_FLOAT(X)
#define FA_CODE_NUMERIC_INT(X) \
    X(i32_eqz, "ss") X(i32_eq, "sss") X(i32_ne, "sss") X(i32_lt_s, "sss") X(i32_lt_u, "sss") \
    X(i32_gt_s, "sss") X(i32_gt_u, "sss") X(i32_le_s, "sss") X(i32_le_u, "sss") \
    X(i32_ge_s, "sss") X(i32_ge_u, "sss") \
    X(i64_eqz, "ss") X(i64_eq, "sss") X(i64_ne, "sss") X(i64_lt_s, "sss") X(i64_lt_u, "sss") \
    X(i64_gt_s, "sss") X(i64_gt_u, "sss") X(i64_le_s, "sss") X(i64_le_u, "sss") \
    X(i64_ge_s, "sss") X(i64_ge_u, "sss") \
    X(i32_clz, "ss") X(i32_ctz, "ss") X(i32_popcnt, "ss") \
    X(i32_add, "sss") X(i32_sub, "sss") X(i32_mul, "sss") X(i32_div_s, "sss") \
    X(i32_div_u, "sss") X(i32_rem_s, "sss") X(i32_rem_u, "sss") X(i32_and, "sss") \
    X(i32_or, "sss") X(i32_xor, "sss") X(i32_shl, "sss") X(i32_shr_s, "sss") \
    X(i32_shr_u, "sss") X(i32_rotl, "sss") X(i32_rotr, "sss") \
    X(i64_clz, "ss") X(i64_ctz, "ss") X(i64_popcnt, "ss") \
    X(i64_add, "sss") X(i64_sub, "sss") X(i64_mul, "sss") X(i64_div_s, "sss") \
    X(i64_div_u, "sss") X(i64_rem_s, "sss") X(i64_rem_u, "sss") X(i64_and, "sss") \
    X(i64_or, "sss") X(i64_xor, "sss") X(i64_shl, "sss") X(i64_shr_s, "sss") \
    X(i64_shr_u, "sss") X(i64_rotl, "sss") X(i64_rotr, "sss") \
    X(i64_extend_i32_s, "ss") X(i64_extend_i32_u, "ss") \
    X(i32_extend8_s, "ss") X(i32_extend16_s, "ss") X(i64_extend8_s, "ss") \
    X(i64_extend16_s, "ss") X(i64_extend32_s, "ss")
/* f32/f64 instructions (compiled out with FAYASM_FLOAT=0). */
#define FA_CODE_NUMERIC_FLOAT_ROWS_(X) \
    X(f32_eq, "sss") X(f32_ne, "sss") X(f32_lt, "sss") X(f32_gt, "sss") X(f32_le, "sss") \
    X(f32_ge, "sss") \
    X(f64_eq, "sss") X(f64_ne, "sss") X(f64_lt, "sss") X(f64_gt, "sss") X(f64_le, "sss") \
    X(f64_ge, "sss") \
    X(f32_abs, "ss") X(f32_neg, "ss") X(f32_ceil, "ss") X(f32_floor, "ss") \
    X(f32_trunc, "ss") X(f32_nearest, "ss") X(f32_sqrt, "ss") \
    X(f32_add, "sss") X(f32_sub, "sss") X(f32_mul, "sss") X(f32_div, "sss") \
    X(f32_min, "sss") X(f32_max, "sss") X(f32_copysign, "sss") \
    X(f64_abs, "ss") X(f64_neg, "ss") X(f64_ceil, "ss") X(f64_floor, "ss") \
    X(f64_trunc, "ss") X(f64_nearest, "ss") X(f64_sqrt, "ss") \
    X(f64_add, "sss") X(f64_sub, "sss") X(f64_mul, "sss") X(f64_div, "sss") \
    X(f64_min, "sss") X(f64_max, "sss") X(f64_copysign, "sss") \
    X(i32_trunc_f32_s, "ss") X(i32_trunc_f32_u, "ss") X(i32_trunc_f64_s, "ss") \
    X(i32_trunc_f64_u, "ss") \
    X(i64_trunc_f32_s, "ss") X(i64_trunc_f32_u, "ss") X(i64_trunc_f64_s, "ss") \
    X(i64_trunc_f64_u, "ss") \
    X(f32_convert_i32_s, "ss") X(f32_convert_i32_u, "ss") X(f32_convert_i64_s, "ss") \
    X(f32_convert_i64_u, "ss") X(f32_demote_f64, "ss") \
    X(f64_convert_i32_s, "ss") X(f64_convert_i32_u, "ss") X(f64_convert_i64_s, "ss") \
    X(f64_convert_i64_u, "ss") X(f64_promote_f32, "ss") \
    X(i32_trunc_sat_f32_s, "ss") X(i32_trunc_sat_f32_u, "ss") X(i32_trunc_sat_f64_s, "ss") \
    X(i32_trunc_sat_f64_u, "ss") X(i64_trunc_sat_f32_s, "ss") X(i64_trunc_sat_f32_u, "ss") \
    X(i64_trunc_sat_f64_s, "ss") X(i64_trunc_sat_f64_u, "ss")

/* Fused compare-and-branch: branch if `a OP b` (no value is written).
 * Listed as W(X, name, format) so that each also gets a `_loop` twin below. */
#define FA_CODE_CMP_BRANCHES_W(X, W) \
    W(X, br_if_i32_eq, "sso") W(X, br_if_i32_ne, "sso") W(X, br_if_i32_lt_s, "sso") \
    W(X, br_if_i32_lt_u, "sso") W(X, br_if_i32_gt_s, "sso") W(X, br_if_i32_gt_u, "sso") \
    W(X, br_if_i32_le_s, "sso") W(X, br_if_i32_le_u, "sso") W(X, br_if_i32_ge_s, "sso") \
    W(X, br_if_i32_ge_u, "sso") \
    FA_CODE_CMP_BRANCHES_IMM_W(X, W) \
    W(X, br_if_i64_eq, "sso") W(X, br_if_i64_ne, "sso") W(X, br_if_i64_lt_s, "sso") \
    W(X, br_if_i64_lt_u, "sso") W(X, br_if_i64_gt_s, "sso") W(X, br_if_i64_gt_u, "sso") \
    W(X, br_if_i64_le_s, "sso") W(X, br_if_i64_le_u, "sso") W(X, br_if_i64_ge_s, "sso") \
    W(X, br_if_i64_ge_u, "sso") \
    W(X, br_if_i64_eqz, "so") W(X, br_if_i64_nez, "so") \
    FA_CODE_CMP_BRANCHES_FLOAT_W(X, W)
#define FA_CODE_CMP_BRANCHES_FLOAT_ROWS_(X, W) \
    W(X, br_if_f32_eq, "sso") W(X, br_if_f32_ne, "sso") W(X, br_if_f32_lt, "sso") \
    W(X, br_if_f32_gt, "sso") W(X, br_if_f32_le, "sso") W(X, br_if_f32_ge, "sso") \
    W(X, br_if_f64_eq, "sso") W(X, br_if_f64_ne, "sso") W(X, br_if_f64_lt, "sso") \
    W(X, br_if_f64_gt, "sso") W(X, br_if_f64_le, "sso") W(X, br_if_f64_ge, "sso")
#define FA_CODE_CMP_BRANCHES_IMM_ROWS_(X, W) \
    W(X, br_if_i32_eq_imm, "suo") W(X, br_if_i32_ne_imm, "suo") W(X, br_if_i32_lt_s_imm, "suo") \
    W(X, br_if_i32_lt_u_imm, "suo") W(X, br_if_i32_gt_s_imm, "suo") \
    W(X, br_if_i32_gt_u_imm, "suo") W(X, br_if_i32_le_s_imm, "suo") \
    W(X, br_if_i32_le_u_imm, "suo") W(X, br_if_i32_ge_s_imm, "suo") \
    W(X, br_if_i32_ge_u_imm, "suo")
/* The peephole forms (below) can be compiled out for size
 * (fayasm_config.h FAYASM_PEEPHOLE; unset = on). */
#if !defined(FAYASM_PEEPHOLE) || FAYASM_PEEPHOLE
#define FA_CODE_PEEPHOLE_ON 1
#define FA_CODE_CMP_BRANCHES_IMM_W(X, W) FA_CODE_CMP_BRANCHES_IMM_ROWS_(X, W)
#define FA_CODE_PEEPHOLE_OPS(X) FA_CODE_PEEPHOLE(X)
#else
#define FA_CODE_PEEPHOLE_ON 0
#define FA_CODE_CMP_BRANCHES_IMM_W(X, W)
#define FA_CODE_PEEPHOLE_OPS(X)
#endif
#define FA_CODE_AS_IS_(X, name, fmt) X(name, fmt)
#define FA_CODE_AS_LOOP_(X, name, fmt) X(name##_loop, fmt)
#define FA_CODE_CMP_BRANCHES(X) FA_CODE_CMP_BRANCHES_W(X, FA_CODE_AS_IS_)

/* Peephole forms (compile.c, peephole()), each the same length as what it
 * replaces so that no branch moves:
 *   - `_imm`: a binary op or compare-and-branch whose second operand is a
 *     constant carries it as an immediate word ('u') instead of a slot, so
 *     it needs no constant slot (fewer per-call copies) and one load less.
 *     i32 immediates are the value; i64 ones are sign-extended from 32
 *     bits (only constants that fit are turned into immediates);
 *   - `copy2`: two consecutive copies (no branch target between), done in
 *     order; the last word is padding ('_');
 *   - pairs where the first op's result is an operand-stack temporary that
 *     the next op consumes (so no one else reads it: stack values are used
 *     once) and no branch targets the second op: one op computing both,
 *     which does not write the temporary. Chosen by `--stats` pair counts
 *     over ../shared/bench (docs/performance.md). */
#define FA_CODE_PEEPHOLE(X) \
    X(i32_add_imm, "ssu") X(i32_mul_imm, "ssu") X(i32_and_imm, "ssu") X(i32_or_imm, "ssu") \
    X(i32_xor_imm, "ssu") X(i32_shl_imm, "ssu") X(i32_shr_s_imm, "ssu") \
    X(i32_shr_u_imm, "ssu") X(i32_rotl_imm, "ssu") \
    X(i32_eq_imm, "ssu") X(i32_ne_imm, "ssu") X(i32_lt_s_imm, "ssu") X(i32_lt_u_imm, "ssu") \
    X(i32_gt_s_imm, "ssu") X(i32_gt_u_imm, "ssu") X(i32_le_s_imm, "ssu") \
    X(i32_le_u_imm, "ssu") X(i32_ge_s_imm, "ssu") X(i32_ge_u_imm, "ssu") \
    X(i64_add_imm, "ssu") X(i64_mul_imm, "ssu") X(i64_and_imm, "ssu") X(i64_or_imm, "ssu") \
    X(i64_xor_imm, "ssu") X(i64_shl_imm, "ssu") X(i64_shr_s_imm, "ssu") \
    X(i64_shr_u_imm, "ssu") \
    X(copy2, "ssss_") \
    X(i32_xor_rotl, "sssu___") /* d = a ^ rotl(x, k): rotl_imm t x k; xor d a t */ \
    X(i32_add3, "ssss___")     /* d = a + b + c:     add t a b; add d t c */ \
    X(i32_add_shl, "sssu___")  /* d = a + (x << k):  shl_imm t x k; add d a t */ \
    /* a byte moved in memory 0: load8_u t a off1; store8 addr t off2 (memmove loops) */ \
    X(i32_load8_u_store8, "susu___") \
    X(i32_load8_u_add_store8, "ssusu___") /* load8_u_add t a b off1; store8 addr t off2 */ \
    /* the same with the store's address added just before: add(_imm) u c d; and the above with \
     * addr = u: store to (uint32)(c + d) + off2 */ \
    X(i32_move8_add_add, "ssussu______") X(i32_move8_add_addi, "ssusuu______") \
    /* an operand loaded from memory 0: load t addr off; OP d a t (or t a, if OP commutes) */ \
    X(i32_add_load, "sssu___") X(i64_add_load, "sssu___") \
    /* d = a ^ (x >> k) / a ^ (x << k): shr_u_imm/shl_imm t x k; xor d a t (hash mixing) */ \
    X(i32_xor_shr_u, "sssu___") X(i32_xor_shl, "sssu___") \
    X(i64_xor_shr_u, "sssu___") X(i64_xor_shl, "sssu___") \
    /* a scaled index: shl_imm t x k; X_load_add d a t off -> load (uint32)(a + (x << k)) + off */ \
    X(i32_load_idx, "sssuu___") X(i64_load_idx, "sssuu___") \
    /* read-modify-write: X_add_load t a p off; X_store p t off (the same address slot and \
     * offset) -> mem[p + off] = a + mem[p + off]; the load's words stay first */ \
    X(i32_rmw_add, "ssu________") X(i64_rmw_add, "ssu________") \
    /* a loop counter: i32.add(_imm) d a b; br_if_i32_OP_loop d c ->L, as d = a + b, then \
     * branch back (polling, as a `_loop` branch) if d OP c */ \
    X(loop_add_imm_ne_imm, "ssuuo__") X(loop_add_imm_ne, "ssuso__") \
    X(loop_add_le_u, "sssso__") X(loop_add_lt_u, "sssso__") \
    X(loop_add_imm_nez, "ssuo__") /* i32.add_imm d a k; br_if_nez_loop d ->L (count down) */ \
    /* a back-edge ending a loop that only moves or fills memory (copyloop.c): as the above, \
     * then the iterations left at once. `u`s: the descriptor (relative, as an 'o'), the mode \
     * (FA_CL_*). _cmp: [add_imm d a k][br_if_i32_OP(_imm)_loop d c ->L], c a slot or an imm */ \
    X(loop_copy_nez, "ssuouu") X(loop_copy_ne_imm, "ssuuouu") X(loop_copy_cmp, "ssuuouu") \
    X(loop_copy_add, "ssssouu") /* loop_add_le_u/lt_u's: d = a + b, a step in a slot */ \
    /* an operand loaded from an added address: load_add t a b off; OP d x t (or t x, if OP \
     * commutes) -> d = x OP load((uint32)(a + b) + off) */ \
    X(i32_add_load_add, "ssssu___") X(i64_add_load_add, "ssssu___") \
    /* rotate-xor chains (SHA-2's sigmas): rotl_imm t x k1; xor_rotl u t x k2; xor_rotl d u x k3 \
     * (or xor_shr_u) -> d = rotl(x, k1) ^ rotl(x, k2) ^ rotl(x, k3) (or ^ x >> k3) */ \
    X(i32_rotl3, "ssuuu______________") X(i32_rotl2_shr_u, "ssuuu______________") \
    FA_CODE_PEEPHOLE_FLOAT(X)
#define FA_CODE_PEEPHOLE_FLOAT_ROWS_(X) \
    X(f32_add_load, "sssu___") X(f32_sub_load, "sssu___") X(f32_mul_load, "sssu___") \
    X(f64_add_load, "sssu___") X(f64_sub_load, "sssu___") X(f64_mul_load, "sssu___") \
    /* sub: a - loaded */ \
    /* d = c + a * b, rounded twice: f64.mul t a b; f64.add d c t */ \
    X(f64_add_mul, "ssss___") X(f64_load_idx, "sssuu___") \
    X(f32_add_load_add, "ssssu___") X(f32_sub_load_add, "ssssu___") \
    X(f32_mul_load_add, "ssssu___") X(f64_add_load_add, "ssssu___") \
    X(f64_sub_load_add, "ssssu___") X(f64_mul_load_add, "ssssu___") \
    /* d = (a * b) * c, rounded twice: mul t a b; mul d t c (or c t) */ \
    X(f32_mul3, "ssss___") X(f64_mul3, "ssss___") \
    X(f32_rmw_add, "ssu________") X(f64_rmw_add, "ssu________") \
    /* the product added by a read-modify-write, rounded twice (as f64_add_mul): \
     * mul t a b; rmw_add p t off -> [p a b off]: mem[p + off] = a * b + mem[p + off]; \
     * mul_load t a q off2; rmw_add p t off -> [p a q off2 off]: \
     * mem[p + off] = a * mem[q + off2] + mem[p + off] */ \
    X(f32_rmw_add_mul, "sssu___________") X(f64_rmw_add_mul, "sssu___________") \
    X(f32_rmw_add_mul_load, "sssuu______________") \
    X(f64_rmw_add_mul_load, "sssuu______________")

/* Every branch with one target. A branch back to a loop header uses the
 * `_loop` twin (same operands), which also polls for an interrupt and
 * charges fuel when it is taken: loops are checked on their back-edges, so
 * a loop costs no instruction of its own (compile.c). */
#define FA_CODE_JUMPS_W(X, W) \
    W(X, br, "o") W(X, br_if_nez, "so") W(X, br_if_eqz, "so") FA_CODE_CMP_BRANCHES_W(X, W)

/* Feature groups that fayasm_config.h can compile out (unset = on):
 *   FA_CODE_FLOAT      f32/f64 instructions (FAYASM_FLOAT);
 *   FA_CODE_MX         the `_mx` memory forms, needed only for memories
 *                      other than 0 or 64-bit ones (FAYASM_MULTI_MEMORY,
 *                      FAYASM_MEMORY64; kept with SIMD, whose handlers
 *                      include their own `_mx` forms);
 *   FA_CODE_TAIL_CALL  return_call and return_call_indirect (FAYASM_TAIL_CALL).
 * The decoder rejects a module that needs a group compiled out, so the
 * translator never meets one. */
#if !defined(FAYASM_FLOAT) || FAYASM_FLOAT
#define FA_CODE_FLOAT 1
#define FA_CODE_NUMERIC_FLOAT(X) FA_CODE_NUMERIC_FLOAT_ROWS_(X)
#define FA_CODE_CMP_BRANCHES_FLOAT_W(X, W) FA_CODE_CMP_BRANCHES_FLOAT_ROWS_(X, W)
#define FA_CODE_PEEPHOLE_FLOAT(X) FA_CODE_PEEPHOLE_FLOAT_ROWS_(X)
#define FA_CODE_FLOAT_MEM_(X, W) W(X, f32_load) W(X, f64_load) W(X, f32_store) W(X, f64_store)
#define FA_CODE_LOAD_OPERANDS_FLOAT_(X)                                                            \
    X(f32, add, +) X(f32, sub, -) X(f32, mul, *) X(f64, add, +) X(f64, sub, -) X(f64, mul, *)
#else
#define FA_CODE_FLOAT 0
#define FA_CODE_NUMERIC_FLOAT(X)
#define FA_CODE_CMP_BRANCHES_FLOAT_W(X, W)
#define FA_CODE_PEEPHOLE_FLOAT(X)
#define FA_CODE_FLOAT_MEM_(X, W)
#define FA_CODE_LOAD_OPERANDS_FLOAT_(X)
#endif

/* The ops with an operand loaded from memory 0, X(type, op, C operator):
 * each has a `TYPE_OP_load` form (load t addr off; OP d a t) and a
 * `TYPE_OP_load_add` one (the load's address added: load_add t a b off).
 * compile.c fuses them, exec.c runs them, both from this one list. */
#define FA_CODE_LOAD_OPERANDS(X) X(i32, add, +) X(i64, add, +) FA_CODE_LOAD_OPERANDS_FLOAT_(X)
#if !defined(FAYASM_MEMORY64) || FAYASM_MEMORY64 || !defined(FAYASM_MULTI_MEMORY) ||          \
    FAYASM_MULTI_MEMORY || !defined(FAYASM_SIMD) || FAYASM_SIMD
#define FA_CODE_MX 1
#else
#define FA_CODE_MX 0
#endif
#if !defined(FAYASM_TAIL_CALL) || FAYASM_TAIL_CALL
#define FA_CODE_TAIL_CALL 1
#define FA_CODE_TAIL_CALLS_(X) X(return_call, "us") X(return_call_indirect, "uuss")
#else
#define FA_CODE_TAIL_CALL 0
#define FA_CODE_TAIL_CALLS_(X)
#endif

/* ------------------------------------------------------------------ SIMD
 * The 128-bit vector instructions (handlers in exec_simd.inc, semantics in
 * simd.h). A v128 operand is the first of its two slots. FAYASM_SIMD and
 * FAYASM_RELAXED_SIMD (fayasm_config.h) compile them out; unset means on.
 * The lists are grouped by operand shape, which is all exec_simd.inc needs
 * to generate the handlers. */
#if !defined(FAYASM_SIMD) || FAYASM_SIMD
#define FA_CODE_SIMD 1
#else
#define FA_CODE_SIMD 0
#endif
#if FA_CODE_SIMD && (!defined(FAYASM_RELAXED_SIMD) || FAYASM_RELAXED_SIMD)
#define FA_CODE_RELAXED_SIMD 1
#else
#define FA_CODE_RELAXED_SIMD 0
#endif

#define FA_CODE_SIMD_BASE_V_V(X) \
    X(v128_not, "ss") X(f32x4_demote_f64x2_zero, "ss") X(f64x2_promote_low_f32x4, "ss") \
    X(i8x16_abs, "ss") X(i8x16_neg, "ss") X(i8x16_popcnt, "ss") X(f32x4_ceil, "ss") \
    X(f32x4_floor, "ss") X(f32x4_trunc, "ss") X(f32x4_nearest, "ss") X(f64x2_ceil, "ss") \
    X(f64x2_floor, "ss") X(f64x2_trunc, "ss") X(i16x8_extadd_pairwise_i8x16_s, "ss") \
    X(i16x8_extadd_pairwise_i8x16_u, "ss") X(i32x4_extadd_pairwise_i16x8_s, "ss") \
    X(i32x4_extadd_pairwise_i16x8_u, "ss") X(i16x8_abs, "ss") X(i16x8_neg, "ss") \
    X(i16x8_extend_low_i8x16_s, "ss") X(i16x8_extend_high_i8x16_s, "ss") \
    X(i16x8_extend_low_i8x16_u, "ss") X(i16x8_extend_high_i8x16_u, "ss") X(f64x2_nearest, "ss") \
    X(i32x4_abs, "ss") X(i32x4_neg, "ss") X(i32x4_extend_low_i16x8_s, "ss") \
    X(i32x4_extend_high_i16x8_s, "ss") X(i32x4_extend_low_i16x8_u, "ss") \
    X(i32x4_extend_high_i16x8_u, "ss") X(i64x2_abs, "ss") X(i64x2_neg, "ss") \
    X(i64x2_extend_low_i32x4_s, "ss") X(i64x2_extend_high_i32x4_s, "ss") \
    X(i64x2_extend_low_i32x4_u, "ss") X(i64x2_extend_high_i32x4_u, "ss") X(f32x4_abs, "ss") \
    X(f32x4_neg, "ss") X(f32x4_sqrt, "ss") X(f64x2_abs, "ss") X(f64x2_neg, "ss") \
    X(f64x2_sqrt, "ss") X(i32x4_trunc_sat_f32x4_s, "ss") X(i32x4_trunc_sat_f32x4_u, "ss") \
    X(f32x4_convert_i32x4_s, "ss") X(f32x4_convert_i32x4_u, "ss") \
    X(i32x4_trunc_sat_f64x2_s_zero, "ss") X(i32x4_trunc_sat_f64x2_u_zero, "ss") \
    X(f64x2_convert_low_i32x4_s, "ss") X(f64x2_convert_low_i32x4_u, "ss")
#define FA_CODE_RELAXED_V_V(X) \
    X(i32x4_relaxed_trunc_f32x4_s, "ss") X(i32x4_relaxed_trunc_f32x4_u, "ss") \
    X(i32x4_relaxed_trunc_f64x2_s_zero, "ss") X(i32x4_relaxed_trunc_f64x2_u_zero, "ss")
#define FA_CODE_SIMD_BASE_VV_V(X) \
    X(i8x16_swizzle, "sss") X(i8x16_eq, "sss") X(i8x16_ne, "sss") X(i8x16_lt_s, "sss") \
    X(i8x16_lt_u, "sss") X(i8x16_gt_s, "sss") X(i8x16_gt_u, "sss") X(i8x16_le_s, "sss") \
    X(i8x16_le_u, "sss") X(i8x16_ge_s, "sss") X(i8x16_ge_u, "sss") X(i16x8_eq, "sss") \
    X(i16x8_ne, "sss") X(i16x8_lt_s, "sss") X(i16x8_lt_u, "sss") X(i16x8_gt_s, "sss") \
    X(i16x8_gt_u, "sss") X(i16x8_le_s, "sss") X(i16x8_le_u, "sss") X(i16x8_ge_s, "sss") \
    X(i16x8_ge_u, "sss") X(i32x4_eq, "sss") X(i32x4_ne, "sss") X(i32x4_lt_s, "sss") \
    X(i32x4_lt_u, "sss") X(i32x4_gt_s, "sss") X(i32x4_gt_u, "sss") X(i32x4_le_s, "sss") \
    X(i32x4_le_u, "sss") X(i32x4_ge_s, "sss") X(i32x4_ge_u, "sss") X(f32x4_eq, "sss") \
    X(f32x4_ne, "sss") X(f32x4_lt, "sss") X(f32x4_gt, "sss") X(f32x4_le, "sss") \
    X(f32x4_ge, "sss") X(f64x2_eq, "sss") X(f64x2_ne, "sss") X(f64x2_lt, "sss") \
    X(f64x2_gt, "sss") X(f64x2_le, "sss") X(f64x2_ge, "sss") X(v128_and, "sss") \
    X(v128_andnot, "sss") X(v128_or, "sss") X(v128_xor, "sss") X(i8x16_narrow_i16x8_s, "sss") \
    X(i8x16_narrow_i16x8_u, "sss") X(i8x16_add, "sss") X(i8x16_add_sat_s, "sss") \
    X(i8x16_add_sat_u, "sss") X(i8x16_sub, "sss") X(i8x16_sub_sat_s, "sss") \
    X(i8x16_sub_sat_u, "sss") X(i8x16_min_s, "sss") X(i8x16_min_u, "sss") X(i8x16_max_s, "sss") \
    X(i8x16_max_u, "sss") X(i8x16_avgr_u, "sss") X(i16x8_q15mulr_sat_s, "sss") \
    X(i16x8_narrow_i32x4_s, "sss") X(i16x8_narrow_i32x4_u, "sss") X(i16x8_add, "sss") \
    X(i16x8_add_sat_s, "sss") X(i16x8_add_sat_u, "sss") X(i16x8_sub, "sss") \
    X(i16x8_sub_sat_s, "sss") X(i16x8_sub_sat_u, "sss") X(i16x8_mul, "sss") \
    X(i16x8_min_s, "sss") X(i16x8_min_u, "sss") X(i16x8_max_s, "sss") X(i16x8_max_u, "sss") \
    X(i16x8_avgr_u, "sss") X(i16x8_extmul_low_i8x16_s, "sss") \
    X(i16x8_extmul_high_i8x16_s, "sss") X(i16x8_extmul_low_i8x16_u, "sss") \
    X(i16x8_extmul_high_i8x16_u, "sss") X(i32x4_add, "sss") X(i32x4_sub, "sss") \
    X(i32x4_mul, "sss") X(i32x4_min_s, "sss") X(i32x4_min_u, "sss") X(i32x4_max_s, "sss") \
    X(i32x4_max_u, "sss") X(i32x4_dot_i16x8_s, "sss") X(i32x4_extmul_low_i16x8_s, "sss") \
    X(i32x4_extmul_high_i16x8_s, "sss") X(i32x4_extmul_low_i16x8_u, "sss") \
    X(i32x4_extmul_high_i16x8_u, "sss") X(i64x2_add, "sss") X(i64x2_sub, "sss") \
    X(i64x2_mul, "sss") X(i64x2_eq, "sss") X(i64x2_ne, "sss") X(i64x2_lt_s, "sss") \
    X(i64x2_gt_s, "sss") X(i64x2_le_s, "sss") X(i64x2_ge_s, "sss") \
    X(i64x2_extmul_low_i32x4_s, "sss") X(i64x2_extmul_high_i32x4_s, "sss") \
    X(i64x2_extmul_low_i32x4_u, "sss") X(i64x2_extmul_high_i32x4_u, "sss") X(f32x4_add, "sss") \
    X(f32x4_sub, "sss") X(f32x4_mul, "sss") X(f32x4_div, "sss") X(f32x4_min, "sss") \
    X(f32x4_max, "sss") X(f32x4_pmin, "sss") X(f32x4_pmax, "sss") X(f64x2_add, "sss") \
    X(f64x2_sub, "sss") X(f64x2_mul, "sss") X(f64x2_div, "sss") X(f64x2_min, "sss") \
    X(f64x2_max, "sss") X(f64x2_pmin, "sss") X(f64x2_pmax, "sss")
#define FA_CODE_RELAXED_VV_V(X) \
    X(i8x16_relaxed_swizzle, "sss") X(f32x4_relaxed_min, "sss") X(f32x4_relaxed_max, "sss") \
    X(f64x2_relaxed_min, "sss") X(f64x2_relaxed_max, "sss") X(i16x8_relaxed_q15mulr_s, "sss") \
    X(i16x8_relaxed_dot_i8x16_i7x16_s, "sss")
#define FA_CODE_SIMD_BASE_VVV_V(X) \
    X(v128_bitselect, "ssss")
#define FA_CODE_RELAXED_VVV_V(X) \
    X(f32x4_relaxed_madd, "ssss") X(f32x4_relaxed_nmadd, "ssss") X(f64x2_relaxed_madd, "ssss") \
    X(f64x2_relaxed_nmadd, "ssss") X(i8x16_relaxed_laneselect, "ssss") \
    X(i16x8_relaxed_laneselect, "ssss") X(i32x4_relaxed_laneselect, "ssss") \
    X(i64x2_relaxed_laneselect, "ssss") X(i32x4_relaxed_dot_i8x16_i7x16_add_s, "ssss")
#define FA_CODE_SIMD_BASE_V_I(X) \
    X(v128_any_true, "ss") X(i8x16_all_true, "ss") X(i8x16_bitmask, "ss") \
    X(i16x8_all_true, "ss") X(i16x8_bitmask, "ss") X(i32x4_all_true, "ss") \
    X(i32x4_bitmask, "ss") X(i64x2_all_true, "ss") X(i64x2_bitmask, "ss")
#define FA_CODE_RELAXED_V_I(X)
#define FA_CODE_SIMD_BASE_VI_V(X) \
    X(i8x16_shl, "sss") X(i8x16_shr_s, "sss") X(i8x16_shr_u, "sss") X(i16x8_shl, "sss") \
    X(i16x8_shr_s, "sss") X(i16x8_shr_u, "sss") X(i32x4_shl, "sss") X(i32x4_shr_s, "sss") \
    X(i32x4_shr_u, "sss") X(i64x2_shl, "sss") X(i64x2_shr_s, "sss") X(i64x2_shr_u, "sss")
#define FA_CODE_RELAXED_VI_V(X)
#define FA_CODE_SIMD_BASE_SPLAT(X) \
    X(i8x16_splat, "ss") X(i16x8_splat, "ss") X(i32x4_splat, "ss") X(i64x2_splat, "ss") \
    X(f32x4_splat, "ss") X(f64x2_splat, "ss")
#define FA_CODE_RELAXED_SPLAT(X)
#define FA_CODE_SIMD_BASE_EXTRACT(X) \
    X(i8x16_extract_lane_s, "ssu") X(i8x16_extract_lane_u, "ssu") X(i16x8_extract_lane_s, "ssu") \
    X(i16x8_extract_lane_u, "ssu") X(i32x4_extract_lane, "ssu") X(i64x2_extract_lane, "ssu") \
    X(f32x4_extract_lane, "ssu") X(f64x2_extract_lane, "ssu")
#define FA_CODE_RELAXED_EXTRACT(X)
#define FA_CODE_SIMD_BASE_REPLACE(X) \
    X(i8x16_replace_lane, "sssu") X(i16x8_replace_lane, "sssu") X(i32x4_replace_lane, "sssu") \
    X(i64x2_replace_lane, "sssu") X(f32x4_replace_lane, "sssu") X(f64x2_replace_lane, "sssu")
#define FA_CODE_RELAXED_REPLACE(X)

#if FA_CODE_SIMD
#if !FA_CODE_RELAXED_SIMD
#undef FA_CODE_RELAXED_V_V
#undef FA_CODE_RELAXED_VV_V
#undef FA_CODE_RELAXED_VVV_V
#define FA_CODE_RELAXED_V_V(X)
#define FA_CODE_RELAXED_VV_V(X)
#define FA_CODE_RELAXED_VVV_V(X)
#endif
#define FA_CODE_SIMD_V_V(X) FA_CODE_SIMD_BASE_V_V(X) FA_CODE_RELAXED_V_V(X)
#define FA_CODE_SIMD_VV_V(X) FA_CODE_SIMD_BASE_VV_V(X) FA_CODE_RELAXED_VV_V(X)
#define FA_CODE_SIMD_VVV_V(X) FA_CODE_SIMD_BASE_VVV_V(X) FA_CODE_RELAXED_VVV_V(X)
#define FA_CODE_SIMD_V_I(X) FA_CODE_SIMD_BASE_V_I(X) FA_CODE_RELAXED_V_I(X)
#define FA_CODE_SIMD_VI_V(X) FA_CODE_SIMD_BASE_VI_V(X) FA_CODE_RELAXED_VI_V(X)
#define FA_CODE_SIMD_SPLAT(X) FA_CODE_SIMD_BASE_SPLAT(X) FA_CODE_RELAXED_SPLAT(X)
#define FA_CODE_SIMD_EXTRACT(X) FA_CODE_SIMD_BASE_EXTRACT(X) FA_CODE_RELAXED_EXTRACT(X)
#define FA_CODE_SIMD_REPLACE(X) FA_CODE_SIMD_BASE_REPLACE(X) FA_CODE_RELAXED_REPLACE(X)
/* Full-width loads and the store: the same three forms as the scalar ones
 * (they are part of FA_CODE_MEMACCESS). */
#define FA_CODE_SIMD_MEMACCESS(X, W) \
    W(X, v128_load) W(X, v128_load8x8_s) W(X, v128_load8x8_u) W(X, v128_load16x4_s) \
    W(X, v128_load16x4_u) W(X, v128_load32x2_s) W(X, v128_load32x2_u) \
    W(X, v128_load8_splat) W(X, v128_load16_splat) W(X, v128_load32_splat) \
    W(X, v128_load64_splat) W(X, v128_load32_zero) W(X, v128_load64_zero) W(X, v128_store)
/* Lane loads [dst, addr, vec, offset, lane] and stores [addr, vec, offset,
 * lane]; the _mx forms put memory flags and a 64-bit offset before the lane.
 * Each group keeps one order so compile.c maps by a fixed distance. */
#define FA_CODE_SIMD_OTHER(X) \
    X(v128_const, "sqq")         /* dst, 16 bytes */ \
    X(i8x16_shuffle, "sssqq")    /* dst, a, b, 16 lane indices */ \
    X(global_get_v128, "su") \
    X(global_set_v128, "us") \
    X(v128_load8_lane, "sssuu") X(v128_load16_lane, "sssuu") X(v128_load32_lane, "sssuu") \
    X(v128_load64_lane, "sssuu") \
    X(v128_store8_lane, "ssuu") X(v128_store16_lane, "ssuu") X(v128_store32_lane, "ssuu") \
    X(v128_store64_lane, "ssuu") \
    X(v128_load8_lane_mx, "sssmqu") X(v128_load16_lane_mx, "sssmqu") \
    X(v128_load32_lane_mx, "sssmqu") X(v128_load64_lane_mx, "sssmqu") \
    X(v128_store8_lane_mx, "ssmqu") X(v128_store16_lane_mx, "ssmqu") \
    X(v128_store32_lane_mx, "ssmqu") X(v128_store64_lane_mx, "ssmqu") \
    FA_CODE_SIMD_V_V(X) FA_CODE_SIMD_VV_V(X) FA_CODE_SIMD_VVV_V(X) FA_CODE_SIMD_V_I(X) \
    FA_CODE_SIMD_VI_V(X) FA_CODE_SIMD_SPLAT(X) FA_CODE_SIMD_EXTRACT(X) FA_CODE_SIMD_REPLACE(X)
#else
#define FA_CODE_SIMD_V_V(X)
#define FA_CODE_SIMD_VV_V(X)
#define FA_CODE_SIMD_VVV_V(X)
#define FA_CODE_SIMD_V_I(X)
#define FA_CODE_SIMD_VI_V(X)
#define FA_CODE_SIMD_SPLAT(X)
#define FA_CODE_SIMD_EXTRACT(X)
#define FA_CODE_SIMD_REPLACE(X)
#define FA_CODE_SIMD_MEMACCESS(X, W)
#define FA_CODE_SIMD_OTHER(X)
#endif

/* Loads (dst, addr) and stores (addr, value), in two forms each (see above). */
#define FA_CODE_MEMACCESS(X, W) \
    W(X, i32_load) W(X, i64_load) \
    W(X, i32_load8_s) W(X, i32_load8_u) W(X, i32_load16_s) W(X, i32_load16_u) \
    W(X, i64_load8_s) W(X, i64_load8_u) W(X, i64_load16_s) W(X, i64_load16_u) \
    W(X, i64_load32_s) W(X, i64_load32_u) \
    W(X, i32_store) W(X, i64_store) \
    W(X, i32_store8) W(X, i32_store16) W(X, i64_store8) W(X, i64_store16) W(X, i64_store32) \
    FA_CODE_FLOAT_MEM_(X, W) FA_CODE_SIMD_MEMACCESS(X, W)
#define FA_CODE_AS_SHORT_(X, name) X(name, "ssu")     /* dst|addr, addr|val, offset */
#define FA_CODE_AS_MX_(X, name) X(name##_mx, "ssmq")  /* + memory flags, 64-bit offset */
#if FA_CODE_MX
#define FA_CODE_MEMACCESS_MX_(X) FA_CODE_MEMACCESS(X, FA_CODE_AS_MX_)
#else
#define FA_CODE_MEMACCESS_MX_(X)
#endif
/* Fused `i32.add a b` + access, short form: address (uint32)(a + b) + offset.
 * Loads: dst, a, b, offset; stores: a, b, value, offset. */
#define FA_CODE_AS_ADD_(X, name) X(name##_add, "sssu")

/* Everything, in one list: X(name, operand format). */
#define FA_CODE_OPS(X) \
    /* control */ \
    X(unreachable, "") \
    X(copy, "ss")             /* dst <- src (one slot) */ \
    X(const32, "su")          /* dst <- zero-extended imm */ \
    X(const64, "sq") \
    /* br, br_if_nez (branch if the i32 in slot != 0), br_if_eqz, fused */ \
    FA_CODE_JUMPS_W(X, FA_CODE_AS_IS_) \
    X(br_table, "st") \
    FA_CODE_JUMPS_W(X, FA_CODE_AS_LOOP_) /* the same, back to a loop header */ \
    X(return, "")             /* results already in slots 0.. */ \
    X(call, "us")             /* func index, arg base */ \
    X(call_indirect, "uuss")  /* type index, table index, elem index slot, arg base */ \
    FA_CODE_TAIL_CALLS_(X) \
    /* parametric, variables, references */ \
    X(select, "ssss")         /* dst, a, b, cond */ \
    X(global_get, "su") \
    X(global_set, "us") \
    X(ref_func, "su") \
    X(ref_is_null, "ss") \
    /* tables */ \
    X(table_get, "sus")       /* dst, table, index */ \
    X(table_set, "uss")       /* table, index, value */ \
    X(table_size, "su") \
    X(table_grow, "suss")     /* dst, table, init, delta */ \
    X(table_fill, "usss")     /* table, index, value, n */ \
    X(table_copy, "uusss")    /* dst table, src table, d, s, n */ \
    X(table_init, "uusss")    /* elem, table, d, s, n */ \
    X(elem_drop, "u") \
    /* memories */ \
    X(memory_size, "sm") \
    X(memory_grow, "sms")     /* dst, memory, delta */ \
    X(memory_fill, "msss")    /* memory, d, value, n */ \
    X(memory_copy, "mmsss")   /* dst memory, src memory, d, s, n */ \
    X(memory_init, "umsss")   /* data, memory, d, s, n */ \
    X(data_drop, "u") \
    FA_CODE_MEMACCESS(X, FA_CODE_AS_SHORT_) \
    FA_CODE_MEMACCESS_MX_(X) \
    FA_CODE_MEMACCESS(X, FA_CODE_AS_ADD_) \
    FA_CODE_NUMERIC(X) \
    FA_CODE_PEEPHOLE_OPS(X) \
    FA_CODE_SIMD_OTHER(X)
/* clang-format on */

typedef enum fa_code_op {
#define FA_X_CODE_ENUM(name, fmt) FA_C_##name,
    FA_CODE_OPS(FA_X_CODE_ENUM)
#undef FA_X_CODE_ENUM
        FA_C_COUNT
} fa_code_op;

/* The `_loop` twin of a branch op (FA_CODE_JUMPS_W), and the test for one. */
#define FA_C_LOOP_TWIN(op) ((op) + (FA_C_br_loop - FA_C_br))
#define FA_C_IS_LOOP_JUMP(op)                                                                      \
    ((op) >= FA_C_br_loop && (op) < FA_C_br_loop + (FA_C_br_table - FA_C_br))
/* Ops that poll as a loop back-edge does, with ip still on them. */
#if FA_CODE_PEEPHOLE_ON
#define FA_C_POLLS(op)                                                                             \
    (FA_C_IS_LOOP_JUMP(op) || ((op) >= FA_C_loop_add_imm_ne_imm && (op) <= FA_C_loop_copy_add))
#else
#define FA_C_POLLS(op) FA_C_IS_LOOP_JUMP(op)
#endif

#if !FA_CODE_TAIL_CALL
/* Never emitted: a build without tail calls rejects return_call* at load.
 * The aliases keep the call paths shared with `call` (compile.c,
 * backtrace.c) free of #if's. */
#define FA_C_return_call FA_C_unreachable
#define FA_C_return_call_indirect FA_C_unreachable
#endif

/* Name (e.g. "i32_add") and operand format of each internal op. */
extern const char *const fa_code_op_names[FA_C_COUNT];
extern const char *const fa_code_op_formats[FA_C_COUNT];

/* ------------------------------------------------------------------ a translated function */

struct fa_code {
    uint32_t n_param_slots; /* params */
    uint32_t n_local_slots; /* params + declared locals (zeroed on entry) */
    uint32_t n_consts;      /* constant slots, right after the locals */
    uint32_t n_result_slots;
    uint32_t n_slots; /* frame size: locals + consts + maximum operand stack */
    uint32_t n_words;
    const fa_slot *consts; /* n_consts values (same allocation) */
    const uint32_t *words; /* the instructions (same allocation) */
    /* Position map for backtraces (same allocation): one entry per wasm
     * instruction that emitted code, as two ULEB128 deltas from the previous
     * entry (starting at 0, 0): the word index of its first internal word,
     * and its byte offset in the module binary. Both only increase. */
    uint32_t n_pcmap; /* bytes */
    const uint8_t *pcmap;
    /* Descriptors of the copy loops (copyloop.c), right after the words
     * (same allocation); the loop_copy_* ops point at them. */
    uint32_t n_aux; /* words */
    /* Code cache (codecache.c): the runtime's list of translations (oldest
     * first), the function that owns this one (def->code == this) and the
     * size of the allocation. */
    struct fa_code *older, *newer;
    struct fa_funcdef *def;
    size_t size;
    uint32_t mark; /* == rt->code_mark: on the call stack (being dropped) */
};

/* codecache.c: accounts a new translation (def->code, `size` bytes) and,
 * past fa_config.code_cache_bytes, drops translations of functions with no
 * frame on rt's call stack (oldest first; def->code becomes NULL, so the
 * next call translates again). The new one is never dropped. rt may be NULL
 * (nothing is tracked). */
void fa_code_cache_add(fa_runtime *rt, struct fa_funcdef *def, size_t size);
/* codecache.c: forgets a translation about to be freed (fa_code_free). */
void fa_code_cache_remove(fa_runtime *rt, struct fa_code *code);

/* Module byte offset of the wasm instruction that produced internal word
 * `pc` (an index into code->words), or FA_NO_OFFSET. Cold path (backtraces):
 * decodes the position map linearly. */
#define FA_CODE_HAS_PCMAP 1
uint64_t fa_code_wasm_offset(const struct fa_code *code, uint32_t pc);

/* Prints a readable listing of code (one instruction per line). */
void fa_code_dump(FILE *out, const struct fa_code *code);

#if FA_CODE_PEEPHOLE_ON
/* copyloop.c: turns the back-edges of copy loops in the finished code
 * (after relocate(); L locals, K constants) into loop_copy_* ops; put()
 * stores a descriptor and returns its word position after the code (or
 * UINT32_MAX if out of memory). */
void fa_copyloop_find(fa_runtime *rt, uint32_t *code, uint32_t n, uint32_t L, uint32_t K,
                      const fa_slot *consts,
                      uint32_t (*put)(void *ctx, const uint32_t *w, uint32_t n), void *ctx);
/* Runs up to n of the iterations left (at most FA_COPYLOOP_CHUNK) of the
 * copy loop with descriptor d and sets the slots it writes; returns how many
 * it ran: 0 if an access would trap or wrap (then the loop runs as written). */
uint32_t fa_copyloop_run(const uint32_t *d, fa_slot *fp, uint8_t *mem, uint64_t msize,
                         uint32_t n);
#define FA_COPYLOOP_MIN 8            /* fewer iterations left: not worth the checks */
#define FA_COPYLOOP_CHUNK (1u << 20) /* iterations per step, between polls */
/* The mode word of a loop_copy op: the back-edge's test (d OP c), whether c
 * is a slot, and the step k = +-2^s as s << 8 | FA_CL_NEG. */
enum { FA_CL_NE, FA_CL_GT_U, FA_CL_GE_U, FA_CL_LT_U, FA_CL_LE_U };
#define FA_CL_CSLOT 0x10u
#define FA_CL_NEG 0x2000u

/* Whether the back-edge of mode `mode` goes back when the counter is x. */
static inline int fa_copyloop_again(uint32_t x, uint32_t c, uint32_t mode)
{
    switch (mode & 15) {
    case FA_CL_GT_U: return x > c;
    case FA_CL_GE_U: return x >= c;
    case FA_CL_LT_U: return x < c;
    case FA_CL_LE_U: return x <= c;
    default: return x != c;
    }
}

/* How many more iterations run when the back-edge just went back with the
 * counter at x: the least n >= 1 at which x + n * k fails the test, with no
 * wrap of x + i * k on the way; 0 if there is none (the loop runs as written). */
static inline uint32_t fa_copyloop_trips(uint32_t x, uint32_t c, uint32_t mode)
{
    uint32_t s = (mode >> 8) & 31, neg = mode & FA_CL_NEG;
    uint64_t m = (uint64_t)1 << s, n;
    switch (mode & 15) {
    case FA_CL_GT_U: /* counting down to c (k < 0) */
    case FA_CL_GE_U:
        if (!neg)
            return 0;
        n = (mode & 15) == FA_CL_GT_U ? ((uint64_t)(x - c) + m - 1) >> s
                                       : ((uint64_t)(x - c) >> s) + 1;
        return (n << s) <= x ? (uint32_t)n : 0;
    case FA_CL_LT_U: /* counting up to c (k > 0) */
    case FA_CL_LE_U:
        if (neg)
            return 0;
        n = (mode & 15) == FA_CL_LT_U ? ((uint64_t)(c - x) + m - 1) >> s
                                       : ((uint64_t)(c - x) >> s) + 1;
        return x + (n << s) <= UINT32_MAX ? (uint32_t)n : 0;
    default: { /* x + n * k == c (mod 2^32) */
        uint32_t rem = neg ? x - c : c - x;
        return (rem & (uint32_t)(m - 1)) ? 0 : rem >> s;
    }
    }
}

/* The same for a step k in a slot (loop_copy_add: counting up, k > 0). */
static inline uint32_t fa_copyloop_trips_by(uint32_t x, uint32_t c, uint32_t k, uint32_t mode)
{
    if (k == 0 || x > c)
        return 0;
    uint64_t n = (mode & 15) == FA_CL_LT_U ? ((uint64_t)(c - x) + k - 1) / k
                                            : (uint64_t)(c - x) / k + 1;
    return x + n * k <= UINT32_MAX ? (uint32_t)n : 0;
}
#endif

/* Length in words of the instruction at `ip` (opcode word included). */
uint32_t fa_code_insn_len(const uint32_t *ip);

#endif /* FA_CODE_H */
