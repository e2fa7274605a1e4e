/*
 * linking.c - two modules linked by name, sharing a memory, a table and a
 * mutable global: "lib" defines them, "app" imports them (as the spec's
 * `register` + import does), writes into lib's memory with a data segment,
 * puts its own function into lib's table with an element segment, and
 * calls lib's function, which calls both table entries. Also lists app's
 * imports with their types (inspection).
 *
 * The modules (bytes below, assembled with wat2wasm from this text):
 *
 *   (module                                   ;; "lib"
 *     (memory (export "memory") 1)
 *     (table (export "table") 2 funcref)
 *     (global (export "counter") (mut i32) (i32.const 0))
 *     (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
 *     (elem (i32.const 0) $double)
 *     (func (export "call") (param i32 i32) (result i32)   ;; table[i](x)
 *       (global.set 0 (i32.add (global.get 0) (i32.const 1)))
 *       (call_indirect (param i32) (result i32) (local.get 1) (local.get 0))))
 *
 *   (module                                   ;; "app"
 *     (import "lib" "memory" (memory 1))
 *     (import "lib" "table" (table 2 funcref))
 *     (import "lib" "counter" (global $counter (mut i32)))
 *     (import "lib" "call" (func $call (param i32 i32) (result i32)))
 *     (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
 *     (elem (i32.const 1) $square)
 *     (data (i32.const 0) "written by app")
 *     (func (export "run") (result i32)
 *       (i32.add (call $call (i32.const 0) (i32.const 5))
 *                (call $call (i32.const 1) (i32.const 5))))
 *     (func (export "bump")
 *       (global.set $counter (i32.add (global.get $counter) (i32.const 100)))))
 *
 * Prints:
 *   app imports:
 *     lib.memory: memory, min 1 page
 *     lib.table: table of funcref, min 2
 *     lib.counter: global mut i32
 *     lib.call: func (i32 i32) -> (i32)
 *   lib's memory holds "written by app"
 *   app.run() = 35 (double(5) from lib + square(5) from app, both via lib's table)
 *   counter: 2 after run, 102 after app.bump
 */
#include <stdio.h>
#include <string.h>

#include "fayasm.h"

static const uint8_t lib_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x01, 0x7f, 0x01,
    0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x01, 0x04, 0x04, 0x01,
    0x70, 0x00, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00,
    0x0b, 0x07, 0x23, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x05, 0x74,
    0x61, 0x62, 0x6c, 0x65, 0x01, 0x00, 0x07, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x65, 0x72, 0x03,
    0x00, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b,
    0x01, 0x00, 0x0a, 0x1a, 0x02, 0x07, 0x00, 0x20, 0x00, 0x41, 0x02, 0x6c, 0x0b, 0x10, 0x00,
    0x23, 0x00, 0x41, 0x01, 0x6a, 0x24, 0x00, 0x20, 0x01, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b,
};

static const uint8_t app_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x13, 0x04, 0x60, 0x02, 0x7f, 0x7f,
    0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x02,
    0x37, 0x04, 0x03, 0x6c, 0x69, 0x62, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00,
    0x01, 0x03, 0x6c, 0x69, 0x62, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x70, 0x00, 0x02,
    0x03, 0x6c, 0x69, 0x62, 0x07, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x65, 0x72, 0x03, 0x7f, 0x01,
    0x03, 0x6c, 0x69, 0x62, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x00, 0x03, 0x04, 0x03, 0x01,
    0x02, 0x03, 0x07, 0x0e, 0x02, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x02, 0x04, 0x62, 0x75, 0x6d,
    0x70, 0x00, 0x03, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x01, 0x0a, 0x24, 0x03,
    0x07, 0x00, 0x20, 0x00, 0x20, 0x00, 0x6c, 0x0b, 0x0f, 0x00, 0x41, 0x00, 0x41, 0x05, 0x10,
    0x00, 0x41, 0x01, 0x41, 0x05, 0x10, 0x00, 0x6a, 0x0b, 0x0a, 0x00, 0x23, 0x00, 0x41, 0xe4,
    0x00, 0x6a, 0x24, 0x00, 0x0b, 0x0b, 0x14, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x0e, 0x77, 0x72,
    0x69, 0x74, 0x74, 0x65, 0x6e, 0x20, 0x62, 0x79, 0x20, 0x61, 0x70, 0x70,
};

