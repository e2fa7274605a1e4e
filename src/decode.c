/*
 * decode.c - stage 1: binary module -> fa_module (spec chapter 5, "Binary Format").
 *
 * One fa_reader runs over the whole module, as the reference interpreter's
 * stream does: a construct may read past the end of its section, and the
 * section's size is checked afterwards ("section size mismatch"). Error
 * messages and their precedence follow the reference interpreter, since the
 * spec tests match on them (prefix match).
 *
 * What is decoded here: every section, with types, imports, exports,
 * segments and limits in module.h form, and the *encoding* of every
 * instruction: constant expressions are skipped with the opcode table
 * (opcodes, immediates, LEB128 forms, "END opcode expected", "zero byte
 * expected", "malformed memop flags", "illegal opcode"), so errors come in
 * file order as the spec tests expect. Function bodies get the same scan,
 * but only when something fails (fa_decode_bodies): the validator walks every
 * body anyway and rejects every body the scan would, so a valid module is
 * walked once. Typing, index ranges, constness and alignment are the
 * validator's. ref.func operands of constant expressions and exported/elem
 * functions fill func_declared.
 * "data count section required" (memory.init / data.drop of an existing
 * segment in a body, without a data count section) is reported here, after
 * the other module checks, as the reference interpreter does.
 *
 * Feature-dependent encodings (fa_config.features):
 *   FA_FEATURE_MEMORY64 off: limits flags are the 2.0 `u1` (0x02 -> "integer
 *     too large", 0x81 -> "integer representation too long"); memory limits
 *     and memarg offsets are u32.
 *   FA_FEATURE_MEMORY64 on: limits flags are a byte (memory: bit 0 max, bit 1
 *     shared, bit 2 i64; table: bit 0 only), anything else is "malformed
 *     limits flags"; memory limits and memarg offsets are u64 (the validator
 *     checks ranges against the memory's index type).
 *   FA_FEATURE_MULTI_MEMORY off: memory immediates are a 0x00 byte ("zero
 *     byte expected") and memarg alignment >= 32 is "malformed memop flags";
 *     on: memory immediates are u32 indices, memarg flags bit 6 announces a
 *     memory index, and flags >= 128 are malformed.
 *   SIMD / relaxed SIMD / tail calls off: their opcodes are illegal.
 *
 * Invariants for fa_module_clear: every array is allocated before its count
 * is stored, elements are zeroed, and zero-length arrays stay NULL, so a
 * module is always freeable, whatever point decoding failed at.
 */
#include <stdio.h>
#include <string.h>

#include "module.h"
#include "opcodes.h"
#include "read.h"
#include "runtime.h"
#include "util/alloc.h"
#include "util/error.h"

/* Implementation limit on declared locals per function (the JS API's limit;
 * the spec's own limit is 2^32-1). Reported as "too many locals". */
#define FA_DECODE_MAX_LOCALS 50000u

#define MSG_EOF "unexpected end"
#define MSG_EOF_SECTION "unexpected end of section or function"
#define MSG_OOM "out of memory"

typedef struct fa_decoder {
    fa_module *m;
    fa_runtime *rt;
    fa_reader r;
    uint32_t features;
    int oom;
    int funcs_ready;       /* func_type_idx / func_declared built */
    uint32_t min_data_idx; /* least data index used by memory.init/data.drop in bodies */
    uint32_t n_code;       /* entries in the code section */
    int has_name;          /* first "name" custom section: [name_off, name_end) */
    size_t name_off, name_end;
    uint32_t n_deferred;   /* funcdefs[0 .. n_deferred): bodies not scanned (sec_code) */
    char msg[64]; /* formatted messages ("illegal opcode xx") */
    int unsupported; /* the error is a feature this build or config leaves out */
} fa_decoder;

/* ------------------------------------------------------------ reading */

static size_t d_off(const fa_decoder *d)
{
    return fa_reader_off(&d->r);
}

static void fail_at(fa_decoder *d, size_t at, const char *msg)
{
    if (!d->r.err) {
        d->r.err = msg;
        d->r.err_off = at;
    }
    d->r.p = d->r.end;
}

static int failed(const fa_decoder *d)
{
    return d->r.err != NULL;
}

static void *d_alloc(fa_decoder *d, size_t n, size_t size)
{
    if (n == 0)
        return NULL;
    void *p = fa_calloc(d->rt, n, size);
    if (!p) {
        d->oom = 1;
        fail_at(d, d_off(d), MSG_OOM);
    }
    return p;
}

static uint8_t rd_u8(fa_decoder *d)
{
    return fa_read_u8(&d->r);
}
static uint32_t rd_u32(fa_decoder *d)
{
    return fa_read_u32(&d->r);
}

/* A vector length or byte count: at most the bytes left in the module,
 * counted from the start of the LEB (the reference interpreter's len32). */
static uint32_t rd_len(fa_decoder *d)
{
    size_t at = d_off(d);
    uint32_t n = fa_read_u32(&d->r);
    if (failed(d))
        return 0;
    if (n > d->m->n_bytes - at) {
        fail_at(d, at, "length out of bounds");
        return 0;
    }
    return n;
}

/* Valid UTF-8 (no overlongs, surrogates or code points above U+10FFFF). */
static int utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        uint32_t cp, min;
        size_t len;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1Fu, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0Fu, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07u, min = 0x10000;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

/* A name: bytes must be UTF-8. Returns the raw bytes (not copied) and length. */
static const uint8_t *rd_name_raw(fa_decoder *d, uint32_t *len)
{
    size_t at = d_off(d);
    uint32_t n = rd_len(d);
    const uint8_t *s = failed(d) ? NULL : fa_read_bytes(&d->r, n);
    if (!s)
        return NULL;
    if (!utf8_valid(s, n)) {
        fail_at(d, at, "malformed UTF-8 encoding");
        return NULL;
    }
    *len = n;
    return s;
}

/* A name copied into a NUL-terminated string of len+1 bytes (the name may
 * itself contain NULs; *len keeps its real length). */
