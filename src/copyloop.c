/*
 * copyloop.c - counted loops that only move or fill memory, run in one go.
 *
 * Stage: the last translation pass (after compile.c's peephole() and
 * relocate()) and its run-time half, called from exec.c. Spec: none; the
 * effect must be exactly that of running the loop as written.
 *
 * C compiled for wasm without bulk memory does memmove, memcpy and memset
 * in loops of byte (or word) moves: wasi-libc's memmove shifts a buffer one
 * byte per two or three internal instructions, some 50x slower than the
 * host's memmove. The translator recognises such a loop when
 *   - it ends in a counting back-edge: `loop_add_imm_nez`,
 *     `loop_add_imm_ne(_imm)`, or `i32_add_imm d d k` followed by an
 *     unsigned or `ne` compare-and-branch back on d (nothing branching to
 *     the compare), with |k| a power of two and the limit loop-invariant;
 *   - its body (from the back-edge's target to the back-edge) is
 *     straight-line: only i32 add/sub, shl/mul by a constant, const32, and
 *     memory-0 accesses that pair up as `load t; store t` of one width (a
 *     move of 1, 2, 4 or 8 bytes, incl. the fused byte moves) or store a
 *     loop-invariant value (a fill);
 *   - symbolically (every slot an affine form over the slots' values at
 *     the start of an iteration), each slot read before it is written
 *     stays or steps by a constant, so each access moves by a constant
 *     number of bytes D != 0 per iteration.
 * Such a back-edge becomes its `loop_copy_*` twin (code.h: the same words,
 * plus the position of a descriptor stored after the code and the mode:
 * test and step). The twin first does what the back-edge did. When the
 * loop goes on, it computes the iterations n left (fa_copyloop_trips,
 * code.h), checks that every access of all n is in bounds and that no i32
 * address wraps, and then does them at once:
 *   - moves that tile a block per iteration and copy away from their
 *     destination, or do not overlap it: one memmove;
 *   - fills that tile a block: one memset, or a doubling memcpy;
 *   - anything else (a forward copy onto itself, a gather): an exact
 *     replay of the n iterations in C, in the same order, without dispatch;
 * and finally writes every slot the body writes with the value it would
 * have after the last iteration. If a check fails (an access would trap,
 * the counter would wrap past the limit, fewer than FA_COPYLOOP_MIN
 * iterations are left, fuel is metered or an interrupt is pending) the
 * twin branches back like the original and the loop runs as written, so
 * traps, fuel and interrupts are exactly as before. At most
 * FA_COPYLOOP_CHUNK iterations go in one step; then the twin branches back
 * (polling) and takes the next step at the following back-edge.
 *
 * Descriptor (uint32 words, offsets relative to its start):
 *   [0] n_ops  [1] n_fin  [2] flags (CL_MOVES, CL_FILLS: every access has
 *   the same D and all ops move / fill)  [3] D (int32, with a flag)
 *   [4] offset of the ops  [5] offset of the finals, then forms:
 *   form  = c, D (int32), nt, nt x (slot, k): value c + sum k * fp[slot] (mod 2^32)
 *   op    = kind | width << 8, src form, src offset, dst form, dst offset,
 *           value (fill: form, or raw slot for an 8-byte fill), CL_OP_WORDS
 *   final = slot, form offset (or CL_LOADED | op index: the value that op
 *           loaded last)
 */
#include <string.h>

#include "code.h"
#include "runtime.h"
#include "util/alloc.h"

#if FA_CODE_PEEPHOLE_ON

enum { CL_MOVE = 1, CL_FILL = 2, CL_FILL_RAW = 3 };
#define CL_MOVES 1u /* all ops move, by the same D, |D| = their bytes <= 64 */
#define CL_FILLS 2u /* all ops fill, likewise */
#define CL_LOADED 0x80000000u
#define CL_OP_WORDS 6
#define CL_MAX_TERMS 4
#define CL_MAX_OPS 16
#define CL_MAX_WRITES 32
/* header, 3 forms per op and one per written slot, ops, finals */
#define CL_FORM_MAX (2 * (2 + 2 * CL_MAX_TERMS))
#define CL_DESC_MAX                                                                                \
    (6 + (3 * CL_MAX_OPS + CL_MAX_WRITES) * CL_FORM_MAX + CL_MAX_OPS * CL_OP_WORDS +               \
     2 * CL_MAX_WRITES)

/* ------------------------------------------------------------------ translate time */

typedef struct {
    uint8_t kind; /* F_AFF or F_LOADED */
    uint8_t nt;
    uint32_t c;
    uint32_t s[CL_MAX_TERMS], k[CL_MAX_TERMS];
    uint32_t ld; /* F_LOADED: the op */
} form;
enum { F_AFF = 0, F_LOADED = 1 };

typedef struct {
    uint32_t kind, width, src_off, dst_off;
    form src, dst, val;
    uint32_t raw;     /* CL_FILL_RAW: the slot stored */
    uint32_t pending; /* a load waiting for its store */
} clop;

