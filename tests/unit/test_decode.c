/*
 * test_decode.c - unit tests for the decode stage (src/decode.c).
 *
 * Modules are built by hand as byte arrays. A counting allocator checks that
 * fa_module_clear frees every byte decode allocated (with the right sizes),
 * after success, after every possible truncation, and under injected OOM.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "module.h"
#include "runtime.h"
#include "util/alloc.h"

/* ------------------------------------------------- counting allocator */

typedef struct hdr {
    size_t size;
    size_t pad;
} hdr;

static long g_live;            /* live blocks */
static long g_bad_size;        /* frees/reallocs whose old_size was wrong */
static long g_fail_after = -1; /* fail the Nth allocation from now (-1 = never) */

static void *track_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    (void)user;
    if (ptr) {
        hdr *h = (hdr *)ptr - 1;
        if (h->size != old_size) {
            fprintf(stderr, "  free/realloc of %zu bytes given old_size %zu\n", h->size, old_size);
            g_bad_size++;
        }
        if (new_size == 0) {
            g_live--;
            free(h);
            return NULL;
        }
    } else if (new_size == 0) {
        return NULL;
    }
    if (g_fail_after == 0)
        return NULL;
    if (g_fail_after > 0)
        g_fail_after--;
    hdr *n = realloc(ptr ? (hdr *)ptr - 1 : NULL, sizeof(hdr) + new_size);
    if (!n)
        return NULL;
    if (!ptr)
        g_live++;
    n->size = new_size;
    return n + 1;
}

static fa_runtime g_rt;

static void rt_setup(uint32_t features)
{
    memset(&g_rt, 0, sizeof g_rt);
    g_rt.cfg.features = features;
    g_rt.cfg.alloc = track_alloc;
}

/* Decodes a copy of bytes into *m (the caller clears it), body encodings
 * included: fa_decode leaves those to fa_decode_bodies, which fa_validate
 * runs when it fails (a valid module's bodies need no second walk). */
static fa_result decode(fa_module *m, const uint8_t *bytes, size_t n, fa_error *err)
{
    memset(m, 0, sizeof *m);
    memset(err, 0, sizeof *err);
    m->rt = &g_rt;
    m->bytes = fa_malloc(&g_rt, n);
    if (!m->bytes)
        return FA_ERR_OOM;
    if (n)
        memcpy(m->bytes, bytes, n);
    m->n_bytes = n;
    fa_result r = fa_decode(m, err);
    if (r == FA_OK)
        r = fa_decode_bodies(m, err);
    return r;
}

/* Decodes, expects failure with msg (prefix) and, unless off < 0, offset. */
static int expect_err_f(uint32_t features, const uint8_t *bytes, size_t n, fa_result code,
                        const char *msg, long long off, int line)
{
    fa_module m;
    fa_error err;
    rt_setup(features);
    long live0 = g_live;
    fa_result r = decode(&m, bytes, n, &err);
    int ok = 1;
    if (r != code || strncmp(err.message, msg, strlen(msg)) != 0 ||
        (off >= 0 && err.offset != (uint64_t)off)) {
        fprintf(stderr, "  line %d: got %d '%s' @%lld, want %d '%s' @%lld\n", line, (int)r,
                err.message, (long long)err.offset, (int)code, msg, off);
        ok = 0;
    }
    fa_module_clear(&m);
    if (g_live != live0) {
        fprintf(stderr, "  line %d: leak of %ld blocks\n", line, g_live - live0);
        ok = 0;
    }
    return ok;
}

#define EXPECT_MALFORMED(bytes, msg, off)                                                          \
    CHECK(expect_err_f(FA_FEATURE_ALL, bytes, sizeof(bytes), FA_ERR_MALFORMED, msg, off, __LINE__))
#define EXPECT_MALFORMED_F(feat, bytes, msg, off)                                                  \
    CHECK(expect_err_f(feat, bytes, sizeof(bytes), FA_ERR_MALFORMED, msg, off, __LINE__))

static int expect_ok_f(uint32_t features, const uint8_t *bytes, size_t n, int line)
{
    fa_module m;
    fa_error err;
    rt_setup(features);
    fa_result r = decode(&m, bytes, n, &err);
    if (r != FA_OK)
        fprintf(stderr, "  line %d: decode failed: '%s' @%lld\n", line, err.message,
                (long long)err.offset);
    fa_module_clear(&m);
    return r == FA_OK;
}

#define EXPECT_OK(bytes) CHECK(expect_ok_f(FA_FEATURE_ALL, bytes, sizeof(bytes), __LINE__))
#define EXPECT_OK_F(feat, bytes) CHECK(expect_ok_f(feat, bytes, sizeof(bytes), __LINE__))

#define HDR 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00
/* Features of a plain Wasm 2.0 run (the encodings that differ with memory64
 * and multi-memory follow the 2.0 spec tests). */
#define FEAT_20 (FA_FEATURE_ALL & ~(FA_FEATURE_MEMORY64 | FA_FEATURE_MULTI_MEMORY))

/* ---------------------------------------------------------- a full module */

/* Every section, with imports of all four kinds, all elem forms and all
 * data forms, and a name section. */
