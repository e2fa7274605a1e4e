/*
 * validate.c - VALIDATE stage: checks a decoded module (spec 3, appendix
 * "Validation Algorithm").
 *
 * Main data structures: the operand stack `vals` (value types; VT_UNKNOWN is
 * the bottom type that a polymorphic, unreachable stack yields) and the
 * control stack `ctrls` (one frame per open block, with its label types, the
 * operand height at entry and the `unreachable` flag). Both live in a
 * vstate reused for every function of the module, so validating an
 * instruction allocates nothing (arrays only grow, amortised).
 *
 * Invariants: vals[ctrls[top].height ..] are the values pushed inside the
 * innermost frame; popping below that height is a type error unless the
 * frame is unreachable, in which case VT_UNKNOWN comes out. Every message
 * uses the reference interpreter's wording (the spec tests match by prefix)
 * and err->offset is the offset of the failing instruction.
 *
 * Encoding errors met while reading bodies and constant expressions are
 * FA_ERR_MALFORMED; typing errors are
 * FA_ERR_INVALID; use of a proposal switched off in fa_config.features is
 * FA_ERR_UNSUPPORTED, except where the spec itself defines the error
 * ("multiple memories", non-constant instructions in constant expressions).
 *
 * Instructions with a fixed signature are typed generically from the opcode
 * table ("sig" + immediate kind, see generic_op); only control, variable,
 * reference, table and bulk-memory instructions have hand-written rules.
 * SIMD rows (prefix 0xFD) need no code here: v128 is an ordinary value type,
 * and lane immediates are bounded by the shape in the row's name (i8x16 ->
 * 16 lanes) or, for load/store_lane, by 16 / memsize.
 *
 * fa_decode does not scan function bodies (see decode.c): whatever its scan
 * would reject must fail here too, and when validation fails, fa_validate
 * runs that scan (fa_decode_bodies) so an encoding error, which the
 * reference interpreter finds first, is the one reported.
 *
 * After success, compile.c may assume every body is well-typed and every
 * index in it is in range.
 */
#if defined(FAYASM_THREADS) && FAYASM_THREADS && defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#endif
#if defined(FAYASM_THREADS) && FAYASM_THREADS && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* pthread_sigmask */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "opcodes.h"
#include "read.h"
#include "runtime.h"
#include "util/alloc.h"
#include "util/error.h"

#if FAYASM_THREADS
#include <pthread.h>
#if defined(__linux__)
#include <sched.h>
#endif
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>
#endif

/* The bottom type of the algorithm: matches every type. */
#define VT_UNKNOWN ((fa_vt)0)

/* Largest page count of an i32 (2^16) and an i64 (2^48) memory. */
#define MAX_PAGES32 ((uint64_t)1 << 16)
#define MAX_PAGES64 ((uint64_t)1 << 48)

enum { CTRL_FUNC, CTRL_BLOCK, CTRL_LOOP, CTRL_IF, CTRL_ELSE };

typedef struct vctrl {
    const fa_vt *params; /* block inputs (label types of a loop) */
    const fa_vt *results;
    uint32_t n_params, n_results;
    uint32_t height; /* operand stack height at entry */
    uint8_t kind;
    uint8_t unreachable;
} vctrl;

/*
 * The fast path (validate_body): the common single-byte instructions, typed
 * from this per-opcode rule without a call. It only handles the case where
 * everything is valid and concrete (immediates short enough that their
 * encoding cannot be wrong, operand types present and equal to the rule's,
 * room on the stack); anything else (an error, an unreachable frame's
 * unknown types, a long LEB128) rewinds to the instruction's first byte and
 * takes the general path, which gives the exact error. So the fast path
 * changes speed, never a result.
 */
enum {
    FAST_UNSET,     /* rule not computed yet (fast_rule, on first use) */
    FAST_NO,        /* always the general path */
    FAST_SIG,       /* any fixed signature (<= 3 operands, <= 1 result) */
    FAST_UNARY,     /* no immediate, one operand, a result */
    FAST_BINARY,    /* no immediate, two operands, a result */
    FAST_LOAD,      /* memarg, address, a result */
    FAST_STORE,     /* memarg, address and value */
    FAST_CONST_LEB, /* i32.const, i64.const */
    FAST_LOCAL_GET,
    FAST_LOCAL_SET,
    FAST_LOCAL_TEE,
    FAST_GLOBAL_GET,
    FAST_DROP,
    FAST_BLOCK, /* block, loop, if (imm: the CTRL_ kind) */
    FAST_END,
    FAST_BR,
    FAST_BR_IF,
    FAST_CALL
};

typedef struct vfast {
    uint8_t kind;  /* FAST_* */
    uint8_t imm;   /* FA_IMM_NONE, _I32, _I64, _F32, _F64 or _MEMARG; FAST_BLOCK: CTRL_* */
    uint8_t align; /* FA_IMM_MEMARG: largest alignment exponent (log2 of the access size) */
    uint8_t n_pop;
    fa_vt pop[3]; /* operands, the deepest first */
    fa_vt push;   /* result type, or 0 for none */
} vfast;

typedef struct vstate {
    fa_module *m;
    fa_error *err;
    uint32_t features;
    fa_reader r;
    uint64_t op_off; /* offset of the instruction being validated, or FA_NO_OFFSET */

    fa_vt *vals;
    uint32_t n_vals, cap_vals;
    vctrl *ctrls;
    uint32_t n_ctrls, cap_ctrls;
    fa_vt *scratch; /* br_table: values popped for one label, pushed back */
    uint32_t cap_scratch;

    /* Locals of the current function: params, then run_end[k] is one past
     * the last local of run k (binary search; locals may number 2^32). */
    const fa_type *ft;
    const fa_funcdef *fd;
    uint64_t *run_end;
    uint32_t cap_runs;
    uint64_t n_locals_total;

    /* Types of params + locals as one array when there are few enough
     * (n_flat = 0 otherwise): the fast path's local.get/set/tee. */
    fa_vt *flat;
    uint32_t n_flat, cap_flat;

    uint16_t op1[256]; /* single-byte opcode -> fa_op (FA_OP_INVALID if none) */
    vfast fast[256];   /* single-byte opcode -> fast-path rule (FAST_NO if none) */
#if defined(__GNUC__) || defined(__clang__)
    /* Threaded fast path (validate_body): opcode -> the code of its rule,
     * the general path's until the rule is computed. */
    const void *jump[256];
    uint8_t jump_ready;
#endif
} vstate;

/* Storage for single-type block results: blocktype pointers stay valid. */
static const fa_vt k_single[] = {FA_I32, FA_I64, FA_F32, FA_F64, FA_V128, FA_FUNCREF, FA_EXTERNREF};

static const fa_vt *single_vt(fa_vt t)
{
    for (size_t i = 0; i < sizeof k_single; i++)
        if (k_single[i] == t)
            return &k_single[i];
    return NULL;
}

/* FAYASM_SIMD=0 (fayasm_config.h) compiles SIMD out; otherwise
 * fa_config.features leaves it off. Either way FA_ERR_UNSUPPORTED. */
#if defined(FAYASM_SIMD) && !FAYASM_SIMD
#define MSG_NO_SIMD "SIMD not supported in this build"
#else
#define MSG_NO_SIMD "SIMD not enabled"
#endif

/* Other groups fayasm_config.h can compile out; decode.c rejects most of
 * their encodings already ("... not supported in this build"). */
#if defined(FAYASM_MULTI_MEMORY) && !FAYASM_MULTI_MEMORY
#define FA_NO_MULTI_MEMORY 1
#else
#define FA_NO_MULTI_MEMORY 0
#endif
#if defined(FAYASM_FLOAT) && !FAYASM_FLOAT
#define FA_NO_FLOAT 1
#define MSG_NO_FLOAT "floating point not supported in this build"
#else
#define FA_NO_FLOAT 0
#define MSG_NO_FLOAT ""
#endif
#if defined(FAYASM_EXTENDED_CONST) && !FAYASM_EXTENDED_CONST
#define FA_NO_EXTENDED_CONST 1
#else
#define FA_NO_EXTENDED_CONST 0
#endif

static int has_feature(const vstate *vs, uint32_t f)
{
    return (vs->features & f) != 0;
}

/* ------------------------------------------------------------ errors */

#if defined(__GNUC__)
#define FA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FA_PRINTF(a, b)
#endif

static fa_result fail_at(vstate *vs, fa_result code, uint64_t off, const char *fmt, ...)
    FA_PRINTF(4, 5);

static fa_result fail_at(vstate *vs, fa_result code, uint64_t off, const char *fmt, ...)
{
    if (vs->err) {
        va_list ap;
        char msg[sizeof vs->err->message];
        va_start(ap, fmt);
        fa_vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        fa_error_set(vs->err, code, off, "%s", msg);
    }
    return code;
}

#define INVALID(...) fail_at(vs, FA_ERR_INVALID, vs->op_off, __VA_ARGS__)
#define MALFORMED(...) fail_at(vs, FA_ERR_MALFORMED, vs->op_off, __VA_ARGS__)
#define UNSUPPORTED(...) fail_at(vs, FA_ERR_UNSUPPORTED, vs->op_off, __VA_ARGS__)

/* Reports the reader's sticky error, if any, as a malformed module. */
static fa_result reader_check(vstate *vs)
{
    if (vs->r.err)
        return fail_at(vs, FA_ERR_MALFORMED, vs->r.err_off, "%s", vs->r.err);
    return FA_OK;
}

/* ------------------------------------------------------------ growing arrays */

static fa_result grow(vstate *vs, void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return FA_OK;
    uint64_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    if (ncap > UINT32_MAX || ncap > SIZE_MAX / elem)
        return fail_at(vs, FA_ERR_OOM, vs->op_off, "out of memory");
    void *p = fa_realloc(vs->m->rt, *arr, (size_t)*cap * elem, (size_t)ncap * elem);
    if (!p)
        return fail_at(vs, FA_ERR_OOM, vs->op_off, "out of memory");
    *arr = p;
    *cap = (uint32_t)ncap;
    return FA_OK;
}