typedef struct {
    uint32_t L, K; /* locals, constants (slots L..L+K-1) */
    const fa_slot *consts;
    uint32_t n_w;
    uint32_t w_slot[CL_MAX_WRITES];
    form w_form[CL_MAX_WRITES];
    uint32_t n_in; /* slots read before the body wrote them */
    uint32_t in_slot[CL_MAX_WRITES];
    uint32_t n_ops;
    clop ops[CL_MAX_OPS];
    int fail;
} scan;

static int written(const scan *z, uint32_t s)
{
    for (uint32_t i = 0; i < z->n_w; i++)
        if (z->w_slot[i] == s)
            return (int)i;
    return -1;
}

static form rd(scan *z, uint32_t s)
{
    form f;
    memset(&f, 0, sizeof f);
    int w = written(z, s);
    if (w >= 0)
        return z->w_form[w];
    if (s >= z->L && s < z->L + z->K) {
        f.c = (uint32_t)z->consts[s - z->L];
        return f;
    }
    uint32_t i;
    for (i = 0; i < z->n_in && z->in_slot[i] != s; i++)
        ;
    if (i == z->n_in) {
        if (z->n_in == CL_MAX_WRITES) {
            z->fail = 1;
            return f;
        }
        z->in_slot[z->n_in++] = s;
    }
    f.nt = 1;
    f.s[0] = s;
    f.k[0] = 1;
    return f;
}

static void wr(scan *z, uint32_t s, form f)
{
    if (s >= z->L && s < z->L + z->K) {
        z->fail = 1; /* never happens: constants are read-only */
        return;
    }
    int w = written(z, s);
    if (w < 0) {
        if (z->n_w == CL_MAX_WRITES) {
            z->fail = 1;
            return;
        }
        w = (int)z->n_w++;
        z->w_slot[w] = s;
    }
    z->w_form[w] = f;
}

/* a * x + b * y for affine forms (mod 2^32) */
static form lin(scan *z, form x, uint32_t a, form y, uint32_t b)
{
    form r;
    memset(&r, 0, sizeof r);
    if (x.kind != F_AFF || y.kind != F_AFF) {
        z->fail = 1;
        return r;
    }
    r.c = a * x.c + b * y.c;
    const form *in[2] = {&x, &y};
    uint32_t mul[2] = {a, b};
    for (int j = 0; j < 2; j++)
        for (uint32_t i = 0; i < in[j]->nt; i++) {
            uint32_t s = in[j]->s[i], k = mul[j] * in[j]->k[i], t;
            for (t = 0; t < r.nt && r.s[t] != s; t++)
                ;
            if (t == r.nt) {
                if (r.nt == CL_MAX_TERMS) {
                    z->fail = 1;
                    return r;
                }
                r.s[r.nt] = s;
                r.k[r.nt++] = 0;
            }
            r.k[t] += k;
        }
    uint32_t n = 0; /* drop terms that cancelled */
    for (uint32_t t = 0; t < r.nt; t++)
        if (r.k[t]) {
            r.s[n] = r.s[t];
            r.k[n++] = r.k[t];
        }
    r.nt = (uint8_t)n;
    return r;
}

static form konst(uint32_t c)
{
    form f;
    memset(&f, 0, sizeof f);
    f.c = c;
    return f;
}

/* A load of `width` bytes from base + off into slot dst (UINT32_MAX: into
 * no slot, for the fused byte moves); its value may only be stored by the
 * next memory access. */
static void load(scan *z, uint32_t dst, form base, uint32_t off, uint32_t width)
{
    if (z->fail || base.kind != F_AFF || z->n_ops == CL_MAX_OPS ||
        (z->n_ops && z->ops[z->n_ops - 1].pending)) {
        z->fail = 1;
        return;
    }
    clop *o = &z->ops[z->n_ops];
    memset(o, 0, sizeof *o);
    o->kind = CL_MOVE;
    o->width = width;
    o->src = base;
    o->src_off = off;
    o->pending = 1;
    form v;
    memset(&v, 0, sizeof v);
    v.kind = F_LOADED;
    v.ld = z->n_ops++;
    if (dst != UINT32_MAX)
        wr(z, dst, v);
}

/* A store of `width` bytes of val (slot vslot) to base + off: the second half
 * of a move if val is what the access just before loaded, else a fill. */
