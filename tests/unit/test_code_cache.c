/*
 * test_code_cache.c - the code cache (fa_config.code_cache_bytes, codecache.c):
 * with a budget, translations of functions that are not running are dropped
 * and translated again on their next call, and code with a frame on the call
 * stack is never dropped. Every result must equal the unlimited run's, with
 * direct and indirect calls, deep recursion, tail calls (direct and
 * indirect), host re-entry (a host function calling back into wasm while
 * the caller's frames wait), fuel traps, eager loading, lazy validation,
 * two instances of one module, and backtraces after a trap.
 *
 * Freed memory is zeroed by the allocator hook below, and a zero word is
 * the internal op `unreachable`: running code that was wrongly dropped
 * traps "unreachable" at once instead of running stale words (and an
 * ASan build reports the use after free).
 *
 * The module is assembled with wat2wasm 1.0.32 --debug-names --enable-tail-call.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"
#include "harness.h"

/*
 * (module
 *   (type $t (func (param i32) (result i32)))
 *   (import "env" "reenter" (func $reenter (param i32) (result i32)))
 *   (table 5 funcref)
 *   (elem (i32.const 0) $inc $dbl $sq $via_host $even)
 *   (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
 *   (func $dbl (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
 *   (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
 *   (func $mix (export "mix") (param $n i32) (result i32) (local $i i32) (local $acc i32)
 *     (block $done
 *       (loop $l
 *         (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
 *         (local.set $acc (i32.add (local.get $acc) (call $inc (local.get $i))))
 *         (local.set $acc (i32.xor (local.get $acc) (call $dbl (local.get $acc))))
 *         (local.set $acc (i32.add (local.get $acc)
 *           (call_indirect (type $t) (local.get $i) (i32.rem_u (local.get $i) (i32.const 3)))))
 *         (local.set $i (i32.add (local.get $i) (i32.const 1)))
 *         (br $l)))
 *     (local.get $acc))
 *   (func $rec_a (export "rec") (param i32) (result i32)
 *     (if (result i32) (i32.eqz (local.get 0))
 *       (then (i32.const 0))
 *       (else (i32.add (i32.const 1) (call $rec_b (i32.sub (local.get 0) (i32.const 1)))))))
 *   (func $rec_b (param i32) (result i32)
 *     (if (result i32) (i32.eqz (local.get 0))
 *       (then (i32.const 0))
 *       (else (i32.add (call $mix (i32.const 3)) (call $rec_a (i32.sub (local.get 0) (i32.const
 * 1))))))) (func $even (export "even") (param i32) (result i32) (if (result i32) (i32.eqz
 * (local.get 0)) (then (i32.const 1)) (else (return_call $odd (i32.sub (local.get 0) (i32.const
 * 1)))))) (func $odd (param i32) (result i32) (if (result i32) (i32.eqz (local.get 0)) (then
 * (i32.const 0)) (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1))
 * (i32.const 4))))) (func $outer (export "outer") (param i32) (result i32) (i32.add (call $sq
 * (local.get 0)) (i32.add (call $reenter (local.get 0)) (call $inc (local.get 0))))) (func
 * $via_host (param i32) (result i32) (call $reenter (local.get 0))) (func $indirect_host (export
 * "indirect_host") (param i32) (result i32) (i32.add (call_indirect (type $t) (local.get 0)
 * (i32.const 3)) (call $dbl (local.get 0)))) (func $t3 (param i32) (result i32) (i32.div_u
 * (i32.const 1) (local.get 0))) (func $t2 (param i32) (result i32) (drop (call $mix (i32.const 2)))
 * (call $t3 (local.get 0))) (func $t1 (export "trap") (param i32) (result i32) (call $t2 (local.get
 * 0))))
 */