static char *rd_name(fa_decoder *d, uint32_t *len)
{
    const uint8_t *s = rd_name_raw(d, len);
    if (!s)
        return NULL;
    char *p = fa_strndup(d->rt, (const char *)s, *len);
    if (!p) {
        d->oom = 1;
        fail_at(d, d_off(d), MSG_OOM);
    }
    return p;
}

/* SIMD is part of wasm 2.0: when it is off, a module using it is
 * FA_ERR_UNSUPPORTED, not malformed. FAYASM_SIMD=0 (fayasm_config.h)
 * compiles it out; otherwise fa_config.features leaves it off. */
#if defined(FAYASM_SIMD) && !FAYASM_SIMD
#define MSG_NO_SIMD "SIMD not supported in this build"
#else
#define MSG_NO_SIMD "SIMD not enabled"
#endif

static void fail_unsupported(fa_decoder *d, size_t at, const char *msg)
{
    if (!failed(d))
        d->unsupported = 1;
    fail_at(d, at, msg);
}

/* Groups that fayasm_config.h compiles out (FA_CODE_* in code.h drop their
 * handlers): a module that needs one is FA_ERR_UNSUPPORTED at load, before
 * any encoding rule of the disabled proposal can call it malformed. */
#if defined(FAYASM_FLOAT) && !FAYASM_FLOAT
#define FA_NO_FLOAT 1
#define MSG_NO_FLOAT "floating point not supported in this build"
#else
#define FA_NO_FLOAT 0
#endif
#if defined(FAYASM_MEMORY64) && !FAYASM_MEMORY64
#define FA_NO_MEMORY64 1
#else
#define FA_NO_MEMORY64 0
#endif
#if defined(FAYASM_MULTI_MEMORY) && !FAYASM_MULTI_MEMORY
#define FA_NO_MULTI_MEMORY 1
#define MSG_NO_MULTI_MEMORY "multi-memory not supported in this build"
#else
#define FA_NO_MULTI_MEMORY 0
#endif
#if defined(FAYASM_TAIL_CALL) && !FAYASM_TAIL_CALL
#define FA_NO_TAIL_CALL 1
#else
#define FA_NO_TAIL_CALL 0
#endif

/* Value types are s7 in the binary (as the reference interpreter reads them). */
static fa_vt rd_valtype(fa_decoder *d)
{
    size_t at = d_off(d);
    int64_t v = fa_read_sleb(&d->r, 7);
    if (failed(d))
        return 0;
    fa_vt t = (fa_vt)(v & 0x7F);
    switch (t) {
    case FA_F32:
    case FA_F64:
#if FA_NO_FLOAT
        fail_unsupported(d, at, MSG_NO_FLOAT);
        return 0;
#endif
    case FA_I32:
    case FA_I64:
    case FA_FUNCREF:
    case FA_EXTERNREF: return t;
    case FA_V128:
        if (!(d->features & FA_FEATURE_SIMD)) {
            fail_unsupported(d, at, MSG_NO_SIMD);
            return 0;
        }
        return t;
    default: fail_at(d, at, "malformed value type"); return 0;
    }
}

static fa_vt rd_reftype(fa_decoder *d)
{
    size_t at = d_off(d);
    int64_t v = fa_read_sleb(&d->r, 7);
    if (failed(d))
        return 0;
    fa_vt t = (fa_vt)(v & 0x7F);
    if (t != FA_FUNCREF && t != FA_EXTERNREF) {
        fail_at(d, at, "malformed reference type");
        return 0;
    }
    return t;
}

static void rd_limits(fa_decoder *d, fa_limits_t *l, int is_mem)
{
    size_t at = d_off(d);
    unsigned flags;
    int mem64 = (d->features & FA_FEATURE_MEMORY64) != 0;
    if (mem64) {
        flags = rd_u8(d);
        if (failed(d))
            return;
        if (flags & ~(is_mem ? 0x07u : 0x01u)) {
            fail_at(d, at, "malformed limits flags");
            return;
        }
    } else {
#if FA_NO_MEMORY64
        /* flags 0x04-0x07: an i64 memory */
        if (is_mem && !fa_reader_eof(&d->r) && (*d->r.p & 0xFCu) == 0x04) {
            fail_unsupported(d, at, "memory64 not supported in this build");
            return;
        }
#endif
        /* Wasm 2.0: the flag is a u1 ("integer too large" for 0x02...). */
        flags = (unsigned)fa_read_uleb(&d->r, 1);
    }
    l->has_max = (uint8_t)(flags & 1);
    l->shared = (uint8_t)((flags >> 1) & 1);
    l->is64 = (uint8_t)((flags >> 2) & 1);
    unsigned bits = (is_mem && mem64) ? 64 : 32;
    l->min = fa_read_uleb(&d->r, bits);
    l->max = l->has_max ? fa_read_uleb(&d->r, bits) : 0;
}

static void rd_tabletype(fa_decoder *d, fa_tabletype *t)
{
    t->elem_type = rd_reftype(d);
    rd_limits(d, &t->limits, 0);
}

static void rd_globaltype(fa_decoder *d, fa_globaltype *g)
{
    g->type = rd_valtype(d);
    size_t at = d_off(d);
    uint8_t mut = rd_u8(d);
    if (failed(d))
        return;
    if (mut > 1) {
        fail_at(d, at, "malformed mutability");
        return;
    }
    g->mut = mut;
}

/* ------------------------------------------------- function index space */

/* Builds func_type_idx and func_declared once the function index space is
 * final (after the function section, or when a later section is reached). */
