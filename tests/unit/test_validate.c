/*
 * test_validate.c - unit tests for the validate stage (src/validate.c).
 *
 * Each module is assembled with wat2wasm (the WAT is in the comment above
 * its bytes; --no-check for the invalid ones) or built in code, decoded with
 * fa_decode and checked with fa_validate under a chosen feature set. A
 * counting allocator checks that validation frees its work arrays, also
 * when an allocation fails midway.
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
static long g_fail_after = -1; /* fail the Nth allocation from now (-1 = never) */

static void *track_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    (void)user;
    (void)old_size;
    if (ptr && new_size == 0) {
        g_live--;
        free((hdr *)ptr - 1);
        return NULL;
    }
    if (!ptr && new_size == 0)
        return NULL;
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
static fa_module g_m;
static fa_error g_err;

/* Decodes bytes under `features`; returns the decode result. */
static fa_result decode(const uint8_t *bytes, size_t n, uint32_t features)
{
    memset(&g_rt, 0, sizeof g_rt);
    g_rt.cfg.features = features;
    g_rt.cfg.alloc = track_alloc;
    g_live = 0;
    g_fail_after = -1;
    memset(&g_m, 0, sizeof g_m);
    memset(&g_err, 0, sizeof g_err);
    g_m.rt = &g_rt;
    g_m.bytes = fa_malloc(&g_rt, n);
    memcpy(g_m.bytes, bytes, n);
    g_m.n_bytes = n;
    return fa_decode(&g_m, &g_err);
}

static void clear(void)
{
    fa_module_clear(&g_m);
    CHECK_EQ_INT(g_live, 0);
}

/* Decodes and validates; returns the validation result (err in g_err). */
static fa_result check_with(const uint8_t *bytes, size_t n, uint32_t features)
{
    fa_result r = decode(bytes, n, features);
    CHECK_EQ_INT(r, FA_OK);
    if (r != FA_OK) {
        fprintf(stderr, "  decode: %s\n", g_err.message);
        clear();
        return r;
    }
    r = fa_validate(&g_m, &g_err);
    clear();
    return r;
}

#define VALID(arr) CHECK_EQ_INT(check_with(arr, sizeof arr, FA_FEATURE_ALL), FA_OK)
#define INVALID_MSG(arr, msg)                                                                      \
    do {                                                                                           \
        CHECK_EQ_INT(check_with(arr, sizeof arr, FA_FEATURE_ALL), FA_ERR_INVALID);                 \
        CHECK_EQ_STR(g_err.message, msg);                                                          \
    } while (0)

/* ------------------------------------------------- modules (wat2wasm) */

/*
 * (module
 *   (type $t2 (func (param i32) (result i32 i32)))
 *   (memory 1)
 *   (table 2 funcref)
 *   (global $g (mut i32) (i32.const 0))
 *   (func $f (export "f") (param i32) (result i32)
 *     (local i64 f32)
 *     (block $b (result i32)
 *       (loop $l
 *         (br_if $l (i32.eqz (local.get 0)))
 *       )
 *       (local.get 0)
 *       (br_table $b $b (i32.const 0))
 *     )
 *     (call_indirect (type $t2) (i32.const 0))
 *     (i32.const 1)
 *     (select)
 *     (global.set $g (i32.load offset=4 align=4 (i32.const 0)))
 *     (global.get $g)
 *     (drop)
 *   )
 * )
 */
static const uint8_t m_valid_mix[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x01, 0x7f, 0x02,
    0x7f, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x01, 0x04, 0x04, 0x01, 0x70,
    0x00, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b,
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x2d, 0x01, 0x2b, 0x02, 0x01, 0x7e, 0x01,
    0x7d, 0x02, 0x7f, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x41, 0x00,
    0x0e, 0x01, 0x00, 0x00, 0x0b, 0x41, 0x00, 0x11, 0x00, 0x00, 0x41, 0x01, 0x1b, 0x41, 0x00,
    0x28, 0x02, 0x04, 0x24, 0x00, 0x23, 0x00, 0x1a, 0x0b,
};

