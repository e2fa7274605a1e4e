/*
 * test_embed_host.c - host functions through the public API: typed argument
 * and result accessors, several results, user data, the calling instance's
 * memory, host traps with their own message and exit, the link-time
 * signature check, re-entrant calls back into wasm (with the call-depth and
 * re-entry limits still enforced), v128 and reference values, and misuse
 * (wrong counts or types, NULL handles) returning errors.
 *
 * Modules are assembled with wat2wasm 1.0.32; each array follows its source.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"
#include "harness.h"

/*
 * (module
 *   (import "env" "add_all" (func $add_all (param i32 i64 f32 f64) (result f64)))
 *   (import "env" "swap" (func $swap (param i64 i32) (result i32 i64)))
 *   (import "env" "sum_bytes" (func $sum_bytes (param i32 i32) (result i32)))
 *   (import "env" "fail" (func $fail (param i32)))
 *   (import "env" "recurse" (func $recurse (param i32) (result i32)))
 *   (import "env" "counter" (func $counter (result i32)))
 *   (memory (export "memory") 1)
 *   (data (i32.const 16) "\01\02\03\04\05")
 *   (func (export "add_all") (param i32 i64 f32 f64) (result f64)
 *     (call $add_all (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
 *   (func (export "swap") (param i64 i32) (result i32 i64)
 *     (call $swap (local.get 0) (local.get 1)))
 *   (func (export "sum") (param i32 i32) (result i32)
 *     (call $sum_bytes (local.get 0) (local.get 1)))
 *   (func (export "fail") (param i32) (call $fail (local.get 0)))
 *   (func (export "counter") (result i32) (call $counter))
 *   ;; down(n) = n, counting down through the host: wasm -> host -> wasm ...
 *   (func (export "down") (param i32) (result i32)
 *     (if (result i32) (i32.eqz (local.get 0))
 *       (then (i32.const 0))
 *       (else (i32.add (call $recurse (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
 */
static const uint8_t host_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x23, 0x06, 0x60, 0x04, 0x7f, 0x7e, 0x7d,
    0x7c, 0x01, 0x7c, 0x60, 0x02, 0x7e, 0x7f, 0x02, 0x7f, 0x7e, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
    0x60, 0x01, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x51, 0x06,
    0x03, 0x65, 0x6e, 0x76, 0x07, 0x61, 0x64, 0x64, 0x5f, 0x61, 0x6c, 0x6c, 0x00, 0x00, 0x03, 0x65,
    0x6e, 0x76, 0x04, 0x73, 0x77, 0x61, 0x70, 0x00, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x09, 0x73, 0x75,
    0x6d, 0x5f, 0x62, 0x79, 0x74, 0x65, 0x73, 0x00, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x66, 0x61,
    0x69, 0x6c, 0x00, 0x03, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x72, 0x65, 0x63, 0x75, 0x72, 0x73, 0x65,
    0x00, 0x04, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x65, 0x72, 0x00, 0x05,
    0x03, 0x07, 0x06, 0x00, 0x01, 0x02, 0x03, 0x05, 0x04, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x39,
    0x07, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x07, 0x61, 0x64, 0x64, 0x5f, 0x61,
    0x6c, 0x6c, 0x00, 0x06, 0x04, 0x73, 0x77, 0x61, 0x70, 0x00, 0x07, 0x03, 0x73, 0x75, 0x6d, 0x00,
    0x08, 0x04, 0x66, 0x61, 0x69, 0x6c, 0x00, 0x09, 0x07, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x65, 0x72,
    0x00, 0x0a, 0x04, 0x64, 0x6f, 0x77, 0x6e, 0x00, 0x0b, 0x0a, 0x42, 0x06, 0x0c, 0x00, 0x20, 0x00,
    0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x10, 0x00, 0x0b, 0x08, 0x00, 0x20, 0x00, 0x20, 0x01, 0x10,
    0x01, 0x0b, 0x08, 0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x02, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10,
    0x03, 0x0b, 0x04, 0x00, 0x10, 0x05, 0x0b, 0x15, 0x00, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x00,
    0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x04, 0x41, 0x01, 0x6a, 0x0b, 0x0b, 0x0b, 0x0b, 0x01,
    0x00, 0x41, 0x10, 0x0b, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05,
};

