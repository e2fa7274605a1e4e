/*
 * test_embed_link.c - linking through the public API: imports and exports
 * of every kind between instances and the host (functions, memories,
 * tables, globals; mutable globals shared by reference; two instances
 * importing one memory see the same bytes), three modules linked by name,
 * import/export inspection with full types, rebinding an import after
 * instantiation, and host memories (the host's own buffer: growth in place,
 * through the grow callback, refusal, relocation with fa_memory_rebind,
 * also from inside a host function).
 *
 * Modules are assembled with wat2wasm 1.0.32; each array follows its source.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"
#include "harness.h"

/*
 * (module
 *   (memory (export "mem") 1 10)
 *   (table (export "tab") 4 funcref)
 *   (global (export "counter") (mut i32) (i32.const 100))
 *   (global (export "k") i64 (i64.const -5))
 *   (func $inc (export "inc") (result i32)
 *     (global.set 0 (i32.add (global.get 0) (i32.const 1)))
 *     (global.get 0))
 *   (func $ten (result i32) (i32.const 10))
 *   (elem (i32.const 0) $ten)
 *   (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
 *   (func (export "call_tab") (param i32) (result i32) (call_indirect (result i32) (local.get 0))))
 */
static const uint8_t prov_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x03, 0x05, 0x04, 0x00, 0x00, 0x01, 0x01, 0x04, 0x04, 0x01, 0x70, 0x00,
    0x04, 0x05, 0x04, 0x01, 0x01, 0x01, 0x0a, 0x06, 0x0c, 0x02, 0x7f, 0x01, 0x41, 0xe4, 0x00, 0x0b,
    0x7e, 0x00, 0x42, 0x7b, 0x0b, 0x07, 0x33, 0x07, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x03, 0x74,
    0x61, 0x62, 0x01, 0x00, 0x07, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x65, 0x72, 0x03, 0x00, 0x01, 0x6b,
    0x03, 0x01, 0x03, 0x69, 0x6e, 0x63, 0x00, 0x00, 0x04, 0x70, 0x65, 0x65, 0x6b, 0x00, 0x02, 0x08,
    0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x74, 0x61, 0x62, 0x00, 0x03, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00,
    0x0b, 0x01, 0x01, 0x0a, 0x22, 0x04, 0x0b, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x24, 0x00, 0x23,
    0x00, 0x0b, 0x04, 0x00, 0x41, 0x0a, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x0b, 0x07,
    0x00, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b,
};

/*
 * (module
 *   (import "prov" "mem" (memory 1))
 *   (import "prov" "tab" (table 4 funcref))
 *   (import "prov" "counter" (global $c (mut i32)))
 *   (import "prov" "k" (global $k i64))
 *   (import "prov" "inc" (func $inc (result i32)))
 *   (import "host" "mul" (func $mul (param i32 i32) (result i32)))
 *   (import "host" "g" (global $hg (mut f64)))
 *   (func $twenty (result i32) (i32.const 20))
 *   (elem (i32.const 1) $twenty)
 *   (data (i32.const 100) "hi")
 *   (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
 *   (func (export "get_counter") (result i32) (global.get $c))
 *   (func (export "set_counter") (param i32) (global.set $c (local.get 0)))
 *   (func (export "inc_twice") (result i32) (drop (call $inc)) (call $inc))
 *   (func (export "get_k") (result i64) (global.get $k))
 *   (func (export "mul") (param i32 i32) (result i32) (call $mul (local.get 0) (local.get 1)))
 *   (func (export "bump_hg") (global.set $hg (f64.add (global.get $hg) (f64.const 1.5))))
 *   (func (export "call_tab") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
 *   (func (export "size") (result i32) (memory.size))
 *   (export "mem2" (memory 0))
 *   (export "tab2" (table 0)))
 */
