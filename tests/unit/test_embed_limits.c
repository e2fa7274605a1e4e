/*
 * test_embed_limits.c - limits and control through the public API: deep
 * recursion with the default limits and a clean "call stack exhausted"
 * past them (call depth and value-stack size), the memory page cap, fuel
 * (a trap, refilled per call), the interrupt flag set from another thread,
 * trap backtraces (names from the name section or func[N], host frames,
 * module offsets, re-entrant propagation, survival after the instance is
 * freed), and allocation failure at every step (every OOM path returns an
 * error and leaks nothing; run under ASan/LSan for the leak half).
 *
 * Modules are assembled with wat2wasm 1.0.32; each array follows its source.
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fayasm.h"
#include "harness.h"

#if defined(__has_include)
#if __has_include(<pthread.h>) && !defined(_WIN32)
#include <pthread.h>
#define HAVE_PTHREAD 1
#endif
#endif

/*
 * (module
 *   (memory (export "memory") 1 100)
 *   (func $rec (export "rec") (param i32) (result i32)
 *     (if (result i32) (i32.eqz (local.get 0))
 *       (then (i32.const 0))
 *       (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
 *   (func (export "spin") (loop $l (br $l)))
 *   (func (export "count") (param i32) (result i32) (local i32)
 *     (block $done
 *       (loop $l
 *         (br_if $done (i32.ge_u (local.get 1) (local.get 0)))
 *         (local.set 1 (i32.add (local.get 1) (i32.const 1)))
 *         (br $l)))
 *     (local.get 1))
 *   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
 */
static const uint8_t limits_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x60, 0x00, 0x00, 0x03, 0x05, 0x04, 0x00, 0x01, 0x00, 0x00, 0x05, 0x04, 0x01, 0x01, 0x01, 0x64,
    0x07, 0x26, 0x05, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x03, 0x72, 0x65, 0x63,
    0x00, 0x00, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x01, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x00,
    0x02, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x03, 0x0a, 0x43, 0x04, 0x15, 0x00, 0x20, 0x00, 0x45,
    0x04, 0x7f, 0x41, 0x00, 0x05, 0x41, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x6a, 0x0b,
    0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x1c, 0x01, 0x01, 0x7f, 0x02, 0x40, 0x03,
    0x40, 0x20, 0x01, 0x20, 0x00, 0x4f, 0x0d, 0x01, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x0c,
    0x00, 0x0b, 0x0b, 0x20, 0x01, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b,
};

/*
 * (module (memory 5))
 */
static const uint8_t bigmem_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x05,
};

/*
 * wat2wasm --debug-names
 * (module
 *   (import "env" "host_fail" (func $host_fail))
 *   (func $leaf (param i32) (result i32) (i32.div_s (local.get 0) (i32.const 0)))
 *   (func $middle (param i32) (result i32) (call $leaf (local.get 0)))
 *   (func $run (export "run") (param i32) (result i32) (call $middle (local.get 0)))
 *   (func $via_host (export "via_host") (call $host_fail))
 *   (func $rec (export "rec") (param i32) (result i32) (call $rec (local.get 0)))
 *   (func $spin (export "spin") (loop $l (br $l))))
 */
static const uint8_t bt_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01,
    0x7f, 0x01, 0x7f, 0x02, 0x11, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x09, 0x68, 0x6f, 0x73, 0x74, 0x5f,
    0x66, 0x61, 0x69, 0x6c, 0x00, 0x00, 0x03, 0x07, 0x06, 0x01, 0x01, 0x01, 0x00, 0x01, 0x00, 0x07,
    0x1f, 0x04, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x03, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x68, 0x6f, 0x73,
    0x74, 0x00, 0x04, 0x03, 0x72, 0x65, 0x63, 0x00, 0x05, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x06,
    0x0a, 0x2b, 0x06, 0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6d, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10,
    0x01, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x02, 0x0b, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x06, 0x00,
    0x20, 0x00, 0x10, 0x05, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x00, 0x4c, 0x04,
    0x6e, 0x61, 0x6d, 0x65, 0x01, 0x34, 0x07, 0x00, 0x09, 0x68, 0x6f, 0x73, 0x74, 0x5f, 0x66, 0x61,
    0x69, 0x6c, 0x01, 0x04, 0x6c, 0x65, 0x61, 0x66, 0x02, 0x06, 0x6d, 0x69, 0x64, 0x64, 0x6c, 0x65,
    0x03, 0x03, 0x72, 0x75, 0x6e, 0x04, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x05,
    0x03, 0x72, 0x65, 0x63, 0x06, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x02, 0x0f, 0x07, 0x00, 0x00, 0x01,
    0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00,
};

/* The same module without a name section. */
static const uint8_t bt_plain_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01,
    0x7f, 0x01, 0x7f, 0x02, 0x11, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x09, 0x68, 0x6f, 0x73, 0x74, 0x5f,
    0x66, 0x61, 0x69, 0x6c, 0x00, 0x00, 0x03, 0x07, 0x06, 0x01, 0x01, 0x01, 0x00, 0x01, 0x00, 0x07,
    0x1f, 0x04, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x03, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x68, 0x6f, 0x73,
    0x74, 0x00, 0x04, 0x03, 0x72, 0x65, 0x63, 0x00, 0x05, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x06,
    0x0a, 0x2b, 0x06, 0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6d, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10,
    0x01, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x02, 0x0b, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x06, 0x00,
    0x20, 0x00, 0x10, 0x05, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b,
};

/*
 * wat2wasm --debug-names
 * (module
 *   (func $boom unreachable)
 *   (start $boom))
 */
static const uint8_t startrap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00,
    0x00, 0x0b, 0x00, 0x13, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x07, 0x01, 0x00,
    0x04, 0x62, 0x6f, 0x6f, 0x6d, 0x02, 0x03, 0x01, 0x00, 0x00,
};