/*
 * (module (func (result i32) (i64.const 0)))
 */
static const uint8_t m_result_mismatch[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
    0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x00, 0x0b,
};

/*
 * (module (func (local i32) (local.get 1) (drop)))
 */
static const uint8_t m_unknown_local[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03,
    0x02, 0x01, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x01, 0x01, 0x7f, 0x20, 0x01, 0x1a, 0x0b,
};

/*
 * (module (func (global.get 0) (drop)))
 */
static const uint8_t m_unknown_global[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x02, 0x01, 0x00, 0x0a, 0x07, 0x01, 0x05, 0x00, 0x23, 0x00, 0x1a, 0x0b,
};

/*
 * (module (func (call 5)))
 */
static const uint8_t m_unknown_func[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x05, 0x0b,
};

/*
 * (module (func (br 1)))
 */
static const uint8_t m_unknown_label[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x0c, 0x01, 0x0b,
};

/*
 * (module (func (drop (table.size 0))))
 */
static const uint8_t m_unknown_table[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x02, 0x01, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00, 0xfc, 0x10, 0x00, 0x1a, 0x0b,
};

/*
 * (module (func (drop (memory.size))))
 */
static const uint8_t m_unknown_memory[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x02, 0x01, 0x00, 0x0a, 0x07, 0x01, 0x05, 0x00, 0x3f, 0x00, 0x1a, 0x0b,
};

/*
 * (module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))
 */
static const uint8_t m_immutable[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x06, 0x06, 0x01, 0x7f, 0x00, 0x41,
    0x00, 0x0b, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x01, 0x24, 0x00, 0x0b,
};

/*
 * (module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))
 */
static const uint8_t m_align[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0a,
    0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0x28, 0x03, 0x00, 0x1a, 0x0b,
};

/*
 * (module (func (result i32) (unreachable) (i32.add) (br 0)))
 */
static const uint8_t m_unreachable_poly[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x00, 0x6a, 0x0c, 0x00, 0x0b,
};

/*
 * (module (func (param funcref funcref i32) (drop (select (local.get 0) (local.get 1) (local.get
 * 2)))))
 */
static const uint8_t m_select_ref[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60,
    0x03, 0x70, 0x70, 0x7f, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0c, 0x01,
    0x0a, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x1b, 0x1a, 0x0b,
};

/*
 * (module (func (result i32)
 *   (block $a (result i32) (block $b (br_table $a $b (i32.const 0) (i32.const 0))))))
 */
static const uint8_t m_br_table_arity[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00,
    0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x12, 0x01, 0x10, 0x00, 0x02, 0x7f,
    0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0e, 0x01, 0x01, 0x00, 0x0b, 0x0b, 0x0b,
};

/*
 * (module (global i32 (i32.ctz (i32.const 0))))
 */
static const uint8_t m_const_required[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x06,
    0x07, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x68, 0x0b,
};

/*
 * (module (global i32 (i32.const 0)) (global i32 (global.get 0)))
 */
static const uint8_t m_const_defined_global[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x06, 0x0b, 0x02,
    0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f, 0x00, 0x23, 0x00, 0x0b,
};

/*
 * (module (import "m" "g" (global i32)) (global i32 (global.get 0)))
 */
static const uint8_t m_const_imported_global[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x08, 0x01, 0x01, 0x6d,
    0x01, 0x67, 0x03, 0x7f, 0x00, 0x06, 0x06, 0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b,
};

/*
 * (module (global i32 (i32.add (i32.const 1) (i32.const 2))))
 */
static const uint8_t m_extended_const[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x06, 0x09,
    0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b,
};

/*
 * (module (func $f) (func (drop (ref.func $f))))
 */
static const uint8_t m_undeclared_ref[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03,
    0x02, 0x00, 0x00, 0x0a, 0x0a, 0x02, 0x02, 0x00, 0x0b, 0x05, 0x00, 0xd2, 0x00, 0x1a, 0x0b,
};