static const uint8_t cons_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x20, 0x07, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00,
    0x01, 0x7e, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x02, 0x54, 0x07, 0x04, 0x70, 0x72,
    0x6f, 0x76, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x03, 0x74,
    0x61, 0x62, 0x01, 0x70, 0x00, 0x04, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x07, 0x63, 0x6f, 0x75, 0x6e,
    0x74, 0x65, 0x72, 0x03, 0x7f, 0x01, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x01, 0x6b, 0x03, 0x7e, 0x00,
    0x04, 0x70, 0x72, 0x6f, 0x76, 0x03, 0x69, 0x6e, 0x63, 0x00, 0x00, 0x04, 0x68, 0x6f, 0x73, 0x74,
    0x03, 0x6d, 0x75, 0x6c, 0x00, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x01, 0x67, 0x03, 0x7c, 0x01,
    0x03, 0x0b, 0x0a, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x01, 0x05, 0x06, 0x00, 0x07, 0x68, 0x0b,
    0x04, 0x70, 0x6f, 0x6b, 0x65, 0x00, 0x03, 0x0b, 0x67, 0x65, 0x74, 0x5f, 0x63, 0x6f, 0x75, 0x6e,
    0x74, 0x65, 0x72, 0x00, 0x04, 0x0b, 0x73, 0x65, 0x74, 0x5f, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x65,
    0x72, 0x00, 0x05, 0x09, 0x69, 0x6e, 0x63, 0x5f, 0x74, 0x77, 0x69, 0x63, 0x65, 0x00, 0x06, 0x05,
    0x67, 0x65, 0x74, 0x5f, 0x6b, 0x00, 0x07, 0x03, 0x6d, 0x75, 0x6c, 0x00, 0x08, 0x07, 0x62, 0x75,
    0x6d, 0x70, 0x5f, 0x68, 0x67, 0x00, 0x09, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x74, 0x61, 0x62,
    0x00, 0x0a, 0x04, 0x73, 0x69, 0x7a, 0x65, 0x00, 0x0b, 0x04, 0x6d, 0x65, 0x6d, 0x32, 0x02, 0x00,
    0x04, 0x74, 0x61, 0x62, 0x32, 0x01, 0x00, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x02,
    0x0a, 0x50, 0x0a, 0x04, 0x00, 0x41, 0x14, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x3a, 0x00,
    0x00, 0x0b, 0x04, 0x00, 0x23, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x24, 0x00, 0x0b, 0x07, 0x00,
    0x10, 0x00, 0x1a, 0x10, 0x00, 0x0b, 0x04, 0x00, 0x23, 0x01, 0x0b, 0x08, 0x00, 0x20, 0x00, 0x20,
    0x01, 0x10, 0x01, 0x0b, 0x10, 0x00, 0x23, 0x02, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8,
    0x3f, 0xa0, 0x24, 0x02, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b, 0x04, 0x00, 0x3f,
    0x00, 0x0b, 0x0b, 0x09, 0x01, 0x00, 0x41, 0xe4, 0x00, 0x0b, 0x02, 0x68, 0x69,
};

/*
 * (module
 *   (import "cons" "mem2" (memory 1))
 *   (import "cons" "tab2" (table 4 funcref))
 *   (import "cons" "mul" (func $mul (param i32 i32) (result i32)))
 *   (func (export "square_at") (param i32) (result i32)
 *     (call $mul (i32.load8_u (local.get 0)) (i32.load8_u (local.get 0))))
 *   (func (export "call_tab") (param i32) (result i32) (call_indirect (result i32) (local.get 0))))
 */
static const uint8_t chain_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60, 0x02, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x27, 0x03, 0x04, 0x63, 0x6f,
    0x6e, 0x73, 0x04, 0x6d, 0x65, 0x6d, 0x32, 0x02, 0x00, 0x01, 0x04, 0x63, 0x6f, 0x6e, 0x73, 0x04,
    0x74, 0x61, 0x62, 0x32, 0x01, 0x70, 0x00, 0x04, 0x04, 0x63, 0x6f, 0x6e, 0x73, 0x03, 0x6d, 0x75,
    0x6c, 0x00, 0x00, 0x03, 0x03, 0x02, 0x01, 0x01, 0x07, 0x18, 0x02, 0x09, 0x73, 0x71, 0x75, 0x61,
    0x72, 0x65, 0x5f, 0x61, 0x74, 0x00, 0x01, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x74, 0x61, 0x62,
    0x00, 0x02, 0x0a, 0x18, 0x02, 0x0e, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x20, 0x00, 0x2d, 0x00,
    0x00, 0x10, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x11, 0x02, 0x00, 0x0b,
};