/* Makes room for n more operand-stack entries. */
static inline fa_result reserve_vals(vstate *vs, uint32_t n)
{
    if ((uint64_t)vs->n_vals + n <= vs->cap_vals)
        return FA_OK;
    if ((uint64_t)vs->n_vals + n > UINT32_MAX)
        return fail_at(vs, FA_ERR_OOM, vs->op_off, "out of memory");
    return grow(vs, (void **)&vs->vals, &vs->cap_vals, vs->n_vals + n, sizeof *vs->vals);
}

/* ------------------------------------------------------------ operand stack */

static inline vctrl *top_ctrl(vstate *vs)
{
    return &vs->ctrls[vs->n_ctrls - 1];
}

/* Callers reserve room first (reserve_vals). */
static inline void push(vstate *vs, fa_vt t)
{
    vs->vals[vs->n_vals++] = t;
}

static fa_result push_n(vstate *vs, const fa_vt *ts, uint32_t n)
{
    FA_TRY(reserve_vals(vs, n));
    for (uint32_t i = 0; i < n; i++)
        vs->vals[vs->n_vals++] = ts[i];
    return FA_OK;
}

static inline fa_result pop_any(vstate *vs, fa_vt *out)
{
    vctrl *c = top_ctrl(vs);
    if (vs->n_vals == c->height) {
        *out = VT_UNKNOWN;
        if (c->unreachable)
            return FA_OK;
        return INVALID("type mismatch");
    }
    *out = vs->vals[--vs->n_vals];
    return FA_OK;
}

static inline fa_result pop_expect(vstate *vs, fa_vt want)
{
    fa_vt got = VT_UNKNOWN;
    FA_TRY(pop_any(vs, &got));
    if (got != want && got != VT_UNKNOWN && want != VT_UNKNOWN)
        return INVALID("type mismatch");
    return FA_OK;
}

/* Pops ts[n-1], ..., ts[0]. */
static fa_result pop_n(vstate *vs, const fa_vt *ts, uint32_t n)
{
    for (uint32_t i = n; i-- > 0;)
        FA_TRY(pop_expect(vs, ts[i]));
    return FA_OK;
}

static void set_unreachable(vstate *vs)
{
    vctrl *c = top_ctrl(vs);
    vs->n_vals = c->height;
    c->unreachable = 1;
}

/* ------------------------------------------------------------ control stack */

static fa_result push_ctrl(vstate *vs, uint8_t kind, const fa_vt *params, uint32_t n_params,
                           const fa_vt *results, uint32_t n_results)
{
    FA_TRY(grow(vs, (void **)&vs->ctrls, &vs->cap_ctrls, vs->n_ctrls + 1, sizeof *vs->ctrls));
    vctrl *c = &vs->ctrls[vs->n_ctrls++];
    c->kind = kind;
    c->params = params;
    c->n_params = n_params;
    c->results = results;
    c->n_results = n_results;
    c->height = vs->n_vals;
    c->unreachable = 0;
    return push_n(vs, params, n_params);
}

/* Checks the frame's results are exactly what is left, and pops the frame
 * (its results are not pushed: the caller decides). */
static fa_result pop_ctrl(vstate *vs, vctrl *out)
{
    vctrl *c = top_ctrl(vs);
    FA_TRY(pop_n(vs, c->results, c->n_results));
    if (vs->n_vals != c->height)
        return INVALID("type mismatch");
    *out = *c;
    vs->n_ctrls--;
    return FA_OK;
}

static inline uint32_t label_arity(const vctrl *c)
{
    return c->kind == CTRL_LOOP ? c->n_params : c->n_results;
}

static inline const fa_vt *label_types(const vctrl *c)
{
    return c->kind == CTRL_LOOP ? c->params : c->results;
}

/* ------------------------------------------------------------ immediates */

static fa_result read_label(vstate *vs, vctrl **out)
{
    uint32_t l = fa_read_u32(&vs->r);
    FA_TRY(reader_check(vs));
    if (l >= vs->n_ctrls)
        return INVALID("unknown label");
    *out = &vs->ctrls[vs->n_ctrls - 1 - l];
    return FA_OK;
}

/* A value type byte (spec 5.3.4). */
static fa_result read_valtype(vstate *vs, fa_vt *out)
{
    *out = VT_UNKNOWN;
    size_t off = fa_reader_off(&vs->r);
    uint8_t b = fa_read_u8(&vs->r);
    FA_TRY(reader_check(vs));
    switch (b) {
    case FA_F32:
    case FA_F64:
        if (FA_NO_FLOAT)
            return fail_at(vs, FA_ERR_UNSUPPORTED, off, "%s", MSG_NO_FLOAT);
        *out = b;
        return FA_OK;
    case FA_I32:
    case FA_I64:
    case FA_FUNCREF:
    case FA_EXTERNREF: *out = b; return FA_OK;
    case FA_V128:
        if (!has_feature(vs, FA_FEATURE_SIMD))
            return fail_at(vs, FA_ERR_UNSUPPORTED, off, MSG_NO_SIMD);
        *out = b;
        return FA_OK;
    default:
        return fail_at(vs, FA_ERR_MALFORMED, off,
                       b >= 0x7C ? "malformed value type" : "malformed reference type");
    }
}

static fa_result read_reftype(vstate *vs, fa_vt *out)
{
    *out = VT_UNKNOWN;
    size_t off = fa_reader_off(&vs->r);
    uint8_t b = fa_read_u8(&vs->r);
    FA_TRY(reader_check(vs));
    if (b != FA_FUNCREF && b != FA_EXTERNREF)
        return fail_at(vs, FA_ERR_MALFORMED, off, "malformed reference type");
    *out = b;
    return FA_OK;
}

typedef struct blocktype {
    const fa_vt *params, *results;
    uint32_t n_params, n_results;
} blocktype;

/* Block type (spec 5.4.1): 0x40, a value type, or an s33 type index. */
static fa_result read_blocktype(vstate *vs, blocktype *bt)
{
    memset(bt, 0, sizeof *bt);
    if (fa_reader_eof(&vs->r)) {
        fa_read_u8(&vs->r);
        return reader_check(vs);
    }
    uint8_t b = *vs->r.p;
    if (b == 0x40) {
        vs->r.p++;
        return FA_OK;
    }
    if ((b & 0xC0) == 0x40) {
        fa_vt t;
        FA_TRY(read_valtype(vs, &t));
        bt->results = single_vt(t);
        bt->n_results = 1;
        return FA_OK;
    }
    int64_t x = fa_read_s33(&vs->r);
    FA_TRY(reader_check(vs));
    if (x < 0 || (uint64_t)x >= vs->m->n_types)
        return INVALID("unknown type %lld", (long long)x);
    const fa_type *t = &vs->m->types[x];
    bt->params = fa_type_params(t);
    bt->n_params = t->n_params;
    bt->results = fa_type_results(t);
    bt->n_results = t->n_results;
    return FA_OK;
}

/* A memory index immediate: a reserved 0x00 byte unless multi-memory is on. */
static fa_result read_memidx(vstate *vs, uint32_t *idx)
{
    if (has_feature(vs, FA_FEATURE_MULTI_MEMORY)) {
        *idx = fa_read_u32(&vs->r);
        return reader_check(vs);
    }
    size_t off = fa_reader_off(&vs->r);
    uint8_t b = fa_read_u8(&vs->r);
    FA_TRY(reader_check(vs));
    if (b != 0)
        return fail_at(vs, FA_ERR_MALFORMED, off, "zero byte expected");
    *idx = 0;
    return FA_OK;
}

static fa_result check_mem(vstate *vs, uint32_t idx, fa_vt *addr_type)
{
    *addr_type = FA_I32;
    if (idx >= vs->m->n_mems)
        return INVALID("unknown memory %u", (unsigned)idx);
    *addr_type = vs->m->mems[idx].limits.is64 ? FA_I64 : FA_I32;
    return FA_OK;
}

static fa_result check_table(vstate *vs, uint32_t idx, fa_vt *elem_type)
{
    *elem_type = VT_UNKNOWN;
    if (idx >= vs->m->n_tables)
        return INVALID("unknown table %u", (unsigned)idx);
    *elem_type = vs->m->tables[idx].elem_type;
    return FA_OK;
}

/*
 * memarg (spec 5.4.6): flags = log2(align), with bit 6 announcing a memory
 * index (multi-memory); the offset is u64 when memory64 is on (an i32
 * memory then requires it to fit in 32 bits).
 */
static fa_result read_memarg(vstate *vs, unsigned memsize, fa_vt *addr_type)
{
    size_t flags_off = fa_reader_off(&vs->r);
    uint32_t flags = fa_read_u32(&vs->r);
    uint32_t idx = 0;
    FA_TRY(reader_check(vs));
    if (has_feature(vs, FA_FEATURE_MULTI_MEMORY)) {
        if (flags >= 0x80)
            return fail_at(vs, FA_ERR_MALFORMED, flags_off, "malformed memop flags");
        if (flags & 0x40) {
            idx = fa_read_u32(&vs->r);
            flags &= ~(uint32_t)0x40;
        }
    } else if (flags >= 0x20) {
        return fail_at(vs, FA_ERR_MALFORMED, flags_off, "malformed memop flags");
    }
    uint64_t offset =
        has_feature(vs, FA_FEATURE_MEMORY64) ? fa_read_u64(&vs->r) : fa_read_u32(&vs->r);
    FA_TRY(reader_check(vs));
    FA_TRY(check_mem(vs, idx, addr_type));
    if (*addr_type == FA_I32 && offset > UINT32_MAX)
        return INVALID("offset out of range");
    if (memsize == 0 || ((uint64_t)1 << flags) > memsize)
        return INVALID("alignment must not be larger than natural");
    return FA_OK;
}