/*
 * Bulk instructions and fuel. build_bulk() replaces the segments wat2wasm
 * made (one element, one byte) with BULK_ELEMS references to $nop and
 * BULK_BYTES bytes 'x':
 * (module
 *   (memory (export "memory") 4 100)
 *   (table $t (export "table") 10000 funcref)
 *   (elem $e func $nop)
 *   (data $d "x")
 *   (func $nop)
 *   (func (export "fill") (param i32 i32)
 *     (memory.fill (local.get 0) (i32.const 0xab) (local.get 1)))
 *   (func (export "copy") (param i32 i32 i32)
 *     (memory.copy (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "init") (param i32 i32 i32)
 *     (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "tfill") (param i32 i32)
 *     (table.fill $t (local.get 0) (ref.func $nop) (local.get 1)))
 *   (func (export "tcopy") (param i32 i32 i32)
 *     (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "tinit") (param i32 i32 i32)
 *     (table.init $t $e (local.get 0) (local.get 1) (local.get 2)))
 *   (func (export "tgrow") (param i32) (result i32)
 *     (table.grow $t (ref.null func) (local.get 0)))
 *   (func (export "mgrow") (param i32) (result i32) (memory.grow (local.get 0))))
 */
static const uint8_t bulk_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x14, 0x04, 0x60, 0x00, 0x00, 0x60, 0x02,
    0x7f, 0x7f, 0x00, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x0a,
    0x09, 0x00, 0x01, 0x02, 0x02, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x05, 0x01, 0x70, 0x00, 0x90,
    0x4e, 0x05, 0x04, 0x01, 0x01, 0x04, 0x64, 0x07, 0x4f, 0x0a, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72,
    0x79, 0x02, 0x00, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x00, 0x04, 0x66, 0x69, 0x6c, 0x6c,
    0x00, 0x01, 0x04, 0x63, 0x6f, 0x70, 0x79, 0x00, 0x02, 0x04, 0x69, 0x6e, 0x69, 0x74, 0x00, 0x03,
    0x05, 0x74, 0x66, 0x69, 0x6c, 0x6c, 0x00, 0x04, 0x05, 0x74, 0x63, 0x6f, 0x70, 0x79, 0x00, 0x05,
    0x05, 0x74, 0x69, 0x6e, 0x69, 0x74, 0x00, 0x06, 0x05, 0x74, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x07,
    0x05, 0x6d, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x08, 0x09, 0x05, 0x01, 0x01, 0x00, 0x01, 0x00, 0x0c,
    0x01, 0x01, 0x0a, 0x62, 0x09, 0x02, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x41, 0xab, 0x01, 0x20,
    0x01, 0xfc, 0x0b, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0a, 0x00,
    0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x08, 0x00, 0x00, 0x0b, 0x0b,
    0x00, 0x20, 0x00, 0xd2, 0x00, 0x20, 0x01, 0xfc, 0x11, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20,
    0x01, 0x20, 0x02, 0xfc, 0x0e, 0x00, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02,
    0xfc, 0x0c, 0x00, 0x00, 0x0b, 0x09, 0x00, 0xd0, 0x70, 0x20, 0x00, 0xfc, 0x0f, 0x00, 0x0b, 0x06,
    0x00, 0x20, 0x00, 0x40, 0x00, 0x0b, 0x0b, 0x04, 0x01, 0x01, 0x01, 0x78,
};

/*
 * Table cap:
 * (module
 *   (import "env" "it" (table $it 1 funcref))
 *   (table $t (export "t") 10 funcref)
 *   (func (export "tgrow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
 *   (func (export "itgrow") (param i32) (result i32)
 *     (table.grow $it (ref.null func) (local.get 0))))
 */
static const uint8_t tcap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01,
    0x7f, 0x02, 0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x02, 0x69, 0x74, 0x01, 0x70, 0x00, 0x01,
    0x03, 0x03, 0x02, 0x00, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x0a, 0x07, 0x16, 0x03, 0x01,
    0x74, 0x01, 0x01, 0x05, 0x74, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, 0x06, 0x69, 0x74, 0x67,
    0x72, 0x6f, 0x77, 0x00, 0x01, 0x0a, 0x15, 0x02, 0x09, 0x00, 0xd0, 0x70, 0x20, 0x00, 0xfc,
    0x0f, 0x01, 0x0b, 0x09, 0x00, 0xd0, 0x70, 0x20, 0x00, 0xfc, 0x0f, 0x00, 0x0b,
};

/*
 * (module (table 100 funcref))
 */
static const uint8_t bigtab_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x64,
};

/* ------------------------------------------------------------ helpers */

static fa_instance *instantiate(fa_runtime *rt, const uint8_t *bytes, size_t len)
{
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    fa_result r = fa_module_load(rt, bytes, len, &m, &err);
    if (r == FA_OK)
        r = fa_instance_new(rt, m, &inst, &err);
    if (r != FA_OK)
        fprintf(stderr, "  load/instantiate: %s\n", err.message);
    CHECK_EQ_INT(r, FA_OK);
    fa_module_free(m);
    return inst;
}

static fa_result call1(fa_instance *inst, const char *name, int32_t arg, int32_t *out,
                       fa_error *err)
{
    fa_func *f = fa_instance_func(inst, name);
    CHECK(f != NULL);
    fa_functype ft;
    fa_func_type(f, &ft);
    fa_value a = fa_i32(arg), r = fa_i32(0);
    fa_result res = fa_func_call(f, &a, ft.n_params, &r, ft.n_results, err);
    if (out)
        *out = r.of.i32;
    return res;
}

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ call depth and stack */