/*
 * (module
 *   (import "host" "memory" (memory 1 4))
 *   (import "host" "relocate" (func $relocate))
 *   (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
 *   (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
 *   (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
 *   (func (export "size") (result i32) (memory.size))
 *   ;; store, let the host move the memory, load again: the interpreter must
 *   ;; pick up the new buffer after the host call
 *   (func (export "store_relocate_load") (param i32 i32) (result i32)
 *     (i32.store (local.get 0) (local.get 1))
 *     (call $relocate)
 *     (i32.load (local.get 0))))
 */
static const uint8_t hostmem_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x18, 0x05, 0x60, 0x00, 0x00, 0x60, 0x01,
    0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f,
    0x01, 0x7f, 0x02, 0x21, 0x02, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72,
    0x79, 0x02, 0x01, 0x01, 0x04, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x08, 0x72, 0x65, 0x6c, 0x6f, 0x63,
    0x61, 0x74, 0x65, 0x00, 0x00, 0x03, 0x06, 0x05, 0x01, 0x02, 0x01, 0x03, 0x04, 0x07, 0x34, 0x05,
    0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x01, 0x05, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x02, 0x04,
    0x67, 0x72, 0x6f, 0x77, 0x00, 0x03, 0x04, 0x73, 0x69, 0x7a, 0x65, 0x00, 0x04, 0x13, 0x73, 0x74,
    0x6f, 0x72, 0x65, 0x5f, 0x72, 0x65, 0x6c, 0x6f, 0x63, 0x61, 0x74, 0x65, 0x5f, 0x6c, 0x6f, 0x61,
    0x64, 0x00, 0x05, 0x0a, 0x30, 0x05, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b, 0x09, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b, 0x04,
    0x00, 0x3f, 0x00, 0x0b, 0x10, 0x00, 0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x10, 0x00, 0x20,
    0x00, 0x28, 0x02, 0x00, 0x0b,
};

/* ------------------------------------------------------------ helpers */

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

static fa_instance *instantiate(fa_runtime *rt, const uint8_t *bytes, size_t len)
{
    fa_module *m = load(rt, bytes, len);
    fa_instance *inst = NULL;
    fa_error err;
    fa_result r = fa_instance_new(rt, m, &inst, &err);
    if (r != FA_OK)
        fprintf(stderr, "  instantiate: %s\n", err.message);
    CHECK_EQ_INT(r, FA_OK);
    fa_module_free(m);
    return inst;
}

static fa_extern ext_func(fa_func *f)
{
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_FUNC;
    x.of.func = f;
    return x;
}

static fa_extern ext_memory(fa_memory *m)
{
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_MEMORY;
    x.of.memory = m;
    return x;
}

static fa_extern ext_table(fa_table *t)
{
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_TABLE;
    x.of.table = t;
    return x;
}

static fa_extern ext_global(fa_global *g)
{
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_GLOBAL;
    x.of.global = g;
    return x;
}

/* Calls export `name` of inst with up to two i32 arguments; returns the
 * i32 (or i64, truncated) result, or INT32_MIN on failure. */
static int64_t call(fa_instance *inst, const char *name, uint32_t n, int32_t a, int32_t b)
{
    fa_func *f = fa_instance_func(inst, name);
    CHECK(f != NULL);
    fa_functype ft;
    if (!f || fa_func_type(f, &ft) != FA_OK)
        return INT32_MIN;
    fa_value args[2] = {fa_i32(a), fa_i32(b)}, res[1];
    fa_error err;
    if (fa_func_call(f, args, n, res, ft.n_results, &err) != FA_OK) {
        fprintf(stderr, "  call %s: %s\n", name, err.message);
        return INT32_MIN;
    }
    if (ft.n_results == 0)
        return 0;
    return res[0].type == FA_I64 ? res[0].of.i64 : res[0].of.i32;
}

static int h_mul(fa_call *c, void *user)
{
    (void)user;
    fa_call_set_result_i32(c, 0, fa_call_arg_i32(c, 0) * fa_call_arg_i32(c, 1));
    return 0;
}

static int h_seventy_seven(fa_call *c, void *user)
{
    (void)user;
    fa_call_set_result_i32(c, 0, 77);
    return 0;
}

static const fa_valtype T_I32[] = {FA_I32}, T_I32_I32[] = {FA_I32, FA_I32};

/* prov registered as "prov", host objects as "host", cons instantiated and
 * registered as "cons". */