/*
 * (module
 *   (import "env" "refs" (func $refs (param v128 externref funcref) (result v128 externref
 * funcref))) (func $f (export "f")) (func (export "refs") (param v128 externref) (result v128
 * externref funcref) (call $refs (local.get 0) (local.get 1) (ref.func $f))))
 */
static const uint8_t v128_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x15, 0x03, 0x60, 0x03, 0x7b,
    0x6f, 0x70, 0x03, 0x7b, 0x6f, 0x70, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7b, 0x6f, 0x03,
    0x7b, 0x6f, 0x70, 0x02, 0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x72, 0x65, 0x66,
    0x73, 0x00, 0x00, 0x03, 0x03, 0x02, 0x01, 0x02, 0x07, 0x0c, 0x02, 0x01, 0x66, 0x00,
    0x01, 0x04, 0x72, 0x65, 0x66, 0x73, 0x00, 0x02, 0x0a, 0x0f, 0x02, 0x02, 0x00, 0x0b,
    0x0a, 0x00, 0x20, 0x00, 0x20, 0x01, 0xd2, 0x01, 0x10, 0x00, 0x0b,
};

/*
 * (module (import "env" "add_all" (func (param i32 i64 f32) (result f64))))
 */
static const uint8_t wrongsig_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60,
    0x03, 0x7f, 0x7e, 0x7d, 0x01, 0x7c, 0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e,
    0x76, 0x07, 0x61, 0x64, 0x64, 0x5f, 0x61, 0x6c, 0x6c, 0x00, 0x00,
};

/* ------------------------------------------------------------ helpers */

static const fa_valtype T_I32[] = {FA_I32}, T_I64_I32[] = {FA_I64, FA_I32},
                        T_I32_I64[] = {FA_I32, FA_I64}, T_I32_I32[] = {FA_I32, FA_I32},
                        T_ADD[] = {FA_I32, FA_I64, FA_F32, FA_F64}, T_F64[] = {FA_F64},
                        T_REFS[] = {FA_V128, FA_EXTERNREF, FA_FUNCREF};

static fa_func *host(fa_runtime *rt, const fa_valtype *p, uint32_t np, const fa_valtype *r,
                     uint32_t nr, fa_host_fn fn, void *user)
{
    fa_functype t = {np, nr, p, r};
    fa_func *f = fa_func_new_host(rt, &t, fn, user);
    CHECK(f != NULL);
    return f;
}

static void define_func(fa_runtime *rt, const char *name, fa_func *f)
{
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_FUNC;
    x.of.func = f;
    CHECK_EQ_INT(fa_runtime_define(rt, "env", name, x), FA_OK);
}

static fa_module *load(fa_runtime *rt, const uint8_t *bytes, size_t len)
{
    fa_module *m = NULL;
    fa_error err;
    fa_result r = fa_module_load(rt, bytes, len, &m, &err);
    if (r != FA_OK)
        fprintf(stderr, "  load: %s\n", err.message);
    CHECK_EQ_INT(r, FA_OK);
    return m;
}

/* ------------------------------------------------------------ host functions */

typedef struct host_state {
    fa_func *self; /* the host function itself (checked via fa_call_func) */
    fa_func *down; /* the wasm export "down", for recurse */
    int counter;
    int calls;
    fa_result inner; /* what the last nested fa_func_call returned */
    fa_trap inner_trap;
    uintptr_t stack_at[4]; /* addresses of a local at re-entry levels 1..4 */
    int propagate;         /* recurse: on an inner error return non-zero without a message */
} host_state;

static int h_add_all(fa_call *c, void *user)
{
    host_state *st = user;
    st->calls++;
    CHECK_EQ_INT(fa_call_n_args(c), 4);
    CHECK_EQ_INT(fa_call_n_results(c), 1);
    CHECK(fa_call_func(c) == st->self);
    CHECK((fa_call_instance(c) != NULL) == (fa_call_memory(c, 0) != NULL));
    CHECK(fa_call_runtime(c) != NULL);
    double r = fa_call_arg_i32(c, 0) + (double)fa_call_arg_i64(c, 1) + fa_call_arg_f32(c, 2) +
               fa_call_arg_f64(c, 3);
    CHECK_EQ_INT(fa_call_arg_i32(c, 9), 0); /* out of range reads 0 */
    fa_value v = fa_call_arg(c, 1);
    CHECK(v.type == FA_I64);
    fa_call_set_result_i32(c, 0, 12345); /* wrong type: ignored */
    fa_call_set_result_f64(c, 3, 1.0);   /* out of range: ignored */
    fa_call_set_result_f64(c, 0, r);
    return 0;
}