static void build_funcs(fa_decoder *d, uint32_t n_defs)
{
    fa_module *m = d->m;
    if (d->funcs_ready)
        return;
    d->funcs_ready = 1;
    uint64_t n = (uint64_t)m->n_func_imports + n_defs;
    if (n > UINT32_MAX) {
        fail_at(d, d_off(d), "too many functions");
        return;
    }
    if (n == 0)
        return;
    m->func_type_idx = d_alloc(d, (size_t)n, sizeof(uint32_t));
    m->func_declared = d_alloc(d, (size_t)n, 1);
    if (!m->func_type_idx || !m->func_declared) {
        /* keep n_funcs consistent with both arrays for fa_module_clear */
        fa_free(d->rt, m->func_type_idx, (size_t)n * sizeof(uint32_t));
        fa_free(d->rt, m->func_declared, (size_t)n);
        m->func_type_idx = NULL;
        m->func_declared = NULL;
        return;
    }
    m->n_funcs = (uint32_t)n;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->n_imports; i++)
        if (m->imports[i].kind == FA_EXTERN_FUNC)
            m->func_type_idx[k++] = m->imports[i].desc.type_idx;
}

static void declare_func(fa_decoder *d, uint32_t idx)
{
    if (idx < d->m->n_funcs && d->m->func_declared)
        d->m->func_declared[idx] = 1;
}

/* ------------------------------------------------------- instructions */

/* Memory index immediate: a zero byte (2.0) or a u32 (multi-memory). */
static void skip_memidx(fa_decoder *d)
{
    if (d->features & FA_FEATURE_MULTI_MEMORY) {
        (void)rd_u32(d);
    } else {
        size_t at = d_off(d);
        if (rd_u8(d) != 0 && !failed(d)) {
#if FA_NO_MULTI_MEMORY
            fail_unsupported(d, at, MSG_NO_MULTI_MEMORY);
#else
            fail_at(d, at, "zero byte expected");
#endif
        }
    }
}

/*
 * memarg: flags (alignment exponent; with multi-memory, bit 6 says a memory
 * index follows), [memory index], offset (u64 with memory64, else u32).
 * Without multi-memory an exponent >= 32 is malformed; with it, flags >= 128
 * are. Larger-than-natural alignment is the validator's business.
 */
static void skip_memarg(fa_decoder *d)
{
    size_t at = d_off(d);
    uint32_t flags = rd_u32(d);
    if (failed(d))
        return;
    if (d->features & FA_FEATURE_MULTI_MEMORY) {
        if (flags >= 0x80) {
            fail_at(d, at, "malformed memop flags");
            return;
        }
        if (flags & 0x40)
            (void)rd_u32(d);
    } else if (flags >= 32) {
#if FA_NO_MULTI_MEMORY
        if ((flags & 0xC0u) == 0x40u) { /* bit 6: a memory index follows */
            fail_unsupported(d, at, MSG_NO_MULTI_MEMORY);
            return;
        }
#endif
        fail_at(d, at, "malformed memop flags");
        return;
    }
    (void)fa_read_uleb(&d->r, (d->features & FA_FEATURE_MEMORY64) ? 64 : 32);
}

static void note_data_idx(fa_decoder *d, int in_body, uint32_t idx)
{
    if (in_body && !failed(d) && idx < d->min_data_idx)
        d->min_data_idx = idx;
}

/* Block type: 0x40, a value type, or a non-negative s33 type index. */
static void skip_blocktype(fa_decoder *d)
{
    if (fa_reader_eof(&d->r)) {
        (void)rd_u8(d);
        return;
    }
    uint8_t b = *d->r.p;
    if (b == 0x40)
        d->r.p++;
    else if ((b & 0xC0) == 0x40)
        (void)rd_valtype(d);
    else
        (void)fa_read_s33(&d->r);
}

/*
 * Skips instructions up to the `end` that closes depth 0 and returns the
 * range read, including that end. Only the encoding is checked (opcodes and
 * immediates, with the reference interpreter's messages); typing and
 * constness are the validator's. Like the reference interpreter this may
 * read past the end of the enclosing construct; the caller checks sizes.
 * in_body: a function body (notes memory.init/data.drop for "data count
 * section required"); otherwise a constant expression, whose ref.func
 * operands are marked in func_declared.
 */