static const char *type_name(fa_valtype t)
{
    switch (t) {
    case FA_I32: return "i32";
    case FA_I64: return "i64";
    case FA_F32: return "f32";
    case FA_F64: return "f64";
    case FA_V128: return "v128";
    case FA_FUNCREF: return "funcref";
    case FA_EXTERNREF: return "externref";
    }
    return "?";
}

/* Prints each import of m with its declared type. */
static void list_imports(const fa_module *m)
{
    for (uint32_t i = 0; i < fa_module_n_imports(m); i++) {
        const char *mod, *name;
        fa_extern_type t;
        fa_module_import(m, i, &mod, &name, &t);
        printf("  %s.%s: ", mod, name);
        switch (t.kind) {
        case FA_EXTERN_MEMORY:
            printf("memory, min %u page%s\n", (unsigned)t.limits.min, t.limits.min == 1 ? "" : "s");
            break;
        case FA_EXTERN_TABLE:
            printf("table of %s, min %u\n", type_name(t.elem_type), (unsigned)t.limits.min);
            break;
        case FA_EXTERN_GLOBAL:
            printf("global %s%s\n", t.global_mutable ? "mut " : "", type_name(t.global_type));
            break;
        case FA_EXTERN_FUNC:
            printf("func (");
            for (uint32_t k = 0; k < t.func.n_params; k++)
                printf("%s%s", k ? " " : "", type_name(t.func.params[k]));
            printf(") -> (");
            for (uint32_t k = 0; k < t.func.n_results; k++)
                printf("%s%s", k ? " " : "", type_name(t.func.results[k]));
            printf(")\n");
            break;
        }
    }
}

static int fail(fa_runtime *rt, const fa_error *err)
{
    fprintf(stderr, "error: %s\n", err->message);
    fa_runtime_free(rt);
    return 1;
}

int main(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *lib_mod, *app_mod;
    fa_instance *lib, *app;
    fa_error err;
    if (!rt)
        return 1;

    /* lib first, registered under the name app imports from */
    if (fa_module_load(rt, lib_wasm, sizeof lib_wasm, &lib_mod, &err) != FA_OK ||
        fa_instance_new(rt, lib_mod, &lib, &err) != FA_OK)
        return fail(rt, &err);
    if (fa_runtime_register(rt, "lib", lib) != FA_OK) {
        fprintf(stderr, "error: out of memory\n");
        fa_runtime_free(rt);
        return 1;
    }

    if (fa_module_load(rt, app_wasm, sizeof app_wasm, &app_mod, &err) != FA_OK)
        return fail(rt, &err);
    printf("app imports:\n");
    list_imports(app_mod);
    /* app's segments write into lib's memory and table as it instantiates */
    if (fa_instance_new(rt, app_mod, &app, &err) != FA_OK)
        return fail(rt, &err);

    char text[15] = {0};
    fa_memory_read(fa_instance_memory(lib, "memory"), 0, text, 14);
    printf("lib's memory holds \"%s\"\n", text);

    fa_value res;
    if (fa_func_call(fa_instance_func(app, "run"), NULL, 0, &res, 1, &err) != FA_OK)
        return fail(rt, &err);
    printf("app.run() = %d (double(5) from lib + square(5) from app, both via lib's table)\n",
           (int)res.of.i32);

    /* the global is shared by reference: lib's export sees app's write */
    fa_global *counter = fa_instance_global(lib, "counter");
    fa_value before, after;
    fa_global_get(counter, &before);
    if (fa_func_call(fa_instance_func(app, "bump"), NULL, 0, NULL, 0, &err) != FA_OK)
        return fail(rt, &err);
    fa_global_get(counter, &after);
    printf("counter: %d after run, %d after app.bump\n", (int)before.of.i32, (int)after.of.i32);

    fa_runtime_free(rt);
    return 0;
}