static const uint8_t cache_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x72, 0x65, 0x65, 0x6e, 0x74, 0x65, 0x72, 0x00,
    0x00, 0x03, 0x0f, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x05, 0x07, 0x33, 0x06, 0x03, 0x6d, 0x69, 0x78, 0x00,
    0x04, 0x03, 0x72, 0x65, 0x63, 0x00, 0x05, 0x04, 0x65, 0x76, 0x65, 0x6e, 0x00, 0x07, 0x05, 0x6f,
    0x75, 0x74, 0x65, 0x72, 0x00, 0x09, 0x0d, 0x69, 0x6e, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74, 0x5f,
    0x68, 0x6f, 0x73, 0x74, 0x00, 0x0b, 0x04, 0x74, 0x72, 0x61, 0x70, 0x00, 0x0e, 0x09, 0x0b, 0x01,
    0x00, 0x41, 0x00, 0x0b, 0x05, 0x01, 0x02, 0x03, 0x0a, 0x07, 0x0a, 0xf0, 0x01, 0x0e, 0x07, 0x00,
    0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41, 0x02, 0x6c, 0x0b, 0x07, 0x00,
    0x20, 0x00, 0x20, 0x00, 0x6c, 0x0b, 0x3d, 0x01, 0x02, 0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x01,
    0x20, 0x00, 0x4f, 0x0d, 0x01, 0x20, 0x02, 0x20, 0x01, 0x10, 0x01, 0x6a, 0x21, 0x02, 0x20, 0x02,
    0x20, 0x02, 0x10, 0x02, 0x73, 0x21, 0x02, 0x20, 0x02, 0x20, 0x01, 0x20, 0x01, 0x41, 0x03, 0x70,
    0x11, 0x00, 0x00, 0x6a, 0x21, 0x02, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x0c, 0x00, 0x0b,
    0x0b, 0x20, 0x02, 0x0b, 0x15, 0x00, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x00, 0x05, 0x41, 0x01,
    0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x06, 0x6a, 0x0b, 0x0b, 0x17, 0x00, 0x20, 0x00, 0x45, 0x04,
    0x7f, 0x41, 0x00, 0x05, 0x41, 0x03, 0x10, 0x04, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x05, 0x6a,
    0x0b, 0x0b, 0x12, 0x00, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x20, 0x00, 0x41, 0x01,
    0x6b, 0x12, 0x08, 0x0b, 0x0b, 0x15, 0x00, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x00, 0x05, 0x20,
    0x00, 0x41, 0x01, 0x6b, 0x41, 0x04, 0x13, 0x00, 0x00, 0x0b, 0x0b, 0x10, 0x00, 0x20, 0x00, 0x10,
    0x03, 0x20, 0x00, 0x10, 0x00, 0x20, 0x00, 0x10, 0x01, 0x6a, 0x6a, 0x0b, 0x06, 0x00, 0x20, 0x00,
    0x10, 0x00, 0x0b, 0x0e, 0x00, 0x20, 0x00, 0x41, 0x03, 0x11, 0x00, 0x00, 0x20, 0x00, 0x10, 0x02,
    0x6a, 0x0b, 0x07, 0x00, 0x41, 0x01, 0x20, 0x00, 0x6e, 0x0b, 0x0b, 0x00, 0x41, 0x02, 0x10, 0x04,
    0x1a, 0x20, 0x00, 0x10, 0x0c, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x0d, 0x0b, 0x00, 0x9b, 0x01,
    0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x62, 0x0f, 0x00, 0x07, 0x72, 0x65, 0x65, 0x6e, 0x74, 0x65,
    0x72, 0x01, 0x03, 0x69, 0x6e, 0x63, 0x02, 0x03, 0x64, 0x62, 0x6c, 0x03, 0x02, 0x73, 0x71, 0x04,
    0x03, 0x6d, 0x69, 0x78, 0x05, 0x05, 0x72, 0x65, 0x63, 0x5f, 0x61, 0x06, 0x05, 0x72, 0x65, 0x63,
    0x5f, 0x62, 0x07, 0x04, 0x65, 0x76, 0x65, 0x6e, 0x08, 0x03, 0x6f, 0x64, 0x64, 0x09, 0x05, 0x6f,
    0x75, 0x74, 0x65, 0x72, 0x0a, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x0b, 0x0d,
    0x69, 0x6e, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x0c, 0x02, 0x74,
    0x33, 0x0d, 0x02, 0x74, 0x32, 0x0e, 0x02, 0x74, 0x31, 0x02, 0x2a, 0x0f, 0x00, 0x00, 0x01, 0x00,
    0x02, 0x00, 0x03, 0x00, 0x04, 0x03, 0x00, 0x01, 0x6e, 0x01, 0x01, 0x69, 0x02, 0x03, 0x61, 0x63,
    0x63, 0x05, 0x00, 0x06, 0x00, 0x07, 0x00, 0x08, 0x00, 0x09, 0x00, 0x0a, 0x00, 0x0b, 0x00, 0x0c,
    0x00, 0x0d, 0x00, 0x0e, 0x00, 0x04, 0x04, 0x01, 0x00, 0x01, 0x74,
};