/* clang-format off */
static const uint8_t full_module[] = {
    HDR,
    /* type: 0 = (i32 i32) -> i32, 1 = () -> () */
    0x01, 0x0A, 0x02, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F, 0x60, 0x00, 0x00,
    /* import: "m"."f" func 1; "m"."t" table funcref 1..2; "m"."mem" memory 1;
     * "m"."g" global mut i64 */
    0x02, 0x20, 0x04,
    0x01, 'm', 0x01, 'f', 0x00, 0x01,
    0x01, 'm', 0x01, 't', 0x01, 0x70, 0x01, 0x01, 0x02,
    0x01, 'm', 0x03, 'm', 'e', 'm', 0x02, 0x00, 0x01,
    0x01, 'm', 0x01, 'g', 0x03, 0x7E, 0x01,
    /* func: 2 functions of type 0 and 1 */
    0x03, 0x03, 0x02, 0x00, 0x01,
    /* table: externref min 0 */
    0x04, 0x04, 0x01, 0x6F, 0x00, 0x00,
    /* memory: min 1 max 3 */
    0x05, 0x04, 0x01, 0x01, 0x01, 0x03,
    /* global: funcref immutable = ref.func 2 */
    0x06, 0x06, 0x01, 0x70, 0x00, 0xD2, 0x02, 0x0B,
    /* export: "add" func 1, "mem" memory 0 */
    0x07, 0x0D, 0x02, 0x03, 'a', 'd', 'd', 0x00, 0x01, 0x03, 'm', 'e', 'm', 0x02, 0x00,
    /* start: func 2 */
    0x08, 0x01, 0x02,
    /* elem: 4 segments */
    0x09, 0x1B, 0x04,
    0x00, 0x41, 0x00, 0x0B, 0x01, 0x00,             /* flags 0: active t0, [f0] */
    0x01, 0x00, 0x01, 0x01,                         /* flags 1: passive funcref [f1] */
    0x06, 0x01, 0x41, 0x01, 0x0B, 0x6F, 0x01, 0xD0, 0x6F, 0x0B, /* flags 6: t1 [null] */
    0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B,             /* flags 7: declarative [ref.func 0] */
    /* data count: 3 */
    0x0C, 0x01, 0x03,
    /* code: (2 i32, 1 i64) local.get 0 local.get 1 i32.add; data.drop 1 */
    0x0A, 0x13, 0x02,
    0x0B, 0x02, 0x02, 0x7F, 0x01, 0x7E, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B,
    0x05, 0x00, 0xFC, 0x09, 0x01, 0x0B,
    /* data: 3 segments */
    0x0B, 0x11, 0x03,
    0x00, 0x41, 0x00, 0x0B, 0x02, 'h', 'i',         /* active mem 0 */
    0x01, 0x01, 'x',                                /* passive */
    0x02, 0x00, 0x41, 0x08, 0x0B, 0x00,             /* active explicit mem 0, empty */
    /* custom "name": module "mod", function names 1 -> "add", 2 -> "two" */
    0x00, 0x18, 0x04, 'n', 'a', 'm', 'e',
    0x00, 0x04, 0x03, 'm', 'o', 'd',
    0x01, 0x0B, 0x02, 0x01, 0x03, 'a', 'd', 'd', 0x02, 0x03, 't', 'w', 'o',
};
/* clang-format on */