typedef struct world {
    fa_runtime *rt;
    fa_instance *prov, *cons;
    fa_global *hg;
} world;

static void make_world(world *w)
{
    memset(w, 0, sizeof *w);
    w->rt = fa_runtime_new(NULL);
    w->prov = instantiate(w->rt, prov_wasm, sizeof prov_wasm);
    CHECK_EQ_INT(fa_runtime_register(w->rt, "prov", w->prov), FA_OK);
    fa_functype mt = {2, 1, T_I32_I32, T_I32};
    CHECK_EQ_INT(fa_runtime_define(w->rt, "host", "mul",
                                   ext_func(fa_func_new_host(w->rt, &mt, h_mul, NULL))),
                 FA_OK);
    w->hg = fa_global_new(w->rt, fa_f64(1.0), 1);
    CHECK_EQ_INT(fa_runtime_define(w->rt, "host", "g", ext_global(w->hg)), FA_OK);
    w->cons = instantiate(w->rt, cons_wasm, sizeof cons_wasm);
    CHECK_EQ_INT(fa_runtime_register(w->rt, "cons", w->cons), FA_OK);
}

/* ------------------------------------------------------------ tests */

static void t_every_kind(void)
{
    world w;
    make_world(&w);
    if (!w.cons) {
        fa_runtime_free(w.rt);
        return;
    }
    /* memory: cons' data segment landed in prov's memory; writes are shared */
    CHECK_EQ_INT(call(w.prov, "peek", 1, 100, 0), 'h');
    CHECK_EQ_INT(call(w.prov, "peek", 1, 101, 0), 'i');
    call(w.cons, "poke", 2, 7, 99);
    CHECK_EQ_INT(call(w.prov, "peek", 1, 7, 0), 99);
    CHECK(fa_instance_memory(w.cons, "mem2") == fa_instance_memory(w.prov, "mem"));
    /* the same bytes through the host's view */
    CHECK_EQ_INT(fa_memory_data(fa_instance_memory(w.prov, "mem"))[7], 99);

    /* table: prov's element 0, cons' element 1, both callable from both */
    CHECK_EQ_INT(call(w.cons, "call_tab", 1, 0, 0), 10);
    CHECK_EQ_INT(call(w.prov, "call_tab", 1, 1, 0), 20);

    /* mutable global shared by reference: prov's inc, cons' get/set, the host */
    CHECK_EQ_INT(call(w.cons, "get_counter", 0, 0, 0), 100);
    CHECK_EQ_INT(call(w.cons, "inc_twice", 0, 0, 0), 102);
    call(w.cons, "set_counter", 1, 500, 0);
    CHECK_EQ_INT(call(w.prov, "inc", 0, 0, 0), 501);
    fa_global *counter = fa_instance_global(w.prov, "counter");
    fa_value v;
    CHECK_EQ_INT(fa_global_get(counter, &v), FA_OK);
    CHECK_EQ_INT(v.of.i32, 501);
    CHECK_EQ_INT(fa_global_set(counter, fa_i32(-1)), FA_OK);
    CHECK_EQ_INT(call(w.cons, "get_counter", 0, 0, 0), -1);

    /* immutable global */
    CHECK_EQ_INT(call(w.cons, "get_k", 0, 0, 0), -5);
    CHECK_EQ_INT(fa_global_set(fa_instance_global(w.prov, "k"), fa_i64(1)), FA_ERR_ARG);

    /* host function and host global */
    CHECK_EQ_INT(call(w.cons, "mul", 2, 6, 7), 42);
    call(w.cons, "bump_hg", 0, 0, 0);
    CHECK_EQ_INT(fa_global_get(w.hg, &v), FA_OK);
    CHECK(v.of.f64 == 2.5);

    /* a third module, linked to cons by name: memory, table and a function
     * that is itself a wrapper around a host import */
    fa_instance *chain = instantiate(w.rt, chain_wasm, sizeof chain_wasm);
    call(w.cons, "poke", 2, 3, 12);
    CHECK_EQ_INT(call(chain, "square_at", 1, 3, 0), 144);
    CHECK_EQ_INT(call(chain, "call_tab", 1, 0, 0), 10);
    CHECK_EQ_INT(call(chain, "call_tab", 1, 1, 0), 20);

    /* instance handles can go early: the lifetime rule keeps what is linked */
    fa_instance_free(w.prov);
    fa_instance_free(w.cons);
    CHECK_EQ_INT(call(chain, "square_at", 1, 3, 0), 144);
    CHECK_EQ_INT(call(chain, "call_tab", 1, 0, 0), 10);
    fa_runtime_free(w.rt);
}