/* ------------------------------------------------------------ allocator */

typedef struct counting {
    size_t live;
} counting;

/* realloc semantics; freed and shrunk-away bytes are zeroed first (see top) */
static void *zeroing_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    counting *a = user;
    if (new_size == 0) {
        if (ptr) {
            memset(ptr, 0, old_size);
            a->live -= old_size;
        }
        free(ptr);
        return NULL;
    }
    void *p = malloc(new_size);
    if (!p)
        return NULL;
    if (ptr) {
        memcpy(p, ptr, old_size < new_size ? old_size : new_size);
        memset(ptr, 0, old_size);
        free(ptr);
        a->live -= old_size;
    }
    a->live += new_size;
    return p;
}

/* ------------------------------------------------------------ set-up */

typedef struct setup {
    counting alloc;
    fa_runtime *rt;
    fa_module *mod;
    fa_instance *inst;
    fa_instance *inst2;
    int reentries;
} setup;

/* env.reenter(n): calls back into wasm (mix(n + 5)) while the wasm caller
 * waits on the call stack, then returns that value. */
static int h_reenter(fa_call *c, void *user)
{
    setup *s = user;
    s->reentries++;
    fa_value a = fa_i32(fa_call_arg_i32(c, 0) + 5), r;
    fa_error err;
    if (fa_func_call(fa_instance_func(s->inst, "mix"), &a, 1, &r, 1, &err) != FA_OK) {
        fa_call_trap(c, err.message);
        return 1;
    }
    fa_call_set_result_i32(c, 0, r.of.i32);
    return 0;
}

/* mode: 0 lazy translation, 1 eager, 2 lazy translation and validation */
static void open_setup(setup *s, size_t budget, int mode, uint64_t fuel)
{
    memset(s, 0, sizeof *s);
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.code_cache_bytes = budget;
    cfg.eager_compile = mode == 1;
    cfg.lazy_validation = mode == 2;
    cfg.fuel = fuel;
    cfg.alloc = zeroing_alloc;
    cfg.alloc_user = &s->alloc;
    s->rt = fa_runtime_new(&cfg);
    CHECK(s->rt != NULL);
    static const fa_valtype i32 = FA_I32;
    fa_functype ft = {1, 1, &i32, &i32};
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_FUNC;
    x.of.func = fa_func_new_host(s->rt, &ft, h_reenter, s);
    CHECK_EQ_INT(fa_runtime_define(s->rt, "env", "reenter", x), FA_OK);
    fa_error err;
    CHECK_EQ_INT(fa_module_load(s->rt, cache_wasm, sizeof cache_wasm, &s->mod, &err), FA_OK);
    CHECK_EQ_INT(fa_instance_new(s->rt, s->mod, &s->inst, &err), FA_OK);
    CHECK_EQ_INT(fa_instance_new(s->rt, s->mod, &s->inst2, &err), FA_OK);
}