static int h_swap(fa_call *c, void *user)
{
    (void)user;
    int64_t a = fa_call_arg_i64(c, 0);
    int32_t b = fa_call_arg_i32(c, 1);
    fa_call_set_result_i32(c, 0, b);
    fa_call_set_result(c, 1, fa_i64(a));
    return 0;
}

/* sum_bytes(ptr, len): reads the caller's memory with a bounds check. */
static int h_sum_bytes(fa_call *c, void *user)
{
    (void)user;
    uint32_t ptr = (uint32_t)fa_call_arg_i32(c, 0), len = (uint32_t)fa_call_arg_i32(c, 1);
    fa_memory *mem = fa_call_memory(c, 0);
    CHECK(mem != NULL);
    CHECK(fa_call_memory(c, 1) == NULL);
    const uint8_t *p = fa_memory_ptr(mem, ptr, len);
    if (!p) {
        fa_call_trap(c, "sum_bytes: range out of bounds");
        return 1;
    }
    int32_t sum = 0;
    for (uint32_t i = 0; i < len; i++)
        sum += p[i];
    fa_call_set_result_i32(c, 0, sum);
    return 0;
}

/* fail(n): 0 -> trap with a message, 1 -> bare non-zero, 2 -> exit 42, else ok */
static int h_fail(fa_call *c, void *user)
{
    (void)user;
    int32_t n = fa_call_arg_i32(c, 0);
    char msg[64];
    switch (n) {
    case 0:
        snprintf(msg, sizeof msg, "fail called with %d", (int)n);
        fa_call_trap(c, msg);
        return 1;
    case 1: return 1;
    case 2: fa_call_exit(c, 42); return 1;
    default: return 0;
    }
}

static int h_counter(fa_call *c, void *user)
{
    host_state *st = user;
    fa_call_set_result_i32(c, 0, ++st->counter);
    return 0;
}

/* recurse(n) = down(n), calling back into wasm. */
static int h_recurse(fa_call *c, void *user)
{
    host_state *st = user;
    volatile char here = 0;
    int32_t n = fa_call_arg_i32(c, 0);
    if (n < 4)
        st->stack_at[n] = (uintptr_t)&here;
    fa_value arg = fa_i32(n), res;
    fa_error err;
    st->inner = fa_func_call(st->down, &arg, 1, &res, 1, &err);
    if (st->inner != FA_OK) {
        st->inner_trap = err.trap;
        if (st->propagate)
            return 1; /* the inner trap (code and backtrace) goes on unwinding */
        fa_call_trap(c, err.message);
        return 1;
    }
    fa_call_set_result_i32(c, 0, res.of.i32);
    return 0;
}

static fa_instance *host_instance(fa_runtime *rt, host_state *st)
{
    memset(st, 0, sizeof *st);
    st->self = host(rt, T_ADD, 4, T_F64, 1, h_add_all, st);
    define_func(rt, "add_all", st->self);
    define_func(rt, "swap", host(rt, T_I64_I32, 2, T_I32_I64, 2, h_swap, NULL));
    define_func(rt, "sum_bytes", host(rt, T_I32_I32, 2, T_I32, 1, h_sum_bytes, NULL));
    define_func(rt, "fail", host(rt, T_I32, 1, NULL, 0, h_fail, NULL));
    define_func(rt, "recurse", host(rt, T_I32, 1, T_I32, 1, h_recurse, st));
    define_func(rt, "counter", host(rt, NULL, 0, T_I32, 1, h_counter, st));
    fa_module *m = load(rt, host_wasm, sizeof host_wasm);
    fa_instance *inst = NULL;
    fa_error err;
    fa_result r = fa_instance_new(rt, m, &inst, &err);
    if (r != FA_OK)
        fprintf(stderr, "  instantiate: %s\n", err.message);
    CHECK_EQ_INT(r, FA_OK);
    fa_module_free(m);
    if (inst)
        st->down = fa_instance_func(inst, "down");
    return inst;
}

/* ------------------------------------------------------------ tests */