static void t_inspection(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *cm = load(rt, cons_wasm, sizeof cons_wasm);
    CHECK_EQ_INT(fa_module_n_imports(cm), 7);
    const char *mod, *name;
    fa_extern_type t;
    /* (import "prov" "mem" (memory 1)) */
    CHECK_EQ_INT(fa_module_import(cm, 0, &mod, &name, &t), FA_OK);
    CHECK_EQ_STR(mod, "prov");
    CHECK_EQ_STR(name, "mem");
    CHECK(t.kind == FA_EXTERN_MEMORY && t.limits.min == 1 && !t.limits.has_max && !t.limits.is64);
    /* (import "prov" "tab" (table 4 funcref)) */
    CHECK_EQ_INT(fa_module_import(cm, 1, &mod, &name, &t), FA_OK);
    CHECK(t.kind == FA_EXTERN_TABLE && t.elem_type == FA_FUNCREF && t.limits.min == 4 &&
          !t.limits.has_max);
    /* (import "prov" "counter" (global (mut i32))) */
    CHECK_EQ_INT(fa_module_import(cm, 2, NULL, &name, &t), FA_OK);
    CHECK_EQ_STR(name, "counter");
    CHECK(t.kind == FA_EXTERN_GLOBAL && t.global_type == FA_I32 && t.global_mutable == 1);
    CHECK_EQ_INT(fa_module_import(cm, 3, NULL, NULL, &t), FA_OK);
    CHECK(t.kind == FA_EXTERN_GLOBAL && t.global_type == FA_I64 && t.global_mutable == 0);
    /* (import "host" "mul" (func (param i32 i32) (result i32))) */
    CHECK_EQ_INT(fa_module_import(cm, 5, &mod, &name, &t), FA_OK);
    CHECK_EQ_STR(mod, "host");
    CHECK(t.kind == FA_EXTERN_FUNC && t.func.n_params == 2 && t.func.n_results == 1 &&
          t.func.params[0] == FA_I32 && t.func.params[1] == FA_I32 && t.func.results[0] == FA_I32);
    CHECK_EQ_INT(fa_module_import(cm, 7, NULL, NULL, &t), FA_ERR_ARG);

    fa_module *pm = load(rt, prov_wasm, sizeof prov_wasm);
    CHECK_EQ_INT(fa_module_n_exports(pm), 7);
    int seen = 0;
    for (uint32_t i = 0; i < fa_module_n_exports(pm); i++) {
        CHECK_EQ_INT(fa_module_export(pm, i, &name, &t), FA_OK);
        if (strcmp(name, "mem") == 0) {
            CHECK(t.kind == FA_EXTERN_MEMORY && t.limits.min == 1 && t.limits.has_max &&
                  t.limits.max == 10);
            seen++;
        } else if (strcmp(name, "tab") == 0) {
            CHECK(t.kind == FA_EXTERN_TABLE && t.elem_type == FA_FUNCREF && t.limits.min == 4);
            seen++;
        } else if (strcmp(name, "k") == 0) {
            CHECK(t.kind == FA_EXTERN_GLOBAL && t.global_type == FA_I64 && !t.global_mutable);
            seen++;
        } else if (strcmp(name, "inc") == 0) {
            CHECK(t.kind == FA_EXTERN_FUNC && t.func.n_params == 0 && t.func.n_results == 1 &&
                  t.func.results[0] == FA_I32);
            seen++;
        }
    }
    CHECK_EQ_INT(seen, 4);
    CHECK_EQ_INT(fa_module_export(pm, 7, &name, &t), FA_ERR_ARG);
    CHECK_EQ_INT(fa_module_export(NULL, 0, &name, &t), FA_ERR_ARG);

    /* live types: a memory's min follows growth */
    fa_instance *prov = NULL;
    CHECK_EQ_INT(fa_instance_new(rt, pm, &prov, NULL), FA_OK);
    fa_extern x;
    CHECK_EQ_INT(fa_instance_export(prov, "mem", &x), FA_OK);
    CHECK_EQ_INT(fa_memory_grow(x.of.memory, 2, NULL), FA_OK);
    CHECK_EQ_INT(fa_extern_type_of(x, &t), FA_OK);
    CHECK(t.kind == FA_EXTERN_MEMORY && t.limits.min == 3 && t.limits.max == 10);
    CHECK_EQ_INT(fa_instance_export(prov, "inc", &x), FA_OK);
    CHECK_EQ_INT(fa_extern_type_of(x, &t), FA_OK);
    CHECK(t.kind == FA_EXTERN_FUNC && t.func.n_results == 1);
    CHECK_EQ_INT(fa_instance_export(prov, "counter", &x), FA_OK);
    CHECK_EQ_INT(fa_extern_type_of(x, &t), FA_OK);
    CHECK(t.kind == FA_EXTERN_GLOBAL && t.global_type == FA_I32 && t.global_mutable);
    CHECK_EQ_INT(fa_instance_export(prov, "tab", &x), FA_OK);
    CHECK_EQ_INT(fa_extern_type_of(x, &t), FA_OK);
    CHECK(t.kind == FA_EXTERN_TABLE && t.elem_type == FA_FUNCREF && t.limits.min == 4);
    x.of.table = NULL;
    CHECK_EQ_INT(fa_extern_type_of(x, &t), FA_ERR_ARG);
    fa_runtime_free(rt);
}