/*
 * (module (func $f) (elem declare func $f) (func (drop (ref.func $f))))
 */
static const uint8_t m_declared_ref[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x03, 0x03, 0x02, 0x00, 0x00, 0x09, 0x05, 0x01, 0x03, 0x00, 0x01, 0x00,
    0x0a, 0x0a, 0x02, 0x02, 0x00, 0x0b, 0x05, 0x00, 0xd2, 0x00, 0x1a, 0x0b,
};

/*
 * (module (func $f) (export "a" (func $f)) (export "a" (func $f)))
 */
static const uint8_t m_dup_export[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x09, 0x02, 0x01, 0x61, 0x00,
    0x00, 0x01, 0x61, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
};

/*
 * (module (func $s (param i32)) (start $s))
 */
static const uint8_t m_start_type[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7f,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
};

/*
 * (module (memory 1) (memory 1) (func (drop (i32.load 1 (i32.const 0)))))
 */
static const uint8_t m_two_memories[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01, 0x0a,
    0x0b, 0x01, 0x09, 0x00, 0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a, 0x0b,
};

/*
 * (module (memory 1) (memory 1))
 */
static const uint8_t m_two_memories_plain[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01,
};

/*
 * (module (memory i64 1) (func (drop (i32.load (i64.const 0)))))
 */
static const uint8_t m_mem64_load[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x04, 0x01, 0x0a,
    0x0a, 0x01, 0x08, 0x00, 0x42, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b,
};

/*
 * (module (memory i64 1) (func (drop (i32.load (i32.const 0)))))
 */
static const uint8_t m_mem64_bad_addr[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x04, 0x01, 0x0a,
    0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b,
};

/*
 * (module (memory $a i64 1) (memory $b 1)
 *   (func (memory.copy $a $b (i64.const 0) (i32.const 0) (i32.const 1))))
 */
static const uint8_t m_mem_copy_mixed[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x02, 0x01, 0x00, 0x05, 0x05, 0x02, 0x04, 0x01, 0x00, 0x01, 0x0a, 0x0e, 0x01,
    0x0c, 0x00, 0x42, 0x00, 0x41, 0x00, 0x41, 0x01, 0xfc, 0x0a, 0x00, 0x01, 0x0b,
};

/*
 * (module (func $g (result i32) (i32.const 1)) (func (result i32) (return_call $g)))
 */
static const uint8_t m_tail_call_ok[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01,
    0x60, 0x00, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x00, 0x0a, 0x0b,
    0x02, 0x04, 0x00, 0x41, 0x01, 0x0b, 0x04, 0x00, 0x12, 0x00, 0x0b,
};

/*
 * (module (func $g (result i64) (i64.const 1)) (func (result i32) (return_call $g)))
 */
static const uint8_t m_tail_call_mismatch[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x00,
    0x01, 0x7e, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x01, 0x0a, 0x0b,
    0x02, 0x04, 0x00, 0x42, 0x01, 0x0b, 0x04, 0x00, 0x12, 0x00, 0x0b,
};

/*
 * (module (table 1 externref) (func (call_indirect (i32.const 0))))
 */
static const uint8_t m_call_indirect_extern[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x6f, 0x00, 0x01,
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00, 0x0b,
};

/*
 * (module (table 1 funcref) (elem externref (ref.null extern)) (func (table.init 0 0 (i32.const 0)
 * (i32.const 0) (i32.const 0))))
 */
static const uint8_t m_table_init_type[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x09, 0x07,
    0x01, 0x05, 0x6f, 0x01, 0xd0, 0x6f, 0x0b, 0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x41,
    0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0c, 0x00, 0x00, 0x0b,
};

/*
 * (module (memory 65537))
 */
static const uint8_t m_mem_too_big[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x05, 0x01, 0x00, 0x81, 0x80, 0x04,
};

/*
 * (module (memory 2 1))
 */
static const uint8_t m_min_gt_max[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x04, 0x01, 0x01, 0x02, 0x01,
};

/*
 * (module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)))))
 */
