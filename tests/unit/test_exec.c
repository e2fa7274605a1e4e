/*
 * test_exec.c - unit tests for the translator and interpreter (compile.c,
 * exec.c), run through the public API.
 *
 * The module below exercises the cases the translator treats specially:
 * lazy local.get (aliasing with local.set), local.tee retargeting, results
 * copied from swapped locals, block params and multi-value branches,
 * br_table stubs, fused compare-and-branch (including NaN with float
 * compares), tail calls in constant stack space, traps, host calls,
 * re-entrancy, fuel and interrupts, and the cached memory size after
 * memory.grow.
 *
 * Source (wat2wasm --enable-all):
 *
 * (module
 *   (type $ii_i (func (param i32 i32) (result i32)))
 *   (import "env" "host_add" (func $host_add (param i32 i32) (result i32)))
 *   (import "env" "host_trap" (func $host_trap))
 *   (import "env" "host_reenter" (func $host_reenter (param i32) (result i32)))
 *   (import "env" "host_interrupt" (func $host_interrupt))
 *   (memory 1 4)
 *   (table 4 funcref)
 *   (elem (i32.const 0) $add $sub $fib)
 *   (func $add (export "add") (type $ii_i) (i32.add (local.get 0) (local.get 1)))
 *   (func $sub (type $ii_i) (i32.sub (local.get 0) (local.get 1)))
 *   (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
 *   (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
 *   (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
 *   ;; the old value of local 0 must survive local.set 0 (lazy local.get)
 *   (func (export "alias") (param i32) (result i32)
 *     (local.get 0)
 *     (local.set 0 (i32.const 7))
 *     (i32.sub (local.get 0)))
 *   (func (export "tee") (param i32) (result i32) (local i32)
 *     (i32.mul (local.tee 1 (i32.add (local.get 0) (i32.const 1))) (local.get 1)))
 *   (func $fib (export "fib") (param i32) (result i32)
 *     (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
 *       (then (local.get 0))
 *       (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
 *                      (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
 *   (func $inf (export "inf") (param i32) (result i32) (call $inf (i32.add (local.get 0) (i32.const
 * 1))))
 *   ;; sums 0..n-1 with a tail-recursive helper: constant stack space
 *   (func $sum_tail (param i32 i64) (result i64)
 *     (if (i32.eqz (local.get 0)) (then (return (local.get 1))))
 *     (return_call $sum_tail (i32.sub (local.get 0) (i32.const 1))
 *                            (i64.add (local.get 1) (i64.extend_i32_u (i32.sub (local.get 0)
 * (i32.const 1)))))) (func (export "sum_tail") (param i32) (result i64) (return_call $sum_tail
 * (local.get 0) (i64.const 0)))
 *   ;; block params, multi-value results, br_if/br_table carrying values
 *   (func (export "multi") (param i32) (result i32 i32)
 *     (i32.const 10) (i32.const 20)
 *     (block $b (param i32 i32) (result i32 i32)
 *       (br_if $b (i32.eq (local.get 0) (i32.const 0)))
 *       (drop) (drop) (i32.const 1) (i32.const 2)))
 *   (func (export "table") (param i32) (result i32)
 *     (block $a (result i32)
 *       (block $b (result i32)
 *         (block $c (result i32)
 *           (br_table $a $b $c $b (i32.const 100) (local.get 0)))
 *         (return (i32.add (i32.const 3))))
 *       (return (i32.add (i32.const 2))))
 *     (i32.add (i32.const 1)))
 *   ;; float compare feeding if: NaN must take the else arm
 *   (func (export "flt") (param f64 f64) (result i32)
 *     (if (result i32) (f64.lt (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const
 * 0)))) (func (export "fge_br") (param f64 f64) (result i32) (block $out (result i32) (br_if $out
 * (i32.const 1) (f64.ge (local.get 0) (local.get 1))) (drop) (i32.const 0))) (func (export
 * "loop_sum") (param i32) (result i32) (local i32 i32) (block $done (loop $l (br_if $done (i32.ge_s
 * (local.get 1) (local.get 0))) (local.set 2 (i32.add (local.get 2) (local.get 1))) (local.set 1
 * (i32.add (local.get 1) (i32.const 1))) (br $l))) (local.get 2)) (func (export "spin") (loop $l
 * (br $l))) (func (export "spin_interrupt") (call $host_interrupt) (loop $l (br $l))) (func (export
 * "mem") (param i32) (result i32) (i32.store (i32.const 8) (i32.const 0x11223344)) (i32.add
 * (i32.load8_u (i32.const 9)) (i32.load (local.get 0)))) (func (export "grow_then_store") (result
 * i32) (drop (memory.grow (i32.const 1))) (i64.store (i32.const 131064) (i64.const -1)) (i32.load
 * (i32.const 131068))) (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const
 * 0xAB) (local.get 1))) (func (export "call_ind") (param i32 i32 i32) (result i32) (call_indirect
 * (type $ii_i) (local.get 1) (local.get 2) (local.get 0))) (func (export "call_host") (param i32)
 * (result i32) (i32.mul (call $host_add (local.get 0) (i32.const 5)) (i32.const 2))) (func (export
 * "host_trap") (call $host_trap)) (func (export "reenter") (param i32) (result i32) (call
 * $host_reenter (local.get 0))) (func (export "unreachable") (unreachable)) (func (export "select")
 * (param i32) (result i64) (select (i64.const 5) (i64.const 9) (local.get 0))) (func (export
 * "fneg") (param f32) (result f32) (f32.neg (local.get 0)))
 *   ;; br_table jumping backwards to a loop (found by test_fuzz_load)
 *   (func (export "brt_loop") (result i32) (local $i i32)
 *     (block $out
 *       (loop $l
 *         (local.set $i (i32.add (local.get $i) (i32.const 1)))
 *         (br_table $out $l (i32.lt_u (local.get $i) (i32.const 10)))))
 *     (local.get $i))
 * )
 */