static void t_typed_accessors(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    host_state st;
    fa_instance *inst = host_instance(rt, &st);
    fa_value args[4] = {fa_i32(-3), fa_i64(10000000000LL), fa_f32(0.5f), fa_f64(0.25)}, res[1];
    fa_error err;
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "add_all"), args, 4, res, 1, &err), FA_OK);
    CHECK(res[0].type == FA_F64 && res[0].of.f64 == 10000000000.0 - 3 + 0.75);
    CHECK_EQ_INT(st.calls, 1);

    /* the host function called directly from the host: no calling instance */
    fa_value d[1];
    CHECK_EQ_INT(fa_func_call(st.self, args, 4, d, 1, &err), FA_OK);
    CHECK(d[0].of.f64 == res[0].of.f64);

    fa_value sargs[2] = {fa_i64(-7), fa_i32(9)}, sres[2];
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "swap"), sargs, 2, sres, 2, &err), FA_OK);
    CHECK(sres[0].type == FA_I32 && sres[0].of.i32 == 9);
    CHECK(sres[1].type == FA_I64 && sres[1].of.i64 == -7);
    fa_runtime_free(rt);
}

static void t_user_data(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    host_state st;
    fa_instance *inst = host_instance(rt, &st);
    fa_func *f = fa_instance_func(inst, "counter");
    fa_value r;
    for (int i = 1; i <= 3; i++) {
        CHECK_EQ_INT(fa_func_call(f, NULL, 0, &r, 1, NULL), FA_OK);
        CHECK_EQ_INT(r.of.i32, i);
    }
    CHECK_EQ_INT(st.counter, 3);
    fa_runtime_free(rt);
}

