/*
 * compile.c - translates a validated function body into internal code (code.h).
 *
 * Stage: after validation, before execution; runs once per function (lazily
 * on first call, or eagerly). It trusts the body completely: no type checks,
 * only debug asserts. Only allocation can fail.
 *
 * Main data structures:
 *   - the value stack `vs`: for every wasm operand its type, its home slot
 *     and where it currently lives: in its home slot, lazily in a local's
 *     slot (after local.get) or as a constant (read from the pool);
 *   - the control stack `cs`: one entry per open block/loop/if with the slot
 *     base of its label and the patch chain of forward branches to its end;
 *   - the constant pool: the distinct constants used as operands, which get
 *     frame slots between the locals and the operand stack. Their number is
 *     known only at the end, so slot operands are written with tags and
 *     renumbered by relocate() once the body is done.
 *
 * Invariants:
 *   - entries below the innermost block's base never refer to a local lazily
 *     (they are materialized on block entry), so a local.set only has to
 *     look at the current block's own values, and every path into a label
 *     agrees on where the values are;
 *   - a branch writes its values into the label's slots, which are home
 *     slots at or below the values' own, so ascending copies never clobber a
 *     value not yet copied (locals live below every home slot);
 *   - a fusion (compare+branch, address add+access, retargeting a producer's
 *     dst) only rewrites or removes the LAST instruction emitted, and only
 *     when its result is consumed right there, so no other code can observe
 *     the difference;
 *   - after br/br_table/return/unreachable the rest of the block is skipped
 *     without emitting code (dead code is never translated).
 *
 * Spec: 3.3 (typing gives the static stack heights), 4.4.8 (control).
 */
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "opcodes.h"
#include "read.h"
#include "util/alloc.h"
#include "util/error.h"

/* ------------------------------------------------------------------ names */

const char *const fa_code_op_names[FA_C_COUNT] = {
#define FA_X_CODE_NAME(name, fmt) #name,
    FA_CODE_OPS(FA_X_CODE_NAME)
#undef FA_X_CODE_NAME
};

const char *const fa_code_op_formats[FA_C_COUNT] = {
#define FA_X_CODE_FMT(name, fmt) fmt,
    FA_CODE_OPS(FA_X_CODE_FMT)
#undef FA_X_CODE_FMT
};

/* Wasm instruction -> internal op, by name: numeric and SIMD instructions
 * and memory accesses (their short form; the _mx and _add forms are at
 * fixed distances, MX_DELTA and ADD_DELTA). 0 = translated by hand. */
#define FA_X_MAP(name, fmt) [FA_OP_##name] = FA_C_##name,
#define FA_X_MAP_MEM(X, name) [FA_OP_##name] = FA_C_##name,
/* clang-format off */
static const uint16_t numeric_map[FA_OP_COUNT] = {
    FA_CODE_NUMERIC(FA_X_MAP)
    FA_CODE_MEMACCESS(unused, FA_X_MAP_MEM)
    FA_CODE_SIMD_V_V(FA_X_MAP) FA_CODE_SIMD_VV_V(FA_X_MAP) FA_CODE_SIMD_VVV_V(FA_X_MAP)
    FA_CODE_SIMD_V_I(FA_X_MAP) FA_CODE_SIMD_VI_V(FA_X_MAP) FA_CODE_SIMD_SPLAT(FA_X_MAP)
    FA_CODE_SIMD_EXTRACT(FA_X_MAP) FA_CODE_SIMD_REPLACE(FA_X_MAP)
#if FA_CODE_SIMD
    [FA_OP_v128_load8_lane] = FA_C_v128_load8_lane,
    [FA_OP_v128_load16_lane] = FA_C_v128_load16_lane,
    [FA_OP_v128_load32_lane] = FA_C_v128_load32_lane,
    [FA_OP_v128_load64_lane] = FA_C_v128_load64_lane,
    [FA_OP_v128_store8_lane] = FA_C_v128_store8_lane,
    [FA_OP_v128_store16_lane] = FA_C_v128_store16_lane,
    [FA_OP_v128_store32_lane] = FA_C_v128_store32_lane,
    [FA_OP_v128_store64_lane] = FA_C_v128_store64_lane,
#endif
};
/* clang-format on */
#undef FA_X_MAP
#undef FA_X_MAP_MEM
#if FA_CODE_MX
#define MX_DELTA ((uint32_t)FA_C_i32_load_mx - (uint32_t)FA_C_i32_load)
#else
#define MX_DELTA 0u /* no _mx forms: every access is on a 32-bit memory 0 */
#endif
#define ADD_DELTA ((uint32_t)FA_C_i32_load_add - (uint32_t)FA_C_i32_load)
#if FA_CODE_SIMD
#define LANE_MX_DELTA ((uint32_t)FA_C_v128_load8_lane_mx - (uint32_t)FA_C_v128_load8_lane)
#endif

/* ------------------------------------------------------------------ translator state */

enum { V_HOME, V_LOCAL, V_CONST };

typedef struct sval {
    fa_vt type;
    uint8_t kind;  /* V_HOME, V_LOCAL, V_CONST */
    uint32_t home; /* slot at this height */
    uint32_t loc;  /* V_HOME: home; V_LOCAL: the local's slot */
    uint64_t k;    /* V_CONST: value in slot form */
    /* V_HOME values computed by the instruction at word `prod`, which ended
     * at word `prod_end` (UINT32_MAX: unknown). While c->n == prod_end that
     * instruction is the last one emitted and may be fused into a user. */
    uint32_t prod, prod_end;
} sval;

enum { C_FUNC, C_BLOCK, C_LOOP, C_IF, C_ELSE };

typedef struct ctl {
    uint8_t kind;
    uint8_t dead;    /* the rest of this block is unreachable */
    uint32_t height; /* values below the block's params */
    uint32_t base;   /* home slot of the first param / result */
    uint32_t n_params, n_results;
    const fa_vt *params, *results;
    uint32_t loop_pc;    /* C_LOOP: branch target */
    uint32_t patch;      /* chain of offset words waiting for the end (0 = none) */
    uint32_t else_patch; /* C_IF: offset word of the jump to the else arm */
} ctl;

typedef struct cx {
    fa_module *m;
    fa_runtime *rt;
    fa_reader r;
    int oom;

    uint32_t *code;
    uint32_t n, cap;

    sval *vs;
    uint32_t nv, cap_v;
    ctl *cs;
    uint32_t nc, cap_c;

    uint32_t n_param_slots, n_local_slots, n_result_slots;
    uint64_t max_slots;
    uint32_t n_locals;    /* params + declared */
    fa_vt *local_type;    /* n_locals */
    uint32_t *local_slot; /* NULL when slot == index (no v128 local) */

    uint32_t last_dst; /* word index of the dst of the instruction just emitted, or 0 */
    uint32_t rewound;  /* lowest c->n a fusion rewound to during this instruction */
    int unsupported;   /* an instruction this build cannot translate */

    /* Constant pool: operand slots L + i hold pool[i] (code.h). While
     * translating, such operands are written as CONST_TAG | i and relocated
     * at the end, when the pool size K is known. */
    uint64_t *pool;
    uint32_t n_pool, cap_pool;
    uint32_t *pool_hash; /* open addressing: pool index + 1, 0 = empty */
    uint32_t cap_hash;
    uint32_t *scratch; /* br_table: stub pc per label depth */
    uint32_t cap_scratch;

    /* Position map (code.h): bytes, and the last entry written. */
    uint8_t *pcmap;
    uint32_t n_pcmap, cap_pcmap;
    uint32_t map_pc, map_off;

    /* Copy-loop descriptors (copyloop.c), stored after the code. */
    uint32_t *aux;
    uint32_t n_aux, cap_aux;
} cx;

/* Slot operands are renumbered at the end (relocate): untagged slots >= L
 * are operand-stack homes and move up by K, CONST_TAG marks pool entries,
 * ABS_TAG marks frame slots that must not move (a return's slots 0..). */
#define CONST_TAG 0x80000000u
#define ABS_TAG 0x40000000u
/* More distinct constants than this are materialized by const instructions
 * instead: the pool is copied into the frame on every call. */
#define POOL_MAX 256

static const fa_vt vt_single[] = {FA_I32,  FA_I64,     FA_F32,      FA_F64,
                                  FA_V128, FA_FUNCREF, FA_EXTERNREF};

static const fa_vt *vt_one(fa_vt t)
{
    for (size_t i = 0; i < sizeof vt_single; i++)
        if (vt_single[i] == t)
            return &vt_single[i];
    FA_ASSERT(0);
    return &vt_single[0];
}

static int grow(cx *c, void **p, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return 1;
    uint32_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > UINT32_MAX / 2) {
            c->oom = 1;
            return 0;
        }
        ncap *= 2;
    }
    void *q = fa_realloc(c->rt, *p, (size_t)*cap * elem, (size_t)ncap * elem);
    if (!q) {
        c->oom = 1;
        return 0;
    }
    *p = q;
    *cap = ncap;
    return 1;
}

/* ------------------------------------------------------------------ emission */

static void emit(cx *c, uint32_t w)
{
    if (c->n == c->cap && !grow(c, (void **)&c->code, &c->cap, c->n + 1, sizeof(uint32_t)))
        return;
    c->code[c->n++] = w;
}

/* Appends ULEB128 v to the position map. */
static void pcmap_uleb(cx *c, uint32_t v)
{
    do {
        if (!grow(c, (void **)&c->pcmap, &c->cap_pcmap, c->n_pcmap + 1, 1))
            return;
        uint8_t b = v & 0x7F;
        v >>= 7;
        c->pcmap[c->n_pcmap++] = (uint8_t)(b | (v ? 0x80 : 0));
    } while (v);
}

/* Records that the wasm instruction at module offset `off` starts at word pc. */
static void pcmap_add(cx *c, uint32_t pc, uint32_t off)
{
    /* a fusion may have pulled this instruction's code back over the
     * previous one's: keep the map monotonic */
    if (pc < c->map_pc)
        pc = c->map_pc;
    pcmap_uleb(c, pc - c->map_pc);
    pcmap_uleb(c, off - c->map_off);
    c->map_pc = pc;
    c->map_off = off;
}

uint64_t fa_code_wasm_offset(const struct fa_code *code, uint32_t pc)
{
    uint64_t found = FA_NO_OFFSET;
    uint32_t at_pc = 0, at_off = 0;
    const uint8_t *p = code->pcmap, *end = p + code->n_pcmap;
    while (p < end) {
        uint32_t d[2] = {0, 0};
        for (int k = 0; k < 2; k++)
            for (unsigned shift = 0; p < end; shift += 7) {
                uint8_t b = *p++;
                d[k] |= (uint32_t)(b & 0x7F) << (shift & 31);
                if (!(b & 0x80))
                    break;
            }
        at_pc += d[0];
        at_off += d[1];
        if (at_pc > pc)
            break;
        found = at_off;
    }
    return found;
}

/* Patch chain: each waiting offset word holds the index of the next one. */
static void resolve(cx *c, uint32_t chain, uint32_t target)
{
    while (chain && !c->oom) {
        uint32_t next = c->code[chain];
        c->code[chain] = target - chain;
        chain = next;
    }
}

/* Emits the offset word of a branch to label t; the branch's opcode word is
 * at op_pos. A branch back to a loop header becomes its `_loop` twin, which
 * polls for interrupts and charges fuel (the loop has no check of its own). */
static void emit_target(cx *c, ctl *t, uint32_t op_pos)
{
    uint32_t pos = c->n;
    if (t->kind == C_LOOP) {
        if (!c->oom)
            c->code[op_pos] = FA_C_LOOP_TWIN(c->code[op_pos]);
        emit(c, t->loop_pc - pos);
    } else {
        emit(c, t->patch);
        if (!c->oom)
            t->patch = pos;
    }
}

static uint32_t local_slot(const cx *c, uint32_t i)
{
    return c->local_slot ? c->local_slot[i] : i;
}

static int is64_type(fa_vt t)
{
    return t == FA_I64 || t == FA_F64;
}