static void t_full_module(void)
{
    fa_module m;
    fa_error err;
    rt_setup(FA_FEATURE_ALL);
    CHECK_EQ_INT(decode(&m, full_module, sizeof full_module, &err), FA_OK);
    if (err.message[0])
        fprintf(stderr, "  %s @%llu\n", err.message, (unsigned long long)err.offset);

    CHECK_EQ_INT(m.n_types, 2);
    CHECK_EQ_INT(m.types[0].n_params, 2);
    CHECK_EQ_INT(m.types[0].n_results, 1);
    CHECK_EQ_INT(fa_type_params(&m.types[0])[1], FA_I32);
    CHECK_EQ_INT(fa_type_results(&m.types[0])[0], FA_I32);
    CHECK_EQ_INT(m.types[1].n_params + m.types[1].n_results, 0);

    CHECK_EQ_INT(m.n_imports, 4);
    CHECK_EQ_STR(m.imports[0].module_name, "m");
    CHECK_EQ_STR(m.imports[2].name, "mem");
    CHECK_EQ_INT(m.imports[2].name_len, 3);
    CHECK_EQ_INT(m.imports[0].desc.type_idx, 1);
    CHECK_EQ_INT(m.n_func_imports, 1);
    CHECK_EQ_INT(m.n_table_imports, 1);
    CHECK_EQ_INT(m.n_mem_imports, 1);
    CHECK_EQ_INT(m.n_global_imports, 1);

    CHECK_EQ_INT(m.n_funcs, 3);
    CHECK_EQ_INT(m.n_funcdefs, 2);
    CHECK_EQ_INT(m.func_type_idx[0], 1);
    CHECK_EQ_INT(m.func_type_idx[1], 0);
    CHECK_EQ_INT(m.func_type_idx[2], 1);
    CHECK_EQ_INT(fa_module_func_type(&m, 1)->n_params, 2);

    CHECK_EQ_INT(m.n_tables, 2);
    CHECK_EQ_INT(m.tables[0].elem_type, FA_FUNCREF);
    CHECK_EQ_INT(m.tables[0].limits.min, 1);
    CHECK_EQ_INT(m.tables[0].limits.max, 2);
    CHECK_EQ_INT(m.tables[0].limits.has_max, 1);
    CHECK_EQ_INT(m.tables[1].elem_type, FA_EXTERNREF);
    CHECK_EQ_INT(m.tables[1].limits.has_max, 0);

    CHECK_EQ_INT(m.n_mems, 2);
    CHECK_EQ_INT(m.mems[0].limits.min, 1);
    CHECK_EQ_INT(m.mems[1].limits.min, 1);
    CHECK_EQ_INT(m.mems[1].limits.max, 3);

    CHECK_EQ_INT(m.n_globals, 2);
    CHECK_EQ_INT(m.global_types[0].type, FA_I64);
    CHECK_EQ_INT(m.global_types[0].mut, 1);
    CHECK_EQ_INT(m.global_types[1].type, FA_FUNCREF);
    CHECK_EQ_INT(m.n_global_defs, 1);
    CHECK_EQ_INT(m.global_defs[0].init.len, 3);
    CHECK_EQ_INT(m.bytes[m.global_defs[0].init.off], 0xD2);
    CHECK_EQ_INT(m.bytes[m.global_defs[0].init.off + 2], 0x0B);

    CHECK_EQ_INT(m.n_exports, 2);
    CHECK_EQ_STR(m.exports[0].name, "add");
    CHECK_EQ_INT(m.exports[0].kind, FA_EXTERN_FUNC);
    CHECK_EQ_INT(m.exports[0].index, 1);
    CHECK_EQ_INT(m.exports[1].kind, FA_EXTERN_MEMORY);

    CHECK_EQ_INT(m.has_start, 1);
    CHECK_EQ_INT(m.start, 2);

    CHECK_EQ_INT(m.n_elems, 4);
    CHECK_EQ_INT(m.elems[0].mode, FA_SEG_ACTIVE);
    CHECK_EQ_INT(m.elems[0].table_idx, 0);
    CHECK_EQ_INT(m.elems[0].type, FA_FUNCREF);
    CHECK_EQ_INT(m.elems[0].n, 1);
    CHECK(m.elems[0].func_idx && !m.elems[0].exprs);
    CHECK_EQ_INT(m.elems[0].offset.len, 3);
    CHECK_EQ_INT(m.elems[1].mode, FA_SEG_PASSIVE);
    CHECK_EQ_INT(m.elems[1].func_idx[0], 1);
    CHECK_EQ_INT(m.elems[2].mode, FA_SEG_ACTIVE);
    CHECK_EQ_INT(m.elems[2].table_idx, 1);
    CHECK_EQ_INT(m.elems[2].type, FA_EXTERNREF);
    CHECK(m.elems[2].exprs && !m.elems[2].func_idx);
    CHECK_EQ_INT(m.elems[2].exprs[0].len, 3);
    CHECK_EQ_INT(m.elems[3].mode, FA_SEG_DECLARATIVE);
    CHECK_EQ_INT(m.elems[3].type, FA_FUNCREF);

    /* declared: 0 (elem 3 ref.func and elem 0), 1 (export, elem 1), 2 (global init) */
    CHECK(m.func_declared[0] && m.func_declared[1] && m.func_declared[2]);

    CHECK_EQ_INT(m.has_data_count, 1);
    CHECK_EQ_INT(m.data_count, 3);
    CHECK_EQ_INT(m.n_datas, 3);
    CHECK_EQ_INT(m.datas[0].mode, FA_SEG_ACTIVE);
    CHECK_EQ_INT(m.datas[0].data_len, 2);
    CHECK(memcmp(m.bytes + m.datas[0].data_off, "hi", 2) == 0);
    CHECK_EQ_INT(m.datas[1].mode, FA_SEG_PASSIVE);
    CHECK_EQ_INT(m.datas[1].data_len, 1);
    CHECK_EQ_INT(m.datas[2].mem_idx, 0);
    CHECK_EQ_INT(m.datas[2].data_len, 0);
    CHECK_EQ_INT(m.datas[2].offset.len, 3);

    fa_funcdef *f = &m.funcdefs[0];
    CHECK_EQ_INT(f->type_idx, 0);
    CHECK_EQ_INT(f->n_locals, 3);
    CHECK_EQ_INT(f->n_localruns, 2);
    CHECK_EQ_INT(f->localruns[0].count, 2);
    CHECK_EQ_INT(f->localruns[1].type, FA_I64);
    CHECK_EQ_INT(f->body_len, 6);
    CHECK_EQ_INT(m.bytes[f->body_off], 0x20);
    CHECK_EQ_INT(m.bytes[f->body_off + f->body_len - 1], 0x0B);
    CHECK_EQ_INT(m.bytes[f->code_off], 0x0B); /* the entry's size field */
    CHECK_EQ_INT(m.funcdefs[1].n_locals, 0);
    CHECK_EQ_INT(m.funcdefs[1].body_len, 4);

    CHECK_EQ_STR(m.module_name, "mod");
    CHECK(m.func_names != NULL);
    if (m.func_names) {
        CHECK(m.func_names[0] == NULL);
        CHECK_EQ_STR(m.func_names[1], "add");
        CHECK_EQ_STR(m.func_names[2], "two");
    }
    fa_module_clear(&m);
    CHECK_EQ_INT(g_live, 0);
    CHECK_EQ_INT(g_bad_size, 0);
}

