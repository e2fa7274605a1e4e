/*
 * exec.c - the interpreter: dispatch loop and every handler, in one unit.
 *
 * Stage: execution of internal code (code.h). Main data structures: the
 * runtime's value stack (64-bit slots; a frame is a window of it starting at
 * fp) and its explicit frame array (rt->frames[0..rt->depth)). A wasm call
 * never recurses on the C stack; only a host function calling back into
 * wasm re-enters fa_exec_call (with its own base depth).
 *
 * Invariants:
 *   - inside the loop, `ip` points at the opcode word of the next
 *     instruction; a handler reads its operands as ip[1], ip[2], ... and
 *     advances ip past them;
 *   - `mem`/`msize` cache memory 0 of the current instance; they are
 *     reloaded after anything that can move or grow it (entering another
 *     instance's function, returns, memory.grow, host calls);
 *   - frames[d].ip is the return address into the caller; it is NULL only
 *     for the frame run() entered (which is how run() knows it is done);
 *     a host function's frame holds its caller's position (backtraces);
 *   - a trap stores its code and jumps to one exit; fa_exec_call unwinds
 *     the frames this invocation pushed. No longjmp.
 *
 * Dispatch goes through OP(name)/NEXT()/TRAP(code): computed goto on
 * GCC/Clang, a switch when FA_DISPATCH_SWITCH is defined or the compiler
 * lacks labels-as-values. Handler bodies are the same in both. The SIMD
 * handlers live in exec_simd.inc, included into the same loop.
 *
 * Spec: 4.4 (instructions), 4.3 (numerics via numeric.h), 4.2.8 (memory).
 */
#include <string.h>

#include "code.h"
#include "numeric.h"
#if FA_CODE_SIMD
#include "simd.h"
#endif
#include "util/error.h"

#if (defined(__GNUC__) || defined(__clang__)) && !defined(FA_DISPATCH_SWITCH)
#define FA_COMPUTED_GOTO 1
#else
#define FA_COMPUTED_GOTO 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

/* ------------------------------------------------------------------ host calls */

static uint32_t vt_slots_sum(const fa_vt *vts, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        s += fa_vt_slots(vts[i]);
    return s;
}

/*
 * Calls host function f with its arguments at args[0..); its results are
 * written just above the arguments, then moved down to args[0..). Pushes a
 * frame so that call depth and backtraces count host calls too.
 */
static fa_trap call_host(fa_runtime *rt, fa_func *f, fa_slot *args, fa_instance *caller,
                         const uint32_t *ret)
{
    const fa_type *t = f->type;
    uint32_t np = vt_slots_sum(fa_type_params(t), t->n_params);
    uint32_t nr = vt_slots_sum(fa_type_results(t), t->n_results);
    fa_slot *res = args + np;
    if (rt->depth >= rt->cfg.max_call_depth || (size_t)(rt->stack_end - res) < nr)
        return FA_TRAP_STACK_EXHAUSTED;
    fa_frame *fr = &rt->frames[rt->depth++];
    fr->ip = ret; /* the caller's position, for backtraces */
    fr->fp = args;
    fr->func = f;
    fa_call call;
    call.rt = rt;
    call.func = f;
    call.caller = caller;
    call.args = args;
    call.results = res;
    fa_slot *saved_sp = rt->sp;
    rt->sp = res + nr;
    rt->trap = FA_TRAP_NONE;
    rt->trap_msg[0] = '\0';
    int rc = f->host(&call, f->host_user);
    rt->sp = saved_sp;
    if (rc != 0 && rt->depth > rt->trap_depth) {
        rt->trap_depth = rt->depth; /* the backtrace includes the host function */
        rt->trap_ip = NULL;
    } else if (rc == 0) {
        rt->trap_depth = 0; /* a trap the host caught inside is not ours */
    }
    rt->depth--;
    if (rc != 0)
        return rt->trap != FA_TRAP_NONE ? rt->trap : FA_TRAP_HOST;
    memmove(args, res, (size_t)nr * sizeof(fa_slot));
    return FA_TRAP_NONE;
}

/* Translates f's body on its first call (validating it first under
 * fa_config.lazy_validation). Returns the trap to raise, or FA_TRAP_NONE.
 * Without lazy validation only allocation can fail. Kept out of line: the
 * interpreter tests f->def->code itself. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline, cold))
#endif
static fa_trap translate_on_call(fa_runtime *rt, fa_func *f)
{
    fa_error err;
    const fa_module *m = f->inst->mod;
    fa_result r = fa_compile_function(f->inst->mod, f->def, &err);
    if (r == FA_OK)
        return FA_TRAP_NONE;
    if (r == FA_ERR_INVALID || r == FA_ERR_MALFORMED) {
        char at[48] = "";
        if (err.offset != FA_NO_OFFSET)
            fa_snprintf(at, sizeof at, " (at byte offset %llu)", (unsigned long long)err.offset);
        fa_snprintf(rt->trap_msg, sizeof rt->trap_msg, "invalid function %u: %.160s%s",
                    (unsigned)(m->n_func_imports + (uint32_t)(f->def - m->funcdefs)), err.message,
                    at);
        return FA_TRAP_INVALID_FUNCTION;
    }
    fa_snprintf(rt->trap_msg, sizeof rt->trap_msg, "%s", err.message);
    return FA_TRAP_HOST;
}

/* ------------------------------------------------------------------ helpers */

#if FA_CODE_FLOAT
static inline float f32_of(fa_slot s)
{
    return fa_f32_from_bits((uint32_t)s);
}
static inline double f64_of(fa_slot s)
{
    return fa_f64_from_bits(s);
}
static inline fa_slot slot_f32(float f)
{
    return fa_f32_to_bits(f);
}
static inline fa_slot slot_f64(double d)
{
    return fa_f64_to_bits(d);
}
#endif

/* Address operand of memory flags `mf`: i64 for 64-bit memories, else i32. */
static inline uint64_t addr_of(fa_slot s, uint32_t mf)
{
    return (mf & FA_CODE_MEM64) ? s : (uint32_t)s;
}

/* memory.grow pays FA_PAGE_SIZE / FA_FUEL_BULK_BYTES units per page. */
_Static_assert(FA_PAGE_SIZE % FA_FUEL_BULK_BYTES == 0, "whole fuel units per page");

/* [ea, ea+n) inside a memory of `size` bytes, where ea = addr + off may wrap. */
static inline int range_ok(uint64_t addr, uint64_t off, uint64_t n, uint64_t size)
{
    uint64_t ea = addr + off;
    return ea >= addr && ea <= size && size - ea >= n;
}

/*
 * Frame set-up on every call: a few slots as a rule. Compilers turn plain
 * loops into memset/memcpy calls, which cost more than the stores for the
 * usual handful (fib: 2 calls' worth of instructions per call, callgrind),
 * so up to 8 slots are stored directly, through a jump into the sequence.
 */
#if defined(__GNUC__) || defined(__clang__)
#define FA_FALLTHROUGH __attribute__((fallthrough))
#else
#define FA_FALLTHROUGH ((void)0)
#endif
#define FA_SMALL_SLOTS(dst, src)                                                                   \
    case 8: dst[7] = src(7); FA_FALLTHROUGH;                                                       \
    case 7: dst[6] = src(6); FA_FALLTHROUGH;                                                       \
    case 6: dst[5] = src(5); FA_FALLTHROUGH;                                                       \
    case 5: dst[4] = src(4); FA_FALLTHROUGH;                                                       \
    case 4: dst[3] = src(3); FA_FALLTHROUGH;                                                       \
    case 3: dst[2] = src(2); FA_FALLTHROUGH;                                                       \
    case 2: dst[1] = src(1); FA_FALLTHROUGH;                                                       \
    case 1: dst[0] = src(0); FA_FALLTHROUGH;                                                       \
    case 0: break;

static inline void slots_zero(fa_slot *d, uint32_t n)
{
#define ZERO_(i) 0
    switch (n) {
        FA_SMALL_SLOTS(d, ZERO_)
    default: memset(d, 0, (size_t)n * sizeof(fa_slot)); break;
    }
#undef ZERO_
}

static inline void slots_copy(fa_slot *d, const fa_slot *s, uint32_t n)
{
#define FROM_(i) s[i]
    switch (n) {
        FA_SMALL_SLOTS(d, FROM_)
    default: memcpy(d, s, (size_t)n * sizeof(fa_slot)); break;
    }
#undef FROM_
}

/* ------------------------------------------------------------------ the loop */

/*
 * The interpreter loop for wasm function f with its arguments at sp. Its
 * entry frame is the one with ip == NULL, so the loop needs no base depth.
 * On a trap the caller (fa_exec_call) unwinds rt->depth. Kept separate so
 * that rarely used state stays out of the loop's registers.
 */