static void emit_const(cx *c, uint32_t dst, fa_vt t, uint64_t k)
{
    if (is64_type(t) || (fa_vt_is_ref(t) && k > UINT32_MAX)) {
        emit(c, FA_C_const64);
        emit(c, dst);
        emit(c, (uint32_t)k);
        emit(c, (uint32_t)(k >> 32));
    } else {
        emit(c, FA_C_const32);
        emit(c, dst);
        emit(c, (uint32_t)k);
    }
}

static void emit_copy(cx *c, uint32_t dst, uint32_t src, fa_vt t)
{
    for (unsigned i = 0; i < fa_vt_slots(t); i++) {
        emit(c, FA_C_copy);
        emit(c, dst + i);
        emit(c, src + i);
    }
}

/* Writes the value of entry v into slot dst (no state change). */
static void emit_move(cx *c, const sval *v, uint32_t dst)
{
    if (v->kind == V_CONST)
        emit_const(c, dst, v->type, v->k);
    else if (v->loc != dst)
        emit_copy(c, dst, v->loc, v->type);
}

/* ------------------------------------------------------------------ value stack */

static uint32_t next_home(const cx *c)
{
    if (c->nv == 0)
        return c->n_local_slots;
    const sval *t = &c->vs[c->nv - 1];
    return t->home + fa_vt_slots(t->type);
}

static sval *push(cx *c, fa_vt t)
{
    if (!grow(c, (void **)&c->vs, &c->cap_v, c->nv + 1, sizeof(sval)))
        return NULL;
    uint32_t home = next_home(c);
    sval *v = &c->vs[c->nv++];
    v->type = t;
    v->kind = V_HOME;
    v->home = home;
    v->loc = home;
    v->k = 0;
    v->prod_end = UINT32_MAX;
    uint64_t top = (uint64_t)home + fa_vt_slots(t);
    if (top > c->max_slots)
        c->max_slots = top;
    if (top >= ABS_TAG)
        c->oom = 1; /* a frame this large could never run anyway */
    return v;
}

/* Pushes a fresh result and returns its (home) slot. */
static uint32_t push_result(cx *c, fa_vt t)
{
    sval *v = push(c, t);
    return v ? v->home : 0;
}

static void push_local(cx *c, fa_vt t, uint32_t slot)
{
    sval *v = push(c, t);
    if (v) {
        v->kind = V_LOCAL;
        v->loc = slot;
    }
}

static void push_const(cx *c, fa_vt t, uint64_t k)
{
    sval *v = push(c, t);
    if (v) {
        v->kind = V_CONST;
        v->k = k;
    }
}

static void materialize(cx *c, uint32_t i)
{
    sval *v = &c->vs[i];
    if (v->kind == V_HOME)
        return;
    emit_move(c, v, v->home);
    v->kind = V_HOME;
    v->loc = v->home;
}

static uint32_t hash64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdu;
    k ^= k >> 33;
    return (uint32_t)k;
}

/* Pool slot (tagged) of constant k, or 0 when the pool is full. */
static uint32_t pool_slot(cx *c, uint64_t k)
{
    if (c->cap_hash) {
        for (uint32_t h = hash64(k) & (c->cap_hash - 1);; h = (h + 1) & (c->cap_hash - 1)) {
            uint32_t e = c->pool_hash[h];
            if (!e)
                break;
            if (c->pool[e - 1] == k)
                return CONST_TAG | (e - 1);
        }
    }
    if (c->n_pool >= POOL_MAX)
        return 0;
    if (!grow(c, (void **)&c->pool, &c->cap_pool, c->n_pool + 1, sizeof(uint64_t)))
        return 0;
    if ((c->n_pool + 1) * 2 > c->cap_hash) {
        /* rehash into a table twice as large */
        uint32_t ncap = c->cap_hash ? c->cap_hash * 2 : 64;
        uint32_t *nh = fa_calloc(c->rt, ncap, sizeof(uint32_t));
        if (!nh) {
            c->oom = 1;
            return 0;
        }
        for (uint32_t i = 0; i < c->n_pool; i++) {
            uint32_t h = hash64(c->pool[i]) & (ncap - 1);
            while (nh[h])
                h = (h + 1) & (ncap - 1);
            nh[h] = i + 1;
        }
        fa_free(c->rt, c->pool_hash, (size_t)c->cap_hash * sizeof(uint32_t));
        c->pool_hash = nh;
        c->cap_hash = ncap;
    }
    uint32_t idx = c->n_pool++;
    c->pool[idx] = k;
    uint32_t h = hash64(k) & (c->cap_hash - 1);
    while (c->pool_hash[h])
        h = (h + 1) & (c->cap_hash - 1);
    c->pool_hash[h] = idx + 1;
    return CONST_TAG | idx;
}

/* The slot to read entry i from. Constants are read from the pool (or
 * materialized when it is full). */
static uint32_t operand(cx *c, uint32_t i)
{
    FA_ASSERT(i < c->nv);
    sval *v = &c->vs[i];
    if (v->kind == V_CONST) {
        /* i32/f32 constants are stored zero-extended, like const32 */
        uint64_t k = is64_type(v->type) || fa_vt_is_ref(v->type) ? v->k : (uint32_t)v->k;
        uint32_t s = fa_vt_slots(v->type) == 1 ? pool_slot(c, k) : 0;
        if (s)
            return s;
        materialize(c, i);
    }
    return v->loc;
}

/* Slot of the value `back` entries below the top (0 = top). */
static uint32_t opnd(cx *c, uint32_t back)
{
    return operand(c, c->nv - 1 - back);
}

static void pop(cx *c, uint32_t n)
{
    FA_ASSERT(n <= c->nv);
    c->nv -= n;
}

/* ------------------------------------------------------------------ control */

static ctl *cur(cx *c)
{
    return &c->cs[c->nc - 1];
}

static ctl *label(cx *c, uint32_t depth)
{
    FA_ASSERT(depth < c->nc);
    return &c->cs[c->nc - 1 - depth];
}

static void label_types(const ctl *t, uint32_t *n, const fa_vt **vts)
{
    if (t->kind == C_LOOP) {
        *n = t->n_params;
        *vts = t->params;
    } else {
        *n = t->n_results;
        *vts = t->results;
    }
}

/* Does a branch to t have to move values? */
static int needs_copies(cx *c, const ctl *t)
{
    uint32_t n;
    const fa_vt *vts;
    label_types(t, &n, &vts);
    uint32_t dst = t->base;
    for (uint32_t i = 0; i < n; i++) {
        const sval *v = &c->vs[c->nv - n + i];
        if (v->kind != V_HOME || v->loc != dst)
            return 1;
        dst += fa_vt_slots(v->type);
    }
    return 0;
}

static void emit_branch_copies(cx *c, const ctl *t)
{
    uint32_t n;
    const fa_vt *vts;
    label_types(t, &n, &vts);
    uint32_t dst = t->base;
    for (uint32_t i = 0; i < n; i++) {
        const sval *v = &c->vs[c->nv - n + i];
        emit_move(c, v, dst);
        dst += fa_vt_slots(v->type);
    }
}

/* Moves the function's results (the top values) to slots 0.. and returns.
 * Changes no translator state: br_if emits this on its taken path only.
 * prev_dst: see do_local_set (0 when unknown). */
static void emit_return(cx *c, uint32_t prev_dst)
{
    uint32_t n = c->cs[0].n_results;
    uint32_t first = c->nv - n;
    if (n == 1 && prev_dst && c->vs[first].kind == V_HOME &&
        c->code[prev_dst] == c->vs[first].home) {
        /* the single result's producer writes slot 0 (and 1 for a v128)
         * directly; producers read all operands before writing */
        c->code[prev_dst] = ABS_TAG | 0;
        emit(c, FA_C_return);
        return;
    }
    /* A result read from a low local could be overwritten by an earlier
     * result; copy such values out of the way first (into their home slots,
     * which are above every local). */
#define LOW_LOCAL(v) ((v)->kind == V_LOCAL && (v)->loc < c->n_result_slots)
    for (uint32_t i = first; i < c->nv; i++)
        if (LOW_LOCAL(&c->vs[i]))
            emit_copy(c, c->vs[i].home, c->vs[i].loc, c->vs[i].type);
    uint32_t dst = 0;
    for (uint32_t i = first; i < c->nv; i++) {
        const sval *v = &c->vs[i];
        if (v->kind == V_CONST)
            emit_const(c, ABS_TAG | dst, v->type, v->k);
        else if (LOW_LOCAL(v) || v->kind == V_HOME)
            emit_copy(c, ABS_TAG | dst, v->home, v->type);
        else if (v->loc != dst)
            emit_copy(c, ABS_TAG | dst, v->loc, v->type);
        dst += fa_vt_slots(v->type);
    }
#undef LOW_LOCAL
    emit(c, FA_C_return);
}

/* Branch (br) to label depth. */
static void emit_br(cx *c, uint32_t depth)
{
    ctl *t = label(c, depth);
    if (t->kind == C_FUNC) {
        emit_return(c, 0);
        return;
    }
    emit_branch_copies(c, t);
    uint32_t op_pos = c->n;
    emit(c, FA_C_br);
    emit_target(c, t, op_pos);
}

static void set_dead(cx *c)
{
    ctl *k = cur(c);
    k->dead = 1;
    c->nv = k->height;
}

/* Reads a block type into params/results. */
static void read_blocktype(cx *c, uint32_t *np, const fa_vt **p, uint32_t *nr, const fa_vt **r)
{
    int64_t bt = fa_read_s33(&c->r);
    if (bt < 0) {
        fa_vt t = (fa_vt)(bt & 0x7F);
        *np = 0;
        *p = NULL;
        if (t == 0x40) {
            *nr = 0;
            *r = NULL;
        } else {
            *nr = 1;
            *r = vt_one(t);
        }
    } else {
        const fa_type *ft = &c->m->types[bt];
        *np = ft->n_params;
        *p = fa_type_params(ft);
        *nr = ft->n_results;
        *r = fa_type_results(ft);
    }
}

/*
 * Compare-and-branch fusion. If the top value is the result of a compare
 * emitted just before (prev_dst, see do_local_set), removes that compare and
 * gives the fused branch for "compare true" (*yes) and "compare false"
 * (*no), with its operands. The value itself is never written then, which
 * is fine: the branch consumes it.
 */
typedef struct fused {
    uint32_t yes, no; /* internal ops */
    uint32_t n;       /* operands (1 or 2) */
    uint32_t a, b;
} fused;