static void t_rebind_import(void)
{
    world w;
    make_world(&w);
    if (!w.cons) {
        fa_runtime_free(w.rt);
        return;
    }
    fa_error err;
    /* a new memory for import 0: cons writes there, prov's memory is untouched */
    fa_limits one = {1, 0, 0, 0};
    fa_memory *mem = fa_memory_new(w.rt, &one);
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 0, ext_memory(mem), &err), FA_OK);
    call(w.cons, "poke", 2, 5, 33);
    CHECK_EQ_INT(fa_memory_data(mem)[5], 33);
    CHECK_EQ_INT(call(w.prov, "peek", 1, 5, 0), 0);
    /* a new table for import 1, holding a host function */
    fa_limits four = {4, 0, 0, 0};
    fa_table *tab = fa_table_new(w.rt, FA_FUNCREF, &four);
    fa_functype ft = {0, 1, NULL, T_I32};
    CHECK_EQ_INT(
        fa_table_set(tab, 0, fa_funcref(fa_func_new_host(w.rt, &ft, h_seventy_seven, NULL))),
        FA_OK);
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 1, ext_table(tab), &err), FA_OK);
    CHECK_EQ_INT(call(w.cons, "call_tab", 1, 0, 0), 77);
    CHECK_EQ_INT(call(w.prov, "call_tab", 1, 0, 0), 10);
    /* a new global and function */
    fa_global *g = fa_global_new(w.rt, fa_i32(9), 1);
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 2, ext_global(g), &err), FA_OK);
    CHECK_EQ_INT(call(w.cons, "get_counter", 0, 0, 0), 9);
    /* type mismatches and misuse */
    fa_table *small = fa_table_new(w.rt, FA_FUNCREF, &one); /* 1 < declared min 4 */
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 1, ext_table(small), &err), FA_ERR_LINK);
    CHECK_EQ_STR(err.message, "incompatible import type \"prov\" \"tab\"");
    fa_table *ext = fa_table_new(w.rt, FA_EXTERNREF, &four);
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 1, ext_table(ext), &err), FA_ERR_LINK);
    fa_global *gi = fa_global_new(w.rt, fa_i32(9), 0); /* immutable for a mutable import */
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 2, ext_global(gi), &err), FA_ERR_LINK);
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 0, ext_table(tab), &err), FA_ERR_LINK);
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 7, ext_memory(mem), &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_instance_rebind_import(NULL, 0, ext_memory(mem), &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 0, ext_memory(NULL), &err), FA_ERR_ARG);
    fa_runtime *rt2 = fa_runtime_new(NULL);
    CHECK_EQ_INT(fa_instance_rebind_import(w.cons, 0, ext_memory(fa_memory_new(rt2, &one)), &err),
                 FA_ERR_ARG);
    fa_runtime_free(rt2);
    /* the old provider can be dropped: cons no longer refers to its memory */
    fa_instance_free(w.prov);
    call(w.cons, "poke", 2, 6, 34);
    CHECK_EQ_INT(fa_memory_data(mem)[6], 34);
    fa_runtime_free(w.rt);
}