static const uint8_t m_if_no_else[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03,
    0x02, 0x01, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x01, 0x04, 0x7f, 0x41, 0x01, 0x0b, 0x0b,
};

/*
 * (module (type $t (func (param i32) (result i32 i32)))
 *   (func (result i32)
 *     i32.const 5
 *     block (type $t) (param i32) (result i32 i32)
 *       i32.const 2
 *     end
 *     i32.add))
 */
static const uint8_t m_multi_value_block[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x02, 0x60, 0x01,
    0x7f, 0x02, 0x7f, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x01, 0x0a,
    0x0c, 0x01, 0x0a, 0x00, 0x41, 0x05, 0x02, 0x00, 0x41, 0x02, 0x0b, 0x6a, 0x0b,
};

/*
 * (module (memory 1) (func (data.drop 0)))
 */
static const uint8_t m_unknown_data[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
    0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0a, 0x07, 0x01, 0x05, 0x00, 0xfc, 0x09, 0x00, 0x0b,
};

/*
 * (module (table 1 externref) (func $f) (elem (i32.const 0) func $f))
 */
static const uint8_t m_elem_segment_type[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x6f, 0x00, 0x01, 0x09, 0x07,
    0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
};

/* ------------------------------------------------- modules built in code */

static size_t put_leb(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    do {
        uint8_t b = v & 0x7F;
        v >>= 7;
        p[n++] = (uint8_t)(b | (v ? 0x80 : 0));
    } while (v);
    return n;
}

/* A module with one function of type [] -> [] whose code entry is
 * `locals` (the encoded local declarations) followed by `body`. */
static uint8_t *build(const uint8_t *locals, size_t n_locals, const uint8_t *body, size_t n_body,
                      size_t *out_len)
{
    static const uint8_t head[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, /* header */
                                   0x01, 0x04, 0x01, 0x60, 0x00, 0x00, /* type [] -> [] */
                                   0x03, 0x02, 0x01, 0x00};            /* func 0: type 0 */
    size_t entry = n_locals + n_body;
    uint8_t tmp[10];
    size_t entry_leb = put_leb(tmp, entry);
    size_t sec = 1 + entry_leb + entry;
    uint8_t *p = malloc(sizeof head + 1 + 10 + sec);
    size_t n = 0;
    memcpy(p, head, sizeof head);
    n += sizeof head;
    p[n++] = 0x0A;
    n += put_leb(p + n, sec);
    p[n++] = 0x01;
    n += put_leb(p + n, entry);
    memcpy(p + n, locals, n_locals);
    n += n_locals;
    memcpy(p + n, body, n_body);
    n += n_body;
    *out_len = n;
    return p;
}

static fa_result check_built(const uint8_t *locals, size_t n_locals, const uint8_t *body,
                             size_t n_body)
{
    size_t len;
    uint8_t *bytes = build(locals, n_locals, body, n_body, &len);
    fa_result r = check_with(bytes, len, FA_FEATURE_ALL);
    free(bytes);
    return r;
}

static const uint8_t no_locals[] = {0x00};

/* ------------------------------------------------- tests */

static void t_valid(void)
{
    VALID(m_valid_mix);
    VALID(m_unreachable_poly);
    VALID(m_const_imported_global);
    VALID(m_extended_const);
    VALID(m_declared_ref);
    VALID(m_two_memories);
    VALID(m_mem64_load);
    VALID(m_mem_copy_mixed);
    VALID(m_tail_call_ok);
    VALID(m_multi_value_block);
}

static void t_unknown_indices(void)
{
    INVALID_MSG(m_unknown_local, "unknown local 1");
    INVALID_MSG(m_unknown_global, "unknown global 0");
    INVALID_MSG(m_unknown_func, "unknown function 5");
    INVALID_MSG(m_unknown_label, "unknown label");
    INVALID_MSG(m_unknown_table, "unknown table 0");
    INVALID_MSG(m_unknown_memory, "unknown memory 0");
    INVALID_MSG(m_unknown_data, "unknown data segment 0");
}