static fa_expr skip_instrs(fa_decoder *d, int in_body)
{
    fa_expr e = {0, 0};
    size_t start = d_off(d);
    uint32_t depth = 0;
    uint32_t feat = d->features;
    for (;;) {
        size_t op_off = d_off(d);
        uint8_t b = rd_u8(d);
        if (failed(d))
            return e;
        if (b == 0x0B) {
            if (depth == 0)
                break;
            depth--;
            continue;
        }
        if (b == 0x05 && depth == 0) {
            fail_at(d, op_off, "END opcode expected");
            return e;
        }
        unsigned prefix = 0;
        uint32_t code = b;
        if (b == 0xFC || b == 0xFD) {
            prefix = b;
            code = rd_u32(d);
            if (failed(d))
                return e;
        }
        fa_op op = fa_op_lookup(prefix, code);
        int imm = op == FA_OP_INVALID ? -1 : (int)fa_opinfo_table[op].imm;
        if (prefix == 0xFD) {
            if (!(feat & FA_FEATURE_SIMD) && code < 0x100) {
                fail_unsupported(d, op_off, MSG_NO_SIMD);
                return e;
            }
            if (!(feat & FA_FEATURE_SIMD) || (code >= 0x100 && !(feat & FA_FEATURE_RELAXED_SIMD)))
                imm = -1;
        }
        if ((b == 0x12 || b == 0x13) && !(feat & FA_FEATURE_TAIL_CALL)) {
            if (FA_NO_TAIL_CALL) {
                fail_unsupported(d, op_off, "tail calls not supported in this build");
                return e;
            }
            imm = -1;
        }
#if FA_NO_FLOAT
        /* f32/f64 operands or results: 'f'/'F' in the row's signature */
        for (const char *t = imm >= 0 ? fa_opinfo_table[op].sig : ""; *t; t++)
            if (*t == 'f' || *t == 'F') {
                fail_unsupported(d, op_off, MSG_NO_FLOAT);
                return e;
            }
#endif
        if (imm < 0) {
            if (prefix)
                fa_snprintf(d->msg, sizeof d->msg, "illegal opcode %02x %02x", prefix,
                            (unsigned)code);
            else
                fa_snprintf(d->msg, sizeof d->msg, "illegal opcode %02x", b);
            fail_at(d, op_off, d->msg);
            return e;
        }
        switch ((fa_imm)imm) {
        case FA_IMM_NONE: break;
        case FA_IMM_BLOCKTYPE:
            skip_blocktype(d);
            depth++;
            break;
        case FA_IMM_BR_TABLE: {
            uint32_t n = rd_len(d);
            for (uint32_t i = 0; i <= n && !failed(d); i++)
                (void)rd_u32(d);
            break;
        }
        case FA_IMM_FUNC: {
            uint32_t idx = rd_u32(d);
            if (op == FA_OP_ref_func && !in_body && !failed(d))
                declare_func(d, idx);
            break;
        }
        case FA_IMM_DATA: note_data_idx(d, in_body, rd_u32(d)); break;
        case FA_IMM_LABEL:
        case FA_IMM_LOCAL:
        case FA_IMM_GLOBAL:
        case FA_IMM_TABLE:
        case FA_IMM_ELEM: (void)rd_u32(d); break;
        case FA_IMM_CALL_INDIRECT:
        case FA_IMM_TABLE_INIT:
        case FA_IMM_TABLE_COPY:
            (void)rd_u32(d);
            (void)rd_u32(d);
            break;
        case FA_IMM_MEMARG: skip_memarg(d); break;
        case FA_IMM_MEMORY: skip_memidx(d); break;
        case FA_IMM_MEMORY_INIT:
            note_data_idx(d, in_body, rd_u32(d));
            skip_memidx(d);
            break;
        case FA_IMM_MEMORY_COPY:
            skip_memidx(d);
            skip_memidx(d);
            break;
        case FA_IMM_I32: (void)fa_read_s32(&d->r); break;
        case FA_IMM_I64: (void)fa_read_s64(&d->r); break;
        case FA_IMM_F32: (void)fa_read_bytes(&d->r, 4); break;
        case FA_IMM_F64: (void)fa_read_bytes(&d->r, 8); break;
        case FA_IMM_V128:
        case FA_IMM_SHUFFLE: (void)fa_read_bytes(&d->r, 16); break;
        case FA_IMM_SELECT_T: {
            uint32_t n = rd_len(d);
            for (uint32_t i = 0; i < n && !failed(d); i++)
                (void)rd_valtype(d);
            break;
        }
        case FA_IMM_REFTYPE: (void)rd_reftype(d); break;
        case FA_IMM_LANE: (void)rd_u8(d); break;
        case FA_IMM_MEMARG_LANE:
            skip_memarg(d);
            (void)rd_u8(d);
            break;
        }
        if (failed(d))
            return e;
    }
    e.off = (uint32_t)start;
    e.len = (uint32_t)(d_off(d) - start);
    return e;
}

/* Most constant expressions are `i32.const n end` or `i64.const n end`
 * (segment offsets, global initialisers); with a LEB128 of at most 4 bytes
 * their encoding cannot be wrong, so they skip the general scan. */
static fa_expr rd_const_expr(fa_decoder *d)
{
    const uint8_t *p = d->r.p;
    size_t left = fa_reader_left(&d->r);
    if (left >= 3 && (p[0] == 0x41 || p[0] == 0x42)) {
        size_t i = 1;
        while (i < 4 && i < left && (p[i] & 0x80))
            i++;
        if (i + 1 < left && !(p[i] & 0x80) && p[i + 1] == 0x0B) {
            fa_expr e = {(uint32_t)d_off(d), (uint32_t)(i + 2)};
            d->r.p += i + 2;
            return e;
        }
    }
    return skip_instrs(d, 0);
}

/* ------------------------------------------------------------ sections */

static void sec_type(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d) || n == 0)
        return;
    m->types = d_alloc(d, n, sizeof(fa_type));
    if (!m->types)
        return;
    m->n_types = n;
    for (uint32_t i = 0; i < n && !failed(d); i++) {
        fa_type *t = &m->types[i];
        size_t at = d_off(d);
        int64_t form = fa_read_sleb(&d->r, 7);
        if (failed(d))
            return;
        if (form != -0x20) {
            fail_at(d, at, "malformed function type");
            return;
        }
        uint32_t np = rd_len(d);
        if (failed(d))
            return;
        t->vts = d_alloc(d, np, sizeof(fa_vt));
        if (failed(d))
            return;
        t->n_params = np;
        for (uint32_t k = 0; k < np && !failed(d); k++)
            t->vts[k] = rd_valtype(d);
        uint32_t nr = rd_len(d);
        if (failed(d) || nr == 0)
            continue;
        if ((uint64_t)np + nr > UINT32_MAX) {
            fail_at(d, d_off(d), "length out of bounds");
            return;
        }
        fa_vt *vts =
            np ? fa_realloc(d->rt, t->vts, np * sizeof(fa_vt), ((size_t)np + nr) * sizeof(fa_vt))
               : d_alloc(d, nr, sizeof(fa_vt));
        if (!vts) {
            if (!failed(d)) {
                d->oom = 1;
                fail_at(d, d_off(d), MSG_OOM);
            }
            return;
        }
        t->vts = vts;
        t->n_results = nr;
        for (uint32_t k = 0; k < nr && !failed(d); k++)
            t->vts[np + k] = rd_valtype(d);
    }
}

static void sec_import(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d) || n == 0)
        return;
    m->imports = d_alloc(d, n, sizeof(fa_import));
    if (!m->imports)
        return;
    m->n_imports = n;
    for (uint32_t i = 0; i < n && !failed(d); i++) {
        fa_import *im = &m->imports[i];
        im->module_name = rd_name(d, &im->module_name_len);
        if (failed(d))
            return;
        im->name = rd_name(d, &im->name_len);
        if (failed(d))
            return;
        size_t at = d_off(d);
        uint8_t kind = rd_u8(d);
        if (failed(d))
            return;
        im->kind = kind;
        switch (kind) {
        case FA_EXTERN_FUNC:
            im->desc.type_idx = rd_u32(d);
            m->n_func_imports++;
            break;
        case FA_EXTERN_TABLE:
            rd_tabletype(d, &im->desc.table);
            m->n_table_imports++;
            break;
        case FA_EXTERN_MEMORY:
            rd_limits(d, &im->desc.mem.limits, 1);
            m->n_mem_imports++;
            break;
        case FA_EXTERN_GLOBAL:
            rd_globaltype(d, &im->desc.global);
            m->n_global_imports++;
            break;
        default: fail_at(d, at, "malformed import kind"); return;
        }
    }
}