/* ------------------------------------------------------------ host memories */

typedef struct arena {
    uint8_t *buf;
    size_t cap;
    int grows, refuse;
    fa_memory *mem; /* for relocate */
    int relocations;
} arena;

static void *arena_grow(void *user, void *data, size_t old_size, size_t new_size,
                        size_t *new_capacity)
{
    arena *a = user;
    CHECK(data == a->buf);
    CHECK(new_size > a->cap);
    a->grows++;
    if (a->refuse)
        return NULL;
    uint8_t *nb = malloc(new_size);
    if (!nb)
        return NULL;
    memcpy(nb, data, old_size);
    memset(a->buf, 0xAA, a->cap); /* the old buffer must not be used any more */
    free(a->buf);
    a->buf = nb;
    a->cap = new_size;
    *new_capacity = new_size;
    return nb;
}

/* Host function: moves the memory to a fresh buffer, as a host relocating
 * its arena would, and tells the runtime. */
static int h_relocate(fa_call *c, void *user)
{
    arena *a = user;
    (void)c;
    size_t size = (size_t)fa_memory_size(a->mem);
    uint8_t *nb = malloc(a->cap);
    if (!nb)
        return 1;
    memcpy(nb, a->buf, size);
    memset(a->buf, 0xAA, a->cap);
    free(a->buf);
    a->buf = nb;
    CHECK_EQ_INT(fa_memory_rebind(a->mem, nb, a->cap), FA_OK);
    a->relocations++;
    return 0;
}