static void store(scan *z, form base, uint32_t off, uint32_t vslot, form val, uint32_t width)
{
    if (z->fail || base.kind != F_AFF) {
        z->fail = 1;
        return;
    }
    clop *last = z->n_ops ? &z->ops[z->n_ops - 1] : NULL;
    if (val.kind == F_LOADED) {
        if (!last || val.ld + 1 != z->n_ops || !last->pending || last->width != width) {
            z->fail = 1; /* only `load t; store t` of the same width */
            return;
        }
        last->pending = 0;
        last->dst = base;
        last->dst_off = off;
        return;
    }
    if (z->n_ops == CL_MAX_OPS || (last && last->pending)) {
        z->fail = 1;
        return;
    }
    clop *o = &z->ops[z->n_ops++];
    memset(o, 0, sizeof *o);
    o->dst = base;
    o->dst_off = off;
    o->width = width;
    o->val = val; /* must be loop-invariant: checked with the steps */
    o->kind = CL_FILL;
    if (width == 8) {
        /* 8 bytes: the slot as it is, which the loop must not write */
        if (vslot == UINT32_MAX || written(z, vslot) >= 0)
            z->fail = 1;
        o->kind = CL_FILL_RAW;
        o->raw = vslot;
    }
}

/* A fused byte move (code.h): the byte is in no slot. */
static void move8(scan *z, form from, uint32_t off1, form to, uint32_t off2)
{
    load(z, UINT32_MAX, from, off1, 1);
    if (!z->fail) {
        form v;
        memset(&v, 0, sizeof v);
        v.kind = F_LOADED;
        v.ld = z->n_ops - 1;
        store(z, to, off2, UINT32_MAX, v, 1);
    }
}

static form add2(scan *z, uint32_t a, uint32_t b)
{
    return lin(z, rd(z, a), 1, rd(z, b), 1);
}

/* Runs one instruction of the body symbolically; anything else fails. */
static void step(scan *z, const uint32_t *ip)
{
    switch (ip[0]) {
    case FA_C_i32_add: wr(z, ip[1], add2(z, ip[2], ip[3])); break;
    case FA_C_i32_sub: wr(z, ip[1], lin(z, rd(z, ip[2]), 1, rd(z, ip[3]), UINT32_MAX)); break;
    case FA_C_i32_add_imm: wr(z, ip[1], lin(z, rd(z, ip[2]), 1, konst(ip[3]), 1)); break;
    case FA_C_i32_shl_imm:
        wr(z, ip[1], lin(z, rd(z, ip[2]), (uint32_t)1 << (ip[3] & 31), konst(0), 0));
        break;
    case FA_C_i32_mul_imm: wr(z, ip[1], lin(z, rd(z, ip[2]), ip[3], konst(0), 0)); break;
    case FA_C_const32: wr(z, ip[1], konst(ip[2])); break;

    case FA_C_i32_load8_u: load(z, ip[1], rd(z, ip[2]), ip[3], 1); break;
    case FA_C_i32_load16_u: load(z, ip[1], rd(z, ip[2]), ip[3], 2); break;
    case FA_C_i32_load: load(z, ip[1], rd(z, ip[2]), ip[3], 4); break;
    case FA_C_i64_load: load(z, ip[1], rd(z, ip[2]), ip[3], 8); break;
    case FA_C_i32_load8_u_add: load(z, ip[1], add2(z, ip[2], ip[3]), ip[4], 1); break;
    case FA_C_i32_load16_u_add: load(z, ip[1], add2(z, ip[2], ip[3]), ip[4], 2); break;
    case FA_C_i32_load_add: load(z, ip[1], add2(z, ip[2], ip[3]), ip[4], 4); break;
    case FA_C_i64_load_add: load(z, ip[1], add2(z, ip[2], ip[3]), ip[4], 8); break;

    case FA_C_i32_store8: store(z, rd(z, ip[1]), ip[3], ip[2], rd(z, ip[2]), 1); break;
    case FA_C_i32_store16: store(z, rd(z, ip[1]), ip[3], ip[2], rd(z, ip[2]), 2); break;
    case FA_C_i32_store: store(z, rd(z, ip[1]), ip[3], ip[2], rd(z, ip[2]), 4); break;
    case FA_C_i64_store: store(z, rd(z, ip[1]), ip[3], ip[2], rd(z, ip[2]), 8); break;
    case FA_C_i32_store8_add: store(z, add2(z, ip[1], ip[2]), ip[4], ip[3], rd(z, ip[3]), 1); break;
    case FA_C_i32_store16_add:
        store(z, add2(z, ip[1], ip[2]), ip[4], ip[3], rd(z, ip[3]), 2);
        break;
    case FA_C_i32_store_add: store(z, add2(z, ip[1], ip[2]), ip[4], ip[3], rd(z, ip[3]), 4); break;
    case FA_C_i64_store_add: store(z, add2(z, ip[1], ip[2]), ip[4], ip[3], rd(z, ip[3]), 8); break;

    /* the fused byte moves: [op a off1 addr off2], [op a b off1 addr off2],
     * [op a b off1 c d off2] (d a slot, or an immediate for _addi) */
    case FA_C_i32_load8_u_store8: move8(z, rd(z, ip[1]), ip[2], rd(z, ip[3]), ip[4]); break;
    case FA_C_i32_load8_u_add_store8:
        move8(z, add2(z, ip[1], ip[2]), ip[3], rd(z, ip[4]), ip[5]);
        break;
    case FA_C_i32_move8_add_add:
        move8(z, add2(z, ip[1], ip[2]), ip[3], add2(z, ip[4], ip[5]), ip[6]);
        break;
    case FA_C_i32_move8_add_addi:
        move8(z, add2(z, ip[1], ip[2]), ip[3], lin(z, rd(z, ip[4]), 1, konst(ip[5]), 1), ip[6]);
        break;
    default: z->fail = 1; break;
    }
}