static void sec_func(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d))
        return;
    if (n) {
        m->funcdefs = d_alloc(d, n, sizeof(fa_funcdef));
        if (!m->funcdefs)
            return;
        m->n_funcdefs = n;
    }
    for (uint32_t i = 0; i < n && !failed(d); i++)
        m->funcdefs[i].type_idx = rd_u32(d);
    if (failed(d))
        return;
    build_funcs(d, n);
    for (uint32_t i = 0; i < n && m->func_type_idx; i++)
        m->func_type_idx[m->n_func_imports + i] = m->funcdefs[i].type_idx;
}

/* Allocate the table/memory/global index spaces (imports first) and copy
 * the imported types into them; definitions are filled by their sections. */
static void build_tables(fa_decoder *d, uint32_t n_defs)
{
    fa_module *m = d->m;
    if (m->tables || m->n_tables)
        return;
    uint64_t n = (uint64_t)m->n_table_imports + n_defs;
    if (n == 0 || n > UINT32_MAX)
        return;
    m->tables = d_alloc(d, (size_t)n, sizeof(fa_tabletype));
    if (!m->tables)
        return;
    m->n_tables = (uint32_t)n;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->n_imports; i++)
        if (m->imports[i].kind == FA_EXTERN_TABLE)
            m->tables[k++] = m->imports[i].desc.table;
}

static void build_mems(fa_decoder *d, uint32_t n_defs)
{
    fa_module *m = d->m;
    if (m->mems || m->n_mems)
        return;
    uint64_t n = (uint64_t)m->n_mem_imports + n_defs;
    if (n == 0 || n > UINT32_MAX)
        return;
    m->mems = d_alloc(d, (size_t)n, sizeof(fa_memtype));
    if (!m->mems)
        return;
    m->n_mems = (uint32_t)n;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->n_imports; i++)
        if (m->imports[i].kind == FA_EXTERN_MEMORY)
            m->mems[k++] = m->imports[i].desc.mem;
}

static void build_globals(fa_decoder *d, uint32_t n_defs)
{
    fa_module *m = d->m;
    if (m->global_types || m->n_globals)
        return;
    uint64_t n = (uint64_t)m->n_global_imports + n_defs;
    if (n == 0 || n > UINT32_MAX)
        return;
    m->global_types = d_alloc(d, (size_t)n, sizeof(fa_globaltype));
    if (!m->global_types)
        return;
    m->n_globals = (uint32_t)n;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->n_imports; i++)
        if (m->imports[i].kind == FA_EXTERN_GLOBAL)
            m->global_types[k++] = m->imports[i].desc.global;
}

static void sec_table(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d))
        return;
    build_tables(d, n);
    for (uint32_t i = 0; i < n && !failed(d) && m->tables; i++)
        rd_tabletype(d, &m->tables[m->n_table_imports + i]);
}

static void sec_mem(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d))
        return;
    build_mems(d, n);
    for (uint32_t i = 0; i < n && !failed(d) && m->mems; i++)
        rd_limits(d, &m->mems[m->n_mem_imports + i].limits, 1);
}

static void sec_global(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d))
        return;
    build_globals(d, n);
    if (failed(d) || n == 0)
        return;
    m->global_defs = d_alloc(d, n, sizeof(fa_global_def));
    if (!m->global_defs)
        return;
    m->n_global_defs = n;
    for (uint32_t i = 0; i < n && !failed(d); i++) {
        fa_global_def *g = &m->global_defs[i];
        rd_globaltype(d, &g->type);
        if (failed(d))
            return;
        m->global_types[m->n_global_imports + i] = g->type;
        g->init = rd_const_expr(d);
    }
}

static void sec_export(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d) || n == 0)
        return;
    m->exports = d_alloc(d, n, sizeof(fa_export));
    if (!m->exports)
        return;
    m->n_exports = n;
    for (uint32_t i = 0; i < n && !failed(d); i++) {
        fa_export *ex = &m->exports[i];
        ex->name = rd_name(d, &ex->name_len);
        if (failed(d))
            return;
        size_t at = d_off(d);
        uint8_t kind = rd_u8(d);
        if (failed(d))
            return;
        if (kind > FA_EXTERN_GLOBAL) {
            fail_at(d, at, "malformed export kind");
            return;
        }
        ex->kind = kind;
        ex->index = rd_u32(d);
        if (kind == FA_EXTERN_FUNC && !failed(d))
            declare_func(d, ex->index);
    }
}

static void sec_start(fa_decoder *d)
{
    d->m->start = rd_u32(d);
    d->m->has_start = !failed(d);
}

static void rd_elemkind(fa_decoder *d, fa_elem *e)
{
    size_t at = d_off(d);
    uint8_t k = rd_u8(d);
    if (failed(d))
        return;
    if (k != 0x00) {
        fail_at(d, at, "malformed element kind");
        return;
    }
    e->type = FA_FUNCREF;
}