static void t_caller_memory(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    host_state st;
    fa_instance *inst = host_instance(rt, &st);
    fa_func *sum = fa_instance_func(inst, "sum");
    fa_value a[2] = {fa_i32(16), fa_i32(5)}, r;
    fa_error err;
    CHECK_EQ_INT(fa_func_call(sum, a, 2, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 15);
    /* the host writes, wasm's host call sees it */
    uint8_t *p = fa_memory_ptr(fa_instance_memory(inst, "memory"), 65530, 6);
    CHECK(p != NULL);
    memset(p, 2, 6);
    a[0] = fa_i32(65530);
    a[1] = fa_i32(6);
    CHECK_EQ_INT(fa_func_call(sum, a, 2, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 12);
    /* one byte past the end: the host traps with its own message */
    a[1] = fa_i32(7);
    CHECK_EQ_INT(fa_func_call(sum, a, 2, &r, 1, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_HOST);
    CHECK_EQ_STR(err.message, "sum_bytes: range out of bounds");
    CHECK(fa_memory_ptr(fa_instance_memory(inst, "memory"), 65536, 1) == NULL);
    CHECK(fa_memory_ptr(fa_instance_memory(inst, "memory"), 65536, 0) != NULL);
    CHECK(fa_memory_ptr(fa_instance_memory(inst, "memory"), UINT64_MAX, 2) == NULL);
    fa_runtime_free(rt);
}

static void t_host_traps(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    host_state st;
    fa_instance *inst = host_instance(rt, &st);
    fa_func *fail = fa_instance_func(inst, "fail");
    fa_value a = fa_i32(0);
    fa_error err;
    CHECK_EQ_INT(fa_func_call(fail, &a, 1, NULL, 0, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.code, FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_HOST);
    CHECK_EQ_STR(err.message, "fail called with 0");
    a = fa_i32(1);
    CHECK_EQ_INT(fa_func_call(fail, &a, 1, NULL, 0, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_HOST);
    CHECK_EQ_STR(err.message, "host trap");
    a = fa_i32(2);
    CHECK_EQ_INT(fa_func_call(fail, &a, 1, NULL, 0, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_EXIT);
    CHECK_EQ_INT(err.exit_code, 42);
    a = fa_i32(3);
    CHECK_EQ_INT(fa_func_call(fail, &a, 1, NULL, 0, &err), FA_OK);
    fa_runtime_free(rt);
}

static void t_link_check(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    host_state st;
    host_instance(rt, &st);
    fa_error err;
    fa_instance *inst = NULL;
    /* (param i32 i64 f32) (result f64) against the host's (i32 i64 f32 f64) */
    fa_module *m = load(rt, wrongsig_wasm, sizeof wrongsig_wasm);
    CHECK_EQ_INT(fa_instance_new(rt, m, &inst, &err), FA_ERR_LINK);
    CHECK_EQ_STR(err.message, "incompatible import type \"env\" \"add_all\"");
    CHECK(inst == NULL);
    /* a global where a function is expected */
    fa_extern g;
    memset(&g, 0, sizeof g);
    g.kind = FA_EXTERN_GLOBAL;
    g.of.global = fa_global_new(rt, fa_i32(1), 0);
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, m, &g, 1, &inst, &err), FA_ERR_LINK);
    CHECK_EQ_STR(err.message, "incompatible import type \"env\" \"add_all\"");
    /* a host function with the right signature links */
    static const fa_valtype p3[] = {FA_I32, FA_I64, FA_F32};
    fa_extern f;
    memset(&f, 0, sizeof f);
    f.kind = FA_EXTERN_FUNC;
    f.of.func = host(rt, p3, 3, T_F64, 1, h_counter, NULL);
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, m, &f, 1, &inst, &err), FA_OK);
    /* nothing defined under that name in a fresh runtime: unknown import */
    fa_runtime *rt2 = fa_runtime_new(NULL);
    fa_module *m2 = load(rt2, wrongsig_wasm, sizeof wrongsig_wasm);
    CHECK_EQ_INT(fa_instance_new(rt2, m2, &inst, &err), FA_ERR_LINK);
    CHECK_EQ_STR(err.message, "unknown import \"env\" \"add_all\"");
    /* an object of another runtime is refused */
    CHECK_EQ_INT(fa_instance_new_with_imports(rt2, m2, &f, 1, &inst, &err), FA_ERR_ARG);
    fa_runtime_free(rt2);
    fa_runtime_free(rt);
}

static void t_reentry(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    host_state st;
    fa_instance *inst = host_instance(rt, &st);
    fa_func *down = fa_instance_func(inst, "down");
    fa_value a = fa_i32(250), r;
    fa_error err;
    CHECK_EQ_INT(fa_func_call(down, &a, 1, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 250);
    /* C stack per level of host -> wasm re-entry (the header promises < 1 KiB) */
    intptr_t per_level = (intptr_t)st.stack_at[2] - (intptr_t)st.stack_at[1];
    if (per_level < 0)
        per_level = -per_level;
    printf("  C stack per re-entry level: %ld bytes\n", (long)per_level);
    CHECK(per_level > 0);

    /* past the default re-entry limit (256): a clean trap, not a C stack overflow */
    a = fa_i32(5000);
    CHECK_EQ_INT(fa_func_call(down, &a, 1, &r, 1, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(st.inner, FA_ERR_TRAP);
    CHECK_EQ_STR(err.message, "call stack exhausted");
    /* the runtime is usable afterwards */
    a = fa_i32(10);
    CHECK_EQ_INT(fa_func_call(down, &a, 1, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 10);
    fa_runtime_free(rt);

    /* the call-depth limit counts wasm and host frames across re-entries */
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.max_call_depth = 100;
    rt = fa_runtime_new(&cfg);
    inst = host_instance(rt, &st);
    down = fa_instance_func(inst, "down");
    a = fa_i32(49); /* 50 wasm + 49 host frames */
    CHECK_EQ_INT(fa_func_call(down, &a, 1, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 49);
    a = fa_i32(50);
    st.propagate = 1;
    CHECK_EQ_INT(fa_func_call(down, &a, 1, &r, 1, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_STACK_EXHAUSTED); /* propagated, code kept */
    CHECK_EQ_STR(err.message, "call stack exhausted");
    fa_runtime_free(rt);

    /* a small re-entry limit */
    fa_config_default(&cfg);
    cfg.max_reentry = 5;
    rt = fa_runtime_new(&cfg);
    inst = host_instance(rt, &st);
    down = fa_instance_func(inst, "down");
    a = fa_i32(5);
    CHECK_EQ_INT(fa_func_call(down, &a, 1, &r, 1, &err), FA_OK);
    a = fa_i32(6);
    CHECK_EQ_INT(fa_func_call(down, &a, 1, &r, 1, &err), FA_ERR_TRAP);
    fa_runtime_free(rt);
}

static int h_refs(fa_call *c, void *user)
{
    (void)user;
    fa_value v = fa_call_arg(c, 0), e = fa_call_arg(c, 1), f = fa_call_arg(c, 2);
    CHECK(v.type == FA_V128 && e.type == FA_EXTERNREF && f.type == FA_FUNCREF);
    for (int i = 0; i < 16; i++)
        v.of.v128.bytes[i] ^= 0xFF;
    fa_call_set_result(c, 0, v);
    fa_call_set_result(c, 1, e);
    fa_call_set_result(c, 2, f);
    fa_call_set_result(c, 1, fa_i32(3)); /* wrong type: ignored */
    return 0;
}

static void t_v128_refs(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    define_func(rt, "refs", host(rt, T_REFS, 3, T_REFS, 3, h_refs, NULL));
    fa_module *m = load(rt, v128_wasm, sizeof v128_wasm);
    fa_instance *inst = NULL;
    fa_error err;
    CHECK_EQ_INT(fa_instance_new(rt, m, &inst, &err), FA_OK);
    if (!inst) {
        fa_runtime_free(rt);
        return;
    }
    int token;
    fa_value a[2], r[3];
    memset(a, 0, sizeof a);
    a[0].type = FA_V128;
    for (int i = 0; i < 16; i++)
        a[0].of.v128.bytes[i] = (uint8_t)i;
    a[1] = fa_externref(&token);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "refs"), a, 2, r, 3, &err), FA_OK);
    for (int i = 0; i < 16; i++)
        CHECK_EQ_INT(r[0].of.v128.bytes[i], i ^ 0xFF);
    CHECK(r[1].type == FA_EXTERNREF && r[1].of.externref == &token);
    CHECK(r[2].type == FA_FUNCREF && r[2].of.funcref == fa_instance_func(inst, "f"));
    fa_runtime_free(rt);
}

static void t_misuse(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    host_state st;
    fa_instance *inst = host_instance(rt, &st);
    fa_func *add = fa_instance_func(inst, "add_all");
    fa_value args[4] = {fa_i32(1), fa_i64(2), fa_f32(3), fa_f64(4)}, res[1];
    fa_error err;
    CHECK_EQ_INT(fa_func_call(add, args, 3, res, 1, &err), FA_ERR_ARG);
    CHECK_EQ_STR(err.message, "wrong number of arguments: expected 4, got 3");
    args[2] = fa_f64(3);
    CHECK_EQ_INT(fa_func_call(add, args, 4, res, 1, &err), FA_ERR_ARG);
    CHECK_EQ_STR(err.message, "argument 2: expected f32, got f64");
    args[2] = fa_f32(3);
    CHECK_EQ_INT(fa_func_call(add, args, 4, res, 0, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_func_call(add, NULL, 4, res, 1, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_func_call(NULL, args, 4, res, 1, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_func_call(add, args, 4, res, 1, NULL), FA_OK);

    /* bad host function definitions */
    static const fa_valtype bad[] = {(fa_valtype)0x55};
    fa_functype t = {1, 0, bad, NULL};
    CHECK(fa_func_new_host(rt, &t, h_counter, NULL) == NULL);
    t.params = NULL;
    CHECK(fa_func_new_host(rt, &t, h_counter, NULL) == NULL);
    fa_functype ok = {0, 0, NULL, NULL};
    CHECK(fa_func_new_host(rt, &ok, NULL, NULL) == NULL);
    CHECK(fa_func_new_host(NULL, &ok, h_counter, NULL) == NULL);
    CHECK(fa_func_new_host(rt, NULL, h_counter, NULL) == NULL);

    /* NULL call contexts and handles */
    CHECK_EQ_INT(fa_call_n_args(NULL), 0);
    CHECK_EQ_INT(fa_call_n_results(NULL), 0);
    CHECK_EQ_INT(fa_call_arg_i32(NULL, 0), 0);
    CHECK(fa_call_arg_f64(NULL, 0) == 0.0);
    CHECK(fa_call_func(NULL) == NULL);
    CHECK(fa_call_memory(NULL, 0) == NULL);
    CHECK(fa_call_instance(NULL) == NULL);
    fa_call_set_result_i32(NULL, 0, 1);
    fa_call_trap(NULL, "x");
    fa_call_exit(NULL, 1);
    CHECK(fa_memory_ptr(NULL, 0, 0) == NULL);
    fa_functype ft;
    CHECK_EQ_INT(fa_func_type(NULL, &ft), FA_ERR_ARG);
    CHECK_EQ_INT(fa_func_type(add, NULL), FA_ERR_ARG);
    fa_runtime_free(rt);
}

static const fa_test tests[] = {
    {"typed_accessors", t_typed_accessors},
    {"user_data", t_user_data},
    {"caller_memory", t_caller_memory},
    {"host_traps", t_host_traps},
    {"link_check", t_link_check},
    {"reentry", t_reentry},
    {"v128_refs", t_v128_refs},
    {"misuse", t_misuse},
};

FA_TEST_MAIN(tests)