static int form_eq(const form *a, const form *b)
{
    if (a->kind != b->kind || a->c != b->c || a->nt != b->nt)
        return 0;
    for (uint32_t i = 0; i < a->nt; i++)
        if (a->s[i] != b->s[i] || a->k[i] != b->k[i])
            return 0;
    return 1;
}

/* Whether input slot s is loop-invariant (*st = 0) or steps each iteration
 * by *st, a form over slots the loop does not write. */
static int in_step(const scan *z, uint32_t s, form *st)
{
    int w = written(z, s);
    *st = konst(0);
    if (w < 0)
        return 1;
    const form *f = &z->w_form[w];
    if (f->kind != F_AFF)
        return 0;
    int self = 0;
    for (uint32_t i = 0; i < f->nt; i++) {
        if (f->s[i] == s) {
            if (f->k[i] != 1)
                return 0;
            self = 1;
        } else {
            if (written(z, f->s[i]) >= 0)
                return 0;
            st->s[st->nt] = f->s[i];
            st->k[st->nt++] = f->k[i];
        }
    }
    st->c = f->c;
    return self;
}

static int is_input(const scan *z, uint32_t s)
{
    for (uint32_t i = 0; i < z->n_in; i++)
        if (z->in_slot[i] == s)
            return 1;
    return 0;
}

/* Per-iteration change of an affine form (mod 2^32), a form over slots
 * the loop does not write. */
static form form_delta(scan *z, const form *f)
{
    form d = konst(0), st;
    for (uint32_t i = 0; i < f->nt; i++)
        if (in_step(z, f->s[i], &st))
            d = lin(z, d, 1, st, f->k[i]);
    return d;
}

static int is_zero(const form *f)
{
    return f->kind == F_AFF && f->nt == 0 && f->c == 0;
}

typedef struct {
    uint32_t w[CL_DESC_MAX];
    uint32_t n;
} desc;

/* a form, then its per-iteration change: c, nt, nt x (slot, k), twice */
static uint32_t put_form(desc *d, scan *z, const form *f)
{
    uint32_t at = d->n;
    FA_ASSERT(at + CL_FORM_MAX <= CL_DESC_MAX);
    form dl = form_delta(z, f);
    const form *both[2] = {f, &dl};
    for (int j = 0; j < 2; j++) {
        d->w[d->n++] = both[j]->c;
        d->w[d->n++] = both[j]->nt;
        for (uint32_t i = 0; i < both[j]->nt; i++) {
            d->w[d->n++] = both[j]->s[i];
            d->w[d->n++] = both[j]->k[i];
        }
    }
    return at;
}

/*
 * Checks the loop whose back-edge is at ip (counter slot ctr, stepped by the
 * constant k or, if kslot is a slot, by that slot; body from `body` up to
 * ip) and writes its descriptor; 0 if it is not a copy loop.
 */