static void sec_elem(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d) || n == 0)
        return;
    m->elems = d_alloc(d, n, sizeof(fa_elem));
    if (!m->elems)
        return;
    m->n_elems = n;
    for (uint32_t i = 0; i < n && !failed(d); i++) {
        fa_elem *e = &m->elems[i];
        size_t at = d_off(d);
        uint32_t flags = rd_u32(d);
        if (failed(d))
            return;
        if (flags > 7) {
            fail_at(d, at, "malformed elements segment kind");
            return;
        }
        /* bit 0: passive/declarative (bit 1 set: declarative) or active with
         * explicit table (bit 1); bit 2: expressions instead of indices */
        e->type = FA_FUNCREF;
        if (flags & 1) {
            e->mode = (flags & 2) ? FA_SEG_DECLARATIVE : FA_SEG_PASSIVE;
        } else {
            e->mode = FA_SEG_ACTIVE;
            if (flags & 2)
                e->table_idx = rd_u32(d);
            e->offset = rd_const_expr(d);
        }
        if (flags & 3) { /* explicit elemkind / reftype */
            if (flags & 4)
                e->type = rd_reftype(d);
            else
                rd_elemkind(d, e);
        }
        uint32_t cnt = rd_len(d);
        if (failed(d) || cnt == 0)
            continue;
        if (flags & 4) {
            e->exprs = d_alloc(d, cnt, sizeof(fa_expr));
            if (!e->exprs)
                return;
            e->n = cnt;
            for (uint32_t k = 0; k < cnt && !failed(d); k++)
                e->exprs[k] = rd_const_expr(d);
        } else {
            e->func_idx = d_alloc(d, cnt, sizeof(uint32_t));
            if (!e->func_idx)
                return;
            e->n = cnt;
            for (uint32_t k = 0; k < cnt && !failed(d); k++) {
                e->func_idx[k] = rd_u32(d);
                if (!failed(d))
                    declare_func(d, e->func_idx[k]);
            }
        }
    }
}

static void sec_datacount(fa_decoder *d)
{
    d->m->data_count = rd_u32(d);
    d->m->has_data_count = !failed(d);
}

static void sec_code(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d))
        return;
    d->n_code = n;
    for (uint32_t i = 0; i < n && !failed(d); i++) {
        size_t code_off = d_off(d);
        uint32_t size = rd_len(d);
        if (failed(d))
            return;
        size_t start = d_off(d), end = start + size;
        fa_funcdef *f = i < m->n_funcdefs ? &m->funcdefs[i] : NULL;
        size_t locals_off = d_off(d);
        uint32_t nruns = rd_len(d);
        if (failed(d))
            return;
        if (f && nruns) {
            f->localruns = d_alloc(d, nruns, sizeof(fa_localrun));
            if (!f->localruns)
                return;
            f->n_localruns = nruns;
        }
        uint64_t total = 0;
        for (uint32_t k = 0; k < nruns && !failed(d); k++) {
            uint32_t cnt = rd_u32(d);
            fa_vt t = rd_valtype(d);
            total += cnt;
            if (f) {
                f->localruns[k].count = cnt;
                f->localruns[k].type = t;
            }
        }
        if (failed(d))
            return;
        if (total > FA_DECODE_MAX_LOCALS) {
            fail_at(d, locals_off, "too many locals");
            return;
        }
        size_t body_off = d_off(d);
        if (d->rt && d->rt->cfg.lazy_validation) {
            /* the body is checked on first use (fa_validate_function) */
            if (body_off > end) {
                fail_at(d, start, "section size mismatch");
                return;
            }
            (void)fa_read_bytes(&d->r, end - body_off); /* fails past the input's end */
        } else if (f && body_off <= end && end <= m->n_bytes) {
            /* Deferred: the validator reads every body anyway, and rejects
             * whatever skip_instrs would; only on an error is the encoding
             * scan run (scan_deferred, fa_decode_bodies), so that a malformed
             * body still wins in file order. One walk instead of two. */
            d->r.p += end - body_off;
            d->n_deferred = i + 1;
        } else {
            (void)skip_instrs(d, 1);
        }
        if (failed(d))
            return;
        if (d_off(d) != end) {
            fail_at(d, start, "section size mismatch");
            return;
        }
        if (f) {
            f->n_locals = (uint32_t)total;
            f->code_off = (uint32_t)code_off;
            f->body_off = (uint32_t)body_off;
            f->body_len = (uint32_t)(end - body_off);
        }
    }
}

static void sec_data(fa_decoder *d)
{
    fa_module *m = d->m;
    uint32_t n = rd_len(d);
    if (failed(d) || n == 0)
        return;
    m->datas = d_alloc(d, n, sizeof(fa_data));
    if (!m->datas)
        return;
    m->n_datas = n;
    for (uint32_t i = 0; i < n && !failed(d); i++) {
        fa_data *s = &m->datas[i];
        size_t at = d_off(d);
        uint32_t flags = rd_u32(d);
        if (failed(d))
            return;
        switch (flags) {
        case 0:
            s->mode = FA_SEG_ACTIVE;
            s->offset = rd_const_expr(d);
            break;
        case 1: s->mode = FA_SEG_PASSIVE; break;
        case 2:
            s->mode = FA_SEG_ACTIVE;
            s->mem_idx = rd_u32(d);
            s->offset = rd_const_expr(d);
            break;
        default: fail_at(d, at, "malformed data segment kind"); return;
        }
        uint32_t len = rd_len(d);
        if (failed(d))
            return;
        s->data_off = (uint32_t)d_off(d);
        if (fa_read_bytes(&d->r, len))
            s->data_len = len;
    }
}

static void sec_custom(fa_decoder *d, size_t end)
{
    uint32_t len = 0;
    if (end > d->m->n_bytes) { /* rd_len admits a size up to its own LEB's length past the end */
        fail_at(d, d->m->n_bytes, MSG_EOF_SECTION);
        return;
    }
    const uint8_t *name = rd_name_raw(d, &len);
    if (failed(d))
        return;
    if (d_off(d) > end) {
        fail_at(d, d->m->n_bytes, MSG_EOF_SECTION);
        return;
    }
    if (!d->has_name && len == 4 && memcmp(name, "name", 4) == 0) {
        d->has_name = 1;
        d->name_off = d_off(d);
        d->name_end = end;
    }
    d->r.p = d->r.base + end;
}

/* ---------------------------------------------------------- name section */

/* Names are optional: any malformation stops parsing silently, keeping what
 * was read. The reader is bounded by the section, so nothing is read outside. */