/* Every truncation of the full module fails cleanly, and clear frees all. */
static void t_truncations(void)
{
    for (size_t n = 0; n < sizeof full_module; n++) {
        fa_module m;
        fa_error err;
        rt_setup(FA_FEATURE_ALL);
        fa_result r = decode(&m, full_module, n, &err);
        /* a cut at the end of the header, type or import section leaves a
         * valid module; everywhere else before the name section it fails */
        int boundary = n == 8 || n == 20 || n == 54;
        if ((r == FA_OK) != boundary && n < sizeof full_module - 26) {
            fprintf(stderr, "  truncation at %zu: %s\n", n, err.message);
            CHECK(0);
        }
        fa_module_clear(&m);
    }
    CHECK_EQ_INT(g_live, 0);
    CHECK_EQ_INT(g_bad_size, 0);
}

/* Each allocation failing in turn gives FA_ERR_OOM (or OK when only the
 * optional name section could not be kept) and nothing leaks. */
static void t_oom(void)
{
    int saw_oom = 0;
    for (long k = 0; k < 200; k++) {
        fa_module m;
        fa_error err;
        rt_setup(FA_FEATURE_ALL);
        memset(&m, 0, sizeof m);
        m.rt = &g_rt;
        m.bytes = fa_malloc(&g_rt, sizeof full_module);
        memcpy(m.bytes, full_module, sizeof full_module);
        m.n_bytes = sizeof full_module;
        g_fail_after = k;
        fa_result r = fa_decode(&m, &err);
        g_fail_after = -1;
        CHECK(r == FA_OK || r == FA_ERR_OOM);
        saw_oom |= r == FA_ERR_OOM;
        fa_module_clear(&m);
        CHECK_EQ_INT(g_live, 0);
    }
    CHECK(saw_oom);
    CHECK_EQ_INT(g_bad_size, 0);
}

/* ----------------------------------------------------------- preamble */

static void t_header(void)
{
    static const uint8_t empty[1] = {0};
    CHECK(expect_err_f(FA_FEATURE_ALL, empty, 0, FA_ERR_MALFORMED, "unexpected end", 0, __LINE__));
    static const uint8_t short_magic[] = {0x00, 0x61, 0x73};
    EXPECT_MALFORMED(short_magic, "unexpected end", 0);
    static const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00};
    EXPECT_MALFORMED(bad_magic, "magic header not detected", 0);
    static const uint8_t no_version[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00};
    EXPECT_MALFORMED(no_version, "unexpected end", 4);
    static const uint8_t bad_version[] = {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00};
    EXPECT_MALFORMED(bad_version, "unknown binary version", 4);
    static const uint8_t ok[] = {HDR};
    EXPECT_OK(ok);
    static const uint8_t custom_only[] = {HDR, 0x00, 0x03, 0x01, 'x', 0xFF};
    EXPECT_OK(custom_only);
}

/* ------------------------------------------------------------ sections */

static void t_sections(void)
{
    static const uint8_t bad_id[] = {HDR, 0x0D, 0x00};
    EXPECT_MALFORMED(bad_id, "malformed section id", 8);
    static const uint8_t dup[] = {HDR, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00};
    EXPECT_MALFORMED(dup, "unexpected content after last section", 11);
    static const uint8_t order[] = {HDR, 0x03, 0x01, 0x00, 0x02, 0x01, 0x00};
    EXPECT_MALFORMED(order, "unexpected content after last section", 11);
    /* data count (12) goes before code (10) */
    static const uint8_t dc_after_code[] = {HDR, 0x0A, 0x01, 0x00, 0x0C, 0x01, 0x00};
    EXPECT_MALFORMED(dc_after_code, "unexpected content after last section", 11);
    static const uint8_t dc_before_code[] = {HDR, 0x0C, 0x01, 0x00, 0x0A, 0x01, 0x00};
    EXPECT_OK(dc_before_code);
    /* custom sections anywhere, repeated */
    static const uint8_t customs[] = {HDR,  0x00, 0x02, 0x01, 'a',  0x01, 0x01, 0x00, 0x00,
                                      0x02, 0x01, 'a',  0x03, 0x01, 0x00, 0x00, 0x01, 0x00};
    EXPECT_OK(customs);
    /* type section says 3 bytes but holds 1 */
    static const uint8_t size_mismatch[] = {HDR, 0x01, 0x03, 0x00, 0x00, 0x00};
    EXPECT_MALFORMED(size_mismatch, "section size mismatch", 10);
    static const uint8_t too_long[] = {HDR, 0x01, 0x05, 0x00};
    EXPECT_MALFORMED(too_long, "length out of bounds", 9);
    static const uint8_t no_size[] = {HDR, 0x01};
    EXPECT_MALFORMED(no_size, "unexpected end of section or function", 9);
    static const uint8_t custom_name_past_end[] = {HDR, 0x00, 0x01, 0x03, 'a', 'b', 'c'};
    EXPECT_MALFORMED(custom_name_past_end, "unexpected end", -1);
    /* a vector count larger than what is left */
    static const uint8_t big_count[] = {HDR, 0x01, 0x02, 0x7F, 0x00};
    EXPECT_MALFORMED(big_count, "length out of bounds", 10);
}