static int analyse(scan *z, desc *d, const uint32_t *body, const uint32_t *ip, uint32_t ctr,
                   uint32_t k, uint32_t kslot, uint32_t cslot, uint32_t L, uint32_t K,
                   const fa_slot *consts)
{
    memset(z, 0, sizeof *z);
    z->L = L;
    z->K = K;
    z->consts = consts;
    for (const uint32_t *p = body; p < ip && !z->fail; p += fa_code_insn_len(p))
        step(z, p);
    form kf = kslot != UINT32_MAX ? rd(z, kslot) : konst(k);
    wr(z, ctr, lin(z, rd(z, ctr), 1, kf, 1)); /* the back-edge's add */
    if (z->fail || z->n_ops == 0 || z->ops[z->n_ops - 1].pending)
        return 0;
    /* inputs either stay or step by an invariant; the counter only by the back-edge */
    form st;
    for (uint32_t i = 0; i < z->n_in; i++)
        if (!in_step(z, z->in_slot[i], &st))
            return 0;
    if (!is_input(z, ctr) || !in_step(z, ctr, &st) || !form_eq(&st, &kf) ||
        (kslot != UINT32_MAX && (kslot == ctr || written(z, kslot) >= 0)))
        return 0;
    if (cslot != UINT32_MAX && (cslot == ctr || written(z, cslot) >= 0))
        return 0; /* the limit stays */
    for (uint32_t j = 0; j < z->n_ops; j++)
        if (z->ops[j].kind == CL_FILL_RAW && written(z, z->ops[j].raw) >= 0)
            return 0; /* an 8-byte fill's slot stays (also after the store) */
    /* every access moves (a constant D must not be 0); fills store a
     * loop-invariant value; CL_MOVES/CL_FILLS need one constant D */
    uint32_t bytes = 0, same_d = 1, n_moves = 0, D0 = 0;
    for (uint32_t j = 0; j < z->n_ops; j++) {
        const clop *o = &z->ops[j];
        form dd = form_delta(z, &o->dst), sd = dd;
        if (o->kind == CL_MOVE)
            sd = form_delta(z, &o->src);
        if (z->fail || is_zero(&dd) || is_zero(&sd))
            return 0;
        if (o->kind == CL_MOVE) {
            n_moves++;
        } else if (o->kind == CL_FILL) {
            form vd = form_delta(z, &o->val);
            if (o->val.kind != F_AFF || !is_zero(&vd))
                return 0;
        }
        if (j == 0)
            D0 = dd.c;
        same_d &= dd.nt == 0 && sd.nt == 0 && dd.c == D0 && sd.c == D0;
        bytes += o->width;
    }
    int32_t D = (int32_t)D0;
    uint32_t flags = 0;
    if (same_d && D != INT32_MIN && (uint32_t)(D < 0 ? -D : D) == bytes && bytes <= 64)
        flags = n_moves == z->n_ops ? CL_MOVES : n_moves == 0 ? CL_FILLS : 0;

    d->n = 6;
    d->w[0] = z->n_ops;
    d->w[1] = z->n_w;
    d->w[2] = flags;
    d->w[3] = D0;
    uint32_t fo[CL_MAX_OPS][3];
    for (uint32_t j = 0; j < z->n_ops; j++) {
        const clop *o = &z->ops[j];
        fo[j][0] = o->kind == CL_MOVE ? put_form(d, z, &o->src) : 0;
        fo[j][1] = put_form(d, z, &o->dst);
        fo[j][2] = o->kind == CL_FILL ? put_form(d, z, &o->val) : o->raw;
    }
    uint32_t fin[CL_MAX_WRITES];
    for (uint32_t i = 0; i < z->n_w; i++)
        fin[i] = z->w_form[i].kind == F_LOADED ? CL_LOADED | z->w_form[i].ld
                                               : put_form(d, z, &z->w_form[i]);
    d->w[4] = d->n;
    for (uint32_t j = 0; j < z->n_ops; j++) {
        const clop *o = &z->ops[j];
        uint32_t *w = d->w + d->n;
        w[0] = o->kind | o->width << 8;
        w[1] = fo[j][0];
        w[2] = o->src_off;
        w[3] = fo[j][1];
        w[4] = o->dst_off;
        w[5] = fo[j][2];
        d->n += CL_OP_WORDS;
    }
    d->w[5] = d->n;
    for (uint32_t i = 0; i < z->n_w; i++) {
        d->w[d->n++] = z->w_slot[i];
        d->w[d->n++] = fin[i];
    }
    return !z->fail;
}

/* The step bits of a mode word (code.h), or UINT32_MAX if |k| is not a power of two. */
static uint32_t step_mode(uint32_t k)
{
    uint32_t neg = (int32_t)k < 0, m = neg ? 0u - k : k;
    if (m == 0 || (m & (m - 1)) || m > 0x40000000u)
        return UINT32_MAX;
    uint32_t s = 0;
    while ((1u << s) != m)
        s++;
    return s << 8 | (neg ? FA_CL_NEG : 0);
}

/* The FA_CL_* test of a `_loop` compare-and-branch d OP c (or c OP d when
 * d is its second operand: mirrored), or UINT32_MAX. */
static uint32_t cmp_mode(uint32_t op, int d_second)
{
    static const struct {
        uint16_t op, imm;
        uint8_t mode, mirror;
    } map[] = {
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_ne), 0, FA_CL_NE, FA_CL_NE},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_gt_u), 0, FA_CL_GT_U, FA_CL_LT_U},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_ge_u), 0, FA_CL_GE_U, FA_CL_LE_U},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_lt_u), 0, FA_CL_LT_U, FA_CL_GT_U},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_le_u), 0, FA_CL_LE_U, FA_CL_GE_U},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_ne_imm), 1, FA_CL_NE, 0},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_gt_u_imm), 1, FA_CL_GT_U, 0},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_ge_u_imm), 1, FA_CL_GE_U, 0},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_lt_u_imm), 1, FA_CL_LT_U, 0},
        {FA_C_LOOP_TWIN(FA_C_br_if_i32_le_u_imm), 1, FA_CL_LE_U, 0},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].op == op) {
            if (map[i].imm)
                return d_second ? UINT32_MAX : map[i].mode;
            return (d_second ? map[i].mirror : map[i].mode) | FA_CL_CSLOT;
        }
    return UINT32_MAX;
}