#include <stdio.h>
#include <string.h>

#include "code.h"
#include "fayasm.h"
#include "harness.h"
#include "runtime.h"

/* generated by wat2wasm --enable-all from the WAT text above */
static const unsigned char m1_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x42, 0x0c, 0x60, 0x02, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x02, 0x7f, 0x7f,
    0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7e, 0x60, 0x01, 0x7f, 0x01, 0x7e, 0x60, 0x01, 0x7f, 0x02, 0x7f,
    0x7f, 0x60, 0x02, 0x7c, 0x7c, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00,
    0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7d, 0x01, 0x7d, 0x02, 0x48, 0x04, 0x03,
    0x65, 0x6e, 0x76, 0x08, 0x68, 0x6f, 0x73, 0x74, 0x5f, 0x61, 0x64, 0x64, 0x00, 0x00, 0x03, 0x65,
    0x6e, 0x76, 0x09, 0x68, 0x6f, 0x73, 0x74, 0x5f, 0x74, 0x72, 0x61, 0x70, 0x00, 0x01, 0x03, 0x65,
    0x6e, 0x76, 0x0c, 0x68, 0x6f, 0x73, 0x74, 0x5f, 0x72, 0x65, 0x65, 0x6e, 0x74, 0x65, 0x72, 0x00,
    0x02, 0x03, 0x65, 0x6e, 0x76, 0x0e, 0x68, 0x6f, 0x73, 0x74, 0x5f, 0x69, 0x6e, 0x74, 0x65, 0x72,
    0x72, 0x75, 0x70, 0x74, 0x00, 0x01, 0x03, 0x1e, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x02,
    0x02, 0x02, 0x04, 0x05, 0x06, 0x02, 0x07, 0x07, 0x02, 0x01, 0x01, 0x02, 0x08, 0x09, 0x0a, 0x02,
    0x01, 0x02, 0x01, 0x05, 0x0b, 0x08, 0x04, 0x04, 0x01, 0x70, 0x00, 0x04, 0x05, 0x04, 0x01, 0x01,
    0x01, 0x04, 0x07, 0xfa, 0x01, 0x1b, 0x03, 0x61, 0x64, 0x64, 0x00, 0x04, 0x05, 0x64, 0x69, 0x76,
    0x5f, 0x73, 0x00, 0x06, 0x05, 0x72, 0x65, 0x6d, 0x5f, 0x73, 0x00, 0x07, 0x04, 0x73, 0x77, 0x61,
    0x70, 0x00, 0x08, 0x05, 0x61, 0x6c, 0x69, 0x61, 0x73, 0x00, 0x09, 0x03, 0x74, 0x65, 0x65, 0x00,
    0x0a, 0x03, 0x66, 0x69, 0x62, 0x00, 0x0b, 0x03, 0x69, 0x6e, 0x66, 0x00, 0x0c, 0x08, 0x73, 0x75,
    0x6d, 0x5f, 0x74, 0x61, 0x69, 0x6c, 0x00, 0x0e, 0x05, 0x6d, 0x75, 0x6c, 0x74, 0x69, 0x00, 0x0f,
    0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x00, 0x10, 0x03, 0x66, 0x6c, 0x74, 0x00, 0x11, 0x06, 0x66,
    0x67, 0x65, 0x5f, 0x62, 0x72, 0x00, 0x12, 0x08, 0x6c, 0x6f, 0x6f, 0x70, 0x5f, 0x73, 0x75, 0x6d,
    0x00, 0x13, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x14, 0x0e, 0x73, 0x70, 0x69, 0x6e, 0x5f, 0x69,
    0x6e, 0x74, 0x65, 0x72, 0x72, 0x75, 0x70, 0x74, 0x00, 0x15, 0x03, 0x6d, 0x65, 0x6d, 0x00, 0x16,
    0x0f, 0x67, 0x72, 0x6f, 0x77, 0x5f, 0x74, 0x68, 0x65, 0x6e, 0x5f, 0x73, 0x74, 0x6f, 0x72, 0x65,
    0x00, 0x17, 0x04, 0x66, 0x69, 0x6c, 0x6c, 0x00, 0x18, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x69,
    0x6e, 0x64, 0x00, 0x19, 0x09, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x00, 0x1a,
    0x09, 0x68, 0x6f, 0x73, 0x74, 0x5f, 0x74, 0x72, 0x61, 0x70, 0x00, 0x1b, 0x07, 0x72, 0x65, 0x65,
    0x6e, 0x74, 0x65, 0x72, 0x00, 0x1c, 0x0b, 0x75, 0x6e, 0x72, 0x65, 0x61, 0x63, 0x68, 0x61, 0x62,
    0x6c, 0x65, 0x00, 0x1d, 0x06, 0x73, 0x65, 0x6c, 0x65, 0x63, 0x74, 0x00, 0x1e, 0x04, 0x66, 0x6e,
    0x65, 0x67, 0x00, 0x1f, 0x08, 0x62, 0x72, 0x74, 0x5f, 0x6c, 0x6f, 0x6f, 0x70, 0x00, 0x20, 0x09,
    0x09, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x03, 0x04, 0x05, 0x0b, 0x0a, 0xb3, 0x03, 0x1d, 0x07, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6b, 0x0b, 0x07, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6f, 0x0b, 0x06, 0x00,
    0x20, 0x01, 0x20, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0x41, 0x07, 0x21, 0x00, 0x20, 0x00, 0x6b,
    0x0b, 0x0e, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x22, 0x01, 0x20, 0x01, 0x6c, 0x0b,
    0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x49, 0x04, 0x7f, 0x20, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01,
    0x6b, 0x10, 0x0b, 0x20, 0x00, 0x41, 0x02, 0x6b, 0x10, 0x0b, 0x6a, 0x0b, 0x0b, 0x09, 0x00, 0x20,
    0x00, 0x41, 0x01, 0x6a, 0x10, 0x0c, 0x0b, 0x1b, 0x00, 0x20, 0x00, 0x45, 0x04, 0x40, 0x20, 0x01,
    0x0f, 0x0b, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x20, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0xad, 0x7c,
    0x12, 0x0d, 0x0b, 0x08, 0x00, 0x20, 0x00, 0x42, 0x00, 0x12, 0x0d, 0x0b, 0x16, 0x00, 0x41, 0x0a,
    0x41, 0x14, 0x02, 0x03, 0x20, 0x00, 0x41, 0x00, 0x46, 0x0d, 0x00, 0x1a, 0x1a, 0x41, 0x01, 0x41,
    0x02, 0x0b, 0x0b, 0x21, 0x00, 0x02, 0x7f, 0x02, 0x7f, 0x02, 0x7f, 0x41, 0xe4, 0x00, 0x20, 0x00,
    0x0e, 0x03, 0x02, 0x01, 0x00, 0x01, 0x0b, 0x41, 0x03, 0x6a, 0x0f, 0x0b, 0x41, 0x02, 0x6a, 0x0f,
    0x0b, 0x41, 0x01, 0x6a, 0x0b, 0x0f, 0x00, 0x20, 0x00, 0x20, 0x01, 0x63, 0x04, 0x7f, 0x41, 0x01,
    0x05, 0x41, 0x00, 0x0b, 0x0b, 0x11, 0x00, 0x02, 0x7f, 0x41, 0x01, 0x20, 0x00, 0x20, 0x01, 0x66,
    0x0d, 0x00, 0x1a, 0x41, 0x00, 0x0b, 0x0b, 0x23, 0x01, 0x02, 0x7f, 0x02, 0x40, 0x03, 0x40, 0x20,
    0x01, 0x20, 0x00, 0x4e, 0x0d, 0x01, 0x20, 0x02, 0x20, 0x01, 0x6a, 0x21, 0x02, 0x20, 0x01, 0x41,
    0x01, 0x6a, 0x21, 0x01, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x02, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c,
    0x00, 0x0b, 0x0b, 0x09, 0x00, 0x10, 0x03, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x18, 0x00, 0x41,
    0x08, 0x41, 0xc4, 0xe6, 0x88, 0x89, 0x01, 0x36, 0x02, 0x00, 0x41, 0x09, 0x2d, 0x00, 0x00, 0x20,
    0x00, 0x28, 0x02, 0x00, 0x6a, 0x0b, 0x17, 0x00, 0x41, 0x01, 0x40, 0x00, 0x1a, 0x41, 0xf8, 0xff,
    0x07, 0x42, 0x7f, 0x37, 0x03, 0x00, 0x41, 0xfc, 0xff, 0x07, 0x28, 0x02, 0x00, 0x0b, 0x0c, 0x00,
    0x20, 0x00, 0x41, 0xab, 0x01, 0x20, 0x01, 0xfc, 0x0b, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x01, 0x20,
    0x02, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0x41, 0x05, 0x10, 0x00, 0x41,
    0x02, 0x6c, 0x0b, 0x04, 0x00, 0x10, 0x01, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x02, 0x0b, 0x03,
    0x00, 0x00, 0x0b, 0x09, 0x00, 0x42, 0x05, 0x42, 0x09, 0x20, 0x00, 0x1b, 0x0b, 0x05, 0x00, 0x20,
    0x00, 0x8c, 0x0b, 0x1c, 0x01, 0x01, 0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6a,
    0x21, 0x00, 0x20, 0x00, 0x41, 0x0a, 0x49, 0x0e, 0x01, 0x01, 0x00, 0x0b, 0x0b, 0x20, 0x00, 0x0b};
