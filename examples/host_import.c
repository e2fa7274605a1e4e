/*
 * host_import.c - host functions: the embedder gives a module functions
 * of its own, with a declared signature, typed arguments and results, user
 * data, access to the calling instance's memory, and a trap with its own
 * message.
 *
 * The module (bytes below, assembled with wat2wasm from this text):
 *
 *   (module
 *     (import "env" "print" (func $print (param i32 i32)))   ;; ptr, len
 *     (import "env" "add" (func $add (param i32 i32) (result i32)))
 *     (import "env" "check" (func $check (param i32)))
 *     (memory (export "memory") 1)
 *     (data (i32.const 16) "hello from wasm")
 *     (func (export "main") (result i32)
 *       (call $print (i32.const 16) (i32.const 15))
 *       (call $add (i32.const 2) (i32.const 3)))
 *     (func (export "validate") (param i32) (call $check (local.get 0))))
 *
 * Prints:
 *   wasm says: hello from wasm
 *   main() = 5 (add was called 1 time)
 *   validate(7) ok
 *   validate(-1): trap: check: -1 is negative
 */
#include <stdio.h>
#include <string.h>

#include "fayasm.h"

static const uint8_t host_import_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x14, 0x04, 0x60, 0x02, 0x7f, 0x7f, 0x00,
    0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x23,
    0x03, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x70, 0x72, 0x69, 0x6e, 0x74, 0x00, 0x00, 0x03, 0x65, 0x6e,
    0x76, 0x03, 0x61, 0x64, 0x64, 0x00, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x63, 0x68, 0x65, 0x63,
    0x6b, 0x00, 0x02, 0x03, 0x03, 0x02, 0x03, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x1c, 0x03,
    0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x04, 0x6d, 0x61, 0x69, 0x6e, 0x00, 0x03,
    0x08, 0x76, 0x61, 0x6c, 0x69, 0x64, 0x61, 0x74, 0x65, 0x00, 0x04, 0x0a, 0x17, 0x02, 0x0e, 0x00,
    0x41, 0x10, 0x41, 0x0f, 0x10, 0x00, 0x41, 0x02, 0x41, 0x03, 0x10, 0x01, 0x0b, 0x06, 0x00, 0x20,
    0x00, 0x10, 0x02, 0x0b, 0x0b, 0x15, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x0f, 0x68, 0x65, 0x6c, 0x6c,
    0x6f, 0x20, 0x66, 0x72, 0x6f, 0x6d, 0x20, 0x77, 0x61, 0x73, 0x6d,
};

/* print(ptr, len): reads a string out of the caller's memory. The memory is
 * the calling instance's; fa_memory_ptr checks [ptr, ptr+len) is inside. */
static int host_print(fa_call *call, void *user)
{
    (void)user;
    uint32_t ptr = (uint32_t)fa_call_arg_i32(call, 0);
    uint32_t len = (uint32_t)fa_call_arg_i32(call, 1);
    const uint8_t *s = fa_memory_ptr(fa_call_memory(call, 0), ptr, len);
    if (!s) {
        fa_call_trap(call, "print: string out of bounds");
        return 1;
    }
    printf("wasm says: %.*s\n", (int)len, (const char *)s);
    return 0;
}

/* add(a, b) -> a + b, counting its calls in the user data. */
static int host_add(fa_call *call, void *user)
{
    int *calls = user;
    ++*calls;
    fa_call_set_result_i32(call, 0, fa_call_arg_i32(call, 0) + fa_call_arg_i32(call, 1));
    return 0;
}

/* check(n): traps with its own message when n is negative. */
static int host_check(fa_call *call, void *user)
{
    (void)user;
    int32_t n = fa_call_arg_i32(call, 0);
    if (n < 0) {
        char msg[64];
        snprintf(msg, sizeof msg, "check: %d is negative", (int)n);
        fa_call_trap(call, msg); /* the message is copied */
        return 1;
    }
    return 0;
}

/* Defines env.NAME as a host function with the given signature. */
static int define(fa_runtime *rt, const char *name, uint32_t n_params, uint32_t n_results,
                  fa_host_fn fn, void *user)
{
    static const fa_valtype i32s[] = {FA_I32, FA_I32};
    fa_functype type = {n_params, n_results, i32s, i32s};
    fa_extern ext;
    ext.kind = FA_EXTERN_FUNC;
    ext.of.func = fa_func_new_host(rt, &type, fn, user);
    return ext.of.func && fa_runtime_define(rt, "env", name, ext) == FA_OK;
}

int main(void)
{
    int add_calls = 0;
    fa_runtime *rt = fa_runtime_new(NULL);
    if (!rt || !define(rt, "print", 2, 0, host_print, NULL) ||
        !define(rt, "add", 2, 1, host_add, &add_calls) ||
        !define(rt, "check", 1, 0, host_check, NULL)) {
        fprintf(stderr, "error: out of memory\n");
        fa_runtime_free(rt);
        return 1;
    }

    /* Instantiation checks every import against the signature declared
     * above: a mismatch fails with "incompatible import type". */
    fa_module *mod;
    fa_instance *inst;
    fa_error err;
    if (fa_module_load(rt, host_import_wasm, sizeof host_import_wasm, &mod, &err) != FA_OK ||
        fa_instance_new(rt, mod, &inst, &err) != FA_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        fa_runtime_free(rt);
        return 1;
    }

    fa_value res;
    if (fa_func_call(fa_instance_func(inst, "main"), NULL, 0, &res, 1, &err) != FA_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        fa_runtime_free(rt);
        return 1;
    }
    printf("main() = %d (add was called %d time%s)\n", (int)res.of.i32, add_calls,
           add_calls == 1 ? "" : "s");

    fa_func *validate = fa_instance_func(inst, "validate");
    fa_value arg = fa_i32(7);
    if (fa_func_call(validate, &arg, 1, NULL, 0, &err) == FA_OK)
        printf("validate(7) ok\n");
    arg = fa_i32(-1);
    if (fa_func_call(validate, &arg, 1, NULL, 0, &err) == FA_ERR_TRAP)
        printf("validate(-1): trap: %s\n", err.message);

    fa_runtime_free(rt); /* frees the module, instance and host functions */
    return 0;
}