static fa_trap run(fa_runtime *rt, fa_func *f, fa_slot *sp)
{
    fa_trap trap = FA_TRAP_NONE;

    const uint32_t *ip = NULL;
    fa_slot *fp = sp;
    fa_instance *inst = NULL;
    uint8_t *mem = NULL;
    uint64_t msize = 0;

    /* call/enter state */
    fa_func *callee = f;
    fa_slot *nfp = sp;
    const struct fa_code *code;
    const uint32_t *jump_to = NULL; /* loop_poll: the branch target */

    /* The frame stack in locals: `top` is the next free frame (the current
     * one is top[-1]), so calls and returns do not go through rt->depth.
     * rt->depth = top - rt->frames again wherever code outside this loop
     * may look (SYNC_DEPTH: host calls, translations, traps, leaving). */
    fa_frame *top = rt->frames + rt->depth;
    fa_frame *const frames_end = rt->frames + rt->cfg.max_call_depth;
    fa_slot *const stack_end = rt->stack_end;
#define SYNC_DEPTH() (rt->depth = (uint32_t)(top - rt->frames))

#define RELOAD_MEM()                                                                               \
    do {                                                                                           \
        if (inst->mod->n_mems) {                                                                   \
            const fa_memory *m0_ = inst->mems[0];                                                  \
            mem = m0_->data;                                                                       \
            msize = m0_->size;                                                                     \
        }                                                                                          \
    } while (0)

#ifdef FAYASM_STATS
    /* Counting dispatch (a -DFAYASM_STATS build only): op is counted, then used. */
#define STATS_COUNT(op) (rt->stats_ops[(op)]++, (op))
#endif
#if FA_COMPUTED_GOTO
    static const void *const labels[FA_C_COUNT] = {
#define FA_X_LABEL(name, fmt) &&L_##name,
        FA_CODE_OPS(FA_X_LABEL)
#undef FA_X_LABEL
    };
#define OP(name) L_##name:
#ifdef FAYASM_STATS
#define NEXT() goto *labels[STATS_COUNT(*ip)]
#else
#define NEXT() goto *labels[*ip]
#endif
#define DISPATCH_BEGIN NEXT();
#define DISPATCH_END
#else
#define OP(name) case FA_C_##name:
#define NEXT() goto dispatch
#ifdef FAYASM_STATS
#define DISPATCH_BEGIN                                                                             \
    dispatch:                                                                                      \
    switch ((fa_code_op)STATS_COUNT(*ip)) {
#else
#define DISPATCH_BEGIN                                                                             \
    dispatch:                                                                                      \
    switch ((fa_code_op)*ip) {
#endif
#define DISPATCH_END                                                                               \
    default:                                                                                       \
        FA_ASSERT(0);                                                                              \
        trap = FA_TRAP_UNREACHABLE;                                                                \
        goto trap_exit;                                                                            \
        }
#endif
#define TRAP(code_)                                                                                \
    do {                                                                                           \
        trap = (code_);                                                                            \
        goto trap_exit;                                                                            \
    } while (0)

    /* Bulk instructions pay fuel for their length (fayasm.h: FA_FUEL_BULK_*)
     * after their bounds check and before any effect, so one that cannot pay
     * traps with nothing written. `units_` is evaluated only with fuel on.
     * Note: the trap leaves ip one word into the instruction, because
     * backtrace.c looks a fuel trap's position up one word back (as for a
     * call that ran out on entry). */
#define CHARGE_FUEL(units_)                                                                        \
    do {                                                                                           \
        if (rt->cfg.fuel) {                                                                        \
            uint64_t u_ = (units_);                                                                \
            if (UNLIKELY(u_ > rt->fuel_left)) {                                                    \
                ip++;                                                                              \
                TRAP(FA_TRAP_OUT_OF_FUEL);                                                         \
            }                                                                                      \
            rt->fuel_left -= u_;                                                                   \
        }                                                                                          \
    } while (0)

    /* Zeroes the declared locals and copies the constants in (code.h). */
#define INIT_FRAME()                                                                               \
    do {                                                                                           \
        slots_zero(fp + code->n_param_slots, code->n_local_slots - code->n_param_slots);          \
        slots_copy(fp + code->n_local_slots, code->consts, code->n_consts);                        \
    } while (0)

    goto enter;

    /* Shared slow paths reached by goto from the handlers below. */
enter:
    /* callee, nfp set; ip = return address in the caller */
    if (callee->host) {
        SYNC_DEPTH();
        trap = call_host(rt, callee, nfp, inst, ip);
        if (UNLIKELY(trap != FA_TRAP_NONE))
            goto trap_exit;
        RELOAD_MEM();
        NEXT();
    }
    code = callee->def->code;
    if (UNLIKELY(code == NULL)) {
        SYNC_DEPTH(); /* the code cache must see every live frame (codecache.c) */
        trap = translate_on_call(rt, callee);
        if (trap != FA_TRAP_NONE)
            goto trap_exit;
        code = callee->def->code;
    }
    if (UNLIKELY(top >= frames_end || (size_t)(stack_end - nfp) < code->n_slots))
        TRAP(FA_TRAP_STACK_EXHAUSTED);
    if (UNLIKELY(rt->interrupt))
        goto interrupted;
    if (rt->cfg.fuel) {
        if (rt->fuel_left == 0)
            TRAP(FA_TRAP_OUT_OF_FUEL);
        rt->fuel_left--;
    }
    top->ip = ip;
    top->fp = nfp;
    top->func = callee;
    top++;
    fp = nfp;
    INIT_FRAME();
    ip = code->words;
    if (callee->inst != inst) {
        /* memory 0 cannot have changed otherwise: the caller keeps it fresh */
        inst = callee->inst;
        RELOAD_MEM();
    }
    NEXT();

#if FA_CODE_TAIL_CALL
tail_enter:
    /* callee set, its args at fp + base (nfp); replaces the current frame */
    if (callee->host) {
        SYNC_DEPTH();
        trap = call_host(rt, callee, nfp, inst, ip);
        if (UNLIKELY(trap != FA_TRAP_NONE))
            goto trap_exit;
        memmove(fp, nfp,
                (size_t)vt_slots_sum(fa_type_results(callee->type), callee->type->n_results) *
                    sizeof(fa_slot));
        RELOAD_MEM(); /* the host function may have grown memory 0 */
        goto do_return;
    }
    code = callee->def->code;
    if (UNLIKELY(code == NULL)) {
        SYNC_DEPTH(); /* the code cache must see every live frame (codecache.c) */
        trap = translate_on_call(rt, callee);
        if (trap != FA_TRAP_NONE)
            goto trap_exit;
        code = callee->def->code;
    }
    if (UNLIKELY((size_t)(stack_end - fp) < code->n_slots))
        TRAP(FA_TRAP_STACK_EXHAUSTED);
    if (UNLIKELY(rt->interrupt))
        goto interrupted;
    if (rt->cfg.fuel) {
        if (rt->fuel_left == 0)
            TRAP(FA_TRAP_OUT_OF_FUEL);
        rt->fuel_left--;
    }
    memmove(fp, nfp, (size_t)code->n_param_slots * sizeof(fa_slot));
    top[-1].func = callee;
    inst = callee->inst;
    INIT_FRAME();
    ip = code->words;
    RELOAD_MEM();
    NEXT();

#endif

do_return:
    /* results are in fp[0..) */
    ip = (--top)->ip;
    if (UNLIKELY(ip == NULL)) {
        SYNC_DEPTH();
        return FA_TRAP_NONE; /* the entry frame of this run */
    }
    {
        const fa_frame *fr = top - 1;
        fp = fr->fp;
        /* mem/msize always describe memory 0 of `inst`: every path that can
         * change it (memory.grow, host calls) reloads them, so only a return
         * into another instance must reload (docs/performance.md) */
        fa_instance *caller_inst = fr->func->inst;
        if (UNLIKELY(caller_inst != inst)) {
            inst = caller_inst;
            RELOAD_MEM();
        }
    }
    NEXT();

loop_poll:
    /* a loop back-edge with an interrupt pending or fuel on; ip is still at
     * the branch, jump_to is where it goes */
    if (rt->interrupt)
        goto interrupted;
    if (rt->cfg.fuel) {
        if (rt->fuel_left == 0)
            TRAP(FA_TRAP_OUT_OF_FUEL);
        rt->fuel_left--;
    }
    ip = jump_to;
    NEXT();

interrupted:
    rt->interrupt = 0;
    TRAP(FA_TRAP_INTERRUPTED);

uninitialized:
    /* the reference interpreter names the element: "uninitialized element 2" */
    fa_snprintf(rt->trap_msg, sizeof rt->trap_msg, "uninitialized element %u",
                (unsigned)(uint32_t)fp[ip[3]]);
    TRAP(FA_TRAP_UNINITIALIZED_ELEMENT);

    /* ---------------------------------------------------------------- handlers */

#define U32_(x) ((uint32_t)(x))
#define U64_(x) ((uint64_t)(x))
#define S32_(x) ((int32_t)(uint32_t)(x))
#define S64_(x) ((int64_t)(x))
/* The ten i32 comparisons, X(suffix, operand type, conversion, operator):
 * one list for the compare, compare-and-branch and immediate handlers. */
#define I32_CMPS(X)                                                                                \
    X(eq, uint32_t, U32_, ==) X(ne, uint32_t, U32_, !=) X(lt_s, int32_t, S32_, <)                  \
    X(lt_u, uint32_t, U32_, <) X(gt_s, int32_t, S32_, >) X(gt_u, uint32_t, U32_, >)                \
    X(le_s, int32_t, S32_, <=) X(le_u, uint32_t, U32_, <=) X(ge_s, int32_t, S32_, >=)              \
    X(ge_u, uint32_t, U32_, >=)
#define D fp[ip[1]]
#define A fp[ip[2]]
#define B fp[ip[3]]
#define DONE(n)                                                                                    \
    do {                                                                                           \
        ip += (n);                                                                                 \
        NEXT();                                                                                    \
    } while (0)

    DISPATCH_BEGIN

    OP(unreachable) TRAP(FA_TRAP_UNREACHABLE);

    OP(copy)
    {
        fp[ip[1]] = fp[ip[2]];
        DONE(3);
    }
    OP(const32)
    {
        fp[ip[1]] = ip[2];
        DONE(3);
    }
    OP(const64)
    {
        fp[ip[1]] = (fa_slot)ip[2] | (fa_slot)ip[3] << 32;
        DONE(4);
    }
    /* Branches, each with its `_loop` twin (a back-edge: code.h). JUMP_IF
     * defines both: `off` is the index of the offset word, `len` the length
     * of the instruction. The twin polls before it jumps, so a trap there
     * reports the branch (backtrace.c). */
#define LOOP_JUMP(off)                                                                             \
    do {                                                                                           \
        const uint32_t *to_ = ip + (off) + (int32_t)ip[(off)];                                     \
        if (UNLIKELY(rt->interrupt || rt->cfg.fuel)) {                                             \
            jump_to = to_;                                                                         \
            goto loop_poll;                                                                        \
        }                                                                                          \
        ip = to_;                                                                                  \
    } while (0)
#define JUMP_IF(name, off, len, cond)                                                              \
    OP(name)                                                                                       \
    {                                                                                              \
        if (cond)                                                                                  \
            ip += (off) + (int32_t)ip[(off)];                                                      \
        else                                                                                       \
            ip += (len);                                                                           \
        NEXT();                                                                                    \
    }                                                                                              \
    OP(name##_loop)                                                                                \
    {                                                                                              \
        if (cond)                                                                                  \
            LOOP_JUMP(off);                                                                        \
        else                                                                                       \
            ip += (len);                                                                           \
        NEXT();                                                                                    \
    }
    JUMP_IF(br, 1, 2, 1)
    JUMP_IF(br_if_nez, 2, 3, (uint32_t)fp[ip[1]])
    JUMP_IF(br_if_eqz, 2, 3, !(uint32_t)fp[ip[1]])
    JUMP_IF(br_if_i64_eqz, 2, 3, fp[ip[1]] == 0)
    JUMP_IF(br_if_i64_nez, 2, 3, fp[ip[1]] != 0)
    OP(br_table)
    {
        uint32_t i = (uint32_t)fp[ip[1]], n = ip[2];
        if (i > n)
            i = n;
        const uint32_t *w = ip + 3 + i; /* offsets are relative to their word */
        ip = w + (int32_t)*w;
        NEXT();
    }
    /* Fused compare-and-branch: [op, a, b, offset]. */
#define BR_CMP(name, T, conv, cmp) JUMP_IF(name, 3, 4, (T)conv(fp[ip[1]]) cmp(T) conv(fp[ip[2]]))
#define BR_CMP_I32_(n, T, conv, cmp) BR_CMP(br_if_i32_##n, T, conv, cmp)
    I32_CMPS(BR_CMP_I32_)
#if FA_CODE_PEEPHOLE_ON
#define BR_CMP_IMM(name, T, conv, cmp) JUMP_IF(name, 3, 4, (T)conv(fp[ip[1]]) cmp(T) conv(ip[2]))
#define BR_CMP_IMM_I32_(n, T, conv, cmp) BR_CMP_IMM(br_if_i32_##n##_imm, T, conv, cmp)
    I32_CMPS(BR_CMP_IMM_I32_)
#endif
    BR_CMP(br_if_i64_eq, uint64_t, U64_, ==)
    BR_CMP(br_if_i64_ne, uint64_t, U64_, !=)
    BR_CMP(br_if_i64_lt_s, int64_t, S64_, <)
    BR_CMP(br_if_i64_lt_u, uint64_t, U64_, <)
    BR_CMP(br_if_i64_gt_s, int64_t, S64_, >)
    BR_CMP(br_if_i64_gt_u, uint64_t, U64_, >)
    BR_CMP(br_if_i64_le_s, int64_t, S64_, <=)
    BR_CMP(br_if_i64_le_u, uint64_t, U64_, <=)
    BR_CMP(br_if_i64_ge_s, int64_t, S64_, >=)
    BR_CMP(br_if_i64_ge_u, uint64_t, U64_, >=)
#if FA_CODE_FLOAT
    BR_CMP(br_if_f32_eq, float, f32_of, ==)
    BR_CMP(br_if_f32_ne, float, f32_of, !=)
    BR_CMP(br_if_f32_lt, float, f32_of, <)
    BR_CMP(br_if_f32_gt, float, f32_of, >)
    BR_CMP(br_if_f32_le, float, f32_of, <=)
    BR_CMP(br_if_f32_ge, float, f32_of, >=)
    BR_CMP(br_if_f64_eq, double, f64_of, ==)
    BR_CMP(br_if_f64_ne, double, f64_of, !=)
    BR_CMP(br_if_f64_lt, double, f64_of, <)
    BR_CMP(br_if_f64_gt, double, f64_of, >)
    BR_CMP(br_if_f64_le, double, f64_of, <=)
    BR_CMP(br_if_f64_ge, double, f64_of, >=)
#endif
    OP(return ) goto do_return;
    OP(call)
    {
        callee = inst->funcs[ip[1]];
        nfp = fp + ip[2];
        ip += 3;
        goto enter;
    }
    OP(call_indirect)
    {
        const fa_table *t = inst->tables[ip[2]];
        uint32_t i = (uint32_t)fp[ip[3]];
        if (UNLIKELY(i >= t->size))
            TRAP(FA_TRAP_UNDEFINED_ELEMENT);
        callee = (fa_func *)(uintptr_t)t->elems[i];
        if (UNLIKELY(!callee))
            goto uninitialized;
        if (UNLIKELY(callee->type_id != inst->type_ids[ip[1]]))
            TRAP(FA_TRAP_INDIRECT_CALL_TYPE);
        nfp = fp + ip[4];
        ip += 5;
        goto enter;
    }
#if FA_CODE_TAIL_CALL
    OP(return_call)
    {
        callee = inst->funcs[ip[1]];
        nfp = fp + ip[2];
        goto tail_enter;
    }
    OP(return_call_indirect)
    {
        const fa_table *t = inst->tables[ip[2]];
        uint32_t i = (uint32_t)fp[ip[3]];
        if (UNLIKELY(i >= t->size))
            TRAP(FA_TRAP_UNDEFINED_ELEMENT);
        callee = (fa_func *)(uintptr_t)t->elems[i];
        if (UNLIKELY(!callee))
            goto uninitialized;
        if (UNLIKELY(callee->type_id != inst->type_ids[ip[1]]))
            TRAP(FA_TRAP_INDIRECT_CALL_TYPE);
        nfp = fp + ip[4];
        goto tail_enter;
    }
#endif

    /* ---------------------------------------------------------------- parametric, variables */

    OP(select)
    {
        fp[ip[1]] = (uint32_t)fp[ip[4]] ? fp[ip[2]] : fp[ip[3]];
        DONE(5);
    }
    OP(global_get)
    {
        fp[ip[1]] = inst->globals[ip[2]]->val[0];
        DONE(3);
    }
    OP(global_set)
    {
        inst->globals[ip[1]]->val[0] = fp[ip[2]];
        DONE(3);
    }
    OP(ref_func)
    {
        fp[ip[1]] = (fa_slot)(uintptr_t)inst->funcs[ip[2]];
        DONE(3);
    }
    OP(ref_is_null)
    {
        fp[ip[1]] = fp[ip[2]] == 0;
        DONE(3);
    }

    /* ---------------------------------------------------------------- tables */

    OP(table_get)
    {
        const fa_table *t = inst->tables[ip[2]];
        uint32_t i = (uint32_t)fp[ip[3]];
        if (UNLIKELY(i >= t->size))
            TRAP(FA_TRAP_TABLE_OOB);
        fp[ip[1]] = t->elems[i];
        DONE(4);
    }
    OP(table_set)
    {
        fa_table *t = inst->tables[ip[1]];
        uint32_t i = (uint32_t)fp[ip[2]];
        if (UNLIKELY(i >= t->size))
            TRAP(FA_TRAP_TABLE_OOB);
        t->elems[i] = fp[ip[3]];
        DONE(4);
    }
    OP(table_size)
    {
        fp[ip[1]] = inst->tables[ip[2]]->size;
        DONE(3);
    }
    OP(table_grow)
    {
        fa_table *t = inst->tables[ip[2]];
        uint32_t delta = (uint32_t)fp[ip[4]];
        CHARGE_FUEL(delta <= fa_table_room(t) ? delta / FA_FUEL_BULK_ELEMS : 0);
        uint32_t old = fa_table_grow_n(t, delta, fp[ip[3]]);
        fp[ip[1]] = old; /* UINT32_MAX is i32 -1 */
        DONE(5);
    }
    OP(table_fill)
    {
        fa_table *t = inst->tables[ip[1]];
        uint32_t i = (uint32_t)fp[ip[2]], n = (uint32_t)fp[ip[4]];
        fa_slot v = fp[ip[3]];
        if (UNLIKELY((uint64_t)i + n > t->size))
            TRAP(FA_TRAP_TABLE_OOB);
        CHARGE_FUEL(n / FA_FUEL_BULK_ELEMS);
        for (uint32_t k = 0; k < n; k++)
            t->elems[i + k] = v;
        DONE(5);
    }
    OP(table_copy)
    {
        fa_table *dt = inst->tables[ip[1]];
        const fa_table *st = inst->tables[ip[2]];
        uint32_t d = (uint32_t)fp[ip[3]], s = (uint32_t)fp[ip[4]], n = (uint32_t)fp[ip[5]];
        if (UNLIKELY((uint64_t)d + n > dt->size || (uint64_t)s + n > st->size))
            TRAP(FA_TRAP_TABLE_OOB);
        CHARGE_FUEL(n / FA_FUEL_BULK_ELEMS);
        memmove(dt->elems + d, st->elems + s, (size_t)n * sizeof(fa_slot));
        DONE(6);
    }
    OP(table_init)
    {
        uint32_t e = ip[1];
        fa_table *t = inst->tables[ip[2]];
        uint32_t d = (uint32_t)fp[ip[3]], s = (uint32_t)fp[ip[4]], n = (uint32_t)fp[ip[5]];
        if (UNLIKELY((uint64_t)s + n > inst->elem_len[e] || (uint64_t)d + n > t->size))
            TRAP(FA_TRAP_TABLE_OOB);
        CHARGE_FUEL(n / FA_FUEL_BULK_ELEMS);
        if (n)
            memcpy(t->elems + d, inst->elem_items[e] + s, (size_t)n * sizeof(fa_slot));
        DONE(6);
    }
    OP(elem_drop)
    {
        inst->elem_len[ip[1]] = 0;
        DONE(2);
    }

    /* ---------------------------------------------------------------- memories */

    OP(memory_size)
    {
        fp[ip[1]] = inst->mems[ip[2] & ~FA_CODE_MEM64]->pages;
        DONE(3);
    }
    OP(memory_grow)
    {
        uint32_t mf = ip[2];
        fa_memory *m = inst->mems[mf & ~FA_CODE_MEM64];
        uint64_t delta = addr_of(fp[ip[3]], mf);
        CHARGE_FUEL(delta <= m->max_pages - m->pages ? delta * (FA_PAGE_SIZE / FA_FUEL_BULK_BYTES)
                                                     : 0);
        uint64_t old = fa_memory_grow_pages(m, delta);
        fp[ip[1]] = (mf & FA_CODE_MEM64) ? old : (uint32_t)old;
        RELOAD_MEM();
        DONE(4);
    }
    OP(memory_fill)
    {
        uint32_t mf = ip[1];
        fa_memory *m = inst->mems[mf & ~FA_CODE_MEM64];
        uint64_t d = addr_of(fp[ip[2]], mf), n = addr_of(fp[ip[4]], mf);
        if (UNLIKELY(!range_ok(d, 0, n, m->size) || d + n < d))
            TRAP(FA_TRAP_MEMORY_OOB);
        CHARGE_FUEL(n / FA_FUEL_BULK_BYTES);
        if (n)
            memset(m->data + d, (int)(uint8_t)fp[ip[3]], (size_t)n);
        DONE(5);
    }
    OP(memory_copy)
    {
        uint32_t mfd = ip[1], mfs = ip[2];
        fa_memory *dm = inst->mems[mfd & ~FA_CODE_MEM64];
        const fa_memory *sm = inst->mems[mfs & ~FA_CODE_MEM64];
        uint64_t d = addr_of(fp[ip[3]], mfd), s = addr_of(fp[ip[4]], mfs);
        /* n has the smaller of the two address types */
        uint64_t n = addr_of(fp[ip[5]], mfd & mfs);
        if (UNLIKELY(!range_ok(d, n, 0, dm->size) || !range_ok(s, n, 0, sm->size)))
            TRAP(FA_TRAP_MEMORY_OOB);
        CHARGE_FUEL(n / FA_FUEL_BULK_BYTES);
        if (n)
            memmove(dm->data + d, sm->data + s, (size_t)n);
        DONE(6);
    }
    OP(memory_init)
    {
        uint32_t di = ip[1], mf = ip[2];
        fa_memory *m = inst->mems[mf & ~FA_CODE_MEM64];
        const fa_data *seg = &inst->mod->datas[di];
        uint64_t seglen = inst->data_dropped[di] ? 0 : seg->data_len;
        uint64_t d = addr_of(fp[ip[3]], mf);
        uint32_t s = (uint32_t)fp[ip[4]], n = (uint32_t)fp[ip[5]];
        if (UNLIKELY((uint64_t)s + n > seglen || !range_ok(d, n, 0, m->size)))
            TRAP(FA_TRAP_MEMORY_OOB);
        CHARGE_FUEL(n / FA_FUEL_BULK_BYTES);
        if (n)
            memcpy(m->data + d, inst->mod->bytes + seg->data_off + s, n);
        DONE(6);
    }
    OP(data_drop)
    {
        inst->data_dropped[ip[1]] = 1;
        DONE(2);
    }

    /* Loads and stores. Short form: memory 0 (32-bit), cached base/size,
     * ea = addr32 + off32 < 2^33 so ea + N cannot overflow. MEM0_EA
     * declares ea_ = expr_ and checks an n_-byte access there; out of
     * bounds it traps, reporting the instruction skip_ words on (the later
     * access of a fused op; 0: the first). */
#define MEM0_EA(ea_, expr_, n_, skip_)                                                             \
    uint64_t ea_ = (expr_);                                                                        \
    if (UNLIKELY(ea_ + (n_) > msize)) {                                                            \
        ip += (skip_);                                                                             \
        TRAP(FA_TRAP_MEMORY_OOB);                                                                  \
    }
#if FA_CODE_MX
#define LOAD_MX_(name, N, expr)                                                                    \
    OP(name##_mx)                                                                                  \
    {                                                                                              \
        uint32_t mf = ip[3];                                                                       \
        const fa_memory *m = inst->mems[mf & ~FA_CODE_MEM64];                                      \
        uint64_t off = (uint64_t)ip[4] | (uint64_t)ip[5] << 32;                                    \
        uint64_t a = addr_of(fp[ip[2]], mf);                                                       \
        if (UNLIKELY(!range_ok(a, off, (N), m->size)))                                             \
            TRAP(FA_TRAP_MEMORY_OOB);                                                              \
        const uint8_t *p = m->data + (a + off);                                                    \
        fp[ip[1]] = (expr);                                                                        \
        DONE(6);                                                                                   \
    }
#else
#define LOAD_MX_(name, N, expr)
#endif
#define LOAD(name, N, expr)                                                                        \
    OP(name)                                                                                       \
    {                                                                                              \
        MEM0_EA(ea, (uint64_t)(uint32_t)fp[ip[2]] + ip[3], (N), 0)                                 \
        const uint8_t *p = mem + ea;                                                               \
        fp[ip[1]] = (expr);                                                                        \
        DONE(4);                                                                                   \
    }                                                                                              \
    LOAD_MX_(name, N, expr)                                                                        \
    OP(name##_add)                                                                                 \
    {                                                                                              \
        uint32_t a = (uint32_t)fp[ip[2]] + (uint32_t)fp[ip[3]];                                    \
        MEM0_EA(ea, (uint64_t)a + ip[4], (N), 0)                                                   \
        const uint8_t *p = mem + ea;                                                               \
        fp[ip[1]] = (expr);                                                                        \
        DONE(5);                                                                                   \
    }
#if FA_CODE_MX
#define STORE_MX_(name, N, stmt)                                                                   \
    OP(name##_mx)                                                                                  \
    {                                                                                              \
        uint32_t mf = ip[3];                                                                       \
        fa_memory *m = inst->mems[mf & ~FA_CODE_MEM64];                                            \
        uint64_t off = (uint64_t)ip[4] | (uint64_t)ip[5] << 32;                                    \
        uint64_t a = addr_of(fp[ip[1]], mf);                                                       \
        if (UNLIKELY(!range_ok(a, off, (N), m->size)))                                             \
            TRAP(FA_TRAP_MEMORY_OOB);                                                              \
        uint8_t *p = m->data + (a + off);                                                          \
        fa_slot v = fp[ip[2]];                                                                     \
        stmt;                                                                                      \
        DONE(6);                                                                                   \
    }
#else
#define STORE_MX_(name, N, stmt)
#endif
#define STORE(name, N, stmt)                                                                       \
    OP(name)                                                                                       \
    {                                                                                              \
        MEM0_EA(ea, (uint64_t)(uint32_t)fp[ip[1]] + ip[3], (N), 0)                                 \
        uint8_t *p = mem + ea;                                                                     \
        fa_slot v = fp[ip[2]];                                                                     \
        stmt;                                                                                      \
        DONE(4);                                                                                   \
    }                                                                                              \
    STORE_MX_(name, N, stmt)                                                                       \
    OP(name##_add)                                                                                 \
    {                                                                                              \
        uint32_t a = (uint32_t)fp[ip[1]] + (uint32_t)fp[ip[2]];                                    \
        MEM0_EA(ea, (uint64_t)a + ip[4], (N), 0)                                                   \
        uint8_t *p = mem + ea;                                                                     \
        fa_slot v = fp[ip[3]];                                                                     \
        stmt;                                                                                      \
        DONE(5);                                                                                   \
    }

    LOAD(i32_load, 4, fa_load_le32(p))
    LOAD(i64_load, 8, fa_load_le64(p))
#if FA_CODE_FLOAT
    LOAD(f32_load, 4, fa_load_le32(p))
    LOAD(f64_load, 8, fa_load_le64(p))
#endif
    LOAD(i32_load8_s, 1, fa_extend8_32(p[0]))
    LOAD(i32_load8_u, 1, p[0])
    LOAD(i32_load16_s, 2, fa_extend16_32(fa_load_le16(p)))
    LOAD(i32_load16_u, 2, fa_load_le16(p))
    LOAD(i64_load8_s, 1, fa_extend8_64(p[0]))
    LOAD(i64_load8_u, 1, p[0])
    LOAD(i64_load16_s, 2, fa_extend16_64(fa_load_le16(p)))
    LOAD(i64_load16_u, 2, fa_load_le16(p))
    LOAD(i64_load32_s, 4, fa_extend32_64(fa_load_le32(p)))
    LOAD(i64_load32_u, 4, fa_load_le32(p))
    STORE(i32_store, 4, fa_store_le32(p, (uint32_t)v))
    STORE(i64_store, 8, fa_store_le64(p, v))
#if FA_CODE_FLOAT
    STORE(f32_store, 4, fa_store_le32(p, (uint32_t)v))
    STORE(f64_store, 8, fa_store_le64(p, v))
#endif
    STORE(i32_store8, 1, p[0] = (uint8_t)v)
    STORE(i32_store16, 2, fa_store_le16(p, (uint16_t)v))
    STORE(i64_store8, 1, p[0] = (uint8_t)v)
    STORE(i64_store16, 2, fa_store_le16(p, (uint16_t)v))
    STORE(i64_store32, 4, fa_store_le32(p, (uint32_t)v))

    /* ---------------------------------------------------------------- numeric */

    /* Unary (dst, a) and binary (dst, a, b) shapes. i32 results are stored
     * zero-extended; operands are read through the type's width. */
#define UN(name, T, conv, expr)                                                                    \
    OP(name)                                                                                       \
    {                                                                                              \
        T a = conv(A);                                                                             \
        D = (expr);                                                                                \
        DONE(3);                                                                                   \
    }
#define BIN(name, T, conv, expr)                                                                   \
    OP(name)                                                                                       \
    {                                                                                              \
        T a = conv(A), b = conv(B);                                                                \
        D = (expr);                                                                                \
        DONE(4);                                                                                   \
    }

    UN(i32_eqz, uint32_t, U32_, a == 0)
#define CMP_I32_(n, T, conv, cmp) BIN(i32_##n, T, conv, a cmp b)
    I32_CMPS(CMP_I32_)
    UN(i64_eqz, uint64_t, U64_, a == 0)
    BIN(i64_eq, uint64_t, U64_, a == b)
    BIN(i64_ne, uint64_t, U64_, a != b)
    BIN(i64_lt_s, int64_t, S64_, a < b)
    BIN(i64_lt_u, uint64_t, U64_, a < b)
    BIN(i64_gt_s, int64_t, S64_, a > b)
    BIN(i64_gt_u, uint64_t, U64_, a > b)
    BIN(i64_le_s, int64_t, S64_, a <= b)
    BIN(i64_le_u, uint64_t, U64_, a <= b)
    BIN(i64_ge_s, int64_t, S64_, a >= b)
    BIN(i64_ge_u, uint64_t, U64_, a >= b)
#if FA_CODE_FLOAT
    BIN(f32_eq, float, f32_of, a == b)
    BIN(f32_ne, float, f32_of, a != b)
    BIN(f32_lt, float, f32_of, a < b)
    BIN(f32_gt, float, f32_of, a > b)
    BIN(f32_le, float, f32_of, a <= b)
    BIN(f32_ge, float, f32_of, a >= b)
    BIN(f64_eq, double, f64_of, a == b)
    BIN(f64_ne, double, f64_of, a != b)
    BIN(f64_lt, double, f64_of, a < b)
    BIN(f64_gt, double, f64_of, a > b)
    BIN(f64_le, double, f64_of, a <= b)
    BIN(f64_ge, double, f64_of, a >= b)
#endif

    UN(i32_clz, uint32_t, U32_, fa_clz32(a))
    UN(i32_ctz, uint32_t, U32_, fa_ctz32(a))
    UN(i32_popcnt, uint32_t, U32_, fa_popcnt32(a))
    BIN(i32_add, uint32_t, U32_, (uint32_t)(a + b))
    BIN(i32_sub, uint32_t, U32_, (uint32_t)(a - b))
    BIN(i32_mul, uint32_t, U32_, (uint32_t)(a * b))
    OP(i32_div_s)
    {
        uint32_t a = (uint32_t)A, b = (uint32_t)B;
        if (UNLIKELY(b == 0))
            TRAP(FA_TRAP_INT_DIV_ZERO);
        if (UNLIKELY(a == 0x80000000u && b == 0xFFFFFFFFu))
            TRAP(FA_TRAP_INT_OVERFLOW);
        D = (uint32_t)(S32_(a) / S32_(b));
        DONE(4);
    }
    OP(i32_div_u)
    {
        uint32_t a = (uint32_t)A, b = (uint32_t)B;
        if (UNLIKELY(b == 0))
            TRAP(FA_TRAP_INT_DIV_ZERO);
        D = a / b;
        DONE(4);
    }
    OP(i32_rem_s)
    {
        uint32_t a = (uint32_t)A, b = (uint32_t)B;
        if (UNLIKELY(b == 0))
            TRAP(FA_TRAP_INT_DIV_ZERO);
        /* Note: INT_MIN % -1 is 0 in wasm but UB in C */
        D = b == 0xFFFFFFFFu ? 0 : (uint32_t)(S32_(a) % S32_(b));
        DONE(4);
    }
    OP(i32_rem_u)
    {
        uint32_t a = (uint32_t)A, b = (uint32_t)B;
        if (UNLIKELY(b == 0))
            TRAP(FA_TRAP_INT_DIV_ZERO);
        D = a % b;
        DONE(4);
    }
    BIN(i32_and, uint32_t, U32_, a & b)
    BIN(i32_or, uint32_t, U32_, a | b)
    BIN(i32_xor, uint32_t, U32_, a ^ b)
    BIN(i32_shl, uint32_t, U32_, fa_shl32(a, b))
    BIN(i32_shr_s, uint32_t, U32_, fa_shr_s32(a, b))
    BIN(i32_shr_u, uint32_t, U32_, fa_shr_u32(a, b))
    BIN(i32_rotl, uint32_t, U32_, fa_rotl32(a, b))
    BIN(i32_rotr, uint32_t, U32_, fa_rotr32(a, b))

    UN(i64_clz, uint64_t, U64_, fa_clz64(a))
    UN(i64_ctz, uint64_t, U64_, fa_ctz64(a))
    UN(i64_popcnt, uint64_t, U64_, fa_popcnt64(a))
    BIN(i64_add, uint64_t, U64_, a + b)
    BIN(i64_sub, uint64_t, U64_, a - b)
    BIN(i64_mul, uint64_t, U64_, a * b)
    OP(i64_div_s)
    {
        uint64_t a = A, b = B;
        if (UNLIKELY(b == 0))
            TRAP(FA_TRAP_INT_DIV_ZERO);
        if (UNLIKELY(a == 0x8000000000000000u && b == UINT64_MAX))
            TRAP(FA_TRAP_INT_OVERFLOW);
        D = (uint64_t)(S64_(a) / S64_(b));
        DONE(4);
    }
    OP(i64_div_u)
    {
        uint64_t a = A, b = B;
        if (UNLIKELY(b == 0))
            TRAP(FA_TRAP_INT_DIV_ZERO);
        D = a / b;
        DONE(4);
    }
    OP(i64_rem_s)
    {
        uint64_t a = A, b = B;
        if (UNLIKELY(b == 0))
            TRAP(FA_TRAP_INT_DIV_ZERO);
        D = b == UINT64_MAX ? 0 : (uint64_t)(S64_(a) % S64_(b));
        DONE(4);
    }
    OP(i64_rem_u)
    {
        uint64_t a = A, b = B;
        if (UNLIKELY(b == 0))
            TRAP(FA_TRAP_INT_DIV_ZERO);
        D = a % b;
        DONE(4);
    }
    BIN(i64_and, uint64_t, U64_, a & b)
    BIN(i64_or, uint64_t, U64_, a | b)
    BIN(i64_xor, uint64_t, U64_, a ^ b)
    BIN(i64_shl, uint64_t, U64_, fa_shl64(a, b))
    BIN(i64_shr_s, uint64_t, U64_, fa_shr_s64(a, b))
    BIN(i64_shr_u, uint64_t, U64_, fa_shr_u64(a, b))

#if FA_CODE_PEEPHOLE_ON
    /* Peephole forms (code.h): the second operand is the immediate ip[3]. */
#define BIN_IMM(name, T, conv, imm, expr)                                                          \
    OP(name)                                                                                       \
    {                                                                                              \
        T a = conv(A), b = imm(ip[3]);                                                             \
        D = (expr);                                                                                \
        DONE(4);                                                                                   \
    }
#define SEXT32_(x) ((uint64_t)(int64_t)(int32_t)(uint32_t)(x))
    BIN_IMM(i32_add_imm, uint32_t, U32_, U32_, (uint32_t)(a + b))
    BIN_IMM(i32_mul_imm, uint32_t, U32_, U32_, (uint32_t)(a * b))
    BIN_IMM(i32_and_imm, uint32_t, U32_, U32_, a & b)
    BIN_IMM(i32_or_imm, uint32_t, U32_, U32_, a | b)
    BIN_IMM(i32_xor_imm, uint32_t, U32_, U32_, a ^ b)
    BIN_IMM(i32_shl_imm, uint32_t, U32_, U32_, fa_shl32(a, b))
    BIN_IMM(i32_shr_s_imm, uint32_t, U32_, U32_, fa_shr_s32(a, b))
    BIN_IMM(i32_shr_u_imm, uint32_t, U32_, U32_, fa_shr_u32(a, b))
    BIN_IMM(i32_rotl_imm, uint32_t, U32_, U32_, fa_rotl32(a, b))
#define CMP_IMM_I32_(n, T, conv, cmp) BIN_IMM(i32_##n##_imm, T, conv, conv, a cmp b)
    I32_CMPS(CMP_IMM_I32_)
    BIN_IMM(i64_add_imm, uint64_t, U64_, SEXT32_, a + b)
    BIN_IMM(i64_mul_imm, uint64_t, U64_, SEXT32_, a * b)
    BIN_IMM(i64_and_imm, uint64_t, U64_, SEXT32_, a & b)
    BIN_IMM(i64_or_imm, uint64_t, U64_, SEXT32_, a | b)
    BIN_IMM(i64_xor_imm, uint64_t, U64_, SEXT32_, a ^ b)
    BIN_IMM(i64_shl_imm, uint64_t, U64_, SEXT32_, fa_shl64(a, b))
    BIN_IMM(i64_shr_s_imm, uint64_t, U64_, SEXT32_, fa_shr_s64(a, b))
    BIN_IMM(i64_shr_u_imm, uint64_t, U64_, SEXT32_, fa_shr_u64(a, b))
    OP(i32_xor_rotl)
    {
        D = (uint32_t)A ^ fa_rotl32((uint32_t)B, ip[4]);
        DONE(8);
    }
    OP(i32_add3)
    {
        D = (uint32_t)((uint32_t)A + (uint32_t)B + (uint32_t)fp[ip[4]]);
        DONE(8);
    }
    OP(i32_add_shl)
    {
        D = (uint32_t)((uint32_t)A + fa_shl32((uint32_t)B, ip[4]));
        DONE(8);
    }
    /* A byte moved (code.h); a store out of bounds reports the store's position. */
    OP(i32_load8_u_store8)
    {
        MEM0_EA(ea, (uint64_t)(uint32_t)fp[ip[1]] + ip[2], 1, 0)
        MEM0_EA(eb, (uint64_t)(uint32_t)fp[ip[3]] + ip[4], 1, 4)
        mem[eb] = mem[ea];
        DONE(8);
    }
    OP(i32_load8_u_add_store8)
    {
        MEM0_EA(ea, (uint64_t)(uint32_t)((uint32_t)fp[ip[1]] + (uint32_t)fp[ip[2]]) + ip[3], 1, 0)
        MEM0_EA(eb, (uint64_t)(uint32_t)fp[ip[4]] + ip[5], 1, 5)
        mem[eb] = mem[ea];
        DONE(9);
    }
    /* An operand from memory 0 (code.h, FA_CODE_LOAD_OPERANDS): D = A op load(ea)
     * with ea = fp[ip[3]] + ip[4] (`_load`), or (uint32)(fp[ip[3]] + fp[ip[4]]) + ip[5]
     * (`_load_add`); a trap is the load's. Per type: C type, operand
     * conversion, loader, width, result to slot. */
#define LT_i32 uint32_t
#define LT_i64 uint64_t
#define LT_f32 float
#define LT_f64 double
#define LC_i32 U32_
#define LC_i64 U64_
#define LC_f32 f32_of
#define LC_f64 f64_of
#define LL_i32 fa_load_le32
#define LL_i64 fa_load_le64
#define LL_f32 fa_load_le32
#define LL_f64 fa_load_le64
#define LN_i32 4
#define LN_i64 8
#define LN_f32 4
#define LN_f64 8
#define LS_i32(x) ((uint32_t)(x))
#define LS_i64(x) (x)
#define LS_f32(x) slot_f32(x)
#define LS_f64(x) slot_f64(x)
#define BIN_LOAD_(name, ea_expr, len, ty, sym)                                                     \
    OP(name)                                                                                       \
    {                                                                                              \
        MEM0_EA(ea, (ea_expr), LN_##ty, 0)                                                         \
        const uint8_t *p = mem + ea;                                                               \
        LT_##ty a = LC_##ty(A), b = LC_##ty(LL_##ty(p));                                           \
        D = LS_##ty(a sym b);                                                                      \
        DONE(len);                                                                                 \
    }
#define BIN_LOADS(ty, op, sym)                                                                     \
    BIN_LOAD_(ty##_##op##_load, (uint64_t)(uint32_t)fp[ip[3]] + ip[4], 8, ty, sym)                 \
    BIN_LOAD_(ty##_##op##_load_add,                                                                \
              (uint64_t)(uint32_t)((uint32_t)fp[ip[3]] + (uint32_t)fp[ip[4]]) + ip[5], 9, ty, sym)
    FA_CODE_LOAD_OPERANDS(BIN_LOADS)
#if FA_CODE_FLOAT
    OP(f64_add_mul)
    {
        double p = f64_of(A) * f64_of(B); /* rounded here: -ffp-contract=off, no FMA */
        D = slot_f64(f64_of(fp[ip[4]]) + p);
        DONE(8);
    }
#endif
    /* Read-modify-write (code.h): [op p a off _ x 8], mem[p + off] = a OP
     * mem[p + off]. The store writes where the load read, as wide, so the
     * load's bounds check covers it; a trap reports the load (words 0-3). */
#define RMW(name, N, T, conv, load, store, expr)                                                   \
    OP(name)                                                                                       \
    {                                                                                              \
        MEM0_EA(ea, (uint64_t)(uint32_t)fp[ip[1]] + ip[3], (N), 0)                                 \
        uint8_t *p = mem + ea;                                                                     \
        T a = conv(A), b = conv(load(p));                                                          \
        store(p, (expr));                                                                          \
        DONE(12);                                                                                  \
    }
    RMW(i32_rmw_add, 4, uint32_t, U32_, fa_load_le32, fa_store_le32, (uint32_t)(a + b))
    RMW(i64_rmw_add, 8, uint64_t, U64_, fa_load_le64, fa_store_le64, a + b)
#if FA_CODE_FLOAT
    RMW(f32_rmw_add, 4, float, f32_of, fa_load_le32, fa_store_le32, (uint32_t)slot_f32(a + b))
    RMW(f64_rmw_add, 8, double, f64_of, fa_load_le64, fa_store_le64, slot_f64(a + b))
    /* A product added by a read-modify-write (code.h), rounded twice as the
     * separate ops do (-ffp-contract=off, no FMA): [p a b off _ x 11] reads
     * the product's operands from slots, [p a q off2 off _ x 14] its second
     * one from memory, checked first (the mul_load's load, words 0-3). The
     * read-modify-write's load is 4 or 8 words in: a trap there reports it. */
#define RMW_ADD_MUL(name, N, T, conv, slot, load, store)                                           \
    OP(name)                                                                                       \
    {                                                                                              \
        MEM0_EA(ea, (uint64_t)(uint32_t)fp[ip[1]] + ip[4], (N), 4)                                 \
        uint8_t *p = mem + ea;                                                                     \
        T t = conv(A) * conv(B);                                                                   \
        store(p, slot(t + conv(load(p))));                                                         \
        DONE(16);                                                                                  \
    }                                                                                              \
    OP(name##_load)                                                                                \
    {                                                                                              \
        MEM0_EA(eq, (uint64_t)(uint32_t)fp[ip[3]] + ip[4], (N), 0)                                 \
        MEM0_EA(ea, (uint64_t)(uint32_t)fp[ip[1]] + ip[5], (N), 8)                                 \
        uint8_t *p = mem + ea;                                                                     \
        T t = conv(A) * conv(load(mem + eq));                                                      \
        store(p, slot(t + conv(load(p))));                                                         \
        DONE(20);                                                                                  \
    }
#define F32_BITS_(x) ((uint32_t)slot_f32(x))
    RMW_ADD_MUL(f32_rmw_add_mul, 4, float, f32_of, F32_BITS_, fa_load_le32, fa_store_le32)
    RMW_ADD_MUL(f64_rmw_add_mul, 8, double, f64_of, slot_f64, fa_load_le64, fa_store_le64)
#endif
    /* d = a ^ (x shift k): [op d a x k _ _ _] (code.h) */
#define XOR_SHIFT(name, T, conv, shift)                                                            \
    OP(name)                                                                                       \
    {                                                                                              \
        D = conv(A) ^ shift(conv(B), ip[4]);                                                       \
        DONE(8);                                                                                   \
    }
    XOR_SHIFT(i32_xor_shr_u, uint32_t, U32_, fa_shr_u32)
    XOR_SHIFT(i32_xor_shl, uint32_t, U32_, fa_shl32)
    XOR_SHIFT(i64_xor_shr_u, uint64_t, U64_, fa_shr_u64)
    XOR_SHIFT(i64_xor_shl, uint64_t, U64_, fa_shl64)
    /* A scaled index (code.h); a trap reports the load's position, 4 words in. */
#define LOAD_IDX(name, N, expr)                                                                    \
    OP(name)                                                                                       \
    {                                                                                              \
        uint32_t a = (uint32_t)fp[ip[2]] + fa_shl32((uint32_t)fp[ip[3]], ip[4]);                   \
        MEM0_EA(ea, (uint64_t)a + ip[5], (N), 4)                                                   \
        const uint8_t *p = mem + ea;                                                               \
        D = (expr);                                                                                \
        DONE(9);                                                                                   \
    }
    LOAD_IDX(i32_load_idx, 4, fa_load_le32(p))
    LOAD_IDX(i64_load_idx, 8, fa_load_le64(p))
#if FA_CODE_FLOAT
    LOAD_IDX(f64_load_idx, 8, fa_load_le64(p))
#endif
    /* Loop counters (code.h): d = a + b, then back to the loop if d OP c. */
#define LOOP_ADD(name, bexpr, cexpr, cmp)                                                          \
    OP(name)                                                                                       \
    {                                                                                              \
        uint32_t d_ = (uint32_t)A + (uint32_t)(bexpr);                                             \
        D = d_;                                                                                    \
        if (d_ cmp (uint32_t)(cexpr))                                                              \
            LOOP_JUMP(5);                                                                          \
        else                                                                                       \
            ip += 8;                                                                               \
        NEXT();                                                                                    \
    }
    LOOP_ADD(loop_add_imm_ne_imm, ip[3], ip[4], !=)
    LOOP_ADD(loop_add_imm_ne, ip[3], fp[ip[4]], !=)
    LOOP_ADD(loop_add_le_u, B, fp[ip[4]], <=)
    LOOP_ADD(loop_add_lt_u, B, fp[ip[4]], <)
    OP(loop_add_imm_nez)
    {
        uint32_t d_ = (uint32_t)A + ip[3];
        D = d_;
        if (d_ != 0)
            LOOP_JUMP(4);
        else
            ip += 7;
        NEXT();
    }
    /* A copy loop's back-edge (code.h, copyloop.c): d = a + k, then as the
     * loop_add op it replaces; when it goes back, first the iterations left
     * at once, if FA_COPYLOOP_MIN or more and no polling is due. */
#define LOOP_COPY(name, kexpr, again, cexpr, trips, toff, len)                                     \
    OP(name)                                                                                       \
    {                                                                                              \
        uint32_t mode_ = ip[(toff) + 2], k_ = (uint32_t)(kexpr), d_ = (uint32_t)A + k_;            \
        uint32_t c_ = (uint32_t)(cexpr);                                                           \
        D = d_;                                                                                    \
        if (!(again)) {                                                                            \
            ip += (len);                                                                           \
            NEXT();                                                                                \
        }                                                                                          \
        if (LIKELY(!(rt->interrupt || rt->cfg.fuel))) {                                            \
            uint32_t n_ = (trips);                                                                 \
            if (n_ >= FA_COPYLOOP_MIN &&                                                           \
                fa_copyloop_run(ip + (toff) + 1 + (int32_t)ip[(toff) + 1], fp, mem, msize, n_) ==  \
                    n_) {                                                                          \
                ip += (len);                                                                       \
                NEXT();                                                                            \
            }                                                                                      \
        }                                                                                          \
        LOOP_JUMP(toff);                                                                           \
        NEXT();                                                                                    \
    }
#define TRIPS_K_ fa_copyloop_trips(d_, c_, mode_)
    LOOP_COPY(loop_copy_nez, ip[3], d_ != 0, 0, TRIPS_K_, 4, 7)
    LOOP_COPY(loop_copy_ne_imm, ip[3], d_ != c_, ip[4], TRIPS_K_, 5, 8)
    LOOP_COPY(loop_copy_cmp, ip[3], fa_copyloop_again(d_, c_, mode_),
              (mode_ & FA_CL_CSLOT) ? (uint32_t)fp[ip[4]] : ip[4], TRIPS_K_, 5, 8)
    LOOP_COPY(loop_copy_add, fp[ip[3]], fa_copyloop_again(d_, c_, mode_), fp[ip[4]],
              fa_copyloop_trips_by(d_, c_, k_, mode_), 5, 8)
#undef TRIPS_K_
#if FA_CODE_FLOAT
    /* d = (a * b) * c (code.h); the first product is rounded, as two instructions do */
#define MUL3(ty)                                                                                   \
    OP(ty##_mul3)                                                                                  \
    {                                                                                              \
        LT_##ty p = LC_##ty(A) * LC_##ty(B);                                                       \
        D = LS_##ty(p * LC_##ty(fp[ip[4]]));                                                       \
        DONE(8);                                                                                   \
    }
    MUL3(f32)
    MUL3(f64)
#endif
    /* Rotate-xor chains (code.h): d = rotl(x, k1) ^ rotl(x, k2) ^ (rotl|shr_u)(x, k3). */
    OP(i32_rotl3)
    {
        uint32_t x = (uint32_t)A;
        D = fa_rotl32(x, ip[3]) ^ fa_rotl32(x, ip[4]) ^ fa_rotl32(x, ip[5]);
        DONE(20);
    }
    OP(i32_rotl2_shr_u)
    {
        uint32_t x = (uint32_t)A;
        D = fa_rotl32(x, ip[3]) ^ fa_rotl32(x, ip[4]) ^ fa_shr_u32(x, ip[5]);
        DONE(20);
    }
    /* A byte move whose store address was added just before (code.h). */
#define MOVE8_ADD(name, store_b)                                                                   \
    OP(name)                                                                                       \
    {                                                                                              \
        MEM0_EA(ea, (uint64_t)(uint32_t)((uint32_t)fp[ip[1]] + (uint32_t)fp[ip[2]]) + ip[3], 1, 4) \
        MEM0_EA(eb, (uint64_t)(uint32_t)((uint32_t)fp[ip[4]] + (uint32_t)(store_b)) + ip[6], 1, 9) \
        mem[eb] = mem[ea];                                                                         \
        DONE(13);                                                                                  \
    }
    MOVE8_ADD(i32_move8_add_add, fp[ip[5]])
    MOVE8_ADD(i32_move8_add_addi, ip[5])
    OP(copy2)
    {
        fp[ip[1]] = fp[ip[2]];
        fp[ip[3]] = fp[ip[4]];
        DONE(6);
    }
#endif /* FA_CODE_PEEPHOLE_ON */
    BIN(i64_rotl, uint64_t, U64_, fa_rotl64(a, b))
    BIN(i64_rotr, uint64_t, U64_, fa_rotr64(a, b))

    UN(i64_extend_i32_s, uint32_t, U32_, (uint64_t)(int64_t)S32_(a))
    UN(i64_extend_i32_u, uint32_t, U32_, (uint64_t)a)
    UN(i32_extend8_s, uint32_t, U32_, fa_extend8_32(a))
    UN(i32_extend16_s, uint32_t, U32_, fa_extend16_32(a))
    UN(i64_extend8_s, uint64_t, U64_, fa_extend8_64(a))
    UN(i64_extend16_s, uint64_t, U64_, fa_extend16_64(a))
    UN(i64_extend32_s, uint64_t, U64_, fa_extend32_64(a))

#if FA_CODE_FLOAT
    /* Note: abs/neg/copysign are bit operations so NaN payloads survive. */
    UN(f32_abs, uint32_t, U32_, a & 0x7FFFFFFFu)
    UN(f32_neg, uint32_t, U32_, a ^ 0x80000000u)
    UN(f32_ceil, float, f32_of, slot_f32(fa_f32_ceil(a)))
    UN(f32_floor, float, f32_of, slot_f32(fa_f32_floor(a)))
    UN(f32_trunc, float, f32_of, slot_f32(fa_f32_trunc(a)))
    UN(f32_nearest, float, f32_of, slot_f32(fa_f32_nearest(a)))
    UN(f32_sqrt, float, f32_of, slot_f32(fa_f32_sqrt(a)))
    BIN(f32_add, float, f32_of, slot_f32(a + b))
    BIN(f32_sub, float, f32_of, slot_f32(a - b))
    BIN(f32_mul, float, f32_of, slot_f32(a * b))
    BIN(f32_div, float, f32_of, slot_f32(a / b))
    BIN(f32_min, float, f32_of, slot_f32(fa_f32_min(a, b)))
    BIN(f32_max, float, f32_of, slot_f32(fa_f32_max(a, b)))
    BIN(f32_copysign, uint32_t, U32_, (a & 0x7FFFFFFFu) | (b & 0x80000000u))
    UN(f64_abs, uint64_t, U64_, a & 0x7FFFFFFFFFFFFFFFu)
    UN(f64_neg, uint64_t, U64_, a ^ 0x8000000000000000u)
    UN(f64_ceil, double, f64_of, slot_f64(fa_f64_ceil(a)))
    UN(f64_floor, double, f64_of, slot_f64(fa_f64_floor(a)))
    UN(f64_trunc, double, f64_of, slot_f64(fa_f64_trunc(a)))
    UN(f64_nearest, double, f64_of, slot_f64(fa_f64_nearest(a)))
    UN(f64_sqrt, double, f64_of, slot_f64(fa_f64_sqrt(a)))
    BIN(f64_add, double, f64_of, slot_f64(a + b))
    BIN(f64_sub, double, f64_of, slot_f64(a - b))
    BIN(f64_mul, double, f64_of, slot_f64(a * b))
    BIN(f64_div, double, f64_of, slot_f64(a / b))
    BIN(f64_min, double, f64_of, slot_f64(fa_f64_min(a, b)))
    BIN(f64_max, double, f64_of, slot_f64(fa_f64_max(a, b)))
    BIN(f64_copysign, uint64_t, U64_, (a & 0x7FFFFFFFFFFFFFFFu) | (b & 0x8000000000000000u))

    /* Trapping float -> int truncations. */
#define TRUNC(name, FT, conv, RT, store)                                                           \
    OP(name)                                                                                       \
    {                                                                                              \
        RT r_;                                                                                     \
        fa_trap t_ = fa_##name(conv(A), &r_);                                                      \
        if (UNLIKELY(t_ != FA_TRAP_NONE))                                                          \
            TRAP(t_);                                                                              \
        D = store(r_);                                                                             \
        DONE(3);                                                                                   \
    }
#define ST32_(x) ((fa_slot)(uint32_t)(x))
#define ST64_(x) ((fa_slot)(uint64_t)(x))
    TRUNC(i32_trunc_f32_s, float, f32_of, int32_t, ST32_)
    TRUNC(i32_trunc_f32_u, float, f32_of, uint32_t, ST32_)
    TRUNC(i32_trunc_f64_s, double, f64_of, int32_t, ST32_)
    TRUNC(i32_trunc_f64_u, double, f64_of, uint32_t, ST32_)
    TRUNC(i64_trunc_f32_s, float, f32_of, int64_t, ST64_)
    TRUNC(i64_trunc_f32_u, float, f32_of, uint64_t, ST64_)
    TRUNC(i64_trunc_f64_s, double, f64_of, int64_t, ST64_)
    TRUNC(i64_trunc_f64_u, double, f64_of, uint64_t, ST64_)

    UN(f32_convert_i32_s, uint32_t, U32_, slot_f32(fa_f32_convert_i32_s(S32_(a))))
    UN(f32_convert_i32_u, uint32_t, U32_, slot_f32(fa_f32_convert_i32_u(a)))
    UN(f32_convert_i64_s, uint64_t, U64_, slot_f32(fa_f32_convert_i64_s(S64_(a))))
    UN(f32_convert_i64_u, uint64_t, U64_, slot_f32(fa_f32_convert_i64_u(a)))
    UN(f32_demote_f64, double, f64_of, slot_f32(fa_f32_demote_f64(a)))
    UN(f64_convert_i32_s, uint32_t, U32_, slot_f64(fa_f64_convert_i32_s(S32_(a))))
    UN(f64_convert_i32_u, uint32_t, U32_, slot_f64(fa_f64_convert_i32_u(a)))
    UN(f64_convert_i64_s, uint64_t, U64_, slot_f64(fa_f64_convert_i64_s(S64_(a))))
    UN(f64_convert_i64_u, uint64_t, U64_, slot_f64(fa_f64_convert_i64_u(a)))
    UN(f64_promote_f32, float, f32_of, slot_f64(fa_f64_promote_f32(a)))

    UN(i32_trunc_sat_f32_s, float, f32_of, (uint32_t)fa_i32_trunc_sat_f32_s(a))
    UN(i32_trunc_sat_f32_u, float, f32_of, fa_i32_trunc_sat_f32_u(a))
    UN(i32_trunc_sat_f64_s, double, f64_of, (uint32_t)fa_i32_trunc_sat_f64_s(a))
    UN(i32_trunc_sat_f64_u, double, f64_of, fa_i32_trunc_sat_f64_u(a))
    UN(i64_trunc_sat_f32_s, float, f32_of, (uint64_t)fa_i64_trunc_sat_f32_s(a))
    UN(i64_trunc_sat_f32_u, float, f32_of, fa_i64_trunc_sat_f32_u(a))
    UN(i64_trunc_sat_f64_s, double, f64_of, (uint64_t)fa_i64_trunc_sat_f64_s(a))
    UN(i64_trunc_sat_f64_u, double, f64_of, fa_i64_trunc_sat_f64_u(a))
#endif /* FA_CODE_FLOAT */

#if FA_CODE_SIMD
#include "exec_simd.inc"
#endif

    DISPATCH_END

trap_exit:
    SYNC_DEPTH();
    /* keep the deepest stack: an inner (re-entrant) trap unwinds through here too */
    if (rt->depth > rt->trap_depth) {
        rt->trap_depth = rt->depth;
        rt->trap_ip = ip; /* position in the top frame (backtrace.c) */
    }
    return trap;
}

fa_trap fa_exec_call(fa_runtime *rt, fa_func *f, fa_slot *sp)
{
    const uint32_t base_depth = rt->depth;
    fa_slot *const saved_sp = rt->sp;
    rt->trap_depth = 0;
    fa_trap trap = f->host ? call_host(rt, f, sp, NULL, NULL) : run(rt, f, sp);
    rt->sp = saved_sp;
    if (trap != FA_TRAP_NONE) {
        rt->depth = base_depth;
        rt->trap = trap;
    }
    return trap;
}

/* ------------------------------------------------------------------ statistics (fayasm.h) */

int fa_runtime_op_stat(const fa_runtime *rt, uint32_t i, const char **name, uint64_t *count)
{
#ifdef FAYASM_STATS
    _Static_assert(FA_C_COUNT <= FA_STATS_MAX_OPS, "FA_STATS_MAX_OPS too small");
    if (!rt || i >= FA_C_COUNT)
        return 0;
    if (name)
        *name = fa_code_op_names[i];
    if (count)
        *count = rt->stats_ops[i];
    return 1;
#else
    (void)rt;
    (void)i;
    (void)name;
    (void)count;
    return -1;
#endif
}