static const unsigned int m1_wasm_len = 896;

typedef struct env {
    fa_runtime *rt;
    fa_instance *inst;
} env;

static int host_add(fa_call *c, void *user)
{
    (void)user;
    fa_call_set_result_i32(c, 0, fa_call_arg_i32(c, 0) + fa_call_arg_i32(c, 1));
    return 0;
}

static int host_trap(fa_call *c, void *user)
{
    (void)user;
    fa_call_trap(c, "boom");
    return 1;
}

/* reenter(n) = n == 0 ? 100 : reenter(n - 1) + 1, bouncing through wasm */
static int host_reenter(fa_call *c, void *user)
{
    env *e = user;
    int32_t n = fa_call_arg_i32(c, 0);
    if (n == 0) {
        fa_call_set_result_i32(c, 0, 100);
        return 0;
    }
    fa_value arg = fa_i32(n - 1), res;
    fa_error err;
    if (fa_func_call(fa_instance_func(e->inst, "reenter"), &arg, 1, &res, 1, &err) != FA_OK) {
        fa_call_trap(c, err.message);
        return 1;
    }
    fa_call_set_result_i32(c, 0, res.of.i32 + 1);
    return 0;
}

static int host_interrupt(fa_call *c, void *user)
{
    (void)user;
    fa_runtime_interrupt(fa_call_runtime(c));
    return 0;
}