static void t_type_mismatch(void)
{
    INVALID_MSG(m_result_mismatch, "type mismatch");
    /* reported at the function's final END (the last byte) */
    CHECK_EQ_INT(g_err.offset, sizeof m_result_mismatch - 1);
    INVALID_MSG(m_select_ref, "type mismatch");
    INVALID_MSG(m_br_table_arity, "type mismatch");
    INVALID_MSG(m_if_no_else, "type mismatch");
    INVALID_MSG(m_mem64_bad_addr, "type mismatch");
    INVALID_MSG(m_tail_call_mismatch, "type mismatch");
    INVALID_MSG(m_call_indirect_extern, "type mismatch");
    INVALID_MSG(m_table_init_type, "type mismatch");
    INVALID_MSG(m_elem_segment_type, "type mismatch");
}

static void t_other_rules(void)
{
    INVALID_MSG(m_immutable, "global is immutable");
    INVALID_MSG(m_align, "alignment must not be larger than natural");
    INVALID_MSG(m_undeclared_ref, "undeclared function reference");
    INVALID_MSG(m_dup_export, "duplicate export name");
    INVALID_MSG(m_start_type, "start function");
    INVALID_MSG(m_mem_too_big, "memory size must be at most 65536 pages (4GiB)");
    INVALID_MSG(m_min_gt_max, "size minimum must not be greater than maximum");
}

static void t_const_exprs(void)
{
    INVALID_MSG(m_const_required, "constant expression required");
    INVALID_MSG(m_const_defined_global, "unknown global 0");
    /* without extended-const, i32.add is not constant */
    CHECK_EQ_INT(check_with(m_extended_const, sizeof m_extended_const,
                            FA_FEATURE_ALL & ~FA_FEATURE_EXTENDED_CONST),
                 FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "constant expression required");
}

static void t_features(void)
{
    CHECK_EQ_INT(check_with(m_two_memories_plain, sizeof m_two_memories_plain,
                            FA_FEATURE_ALL & ~FA_FEATURE_MULTI_MEMORY),
                 FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "multiple memories");
    CHECK_EQ_INT(check_with(m_two_memories_plain, sizeof m_two_memories_plain, FA_FEATURE_ALL),
                 FA_OK);
}

static void t_select_t_arity(void)
{
    /* i32.const 0 x3; select (result i32 i32); drop; end */
    static const uint8_t body[] = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00,
                                   0x1C, 0x02, 0x7F, 0x7F, 0x1A, 0x0B};
    CHECK_EQ_INT(check_built(no_locals, sizeof no_locals, body, sizeof body), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "invalid result arity");
    /* select (result i64) on i64 operands is fine */
    static const uint8_t ok[] = {0x42, 0x00, 0x42, 0x00, 0x41, 0x00, 0x1C, 0x01, 0x7E, 0x1A, 0x0B};
    CHECK_EQ_INT(check_built(no_locals, sizeof no_locals, ok, sizeof ok), FA_OK);
}

/* Deep nesting makes the control and operand stacks grow many times. */
static void t_deep_nesting(void)
{
    enum { DEPTH = 20000 };
    uint8_t *body = malloc(DEPTH * 4 + 1);
    size_t n = 0;
    for (int i = 0; i < DEPTH; i++) {
        body[n++] = 0x02; /* block (result i32) */
        body[n++] = 0x7F;
    }
    body[n++] = 0x41; /* i32.const 0 */
    body[n++] = 0x00;
    for (int i = 0; i < DEPTH; i++)
        body[n++] = 0x0B;
    body[n++] = 0x1A; /* drop */
    body[n++] = 0x0B;
    CHECK_EQ_INT(check_built(no_locals, sizeof no_locals, body, n), FA_OK);
    /* the same with the innermost value missing fails at the innermost END */
    memmove(body + DEPTH * 2, body + DEPTH * 2 + 2, n - DEPTH * 2 - 2);
    CHECK_EQ_INT(check_built(no_locals, sizeof no_locals, body, n - 2), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "type mismatch");
    free(body);
}