static char *name_copy(fa_decoder *d, const uint8_t *s, uint32_t len)
{
    if (!utf8_valid(s, len))
        return NULL;
    const uint8_t *nul = memchr(s, 0, len);
    size_t n = nul ? (size_t)(nul - s) : len; /* freed with strlen+1 */
    return fa_strndup(d->rt, (const char *)s, n);
}

static void parse_names(fa_decoder *d)
{
    fa_module *m = d->m;
    fa_reader r;
    fa_reader_init(&r, m->bytes, d->name_off, d->name_end);
    while (!fa_reader_eof(&r) && !r.err) {
        uint8_t id = fa_read_u8(&r);
        uint32_t size = fa_read_u32(&r);
        if (r.err || size > fa_reader_left(&r))
            return;
        fa_reader sub;
        size_t start = fa_reader_off(&r);
        fa_reader_init(&sub, m->bytes, start, start + size);
        r.p += size;
        if (id == 0 && !m->module_name) {
            uint32_t len = fa_read_u32(&sub);
            const uint8_t *s = sub.err ? NULL : fa_read_bytes(&sub, len);
            if (s)
                m->module_name = name_copy(d, s, len);
        } else if (id == 1 && m->n_funcs) {
            uint32_t cnt = fa_read_u32(&sub);
            if (!m->func_names && !sub.err) {
                m->func_names = fa_calloc(d->rt, m->n_funcs, sizeof(char *));
                if (!m->func_names)
                    return;
            }
            for (uint32_t i = 0; i < cnt && !sub.err; i++) {
                uint32_t idx = fa_read_u32(&sub);
                uint32_t len = fa_read_u32(&sub);
                const uint8_t *s = sub.err ? NULL : fa_read_bytes(&sub, len);
                if (!s)
                    break;
                if (idx >= m->n_funcs || m->func_names[idx])
                    continue;
                m->func_names[idx] = name_copy(d, s, len);
            }
        }
    }
}

/* ------------------------------------------------------------ module */

/* Order of the known sections (custom sections aside): data count (12)
 * comes between element (9) and code (10). */
static unsigned section_rank(unsigned id)
{
    switch (id) {
    case 12: return 10;
    case 10: return 11;
    case 11: return 12;
    default: return id;
    }
}

static void decode_sections(fa_decoder *d)
{
    fa_module *m = d->m;
    unsigned last_rank = 0;
    while (!fa_reader_eof(&d->r) && !failed(d)) {
        size_t id_off = d_off(d);
        uint8_t id = rd_u8(d);
        if (id > 12) {
            fail_at(d, id_off, "malformed section id");
            return;
        }
        if (id != 0) {
            unsigned rank = section_rank(id);
            if (rank <= last_rank) {
                fail_at(d, id_off, "unexpected content after last section");
                return;
            }
            last_rank = rank;
        }
        uint32_t size = rd_len(d);
        if (failed(d))
            return;
        size_t start = d_off(d), end = start + size;
        /* Sections after the function section see the final index space. */
        if (id > 3 && id != 12 && !d->funcs_ready)
            build_funcs(d, 0);
        if (id > 4 && id != 12)
            build_tables(d, 0);
        if (id > 5 && id != 12)
            build_mems(d, 0);
        if (id > 6 && id != 12)
            build_globals(d, 0);
        switch (id) {
        case 0: sec_custom(d, end); break;
        case 1: sec_type(d); break;
        case 2: sec_import(d); break;
        case 3: sec_func(d); break;
        case 4: sec_table(d); break;
        case 5: sec_mem(d); break;
        case 6: sec_global(d); break;
        case 7: sec_export(d); break;
        case 8: sec_start(d); break;
        case 9: sec_elem(d); break;
        case 10: sec_code(d); break;
        case 11: sec_data(d); break;
        case 12: sec_datacount(d); break;
        }
        if (failed(d))
            return;
        if (d_off(d) != end) {
            fail_at(d, start, "section size mismatch");
            return;
        }
    }
    if (failed(d))
        return;
    if (d->n_code != m->n_funcdefs) {
        fail_at(d, m->n_bytes, "function and code section have inconsistent lengths");
        return;
    }
    if (m->has_data_count && m->data_count != m->n_datas) {
        fail_at(d, m->n_bytes, "data count and data section have inconsistent lengths");
        return;
    }
    /* Only for an index that names a segment: a body naming a missing
     * segment is invalid ("unknown data segment", the validator's), which
     * binaries from text with no data segments (and so no data count
     * section) must still report. Deferred bodies (sec_code) are not
     * counted here: fa_decode_bodies repeats this check after scanning
     * them, and runs because such a body fails validation (check_data_idx). */
    if (!m->has_data_count && d->min_data_idx < m->n_datas) {
        fail_at(d, m->n_bytes, "data count section required");
        return;
    }
    build_funcs(d, 0);
    build_tables(d, 0);
    build_mems(d, 0);
    build_globals(d, 0);
}

/* The encoding check sec_code deferred for f's body: exactly what sec_code
 * does for a body it checks at once. */
static void scan_body(fa_decoder *d, const fa_funcdef *f)
{
    d->r.p = d->r.base + f->code_off;
    (void)rd_len(d); /* the entry's size, read once before without error */
    size_t start = d_off(d), end = (size_t)f->body_off + f->body_len;
    d->r.p = d->r.base + f->body_off;
    (void)skip_instrs(d, 1);
    if (!failed(d) && d_off(d) != end)
        fail_at(d, start, "section size mismatch");
}

/* Decoding failed after some bodies were deferred: those come earlier in the
 * file, so an encoding error in one of them is the error to report. */
static void scan_deferred(fa_decoder *d)
{
    fa_reader saved = d->r;
    int saved_unsupported = d->unsupported, saved_oom = d->oom;
    for (uint32_t i = 0; i < d->n_deferred; i++) {
        d->r.err = NULL;
        d->unsupported = 0;
        scan_body(d, &d->m->funcdefs[i]);
        if (failed(d)) {
            d->oom = 0;
            return;
        }
    }
    d->r = saved;
    d->unsupported = saved_unsupported;
    d->oom = saved_oom;
}