static void define_host(env *e, const char *name, fa_host_fn fn, uint32_t np, uint32_t nr)
{
    static const fa_valtype i32s[2] = {FA_I32, FA_I32};
    fa_functype t = {np, nr, i32s, i32s};
    fa_extern ext;
    ext.kind = FA_EXTERN_FUNC;
    ext.of.func = fa_func_new_host(e->rt, &t, fn, e);
    CHECK(ext.of.func != NULL);
    CHECK(fa_runtime_define(e->rt, "env", name, ext) == FA_OK);
}

/* A fresh runtime + instance of m1 (cfg may be NULL). */
static int setup(env *e, const fa_config *cfg)
{
    fa_module *m;
    fa_error err;
    e->rt = fa_runtime_new(cfg);
    if (!e->rt)
        return 0;
    define_host(e, "host_add", host_add, 2, 1);
    define_host(e, "host_trap", host_trap, 0, 0);
    define_host(e, "host_reenter", host_reenter, 1, 1);
    define_host(e, "host_interrupt", host_interrupt, 0, 0);
    if (fa_module_load(e->rt, m1_wasm, m1_wasm_len, &m, &err) != FA_OK) {
        fprintf(stderr, "  load: %s\n", err.message);
        return 0;
    }
    if (fa_instance_new(e->rt, m, &e->inst, &err) != FA_OK) {
        fprintf(stderr, "  instantiate: %s\n", err.message);
        return 0;
    }
    return 1;
}