static void t_leb(void)
{
    /* 5-byte u32 count of 0 is fine */
    static const uint8_t long_ok[] = {HDR, 0x01, 0x05, 0x80, 0x80, 0x80, 0x80, 0x00};
    EXPECT_OK(long_ok);
    /* 6 bytes: too long */
    static const uint8_t too_long[] = {HDR, 0x01, 0x06, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    EXPECT_MALFORMED(too_long, "integer representation too long", -1);
    /* unused bits set in the 5th byte */
    static const uint8_t too_large[] = {HDR, 0x01, 0x05, 0x80, 0x80, 0x80, 0x80, 0x10};
    EXPECT_MALFORMED(too_large, "integer too large", 14);
    /* section size itself */
    static const uint8_t size_large[] = {HDR, 0x01, 0x80, 0x80, 0x80, 0x80, 0x70};
    EXPECT_MALFORMED(size_large, "integer too large", 13);
    /* signed: i32.const with 6 bytes in a global init */
    static const uint8_t s32_long[] = {HDR,  0x06, 0x0B, 0x01, 0x7F, 0x00, 0x41,
                                       0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B};
    EXPECT_MALFORMED(s32_long, "integer representation too long", -1);
    /* signed: i32.const -1 in 5 bytes with bad sign extension */
    static const uint8_t s32_large[] = {HDR,  0x06, 0x0A, 0x01, 0x7F, 0x00, 0x41,
                                        0xFF, 0xFF, 0xFF, 0xFF, 0x4F, 0x0B};
    EXPECT_MALFORMED(s32_large, "integer too large", -1);
    /* i64.const -1 in 10 bytes is fine */
    static const uint8_t s64_ok[] = {HDR,  0x06, 0x0F, 0x01, 0x7E, 0x00, 0x42, 0xFF, 0xFF,
                                     0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x0B};
    EXPECT_OK(s64_ok);
}

static void t_names(void)
{
    /* overlong encoding of '/' in an import module name */
    static const uint8_t overlong[] = {HDR,  0x02, 0x08, 0x01, 0x02, 0xC0,
                                       0xAF, 0x01, 'f',  0x00, 0x00};
    EXPECT_MALFORMED(overlong, "malformed UTF-8 encoding", 11);
    /* a surrogate in an export name */
    static const uint8_t surrogate[] = {HDR, 0x07, 0x06, 0x01, 0x03, 0xED, 0xA0, 0x80, 0x00};
    EXPECT_MALFORMED(surrogate, "malformed UTF-8 encoding", 11);
    /* truncated 4-byte sequence in a custom section name */
    static const uint8_t trunc[] = {HDR, 0x00, 0x04, 0x03, 0xF0, 0x9F, 0x98};
    EXPECT_MALFORMED(trunc, "malformed UTF-8 encoding", 10);
    /* a valid 4-byte sequence, and U+0000 inside a name */
    static const uint8_t good[] = {HDR, 0x00, 0x07, 0x06, 0xF0, 0x9F, 0x98, 0x80, 0x00, 'a'};
    EXPECT_OK(good);

    /* export names differing only after a NUL keep their lengths */
    static const uint8_t nul_names[] = {HDR,  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03,
                                        0x02, 0x01, 0x00, 0x07, 0x0D, 0x02, 0x03, 'a',
                                        0x00, 'b',  0x00, 0x00, 0x03, 'a',  0x00, 'c',
                                        0x00, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B};
    fa_module m;
    fa_error err;
    rt_setup(FA_FEATURE_ALL);
    CHECK_EQ_INT(decode(&m, nul_names, sizeof nul_names, &err), FA_OK);
    CHECK_EQ_INT(m.exports[0].name_len, 3);
    CHECK(memcmp(m.exports[0].name, "a\0b", 4) == 0);
    CHECK(memcmp(m.exports[1].name, "a\0c", 4) == 0);
    fa_module_clear(&m);
    CHECK_EQ_INT(g_live, 0);
    CHECK_EQ_INT(g_bad_size, 0);
}

static void t_name_section_garbage(void)
{
    /* a function-names subsection whose count overruns: ignored, module OK;
     * a bad UTF-8 name is dropped; an index out of range is skipped */
    static const uint8_t bytes[] = {HDR,  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01,
                                    0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B, 0x00, 0x12, 0x04,
                                    'n',  'a',  'm',  'e',  0x01, 0x0B, 0x05, 0x07, 0x01, 'x',
                                    0x00, 0x02, 0xC0, 0x80, 0x00, 0x01, 'f'};
    fa_module m;
    fa_error err;
    rt_setup(FA_FEATURE_ALL);
    CHECK_EQ_INT(decode(&m, bytes, sizeof bytes, &err), FA_OK);
    CHECK(m.func_names != NULL);
    if (m.func_names)
        CHECK_EQ_STR(m.func_names[0], "f"); /* index 7 skipped, bad UTF-8 dropped */
    fa_module_clear(&m);

    /* a subsection size past the section: nothing read outside */
    static const uint8_t bytes2[] = {HDR, 0x00, 0x07, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x7F};
    EXPECT_OK(bytes2);
    CHECK_EQ_INT(g_live, 0);
}

static void t_imports_exports(void)
{
    static const uint8_t bad_kind[] = {HDR, 0x02, 0x05, 0x01, 0x00, 0x00, 0x04, 0x00};
    EXPECT_MALFORMED(bad_kind, "malformed import kind", 13);
    static const uint8_t bad_export_kind[] = {HDR, 0x07, 0x04, 0x01, 0x00, 0x04, 0x00};
    EXPECT_MALFORMED(bad_export_kind, "malformed export kind", 12);
    static const uint8_t bad_mut[] = {HDR, 0x02, 0x06, 0x01, 0x00, 0x00, 0x03, 0x7F, 0x02};
    EXPECT_MALFORMED(bad_mut, "malformed mutability", 15);
    static const uint8_t bad_valtype[] = {HDR, 0x02, 0x06, 0x01, 0x00, 0x00, 0x03, 0x7A, 0x00};
    EXPECT_MALFORMED(bad_valtype, "malformed value type", 14);
    static const uint8_t bad_reftype[] = {HDR, 0x04, 0x03, 0x01, 0x7F, 0x00};
    EXPECT_MALFORMED(bad_reftype, "malformed reference type", 11);
    static const uint8_t bad_functype[] = {HDR, 0x01, 0x04, 0x01, 0x61, 0x00, 0x00};
    EXPECT_MALFORMED(bad_functype, "malformed function type", 11);
}

static void t_limits(void)
{
    /* Wasm 2.0 encoding: flags are a u1 */
    static const uint8_t mem_flag2[] = {HDR, 0x05, 0x03, 0x01, 0x02, 0x00};
    EXPECT_MALFORMED_F(FEAT_20, mem_flag2, "integer too large", 11);
    static const uint8_t tab_flag81[] = {HDR, 0x04, 0x06, 0x01, 0x70, 0x81, 0x00, 0x00, 0x00};
    EXPECT_MALFORMED_F(FEAT_20, tab_flag81, "integer representation too long", -1);
    /* memory64: a flag byte */
    EXPECT_MALFORMED_F(FA_FEATURE_ALL, tab_flag81, "malformed limits flags", 12);
    static const uint8_t mem_flag8[] = {HDR, 0x05, 0x03, 0x01, 0x08, 0x00};
    EXPECT_MALFORMED_F(FA_FEATURE_ALL, mem_flag8, "malformed limits flags", 11);
    static const uint8_t tab_flag4[] = {HDR, 0x04, 0x04, 0x01, 0x70, 0x04, 0x00};
    EXPECT_MALFORMED_F(FA_FEATURE_ALL, tab_flag4, "malformed limits flags", 12);
    EXPECT_MALFORMED_F(FEAT_20, mem_flag8, "integer too large", 11);

    /* i64 memory with a 64-bit minimum; shared flag kept for the validator */
    static const uint8_t mem64[] = {HDR,  0x05, 0x0F, 0x02, 0x04, 0x80, 0x80, 0x80, 0x80,
                                    0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x03, 0x01, 0x02};
    fa_module m;
    fa_error err;
    rt_setup(FA_FEATURE_ALL);
    CHECK_EQ_INT(decode(&m, mem64, sizeof mem64, &err), FA_OK);
    CHECK_EQ_INT(m.n_mems, 2);
    CHECK_EQ_INT(m.mems[0].limits.is64, 1);
    CHECK(m.mems[0].limits.min == (uint64_t)1 << 63);
    CHECK_EQ_INT(m.mems[1].limits.shared, 1);
    CHECK_EQ_INT(m.mems[1].limits.has_max, 1);
    CHECK_EQ_INT(m.mems[1].limits.max, 2);
    fa_module_clear(&m);
    /* the same minimum is too large for a 2.0 u32 */
    EXPECT_MALFORMED_F(FEAT_20, mem64, "integer", -1);
}

/* type () -> (), one function */
#define ONE_FUNC 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00

static void t_code(void)
{
    static const uint8_t no_code[] = {HDR, ONE_FUNC};
    EXPECT_MALFORMED(no_code, "function and code section have inconsistent lengths", 18);
    static const uint8_t two_bodies[] = {HDR,  ONE_FUNC, 0x0A, 0x07, 0x02, 0x02,
                                         0x00, 0x0B,     0x02, 0x00, 0x0B};
    EXPECT_MALFORMED(two_bodies, "function and code section have inconsistent lengths", -1);
    static const uint8_t code_only[] = {HDR, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B};
    EXPECT_MALFORMED(code_only, "function and code section have inconsistent lengths", -1);

    /* locals: 0xFFFFFFFF + 2 overflows u32 */
    static const uint8_t locals_u32[] = {HDR,  ONE_FUNC, 0x0A, 0x0C, 0x01, 0x0A, 0x02, 0xFF,
                                         0xFF, 0xFF,     0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B};
    EXPECT_MALFORMED(locals_u32, "too many locals", 22);
    /* above the implementation limit */
    static const uint8_t locals_big[] = {HDR,  ONE_FUNC, 0x0A, 0x08, 0x01, 0x06,
                                         0x01, 0x80,     0x80, 0x04, 0x7F, 0x0B};
    EXPECT_MALFORMED(locals_big, "too many locals", -1);
    static const uint8_t locals_ok[] = {HDR,  ONE_FUNC, 0x0A, 0x08, 0x01, 0x06,
                                        0x01, 0x80,     0x80, 0x01, 0x7F, 0x0B}; /* 16384 */
    EXPECT_OK(locals_ok);

    /* body without its final end, at the end of the module */
    static const uint8_t no_end_eof[] = {HDR,  ONE_FUNC, 0x0A, 0x06, 0x01,
                                         0x04, 0x00,     0x41, 0x01, 0x1A};
    EXPECT_MALFORMED(no_end_eof, "unexpected end of section or function", -1);
    /* ... followed by another body: its size byte is read as an `else` */
    static const uint8_t no_end_next[] = {HDR,  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03,
                                          0x02, 0x00, 0x00, 0x0A, 0x0C, 0x02, 0x04, 0x00, 0x41,
                                          0x01, 0x1A, 0x05, 0x00, 0x41, 0x01, 0x1A, 0x0B};
    EXPECT_MALFORMED(no_end_next, "END opcode expected", -1);
    /* ... followed by an end byte outside the entry */
    static const uint8_t end_outside[] = {HDR,  ONE_FUNC, 0x0A, 0x06, 0x01, 0x04,
                                          0x00, 0x41,     0x01, 0x1A, 0x0B};
    EXPECT_MALFORMED(end_outside, "section size mismatch", -1);

    /* illegal opcodes in a body */
    static const uint8_t illegal[] = {HDR, ONE_FUNC, 0x0A, 0x05, 0x01, 0x03, 0x00, 0x06, 0x0B};
    EXPECT_MALFORMED(illegal, "illegal opcode 06", 23);
    static const uint8_t illegal_fc[] = {HDR,  ONE_FUNC, 0x0A, 0x06, 0x01,
                                         0x04, 0x00,     0xFC, 0x20, 0x0B};
    EXPECT_MALFORMED(illegal_fc, "illegal opcode fc 20", 23);

    /* memory.size with a non-zero reserved byte; multi-memory reads an index */
    static const uint8_t memsize1[] = {HDR,  ONE_FUNC, 0x05, 0x03, 0x01, 0x00, 0x00, 0x0A,
                                       0x07, 0x01,     0x05, 0x00, 0x3F, 0x01, 0x1A, 0x0B};
    EXPECT_MALFORMED_F(FEAT_20, memsize1, "zero byte expected", 29);
    EXPECT_OK_F(FA_FEATURE_ALL, memsize1);

    /* memarg alignment 2^32 */
    static const uint8_t memop[] = {HDR,  ONE_FUNC, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0A, 0x0A, 0x01,
                                    0x08, 0x00,     0x41, 0x00, 0x28, 0x20, 0x00, 0x1A, 0x0B};
    EXPECT_MALFORMED_F(FEAT_20, memop, "malformed memop flags", 31);

    /* tail calls are in the opcode table; off, they are illegal */
    static const uint8_t ret_call[] = {HDR,  ONE_FUNC, 0x0A, 0x06, 0x01,
                                       0x04, 0x00,     0x12, 0x00, 0x0B};
    EXPECT_OK(ret_call);
    EXPECT_MALFORMED_F(FA_FEATURE_ALL & ~FA_FEATURE_TAIL_CALL, ret_call, "illegal opcode", 23);

    /* nested blocks, if/else, br_table, select t */
    static const uint8_t nested[] = {HDR,  ONE_FUNC, 0x0A, 0x18, 0x01, 0x16, 0x00, 0x02, 0x40, 0x41,
                                     0x01, 0x04,     0x7F, 0x41, 0x00, 0x05, 0x41, 0x01, 0x0B, 0x0E,
                                     0x01, 0x00,     0x00, 0x1C, 0x01, 0x7F, 0x0B, 0x0B};
    EXPECT_OK(nested);
}

static void t_const_exprs(void)
{
    /* global init without end, running into the next section's id */
    static const uint8_t no_end[] = {HDR,  0x06, 0x05, 0x01, 0x7F, 0x00, 0x41,
                                     0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B};
    EXPECT_MALFORMED(no_end, "illegal opcode", 15);
    /* non-constant instructions are the validator's business */
    static const uint8_t non_const[] = {HDR,  0x06, 0x09, 0x01, 0x7F, 0x00,
                                        0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B};
    EXPECT_OK(non_const);
    /* an else at depth 0 */
    static const uint8_t else0[] = {HDR, 0x06, 0x05, 0x01, 0x7F, 0x00, 0x05, 0x0B};
    EXPECT_MALFORMED(else0, "END opcode expected", 13);
    /* v128.const init */
    static const uint8_t v128[] = {HDR, 0x06, 0x16, 0x01, 0x7B, 0x00, 0xFD, 0x0C, 1,
                                   2,   3,    4,    5,    6,    7,    8,    9,    10,
                                   11,  12,   13,   14,   15,   16,   0x0B};
    EXPECT_OK(v128);
    /* ref.null with a bad type */
    static const uint8_t bad_null[] = {HDR, 0x06, 0x05, 0x01, 0x70, 0x00, 0xD0, 0x7F, 0x0B};
    EXPECT_MALFORMED(bad_null, "malformed reference type", -1);
}

static void t_segments(void)
{
    static const uint8_t elem_kind[] = {HDR, 0x09, 0x04, 0x01, 0x01, 0x01, 0x00};
    EXPECT_MALFORMED(elem_kind, "malformed element kind", 12);
    static const uint8_t elem_flags[] = {HDR, 0x09, 0x03, 0x01, 0x08, 0x00};
    EXPECT_MALFORMED(elem_flags, "malformed elements segment kind", 11);
    static const uint8_t elem_reftype[] = {HDR, 0x09, 0x05, 0x01, 0x05, 0x7F, 0x00, 0x00};
    EXPECT_MALFORMED(elem_reftype, "malformed reference type", 12);
    /* flags as a 2-byte LEB */
    static const uint8_t elem_leb[] = {HDR,  0x04, 0x04, 0x01, 0x70, 0x00, 0x00, 0x09, 0x0A, 0x01,
                                       0x82, 0x00, 0x80, 0x00, 0x41, 0x00, 0x0B, 0x00, 0x00};
    EXPECT_OK(elem_leb);

    static const uint8_t data_flags[] = {HDR, 0x0B, 0x03, 0x01, 0x03, 0x00};
    EXPECT_MALFORMED(data_flags, "malformed data segment kind", 11);
    static const uint8_t data_short[] = {HDR, 0x0B, 0x05, 0x01, 0x01, 0x03, 'a', 'b'};
    EXPECT_MALFORMED(data_short, "unexpected end of section or function", -1);

    static const uint8_t dc_mismatch[] = {HDR, 0x0C, 0x01, 0x02, 0x0B, 0x04, 0x01, 0x01, 0x01, 'a'};
    EXPECT_MALFORMED(dc_mismatch, "data count and data section have inconsistent lengths", -1);
    static const uint8_t dc_no_data[] = {HDR, 0x0C, 0x01, 0x01};
    EXPECT_MALFORMED(dc_no_data, "data count and data section have inconsistent lengths", -1);

    /* data.drop 0 of an existing segment without a data count section */
    static const uint8_t dc_required[] = {HDR,  ONE_FUNC, 0x0A, 0x07, 0x01, 0x05, 0x00, 0xFC,
                                          0x09, 0x00,     0x0B, 0x0B, 0x03, 0x01, 0x01, 0x00};
    EXPECT_MALFORMED(dc_required, "data count section required", -1);
    /* ... of a missing segment: left to the validator ("unknown data segment") */
    static const uint8_t dc_unknown[] = {HDR,  ONE_FUNC, 0x0A, 0x07, 0x01, 0x05,
                                         0x00, 0xFC,     0x09, 0x00, 0x0B};
    EXPECT_OK(dc_unknown);
}

static void t_null_runtime(void)
{
    /* m->rt may be NULL: default allocator and all features */
    fa_module m;
    fa_error err;
    memset(&m, 0, sizeof m);
    m.bytes = fa_malloc(NULL, sizeof full_module);
    memcpy(m.bytes, full_module, sizeof full_module);
    m.n_bytes = sizeof full_module;
    CHECK_EQ_INT(fa_decode(&m, &err), FA_OK);
    CHECK_EQ_INT(m.n_funcs, 3);
    fa_module_clear(&m);
    CHECK(m.bytes == NULL && m.n_funcs == 0);
    /* NULL err is allowed */
    static const uint8_t bad[] = {0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00};
    memset(&m, 0, sizeof m);
    m.bytes = fa_malloc(NULL, sizeof bad);
    memcpy(m.bytes, bad, sizeof bad);
    m.n_bytes = sizeof bad;
    CHECK_EQ_INT(fa_decode(&m, NULL), FA_ERR_MALFORMED);
    fa_module_clear(&m);
}

static const fa_test tests[] = {
    {"full_module", t_full_module},
    {"truncations", t_truncations},
    {"oom", t_oom},
    {"header", t_header},
    {"sections", t_sections},
    {"leb", t_leb},
    {"names", t_names},
    {"name_section_garbage", t_name_section_garbage},
    {"imports_exports", t_imports_exports},
    {"limits", t_limits},
    {"code", t_code},
    {"const_exprs", t_const_exprs},
    {"segments", t_segments},
    {"null_runtime", t_null_runtime},
};

FA_TEST_MAIN(tests)