/* Locals come in runs; lookup must find the right run at the boundaries. */
static void t_local_runs(void)
{
    /* 2 runs: 30000 x i32, 20000 x i64 (decode caps locals at 50000) */
    static const uint8_t locals[] = {0x02, 0xB0, 0xEA, 0x01, 0x7F, 0xA0, 0x9C, 0x01, 0x7E};
    static const uint8_t i32_last[] = {0x20, 0xAF, 0xEA, 0x01, 0x45, 0x1A, 0x0B};  /* 29999 */
    static const uint8_t i64_first[] = {0x20, 0xB0, 0xEA, 0x01, 0x50, 0x1A, 0x0B}; /* 30000 */
    static const uint8_t i64_last[] = {0x20, 0xCF, 0x86, 0x03, 0x50, 0x1A, 0x0B};  /* 49999 */
    static const uint8_t past[] = {0x20, 0xD0, 0x86, 0x03, 0x1A, 0x0B};            /* 50000 */
    static const uint8_t wrong[] = {0x20, 0xB0, 0xEA, 0x01, 0x45, 0x1A, 0x0B};     /* i32.eqz */
    CHECK_EQ_INT(check_built(locals, sizeof locals, i32_last, sizeof i32_last), FA_OK);
    CHECK_EQ_INT(check_built(locals, sizeof locals, i64_first, sizeof i64_first), FA_OK);
    CHECK_EQ_INT(check_built(locals, sizeof locals, i64_last, sizeof i64_last), FA_OK);
    CHECK_EQ_INT(check_built(locals, sizeof locals, past, sizeof past), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "unknown local 50000");
    CHECK_EQ_INT(check_built(locals, sizeof locals, wrong, sizeof wrong), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "type mismatch");
}

/* The fast path takes only the plain valid case; everything else must give
 * what the general path gives. */
static void t_fast_path(void)
{
    /* 100 x i32, 100 x i64: local 99 is i32, local 100 is i64 */
    static const uint8_t locals[] = {0x02, 0x64, 0x7F, 0x64, 0x7E};
    static const uint8_t ok[] = {
        0x20, 0x63, 0x20, 0xE4, 0x00, 0x50,
        0x1A, 0x22, 0x63, 0x21, 0x63, 0x0B}; /* local.get 99 (local.get 100 as 2 bytes) */
    CHECK_EQ_INT(check_built(locals, sizeof locals, ok, sizeof ok), FA_OK);
    static const uint8_t wrong[] = {0x20, 0x64, 0x45, 0x1A, 0x0B}; /* i64 into i32.eqz */
    CHECK_EQ_INT(check_built(locals, sizeof locals, wrong, sizeof wrong), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "type mismatch");
    static const uint8_t set_wrong[] = {0x42, 0x00, 0x21, 0x00, 0x0B}; /* i64 into an i32 */
    CHECK_EQ_INT(check_built(locals, sizeof locals, set_wrong, sizeof set_wrong), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "type mismatch");
    static const uint8_t past[] = {0x20, 0xC8, 0x01, 0x1A, 0x0B}; /* local 200 */
    CHECK_EQ_INT(check_built(locals, sizeof locals, past, sizeof past), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "unknown local 200");
    /* a 5-byte local index and a 5-byte i32.const take the general path */
    static const uint8_t long_leb[] = {0x20, 0x80, 0x80, 0x80, 0x80, 0x00, 0x41, 0x80,
                                       0x80, 0x80, 0x80, 0x00, 0x6A, 0x1A, 0x0B};
    CHECK_EQ_INT(check_built(locals, sizeof locals, long_leb, sizeof long_leb), FA_OK);
    /* unreachable: unknown operands, then a concrete mismatch */
    static const uint8_t unreach[] = {0x00, 0x6A, 0x45, 0x1A, 0x1A, 0x0B};
    CHECK_EQ_INT(check_built(locals, sizeof locals, unreach, sizeof unreach), FA_OK);
    static const uint8_t unreach_bad[] = {0x00, 0x42, 0x00, 0x6A, 0x1A, 0x0B};
    CHECK_EQ_INT(check_built(locals, sizeof locals, unreach_bad, sizeof unreach_bad),
                 FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "type mismatch");
    /* an operand from outside the block */
    static const uint8_t below[] = {0x41, 0x00, 0x02, 0x40, 0x1A, 0x0B, 0x1A, 0x0B};
    CHECK_EQ_INT(check_built(locals, sizeof locals, below, sizeof below), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "type mismatch");
    /* a load without a memory */
    static const uint8_t load[] = {0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B};
    CHECK_EQ_INT(check_built(locals, sizeof locals, load, sizeof load), FA_ERR_INVALID);
    CHECK_EQ_STR(g_err.message, "unknown memory 0");
}