/* Calls export `name`; returns the fa_result, fills res/err. */
static fa_result call(env *e, const char *name, const fa_value *args, uint32_t na, fa_value *res,
                      uint32_t nr, fa_error *err)
{
    fa_func *f = fa_instance_func(e->inst, name);
    if (!f) {
        fprintf(stderr, "  no export %s\n", name);
        return FA_ERR_NOT_FOUND;
    }
    return fa_func_call(f, args, na, res, nr, err);
}

static int32_t call_i32(env *e, const char *name, int32_t a, int32_t b)
{
    fa_value args[2] = {fa_i32(a), fa_i32(b)}, res;
    fa_func *f = fa_instance_func(e->inst, name);
    fa_functype t;
    fa_error err;
    if (!f || fa_func_type(f, &t) != FA_OK)
        return INT32_MIN;
    if (fa_func_call(f, args, t.n_params, &res, 1, &err) != FA_OK) {
        fprintf(stderr, "  %s: %s\n", name, err.message);
        return INT32_MIN;
    }
    return res.of.i32;
}

/* Expects a trap whose message starts with msg. */
static void check_trap(env *e, const char *name, const fa_value *args, uint32_t na, uint32_t nr,
                       const char *msg)
{
    fa_value res[2];
    fa_error err;
    fa_result r = call(e, name, args, na, res, nr, &err);
    CHECK_EQ_INT(r, FA_ERR_TRAP);
    if (r == FA_ERR_TRAP && strncmp(err.message, msg, strlen(msg)) != 0) {
        fprintf(stderr, "  %s: trapped with \"%s\", expected \"%s\"\n", name, err.message, msg);
        CHECK(0);
    }
}

static void t_arith(void)
{
    env e;
    CHECK(setup(&e, NULL));
    CHECK_EQ_INT(call_i32(&e, "add", 40, 2), 42);
    CHECK_EQ_INT(call_i32(&e, "div_s", -7, 2), -3);
    CHECK_EQ_INT(call_i32(&e, "rem_s", INT32_MIN, -1), 0);
    CHECK_EQ_INT(call_i32(&e, "rem_s", -7, 2), -1);
    fa_value a[2] = {fa_i32(1), fa_i32(0)};
    check_trap(&e, "div_s", a, 2, 1, "integer divide by zero");
    a[0] = fa_i32(INT32_MIN);
    a[1] = fa_i32(-1);
    check_trap(&e, "div_s", a, 2, 1, "integer overflow");
    check_trap(&e, "unreachable", NULL, 0, 0, "unreachable");
    fa_runtime_free(e.rt);
}

static void t_locals(void)
{
    env e;
    CHECK(setup(&e, NULL));
    fa_value a[2] = {fa_i32(1), fa_i32(2)}, r[2];
    fa_error err;
    CHECK_EQ_INT(call(&e, "swap", a, 2, r, 2, &err), FA_OK);
    CHECK_EQ_INT(r[0].of.i32, 2);
    CHECK_EQ_INT(r[1].of.i32, 1);
    CHECK_EQ_INT(call_i32(&e, "alias", 10, 0), 3);
    CHECK_EQ_INT(call_i32(&e, "tee", 4, 0), 25);
    fa_runtime_free(e.rt);
}

static void t_control(void)
{
    env e;
    CHECK(setup(&e, NULL));
    fa_value a = fa_i32(0), r[2];
    fa_error err;
    CHECK_EQ_INT(call(&e, "multi", &a, 1, r, 2, &err), FA_OK);
    CHECK_EQ_INT(r[0].of.i32, 10);
    CHECK_EQ_INT(r[1].of.i32, 20);
    a = fa_i32(1);
    CHECK_EQ_INT(call(&e, "multi", &a, 1, r, 2, &err), FA_OK);
    CHECK_EQ_INT(r[0].of.i32, 1);
    CHECK_EQ_INT(r[1].of.i32, 2);
    CHECK_EQ_INT(call_i32(&e, "table", 0, 0), 101);
    CHECK_EQ_INT(call_i32(&e, "table", 1, 0), 102);
    CHECK_EQ_INT(call_i32(&e, "table", 2, 0), 103);
    CHECK_EQ_INT(call_i32(&e, "table", 3, 0), 102);
    CHECK_EQ_INT(call_i32(&e, "table", 99, 0), 102);
    CHECK_EQ_INT(call_i32(&e, "loop_sum", 100, 0), 4950);
    CHECK_EQ_INT(call_i32(&e, "brt_loop", 0, 0), 10);
    CHECK_EQ_INT(call_i32(&e, "fib", 20, 0), 6765);
    fa_value s = fa_i32(0), sr;
    CHECK_EQ_INT(call(&e, "select", &s, 1, &sr, 1, &err), FA_OK);
    CHECK_EQ_INT(sr.of.i64, 9);
    fa_runtime_free(e.rt);
}