static int cmp_branch(uint32_t op, uint32_t *yes, uint32_t *no)
{
#define P(cmp, y, n)                                                                               \
    case FA_C_##cmp:                                                                               \
        *yes = FA_C_##y;                                                                           \
        *no = FA_C_##n;                                                                            \
        return 1;
    switch (op) {
        P(i32_eqz, br_if_eqz, br_if_nez)
        P(i64_eqz, br_if_i64_eqz, br_if_i64_nez)
        P(i32_eq, br_if_i32_eq, br_if_i32_ne)
        P(i32_ne, br_if_i32_ne, br_if_i32_eq)
        P(i32_lt_s, br_if_i32_lt_s, br_if_i32_ge_s)
        P(i32_lt_u, br_if_i32_lt_u, br_if_i32_ge_u)
        P(i32_gt_s, br_if_i32_gt_s, br_if_i32_le_s)
        P(i32_gt_u, br_if_i32_gt_u, br_if_i32_le_u)
        P(i32_le_s, br_if_i32_le_s, br_if_i32_gt_s)
        P(i32_le_u, br_if_i32_le_u, br_if_i32_gt_u)
        P(i32_ge_s, br_if_i32_ge_s, br_if_i32_lt_s)
        P(i32_ge_u, br_if_i32_ge_u, br_if_i32_lt_u)
        P(i64_eq, br_if_i64_eq, br_if_i64_ne)
        P(i64_ne, br_if_i64_ne, br_if_i64_eq)
        P(i64_lt_s, br_if_i64_lt_s, br_if_i64_ge_s)
        P(i64_lt_u, br_if_i64_lt_u, br_if_i64_ge_u)
        P(i64_gt_s, br_if_i64_gt_s, br_if_i64_le_s)
        P(i64_gt_u, br_if_i64_gt_u, br_if_i64_le_u)
        P(i64_le_s, br_if_i64_le_s, br_if_i64_gt_s)
        P(i64_le_u, br_if_i64_le_u, br_if_i64_gt_u)
        P(i64_ge_s, br_if_i64_ge_s, br_if_i64_lt_s)
        P(i64_ge_u, br_if_i64_ge_u, br_if_i64_lt_u)
#if FA_CODE_FLOAT
        P(f32_eq, br_if_f32_eq, br_if_f32_ne)
        P(f32_ne, br_if_f32_ne, br_if_f32_eq)
        P(f64_eq, br_if_f64_eq, br_if_f64_ne)
        P(f64_ne, br_if_f64_ne, br_if_f64_eq)
        /* Note: with NaN, !(a < b) is not (a >= b): these have no "false" form */
        P(f32_lt, br_if_f32_lt, unreachable)
        P(f32_gt, br_if_f32_gt, unreachable)
        P(f32_le, br_if_f32_le, unreachable)
        P(f32_ge, br_if_f32_ge, unreachable)
        P(f64_lt, br_if_f64_lt, unreachable)
        P(f64_gt, br_if_f64_gt, unreachable)
        P(f64_le, br_if_f64_le, unreachable)
        P(f64_ge, br_if_f64_ge, unreachable)
#endif
    }
#undef P
    return 0;
}

/* The compare computing the negation of compare op, or 0 (none exact). */
static uint32_t cmp_inverse(uint32_t op)
{
#define I(a, b)                                                                                    \
    case FA_C_##a: return FA_C_##b;                                                                \
    case FA_C_##b: return FA_C_##a;
    switch (op) {
        I(i32_eq, i32_ne)
        I(i32_lt_s, i32_ge_s)
        I(i32_lt_u, i32_ge_u)
        I(i32_gt_s, i32_le_s)
        I(i32_gt_u, i32_le_u)
        I(i64_eq, i64_ne)
        I(i64_lt_s, i64_ge_s)
        I(i64_lt_u, i64_ge_u)
        I(i64_gt_s, i64_le_s)
        I(i64_gt_u, i64_le_u)
#if FA_CODE_FLOAT
        I(f32_eq, f32_ne)
        I(f64_eq, f64_ne)
#endif
    }
#undef I
    return 0;
}

/* Pops the condition on top; fills f with a fused or plain branch.
 * need_no: the "false" form will be used (FA_C_unreachable = none). */
static void take_condition(cx *c, uint32_t prev_dst, int need_no, fused *f)
{
    const sval *top = &c->vs[c->nv - 1];
    if (prev_dst && top->kind == V_HOME && c->code[prev_dst] == top->home &&
        cmp_branch(c->code[prev_dst - 1], &f->yes, &f->no) &&
        !(need_no && f->no == FA_C_unreachable)) {
        uint32_t op = c->code[prev_dst - 1];
        f->n = (op == FA_C_i32_eqz || op == FA_C_i64_eqz) ? 1 : 2;
        f->a = c->code[prev_dst + 1];
        f->b = f->n == 2 ? c->code[prev_dst + 2] : 0;
        c->n = prev_dst - 1;
        if (c->n < c->rewound)
            c->rewound = c->n;
    } else {
        f->yes = FA_C_br_if_nez;
        f->no = FA_C_br_if_eqz;
        f->n = 1;
        f->a = opnd(c, 0);
        f->b = 0;
    }
    pop(c, 1);
}

/* Emits the fused branch (minus its offset word) for "condition == when". */
static void emit_cond_branch(cx *c, const fused *f, int when)
{
    emit(c, when ? f->yes : f->no);
    emit(c, f->a);
    if (f->n == 2)
        emit(c, f->b);
}