/*
 * fa_decode leaves body encodings to the validator's walk, but a malformed
 * body must still win over a validation error (and over a later decoding
 * error), as when the decoder scanned every body first: decode, then
 * validate, as fa_module_load does.
 */
static fa_result load(const uint8_t *bytes, size_t n, uint32_t features)
{
    fa_result r = decode(bytes, n, features);
    if (r == FA_OK)
        r = fa_validate(&g_m, &g_err);
    clear();
    return r;
}

#define HDR 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00
#define TYPE0 0x01, 0x04, 0x01, 0x60, 0x00, 0x00 /* type [] -> [] */

static void t_encoding_first(void)
{
    /* body 0 leaves an i32 (type mismatch), body 1 has opcode 0x06 */
    static const uint8_t type_then_illegal[] = {HDR,  TYPE0, 0x03, 0x03, 0x02, 0x00, 0x00,
                                                0x0A, 0x0A,  0x02, 0x04, 0x00, 0x41, 0x00,
                                                0x0B, 0x03,  0x00, 0x06, 0x0B};
    CHECK_EQ_INT(load(type_then_illegal, sizeof type_then_illegal, FA_FEATURE_ALL),
                 FA_ERR_MALFORMED);
    CHECK_EQ_STR(g_err.message, "illegal opcode 06");
    CHECK_EQ_INT(g_err.offset, 29);
    /* the same, body 1 one byte too long: section size mismatch */
    static const uint8_t type_then_size[] = {HDR,  TYPE0, 0x03, 0x03, 0x02, 0x00, 0x00,
                                             0x0A, 0x0A,  0x02, 0x04, 0x00, 0x41, 0x00,
                                             0x0B, 0x03,  0x00, 0x0B, 0x0B};
    CHECK_EQ_INT(load(type_then_size, sizeof type_then_size, FA_FEATURE_ALL), FA_ERR_MALFORMED);
    CHECK_EQ_STR(g_err.message, "section size mismatch");
    CHECK_EQ_INT(g_err.offset, 28);
    /* an illegal body, then a malformed data section: the body comes first */
    static const uint8_t illegal_then_data[] = {HDR,  TYPE0, 0x03, 0x02, 0x01, 0x00,
                                                0x0A, 0x05,  0x01, 0x03, 0x00, 0x06,
                                                0x0B, 0x0B,  0x02, 0x01, 0x07};
    CHECK_EQ_INT(load(illegal_then_data, sizeof illegal_then_data, FA_FEATURE_ALL),
                 FA_ERR_MALFORMED);
    CHECK_EQ_STR(g_err.message, "illegal opcode 06");
    CHECK_EQ_INT(g_err.offset, 23);
    /* ... and with a good body the data section's error stands */
    static const uint8_t ok_then_data[] = {HDR,  TYPE0, 0x03, 0x02, 0x01, 0x00, 0x0A, 0x04,
                                           0x01, 0x02,  0x00, 0x0B, 0x0B, 0x02, 0x01, 0x07};
    CHECK_EQ_INT(load(ok_then_data, sizeof ok_then_data, FA_FEATURE_ALL), FA_ERR_MALFORMED);
    CHECK_EQ_STR(g_err.message, "malformed data segment kind");
    CHECK_EQ_INT(g_err.offset, 27);
    /* an export of an unknown function (module-level) and an illegal body */
    static const uint8_t export_illegal[] = {HDR,  TYPE0, 0x03, 0x02, 0x01, 0x00, 0x07,
                                             0x05, 0x01,  0x01, 0x66, 0x00, 0x05, 0x0A,
                                             0x05, 0x01,  0x03, 0x00, 0x06, 0x0B};
    CHECK_EQ_INT(load(export_illegal, sizeof export_illegal, FA_FEATURE_ALL), FA_ERR_MALFORMED);
    CHECK_EQ_STR(g_err.message, "illegal opcode 06");
    /* memory.init of an existing segment without a data count section */
    static const uint8_t dc_required[] = {HDR,  TYPE0, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03,
                                          0x01, 0x00,  0x01, 0x0A, 0x0E, 0x01, 0x0C, 0x00,
                                          0x41, 0x00,  0x41, 0x00, 0x41, 0x00, 0xFC, 0x08,
                                          0x00, 0x00,  0x0B, 0x0B, 0x03, 0x01, 0x01, 0x00};
    CHECK_EQ_INT(load(dc_required, sizeof dc_required, FA_FEATURE_ALL), FA_ERR_MALFORMED);
    CHECK_EQ_STR(g_err.message, "data count section required");
    CHECK_EQ_INT(g_err.offset, 44);
    /* a well-typed relaxed SIMD instruction with relaxed SIMD off */
    uint8_t relaxed[22 + 42];
    static const uint8_t relaxed_head[] = {HDR,  TYPE0, 0x03, 0x02, 0x01, 0x00,
                                           0x0A, 0x2C,  0x01, 0x2A, 0x00};
    size_t n = 0;
    memcpy(relaxed, relaxed_head, sizeof relaxed_head);
    n += sizeof relaxed_head;
    for (int k = 0; k < 2; k++) { /* v128.const 0 */
        relaxed[n++] = 0xFD;
        relaxed[n++] = 0x0C;
        memset(relaxed + n, 0, 16);
        n += 16;
    }
    static const uint8_t relaxed_tail[] = {0xFD, 0x80, 0x02, 0x1A, 0x0B}; /* relaxed_swizzle */
    memcpy(relaxed + n, relaxed_tail, sizeof relaxed_tail);
    n += sizeof relaxed_tail;
    CHECK_EQ_INT(load(relaxed, n, FA_FEATURE_ALL), FA_OK);
    CHECK_EQ_INT(load(relaxed, n, FA_FEATURE_ALL & ~FA_FEATURE_RELAXED_SIMD), FA_ERR_MALFORMED);
    CHECK_EQ_STR(g_err.message, "illegal opcode fd 100");
}