static void t_float_branches(void)
{
    env e;
    CHECK(setup(&e, NULL));
    fa_value a[2] = {fa_f64(1.0), fa_f64(2.0)}, r;
    fa_error err;
    CHECK_EQ_INT(call(&e, "flt", a, 2, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 1);
    a[0] = fa_f64_bits(0x7FF8000000000000u); /* NaN: neither < nor >= */
    CHECK_EQ_INT(call(&e, "flt", a, 2, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 0);
    CHECK_EQ_INT(call(&e, "fge_br", a, 2, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 0);
    a[0] = fa_f64(3.0);
    CHECK_EQ_INT(call(&e, "fge_br", a, 2, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 1);
    /* neg is a bit operation: a NaN payload survives */
    fa_value n = fa_f32_bits(0x7FA00001u);
    CHECK_EQ_INT(call(&e, "fneg", &n, 1, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.f32_bits, 0xFFA00001u);
    fa_runtime_free(e.rt);
}

static void t_calls(void)
{
    env e;
    CHECK(setup(&e, NULL));
    fa_value a = fa_i32(0);
    check_trap(&e, "inf", &a, 1, 1, "call stack exhausted");
    CHECK_EQ_INT(e.rt->trap_depth, e.rt->cfg.max_call_depth);
    /* the runtime is still usable after unwinding */
    CHECK_EQ_INT(call_i32(&e, "fib", 10, 0), 55);
    fa_value n = fa_i32(1000000), r;
    fa_error err;
    CHECK_EQ_INT(call(&e, "sum_tail", &n, 1, &r, 1, &err), FA_OK);
    CHECK(r.of.i64 == (int64_t)999999 * 1000000 / 2);
    fa_value ci[3] = {fa_i32(0), fa_i32(7), fa_i32(3)};
    fa_value res;
    CHECK_EQ_INT(call(&e, "call_ind", ci, 3, &res, 1, &err), FA_OK);
    CHECK_EQ_INT(res.of.i32, 10);
    ci[0] = fa_i32(1);
    CHECK_EQ_INT(call(&e, "call_ind", ci, 3, &res, 1, &err), FA_OK);
    CHECK_EQ_INT(res.of.i32, 4);
    ci[0] = fa_i32(2);
    check_trap(&e, "call_ind", ci, 3, 1, "indirect call type mismatch");
    ci[0] = fa_i32(3);
    check_trap(&e, "call_ind", ci, 3, 1, "uninitialized element");
    ci[0] = fa_i32(4);
    check_trap(&e, "call_ind", ci, 3, 1, "undefined element");
    fa_runtime_free(e.rt);
}

static void t_host(void)
{
    env e;
    CHECK(setup(&e, NULL));
    CHECK_EQ_INT(call_i32(&e, "call_host", 10, 0), 30);
    check_trap(&e, "host_trap", NULL, 0, 0, "boom");
    /* backtrace: the exported wasm function, then the host function */
    CHECK_EQ_INT(e.rt->trap_depth, 2);
    if (e.rt->trap_depth == 2) {
        CHECK(e.rt->frames[0].func == fa_instance_func(e.inst, "host_trap"));
        CHECK(e.rt->frames[1].func->host == host_trap);
    }
    CHECK_EQ_INT(call_i32(&e, "reenter", 5, 0), 105);
    fa_runtime_free(e.rt);
}

static void t_memory(void)
{
    env e;
    CHECK(setup(&e, NULL));
    CHECK_EQ_INT(call_i32(&e, "mem", 8, 0), 0x11223344 + 0x33);
    fa_value a = fa_i32(65533);
    check_trap(&e, "mem", &a, 1, 1, "out of bounds memory access");
    a = fa_i32(-1);
    check_trap(&e, "mem", &a, 1, 1, "out of bounds memory access");
    /* the cached memory size follows memory.grow */
    CHECK_EQ_INT(call_i32(&e, "grow_then_store", 0, 0), -1);
    fa_value f[2] = {fa_i32(0), fa_i32(3 * 65536)};
    check_trap(&e, "fill", f, 2, 0, "out of bounds memory access");
    f[0] = fa_i32(2 * 65536 + 1);
    f[1] = fa_i32(0); /* size 0 but offset beyond the end */
    check_trap(&e, "fill", f, 2, 0, "out of bounds memory access");
    fa_runtime_free(e.rt);
}

static void t_fuel_interrupt(void)
{
    env e;
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.fuel = 100000;
    CHECK(setup(&e, &cfg));
    check_trap(&e, "spin", NULL, 0, 0, "out of fuel");
    CHECK_EQ_INT(call_i32(&e, "fib", 10, 0), 55); /* fuel is per call */
    fa_runtime_free(e.rt);

    CHECK(setup(&e, NULL));
    check_trap(&e, "spin_interrupt", NULL, 0, 0, "interrupted");
    CHECK_EQ_INT(call_i32(&e, "add", 1, 2), 3); /* delivered once */
    fa_runtime_free(e.rt);
}

static void t_small_stack(void)
{
    env e;
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.stack_slots = 64;
    CHECK(setup(&e, &cfg));
    fa_value a = fa_i32(0);
    check_trap(&e, "inf", &a, 1, 1, "call stack exhausted");
    fa_runtime_free(e.rt);
}

static void t_dump(void)
{
    env e;
    CHECK(setup(&e, NULL));
    fa_module *m = e.inst->mod;
    FILE *out = tmpfile();
    CHECK(out != NULL);
    if (!out)
        return;
    for (uint32_t i = 0; i < m->n_funcdefs; i++) {
        fa_error err;
        CHECK_EQ_INT(fa_compile_function(m, &m->funcdefs[i], &err), FA_OK);
        fa_code_dump(out, m->funcdefs[i].code);
    }
    long size = ftell(out);
    rewind(out);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, out);
    text[n] = 0;
    fclose(out);
    CHECK(size > 0);
    CHECK(strstr(text, "i32_add") != NULL);
    CHECK(strstr(text, "br_table") != NULL);
    CHECK(strstr(text, "return_call") != NULL);
    /* the fib compare fused with its if */
    CHECK(strstr(text, "br_if_i32_ge_u") != NULL);
    fa_runtime_free(e.rt);
}

/* Returns skipping the memory reload (exec.c do_return reloads memory 0's
 * base and size only when returning into another instance): a callee that
 * grows memory, a host function reached by a tail call that grows it, and a
 * bounds check right after a call. Source (wat2wasm --enable-all):
 *
 * (module
 *   (import "env" "host_grow" (func $hg (result i32)))
 *   (memory (export "mem") 1)
 *   (func $grow (result i32) (memory.grow (i32.const 1)))
 *   (func $tail_host (result i32) (return_call $hg))
 *   (func $nop (result i32) (i32.const 0))
 *   (func (export "grow_in_callee") (result i32)
 *     (local $p i32)
 *     (local.set $p (i32.mul (call $grow) (i32.const 65536)))
 *     (i32.store (local.get $p) (i32.const 77))
 *     (i32.load (local.get $p)))
 *   (func (export "grow_by_host_tail") (result i32)
 *     (local $p i32)
 *     (local.set $p (i32.mul (call $tail_host) (i32.const 65536)))
 *     (i32.store (local.get $p) (i32.const 88))
 *     (i32.load (local.get $p)))
 *   (func (export "load_after_call") (param i32) (result i32)
 *     (drop (call $nop))
 *     (i32.load (local.get 0))))
 */
static const unsigned char m2_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x02, 0x11, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x09, 0x68, 0x6f, 0x73, 0x74,
    0x5f, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, 0x03, 0x07, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x3e, 0x04, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x0e, 0x67,
    0x72, 0x6f, 0x77, 0x5f, 0x69, 0x6e, 0x5f, 0x63, 0x61, 0x6c, 0x6c, 0x65, 0x65, 0x00, 0x04, 0x11,
    0x67, 0x72, 0x6f, 0x77, 0x5f, 0x62, 0x79, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x5f, 0x74, 0x61, 0x69,
    0x6c, 0x00, 0x05, 0x0f, 0x6c, 0x6f, 0x61, 0x64, 0x5f, 0x61, 0x66, 0x74, 0x65, 0x72, 0x5f, 0x63,
    0x61, 0x6c, 0x6c, 0x00, 0x06, 0x0a, 0x53, 0x06, 0x06, 0x00, 0x41, 0x01, 0x40, 0x00, 0x0b, 0x04,
    0x00, 0x12, 0x00, 0x0b, 0x04, 0x00, 0x41, 0x00, 0x0b, 0x1a, 0x01, 0x01, 0x7f, 0x10, 0x01, 0x41,
    0x80, 0x80, 0x04, 0x6c, 0x21, 0x00, 0x20, 0x00, 0x41, 0xcd, 0x00, 0x36, 0x02, 0x00, 0x20, 0x00,
    0x28, 0x02, 0x00, 0x0b, 0x1a, 0x01, 0x01, 0x7f, 0x10, 0x02, 0x41, 0x80, 0x80, 0x04, 0x6c, 0x21,
    0x00, 0x20, 0x00, 0x41, 0xd8, 0x00, 0x36, 0x02, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b, 0x0a,
    0x00, 0x10, 0x03, 0x1a, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b};
static const unsigned int m2_wasm_len = 202;

/* host_grow: grows the instance's memory by one page, returns the old size */
static int host_grow(fa_call *c, void *user)
{
    env *e = user;
    uint64_t old = 0;
    if (fa_memory_grow(fa_instance_memory(e->inst, "mem"), 1, &old) != FA_OK) {
        fa_call_trap(c, "grow failed");
        return 1;
    }
    fa_call_set_result_i32(c, 0, (int32_t)old);
    return 0;
}

static void t_return_keeps_memory(void)
{
    env e;
    fa_module *m;
    fa_error err;
    e.rt = fa_runtime_new(NULL);
    CHECK(e.rt != NULL);
    if (!e.rt)
        return;
    define_host(&e, "host_grow", host_grow, 0, 1);
    CHECK_EQ_INT(fa_module_load(e.rt, m2_wasm, m2_wasm_len, &m, &err), FA_OK);
    CHECK_EQ_INT(fa_instance_new(e.rt, m, &e.inst, &err), FA_OK);
    /* page 1 (offset 65536) exists only after the grow in the callee */
    CHECK_EQ_INT(call_i32(&e, "grow_in_callee", 0, 0), 77);
    /* page 2, grown by a host function that a tail call reached */
    CHECK_EQ_INT(call_i32(&e, "grow_by_host_tail", 0, 0), 88);
    fa_value a = fa_i32(2 * 65536 + 4);
    fa_value r;
    CHECK_EQ_INT(call(&e, "load_after_call", &a, 1, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 0);
    a = fa_i32(3 * 65536 - 3); /* straddles the end: still trapped after the return */
    check_trap(&e, "load_after_call", &a, 1, 1, "out of bounds memory access");
    a = fa_i32(3 * 65536);
    check_trap(&e, "load_after_call", &a, 1, 1, "out of bounds memory access");
    fa_runtime_free(e.rt);
}

/* fayasm.h diagnostics: code sizes, dump, per-op statistics */
static void t_diagnostics(void)
{
    env e;
    CHECK(setup(&e, NULL));
    uint64_t cb = 1, wb = 1;
    uint32_t n = 1;
    CHECK_EQ_INT(fa_module_code_stats(e.inst->mod, &cb, &wb, &n), FA_OK);
    CHECK_EQ_INT(n, 0); /* lazy: nothing translated yet */
    CHECK(cb == 0 && wb == 0);
    CHECK_EQ_INT(call_i32(&e, "add", 1, 2), 3);
    CHECK_EQ_INT(fa_module_code_stats(e.inst->mod, &cb, &wb, &n), FA_OK);
    CHECK_EQ_INT(n, 1);
    CHECK(cb > 0 && wb > 0);
    CHECK_EQ_INT(fa_module_code_stats(NULL, &cb, &wb, &n), FA_ERR_ARG);
    CHECK_EQ_INT(fa_module_dump_code(e.inst->mod, NULL), FA_ERR_ARG);
    const char *name = NULL;
    uint64_t count = 0;
#ifdef FAYASM_STATS
    CHECK_EQ_INT(fa_runtime_op_stat(e.rt, FA_C_i32_add, &name, &count), 1);
    CHECK(name && strcmp(name, "i32_add") == 0);
    CHECK(count >= 1);
    CHECK_EQ_INT(fa_runtime_op_stat(e.rt, FA_C_COUNT, &name, &count), 0);
#else
    CHECK_EQ_INT(fa_runtime_op_stat(e.rt, 0, &name, &count), -1);
#endif
    fa_runtime_free(e.rt);
}

static const fa_test tests[] = {
    {"arith", t_arith},
    {"locals", t_locals},
    {"control", t_control},
    {"float_branches", t_float_branches},
    {"calls", t_calls},
    {"host", t_host},
    {"memory", t_memory},
    {"fuel_interrupt", t_fuel_interrupt},
    {"small_stack", t_small_stack},
    {"dump", t_dump},
    {"return_keeps_memory", t_return_keeps_memory},
    {"diagnostics", t_diagnostics},
};

FA_TEST_MAIN(tests)