static void close_setup(setup *s)
{
    fa_instance_free(s->inst2);
    fa_instance_free(s->inst);
    fa_module_free(s->mod);
    uint64_t held = 1;
    CHECK_EQ_INT(fa_runtime_code_cache_stats(s->rt, &held, NULL, NULL), FA_OK);
    CHECK_EQ_INT(held, 0); /* the module took its code with it */
    fa_runtime_free(s->rt);
    CHECK_EQ_INT(s->alloc.live, 0);
}

static fa_result call1(fa_instance *inst, const char *name, int32_t arg, int32_t *out,
                       fa_error *err)
{
    fa_value a = fa_i32(arg), r;
    memset(&r, 0, sizeof r);
    fa_result res = fa_func_call(fa_instance_func(inst, name), &a, 1, &r, 1, err);
    if (out)
        *out = r.of.i32;
    return res;
}

/* One round of every kind of call; results into out[0..9]. */
static void run_all(setup *s, int32_t out[10])
{
    fa_error err;
    memset(out, 0, 10 * sizeof out[0]);
    CHECK_EQ_INT(call1(s->inst, "mix", 40, &out[0], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst, "rec", 60, &out[1], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst, "even", 1001, &out[2], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst, "even", 1000, &out[3], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst, "outer", 9, &out[4], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst, "indirect_host", 4, &out[5], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst2, "rec", 25, &out[6], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst2, "outer", 3, &out[7], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst, "trap", 0, NULL, &err), FA_ERR_TRAP);
    CHECK_EQ_STR(err.message, "integer divide by zero");
    CHECK_EQ_INT(call1(s->inst, "trap", 1, &out[8], &err), FA_OK);
    CHECK_EQ_INT(call1(s->inst2, "mix", 7, &out[9], &err), FA_OK);
}

/* ------------------------------------------------------------ tests */

static const size_t budgets[] = {1, 64, 200, 400, 700, 1500};

static void t_results_match_unlimited(void)
{
    setup s;
    int32_t want[10], got[10];
    open_setup(&s, 0, 0, 0);
    run_all(&s, want);
    uint64_t held_all = 0, drops = 1;
    fa_runtime_code_cache_stats(s.rt, &held_all, NULL, &drops);
    CHECK_EQ_INT(drops, 0);
    CHECK(held_all > 1500); /* so every budget below drops something */
    close_setup(&s);
    CHECK_EQ_INT(want[2], 0);
    CHECK_EQ_INT(want[3], 1);
    for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
        for (int mode = 0; mode <= 2; mode++) {
            open_setup(&s, budgets[b], mode, 0);
            for (int round = 0; round < 3; round++) {
                run_all(&s, got);
                for (int i = 0; i < 10; i++)
                    CHECK_EQ_INT(got[i], want[i]);
            }
            uint64_t held = 0, tr = 0;
            drops = 0;
            fa_runtime_code_cache_stats(s.rt, &held, &tr, &drops);
            CHECK(drops > 0);
            CHECK(tr > 14); /* dropped functions were translated again */
            CHECK(held < held_all);
            close_setup(&s);
        }
    }
}

/* Between calls nothing runs, so the next translation may drop everything
 * else: with the smallest budget only the newest translation stays. */
static void t_budget_held_between_calls(void)
{
    setup s;
    open_setup(&s, 1, 0, 0);
    fa_error err;
    int32_t r;
    CHECK_EQ_INT(call1(s.inst, "mix", 10, &r, &err), FA_OK);
    uint64_t held = 0, tr = 0;
    fa_runtime_code_cache_stats(s.rt, &held, &tr, NULL);
    CHECK(held > 0);
    uint64_t tr0 = tr;
    /* mix again: its callees were dropped by the last translation */
    CHECK_EQ_INT(call1(s.inst, "mix", 10, &r, &err), FA_OK);
    fa_runtime_code_cache_stats(s.rt, &held, &tr, NULL);
    CHECK(tr > tr0);
    close_setup(&s);

    /* a budget larger than the whole module drops nothing */
    open_setup(&s, 1u << 20, 0, 0);
    int32_t out[10];
    run_all(&s, out);
    uint64_t drops = 1;
    fa_runtime_code_cache_stats(s.rt, NULL, &tr, &drops);
    CHECK_EQ_INT(drops, 0);
    close_setup(&s);
}