/* Every allocation validation makes may fail: the result is FA_ERR_OOM and
 * nothing leaks. */
static void t_oom(void)
{
    int saw_ok = 0, saw_oom = 0;
    for (long k = 0; k < 200 && !saw_ok; k++) {
        CHECK_EQ_INT(decode(m_valid_mix, sizeof m_valid_mix, FA_FEATURE_ALL), FA_OK);
        g_fail_after = k;
        fa_result r = fa_validate(&g_m, &g_err);
        g_fail_after = -1;
        CHECK(r == FA_OK || r == FA_ERR_OOM);
        saw_ok = r == FA_OK;
        saw_oom += r == FA_ERR_OOM;
        clear();
    }
    CHECK(saw_ok);
    CHECK(saw_oom > 0);
}

static const fa_test tests[] = {
    {"valid", t_valid},
    {"unknown_indices", t_unknown_indices},
    {"type_mismatch", t_type_mismatch},
    {"other_rules", t_other_rules},
    {"const_exprs", t_const_exprs},
    {"features", t_features},
    {"select_t_arity", t_select_t_arity},
    {"deep_nesting", t_deep_nesting},
    {"local_runs", t_local_runs},
    {"fast_path", t_fast_path},
    {"encoding_first", t_encoding_first},
    {"oom", t_oom},
};

FA_TEST_MAIN(tests)