static void t_host_memory(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    arena a;
    memset(&a, 0, sizeof a);
    a.cap = 2 * FA_PAGE_SIZE;
    a.buf = malloc(a.cap);
    memset(a.buf, 0, a.cap);
    memcpy(a.buf + 8, "\x01\x02\x03\x04", 4); /* the host's bytes are kept */
    fa_limits lim = {1, 4, 1, 0};
    fa_memory *mem = fa_memory_new_host(rt, &lim, a.buf, a.cap, arena_grow, &a);
    CHECK(mem != NULL);
    a.mem = mem;
    CHECK(fa_memory_data(mem) == a.buf);
    CHECK_EQ_INT(fa_memory_size(mem), FA_PAGE_SIZE);
    CHECK_EQ_INT(fa_runtime_define(rt, "host", "memory", ext_memory(mem)), FA_OK);
    fa_functype rt_t = {0, 0, NULL, NULL};
    CHECK_EQ_INT(fa_runtime_define(rt, "host", "relocate",
                                   ext_func(fa_func_new_host(rt, &rt_t, h_relocate, &a))),
                 FA_OK);
    fa_instance *inst = instantiate(rt, hostmem_wasm, sizeof hostmem_wasm);
    if (!inst) {
        fa_runtime_free(rt);
        free(a.buf);
        return;
    }
    CHECK_EQ_INT(call(inst, "load", 1, 8, 0), 0x04030201);
    call(inst, "store", 2, 100, 0x11223344);
    CHECK_EQ_INT(a.buf[100], 0x44);

    /* growth within the capacity: in place, new bytes zeroed */
    a.buf[FA_PAGE_SIZE + 5] = 0x5A;
    CHECK_EQ_INT(call(inst, "grow", 1, 1, 0), 1);
    CHECK(fa_memory_data(mem) == a.buf);
    CHECK_EQ_INT(a.buf[FA_PAGE_SIZE + 5], 0);
    CHECK_EQ_INT(a.grows, 0);
    /* past the capacity: the callback moves it, contents kept */
    CHECK_EQ_INT(call(inst, "grow", 1, 1, 0), 2);
    CHECK_EQ_INT(a.grows, 1);
    CHECK(fa_memory_data(mem) == a.buf);
    CHECK_EQ_INT(call(inst, "size", 0, 0, 0), 3);
    CHECK_EQ_INT(call(inst, "load", 1, 100, 0), 0x11223344);
    CHECK_EQ_INT(call(inst, "load", 1, 3 * FA_PAGE_SIZE - 4, 0), 0);
    /* refused by the host: -1, unchanged */
    a.refuse = 1;
    CHECK_EQ_INT(call(inst, "grow", 1, 1, 0), -1);
    CHECK_EQ_INT(fa_memory_grow(mem, 1, NULL), FA_ERR_OOM);
    CHECK_EQ_INT(call(inst, "size", 0, 0, 0), 3);
    a.refuse = 0;
    /* beyond the type's max (4): -1 without asking the host */
    int grows = a.grows;
    CHECK_EQ_INT(call(inst, "grow", 1, 2, 0), -1);
    CHECK_EQ_INT(a.grows, grows);

    /* relocation from inside a host function, in the middle of a wasm call */
    CHECK_EQ_INT(call(inst, "store_relocate_load", 2, 200, 0x0BADF00D), 0x0BADF00D);
    CHECK_EQ_INT(a.relocations, 1);
    CHECK(fa_memory_data(mem) == a.buf);
    /* relocation between calls */
    uint8_t *nb = malloc(a.cap);
    memcpy(nb, a.buf, (size_t)fa_memory_size(mem));
    memset(a.buf, 0xAA, a.cap);
    free(a.buf);
    a.buf = nb;
    CHECK_EQ_INT(fa_memory_rebind(mem, nb, a.cap), FA_OK);
    CHECK_EQ_INT(call(inst, "load", 1, 200, 0), 0x0BADF00D);
    CHECK_EQ_INT(call(inst, "load", 1, 100, 0), 0x11223344);

    /* misuse */
    CHECK_EQ_INT(fa_memory_rebind(mem, nb, 10), FA_ERR_ARG); /* smaller than the memory */
    CHECK_EQ_INT(fa_memory_rebind(mem, NULL, a.cap), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_rebind(NULL, nb, a.cap), FA_ERR_ARG);
    fa_limits one = {1, 0, 0, 0};
    fa_memory *own = fa_memory_new(rt, &one);
    CHECK_EQ_INT(fa_memory_rebind(own, nb, a.cap), FA_ERR_ARG); /* not a host memory */
    uint8_t small[100];
    CHECK(fa_memory_new_host(rt, &one, small, sizeof small, NULL, NULL) == NULL);
    CHECK(fa_memory_new_host(rt, &one, NULL, FA_PAGE_SIZE, NULL, NULL) == NULL);
    CHECK(fa_memory_new_host(NULL, &one, a.buf, a.cap, NULL, NULL) == NULL);
    fa_limits bad = {2, 1, 1, 0};
    CHECK(fa_memory_new_host(rt, &bad, a.buf, a.cap, NULL, NULL) == NULL);

    /* without a callback, growth stops at the capacity */
    static uint8_t fixed[FA_PAGE_SIZE * 2];
    fa_limits zero = {0, 0, 0, 0};
    fa_memory *f = fa_memory_new_host(rt, &zero, fixed, sizeof fixed, NULL, NULL);
    CHECK(f != NULL);
    CHECK_EQ_INT(fa_memory_grow(f, 2, NULL), FA_OK);
    CHECK(fa_memory_data(f) == fixed);
    CHECK_EQ_INT(fa_memory_grow(f, 1, NULL), FA_ERR_OOM);

    fa_runtime_free(rt); /* never frees the host's buffers */
    free(a.buf);
}

static void t_host_memory_cap(void)
{
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.max_memory_pages = 2;
    fa_runtime *rt = fa_runtime_new(&cfg);
    static uint8_t buf[FA_PAGE_SIZE * 4];
    fa_limits lim = {1, 0, 0, 0};
    fa_memory *m = fa_memory_new_host(rt, &lim, buf, sizeof buf, NULL, NULL);
    CHECK(m != NULL);
    CHECK_EQ_INT(fa_memory_grow(m, 1, NULL), FA_OK);
    CHECK_EQ_INT(fa_memory_grow(m, 1, NULL), FA_ERR_ARG); /* the configured cap */
    fa_limits three = {3, 0, 0, 0};
    CHECK(fa_memory_new_host(rt, &three, buf, sizeof buf, NULL, NULL) == NULL);
    fa_runtime_free(rt);
}

static const fa_test tests[] = {
    {"every_kind", t_every_kind},           {"inspection", t_inspection},
    {"rebind_import", t_rebind_import},     {"host_memory", t_host_memory},
    {"host_memory_cap", t_host_memory_cap},
};

FA_TEST_MAIN(tests)