/* Host re-entry: outer's and rec's frames wait while the host runs mix,
 * whose translations drop everything that is not on the stack. */
static void t_live_frames_survive_reentry(void)
{
    setup s;
    open_setup(&s, 1, 0, 0);
    fa_error err;
    int32_t r1, r2;
    CHECK_EQ_INT(call1(s.inst, "outer", 12, &r1, &err), FA_OK);
    CHECK_EQ_INT(s.reentries, 1);
    CHECK_EQ_INT(call1(s.inst, "outer", 12, &r2, &err), FA_OK);
    CHECK_EQ_INT(r1, r2);
    /* reentry from a function reached through the table */
    CHECK_EQ_INT(call1(s.inst, "indirect_host", 12, &r1, &err), FA_OK);
    CHECK_EQ_INT(call1(s.inst, "indirect_host", 12, &r2, &err), FA_OK);
    CHECK_EQ_INT(r1, r2);
    close_setup(&s);
}

/* Fuel: a trap unwinds its frames; the next calls translate again. */
static void t_fuel_trap_then_run(void)
{
    setup s, ref;
    open_setup(&ref, 0, 0, 0);
    open_setup(&s, 1, 0, 50);
    fa_error err;
    int32_t r, want;
    CHECK_EQ_INT(call1(s.inst, "mix", 1000, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_STR(err.message, "out of fuel");
    CHECK_EQ_INT(call1(s.inst, "mix", 5, &r, &err), FA_OK);
    CHECK_EQ_INT(call1(ref.inst, "mix", 5, &want, &err), FA_OK);
    CHECK_EQ_INT(r, want);
    CHECK_EQ_INT(call1(s.inst, "rec", 1000, &r, &err), FA_ERR_TRAP);
    CHECK_EQ_STR(err.message, "out of fuel");
    CHECK_EQ_INT(call1(s.inst, "rec", 3, &r, &err), FA_OK);
    CHECK_EQ_INT(call1(ref.inst, "rec", 3, &want, &err), FA_OK);
    CHECK_EQ_INT(r, want);
    close_setup(&s);
    close_setup(&ref);
}

/* A trap's backtrace names the same frames and offsets with any budget. */
static void t_backtrace_same(void)
{
    char want[512], got[512];
    setup s;
    fa_error err;
    open_setup(&s, 0, 0, 0);
    CHECK_EQ_INT(call1(s.inst, "trap", 0, NULL, &err), FA_ERR_TRAP);
    fa_runtime_backtrace_format(s.rt, want, sizeof want);
    close_setup(&s);
    CHECK(strstr(want, "#0 t3 at 0x") != NULL);
    CHECK(strstr(want, "#2 t1 at 0x") != NULL);
    for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
        open_setup(&s, budgets[b], 0, 0);
        int32_t out[10];
        run_all(&s, out); /* fill and churn the cache first */
        CHECK_EQ_INT(call1(s.inst, "trap", 0, NULL, &err), FA_ERR_TRAP);
        fa_runtime_backtrace_format(s.rt, got, sizeof got);
        CHECK_EQ_STR(got, want);
        close_setup(&s);
    }
}

static void t_stats_args(void)
{
    CHECK_EQ_INT(fa_runtime_code_cache_stats(NULL, NULL, NULL, NULL), FA_ERR_ARG);
    fa_config cfg;
    fa_config_default(&cfg);
    CHECK_EQ_INT(cfg.code_cache_bytes, FAYASM_CODE_CACHE_BYTES);
}

static const fa_test tests[] = {
    {"results_match_unlimited", t_results_match_unlimited},
    {"budget_held_between_calls", t_budget_held_between_calls},
    {"live_frames_survive_reentry", t_live_frames_survive_reentry},
    {"fuel_trap_then_run", t_fuel_trap_then_run},
    {"backtrace_same", t_backtrace_same},
    {"stats_args", t_stats_args},
};

FA_TEST_MAIN(tests)