/* Lane count of a SIMD instruction from its shape prefix ("i8x16.", ...). */
static unsigned lanes_of_name(const char *name)
{
    const char *x = strchr(name, 'x');
    const char *dot = strchr(name, '.');
    if (!x || !dot || x > dot)
        return 16;
    unsigned n = 0; /* the digits after 'x' (no strtoul: smaller builds) */
    for (const char *p = x + 1; *p >= '0' && *p <= '9'; p++)
        n = n * 10 + (unsigned)(*p - '0');
    return n;
}

static fa_result read_lane(vstate *vs, unsigned lanes)
{
    uint8_t lane = fa_read_u8(&vs->r);
    FA_TRY(reader_check(vs));
    if (lane >= lanes)
        return INVALID("invalid lane index");
    return FA_OK;
}

/* ------------------------------------------------------------ locals */

/* Functions with more params + locals than this look local types up by
 * binary search over the runs only (a run can declare 2^32 locals in five
 * bytes, so the flat copy must stay bounded). */
#define FLAT_LOCALS_MAX 4096u

static fa_result setup_locals(vstate *vs, const fa_funcdef *fd, const fa_type *ft)
{
    vs->fd = fd;
    vs->ft = ft;
    FA_TRY(
        grow(vs, (void **)&vs->run_end, &vs->cap_runs, fd->n_localruns + 1, sizeof *vs->run_end));
    uint64_t end = ft->n_params;
    for (uint32_t k = 0; k < fd->n_localruns; k++) {
        end += fd->localruns[k].count;
        vs->run_end[k] = end;
    }
    vs->n_locals_total = end;
    vs->n_flat = 0;
    if (end <= FLAT_LOCALS_MAX) {
        FA_TRY(grow(vs, (void **)&vs->flat, &vs->cap_flat, (uint32_t)end + 1, 1));
        uint32_t n = ft->n_params;
        if (n)
            memcpy(vs->flat, fa_type_params(ft), n);
        for (uint32_t k = 0; k < fd->n_localruns; k++) {
            memset(vs->flat + n, fd->localruns[k].type, fd->localruns[k].count);
            n += fd->localruns[k].count;
        }
        vs->n_flat = n;
    }
    return FA_OK;
}