/* Whether some branch goes to word `at` (computed at the first question). */
static int is_target(fa_runtime *rt, const uint32_t *code, uint32_t n, uint8_t **tgt, uint32_t at)
{
    if (!*tgt) {
        if (!(*tgt = fa_calloc(rt, (size_t)n + 1, 1)))
            return 1; /* out of memory: assume so */
        for (uint32_t pc = 0; pc < n;) {
            const uint32_t *ip = code + pc;
            uint32_t k = 1;
            for (const char *f = fa_code_op_formats[ip[0]]; *f; f++) {
                if (*f == 'o') {
                    uint32_t t = pc + k + ip[k];
                    if (t <= n)
                        (*tgt)[t] = 1;
                    k++;
                } else if (*f == 't') {
                    uint32_t cnt = ip[k++];
                    for (uint32_t i = 0; i <= cnt; i++, k++) {
                        uint32_t t = pc + k + ip[k];
                        if (t <= n)
                            (*tgt)[t] = 1;
                    }
                } else {
                    k += *f == 'q' ? 2 : 1;
                }
            }
            pc += k;
        }
    }
    return (*tgt)[at];
}

void fa_copyloop_find(fa_runtime *rt, uint32_t *code, uint32_t n, uint32_t L, uint32_t K,
                      const fa_slot *consts,
                      uint32_t (*put)(void *ctx, const uint32_t *w, uint32_t n), void *ctx)
{
    /* some KiB: on the heap, for small C stacks; allocated at the first candidate */
    struct work {
        scan z;
        desc d;
    } *wk = NULL;
    uint8_t *tgt = NULL;
    for (uint32_t pc = 0; pc < n; pc += fa_code_insn_len(code + pc)) {
        uint32_t *ip = code + pc, toff = 5, twin = FA_C_loop_copy_cmp, mode, c = 0;
        uint32_t body, cslot = UINT32_MAX, kslot = UINT32_MAX;
        if (ip[0] == FA_C_loop_add_le_u || ip[0] == FA_C_loop_add_lt_u) {
            /* [loop_add_le_u/lt_u d a b c ->L]: a step in a slot; the twin
             * has the counter as a (the add commutes) */
            twin = FA_C_loop_copy_add, kslot = ip[1] == ip[2] ? ip[3] : ip[2], cslot = ip[4];
            if (ip[1] != ip[2] && ip[1] != ip[3])
                continue;
            mode = (ip[0] == FA_C_loop_add_le_u ? FA_CL_LE_U : FA_CL_LT_U) | FA_CL_CSLOT;
            body = pc + 5 + ip[5];
            goto found;
        }
        if (ip[0] == FA_C_loop_add_imm_nez) {
            toff = 4, twin = FA_C_loop_copy_nez, mode = FA_CL_NE;
        } else if (ip[0] == FA_C_loop_add_imm_ne_imm) {
            twin = FA_C_loop_copy_ne_imm, mode = FA_CL_NE;
        } else if (ip[0] == FA_C_loop_add_imm_ne) {
            mode = FA_CL_NE | FA_CL_CSLOT, cslot = ip[4];
        } else if (ip[0] == FA_C_i32_add_imm && pc + 8 <= n && fa_code_insn_len(ip + 4) == 4) {
            /* [add_imm d a k][br_if_OP(_imm)_loop d c ->L] (or c d), 8 words
             * as loop_add_imm_ne_imm; nothing may branch to the second */
            uint32_t dd = ip[1], x = ip[5], y = ip[6];
            mode = cmp_mode(ip[4], 0);
            if (mode == UINT32_MAX)
                continue;
            if (!(mode & FA_CL_CSLOT)) {
                if (x != dd)
                    continue;
                c = y;
            } else if ((x == dd) == (y == dd)) {
                continue; /* d on neither side, or on both */
            } else {
                mode = cmp_mode(ip[4], y == dd);
                cslot = x == dd ? y : x;
            }
            if (is_target(rt, code, n, &tgt, pc + 4))
                continue;
            body = pc + 7 + ip[7];
            goto found;
        } else {
            continue;
        }
        c = ip[4];
        body = pc + toff + ip[toff]; /* unsigned wrap = signed offset */
    found:;
        uint32_t sm = kslot != UINT32_MAX ? 0 : step_mode(ip[3]);
        if (body >= pc || (kslot == UINT32_MAX && ip[1] != ip[2]) || sm == UINT32_MAX)
            continue;
        /* body..pc must be whole instructions */
        uint32_t q = body;
        while (q < pc)
            q += fa_code_insn_len(code + q);
        if (q != pc)
            continue;
        if (!wk && !(wk = fa_malloc(rt, sizeof *wk)))
            break; /* out of memory: the loops run as written */
        if (!analyse(&wk->z, &wk->d, code + body, ip, ip[1], kslot == UINT32_MAX ? ip[3] : 0, kslot,
                     cslot, L, K, consts))
            continue;
        uint32_t at = put(ctx, wk->d.w, wk->d.n);
        if (at == UINT32_MAX)
            break;
        if (twin == FA_C_loop_copy_add) {
            ip[0] = twin, ip[2] = ip[1], ip[3] = kslot; /* d d k c ->L */
        } else if (twin == FA_C_loop_copy_cmp && ip[0] == FA_C_i32_add_imm) {
            uint32_t d = ip[1], a = ip[2], k = ip[3], to = body - (pc + 5);
            ip[0] = twin, ip[1] = d, ip[2] = a, ip[3] = k, ip[4] = (mode & FA_CL_CSLOT) ? cslot : c;
            ip[5] = to;
        } else {
            ip[0] = twin;
        }
        ip[toff + 1] = at - (pc + toff + 1); /* relative to its own word, as branches */
        ip[toff + 2] = mode | sm;
    }
    fa_free(rt, tgt, tgt ? (size_t)n + 1 : 0);
    fa_free(rt, wk, sizeof *wk);
}