static void t_deep_recursion(void)
{
    fa_runtime *rt = fa_runtime_new(NULL); /* defaults: 100,000 frames, 1M slots */
    fa_instance *inst = instantiate(rt, limits_wasm, sizeof limits_wasm);
    int32_t r = 0;
    fa_error err;
    CHECK_EQ_INT(call1(inst, "rec", 99000, &r, &err), FA_OK);
    CHECK_EQ_INT(r, 99000);
    double t0 = now();
    CHECK_EQ_INT(call1(inst, "rec", 1000000, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_STACK_EXHAUSTED);
    CHECK_EQ_STR(err.message, "call stack exhausted");
    CHECK(now() - t0 < 5.0);
    uint32_t total = 0;
    CHECK_EQ_INT(fa_runtime_backtrace_size(rt, &total), 32);
    CHECK_EQ_INT(total, 100000);
    /* the runtime recovers */
    CHECK_EQ_INT(call1(inst, "rec", 10, &r, &err), FA_OK);
    CHECK_EQ_INT(r, 10);
    CHECK_EQ_INT(fa_runtime_backtrace_size(rt, NULL), 0);
    fa_runtime_free(rt);

    fa_config cfg;
    fa_config_default(&cfg);
    cfg.max_call_depth = 1000;
    rt = fa_runtime_new(&cfg);
    inst = instantiate(rt, limits_wasm, sizeof limits_wasm);
    CHECK_EQ_INT(call1(inst, "rec", 999, &r, &err), FA_OK); /* 1000 frames */
    CHECK_EQ_INT(call1(inst, "rec", 1000, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_STACK_EXHAUSTED);
    fa_runtime_free(rt);

    /* the value stack is the limit this time */
    fa_config_default(&cfg);
    cfg.stack_slots = 2000;
    rt = fa_runtime_new(&cfg);
    inst = instantiate(rt, limits_wasm, sizeof limits_wasm);
    CHECK_EQ_INT(call1(inst, "rec", 100, &r, &err), FA_OK);
    CHECK_EQ_INT(call1(inst, "rec", 5000, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_STACK_EXHAUSTED);
    CHECK_EQ_INT(call1(inst, "rec", 100, &r, &err), FA_OK);
    fa_runtime_free(rt);
}

static void t_memory_cap(void)
{
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.max_memory_pages = 3;
    fa_runtime *rt = fa_runtime_new(&cfg);
    fa_instance *inst = instantiate(rt, limits_wasm, sizeof limits_wasm);
    int32_t r = 0;
    CHECK_EQ_INT(call1(inst, "grow", 2, &r, NULL), FA_OK);
    CHECK_EQ_INT(r, 1);
    CHECK_EQ_INT(call1(inst, "grow", 1, &r, NULL), FA_OK);
    CHECK_EQ_INT(r, -1); /* the type allows 100 pages, the runtime 3 */
    fa_memory *mem = fa_instance_memory(inst, "memory");
    CHECK_EQ_INT(fa_memory_grow(mem, 1, NULL), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_size(mem), 3 * FA_PAGE_SIZE);
    /* a module whose memory starts above the cap does not instantiate */
    fa_module *m = NULL;
    fa_instance *big = NULL;
    fa_error err;
    CHECK_EQ_INT(fa_module_load(rt, bigmem_wasm, sizeof bigmem_wasm, &m, &err), FA_OK);
    CHECK_EQ_INT(fa_instance_new(rt, m, &big, &err), FA_ERR_OOM);
    CHECK(strstr(err.message, "exceeds the configured limit of 3") != NULL);
    fa_limits four = {4, 0, 0, 0};
    CHECK(fa_memory_new(rt, &four) == NULL);
    fa_runtime_free(rt);
}

/* ------------------------------------------------------------ fuel */

static void t_fuel(void)
{
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.fuel = 1000;
    fa_runtime *rt = fa_runtime_new(&cfg);
    fa_instance *inst = instantiate(rt, limits_wasm, sizeof limits_wasm);
    int32_t r = 0;
    fa_error err;
    CHECK_EQ_INT(call1(inst, "count", 100, &r, &err), FA_OK);
    CHECK_EQ_INT(r, 100);
    uint64_t left = fa_runtime_fuel_left(rt);
    CHECK(left > 0 && left < 1000 - 100);
    /* an endless loop runs out and traps */
    CHECK_EQ_INT(call1(inst, "spin", 0, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_OUT_OF_FUEL);
    CHECK_EQ_STR(err.message, "out of fuel");
    CHECK_EQ_INT(fa_runtime_fuel_left(rt), 0);
    /* each outermost call gets the full budget again */
    CHECK_EQ_INT(call1(inst, "count", 100, &r, &err), FA_OK);
    CHECK_EQ_INT(fa_runtime_fuel_left(rt), left);
    CHECK_EQ_INT(call1(inst, "count", 5000, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_OUT_OF_FUEL);
    /* recursion spends fuel too */
    CHECK_EQ_INT(call1(inst, "rec", 5000, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_OUT_OF_FUEL);
    /* a new budget, then unlimited */
    fa_runtime_set_fuel(rt, 100000);
    CHECK_EQ_INT(call1(inst, "count", 5000, &r, &err), FA_OK);
    CHECK_EQ_INT(r, 5000);
    fa_runtime_set_fuel(rt, 0);
    CHECK_EQ_INT(call1(inst, "count", 200000, &r, &err), FA_OK);
    CHECK_EQ_INT(fa_runtime_fuel_left(rt), 0);
    fa_runtime_free(rt);
}

/* Bulk instructions pay fuel for their length, before any effect. */
#define BULK_ELEMS 1024u /* entries of the passive element segment */
#define BULK_BYTES 8192u /* bytes of the passive data segment */

static size_t put_leb(uint8_t *p, uint32_t v)
{
    size_t n = 0;
    do {
        p[n] = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v)
            p[n] |= 0x80;
        n++;
    } while (v);
    return n;
}

/* bulk_wasm with its element and data segments enlarged (see above). */
static size_t build_bulk(uint8_t *out)
{
    size_t o = 8, i = 8;
    memcpy(out, bulk_wasm, 8);
    while (i < sizeof bulk_wasm) {
        uint8_t id = bulk_wasm[i++];
        uint32_t size = 0;
        for (unsigned shift = 0;; shift += 7) {
            uint8_t b = bulk_wasm[i++];
            size |= (uint32_t)(b & 0x7f) << shift;
            if (!(b & 0x80))
                break;
        }
        uint8_t body[BULK_BYTES + 16];
        size_t n = 0;
        if (id == 9) { /* elem: 1 segment, passive, funcref indices: $nop x BULK_ELEMS */
            body[n++] = 1, body[n++] = 1, body[n++] = 0;
            n += put_leb(body + n, BULK_ELEMS);
            memset(body + n, 0, BULK_ELEMS);
            n += BULK_ELEMS;
        } else if (id == 11) { /* data: 1 segment, passive, BULK_BYTES bytes */
            body[n++] = 1, body[n++] = 1;
            n += put_leb(body + n, BULK_BYTES);
            memset(body + n, 'x', BULK_BYTES);
            n += BULK_BYTES;
        } else {
            memcpy(body, bulk_wasm + i, size);
            n = size;
        }
        i += size;
        out[o++] = id;
        o += put_leb(out + o, (uint32_t)n);
        memcpy(out + o, body, n);
        o += n;
    }
    return o;
}

static fa_result calln(fa_instance *inst, const char *name, const int32_t *args, uint32_t n,
                       int32_t *out, fa_error *err)
{
    fa_func *f = fa_instance_func(inst, name);
    CHECK(f != NULL);
    fa_functype ft;
    fa_func_type(f, &ft);
    CHECK_EQ_INT(ft.n_params, n);
    fa_value a[3], r = fa_i32(0);
    for (uint32_t i = 0; i < n && i < 3; i++)
        a[i] = fa_i32(args[i]);
    fa_result res = fa_func_call(f, a, n, &r, ft.n_results, err);
    if (out)
        *out = r.of.i32;
    return res;
}

/* Calls name(args) with `fuel` and checks the units it spent (1 is the
 * function entry); returns the result. */
static int32_t spend(fa_runtime *rt, fa_instance *inst, uint64_t fuel, const char *name,
                     const int32_t *args, uint32_t n, uint64_t spent)
{
    fa_error err;
    int32_t r = 0;
    fa_runtime_set_fuel(rt, fuel);
    fa_result res = calln(inst, name, args, n, &r, &err);
    if (res != FA_OK)
        fprintf(stderr, "  %s: %s\n", name, err.message);
    CHECK_EQ_INT(res, FA_OK);
    CHECK_EQ_INT(fuel - fa_runtime_fuel_left(rt), spent);
    return r;
}

/* Calls name(args) with `fuel`, which must not be enough: "out of fuel"
 * with the fuel left as it was after the entry, the frame at the bulk
 * instruction (its first byte is `op`: 0xfc, or 0x40 for memory.grow). */
static void starve(fa_runtime *rt, fa_instance *inst, const uint8_t *bytes, uint8_t op,
                   uint64_t fuel, const char *name, const int32_t *args, uint32_t n)
{
    fa_error err;
    fa_runtime_set_fuel(rt, fuel);
    CHECK_EQ_INT(calln(inst, name, args, n, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_OUT_OF_FUEL);
    CHECK_EQ_INT(fa_runtime_fuel_left(rt), fuel - 1);
    fa_frame_info fi;
    CHECK_EQ_INT(fa_runtime_backtrace_frame(rt, 0, &fi), FA_OK);
    CHECK(fi.code_offset != FA_NO_OFFSET);
    if (fi.code_offset != FA_NO_OFFSET)
        CHECK_EQ_INT(bytes[fi.code_offset], op);
}

static void t_fuel_bulk(void)
{
    static uint8_t bytes[sizeof bulk_wasm + BULK_ELEMS + BULK_BYTES + 16];
    size_t len = build_bulk(bytes);
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.fuel = 1000;
    fa_runtime *rt = fa_runtime_new(&cfg);
    fa_instance *inst = instantiate(rt, bytes, len);
    fa_memory *mem = fa_instance_memory(inst, "memory");
    fa_table *tab = fa_instance_table(inst, "table");
    uint8_t *p = fa_memory_data(mem);
    CHECK_EQ_INT(FA_FUEL_BULK_BYTES, 4096);
    CHECK_EQ_INT(FA_FUEL_BULK_ELEMS, 512);

    /* memory: one unit per 4096 bytes, rounded down */
    spend(rt, inst, 1000, "fill", (const int32_t[]){0, 4095}, 2, 1);
    spend(rt, inst, 1000, "fill", (const int32_t[]){0, 65536}, 2, 1 + 16);
    CHECK(p[0] == 0xab && p[65535] == 0xab && p[65536] == 0);
    spend(rt, inst, 1000, "copy", (const int32_t[]){65536, 0, 65536}, 3, 1 + 16);
    CHECK(p[65536] == 0xab && p[131071] == 0xab);
    spend(rt, inst, 1000, "init", (const int32_t[]){0, 0, BULK_BYTES}, 3, 1 + 2);
    CHECK(p[0] == 'x' && p[BULK_BYTES - 1] == 'x' && p[BULK_BYTES] == 0xab);
    /* tables: one unit per 512 entries */
    spend(rt, inst, 1000, "tfill", (const int32_t[]){0, 10000}, 2, 1 + 19);
    spend(rt, inst, 1000, "tcopy", (const int32_t[]){0, 5000, 5000}, 3, 1 + 9);
    spend(rt, inst, 1000, "tinit", (const int32_t[]){0, 0, BULK_ELEMS}, 3, 1 + 2);
    /* grows pay for what they add, nothing when they fail */
    CHECK_EQ_INT(spend(rt, inst, 1000, "tgrow", (const int32_t[]){5120}, 1, 1 + 10), 10000);
    CHECK_EQ_INT(spend(rt, inst, 1000, "tgrow", (const int32_t[]){-1}, 1, 1), -1);
    CHECK_EQ_INT(spend(rt, inst, 1000, "mgrow", (const int32_t[]){2}, 1, 1 + 32), 4);
    CHECK_EQ_INT(spend(rt, inst, 1000, "mgrow", (const int32_t[]){1000}, 1, 1), -1);
    p = fa_memory_data(mem);

    /* not enough fuel: a trap before any effect */
    starve(rt, inst, bytes, 0xfc, 10, "fill", (const int32_t[]){0, 6 * 65536}, 2);
    CHECK(p[0] == 'x' && p[6 * 65536 - 1] == 0);
    starve(rt, inst, bytes, 0xfc, 10, "copy", (const int32_t[]){65536, 0, 65536}, 3);
    CHECK(p[65536] == 0xab);
    starve(rt, inst, bytes, 0xfc, 2, "init", (const int32_t[]){65536, 0, BULK_BYTES}, 3);
    CHECK(p[65536] == 0xab);
    fa_value v;
    CHECK_EQ_INT(fa_table_get(tab, 12000, &v), FA_OK);
    CHECK(v.of.funcref == NULL);
    starve(rt, inst, bytes, 0xfc, 10, "tfill", (const int32_t[]){10000, 5120}, 2);
    CHECK_EQ_INT(fa_table_get(tab, 12000, &v), FA_OK);
    CHECK(v.of.funcref == NULL);
    starve(rt, inst, bytes, 0xfc, 10, "tcopy", (const int32_t[]){10000, 0, 5120}, 3);
    CHECK_EQ_INT(fa_table_get(tab, 12000, &v), FA_OK);
    CHECK(v.of.funcref == NULL);
    starve(rt, inst, bytes, 0xfc, 2, "tinit", (const int32_t[]){10000, 0, BULK_ELEMS}, 3);
    CHECK_EQ_INT(fa_table_get(tab, 10000, &v), FA_OK);
    CHECK(v.of.funcref == NULL);
    starve(rt, inst, bytes, 0xfc, 10, "tgrow", (const int32_t[]){5120}, 1);
    CHECK_EQ_INT(fa_table_size(tab), 15120);
    starve(rt, inst, bytes, 0x40, 10, "mgrow", (const int32_t[]){1}, 1);
    CHECK_EQ_INT(fa_memory_size(mem), 6 * FA_PAGE_SIZE);
    /* out of bounds beats out of fuel: the spec's trap, nothing charged */
    fa_error err;
    fa_runtime_set_fuel(rt, 10);
    CHECK_EQ_INT(calln(inst, "fill", (const int32_t[]){1, 6 * 65536}, 2, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_MEMORY_OOB);
    CHECK_EQ_INT(fa_runtime_fuel_left(rt), 9);

    /* without fuel nothing is counted and everything runs */
    fa_runtime_set_fuel(rt, 0);
    CHECK_EQ_INT(calln(inst, "fill", (const int32_t[]){0, 6 * 65536}, 2, NULL, &err), FA_OK);
    CHECK(p[0] == 0xab && p[6 * 65536 - 1] == 0xab);
    CHECK_EQ_INT(fa_runtime_fuel_left(rt), 0);
    fa_runtime_free(rt);
}

/* ------------------------------------------------------------ table cap */

static void t_table_cap(void)
{
    fa_config cfg;
    fa_config_default(&cfg);
    CHECK_EQ_INT(cfg.max_table_elems, 0); /* hosted default: the type's limit */
    cfg.max_table_elems = 50;
    fa_runtime *rt = fa_runtime_new(&cfg);
    fa_limits lim = {1, 0, 0, 0};
    fa_table *it = fa_table_new(rt, FA_FUNCREF, &lim);
    CHECK(it != NULL);
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_TABLE;
    x.of.table = it;
    CHECK_EQ_INT(fa_runtime_define(rt, "env", "it", x), FA_OK);
    fa_instance *inst = instantiate(rt, tcap_wasm, sizeof tcap_wasm);
    int32_t r = 0;
    /* a defined table: the type has no maximum, the runtime 50 */
    CHECK_EQ_INT(call1(inst, "tgrow", 40, &r, NULL), FA_OK);
    CHECK_EQ_INT(r, 10);
    CHECK_EQ_INT(call1(inst, "tgrow", 1, &r, NULL), FA_OK);
    CHECK_EQ_INT(r, -1);
    fa_table *t = fa_instance_table(inst, "t");
    CHECK_EQ_INT(fa_table_size(t), 50);
    fa_value null = fa_funcref(NULL);
    CHECK_EQ_INT(fa_table_grow(t, 1, null, NULL), FA_ERR_ARG);
    CHECK_EQ_INT(fa_table_grow(t, 0, null, NULL), FA_OK);
    /* an imported one too */
    CHECK_EQ_INT(call1(inst, "itgrow", 49, &r, NULL), FA_OK);
    CHECK_EQ_INT(r, 1);
    CHECK_EQ_INT(call1(inst, "itgrow", 1, &r, NULL), FA_OK);
    CHECK_EQ_INT(r, -1);
    CHECK_EQ_INT(fa_table_size(it), 50);
    /* a table that starts above the cap: no instance, no table */
    fa_module *m = NULL;
    fa_instance *big = NULL;
    fa_error err;
    CHECK_EQ_INT(fa_module_load(rt, bigtab_wasm, sizeof bigtab_wasm, &m, &err), FA_OK);
    CHECK_EQ_INT(fa_instance_new(rt, m, &big, &err), FA_ERR_OOM);
    CHECK(strstr(err.message, "table of 100 elements exceeds the configured limit of 50") != NULL);
    fa_module_free(m);
    fa_limits lim51 = {51, 0, 0, 0}, lim50 = {50, 0, 0, 0};
    CHECK(fa_table_new(rt, FA_FUNCREF, &lim51) == NULL);
    CHECK(fa_table_new(rt, FA_FUNCREF, &lim50) != NULL);
    fa_runtime_free(rt);

    /* 0: the type's own limit */
    fa_config_default(&cfg);
    rt = fa_runtime_new(&cfg);
    CHECK_EQ_INT(fa_module_load(rt, bigtab_wasm, sizeof bigtab_wasm, &m, &err), FA_OK);
    CHECK_EQ_INT(fa_instance_new(rt, m, &big, &err), FA_OK);
    fa_module_free(m);
    fa_runtime_free(rt);
}

/* ------------------------------------------------------------ interrupt */

#ifdef HAVE_PTHREAD
typedef struct interrupter {
    fa_runtime *rt;
    unsigned delay_us;
} interrupter;

static void *interrupt_later(void *arg)
{
    interrupter *it = arg;
    struct timespec ts = {0, (long)it->delay_us * 1000};
    nanosleep(&ts, NULL);
    fa_runtime_interrupt(it->rt);
    return NULL;
}
#endif

static void t_interrupt(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_instance *inst = instantiate(rt, limits_wasm, sizeof limits_wasm);
    fa_error err;
    int32_t r = 0;
#ifdef HAVE_PTHREAD
    /* an endless loop, stopped from another thread */
    interrupter it = {rt, 50000};
    pthread_t th;
    double t0 = now();
    CHECK_EQ_INT(pthread_create(&th, NULL, interrupt_later, &it), 0);
    CHECK_EQ_INT(call1(inst, "spin", 0, NULL, &err), FA_ERR_TRAP);
    double elapsed = now() - t0;
    pthread_join(th, NULL);
    CHECK_EQ_INT(err.trap, FA_TRAP_INTERRUPTED);
    CHECK_EQ_STR(err.message, "interrupted");
    CHECK(elapsed >= 0.04 && elapsed < 5.0);
    /* deep recursion is interrupted too (checked at every call) */
    it.delay_us = 1000;
    CHECK_EQ_INT(pthread_create(&th, NULL, interrupt_later, &it), 0);
    for (int i = 0; i < 1000; i++) {
        fa_result res = call1(inst, "rec", 90000, &r, &err);
        if (res != FA_OK)
            break;
    }
    pthread_join(th, NULL);
    CHECK_EQ_INT(err.trap, FA_TRAP_INTERRUPTED);
#endif
    /* delivered: the next call runs normally */
    CHECK_EQ_INT(call1(inst, "count", 10, &r, &err), FA_OK);
    /* a request made while nothing runs stops the next call at once ... */
    fa_runtime_interrupt(rt);
    CHECK_EQ_INT(call1(inst, "count", 10, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_INTERRUPTED);
    /* ... unless withdrawn */
    fa_runtime_interrupt(rt);
    fa_runtime_clear_interrupt(rt);
    CHECK_EQ_INT(call1(inst, "count", 10, &r, &err), FA_OK);
    fa_runtime_interrupt(NULL);
    fa_runtime_clear_interrupt(NULL);
    fa_runtime_free(rt);
}

/* ------------------------------------------------------------ backtraces */

typedef struct bt_host {
    int mode; /* 0: trap "boom"; 1: call run(1) and propagate; 2: call run(1), then trap */
    fa_instance *inst;
} bt_host;

static int h_host_fail(fa_call *c, void *user)
{
    bt_host *h = user;
    if (h->mode == 0) {
        fa_call_trap(c, "boom");
        return 1;
    }
    fa_value a = fa_i32(1), r;
    fa_error err;
    fa_result res = fa_func_call(fa_instance_func(h->inst, "run"), &a, 1, &r, 1, &err);
    CHECK_EQ_INT(res, FA_ERR_TRAP);
    /* the host can read the inner trap's backtrace here */
    CHECK_EQ_INT(fa_runtime_backtrace_size(fa_call_runtime(c), NULL), 5);
    if (h->mode == 1)
        return 1;
    fa_call_trap(c, "caught and rethrown");
    return 1;
}

static fa_instance *bt_instance(fa_runtime *rt, const uint8_t *bytes, size_t len, bt_host *h)
{
    fa_functype ft = {0, 0, NULL, NULL};
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_FUNC;
    x.of.func = fa_func_new_host(rt, &ft, h_host_fail, h);
    CHECK_EQ_INT(fa_runtime_define(rt, "env", "host_fail", x), FA_OK);
    h->inst = instantiate(rt, bytes, len);
    return h->inst;
}

/* The byte at the frame's module offset is the instruction it names. */
static void check_frame(fa_runtime *rt, const uint8_t *bytes, uint32_t i, const char *name,
                        uint32_t func_index, uint8_t opcode)
{
    fa_frame_info fi;
    CHECK_EQ_INT(fa_runtime_backtrace_frame(rt, i, &fi), FA_OK);
    if (name)
        CHECK_EQ_STR(fi.name, name);
    else
        CHECK(fi.name == NULL);
    CHECK_EQ_INT(fi.is_host, 0);
    CHECK_EQ_INT(fi.func_index, func_index);
    CHECK(fi.func_offset != FA_NO_OFFSET);
    CHECK(fi.code_offset != FA_NO_OFFSET && fi.code_offset > fi.func_offset);
    if (fi.code_offset != FA_NO_OFFSET)
        CHECK_EQ_INT(bytes[fi.code_offset], opcode);
}

static void t_backtrace(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    bt_host h = {0, NULL};
    fa_instance *inst = bt_instance(rt, bt_wasm, sizeof bt_wasm, &h);
    fa_error err;
    int32_t r;
    CHECK_EQ_INT(fa_runtime_backtrace_size(rt, NULL), 0);
    CHECK_EQ_INT(call1(inst, "run", 7, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_STR(err.message, "integer divide by zero");
    uint32_t total = 0;
    CHECK_EQ_INT(fa_runtime_backtrace_size(rt, &total), 3);
    CHECK_EQ_INT(total, 3);
    check_frame(rt, bt_wasm, 0, "leaf", 1, 0x6d);   /* i32.div_s */
    check_frame(rt, bt_wasm, 1, "middle", 2, 0x10); /* call */
    check_frame(rt, bt_wasm, 2, "run", 3, 0x10);
    char text[512];
    size_t n = fa_runtime_backtrace_format(rt, text, sizeof text);
    CHECK_EQ_INT(n, strlen(text));
    CHECK_EQ_STR(text, "  #0 leaf at 0x59\n  #1 middle at 0x5f\n  #2 run at 0x66\n");
    /* truncated output still says how much room it needs */
    char tiny[8];
    CHECK_EQ_INT(fa_runtime_backtrace_format(rt, tiny, sizeof tiny), n);
    CHECK_EQ_INT(strlen(tiny), 7);
    CHECK_EQ_INT(fa_runtime_backtrace_format(rt, NULL, 0), n);
    fa_frame_info fi;
    CHECK_EQ_INT(fa_runtime_backtrace_frame(rt, 3, &fi), FA_ERR_ARG);

    /* a host function that traps is a frame of its own, named by its import */
    CHECK_EQ_INT(call1(inst, "via_host", 0, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_STR(err.message, "boom");
    CHECK_EQ_INT(fa_runtime_backtrace_size(rt, NULL), 2);
    CHECK_EQ_INT(fa_runtime_backtrace_frame(rt, 0, &fi), FA_OK);
    CHECK(fi.is_host && fi.func_index == UINT32_MAX);
    CHECK_EQ_STR(fi.name, "env.host_fail");
    check_frame(rt, bt_wasm, 1, "via_host", 4, 0x10);
    fa_runtime_backtrace_format(rt, text, sizeof text);
    CHECK_EQ_STR(text, "  #0 env.host_fail (host function)\n  #1 via_host at 0x6b\n");

    /* a trap inside a re-entrant call, propagated by the host: all frames */
    h.mode = 1;
    CHECK_EQ_INT(call1(inst, "via_host", 0, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_INT_DIV_ZERO);
    CHECK_EQ_INT(fa_runtime_backtrace_size(rt, NULL), 5);
    check_frame(rt, bt_wasm, 0, "leaf", 1, 0x6d);
    CHECK_EQ_INT(fa_runtime_backtrace_frame(rt, 3, &fi), FA_OK);
    CHECK(fi.is_host);
    check_frame(rt, bt_wasm, 4, "via_host", 4, 0x10);
    /* caught by the host, which traps on its own: the inner frames are gone */
    h.mode = 2;
    CHECK_EQ_INT(call1(inst, "via_host", 0, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_STR(err.message, "caught and rethrown");
    CHECK_EQ_INT(fa_runtime_backtrace_size(rt, NULL), 2);

    /* stack exhaustion: the innermost 32 frames of all, at the call */
    CHECK_EQ_INT(call1(inst, "rec", 0, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(fa_runtime_backtrace_size(rt, &total), 32);
    CHECK_EQ_INT(total, 100000);
    check_frame(rt, bt_wasm, 0, "rec", 5, 0x10);
    check_frame(rt, bt_wasm, 31, "rec", 5, 0x10);
    n = fa_runtime_backtrace_format(rt, text, sizeof text);
    CHECK(n >= sizeof text); /* truncated */
    char *big = malloc(n + 1);
    fa_runtime_backtrace_format(rt, big, n + 1);
    CHECK(strstr(big, "  #31 rec at 0x72\n  ... 99968 more frames\n") != NULL);
    free(big);

    /* a successful call clears it */
    CHECK_EQ_INT(call1(inst, "via_host", 3, NULL, &err), FA_ERR_TRAP); /* mode 2 again */
    h.mode = 0;
    fa_runtime_free(rt);

    /* no name section: func[N] */
    rt = fa_runtime_new(NULL);
    inst = bt_instance(rt, bt_plain_wasm, sizeof bt_plain_wasm, &h);
    CHECK_EQ_INT(call1(inst, "run", 7, &r, &err), FA_ERR_TRAP);
    check_frame(rt, bt_plain_wasm, 0, NULL, 1, 0x6d);
    fa_runtime_backtrace_format(rt, text, sizeof text);
    CHECK(strncmp(text, "  #0 func[1] at 0x", 18) == 0);
    fa_runtime_free(rt);
}

static void t_backtrace_outlives_instance(void)
{
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.fuel = 100;
    fa_runtime *rt = fa_runtime_new(&cfg);
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    CHECK_EQ_INT(fa_module_load(rt, startrap_wasm, sizeof startrap_wasm, &m, &err), FA_OK);
    CHECK_EQ_INT(fa_instance_new(rt, m, &inst, &err), FA_ERR_TRAP);
    fa_module_free(m); /* with the failed instance gone, this frees the module */
    CHECK_EQ_STR(err.message, "unreachable");
    fa_frame_info fi;
    CHECK_EQ_INT(fa_runtime_backtrace_frame(rt, 0, &fi), FA_OK);
    CHECK_EQ_STR(fi.name, "boom");
    CHECK(fi.code_offset < sizeof startrap_wasm);
    if (fi.code_offset < sizeof startrap_wasm)
        CHECK_EQ_INT(startrap_wasm[fi.code_offset], 0x00); /* unreachable */

    /* out of fuel in a loop: the frame is at the loop */
    bt_host h = {0, NULL};
    inst = bt_instance(rt, bt_wasm, sizeof bt_wasm, &h);
    CHECK_EQ_INT(call1(inst, "spin", 0, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_OUT_OF_FUEL);
    CHECK_EQ_INT(fa_runtime_backtrace_frame(rt, 0, &fi), FA_OK);
    CHECK_EQ_STR(fi.name, "spin");
    CHECK(fi.code_offset == 0x77 || fi.code_offset == 0x79); /* the loop or its br */
    fa_instance_free(inst);
    CHECK_EQ_STR(fi.name, "spin"); /* still readable */
    CHECK_EQ_INT(fa_runtime_backtrace_size(NULL, NULL), 0);
    CHECK_EQ_INT(fa_runtime_backtrace_frame(NULL, 0, &fi), FA_ERR_ARG);
    fa_runtime_free(rt);
}

/* ------------------------------------------------------------ allocation failure */

typedef struct counter {
    long long live_bytes, live_blocks, fail_after;
    int size_mismatches;
} counter;

static void *counting_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    counter *c = user;
    unsigned char *blk = ptr ? (unsigned char *)ptr - 16 : NULL;
    if (blk) {
        size_t had;
        memcpy(&had, blk, sizeof had);
        if (had != old_size)
            c->size_mismatches++;
        old_size = had;
    }
    if (new_size == 0) {
        if (blk) {
            c->live_bytes -= (long long)old_size;
            c->live_blocks--;
            free(blk);
        }
        return NULL;
    }
    if (c->fail_after == 0)
        return NULL;
    if (c->fail_after > 0)
        c->fail_after--;
    unsigned char *nb = realloc(blk, new_size + 16);
    if (!nb)
        return NULL;
    memcpy(nb, &new_size, sizeof new_size);
    if (!blk)
        c->live_blocks++;
    c->live_bytes += (long long)new_size - (long long)(blk ? old_size : 0);
    return nb + 16;
}

static int native_add(fa_native_ctx *ctx, const uint64_t *args, uint64_t *results)
{
    (void)ctx;
    results[0] = (uint32_t)((uint32_t)args[0] + (uint32_t)args[1]);
    return 0;
}

/*
 * Fails the Nth allocation for N = 0, 1, 2, ... through runtime creation,
 * host objects, loading, linking, instantiation, a call that traps (the
 * backtrace is allocated on the first trap), re-entry and growth: each step
 * either succeeds or reports FA_ERR_OOM / a NULL handle / a trap, and
 * fa_runtime_free leaves no byte allocated.
 */
static void t_oom_every_step(void)
{
    int completed = 0;
    for (long long n = 0; n < 2000 && !completed; n++) {
        counter c = {0, 0, n, 0};
        fa_config cfg;
        fa_config_default(&cfg);
        cfg.alloc = counting_alloc;
        cfg.alloc_user = &c;
        cfg.stack_slots = 4096;
        cfg.max_call_depth = 200;
        fa_runtime *rt = fa_runtime_new(&cfg);
        if (!rt) {
            CHECK_EQ_INT(c.live_bytes, 0);
            continue;
        }
        int ok = 1;
        fa_error err;
        bt_host h = {0, NULL};
        static const fa_native_export natives[] = {{"add", "(ii)i", native_add, NULL},
                                                   {NULL, NULL, NULL, NULL}};
        fa_result r = fa_runtime_define_natives(rt, "nat", natives, &err);
        ok &= r == FA_OK;
        if (r != FA_OK)
            CHECK_EQ_INT(r, FA_ERR_OOM);
        static uint8_t buf[FA_PAGE_SIZE];
        fa_limits lim = {1, 0, 0, 0};
        if (ok && !fa_memory_new_host(rt, &lim, buf, sizeof buf, NULL, NULL))
            ok = 0;
        fa_functype ft = {0, 0, NULL, NULL};
        fa_func *hf = ok ? fa_func_new_host(rt, &ft, h_host_fail, &h) : NULL;
        fa_extern x;
        memset(&x, 0, sizeof x);
        x.kind = FA_EXTERN_FUNC;
        x.of.func = hf;
        if (ok && (!hf || fa_runtime_define(rt, "env", "host_fail", x) != FA_OK))
            ok = 0;
        fa_module *m = NULL;
        if (ok) {
            r = fa_module_load(rt, bt_wasm, sizeof bt_wasm, &m, &err);
            if (r != FA_OK) {
                CHECK_EQ_INT(r, FA_ERR_OOM);
                ok = 0;
            }
        }
        fa_instance *inst = NULL;
        if (ok) {
            r = fa_instance_new(rt, m, &inst, &err);
            if (r != FA_OK) {
                CHECK_EQ_INT(r, FA_ERR_OOM);
                ok = 0;
            }
            h.inst = inst;
        }
        if (ok) {
            /* traps either way: divide by zero, or out of memory translating */
            fa_value a = fa_i32(1), res;
            r = fa_func_call(fa_instance_func(inst, "run"), &a, 1, &res, 1, &err);
            CHECK_EQ_INT(r, FA_ERR_TRAP);
            if (err.trap != FA_TRAP_INT_DIV_ZERO)
                ok = 0;
        }
        if (ok) {
            h.mode = 1;
            r = fa_func_call(fa_instance_func(inst, "via_host"), NULL, 0, NULL, 0, &err);
            CHECK_EQ_INT(r, FA_ERR_TRAP);
            if (err.trap != FA_TRAP_INT_DIV_ZERO)
                ok = 0;
        }
        completed = ok && c.fail_after > 0;
        fa_runtime_free(rt);
        CHECK_EQ_INT(c.live_bytes, 0);
        CHECK_EQ_INT(c.live_blocks, 0);
        CHECK_EQ_INT(c.size_mismatches, 0);
    }
    CHECK(completed);
}

static const fa_test tests[] = {
    {"deep_recursion", t_deep_recursion},
    {"memory_cap", t_memory_cap},
    {"fuel", t_fuel},
    {"fuel_bulk", t_fuel_bulk},
    {"table_cap", t_table_cap},
    {"interrupt", t_interrupt},
    {"backtrace", t_backtrace},
    {"backtrace_outlives_instance", t_backtrace_outlives_instance},
    {"oom_every_step", t_oom_every_step},
};

FA_TEST_MAIN(tests)