static void open_block(cx *c, uint8_t kind, uint32_t prev_dst)
{
    uint32_t np, nr;
    const fa_vt *p, *r;
    read_blocktype(c, &np, &p, &nr, &r);
    fused cond;
    if (kind == C_IF)
        take_condition(c, prev_dst, 1, &cond);
    /* Paths merge at the label: nothing may stay lazily in a local, and the
     * params must be in their home slots (loops branch back to them). */
    for (uint32_t i = cur(c)->height; i < c->nv; i++)
        if (c->vs[i].kind == V_LOCAL || i >= c->nv - np)
            materialize(c, i);
    if (!grow(c, (void **)&c->cs, &c->cap_c, c->nc + 1, sizeof(ctl)))
        return;
    ctl *k = &c->cs[c->nc++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->height = c->nv - np;
    k->base = np ? c->vs[k->height].home : next_home(c);
    k->n_params = np;
    k->params = p;
    k->n_results = nr;
    k->results = r;
    if (kind == C_LOOP) {
        k->loop_pc = c->n; /* no check here: the back-edges poll (emit_target) */
    } else if (kind == C_IF) {
        emit_cond_branch(c, &cond, 0);
        k->else_patch = c->n;
        emit(c, 0);
    }
}

/* Makes the top n values the block's results in their home slots. */
static void materialize_top(cx *c, uint32_t n)
{
    for (uint32_t i = c->nv - n; i < c->nv; i++)
        materialize(c, i);
}

static void do_else(cx *c)
{
    ctl *k = cur(c);
    if (!k->dead) {
        materialize_top(c, k->n_results);
        uint32_t op_pos = c->n;
        emit(c, FA_C_br);
        emit_target(c, k, op_pos);
    }
    resolve(c, k->else_patch, c->n);
    k->else_patch = 0;
    k->kind = C_ELSE;
    k->dead = 0;
    c->nv = k->height;
    for (uint32_t i = 0; i < k->n_params; i++)
        push(c, k->params[i]);
}

/* Returns 1 when the function's final end was reached. */
static int do_end(cx *c, uint32_t prev_dst)
{
    ctl *k = cur(c);
    if (k->kind == C_FUNC) {
        if (!k->dead)
            emit_return(c, prev_dst);
        c->nc--;
        return 1;
    }
    int reachable =
        !k->dead || (k->kind != C_LOOP && k->patch != 0) || (k->kind == C_IF && k->else_patch != 0);
    if (!k->dead)
        materialize_top(c, k->n_results);
    resolve(c, k->else_patch, c->n); /* if without else: params == results */
    if (k->kind != C_LOOP)
        resolve(c, k->patch, c->n);
    c->nv = k->height;
    uint32_t nr = k->n_results;
    const fa_vt *r = k->results;
    c->nc--;
    for (uint32_t i = 0; i < nr; i++)
        push(c, r[i]);
    if (!reachable)
        set_dead(c);
    return 0;
}

/* ------------------------------------------------------------------ immediates */

static void read_memarg(cx *c, uint32_t *memidx, uint64_t *offset)
{
    uint32_t align = fa_read_u32(&c->r);
    *memidx = (align & 0x40) ? fa_read_u32(&c->r) : 0;
    *offset = fa_read_u64(&c->r);
}

static void skip_imm(cx *c, fa_imm imm)
{
    fa_reader *r = &c->r;
    uint32_t n, m;
    uint64_t off;
    switch (imm) {
    case FA_IMM_NONE: break;
    case FA_IMM_BLOCKTYPE: (void)fa_read_s33(r); break;
    case FA_IMM_LABEL:
    case FA_IMM_FUNC:
    case FA_IMM_LOCAL:
    case FA_IMM_GLOBAL:
    case FA_IMM_TABLE:
    case FA_IMM_MEMORY:
    case FA_IMM_DATA:
    case FA_IMM_ELEM: (void)fa_read_u32(r); break;
    case FA_IMM_BR_TABLE:
        n = fa_read_u32(r);
        for (uint32_t i = 0; i <= n && !r->err; i++)
            (void)fa_read_u32(r);
        break;
    case FA_IMM_CALL_INDIRECT:
    case FA_IMM_MEMORY_INIT:
    case FA_IMM_MEMORY_COPY:
    case FA_IMM_TABLE_INIT:
    case FA_IMM_TABLE_COPY:
        (void)fa_read_u32(r);
        (void)fa_read_u32(r);
        break;
    case FA_IMM_MEMARG: read_memarg(c, &m, &off); break;
    case FA_IMM_I32: (void)fa_read_s32(r); break;
    case FA_IMM_I64: (void)fa_read_s64(r); break;
    case FA_IMM_F32: (void)fa_read_bytes(r, 4); break;
    case FA_IMM_F64: (void)fa_read_bytes(r, 8); break;
    case FA_IMM_V128: (void)fa_read_bytes(r, 16); break;
    case FA_IMM_SELECT_T:
        n = fa_read_u32(r);
        (void)fa_read_bytes(r, n);
        break;
    case FA_IMM_REFTYPE: (void)fa_read_u8(r); break;
    case FA_IMM_LANE: (void)fa_read_u8(r); break;
    case FA_IMM_MEMARG_LANE:
        read_memarg(c, &m, &off);
        (void)fa_read_u8(r);
        break;
    case FA_IMM_SHUFFLE: (void)fa_read_bytes(r, 16); break;
    }
}

static fa_vt sig_type(char ch, int is64)
{
    switch (ch) {
    case 'i': return FA_I32;
    case 'I': return FA_I64;
    case 'f': return FA_F32;
    case 'F': return FA_F64;
    case 'v': return FA_V128;
    case 'a': return is64 ? FA_I64 : FA_I32;
    }
    FA_ASSERT(0);
    return FA_I32;
}

static uint32_t mem_flags(const cx *c, uint32_t memidx)
{
    return memidx | (c->m->mems[memidx].limits.is64 ? FA_CODE_MEM64 : 0);
}

/* ------------------------------------------------------------------ instructions */

static void do_call(cx *c, uint8_t op, const fa_type *ft, uint32_t a, uint32_t b)
{
    /* call_indirect: the element index is on top, above the arguments */
    uint32_t idx = 0;
    int indirect = op == FA_C_call_indirect || op == FA_C_return_call_indirect;
    if (indirect) {
        idx = opnd(c, 0);
        pop(c, 1);
    }
    uint32_t np = ft->n_params;
    for (uint32_t i = c->nv - np; i < c->nv; i++)
        materialize(c, i);
    uint32_t base = np ? c->vs[c->nv - np].home : next_home(c);
    pop(c, np);
    emit(c, op);
    emit(c, a);
    if (indirect) {
        emit(c, b);
        emit(c, idx);
    }
    emit(c, base);
    if (op == FA_C_return_call || op == FA_C_return_call_indirect) {
        set_dead(c);
        return;
    }
    for (uint32_t i = 0; i < ft->n_results; i++)
        push(c, fa_type_results(ft)[i]);
}

static void do_br_table(cx *c)
{
    uint32_t n = fa_read_u32(&c->r);
    uint32_t idx = opnd(c, 0);
    pop(c, 1);
    emit(c, FA_C_br_table);
    emit(c, idx);
    emit(c, n);
    uint32_t first = c->n;
    for (uint32_t i = 0; i <= n && !c->r.err && !c->oom; i++)
        emit(c, fa_read_u32(&c->r)); /* label depth for now */
    if (c->r.err || c->oom)
        return;
    if (!grow(c, (void **)&c->scratch, &c->cap_scratch, c->nc, sizeof(uint32_t)))
        return;
    memset(c->scratch, 0, (size_t)c->nc * sizeof(uint32_t));
    for (uint32_t i = 0; i <= n && !c->oom; i++) {
        uint32_t pos = first + i;
        uint32_t depth = c->code[pos];
        ctl *t = label(c, depth);
        if (t->kind != C_FUNC && t->kind != C_LOOP && !needs_copies(c, t)) {
            c->code[pos] = t->patch;
            t->patch = pos;
            continue;
        }
        /* a stub per distinct label: copies, then br (br_loop to a loop,
         * which polls: loops are checked on their back-edges) */
        if (!c->scratch[depth]) {
            c->scratch[depth] = c->n;
            emit_br(c, depth);
        }
        if (!c->oom)
            c->code[pos] = c->scratch[depth] - pos;
    }
    set_dead(c);
}

static void do_br_if(cx *c, uint32_t depth, uint32_t prev_dst)
{
    fused cond;
    ctl *t = label(c, depth);
    c->nv--; /* look at the branch values below the condition */
    int plain = t->kind != C_FUNC && !needs_copies(c, t);
    c->nv++;
    take_condition(c, prev_dst, !plain, &cond);
    if (plain) {
        uint32_t op_pos = c->n;
        emit_cond_branch(c, &cond, 1);
        emit_target(c, t, op_pos);
        return;
    }
    emit_cond_branch(c, &cond, 0);
    uint32_t skip = c->n;
    emit(c, 0);
    emit_br(c, depth);
    resolve(c, skip, c->n);
}

static void do_local_set(cx *c, uint32_t x, int tee, uint32_t prev_dst)
{
    uint32_t slot = local_slot(c, x);
    sval *top = &c->vs[c->nv - 1];
    int aliased = 0;
    for (uint32_t i = cur(c)->height; i + 1 < c->nv; i++)
        if (c->vs[i].kind == V_LOCAL && c->vs[i].loc == slot)
            aliased = 1;
    fa_vt t = top->type;
    if (!aliased && top->kind == V_HOME && prev_dst && c->code[prev_dst] == top->home) {
        /* retarget the producer: it writes the local directly */
        c->code[prev_dst] = slot;
    } else {
        if (aliased)
            for (uint32_t i = cur(c)->height; i + 1 < c->nv; i++)
                if (c->vs[i].kind == V_LOCAL && c->vs[i].loc == slot)
                    materialize(c, i);
        emit_move(c, &c->vs[c->nv - 1], slot);
    }
    pop(c, 1);
    if (tee)
        push_local(c, t, slot);
}

/*
 * Address fusion: if entry i (an address about to be consumed by a memory
 * access) was computed by an `i32.add a b` (or `i32.sub a k`, k constant)
 * that is still the last instruction emitted, removes it and gives its
 * operands: the access then computes (uint32)(a + b) itself.
 */
static int take_address_add(cx *c, uint32_t i, uint32_t *a, uint32_t *b)
{
    const sval *v = &c->vs[i];
    if (v->kind != V_HOME || v->prod_end != c->n || c->code[v->prod + 1] != v->home)
        return 0;
    uint32_t op = c->code[v->prod];
    if (op != FA_C_i32_add && op != FA_C_i32_sub)
        return 0; /* before reading operands: a shorter producer may end the code */
    uint32_t x = c->code[v->prod + 2], y = c->code[v->prod + 3];
    if (op == FA_C_i32_sub) {
        if (!(y & CONST_TAG))
            return 0;
        /* a - k == a + (-k) in 32-bit arithmetic */
        uint32_t k = (uint32_t)c->pool[y & ~CONST_TAG];
        y = pool_slot(c, (uint32_t)(0u - k));
        if (!y)
            return 0;
    }
    c->n = v->prod;
    if (c->n < c->rewound)
        c->rewound = c->n;
    *a = x;
    *b = y;
    return 1;
}

/* Translates one reachable instruction. Returns 1 at the function's end. */
static int translate(cx *c, fa_op op, uint32_t prev_dst)
{
    fa_reader *r = &c->r;
    const fa_opinfo *info = &fa_opinfo_table[op];
    uint32_t a, b, d, s1, s2, s3;
    uint64_t off;

    switch (op) {
    case FA_OP_unreachable:
        emit(c, FA_C_unreachable);
        set_dead(c);
        return 0;
    case FA_OP_nop: return 0;
    case FA_OP_block: open_block(c, C_BLOCK, 0); return 0;
    case FA_OP_loop: open_block(c, C_LOOP, 0); return 0;
    case FA_OP_if_: open_block(c, C_IF, prev_dst); return 0;
    case FA_OP_else_: do_else(c); return 0;
    case FA_OP_end: return do_end(c, prev_dst);
    case FA_OP_br:
        emit_br(c, fa_read_u32(r));
        set_dead(c);
        return 0;
    case FA_OP_br_if: do_br_if(c, fa_read_u32(r), prev_dst); return 0;
    case FA_OP_br_table: do_br_table(c); return 0;
    case FA_OP_return_:
        emit_return(c, prev_dst);
        set_dead(c);
        return 0;
    case FA_OP_call:
    case FA_OP_return_call:
        a = fa_read_u32(r);
        do_call(c, op == FA_OP_call ? FA_C_call : FA_C_return_call, fa_module_func_type(c->m, a), a,
                0);
        return 0;
    case FA_OP_call_indirect:
    case FA_OP_return_call_indirect:
        a = fa_read_u32(r); /* type */
        b = fa_read_u32(r); /* table */
        do_call(c, op == FA_OP_call_indirect ? FA_C_call_indirect : FA_C_return_call_indirect,
                &c->m->types[a], a, b);
        return 0;
    case FA_OP_drop: pop(c, 1); return 0;
    case FA_OP_select:
    case FA_OP_select_t: {
        if (op == FA_OP_select_t)
            skip_imm(c, FA_IMM_SELECT_T);
        s3 = opnd(c, 0);
        s2 = opnd(c, 1);
        s1 = opnd(c, 2);
        fa_vt t = c->vs[c->nv - 3].type;
        pop(c, 3);
        d = push_result(c, t);
        for (unsigned i = 0; i < fa_vt_slots(t); i++) {
            emit(c, FA_C_select);
            c->last_dst = c->n;
            emit(c, d + i);
            emit(c, s1 + i);
            emit(c, s2 + i);
            emit(c, s3);
        }
        if (fa_vt_slots(t) != 1)
            c->last_dst = 0;
        return 0;
    }
    case FA_OP_local_get:
        a = fa_read_u32(r);
        push_local(c, c->local_type[a], local_slot(c, a));
        return 0;
    case FA_OP_local_set:
    case FA_OP_local_tee:
        do_local_set(c, fa_read_u32(r), op == FA_OP_local_tee, prev_dst);
        return 0;
    case FA_OP_global_get: {
        a = fa_read_u32(r);
        fa_vt t = c->m->global_types[a].type;
        d = push_result(c, t);
#if FA_CODE_SIMD
        emit(c, t == FA_V128 ? FA_C_global_get_v128 : FA_C_global_get);
#else
        emit(c, FA_C_global_get);
#endif
        c->last_dst = c->n;
        emit(c, d);
        emit(c, a);
        return 0;
    }
    case FA_OP_global_set: a = fa_read_u32(r); s1 = opnd(c, 0);
#if FA_CODE_SIMD
        emit(c, c->vs[c->nv - 1].type == FA_V128 ? FA_C_global_set_v128 : FA_C_global_set);
#else
        emit(c, FA_C_global_set);
#endif
        pop(c, 1);
        emit(c, a);
        emit(c, s1);
        return 0;
    case FA_OP_table_get:
        a = fa_read_u32(r);
        s1 = opnd(c, 0);
        pop(c, 1);
        d = push_result(c, c->m->tables[a].elem_type);
        emit(c, FA_C_table_get);
        c->last_dst = c->n;
        emit(c, d);
        emit(c, a);
        emit(c, s1);
        return 0;
    case FA_OP_table_set:
        a = fa_read_u32(r);
        s2 = opnd(c, 0);
        s1 = opnd(c, 1);
        pop(c, 2);
        emit(c, FA_C_table_set);
        emit(c, a);
        emit(c, s1);
        emit(c, s2);
        return 0;
    case FA_OP_table_size:
        a = fa_read_u32(r);
        d = push_result(c, FA_I32);
        emit(c, FA_C_table_size);
        c->last_dst = c->n;
        emit(c, d);
        emit(c, a);
        return 0;
    case FA_OP_table_grow:
        a = fa_read_u32(r);
        s2 = opnd(c, 0); /* delta */
        s1 = opnd(c, 1); /* init */
        pop(c, 2);
        d = push_result(c, FA_I32);
        emit(c, FA_C_table_grow);
        c->last_dst = c->n;
        emit(c, d);
        emit(c, a);
        emit(c, s1);
        emit(c, s2);
        return 0;
    case FA_OP_table_fill:
        a = fa_read_u32(r);
        s3 = opnd(c, 0);
        s2 = opnd(c, 1);
        s1 = opnd(c, 2);
        pop(c, 3);
        emit(c, FA_C_table_fill);
        emit(c, a);
        emit(c, s1);
        emit(c, s2);
        emit(c, s3);
        return 0;
    case FA_OP_table_copy:
    case FA_OP_table_init:
    case FA_OP_memory_copy:
    case FA_OP_memory_init:
        a = fa_read_u32(r);
        b = fa_read_u32(r);
        s3 = opnd(c, 0);
        s2 = opnd(c, 1);
        s1 = opnd(c, 2);
        pop(c, 3);
        if (op == FA_OP_table_copy) {
            emit(c, FA_C_table_copy);
        } else if (op == FA_OP_table_init) {
            emit(c, FA_C_table_init);
        } else if (op == FA_OP_memory_copy) {
            emit(c, FA_C_memory_copy);
            a = mem_flags(c, a);
            b = mem_flags(c, b);
        } else {
            emit(c, FA_C_memory_init);
            b = mem_flags(c, b);
        }
        emit(c, a);
        emit(c, b);
        emit(c, s1);
        emit(c, s2);
        emit(c, s3);
        return 0;
    case FA_OP_elem_drop:
    case FA_OP_data_drop:
        emit(c, op == FA_OP_elem_drop ? FA_C_elem_drop : FA_C_data_drop);
        emit(c, fa_read_u32(r));
        return 0;
    case FA_OP_memory_size:
        a = fa_read_u32(r);
        d = push_result(c, c->m->mems[a].limits.is64 ? FA_I64 : FA_I32);
        emit(c, FA_C_memory_size);
        c->last_dst = c->n;
        emit(c, d);
        emit(c, mem_flags(c, a));
        return 0;
    case FA_OP_memory_grow:
        a = fa_read_u32(r);
        s1 = opnd(c, 0);
        pop(c, 1);
        d = push_result(c, c->m->mems[a].limits.is64 ? FA_I64 : FA_I32);
        emit(c, FA_C_memory_grow);
        c->last_dst = c->n;
        emit(c, d);
        emit(c, mem_flags(c, a));
        emit(c, s1);
        return 0;
    case FA_OP_memory_fill:
        a = fa_read_u32(r);
        s3 = opnd(c, 0);
        s2 = opnd(c, 1);
        s1 = opnd(c, 2);
        pop(c, 3);
        emit(c, FA_C_memory_fill);
        emit(c, mem_flags(c, a));
        emit(c, s1);
        emit(c, s2);
        emit(c, s3);
        return 0;
    case FA_OP_i32_const: push_const(c, FA_I32, (uint32_t)fa_read_s32(r)); return 0;
    case FA_OP_i64_const: push_const(c, FA_I64, (uint64_t)fa_read_s64(r)); return 0;
    case FA_OP_f32_const: push_const(c, FA_F32, fa_read_fixed32(r)); return 0;
    case FA_OP_f64_const: push_const(c, FA_F64, fa_read_fixed64(r)); return 0;
    case FA_OP_ref_null: push_const(c, fa_read_u8(r), 0); return 0;
    case FA_OP_ref_is_null:
        s1 = opnd(c, 0);
        pop(c, 1);
        d = push_result(c, FA_I32);
        emit(c, FA_C_ref_is_null);
        c->last_dst = c->n;
        emit(c, d);
        emit(c, s1);
        return 0;
    case FA_OP_ref_func:
        a = fa_read_u32(r);
        d = push_result(c, FA_FUNCREF);
        emit(c, FA_C_ref_func);
        c->last_dst = c->n;
        emit(c, d);
        emit(c, a);
        return 0;
    case FA_OP_i32_eqz: {
        /* eqz of a compare just emitted: negate the compare instead */
        const sval *top = &c->vs[c->nv - 1];
        uint32_t inv;
        if (prev_dst && top->kind == V_HOME && c->code[prev_dst] == top->home &&
            (inv = cmp_inverse(c->code[prev_dst - 1])) != 0) {
            c->code[prev_dst - 1] = inv;
            c->last_dst = prev_dst;
            return 0;
        }
        break;
    }
    /* Bit-identical in slot form: only the static type changes. */
    case FA_OP_i32_wrap_i64:
    case FA_OP_i32_reinterpret_f32:
    case FA_OP_i64_reinterpret_f64:
    case FA_OP_f32_reinterpret_i32:
    case FA_OP_f64_reinterpret_i64:
        c->vs[c->nv - 1].type = sig_type(info->sig[2], 0);
        if (c->vs[c->nv - 1].kind == V_CONST && op == FA_OP_i32_wrap_i64)
            c->vs[c->nv - 1].k &= 0xFFFFFFFFu;
        c->last_dst = prev_dst;
        return 0;
#if FA_CODE_SIMD
    case FA_OP_v128_const: {
        /* 16 bytes, little-endian: the words are the two slots' halves */
        const uint8_t *b = fa_read_bytes(r, 16);
        if (!b)
            return 0;
        d = push_result(c, FA_V128);
        emit(c, FA_C_v128_const);
        c->last_dst = c->n;
        emit(c, d);
        for (int i = 0; i < 16; i += 4)
            emit(c, (uint32_t)b[i] | (uint32_t)b[i + 1] << 8 | (uint32_t)b[i + 2] << 16 |
                        (uint32_t)b[i + 3] << 24);
        return 0;
    }
    case FA_OP_i8x16_shuffle: {
        const uint8_t *b = fa_read_bytes(r, 16);
        if (!b)
            return 0;
        s2 = opnd(c, 0);
        s1 = opnd(c, 1);
        pop(c, 2);
        d = push_result(c, FA_V128);
        emit(c, FA_C_i8x16_shuffle);
        c->last_dst = c->n;
        emit(c, d);
        emit(c, s1);
        emit(c, s2);
        for (int i = 0; i < 16; i += 4)
            emit(c, (uint32_t)b[i] | (uint32_t)b[i + 1] << 8 | (uint32_t)b[i + 2] << 16 |
                        (uint32_t)b[i + 3] << 24);
        return 0;
    }
#endif
    default: break;
    }

    uint32_t iop = numeric_map[op];
    if (iop == 0) {
        /* an instruction this build leaves out (e.g. SIMD compiled out) */
        c->unsupported = 1;
        return 0;
    }

#if FA_CODE_SIMD
    if (info->imm == FA_IMM_LANE) {
        uint32_t lane = fa_read_u8(r);
        if (info->sig[1] == ':') { /* extract: v -> scalar */
            s1 = opnd(c, 0);
            pop(c, 1);
            d = push_result(c, sig_type(info->sig[2], 0));
            emit(c, iop);
            c->last_dst = c->n;
            emit(c, d);
            emit(c, s1);
        } else { /* replace: v scalar -> v */
            s2 = opnd(c, 0);
            s1 = opnd(c, 1);
            pop(c, 2);
            d = push_result(c, FA_V128);
            emit(c, iop);
            c->last_dst = c->n;
            emit(c, d);
            emit(c, s1);
            emit(c, s2);
        }
        emit(c, lane);
        return 0;
    }
    if (info->imm == FA_IMM_MEMARG_LANE) {
        uint32_t memidx;
        read_memarg(c, &memidx, &off);
        uint32_t lane = fa_read_u8(r);
        int fast = memidx == 0 && !c->m->mems[memidx].limits.is64;
        int load = info->sig[2] == ':' && info->sig[3] == 'v';
        s2 = opnd(c, 0); /* vector */
        s1 = opnd(c, 1); /* address */
        pop(c, 2);
        emit(c, fast ? iop : iop + LANE_MX_DELTA);
        if (load) {
            d = push_result(c, FA_V128);
            c->last_dst = c->n;
            emit(c, d);
        }
        emit(c, s1);
        emit(c, s2);
        if (fast) {
            emit(c, (uint32_t)off);
        } else {
            emit(c, mem_flags(c, memidx));
            emit(c, (uint32_t)off);
            emit(c, (uint32_t)(off >> 32));
        }
        emit(c, lane);
        return 0;
    }
#endif

    if (info->imm == FA_IMM_MEMARG) {
        uint32_t memidx;
        read_memarg(c, &memidx, &off);
        int is64 = c->m->mems[memidx].limits.is64;
        int load = info->sig[1] == ':';
        int fast = memidx == 0 && !is64;
        uint32_t x, y;
        /* value first: reading it may emit code, which then rules out
         * fusing the address computation below */
        uint32_t val = load ? 0 : opnd(c, 0);
        if (fast && take_address_add(c, c->nv - (load ? 1 : 2), &x, &y)) {
            pop(c, load ? 1 : 2);
            emit(c, iop + ADD_DELTA);
            if (load) {
                d = push_result(c, sig_type(info->sig[2], is64));
                c->last_dst = c->n;
                emit(c, d);
                emit(c, x);
                emit(c, y);
            } else {
                emit(c, x);
                emit(c, y);
                emit(c, val);
            }
            emit(c, (uint32_t)off);
            return 0;
        }
        uint32_t addr = opnd(c, load ? 0 : 1);
        pop(c, load ? 1 : 2);
        emit(c, fast ? iop : iop + MX_DELTA);
        if (load) {
            d = push_result(c, sig_type(info->sig[2], is64));
            c->last_dst = c->n;
            emit(c, d);
            emit(c, addr);
        } else {
            emit(c, addr);
            emit(c, val);
        }
        if (fast) {
            emit(c, (uint32_t)off);
        } else {
            emit(c, mem_flags(c, memidx));
            emit(c, (uint32_t)off);
            emit(c, (uint32_t)(off >> 32));
        }
        return 0;
    }

    /* fixed-signature instruction "ab:r" (1 to 3 operands): [op, dst, a, b, c] */
    FA_ASSERT(info->sig[0]);
    const char *colon = strchr(info->sig, ':');
    uint32_t n_in = (uint32_t)(colon - info->sig);
    FA_ASSERT(n_in >= 1 && n_in <= 3);
    uint32_t src[3];
    for (uint32_t i = 0; i < n_in; i++)
        src[n_in - 1 - i] = opnd(c, i);
    pop(c, n_in);
    d = push_result(c, sig_type(colon[1], 0));
    emit(c, iop);
    c->last_dst = c->n;
    emit(c, d);
    for (uint32_t i = 0; i < n_in; i++)
        emit(c, src[i]);
    return 0;
}

/* ------------------------------------------------------------------ driver */

static fa_result setup_locals(cx *c, const fa_type *ft, const fa_funcdef *def)
{
    uint64_t n = (uint64_t)ft->n_params + def->n_locals;
    if (n >= ABS_TAG)
        return FA_ERR_OOM;
    c->n_locals = (uint32_t)n;
    c->local_type = fa_malloc(c->rt, (size_t)n ? (size_t)n : 1);
    if (!c->local_type)
        return FA_ERR_OOM;
    uint32_t i = 0;
    int any_v128 = 0;
    for (uint32_t k = 0; k < ft->n_params; k++)
        c->local_type[i++] = fa_type_params(ft)[k];
    for (uint32_t k = 0; k < def->n_localruns; k++)
        for (uint32_t j = 0; j < def->localruns[k].count; j++)
            c->local_type[i++] = def->localruns[k].type;
    FA_ASSERT(i == n);
    for (i = 0; i < n; i++)
        any_v128 |= c->local_type[i] == FA_V128;
    uint64_t slots = 0, param_slots = 0;
    if (any_v128) {
        c->local_slot = fa_malloc(c->rt, (size_t)n * sizeof(uint32_t));
        if (!c->local_slot)
            return FA_ERR_OOM;
    }
    for (i = 0; i < n; i++) {
        if (c->local_slot)
            c->local_slot[i] = (uint32_t)slots;
        slots += fa_vt_slots(c->local_type[i]);
        if (i + 1 == ft->n_params)
            param_slots = slots;
    }
    if (slots >= ABS_TAG)
        return FA_ERR_OOM;
    c->n_param_slots = (uint32_t)param_slots;
    c->n_local_slots = (uint32_t)slots;
    uint64_t rs = 0;
    for (uint32_t k = 0; k < ft->n_results; k++)
        rs += fa_vt_slots(fa_type_results(ft)[k]);
    c->n_result_slots = (uint32_t)rs;
    c->max_slots = slots > rs ? slots : rs;
    return FA_OK;
}

static void cx_free(cx *c)
{
    fa_free(c->rt, c->code, (size_t)c->cap * sizeof(uint32_t));
    fa_free(c->rt, c->vs, (size_t)c->cap_v * sizeof(sval));
    fa_free(c->rt, c->cs, (size_t)c->cap_c * sizeof(ctl));
    fa_free(c->rt, c->scratch, (size_t)c->cap_scratch * sizeof(uint32_t));
    fa_free(c->rt, c->pool, (size_t)c->cap_pool * sizeof(uint64_t));
    fa_free(c->rt, c->pool_hash, (size_t)c->cap_hash * sizeof(uint32_t));
    fa_free(c->rt, c->pcmap, c->cap_pcmap);
    fa_free(c->rt, c->aux, (size_t)c->cap_aux * sizeof(uint32_t));
    if (c->local_type)
        fa_free(c->rt, c->local_type, c->n_locals ? c->n_locals : 1);
    if (c->local_slot)
        fa_free(c->rt, c->local_slot, (size_t)c->n_locals * sizeof(uint32_t));
}

/* ------------------------------------------------------------------ peephole */

#if FA_CODE_PEEPHOLE_ON
/* i32/i64 compares mirrored (a OP b == b OP' a), for a constant first operand. */
static uint32_t cmp_mirror(uint32_t op)
{
#define M(a, b)                                                                                    \
    case FA_C_##a: return FA_C_##b;                                                                \
    case FA_C_##b: return FA_C_##a;
    switch (op) {
    case FA_C_i32_eq:
    case FA_C_i32_ne:
    case FA_C_br_if_i32_eq:
    case FA_C_br_if_i32_ne: return op;
        M(i32_lt_s, i32_gt_s)
        M(i32_lt_u, i32_gt_u)
        M(i32_le_s, i32_ge_s)
        M(i32_le_u, i32_ge_u)
        M(br_if_i32_lt_s, br_if_i32_gt_s)
        M(br_if_i32_lt_u, br_if_i32_gt_u)
        M(br_if_i32_le_s, br_if_i32_ge_s)
        M(br_if_i32_le_u, br_if_i32_ge_u)
    }
#undef M
    return 0;
}

/*
 * The `_imm` form of op (code.h) when its second operand is the constant
 * *k; adjusts *k (i32.sub k -> add -k, rotr k -> rotl 32-k). 0 = none, also
 * for an i64 constant that does not fit in 32 bits sign-extended.
 */
static uint32_t imm_form(uint32_t op, uint64_t *k)
{
    uint64_t v = *k;
    int fits64 = (uint64_t)(int64_t)(int32_t)(uint32_t)v == v;
    uint32_t r = 0;
    switch (op) {
    case FA_C_i32_sub: v = (uint32_t)(0u - (uint32_t)v); r = FA_C_i32_add_imm; break;
    case FA_C_i32_rotr: v = (32u - ((uint32_t)v & 31u)) & 31u; r = FA_C_i32_rotl_imm; break;
#define I32(x)                                                                                     \
    case FA_C_##x: r = FA_C_##x##_imm; break;
        I32(i32_add) I32(i32_mul) I32(i32_and) I32(i32_or) I32(i32_xor) I32(i32_shl)
        I32(i32_shr_s) I32(i32_shr_u) I32(i32_rotl) I32(i32_eq) I32(i32_ne) I32(i32_lt_s)
        I32(i32_lt_u) I32(i32_gt_s) I32(i32_gt_u) I32(i32_le_s) I32(i32_le_u) I32(i32_ge_s)
        I32(i32_ge_u) I32(br_if_i32_eq) I32(br_if_i32_ne) I32(br_if_i32_lt_s)
        I32(br_if_i32_lt_u) I32(br_if_i32_gt_s) I32(br_if_i32_gt_u) I32(br_if_i32_le_s)
        I32(br_if_i32_le_u) I32(br_if_i32_ge_s) I32(br_if_i32_ge_u)
#undef I32
    case FA_C_i64_shl: v &= 63; r = FA_C_i64_shl_imm; break;
    case FA_C_i64_shr_s: v &= 63; r = FA_C_i64_shr_s_imm; break;
    case FA_C_i64_shr_u: v &= 63; r = FA_C_i64_shr_u_imm; break;
    case FA_C_i64_sub:
        v = 0 - v;
        fits64 = (uint64_t)(int64_t)(int32_t)(uint32_t)v == v;
        r = fits64 ? FA_C_i64_add_imm : 0;
        break;
#define I64(x)                                                                                     \
    case FA_C_##x: r = fits64 ? FA_C_##x##_imm : 0; break;
        I64(i64_add) I64(i64_mul) I64(i64_and) I64(i64_or) I64(i64_xor)
#undef I64
    default: return 0;
    }
    *k = v;
    return r;
}

/* Commutative ops (the constant may be the first operand). */
static int commutes(uint32_t op)
{
    switch (op) {
    case FA_C_i32_add:
    case FA_C_i32_mul:
    case FA_C_i32_and:
    case FA_C_i32_or:
    case FA_C_i32_xor:
    case FA_C_i64_add:
    case FA_C_i64_mul:
    case FA_C_i64_and:
    case FA_C_i64_or:
    case FA_C_i64_xor: return 1;
    }
    return 0;
}

/* Marks the words that some branch targets (1 byte per word). */
static void mark_targets(const cx *c, uint8_t *tgt)
{
    uint32_t pc = 0;
    while (pc < c->n) {
        const uint32_t *ip = c->code + pc;
        uint32_t k = 1;
        for (const char *f = fa_code_op_formats[ip[0]]; *f; f++) {
            if (*f == 'o') {
                tgt[pc + k + ip[k]] = 1; /* unsigned wrap = signed offset */
                k++;
            } else if (*f == 't') {
                uint32_t n = ip[k++];
                for (uint32_t i = 0; i <= n; i++, k++)
                    tgt[pc + k + ip[k]] = 1;
            } else {
                k += *f == 'q' ? 2 : 1;
            }
        }
        pc += k;
    }
}

/* The fused form of [load t addr off][op2 d a t] or of [load_add t a b
 * off][op2 d x t] (code.h, FA_CODE_LOAD_OPERANDS), or 0. */
static uint32_t load_operand_form(uint32_t load, uint32_t op2)
{
#define L(ty, op, sym)                                                                             \
    if (op2 == FA_C_##ty##_##op && load == FA_C_##ty##_load)                                       \
        return FA_C_##ty##_##op##_load;                                                            \
    if (op2 == FA_C_##ty##_##op && load == FA_C_##ty##_load_add)                                   \
        return FA_C_##ty##_##op##_load_add;
    FA_CODE_LOAD_OPERANDS(L)
#undef L
    return 0;
}

/* The scaled-index form of a `_add` load (code.h), or 0. */
static uint32_t load_idx_form(uint32_t load_add)
{
    switch (load_add) {
    case FA_C_i32_load_add: return FA_C_i32_load_idx;
    case FA_C_i64_load_add: return FA_C_i64_load_idx;
#if FA_CODE_FLOAT
    case FA_C_f64_load_add: return FA_C_f64_load_idx;
#endif
    }
    return 0;
}

/* Ops whose operands may swap: the integer ones, and float add and mul,
 * which commute except for which input NaN's payload a hardware passes on
 * when both are NaN, a choice wasm leaves open (spec 4.3.3, nans). */
static int commutes_any(uint32_t op)
{
#if FA_CODE_FLOAT
    return commutes(op) || op == FA_C_f32_add || op == FA_C_f32_mul || op == FA_C_f64_add ||
           op == FA_C_f64_mul;
#else
    return commutes(op);
#endif
}

/* An operand-stack slot (not a local, a constant or an absolute slot). */
static int is_temp(const cx *c, uint32_t s)
{
    return !(s & (CONST_TAG | ABS_TAG)) && s >= c->n_local_slots;
}

/*
 * Writes a peephole form over the `len` words at ip: op, the n operand words
 * w, then padding. Returns len. PUT_FUSED passes the operands as a
 * compound literal, so they are all read before ip is written.
 */
static uint32_t put_fused(uint32_t *ip, uint32_t len, uint32_t op, const uint32_t *w, uint32_t n)
{
    FA_ASSERT(1 + n <= len);
    ip[0] = op;
    memcpy(ip + 1, w, n * sizeof *w);
    for (uint32_t i = 1 + n; i < len; i++)
        ip[i] = 0;
    FA_ASSERT(fa_code_insn_len(ip) == len); /* the fused format covers its words */
    return len;
}
#define PUT_FUSED(len, op, ...)                                                                    \
    put_fused(ip, (len), (op), (const uint32_t[]){__VA_ARGS__},                                    \
              (uint32_t)(sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t)))

/* The read-modify-write form of an `_add_load` (code.h) and, in *store, the
 * store that must follow it; or 0. */
static uint32_t rmw_form(uint32_t add_load, uint32_t *store)
{
    switch (add_load) {
    case FA_C_i32_add_load: *store = FA_C_i32_store; return FA_C_i32_rmw_add;
    case FA_C_i64_add_load: *store = FA_C_i64_store; return FA_C_i64_rmw_add;
#if FA_CODE_FLOAT
    case FA_C_f32_add_load: *store = FA_C_f32_store; return FA_C_f32_rmw_add;
    case FA_C_f64_add_load: *store = FA_C_f64_store; return FA_C_f64_rmw_add;
#endif
    }
    return 0;
}

#if FA_CODE_FLOAT
/* The form of [mul(_load) t ...][rmw_add p t off] (code.h), or 0. */
static uint32_t rmw_mul_form(uint32_t mul, uint32_t rmw)
{
#define M(ty)                                                                                      \
    if (mul == FA_C_##ty##_mul && rmw == FA_C_##ty##_rmw_add)                                      \
        return FA_C_##ty##_rmw_add_mul;                                                            \
    if (mul == FA_C_##ty##_mul_load && rmw == FA_C_##ty##_rmw_add)                                 \
        return FA_C_##ty##_rmw_add_mul_load;
    M(f32) M(f64)
#undef M
    return 0;
}
#endif

/*
 * Fuses [op1 t ...][op2 d ...t...] pairs (code.h, FA_CODE_PEEPHOLE) where t
 * is a temporary that op2 consumes and no branch goes to op2. Both are
 * 4-word "sss"/"ssu" ops, so the fused op fits their 8 words.
 */
static void fuse_pairs(cx *c, const uint8_t *tgt)
{
    uint32_t pc = 0;
    while (pc < c->n) {
        uint32_t *ip = c->code + pc;
        uint32_t len = fa_code_insn_len(ip);
        uint32_t *nx = ip + len;
        if (len == 4 && pc + 8 <= c->n && !tgt[pc + 4] && fa_code_insn_len(nx) == 4 &&
            is_temp(c, ip[1])) {
            uint32_t t = ip[1], op1 = ip[0], op2 = nx[0];
            /* the other operand of op2 when exactly one of its operands is t */
            uint32_t other = UINT32_MAX;
            if (nx[2] == t && nx[3] != t)
                other = nx[3];
            else if (nx[3] == t && nx[2] != t)
                other = nx[2];
            uint32_t f = 0, w1 = 0, w2 = 0, w3 = 0;
            if (other != UINT32_MAX) {
                if (op1 == FA_C_i32_rotl_imm && op2 == FA_C_i32_xor) {
                    f = FA_C_i32_xor_rotl; /* other ^ rotl(x, k) */
                    w1 = other, w2 = ip[2], w3 = ip[3];
                } else if (op1 == FA_C_i32_add && op2 == FA_C_i32_add) {
                    f = FA_C_i32_add3; /* a + b + other */
                    w1 = ip[2], w2 = ip[3], w3 = other;
                } else if (op1 == FA_C_i32_shl_imm && op2 == FA_C_i32_add) {
                    f = FA_C_i32_add_shl; /* other + (x << k) */
                    w1 = other, w2 = ip[2], w3 = ip[3];
                } else if (op2 == FA_C_i32_xor &&
                           (op1 == FA_C_i32_shr_u_imm || op1 == FA_C_i32_shl_imm)) {
                    f = op1 == FA_C_i32_shl_imm ? FA_C_i32_xor_shl : FA_C_i32_xor_shr_u;
                    w1 = other, w2 = ip[2], w3 = ip[3]; /* other ^ (x shift k) */
                } else if (op2 == FA_C_i64_xor &&
                           (op1 == FA_C_i64_shr_u_imm || op1 == FA_C_i64_shl_imm)) {
                    f = op1 == FA_C_i64_shl_imm ? FA_C_i64_xor_shl : FA_C_i64_xor_shr_u;
                    w1 = other, w2 = ip[2], w3 = ip[3];
#if FA_CODE_FLOAT
                } else if (op1 == FA_C_f64_mul && op2 == FA_C_f64_add) {
                    f = FA_C_f64_add_mul; /* other + a * b */
                    w1 = ip[2], w2 = ip[3], w3 = other;
#endif
                } else if ((f = load_operand_form(op1, op2)) != 0 &&
                           (nx[3] == t || commutes_any(op2))) {
                    w1 = other, w2 = ip[2], w3 = ip[3]; /* other OP mem[addr + off] */
                } else {
                    f = 0;
                }
            }
            if (f)
                len = PUT_FUSED(8, f, nx[1], w1, w2, w3);
        }
        uint32_t store = 0, rmw = len == 8 ? rmw_form(ip[0], &store) : 0;
        if (rmw && pc + 12 <= c->n && !tgt[pc + 8] && ip[8] == store && ip[9] == ip[3] &&
            ip[10] == ip[1] && ip[11] == ip[4] && ip[3] != ip[1] && is_temp(c, ip[1])) {
            /* [X_add_load t a p off _ _ _][X_store p t off] -> [X_rmw_add p a off _ x 8]
             * (made in the pass that makes the add_load) */
            len = PUT_FUSED(12, rmw, ip[3], ip[2], ip[4]);
        }
#if FA_CODE_FLOAT
        uint32_t *r = ip + len, rmw_mul = 0;
        if ((len == 4 || len == 8) && pc + len + 12 <= c->n && !tgt[pc + len] &&
            is_temp(c, ip[1]) && r[2] == ip[1] && r[1] != ip[1])
            rmw_mul = rmw_mul_form(ip[0], r[0]);
        if (rmw_mul == FA_C_f32_rmw_add_mul || rmw_mul == FA_C_f64_rmw_add_mul) {
            /* [mul t a b][rmw_add p t off _ x 8] -> [rmw_add_mul p a b off _ x 11]
             * (second pass: the rmw_add is made in the first) */
            len = PUT_FUSED(16, rmw_mul, r[1], ip[2], ip[3], r[3]);
        } else if (rmw_mul) {
            /* [mul_load t a q off2 _ _ _][rmw_add p t off _ x 8] ->
             * [rmw_add_mul_load p a q off2 off _ x 14] */
            len = PUT_FUSED(20, rmw_mul, r[1], ip[2], ip[3], ip[4], r[3]);
        }
#endif
        if (ip[0] == FA_C_i32_add_imm && len == 4 && pc + 7 <= c->n && !tgt[pc + 4] &&
            nx[0] == FA_C_LOOP_TWIN(FA_C_br_if_nez) && nx[1] == ip[1]) {
            /* [add_imm d a k][br_if_nez_loop d ->L] -> [loop_add_imm_nez d a k ->L _ _];
             * the offset word moves from +6 to +4 */
            len = PUT_FUSED(7, FA_C_loop_add_imm_nez, ip[1], ip[2], ip[3], nx[2] + 2);
        }
        if ((ip[0] == FA_C_i32_add_imm || ip[0] == FA_C_i32_add) && len == 4 && pc + 8 <= c->n &&
            !tgt[pc + 4] && nx[1] == ip[1] && fa_code_insn_len(nx) == 4) {
            /* [add(_imm) d a b][br_if_i32_OP_loop d c ->L] -> [loop_add.. d a b c ->L _ _] */
            uint32_t f = 0, op2 = nx[0];
            if (ip[0] == FA_C_i32_add_imm && op2 == FA_C_LOOP_TWIN(FA_C_br_if_i32_ne_imm))
                f = FA_C_loop_add_imm_ne_imm;
            else if (ip[0] == FA_C_i32_add_imm && op2 == FA_C_LOOP_TWIN(FA_C_br_if_i32_ne))
                f = FA_C_loop_add_imm_ne;
            else if (ip[0] == FA_C_i32_add && op2 == FA_C_LOOP_TWIN(FA_C_br_if_i32_le_u))
                f = FA_C_loop_add_le_u;
            else if (ip[0] == FA_C_i32_add && op2 == FA_C_LOOP_TWIN(FA_C_br_if_i32_lt_u))
                f = FA_C_loop_add_lt_u;
            if (f) /* the offset word moves from +7 to +5 */
                len = PUT_FUSED(8, f, ip[1], ip[2], ip[3], nx[2], nx[3] + 2);
        }
        uint32_t idx_form = 0;
        if (ip[0] == FA_C_i32_shl_imm && len == 4 && pc + 9 <= c->n && !tgt[pc + 4] &&
            is_temp(c, ip[1]) && nx[3] == ip[1] && nx[2] != ip[1])
            idx_form = load_idx_form(nx[0]);
        if (idx_form) {
            /* [shl_imm t x k][load_add d a t off] -> [load_idx d a x k off _ _ _] */
            len = PUT_FUSED(9, idx_form, nx[1], nx[2], ip[2], ip[3], nx[4]);
        }
        if ((ip[0] == FA_C_i32_load8_u || ip[0] == FA_C_i32_load8_u_add) && pc + len + 4 <= c->n &&
            !tgt[pc + len] && nx[0] == FA_C_i32_store8 && is_temp(c, ip[1]) && nx[2] == ip[1] &&
            nx[1] != ip[1]) {
            /* [load8_u(_add) t ... off1][store8 addr t off2] -> one byte move;
             * the store's words stay where they were (traps point at them) */
            if (len == 4) /* [op a off1 addr off2 _ _ _] */
                len = PUT_FUSED(8, FA_C_i32_load8_u_store8, ip[2], ip[3], nx[1], nx[3]);
            else /* [op a b off1 addr off2 _ _ _] */
                len = PUT_FUSED(9, FA_C_i32_load8_u_add_store8, ip[2], ip[3], ip[4], nx[1], nx[3]);
        }
        if ((ip[0] == FA_C_i32_add || ip[0] == FA_C_i32_add_imm) && len == 4 &&
            pc + 13 <= c->n && !tgt[pc + 4] && nx[0] == FA_C_i32_load8_u_add_store8 &&
            is_temp(c, ip[1]) && nx[4] == ip[1] && nx[1] != ip[1] && nx[2] != ip[1]) {
            /* [add(_imm) u c d][load8_u_add_store8 a b off1 u off2 _ _ _] ->
             * [move8_add_add(i) a b off1 c d off2 _ x 6]: the words of the byte
             * move stay at +4 and its store at +9 (traps point at them) */
            uint32_t f = ip[0] == FA_C_i32_add ? FA_C_i32_move8_add_add : FA_C_i32_move8_add_addi;
            len = PUT_FUSED(13, f, nx[1], nx[2], nx[3], ip[2], ip[3], nx[5]);
        }
        pc += len;
    }
}
/*
 * [X_load_add t a b off][OP d x t] -> [OP_load_add d x a b off _ _ _]: an
 * operand loaded from an added address (t a temporary, x != t; t may come
 * first if OP commutes). 5 + 4 words. A trap is the load's, at the start.
 */
static void fuse_load_add_operands(cx *c, const uint8_t *tgt)
{
    uint32_t pc = 0;
    while (pc < c->n) {
        uint32_t *ip = c->code + pc;
        uint32_t len = fa_code_insn_len(ip), f;
        uint32_t *nx = ip + len;
        if (len == 5 && pc + 9 <= c->n && !tgt[pc + 5] && fa_code_insn_len(nx) == 4 &&
            is_temp(c, ip[1]) && (f = load_operand_form(ip[0], nx[0])) != 0) {
            uint32_t t = ip[1], other = UINT32_MAX;
            if (nx[3] == t && nx[2] != t)
                other = nx[2];
            else if (nx[2] == t && nx[3] != t && commutes_any(nx[0]))
                other = nx[3];
            if (other != UINT32_MAX)
                len = PUT_FUSED(9, f, nx[1], other, ip[2], ip[3], ip[4]);
        }
        pc += len;
    }
}

#if FA_CODE_FLOAT
/* [mul t a b][mul d t c] (or c t) -> [mul3 d a b c _ _ _], f32 or f64: a
 * product of three (t a temporary, c not t). */
static void fuse_mul_chains(cx *c, const uint8_t *tgt)
{
    uint32_t pc = 0;
    while (pc < c->n) {
        uint32_t *ip = c->code + pc;
        uint32_t len = fa_code_insn_len(ip), op = ip[0];
        uint32_t *nx = ip + 4;
        if ((op == FA_C_f32_mul || op == FA_C_f64_mul) && pc + 8 <= c->n && !tgt[pc + 4] &&
            nx[0] == op && is_temp(c, ip[1])) {
            uint32_t t = ip[1], other = UINT32_MAX;
            if (nx[2] == t && nx[3] != t)
                other = nx[3];
            else if (nx[3] == t && nx[2] != t)
                other = nx[2];
            if (other != UINT32_MAX)
                len = PUT_FUSED(8, op == FA_C_f32_mul ? FA_C_f32_mul3 : FA_C_f64_mul3, nx[1], ip[2],
                                ip[3], other);
        }
        pc += len;
    }
}
#endif

/*
 * [rotl_imm t x k1][xor_rotl u t x k2][xor_rotl|xor_shr_u d u x k3] ->
 * [rotl3|rotl2_shr_u d x k1 k2 k3 _...]: 4 + 8 + 8 words, t and u
 * temporaries (possibly the same slot), x neither, no branch to the second
 * or third.
 */
static void fuse_rotl_chains(cx *c, const uint8_t *tgt)
{
    uint32_t pc = 0;
    while (pc < c->n) {
        uint32_t *ip = c->code + pc;
        uint32_t len = fa_code_insn_len(ip);
        if (ip[0] == FA_C_i32_rotl_imm && pc + 20 <= c->n && !tgt[pc + 4] && !tgt[pc + 12]) {
            uint32_t *p1 = ip + 4, *p2 = ip + 12, t = ip[1], x = ip[2];
            uint32_t f = p2[0] == FA_C_i32_xor_rotl    ? FA_C_i32_rotl3
                         : p2[0] == FA_C_i32_xor_shr_u ? FA_C_i32_rotl2_shr_u
                                                       : 0;
            if (f && p1[0] == FA_C_i32_xor_rotl && is_temp(c, t) && x != t && p1[2] == t &&
                p1[3] == x && is_temp(c, p1[1]) && p1[1] != x && p2[2] == p1[1] && p2[3] == x)
                len = PUT_FUSED(20, f, p2[1], x, ip[3], p1[4], p2[4]);
        }
        pc += len;
    }
}
#endif /* FA_CODE_PEEPHOLE_ON */

/*
 * Rewrites the finished body in place into the peephole forms of code.h
 * (constant operands as immediates, copy pairs), then drops the constants
 * no slot operand reads any more. Nothing changes length, so branch offsets
 * and the position map stay valid. Runs before relocate(): constant
 * operands still carry CONST_TAG. Skipped (copies only) if out of memory.
 */
static void peephole(cx *c)
{
    uint32_t pc;
#if FA_CODE_PEEPHOLE_ON
    uint8_t *tgt = fa_calloc(c->rt, (size_t)c->n + 1, 1);
    if (tgt)
        mark_targets(c, tgt);
    pc = 0;
    while (pc < c->n) {
        uint32_t *ip = c->code + pc;
        uint32_t op = ip[0], len = fa_code_insn_len(ip);
        const char *f = fa_code_op_formats[op];
        int loop = FA_C_IS_LOOP_JUMP(op);
        uint32_t base = loop ? op - (FA_C_br_loop - FA_C_br) : op;
        /* operand positions of a and b: "sss" ops (dst a b), "sso" branches (a b) */
        uint32_t ia = 0;
        if (f[0] == 's' && f[1] == 's' && f[2] == 's' && f[3] == '\0')
            ia = 2;
        else if (f[0] == 's' && f[1] == 's' && f[2] == 'o' && f[3] == '\0')
            ia = 1;
        if (ia && !(ip[ia] & CONST_TAG) && (ip[ia + 1] & CONST_TAG)) {
            uint64_t k = c->pool[ip[ia + 1] & ~CONST_TAG];
            uint32_t r = imm_form(base, &k);
            if (r) {
                ip[0] = loop ? FA_C_LOOP_TWIN(r) : r;
                ip[ia + 1] = (uint32_t)k;
            }
        } else if (ia && (ip[ia] & CONST_TAG) && !(ip[ia + 1] & CONST_TAG)) {
            uint32_t swapped = commutes(base) ? base : cmp_mirror(base);
            uint64_t k = c->pool[ip[ia] & ~CONST_TAG];
            uint32_t r = swapped ? imm_form(swapped, &k) : 0;
            if (r) {
                ip[0] = loop ? FA_C_LOOP_TWIN(r) : r;
                ip[ia] = ip[ia + 1];
                ip[ia + 1] = (uint32_t)k;
            }
        } else if (op == FA_C_copy && tgt && pc + 3 < c->n && ip[3] == FA_C_copy && !tgt[pc + 3]) {
            /* [copy d1 s1 copy d2 s2] -> [copy2 d1 s1 d2 s2 _] */
            len = PUT_FUSED(6, FA_C_copy2, ip[1], ip[2], ip[4], ip[5]);
        }
        pc += len;
    }
    if (tgt) {
        fuse_pairs(c, tgt);
        fuse_pairs(c, tgt); /* pairs whose second part the first pass fused (move8_add) */
        fuse_load_add_operands(c, tgt);
        fuse_rotl_chains(c, tgt);
#if FA_CODE_FLOAT
        fuse_mul_chains(c, tgt);
#endif
    }
    fa_free(c->rt, tgt, (size_t)c->n + 1);
#endif

    /* drop the constants nothing reads any more */
    if (!c->n_pool)
        return;
    uint32_t used[POOL_MAX];
    memset(used, 0, sizeof used);
    for (int renumber = 0; renumber < 2; renumber++) {
        for (pc = 0; pc < c->n;) {
            uint32_t *ip = c->code + pc;
            uint32_t k = 1;
            for (const char *f = fa_code_op_formats[ip[0]]; *f; f++) {
                if (*f == 's' && (ip[k] & CONST_TAG)) {
                    if (renumber)
                        ip[k] = CONST_TAG | (used[ip[k] & ~CONST_TAG] - 1);
                    else
                        used[ip[k] & ~CONST_TAG] = 1;
                }
                k += *f == 'q' ? 2 : *f == 't' ? 1 + ip[k] + 1 : 1;
            }
            pc += k;
        }
        if (!renumber) {
            uint32_t n = 0;
            for (uint32_t i = 0; i < c->n_pool; i++)
                if (used[i]) {
                    c->pool[n] = c->pool[i];
                    used[i] = ++n; /* new index + 1 */
                }
            c->n_pool = n;
        }
    }
}

#if FA_CODE_PEEPHOLE_ON
/* fa_copyloop_find's put(): a descriptor, at word c->n + its index. */
static uint32_t put_aux(void *ctx, const uint32_t *w, uint32_t n)
{
    cx *c = ctx;
    if (!grow(c, (void **)&c->aux, &c->cap_aux, c->n_aux + n, sizeof(uint32_t))) {
        c->oom = 0; /* not fatal: the loop runs as written */
        return UINT32_MAX;
    }
    memcpy(c->aux + c->n_aux, w, n * sizeof *w);
    c->n_aux += n;
    return c->n + c->n_aux - n;
}
#endif

/* Final slot numbers: pool operands -> L + i, operand stack moves up by K. */
static void relocate(cx *c)
{
    uint32_t L = c->n_local_slots, K = c->n_pool;
    uint32_t pc = 0;
    while (pc < c->n) {
        uint32_t *ip = c->code + pc;
        uint32_t k = 1;
        for (const char *f = fa_code_op_formats[ip[0]]; *f; f++) {
            if (*f == 's') {
                uint32_t w = ip[k];
                if (w & CONST_TAG)
                    ip[k] = L + (w & ~CONST_TAG);
                else if (w & ABS_TAG)
                    ip[k] = w & ~ABS_TAG;
                else if (w >= L)
                    ip[k] = w + K;
                k++;
            } else if (*f == 'q') {
                k += 2;
            } else if (*f == 't') {
                k += 1 + ip[k] + 1;
            } else {
                k++;
            }
        }
        pc += k;
    }
}

fa_result fa_compile_function(fa_module *m, fa_funcdef *def, fa_error *err)
{
    if (def->code)
        return FA_OK;
    if (!def->validated) { /* fa_config.lazy_validation: first use */
        fa_result vr = fa_validate_function(m, (uint32_t)(def - m->funcdefs), err);
        if (vr != FA_OK)
            return vr;
    }
    cx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.rt = m->rt;
    const fa_type *ft = &m->types[def->type_idx];
    fa_result res = setup_locals(&c, ft, def);
    if (res != FA_OK)
        goto fail;
    fa_reader_init(&c.r, m->bytes, def->body_off, (size_t)def->body_off + def->body_len);

    /* the function's own label */
    if (!grow(&c, (void **)&c.cs, &c.cap_c, 1, sizeof(ctl))) {
        res = FA_ERR_OOM;
        goto fail;
    }
    memset(&c.cs[0], 0, sizeof(ctl));
    c.cs[0].kind = C_FUNC;
    c.cs[0].n_results = ft->n_results;
    c.cs[0].results = fa_type_results(ft);
    c.cs[0].base = 0;
    c.nc = 1;

    uint32_t dead_depth = 0;
    int done = 0;
    while (!done && !c.oom && !c.r.err) {
        uint32_t prev_dst = c.last_dst;
        uint32_t insn_pc = c.n, insn_off = (uint32_t)fa_reader_off(&c.r);
        c.last_dst = 0;
        if (prev_dst && c.nv) {
            /* remember who produced the top value (address fusion) */
            c.vs[c.nv - 1].prod = prev_dst - 1;
            c.vs[c.nv - 1].prod_end = c.n;
        }
        unsigned prefix = 0, code = fa_read_u8(&c.r);
        if (code == 0xFC || code == 0xFD) {
            prefix = code;
            code = fa_read_u32(&c.r);
        }
        fa_op op = fa_op_lookup(prefix, code);
        if (op == FA_OP_INVALID) {
            res = fa_error_set(err, FA_ERR_UNSUPPORTED, fa_reader_off(&c.r),
                               "unsupported instruction 0x%x 0x%x", prefix, code);
            goto fail_set;
        }
        if (cur(&c)->dead) {
            /* unreachable code: skip up to this block's else/end */
            if (op == FA_OP_block || op == FA_OP_loop || op == FA_OP_if_) {
                dead_depth++;
                skip_imm(&c, FA_IMM_BLOCKTYPE);
                continue;
            }
            if (op == FA_OP_end && dead_depth > 0) {
                dead_depth--;
                continue;
            }
            if (!((op == FA_OP_else_ || op == FA_OP_end) && dead_depth == 0)) {
                skip_imm(&c, fa_opinfo_table[op].imm);
                continue;
            }
        }
        c.rewound = UINT32_MAX;
        done = translate(&c, op, prev_dst);
        if (c.unsupported) {
            res = fa_error_set(err, FA_ERR_UNSUPPORTED, insn_off, "%s not supported in this build",
                               fa_opinfo_table[op].name);
            goto fail_set;
        }
        if (c.n != insn_pc) /* a fused instruction starts where its first part did */
            pcmap_add(&c, c.rewound < insn_pc ? c.rewound : insn_pc, insn_off);
    }
    if (c.oom) {
        res = FA_ERR_OOM;
        goto fail;
    }
    if (c.r.err) {
        res = fa_error_set(err, FA_ERR_MALFORMED, c.r.err_off, "%s", c.r.err);
        goto fail_set;
    }
    peephole(&c);
    uint64_t n_slots = c.max_slots + c.n_pool;
    if (n_slots >= ABS_TAG) {
        res = FA_ERR_OOM;
        goto fail;
    }
    relocate(&c);
#if FA_CODE_PEEPHOLE_ON
    fa_copyloop_find(c.rt, c.code, c.n, c.n_local_slots, c.n_pool, c.pool, put_aux, &c);
#endif

    /* one block: header, constants, words, copy-loop descriptors, position map */
    size_t head = (sizeof(struct fa_code) + 7) & ~(size_t)7;
    size_t size = head + (size_t)c.n_pool * sizeof(fa_slot) +
                  ((size_t)c.n + c.n_aux) * sizeof(uint32_t) + c.n_pcmap;
    struct fa_code *out = fa_malloc(c.rt, size);
    if (!out) {
        res = FA_ERR_OOM;
        goto fail;
    }
    fa_slot *consts = (fa_slot *)(void *)((char *)out + head);
    uint32_t *words = (uint32_t *)(void *)(consts + c.n_pool);
    out->n_param_slots = c.n_param_slots;
    out->n_local_slots = c.n_local_slots;
    out->n_consts = c.n_pool;
    out->n_result_slots = c.n_result_slots;
    out->n_slots = (uint32_t)n_slots;
    out->n_words = c.n;
    if (c.n_pool)
        memcpy(consts, c.pool, (size_t)c.n_pool * sizeof(fa_slot));
    memcpy(words, c.code, (size_t)c.n * sizeof(uint32_t));
    out->consts = consts;
    out->words = words;
    out->n_aux = c.n_aux;
    if (c.n_aux)
        memcpy(words + c.n, c.aux, (size_t)c.n_aux * sizeof(uint32_t));
    out->n_pcmap = c.n_pcmap;
    out->pcmap = (const uint8_t *)(words + c.n + c.n_aux);
    if (c.n_pcmap)
        memcpy(words + c.n + c.n_aux, c.pcmap, c.n_pcmap);
    def->code = out;
    cx_free(&c);
    fa_code_cache_add(c.rt, def, size);
    return FA_OK;

fail:
    fa_error_set(err, res, def->code_off, "out of memory while translating a function");
fail_set:
    cx_free(&c);
    return res;
}

void fa_code_free(fa_runtime *rt, struct fa_code *code)
{
    if (code) {
        fa_code_cache_remove(rt, code);
        size_t head = (sizeof(struct fa_code) + 7) & ~(size_t)7;
        fa_free(rt, code,
                head + (size_t)code->n_consts * sizeof(fa_slot) +
                    ((size_t)code->n_words + code->n_aux) * sizeof(uint32_t) + code->n_pcmap);
    }
}

/* ------------------------------------------------------------------ disassembler */

uint32_t fa_code_insn_len(const uint32_t *ip)
{
    const char *f = fa_code_op_formats[ip[0]];
    uint32_t len = 1;
    for (; *f; f++) {
        if (*f == 'q')
            len += 2;
        else if (*f == 't')
            len += 1 + ip[len] + 1;
        else
            len += 1;
    }
    return len;
}

void fa_code_dump(FILE *out, const struct fa_code *code)
{
    fprintf(out, "  ; params %u, locals %u, consts %u, results %u, frame %u slots, %u words\n",
            (unsigned)code->n_param_slots, (unsigned)code->n_local_slots, (unsigned)code->n_consts,
            (unsigned)code->n_result_slots, (unsigned)code->n_slots, (unsigned)code->n_words);
    for (uint32_t i = 0; i < code->n_consts; i++)
        fprintf(out, "  ; s%u = 0x%llx\n", (unsigned)(code->n_local_slots + i),
                (unsigned long long)code->consts[i]);
    const uint32_t *w = code->words;
    uint32_t pc = 0;
    while (pc < code->n_words) {
        const uint32_t *ip = w + pc;
        if (ip[0] >= FA_C_COUNT) {
            fprintf(out, "  %5u: <bad opcode %u>\n", (unsigned)pc, (unsigned)ip[0]);
            return;
        }
        fprintf(out, "  %5u: %-22s", (unsigned)pc, fa_code_op_names[ip[0]]);
        uint32_t k = 1;
        for (const char *f = fa_code_op_formats[ip[0]]; *f; f++) {
            switch (*f) {
            case 's': fprintf(out, " s%u", (unsigned)ip[k++]); break;
            case 'u': fprintf(out, " %u", (unsigned)ip[k++]); break;
            case 'm':
                fprintf(out, " mem%u%s", (unsigned)(ip[k] & ~FA_CODE_MEM64),
                        (ip[k] & FA_CODE_MEM64) ? "/64" : "");
                k++;
                break;
            case 'q':
                fprintf(out, " 0x%llx",
                        (unsigned long long)ip[k] | (unsigned long long)ip[k + 1] << 32);
                k += 2;
                break;
            case 'o':
                fprintf(out, " ->%u", (unsigned)(pc + k + ip[k]));
                k++;
                break;
            case '_': k++; break;
            case 't': {
                uint32_t n = ip[k++];
                fprintf(out, " [");
                for (uint32_t i = 0; i <= n; i++, k++)
                    fprintf(out, "%s%u", i ? " " : "", (unsigned)(pc + k + ip[k]));
                fprintf(out, "]");
                break;
            }
            }
        }
        fputc('\n', out);
        pc += k;
    }
}

/* ------------------------------------------------------------------ diagnostics (fayasm.h) */

fa_result fa_module_code_stats(const fa_module *m, uint64_t *code_bytes, uint64_t *wasm_bytes,
                               uint32_t *n_funcs)
{
    if (!m)
        return FA_ERR_ARG;
    uint64_t cb = 0, wb = 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->n_funcdefs; i++) {
        const struct fa_code *code = m->funcdefs[i].code;
        if (!code)
            continue;
        /* the code that runs: instruction words and the constant pool
         * (not the header or the backtrace position map) */
        cb +=
            (uint64_t)code->n_words * sizeof(uint32_t) + (uint64_t)code->n_consts * sizeof(fa_slot);
        wb += m->funcdefs[i].body_len;
        n++;
    }
    if (code_bytes)
        *code_bytes = cb;
    if (wasm_bytes)
        *wasm_bytes = wb;
    if (n_funcs)
        *n_funcs = n;
    return FA_OK;
}

fa_result fa_module_dump_code(const fa_module *m, void *stdio_file)
{
    if (!m || !stdio_file)
        return FA_ERR_ARG;
    FILE *out = stdio_file;
    for (uint32_t i = 0; i < m->n_funcdefs; i++) {
        const struct fa_code *code = m->funcdefs[i].code;
        fprintf(out, "func %u (wasm function index %u)%s\n", (unsigned)i,
                (unsigned)(m->n_func_imports + i), code ? "" : ": not translated");
        if (code)
            fa_code_dump(out, code);
    }
    return FA_OK;
}