static void decoder_init(fa_decoder *d, fa_module *m)
{
    static const uint8_t empty[1] = {0};
    memset(d, 0, sizeof *d);
    d->m = m;
    d->rt = m->rt;
    d->features = m->rt ? m->rt->cfg.features : FA_FEATURE_ALL;
    d->min_data_idx = UINT32_MAX;
    fa_reader_init(&d->r, m->bytes ? m->bytes : empty, 0, m->bytes ? m->n_bytes : 0);
}

/* The decoder's error as a result code and message. */
static fa_result report(fa_decoder *d, fa_error *err)
{
    const char *msg = d->r.err;
    if (d->oom)
        return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "%s", MSG_OOM);
    /* Past the header, running out of bytes is the reference
     * interpreter's "unexpected end of section or function". */
    if (strlen(msg) == sizeof MSG_EOF - 1 && memcmp(msg, MSG_EOF, sizeof MSG_EOF) == 0 &&
        d->r.err_off >= 8)
        msg = MSG_EOF_SECTION;
    return fa_error_set(err, d->unsupported ? FA_ERR_UNSUPPORTED : FA_ERR_MALFORMED, d->r.err_off,
                        "%s", msg);
}

fa_result fa_decode_bodies(fa_module *m, fa_error *err)
{
    fa_decoder d;
    if (m->rt && m->rt->cfg.lazy_validation)
        return FA_OK;
    decoder_init(&d, m);
    for (uint32_t i = 0; i < m->n_funcdefs && !failed(&d); i++)
        scan_body(&d, &m->funcdefs[i]);
    /* decode_sections' last check, which needs the bodies' data indices */
    if (!failed(&d) && !m->has_data_count && d.min_data_idx < m->n_datas)
        fail_at(&d, m->n_bytes, "data count section required");
    return failed(&d) ? report(&d, err) : FA_OK;
}

fa_result fa_decode(fa_module *m, fa_error *err)
{
    fa_decoder d;
    decoder_init(&d, m);
    if (m->n_bytes > UINT32_MAX) /* offsets are kept as uint32_t */
        return fa_error_set(err, FA_ERR_UNSUPPORTED, FA_NO_OFFSET, "module too large");

    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6D};
    static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
    const uint8_t *p = fa_read_bytes(&d.r, 4);
    if (p && memcmp(p, magic, 4) != 0)
        fail_at(&d, 0, "magic header not detected");
    p = failed(&d) ? NULL : fa_read_bytes(&d.r, 4);
    if (p && memcmp(p, version, 4) != 0)
        fail_at(&d, 4, "unknown binary version");
    if (!failed(&d))
        decode_sections(&d);

    if (failed(&d)) {
        if (d.n_deferred)
            scan_deferred(&d);
        return report(&d, err);
    }
    if (d.has_name)
        parse_names(&d);
    return FA_OK;
}

/* ------------------------------------------------------------ cleanup */

static void free_str(fa_runtime *rt, char *s, size_t len)
{
    if (s)
        fa_free(rt, s, len + 1);
}

void fa_module_clear(fa_module *m)
{
    fa_runtime *rt = m->rt;
    for (uint32_t i = 0; i < m->n_types; i++)
        fa_free(rt, m->types[i].vts,
                ((size_t)m->types[i].n_params + m->types[i].n_results) * sizeof(fa_vt));
    fa_free(rt, m->types, m->n_types * sizeof(fa_type));
    for (uint32_t i = 0; i < m->n_imports; i++) {
        free_str(rt, m->imports[i].module_name, m->imports[i].module_name_len);
        free_str(rt, m->imports[i].name, m->imports[i].name_len);
    }
    fa_free(rt, m->imports, m->n_imports * sizeof(fa_import));
    fa_free(rt, m->func_type_idx, m->n_funcs * sizeof(uint32_t));
    fa_free(rt, m->func_declared, m->n_funcs);
    for (uint32_t i = 0; i < m->n_funcdefs; i++) {
        fa_funcdef *f = &m->funcdefs[i];
        fa_free(rt, f->localruns, f->n_localruns * sizeof(fa_localrun));
        if (f->code)
            fa_code_free(rt, f->code);
    }
    fa_free(rt, m->funcdefs, m->n_funcdefs * sizeof(fa_funcdef));
    fa_free(rt, m->tables, m->n_tables * sizeof(fa_tabletype));
    fa_free(rt, m->mems, m->n_mems * sizeof(fa_memtype));
    fa_free(rt, m->global_types, m->n_globals * sizeof(fa_globaltype));
    fa_free(rt, m->global_defs, m->n_global_defs * sizeof(fa_global_def));
    for (uint32_t i = 0; i < m->n_exports; i++)
        free_str(rt, m->exports[i].name, m->exports[i].name_len);
    fa_free(rt, m->exports, m->n_exports * sizeof(fa_export));
    for (uint32_t i = 0; i < m->n_elems; i++) {
        fa_elem *e = &m->elems[i];
        fa_free(rt, e->func_idx, e->n * sizeof(uint32_t));
        fa_free(rt, e->exprs, e->n * sizeof(fa_expr));
    }
    fa_free(rt, m->elems, m->n_elems * sizeof(fa_elem));
    fa_free(rt, m->datas, m->n_datas * sizeof(fa_data));
    if (m->module_name)
        fa_free(rt, m->module_name, strlen(m->module_name) + 1);
    if (m->func_names) {
        for (uint32_t i = 0; i < m->n_funcs; i++)
            if (m->func_names[i])
                fa_free(rt, m->func_names[i], strlen(m->func_names[i]) + 1);
        fa_free(rt, m->func_names, m->n_funcs * sizeof(char *));
    }
    fa_free(rt, m->bytes, m->n_bytes ? m->n_bytes : 1); /* fa_malloc(0) takes 1 byte */
    memset(m, 0, sizeof *m);
    m->rt = rt;
}