/* ------------------------------------------------------------------ run time */

static uint32_t eval(const uint32_t *f, const fa_slot *fp)
{
    uint32_t v = f[0];
    for (uint32_t i = 0; i < f[1]; i++)
        v += f[3 + 2 * i] * (uint32_t)fp[f[2 + 2 * i]];
    return v;
}

/* the per-iteration change of form f (put_form) */
static uint32_t eval_delta(const uint32_t *f, const fa_slot *fp)
{
    return eval(f + 2 + 2 * f[1], fp);
}

/* The first effective address of an access (base form f, offset off, width
 * w) over n iterations, and its change per iteration; 0 if some iteration's
 * address would wrap or be out of bounds. */
static int span(const uint32_t *f, const fa_slot *fp, uint32_t off, uint32_t w, uint64_t n,
                uint64_t msize, uint64_t *ea, int64_t *D)
{
    int64_t a = eval(f, fp);
    *D = (int32_t)eval_delta(f, fp);
    int64_t last = a + (int64_t)(n - 1) * *D;
    if (last < 0 || last > (int64_t)UINT32_MAX)
        return 0;
    uint64_t hi = (uint64_t)(a > last ? a : last) + off + w;
    *ea = (uint64_t)a + off;
    return hi <= msize;
}

static uint64_t load_le(const uint8_t *p, uint32_t w)
{
    uint64_t v = 0;
    for (uint32_t i = w; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

static void store_le(uint8_t *p, uint64_t v, uint32_t w)
{
    for (uint32_t i = 0; i < w; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

uint32_t fa_copyloop_run(const uint32_t *d, fa_slot *fp, uint8_t *mem, uint64_t msize,
                         uint32_t n_left)
{
    uint32_t n_ops = d[0], n_fin = d[1];
    const uint32_t *ops = d + d[4], *fin = d + d[5];
    uint64_t n = n_left < FA_COPYLOOP_CHUNK ? n_left : FA_COPYLOOP_CHUNK;
    uint64_t src[CL_MAX_OPS] = {0}, dst[CL_MAX_OPS] = {0};
    int64_t sD[CL_MAX_OPS], dD[CL_MAX_OPS];
    uint64_t val[CL_MAX_OPS]; /* fills: the value; moves: the value loaded last */
    for (uint32_t j = 0; j < n_ops; j++) {
        const uint32_t *o = ops + j * CL_OP_WORDS, kind = o[0] & 0xff, w = o[0] >> 8;
        if (!span(d + o[3], fp, o[4], w, n, msize, &dst[j], &dD[j]))
            return 0;
        if (kind == CL_MOVE) {
            if (!span(d + o[1], fp, o[2], w, n, msize, &src[j], &sD[j]))
                return 0;
        } else {
            val[j] = kind == CL_FILL ? eval(d + o[5], fp) : fp[o[5]];
        }
    }

    int done = 0;
    if (d[2] & (CL_MOVES | CL_FILLS)) {
        /* accesses that tile one block per iteration (the sources of moves,
         * the destinations of fills), moves all by the same delta? */
        const uint64_t *tile = (d[2] & CL_MOVES) ? src : dst;
        int64_t D = (int32_t)d[3], bytes = D < 0 ? -D : D;
        int64_t delta = (int64_t)(dst[0] - src[0]);
        uint64_t lo = tile[0], seen = 0;
        for (uint32_t j = 1; j < n_ops; j++)
            lo = tile[j] < lo ? tile[j] : lo;
        int ok = 1;
        for (uint32_t j = 0; j < n_ops && ok; j++) {
            uint32_t w = ops[j * CL_OP_WORDS] >> 8;
            uint64_t at = tile[j] - lo;
            ok = at + w <= (uint64_t)bytes &&
                 (!(d[2] & CL_MOVES) || (int64_t)(dst[j] - src[j]) == delta);
            uint64_t bits = ok ? ((1ull << w) - 1) << at : 0;
            ok = ok && !(seen & bits);
            seen |= bits;
        }
        ok = ok && seen == (bytes == 64 ? ~0ull : (1ull << bytes) - 1);
        uint64_t total = n * (uint64_t)bytes;
        uint64_t from = D > 0 ? lo : lo - (n - 1) * (uint64_t)bytes;
        if (ok && (d[2] & CL_FILLS)) {
            /* the same block every iteration: once, then doubled */
            uint8_t blk[64];
            for (uint32_t j = 0; j < n_ops; j++)
                store_le(blk + (dst[j] - lo), val[j], ops[j * CL_OP_WORDS] >> 8);
            uint8_t *p = mem + from;
            int same = 1;
            for (int64_t i = 1; i < bytes; i++)
                same &= blk[i] == blk[0];
            if (same) {
                memset(p, blk[0], (size_t)total);
            } else {
                memcpy(p, blk, (size_t)bytes);
                for (uint64_t have = (uint64_t)bytes; have < total; have *= 2)
                    memcpy(p + have, p, (size_t)(total - have < have ? total - have : have));
            }
            done = 1;
        } else if (ok && (delta == 0 || (uint64_t)(delta < 0 ? -delta : delta) >= total)) {
            done = 1; /* no overlap (or none moved) */
        } else if (ok && ((D < 0) == (delta > 0))) {
            /* copying away from the destination: a byte is read before it
             * is overwritten, across iterations; within one, check pairs */
            for (uint32_t i = 0; i < n_ops && ok; i++)
                for (uint32_t j = i + 1; j < n_ops && ok; j++) {
                    uint64_t wi = ops[i * CL_OP_WORDS] >> 8, wj = ops[j * CL_OP_WORDS] >> 8;
                    uint64_t wlo = dst[i], whi = dst[i] + wi; /* op i's write */
                    ok = src[j] + wj <= wlo || src[j] >= whi; /* op j's read */
                }
            done = ok;
        }
        if (done && (d[2] & CL_MOVES)) {
            if (delta != 0)
                memmove(mem + from + (uint64_t)delta, mem + from, (size_t)total);
            /* what each move loaded last: its last destination now */
            for (uint32_t j = 0; j < n_ops; j++)
                val[j] = load_le(mem + dst[j] + (n - 1) * (uint64_t)D, ops[j * CL_OP_WORDS] >> 8);
        }
    }
    /* (indices, not pointers, step: no pointer is formed past the memory) */
    if (!done && n_ops == 1 && (ops[0] & 0xff) != CL_MOVE) {
        /* one strided fill (a sieve's crossing out) */
        uint32_t w = ops[0] >> 8;
        uint64_t to = dst[0], step = (uint64_t)dD[0];
        if (w == 1) {
            for (uint64_t k = 0; k < n; k++, to += step)
                mem[to] = (uint8_t)val[0];
        } else {
            for (uint64_t k = 0; k < n; k++, to += step)
                store_le(mem + to, val[0], w);
        }
        done = 1;
    }
    if (!done && n_ops == 1) {
        /* one strided move */
        uint32_t w = ops[0] >> 8;
        uint64_t to = dst[0], from = src[0];
        for (uint64_t k = 0; k < n; k++, to += (uint64_t)dD[0], from += (uint64_t)sD[0]) {
            val[0] = w == 1 ? mem[from] : load_le(mem + from, w);
            store_le(mem + to, val[0], w);
        }
        done = 1;
    }
    if (!done) {
        /* the iterations in order, each access as the loop does it */
        for (uint64_t k = 0; k < n; k++)
            for (uint32_t j = 0; j < n_ops; j++) {
                uint32_t kind = ops[j * CL_OP_WORDS] & 0xff, w = ops[j * CL_OP_WORDS] >> 8;
                uint8_t *to = mem + (dst[j] + k * (uint64_t)dD[j]);
                if (kind == CL_MOVE) {
                    const uint8_t *from = mem + (src[j] + k * (uint64_t)sD[j]);
                    if (w == 1) {
                        *to = *from;
                        val[j] = *from;
                    } else {
                        val[j] = load_le(from, w);
                        store_le(to, val[j], w);
                    }
                } else {
                    store_le(to, val[j], w);
                }
            }
    }

    /* every slot the body writes, as after the last iteration */
    fa_slot out[CL_MAX_WRITES];
    for (uint32_t i = 0; i < n_fin; i++) {
        uint32_t f = fin[2 * i + 1];
        if (f & CL_LOADED)
            out[i] = val[f & ~CL_LOADED];
        else
            out[i] = (uint32_t)(eval(d + f, fp) + (uint32_t)(n - 1) * eval_delta(d + f, fp));
    }
    for (uint32_t i = 0; i < n_fin; i++)
        fp[fin[2 * i]] = out[i];
    return (uint32_t)n;
}

#endif /* FA_CODE_PEEPHOLE_ON */