static fa_result local_type(vstate *vs, uint32_t idx, fa_vt *out)
{
    if (idx < vs->ft->n_params) {
        *out = fa_type_params(vs->ft)[idx];
        return FA_OK;
    }
    if (idx >= vs->n_locals_total)
        return INVALID("unknown local %u", (unsigned)idx);
    uint32_t lo = 0, hi = vs->fd->n_localruns - 1; /* first run with idx < run_end */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (idx < vs->run_end[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    *out = vs->fd->localruns[lo].type;
    return FA_OK;
}

/* ------------------------------------------------------------ instructions */

static int types_equal(const fa_vt *a, uint32_t na, const fa_vt *b, uint32_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

static inline int is_num_or_unknown(fa_vt t)
{
    return t == FA_I32 || t == FA_I64 || t == FA_F32 || t == FA_F64 || t == VT_UNKNOWN;
}

static fa_vt sig_vt(char c, fa_vt addr)
{
    switch (c) {
    case 'i': return FA_I32;
    case 'I': return FA_I64;
    case 'f': return FA_F32;
    case 'F': return FA_F64;
    case 'v': return FA_V128;
    case 'a': return addr;
    default: return VT_UNKNOWN;
    }
}

static int sig_has_float(const char *sig)
{
    for (; *sig; sig++)
        if (*sig == 'f' || *sig == 'F')
            return 1;
    return 0;
}

/* Applies an opcode-table signature "params:results" (one pass, no strchr:
 * this runs for most instructions). */
static fa_result apply_sig(vstate *vs, const char *sig, fa_vt addr)
{
    fa_vt params[8];
    unsigned np = 0;
    const char *p = sig;
    while (*p != ':' && np < sizeof params)
        params[np++] = sig_vt(*p++, addr);
    while (np-- > 0)
        FA_TRY(pop_expect(vs, params[np]));
    for (p++; *p; p++) {
        FA_TRY(reserve_vals(vs, 1));
        push(vs, sig_vt(*p, addr));
    }
    return FA_OK;
}

/* Call-like: pops the callee's params, pushes its results. */
static fa_result apply_functype(vstate *vs, const fa_type *t)
{
    FA_TRY(pop_n(vs, fa_type_params(t), t->n_params));
    return push_n(vs, fa_type_results(t), t->n_results);
}

/* return_call*: the callee must return exactly what the caller returns. */
static fa_result check_tail_call(vstate *vs, const fa_type *t)
{
    if (!has_feature(vs, FA_FEATURE_TAIL_CALL))
        return UNSUPPORTED("tail calls not enabled");
    const fa_type *caller = vs->ft;
    if (!types_equal(fa_type_results(t), t->n_results, fa_type_results(caller), caller->n_results))
        return INVALID("type mismatch");
    FA_TRY(pop_n(vs, fa_type_params(t), t->n_params));
    set_unreachable(vs);
    return FA_OK;
}

static fa_result read_call_indirect(vstate *vs, const fa_type **out)
{
    *out = NULL;
    uint32_t type_idx = fa_read_u32(&vs->r);
    uint32_t table_idx = fa_read_u32(&vs->r);
    fa_vt et;
    FA_TRY(reader_check(vs));
    FA_TRY(check_table(vs, table_idx, &et));
    if (type_idx >= vs->m->n_types)
        return INVALID("unknown type %u", (unsigned)type_idx);
    if (et != FA_FUNCREF)
        return INVALID("type mismatch");
    *out = &vs->m->types[type_idx];
    return pop_expect(vs, FA_I32);
}

/* memory.init / data.drop: segments must be announced by the data count
 * section (spec 5.5.16) when the module has any; without segments the
 * index is simply unknown. */
static fa_result check_data_idx(vstate *vs, uint32_t idx)
{
    const fa_module *m = vs->m;
    if (!m->has_data_count && m->n_datas > 0)
        return MALFORMED("data count section required");
    if (idx >= (m->has_data_count ? m->data_count : m->n_datas))
        return INVALID("unknown data segment %u", (unsigned)idx);
    return FA_OK;
}

static fa_result check_elem_idx(vstate *vs, uint32_t idx, fa_vt *type)
{
    if (idx >= vs->m->n_elems)
        return INVALID("unknown elem segment %u", (unsigned)idx);
    *type = vs->m->elems[idx].type;
    return FA_OK;
}

static fa_result br_table(vstate *vs)
{
    uint32_t n = fa_read_u32(&vs->r);
    FA_TRY(reader_check(vs));
    FA_TRY(pop_expect(vs, FA_I32));
    /* Read the default label first to know the arity all targets must share. */
    const uint8_t *targets = vs->r.p;
    for (uint32_t i = 0; i < n && !vs->r.err; i++)
        fa_read_u32(&vs->r);
    vctrl *def;
    FA_TRY(read_label(vs, &def));
    const uint8_t *after = vs->r.p;
    uint32_t arity = label_arity(def);
    FA_TRY(grow(vs, (void **)&vs->scratch, &vs->cap_scratch, arity, 1));
    vs->r.p = targets;
    for (uint32_t i = 0; i < n; i++) {
        vctrl *c;
        FA_TRY(read_label(vs, &c));
        if (label_arity(c) != arity)
            return INVALID("type mismatch");
        /* push_vals(pop_vals(labels)): types must fit, heights are restored. */
        const fa_vt *lt = label_types(c);
        for (uint32_t k = arity; k-- > 0;) {
            fa_vt got = VT_UNKNOWN;
            FA_TRY(pop_any(vs, &got));
            if (got != lt[k] && got != VT_UNKNOWN)
                return INVALID("type mismatch");
            vs->scratch[k] = got;
        }
        FA_TRY(push_n(vs, vs->scratch, arity));
    }
    vs->r.p = after;
    FA_TRY(pop_n(vs, label_types(def), arity));
    set_unreachable(vs);
    return FA_OK;
}

/* The generic path: every row typed by its "sig" plus its immediates. */
static fa_result generic_op(vstate *vs, const fa_opinfo *info)
{
    fa_vt addr = FA_I32;
    switch (info->imm) {
    case FA_IMM_NONE: break;
    case FA_IMM_I32: fa_read_s32(&vs->r); break;
    case FA_IMM_I64: fa_read_s64(&vs->r); break;
    case FA_IMM_F32: fa_read_bytes(&vs->r, 4); break;
    case FA_IMM_F64: fa_read_bytes(&vs->r, 8); break;
    case FA_IMM_V128: fa_read_bytes(&vs->r, 16); break;
    case FA_IMM_MEMARG: FA_TRY(read_memarg(vs, info->memsize, &addr)); break;
    case FA_IMM_MEMARG_LANE:
        FA_TRY(read_memarg(vs, info->memsize, &addr));
        FA_TRY(read_lane(vs, info->memsize ? 16u / info->memsize : 16u));
        break;
    case FA_IMM_LANE: FA_TRY(read_lane(vs, lanes_of_name(info->name))); break;
    case FA_IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            FA_TRY(read_lane(vs, 32));
        break;
    case FA_IMM_MEMORY: {
        uint32_t idx;
        FA_TRY(read_memidx(vs, &idx));
        FA_TRY(check_mem(vs, idx, &addr));
        break;
    }
    default: return MALFORMED("illegal opcode"); /* a row without a typing rule */
    }
    FA_TRY(reader_check(vs));
    return apply_sig(vs, info->sig, addr);
}

/* Validates one instruction (already identified as `op`). */
static fa_result instr(vstate *vs, fa_op op)
{
    fa_module *m = vs->m;
    fa_reader *r = &vs->r;
    fa_vt t = VT_UNKNOWN, t2 = VT_UNKNOWN;
    uint32_t x, y;

    FA_TRY(reserve_vals(vs, 1));
    switch (op) {
    case FA_OP_unreachable: set_unreachable(vs); return FA_OK;

    case FA_OP_block:
    case FA_OP_loop:
    case FA_OP_if_: {
        blocktype bt;
        FA_TRY(read_blocktype(vs, &bt));
        if (op == FA_OP_if_)
            FA_TRY(pop_expect(vs, FA_I32));
        FA_TRY(pop_n(vs, bt.params, bt.n_params));
        uint8_t kind = op == FA_OP_block ? CTRL_BLOCK : op == FA_OP_loop ? CTRL_LOOP : CTRL_IF;
        return push_ctrl(vs, kind, bt.params, bt.n_params, bt.results, bt.n_results);
    }
    case FA_OP_else_: {
        vctrl c;
        if (top_ctrl(vs)->kind != CTRL_IF)
            return MALFORMED("END opcode expected");
        FA_TRY(pop_ctrl(vs, &c));
        return push_ctrl(vs, CTRL_ELSE, c.params, c.n_params, c.results, c.n_results);
    }
    case FA_OP_end: {
        vctrl c;
        FA_TRY(pop_ctrl(vs, &c));
        /* An if without else behaves as if the else passed params through. */
        if (c.kind == CTRL_IF && !types_equal(c.params, c.n_params, c.results, c.n_results))
            return INVALID("type mismatch");
        if (vs->n_ctrls == 0)
            return FA_OK;
        return push_n(vs, c.results, c.n_results);
    }
    case FA_OP_br: {
        vctrl *c;
        FA_TRY(read_label(vs, &c));
        FA_TRY(pop_n(vs, label_types(c), label_arity(c)));
        set_unreachable(vs);
        return FA_OK;
    }
    case FA_OP_br_if: {
        vctrl *c;
        FA_TRY(read_label(vs, &c));
        FA_TRY(pop_expect(vs, FA_I32));
        const fa_vt *lt = label_types(c);
        uint32_t n = label_arity(c);
        FA_TRY(pop_n(vs, lt, n));
        return push_n(vs, lt, n);
    }
    case FA_OP_br_table: return br_table(vs);
    case FA_OP_return_:
        FA_TRY(pop_n(vs, fa_type_results(vs->ft), vs->ft->n_results));
        set_unreachable(vs);
        return FA_OK;

    case FA_OP_call:
    case FA_OP_return_call:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        if (x >= m->n_funcs)
            return INVALID("unknown function %u", (unsigned)x);
        if (op == FA_OP_return_call)
            return check_tail_call(vs, fa_module_func_type(m, x));
        return apply_functype(vs, fa_module_func_type(m, x));
    case FA_OP_call_indirect:
    case FA_OP_return_call_indirect: {
        const fa_type *ft = NULL;
        if (op == FA_OP_return_call_indirect && !has_feature(vs, FA_FEATURE_TAIL_CALL))
            return UNSUPPORTED("tail calls not enabled");
        FA_TRY(read_call_indirect(vs, &ft));
        if (op == FA_OP_return_call_indirect)
            return check_tail_call(vs, ft);
        return apply_functype(vs, ft);
    }

    case FA_OP_drop: return pop_any(vs, &t);
    case FA_OP_select:
        FA_TRY(pop_expect(vs, FA_I32));
        FA_TRY(pop_any(vs, &t));
        FA_TRY(pop_any(vs, &t2));
        /* Untyped select: both numeric or both vectors, and equal. */
        if (!((is_num_or_unknown(t) && is_num_or_unknown(t2)) ||
              ((t == FA_V128 || t == VT_UNKNOWN) && (t2 == FA_V128 || t2 == VT_UNKNOWN))))
            return INVALID("type mismatch");
        if (t != t2 && t != VT_UNKNOWN && t2 != VT_UNKNOWN)
            return INVALID("type mismatch");
        push(vs, t == VT_UNKNOWN ? t2 : t);
        return FA_OK;
    case FA_OP_select_t:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        if (x != 1)
            return INVALID("invalid result arity");
        FA_TRY(read_valtype(vs, &t));
        FA_TRY(pop_expect(vs, FA_I32));
        FA_TRY(pop_expect(vs, t));
        FA_TRY(pop_expect(vs, t));
        push(vs, t);
        return FA_OK;

    case FA_OP_local_get:
    case FA_OP_local_set:
    case FA_OP_local_tee:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        FA_TRY(local_type(vs, x, &t));
        if (op != FA_OP_local_get)
            FA_TRY(pop_expect(vs, t));
        if (op != FA_OP_local_set)
            push(vs, t);
        return FA_OK;
    case FA_OP_global_get:
    case FA_OP_global_set:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        if (x >= m->n_globals)
            return INVALID("unknown global %u", (unsigned)x);
        t = m->global_types[x].type;
        if (op == FA_OP_global_get) {
            push(vs, t);
            return FA_OK;
        }
        if (!m->global_types[x].mut)
            return INVALID("global is immutable");
        return pop_expect(vs, t);

    case FA_OP_table_get:
    case FA_OP_table_set:
    case FA_OP_table_size:
    case FA_OP_table_grow:
    case FA_OP_table_fill:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        FA_TRY(check_table(vs, x, &t));
        switch (op) {
        case FA_OP_table_get:
            FA_TRY(pop_expect(vs, FA_I32));
            push(vs, t);
            return FA_OK;
        case FA_OP_table_set: FA_TRY(pop_expect(vs, t)); return pop_expect(vs, FA_I32);
        case FA_OP_table_size: push(vs, FA_I32); return FA_OK;
        case FA_OP_table_grow:
            FA_TRY(pop_expect(vs, FA_I32));
            FA_TRY(pop_expect(vs, t));
            push(vs, FA_I32);
            return FA_OK;
        default: /* table.fill */
            FA_TRY(pop_expect(vs, FA_I32));
            FA_TRY(pop_expect(vs, t));
            return pop_expect(vs, FA_I32);
        }
    case FA_OP_table_init:
        x = fa_read_u32(r); /* elem */
        y = fa_read_u32(r); /* table */
        FA_TRY(reader_check(vs));
        FA_TRY(check_table(vs, y, &t));
        FA_TRY(check_elem_idx(vs, x, &t2));
        if (t != t2)
            return INVALID("type mismatch");
        return apply_sig(vs, "iii:", FA_I32);
    case FA_OP_elem_drop:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        return check_elem_idx(vs, x, &t);
    case FA_OP_table_copy:
        x = fa_read_u32(r); /* destination */
        y = fa_read_u32(r); /* source */
        FA_TRY(reader_check(vs));
        FA_TRY(check_table(vs, x, &t));
        FA_TRY(check_table(vs, y, &t2));
        if (t != t2)
            return INVALID("type mismatch");
        return apply_sig(vs, "iii:", FA_I32);

    case FA_OP_memory_init:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        FA_TRY(read_memidx(vs, &y));
        FA_TRY(check_mem(vs, y, &t));
        FA_TRY(check_data_idx(vs, x));
        return apply_sig(vs, "aii:", t);
    case FA_OP_data_drop:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        return check_data_idx(vs, x);
    case FA_OP_memory_copy:
        FA_TRY(read_memidx(vs, &x)); /* destination */
        FA_TRY(read_memidx(vs, &y)); /* source */
        FA_TRY(check_mem(vs, x, &t));
        FA_TRY(check_mem(vs, y, &t2));
        /* memory64: the length has the narrower of the two address types */
        FA_TRY(pop_expect(vs, t == FA_I64 && t2 == FA_I64 ? FA_I64 : FA_I32));
        FA_TRY(pop_expect(vs, t2));
        return pop_expect(vs, t);
    case FA_OP_memory_fill:
        FA_TRY(read_memidx(vs, &x));
        FA_TRY(check_mem(vs, x, &t));
        return apply_sig(vs, "aia:", t);

    case FA_OP_ref_null:
        FA_TRY(read_reftype(vs, &t));
        push(vs, t);
        return FA_OK;
    case FA_OP_ref_is_null:
        FA_TRY(pop_any(vs, &t));
        if (!fa_vt_is_ref(t) && t != VT_UNKNOWN)
            return INVALID("type mismatch");
        push(vs, FA_I32);
        return FA_OK;
    case FA_OP_ref_func:
        x = fa_read_u32(r);
        FA_TRY(reader_check(vs));
        if (x >= m->n_funcs)
            return INVALID("unknown function %u", (unsigned)x);
        if (!m->func_declared[x])
            return INVALID("undeclared function reference");
        push(vs, FA_FUNCREF);
        return FA_OK;

    default: {
        const fa_opinfo *info = &fa_opinfo_table[op];
        if (!info->sig[0])
            return MALFORMED("illegal opcode"); /* untyped row: not implemented */
        if (info->prefix == 0xFD && !has_feature(vs, FA_FEATURE_SIMD))
            return UNSUPPORTED(MSG_NO_SIMD);
        /* Everything decode.c's skip_instrs rejects must be rejected here
         * too: with eager validation it does not scan bodies that pass
         * (fa_decode_bodies). */
        if (info->prefix == 0xFD && info->code >= 0x100 &&
            !has_feature(vs, FA_FEATURE_RELAXED_SIMD))
            return MALFORMED("illegal opcode");
        if (FA_NO_FLOAT && sig_has_float(info->sig))
            return UNSUPPORTED("%s", MSG_NO_FLOAT);
        return generic_op(vs, info);
    }
    }
}

/* Fast-path immediates: a LEB128 of at most `max` bytes that ends before
 * `end`, where no encoding error is possible (4 bytes hold 28 bits < 32, 9
 * hold 63 < 64); NULL sends the instruction to the general path. */
static inline const uint8_t *skip_leb(const uint8_t *q, const uint8_t *end, unsigned max)
{
    for (unsigned i = 0; i < max && q + i < end; i++)
        if (!(q[i] & 0x80))
            return q + i + 1;
    return NULL;
}

static inline const uint8_t *read_u32_short(const uint8_t *q, const uint8_t *end, uint32_t *out)
{
    if (q < end && *q < 0x80) {
        *out = *q;
        return q + 1;
    }
    uint32_t v = 0;
    for (unsigned i = 0; i < 4 && q + i < end; i++) {
        v |= (uint32_t)(q[i] & 0x7F) << (7 * i);
        if (!(q[i] & 0x80)) {
            *out = v;
            return q + i + 1;
        }
    }
    return NULL;
}

/* Reads one opcode (with its prefix and LEB sub-opcode). */
static fa_result read_opcode(vstate *vs, fa_op *op)
{
    uint8_t b = fa_read_u8(&vs->r);
    if (b == 0xFC || b == 0xFD) {
        uint32_t code = fa_read_u32(&vs->r);
        FA_TRY(reader_check(vs));
        *op = fa_op_lookup(b, code);
    } else {
        FA_TRY(reader_check(vs));
        *op = (fa_op)vs->op1[b];
    }
    if (*op == FA_OP_INVALID)
        return MALFORMED("illegal opcode");
    return FA_OK;
}

/*
 * The body ended with blocks still open. The reference decoder does not stop
 * at the body's end but reads on, so the spec tests expect what it then
 * meets: the end of the input, an END byte (which closes the function and
 * leaves the code section too long), or some other byte where END belongs.
 */
static fa_result body_overrun(vstate *vs, size_t end)
{
    if (vs->n_ctrls > 1)
        return MALFORMED("unexpected end");
    if (end >= vs->m->n_bytes)
        return MALFORMED("unexpected end of section or function");
    if (vs->m->bytes[end] == 0x0B)
        return MALFORMED("section size mismatch");
    return MALFORMED("END opcode expected");
}

/* Out of line: inlined, it costs the fast path registers (~5% more
 * instructions with GCC). */
#if defined(__GNUC__)
#define FA_NOINLINE __attribute__((noinline))
#else
#define FA_NOINLINE
#endif
static FA_NOINLINE void fast_rule(vstate *vs, unsigned b);

/* The fast path's type-list comparison: the lists are short (a block's
 * results, a label's, a callee's params), so no call to memcmp. */
static inline int vts_differ(const fa_vt *a, const fa_vt *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 1;
    return 0;
}

/* Two operand types against two expected, as one 16-bit comparison. */
static inline int top2_differ(const fa_vt *have, const fa_vt *want)
{
    uint16_t a, b;
    memcpy(&a, have, 2);
    memcpy(&b, want, 2);
    return a != b;
}

/*
 * The fast path's dispatch, written like exec.c's: with GCC/Clang every
 * rule ends in its own indirect jump to the next instruction's rule, else
 * one switch (-DFA_DISPATCH_SWITCH or another compiler). VF_NEXT goes on
 * at q, the next instruction; VF_OUT leaves the current one, unconsumed,
 * to the general path.
 */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(FA_DISPATCH_SWITCH)
#define VF_THREADED 1
#define VF_CASE(k) VF_##k:
#define VF_DISPATCH_BEGIN goto *jump[*p];
#define VF_DISPATCH_END
#define VF_NEXT()                                                                                  \
    do {                                                                                           \
        p = q;                                                                                     \
        if (p >= pend)                                                                             \
            goto vf_general;                                                                       \
        f = fast + *p;                                                                             \
        q = p + 1;                                                                                 \
        goto *jump[*p];                                                                            \
    } while (0)
#define VF_TOP (void)0
#else
#define VF_THREADED 0
#define VF_CASE(k) case FAST_##k:
#define VF_DISPATCH_BEGIN switch (f->kind) {
#define VF_DISPATCH_END                                                                            \
    default: break;                                                                                \
        }
#define VF_NEXT()                                                                                  \
    do {                                                                                           \
        p = q;                                                                                     \
        goto vf_top;                                                                               \
    } while (0)
#define VF_TOP                                                                                     \
    vf_top:                                                                                        \
    (void)0
#endif
#define VF_OUT() goto vf_general
#define VF_GENERAL                                                                                 \
    vf_general:                                                                                    \
    (void)0

static fa_result validate_body(vstate *vs, uint32_t def_idx)
{
    fa_module *m = vs->m;
    const fa_funcdef *fd = &m->funcdefs[def_idx];
    const fa_type *ft = fa_module_func_type(m, m->n_func_imports + def_idx);
    size_t end = (size_t)fd->body_off + fd->body_len;

    vs->op_off = fd->body_off;
    if (end > m->n_bytes)
        return MALFORMED("unexpected end");
    FA_TRY(setup_locals(vs, fd, ft));
    vs->n_vals = 0;
    vs->n_ctrls = 0;
    FA_TRY(push_ctrl(vs, CTRL_FUNC, NULL, 0, fa_type_results(ft), ft->n_results));
    fa_reader_init(&vs->r, m->bytes, fd->body_off, end);

    /* The fast path's state lives in locals (vals is a byte array: through
     * vs every store to it would force the compiler to reload the rest). */
    const uint8_t *p = vs->r.p, *pend = vs->r.end;
    fa_vt *vals = vs->vals;
    uint32_t n = vs->n_vals, cap = vs->cap_vals, floor = 0;
    const fa_vt *flat = vs->flat;
    uint32_t n_flat = vs->n_flat;
    const vfast *fast = vs->fast;
#if VF_THREADED
    static const void *const vf_labels[] = {
        [FAST_UNSET] = &&vf_general,
        [FAST_NO] = &&vf_general,
        [FAST_SIG] = &&VF_SIG,
        [FAST_UNARY] = &&VF_UNARY,
        [FAST_BINARY] = &&VF_BINARY,
        [FAST_LOAD] = &&VF_LOAD,
        [FAST_STORE] = &&VF_STORE,
        [FAST_CONST_LEB] = &&VF_CONST_LEB,
        [FAST_LOCAL_GET] = &&VF_LOCAL_GET,
        [FAST_LOCAL_SET] = &&VF_LOCAL_SET,
        [FAST_LOCAL_TEE] = &&VF_LOCAL_TEE,
        [FAST_GLOBAL_GET] = &&VF_GLOBAL_GET,
        [FAST_DROP] = &&VF_DROP,
        [FAST_BLOCK] = &&VF_BLOCK,
        [FAST_END] = &&VF_END,
        [FAST_BR] = &&VF_BR,
        [FAST_BR_IF] = &&VF_BR_IF,
        [FAST_CALL] = &&VF_CALL,
    };
    if (!vs->jump_ready) {
        for (unsigned b = 0; b < 256; b++)
            vs->jump[b] = &&vf_general;
        vs->jump_ready = 1;
    }
    const void *const *jump = vs->jump;
#endif
    for (;;) {
        VF_TOP;
        if (p < pend) {
            const vfast *f = fast + *p;
            const uint8_t *q = p + 1;
            uint32_t x;
            fa_vt t;
            VF_DISPATCH_BEGIN
            VF_CASE(UNARY)
            {
                if (n == floor || vals[n - 1] != f->pop[0])
                    VF_OUT();
                vals[n - 1] = f->push;
                VF_NEXT();
            }
            VF_CASE(BINARY)
            {
                if (n - floor < 2 || top2_differ(vals + n - 2, f->pop))
                    VF_OUT();
                vals[--n - 1] = f->push;
                VF_NEXT();
            }
            VF_CASE(LOAD)
            {
                if (q >= pend || *q > f->align || n == floor || vals[n - 1] != f->pop[0])
                    VF_OUT();
                q = skip_leb(q + 1, pend, 4);
                if (!q)
                    VF_OUT();
                vals[n - 1] = f->push;
                VF_NEXT();
            }
            VF_CASE(STORE)
            {
                if (q >= pend || *q > f->align || n - floor < 2 ||
                    top2_differ(vals + n - 2, f->pop))
                    VF_OUT();
                q = skip_leb(q + 1, pend, 4);
                if (!q)
                    VF_OUT();
                n -= 2;
                VF_NEXT();
            }
            VF_CASE(CONST_LEB)
            {
                q = skip_leb(q, pend, f->imm == FA_IMM_I32 ? 4 : 9);
                if (!q || n >= cap)
                    VF_OUT();
                vals[n++] = f->push;
                VF_NEXT();
            }
            VF_CASE(SIG)
            {
                switch (f->imm) {
                case FA_IMM_I32: q = skip_leb(q, pend, 4); break;
                case FA_IMM_I64: q = skip_leb(q, pend, 9); break;
                case FA_IMM_F32: q = pend - q >= 4 ? q + 4 : NULL; break;
                case FA_IMM_F64: q = pend - q >= 8 ? q + 8 : NULL; break;
                case FA_IMM_MEMARG:
                    q = q < pend && *q <= f->align ? skip_leb(q + 1, pend, 4) : NULL;
                    break;
                default: break;
                }
                if (!q || n - floor < f->n_pop)
                    VF_OUT();
                switch (f->n_pop) {
                case 3:
                    if (vals[n - 3] != f->pop[0] || vals[n - 2] != f->pop[1] ||
                        vals[n - 1] != f->pop[2])
                        q = NULL;
                    break;
                case 2:
                    if (vals[n - 2] != f->pop[0] || vals[n - 1] != f->pop[1])
                        q = NULL;
                    break;
                case 1:
                    if (vals[n - 1] != f->pop[0])
                        q = NULL;
                    break;
                default: break;
                }
                if (!q)
                    VF_OUT();
                n -= f->n_pop;
                if (f->push) {
                    if (n >= cap) {
                        n += f->n_pop;
                        VF_OUT();
                    }
                    vals[n++] = f->push;
                }
                VF_NEXT();
            }
            VF_CASE(LOCAL_GET)
            {
                q = read_u32_short(q, pend, &x);
                if (!q || x >= n_flat || n >= cap)
                    VF_OUT();
                vals[n++] = flat[x];
                VF_NEXT();
            }
            VF_CASE(LOCAL_SET)
            {
                q = read_u32_short(q, pend, &x);
                if (!q || x >= n_flat || n == floor || vals[n - 1] != flat[x])
                    VF_OUT();
                n--;
                VF_NEXT();
            }
            VF_CASE(LOCAL_TEE)
            {
                q = read_u32_short(q, pend, &x);
                if (!q || x >= n_flat || n == floor || vals[n - 1] != flat[x])
                    VF_OUT();
                VF_NEXT();
            }
            VF_CASE(GLOBAL_GET)
            {
                q = read_u32_short(q, pend, &x);
                if (!q || x >= m->n_globals || n >= cap)
                    VF_OUT();
                t = m->global_types[x].type;
                vals[n++] = t;
                VF_NEXT();
            }
            VF_CASE(DROP)
            {
                if (n == floor)
                    VF_OUT();
                n--;
                VF_NEXT();
            }
            VF_CASE(BLOCK)
            {
                /* no params; no result or one numeric result; if: an i32 */
                const fa_vt *res = NULL;
                uint32_t k = f->imm == CTRL_IF;
                if (q >= pend || vs->n_ctrls >= vs->cap_ctrls ||
                    (k && (n == floor || vals[n - 1] != FA_I32)))
                    VF_OUT();
                if (*q != 0x40) {
                    if (*q < FA_F64 || *q > FA_I32 || (FA_NO_FLOAT && *q <= FA_F32))
                        VF_OUT();
                    res = single_vt(*q);
                }
                n -= k;
                vctrl *c = &vs->ctrls[vs->n_ctrls++];
                c->kind = f->imm;
                c->params = NULL;
                c->n_params = 0;
                c->results = res;
                c->n_results = res != NULL;
                c->height = n;
                c->unreachable = 0;
                floor = n;
                q++;
                VF_NEXT();
            }
            VF_CASE(END)
            {
                /* not the function's end, not an if; exactly the results left */
                const vctrl *c = &vs->ctrls[vs->n_ctrls - 1];
                if (vs->n_ctrls < 2 || c->kind == CTRL_IF || n - floor != c->n_results ||
                    vts_differ(vals + floor, c->results, c->n_results))
                    VF_OUT();
                vs->n_ctrls--;
                floor = c[-1].height;
                VF_NEXT();
            }
            VF_CASE(BR)
            VF_CASE(BR_IF)
            {
                /* the label's values are on the stack with exactly its types */
                uint32_t k = f->kind == FAST_BR_IF;
                q = read_u32_short(q, pend, &x);
                if (!q || x >= vs->n_ctrls || n - floor < k || (k && vals[n - 1] != FA_I32))
                    VF_OUT();
                const vctrl *c = &vs->ctrls[vs->n_ctrls - 1 - x];
                uint32_t arity = label_arity(c);
                if (n - k - floor < arity ||
                    vts_differ(vals + n - k - arity, label_types(c), arity))
                    VF_OUT();
                if (k) {
                    n--;
                } else {
                    n = floor;
                    vs->ctrls[vs->n_ctrls - 1].unreachable = 1;
                }
                VF_NEXT();
            }
            VF_CASE(CALL)
            {
                q = read_u32_short(q, pend, &x);
                if (!q || x >= m->n_funcs)
                    VF_OUT();
                const fa_type *ft = fa_module_func_type(m, x);
                uint32_t np = ft->n_params, nr = ft->n_results;
                if (n - floor < np || (uint64_t)n - np + nr > cap ||
                    vts_differ(vals + n - np, fa_type_params(ft), np))
                    VF_OUT();
                n -= np;
                for (uint32_t i = 0; i < nr; i++)
                    vals[n + i] = fa_type_results(ft)[i];
                n += nr;
                VF_NEXT();
            }
            VF_DISPATCH_END
        }
        VF_GENERAL;
        /* The general path, for one instruction (and the first of each
         * opcode, whose fast rule is computed now). */
        if (p < pend && vs->fast[*p].kind == FAST_UNSET) {
            fast_rule(vs, *p);
#if VF_THREADED
            vs->jump[*p] = vf_labels[vs->fast[*p].kind];
#endif
        }
        fa_op op;
        vs->r.p = p;
        vs->n_vals = n;
        vs->op_off = fa_reader_off(&vs->r);
        if (fa_reader_eof(&vs->r))
            return body_overrun(vs, end);
        FA_TRY(read_opcode(vs, &op));
        FA_TRY(instr(vs, op));
        if (vs->n_ctrls == 0)
            break;
        p = vs->r.p;
        vals = vs->vals;
        n = vs->n_vals;
        cap = vs->cap_vals;
        floor = top_ctrl(vs)->height;
    }
    if (!fa_reader_eof(&vs->r)) {
        vs->op_off = fa_reader_off(&vs->r);
        return MALFORMED("section size mismatch");
    }
    return FA_OK;
}

/* ------------------------------------------------------------ constant expressions */

static void declare_func(fa_module *m, uint32_t x)
{
    if (x < m->n_funcs)
        m->func_declared[x] = 1;
}

/*
 * A constant expression (spec 3.3.10) producing one `want`. global.get may
 * name only imported immutable globals (Wasm 2.0: the initialiser context
 * holds the imports only). Constness errors win over type errors, as in the
 * reference interpreter, which checks constness first.
 */
static fa_result check_const(vstate *vs, const fa_expr *e, fa_vt want)
{
    fa_module *m = vs->m;
    int extended = has_feature(vs, FA_FEATURE_EXTENDED_CONST);
    int type_bad = 0;
    uint64_t type_bad_off = e->off;
    vctrl base = {NULL, NULL, 0, 0, 0, CTRL_FUNC, 0};

    vs->op_off = e->off;
    if ((size_t)e->off + e->len > m->n_bytes)
        return MALFORMED("unexpected end");
    /* The usual case, `i32.const n end` or `i64.const n end` of the wanted
     * type with a short immediate, is valid without the general walk. */
    const uint8_t *p = m->bytes + e->off, *pend = p + e->len;
    if (e->len >= 3 && ((p[0] == 0x41 && want == FA_I32) || (p[0] == 0x42 && want == FA_I64))) {
        const uint8_t *q = skip_leb(p + 1, pend, 4);
        if (q && q + 1 == pend && *q == 0x0B)
            return FA_OK;
    }
    vs->n_vals = 0;
    vs->n_ctrls = 0;
    FA_TRY(grow(vs, (void **)&vs->ctrls, &vs->cap_ctrls, 1, sizeof *vs->ctrls));
    vs->ctrls[vs->n_ctrls++] = base;
    fa_reader_init(&vs->r, m->bytes, e->off, (size_t)e->off + e->len);

    for (;;) {
        fa_op op;
        vs->op_off = fa_reader_off(&vs->r);
        if (fa_reader_eof(&vs->r))
            return MALFORMED("unexpected end");
        FA_TRY(read_opcode(vs, &op));
        if (op == FA_OP_end)
            break;
        FA_TRY(reserve_vals(vs, 1));
        uint32_t x;
        fa_result res = FA_OK;
        const fa_opinfo *info = &fa_opinfo_table[op];
        switch (op) {
        case FA_OP_i32_const:
        case FA_OP_i64_const:
        case FA_OP_f32_const:
        case FA_OP_f64_const: res = generic_op(vs, info); break;
        case FA_OP_ref_null: {
            fa_vt t = VT_UNKNOWN;
            FA_TRY(read_reftype(vs, &t));
            push(vs, t);
            break;
        }
        case FA_OP_ref_func:
            x = fa_read_u32(&vs->r);
            FA_TRY(reader_check(vs));
            if (x >= m->n_funcs)
                return INVALID("unknown function %u", (unsigned)x);
            declare_func(m, x);
            push(vs, FA_FUNCREF);
            break;
        case FA_OP_global_get:
            x = fa_read_u32(&vs->r);
            FA_TRY(reader_check(vs));
            if (x >= m->n_global_imports)
                return INVALID("unknown global %u", (unsigned)x);
            if (m->global_types[x].mut)
                return INVALID("constant expression required");
            push(vs, m->global_types[x].type);
            break;
        case FA_OP_i32_add:
        case FA_OP_i32_sub:
        case FA_OP_i32_mul:
        case FA_OP_i64_add:
        case FA_OP_i64_sub:
        case FA_OP_i64_mul:
            if (!extended) {
                if (FA_NO_EXTENDED_CONST)
                    return UNSUPPORTED("extended constant expressions not supported in this build");
                return INVALID("constant expression required");
            }
            res = generic_op(vs, info);
            break;
        default:
            /* v128.const is the one constant SIMD instruction. */
            if (info->imm == FA_IMM_V128 && info->sig[0] == ':' && info->sig[1] == 'v' &&
                !info->sig[2]) {
                if (!has_feature(vs, FA_FEATURE_SIMD))
                    return UNSUPPORTED(MSG_NO_SIMD);
                res = generic_op(vs, info);
                break;
            }
            return INVALID("constant expression required");
        }
        if (res == FA_ERR_INVALID) {
            /* a type error: keep scanning for constness errors */
            if (!type_bad)
                type_bad_off = vs->op_off;
            type_bad = 1;
            vs->n_vals = 0;
            vs->ctrls[0].unreachable = 1;
        } else if (res != FA_OK) {
            return res;
        }
    }
    if (!fa_reader_eof(&vs->r))
        return MALFORMED("section size mismatch");
    if (type_bad || vs->n_vals != 1 || vs->vals[0] != want)
        return fail_at(vs, FA_ERR_INVALID, type_bad ? type_bad_off : e->off, "type mismatch");
    return FA_OK;
}

/* ------------------------------------------------------------ module level */

static fa_result check_limits(vstate *vs, const fa_limits_t *l, uint64_t range, const char *msg)
{
    if (l->min > range)
        return INVALID("%s", msg);
    if (l->has_max) {
        if (l->max > range)
            return INVALID("%s", msg);
        if (l->min > l->max)
            return INVALID("size minimum must not be greater than maximum");
    }
    return FA_OK;
}

static fa_result check_tabletype(vstate *vs, const fa_tabletype *t)
{
    if (!fa_vt_is_ref(t->elem_type))
        return MALFORMED("malformed reference type");
    if (t->limits.is64)
        return UNSUPPORTED("table64 not supported");
    return check_limits(vs, &t->limits, UINT32_MAX, "table size must be at most 2^32-1");
}

static fa_result check_memtype(vstate *vs, const fa_memtype *t)
{
    if (t->limits.shared)
        return UNSUPPORTED("shared memories are not supported");
    if (t->limits.is64) {
        if (!has_feature(vs, FA_FEATURE_MEMORY64))
            return UNSUPPORTED("memory64 not enabled");
        return check_limits(vs, &t->limits, MAX_PAGES64,
                            "memory size must be at most 2^48 pages (256TiB)");
    }
    return check_limits(vs, &t->limits, MAX_PAGES32,
                        "memory size must be at most 65536 pages (4GiB)");
}

static const char *extern_kind_name(uint8_t kind)
{
    switch (kind) {
    case FA_EXTERN_FUNC: return "function";
    case FA_EXTERN_TABLE: return "table";
    case FA_EXTERN_MEMORY: return "memory";
    default: return "global";
    }
}

/* Export names may contain U+0000: hash and compare bytes over name_len. */
static uint32_t hash_name(const fa_export *e)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (uint32_t i = 0; i < e->name_len; i++)
        h = (h ^ (uint8_t)e->name[i]) * 16777619u;
    return h;
}

static fa_result check_exports(vstate *vs)
{
    fa_module *m = vs->m;
    for (uint32_t i = 0; i < m->n_exports; i++) {
        const fa_export *e = &m->exports[i];
        uint32_t n = e->kind == FA_EXTERN_FUNC     ? m->n_funcs
                     : e->kind == FA_EXTERN_TABLE  ? m->n_tables
                     : e->kind == FA_EXTERN_MEMORY ? m->n_mems
                                                   : m->n_globals;
        if (e->index >= n)
            return INVALID("unknown %s %u", extern_kind_name(e->kind), (unsigned)e->index);
    }
    if (m->n_exports < 2)
        return FA_OK;
    /* Duplicates: one pass through an open-addressing set of export
     * indices + 1 (0 = empty), at most half full, instead of comparing
     * every pair (and without qsort, which small builds would link). */
    size_t cap = 4;
    while (cap < (size_t)m->n_exports * 2)
        cap *= 2;
    uint32_t *set = fa_calloc(m->rt, cap, sizeof *set);
    if (!set)
        return fail_at(vs, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
    fa_result res = FA_OK;
    for (uint32_t i = 0; i < m->n_exports && res == FA_OK; i++) {
        const fa_export *e = &m->exports[i];
        size_t k = hash_name(e) & (cap - 1);
        for (; set[k]; k = (k + 1) & (cap - 1)) {
            const fa_export *o = &m->exports[set[k] - 1];
            if (o->name_len == e->name_len &&
                (e->name_len == 0 || memcmp(o->name, e->name, e->name_len) == 0)) {
                res = INVALID("duplicate export name");
                break;
            }
        }
        set[k] = i + 1;
    }
    fa_free(m->rt, set, cap * sizeof *set);
    return res;
}

static fa_result check_elems(vstate *vs)
{
    fa_module *m = vs->m;
    for (uint32_t i = 0; i < m->n_elems; i++) {
        const fa_elem *el = &m->elems[i];
        vs->op_off = el->offset.off;
        if (!fa_vt_is_ref(el->type))
            return MALFORMED("malformed reference type");
        for (uint32_t k = 0; k < el->n; k++) {
            if (el->exprs) {
                FA_TRY(check_const(vs, &el->exprs[k], el->type));
            } else if (el->func_idx) {
                if (el->func_idx[k] >= m->n_funcs)
                    return INVALID("unknown function %u", (unsigned)el->func_idx[k]);
                declare_func(m, el->func_idx[k]);
            }
        }
        if (el->mode == FA_SEG_ACTIVE) {
            fa_vt t = VT_UNKNOWN;
            vs->op_off = el->offset.off;
            FA_TRY(check_table(vs, el->table_idx, &t));
            FA_TRY(check_const(vs, &el->offset, FA_I32));
            if (t != el->type)
                return INVALID("type mismatch");
        }
    }
    return FA_OK;
}

static fa_result check_datas(vstate *vs)
{
    fa_module *m = vs->m;
    for (uint32_t i = 0; i < m->n_datas; i++) {
        const fa_data *d = &m->datas[i];
        if (d->mode != FA_SEG_ACTIVE)
            continue;
        fa_vt t = FA_I32;
        vs->op_off = d->offset.off;
        FA_TRY(check_mem(vs, d->mem_idx, &t));
        FA_TRY(check_const(vs, &d->offset, t));
    }
    return FA_OK;
}

/* ------------------------------------------------------------ all bodies */

static void vstate_init(vstate *vs, fa_module *m, fa_error *err);
static void vstate_free(vstate *vs);

/*
 * Every body, in index order on this thread, or shared out among threads
 * (fa_config.load_threads; builds with FAYASM_THREADS). Bodies are
 * independent: each worker has its own vstate and only reads the module
 * (func_declared is complete before bodies are checked). Workers claim runs
 * of VB_CHUNK functions in index order from one counter and stop at their
 * first invalid body; a run that starts past the lowest failure found so
 * far is skipped. Every function below the lowest failure was therefore
 * checked and found valid, so the error reported is the one a single
 * thread reports, word for word.
 */
#define VB_CHUNK 32u
#define VB_BYTES_PER_THREAD ((uint64_t)256 << 10) /* less work: not worth a thread */
#define VB_MAX_THREADS 16u

#if FAYASM_THREADS
typedef struct vpool {
    fa_module *m;
    atomic_uint next;      /* first function of the next unclaimed run */
    atomic_uint first_bad; /* lowest invalid function found, or UINT32_MAX */
} vpool;

typedef struct vworker {
    vpool *pool;
    fa_error err;
    fa_result res;
    uint32_t bad; /* the invalid function this worker found, or UINT32_MAX */
    pthread_t th;
} vworker;

static void *vworker_run(void *arg)
{
    vworker *w = arg;
    vpool *pool = w->pool;
    fa_module *m = pool->m;
    vstate vs;
    vstate_init(&vs, m, &w->err);
    for (;;) {
        uint32_t i = atomic_fetch_add(&pool->next, VB_CHUNK);
        if (i >= m->n_funcdefs || i > atomic_load(&pool->first_bad))
            break;
        uint32_t end = m->n_funcdefs - i < VB_CHUNK ? m->n_funcdefs : i + VB_CHUNK;
        for (; i < end; i++) {
            fa_result r = validate_body(&vs, i);
            if (r != FA_OK) {
                w->res = r;
                w->bad = i;
                unsigned cur = atomic_load(&pool->first_bad);
                while (i < cur && !atomic_compare_exchange_weak(&pool->first_bad, &cur, i)) {
                }
                goto done;
            }
        }
    }
done:
    vstate_free(&vs);
    return NULL;
}

/* CPUs this process may run on: its affinity mask where the system has one
 * (taskset, cpusets), else the online CPUs. */
static long usable_cpus(void)
{
#if defined(__linux__) && defined(CPU_COUNT)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
#endif
#if defined(_SC_NPROCESSORS_ONLN)
    return sysconf(_SC_NPROCESSORS_ONLN);
#else
    return 1;
#endif
}

/* How many threads to validate `bytes` of bodies with (1: this one only). */
static uint32_t vb_threads(const fa_module *m, uint64_t bytes)
{
    uint32_t want = m->rt ? m->rt->cfg.load_threads : 1;
    if (want == 0) {
        /* auto: one per online CPU, but not with an embedder's allocator,
         * which need not be thread-safe (ask for N explicitly then) */
        if (m->rt && m->rt->cfg.alloc)
            return 1;
        long cpus = usable_cpus();
        want = cpus > 1 ? (uint32_t)(cpus < VB_MAX_THREADS ? cpus : VB_MAX_THREADS) : 1;
    }
    if (want > VB_MAX_THREADS)
        want = VB_MAX_THREADS;
    uint64_t by_size = bytes / VB_BYTES_PER_THREAD;
    if (by_size < want)
        want = by_size ? (uint32_t)by_size : 1;
    uint32_t runs = m->n_funcdefs / VB_CHUNK + (m->n_funcdefs % VB_CHUNK != 0);
    if (want > runs)
        want = runs;
    return want ? want : 1;
}

static fa_result validate_bodies_parallel(vstate *vs, uint32_t n_threads)
{
    vpool pool;
    pool.m = vs->m;
    atomic_init(&pool.next, 0);
    atomic_init(&pool.first_bad, UINT32_MAX);
    vworker w[VB_MAX_THREADS];
    for (uint32_t t = 0; t < n_threads; t++) {
        fa_error_clear(&w[t].err);
        w[t].pool = &pool;
        w[t].res = FA_OK;
        w[t].bad = UINT32_MAX;
    }
    /* Workers 1.. on new threads (one that cannot start leaves its share to
     * the others), worker 0 on this thread. The new threads block every
     * signal, so the embedder's handlers still run on its own threads. */
    uint32_t started = 0;
    sigset_t all, saved;
    sigfillset(&all);
    int masked = pthread_sigmask(SIG_SETMASK, &all, &saved) == 0;
    while (started + 1 < n_threads &&
           pthread_create(&w[started + 1].th, NULL, vworker_run, &w[started + 1]) == 0)
        started++;
    if (masked)
        pthread_sigmask(SIG_SETMASK, &saved, NULL);
    vworker_run(&w[0]);
    for (uint32_t t = 1; t <= started; t++)
        pthread_join(w[t].th, NULL);
    const vworker *first = NULL;
    for (uint32_t t = 0; t <= started; t++)
        if (w[t].res != FA_OK && (!first || w[t].bad < first->bad))
            first = &w[t];
    if (!first)
        return FA_OK;
    if (vs->err)
        *vs->err = first->err;
    return first->res;
}
#endif /* FAYASM_THREADS */

static fa_result validate_bodies(vstate *vs)
{
    fa_module *m = vs->m;
    fa_result r = FA_OK;
#if FAYASM_THREADS
    uint64_t bytes = 0;
    for (uint32_t i = 0; i < m->n_funcdefs; i++)
        bytes += m->funcdefs[i].body_len;
    uint32_t n_threads = vb_threads(m, bytes);
    if (n_threads > 1)
        r = validate_bodies_parallel(vs, n_threads);
    else
#endif
        for (uint32_t i = 0; r == FA_OK && i < m->n_funcdefs; i++)
            r = validate_body(vs, i);
    for (uint32_t i = 0; r == FA_OK && i < m->n_funcdefs; i++)
        m->funcdefs[i].validated = 1;
    return r;
}

static fa_result validate_module(vstate *vs)
{
    fa_module *m = vs->m;

    vs->op_off = FA_NO_OFFSET;
    if (!m->func_declared) {
        m->func_declared = fa_calloc(m->rt, m->n_funcs, 1);
        if (!m->func_declared)
            return fail_at(vs, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
    }

    for (uint32_t i = 0; i < m->n_funcs; i++)
        if (m->func_type_idx[i] >= m->n_types)
            return INVALID("unknown type %u", (unsigned)m->func_type_idx[i]);
    for (uint32_t i = 0; i < m->n_imports; i++) {
        const fa_import *im = &m->imports[i];
        switch (im->kind) {
        case FA_EXTERN_FUNC:
            if (im->desc.type_idx >= m->n_types)
                return INVALID("unknown type %u", (unsigned)im->desc.type_idx);
            break;
        case FA_EXTERN_TABLE: FA_TRY(check_tabletype(vs, &im->desc.table)); break;
        case FA_EXTERN_MEMORY: FA_TRY(check_memtype(vs, &im->desc.mem)); break;
        default: break;
        }
    }
    for (uint32_t i = m->n_table_imports; i < m->n_tables; i++)
        FA_TRY(check_tabletype(vs, &m->tables[i]));
    for (uint32_t i = m->n_mem_imports; i < m->n_mems; i++)
        FA_TRY(check_memtype(vs, &m->mems[i]));
    if (m->n_mems > 1 && !has_feature(vs, FA_FEATURE_MULTI_MEMORY)) {
        if (FA_NO_MULTI_MEMORY)
            return UNSUPPORTED("multi-memory not supported in this build");
        return INVALID("multiple memories");
    }

    for (uint32_t i = 0; i < m->n_global_defs; i++) {
        const fa_global_def *g = &m->global_defs[i];
        vs->op_off = g->init.off;
        FA_TRY(check_const(vs, &g->init, g->type.type));
    }
    FA_TRY(check_elems(vs));
    FA_TRY(check_datas(vs));
    /* Exported functions count as declared for ref.func in bodies (C.refs). */
    for (uint32_t i = 0; i < m->n_exports; i++)
        if (m->exports[i].kind == FA_EXTERN_FUNC)
            declare_func(m, m->exports[i].index);

    if (!(m->rt && m->rt->cfg.lazy_validation))
        FA_TRY(validate_bodies(vs));

    if (m->has_start) {
        vs->op_off = FA_NO_OFFSET;
        if (m->start >= m->n_funcs)
            return INVALID("unknown function %u", (unsigned)m->start);
        const fa_type *t = fa_module_func_type(m, m->start);
        if (t->n_params != 0 || t->n_results != 0)
            return INVALID("start function");
    }
    vs->op_off = FA_NO_OFFSET;
    return check_exports(vs);
}

/* Fills vs->fast[b]: which single-byte opcodes the fast path types, and how
 * (see vfast). Memory accesses are typed for memory 0, if there is one. */
static void fast_rule(vstate *vs, unsigned b)
{
    vfast *f = &vs->fast[b];
    fa_op op = (fa_op)vs->op1[b];
    f->kind = FAST_NO;
    if (op == FA_OP_INVALID)
        return;
    switch (op) {
    case FA_OP_local_get: f->kind = FAST_LOCAL_GET; return;
    case FA_OP_local_set: f->kind = FAST_LOCAL_SET; return;
    case FA_OP_local_tee: f->kind = FAST_LOCAL_TEE; return;
    case FA_OP_global_get: f->kind = FAST_GLOBAL_GET; return;
    case FA_OP_drop: f->kind = FAST_DROP; return;
    case FA_OP_block:
        f->kind = FAST_BLOCK;
        f->imm = CTRL_BLOCK;
        return;
    case FA_OP_loop:
        f->kind = FAST_BLOCK;
        f->imm = CTRL_LOOP;
        return;
    case FA_OP_if_:
        f->kind = FAST_BLOCK;
        f->imm = CTRL_IF;
        return;
    case FA_OP_end: f->kind = FAST_END; return;
    case FA_OP_br: f->kind = FAST_BR; return;
    case FA_OP_br_if: f->kind = FAST_BR_IF; return;
    case FA_OP_call: f->kind = FAST_CALL; return;
    default: break;
    }
    const fa_opinfo *info = &fa_opinfo_table[op];
    fa_vt addr = VT_UNKNOWN;
    switch (info->imm) {
    case FA_IMM_NONE:
    case FA_IMM_I32:
    case FA_IMM_I64:
    case FA_IMM_F32:
    case FA_IMM_F64: break;
    case FA_IMM_MEMARG:
        if (vs->m->n_mems == 0 || info->memsize == 0)
            return;
        addr = vs->m->mems[0].limits.is64 ? FA_I64 : FA_I32;
        f->align = 0;
        while ((2u << f->align) <= info->memsize)
            f->align++;
        break;
    default: return;
    }
    const char *p = info->sig;
    unsigned np = 0;
    if (!p[0] || (FA_NO_FLOAT && sig_has_float(p)))
        return;
    for (; *p != ':'; p++) {
        if (np == sizeof f->pop)
            return;
        f->pop[np++] = sig_vt(*p, addr);
    }
    p++;
    f->push = p[0] ? sig_vt(p[0], addr) : 0;
    if (p[0] && p[1])
        return;
    f->n_pop = (uint8_t)np;
    f->imm = info->imm;
    f->kind = FAST_SIG;
    /* the common shapes get their own case (no inner switches) */
    if (f->imm == FA_IMM_NONE && np == 1 && f->push)
        f->kind = FAST_UNARY;
    else if (f->imm == FA_IMM_NONE && np == 2 && f->push)
        f->kind = FAST_BINARY;
    else if (f->imm == FA_IMM_MEMARG && np == 1 && f->push)
        f->kind = FAST_LOAD;
    else if (f->imm == FA_IMM_MEMARG && np == 2 && !f->push)
        f->kind = FAST_STORE;
    else if ((f->imm == FA_IMM_I32 || f->imm == FA_IMM_I64) && np == 0 && f->push)
        f->kind = FAST_CONST_LEB;
}

static void vstate_init(vstate *vs, fa_module *m, fa_error *err)
{
    memset(vs, 0, sizeof *vs);
    vs->m = m;
    vs->err = err;
    vs->features = m->rt ? m->rt->cfg.features : FA_FEATURE_ALL;
    /* vs->fast stays FAST_UNSET (memset): fast_rule runs for the opcodes a
     * body uses, which keeps vstate_init cheap for fa_validate_function. */
    for (unsigned b = 0; b < 256; b++)
        vs->op1[b] = (uint16_t)fa_op_lookup(0, b);
}

static void vstate_free(vstate *vs)
{
    fa_module *m = vs->m;
    fa_free(m->rt, vs->vals, (size_t)vs->cap_vals * sizeof *vs->vals);
    fa_free(m->rt, vs->ctrls, (size_t)vs->cap_ctrls * sizeof *vs->ctrls);
    fa_free(m->rt, vs->scratch, vs->cap_scratch);
    fa_free(m->rt, vs->run_end, (size_t)vs->cap_runs * sizeof *vs->run_end);
    fa_free(m->rt, vs->flat, vs->cap_flat);
}

fa_result fa_validate(fa_module *m, fa_error *err)
{
    vstate vs;
    vstate_init(&vs, m, err);
    fa_result res = validate_module(&vs);
    vstate_free(&vs);
    if (res != FA_OK) {
        /* Bodies were not scanned by fa_decode: a malformed one wins. */
        fa_error derr;
        fa_result dres = fa_decode_bodies(m, &derr);
        if (dres != FA_OK) {
            if (err)
                *err = derr;
            return dres;
        }
    }
    return res;
}

fa_result fa_validate_function(fa_module *m, uint32_t def_idx, fa_error *err)
{
    if (def_idx >= m->n_funcdefs)
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET, "no such function");
    if (m->funcdefs[def_idx].validated)
        return FA_OK;
    vstate vs;
    vstate_init(&vs, m, err);
    fa_result res = validate_body(&vs, def_idx);
    vstate_free(&vs);
    if (res == FA_OK)
        m->funcdefs[def_idx].validated = 1;
    return res;
}
