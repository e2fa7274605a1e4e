/*
 * hello_embed.c - the smallest useful fayasm embedding.
 *
 * runtime -> load -> instantiate -> look up export -> call -> print -> free.
 * Usage: hello_embed [MODULE.wasm [N]]   (default: examples/wasm/fib.wasm, N = 20)
 * Prints "fib(20) = 6765". Errors print the library's message and exit 1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fayasm.h"

#ifndef FIB_WASM_PATH
#define FIB_WASM_PATH "examples/wasm/fib.wasm"
#endif

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : FIB_WASM_PATH;
    int32_t n = argc > 2 ? (int32_t)atoi(argv[2]) : 20;

    fa_runtime *rt = fa_runtime_new(NULL); /* default config */
    fa_module *mod;
    fa_instance *inst;
    fa_error err;
    fa_value arg = fa_i32(n), res;
    if (!rt)
        return 1;
    if (fa_module_load_file(rt, path, &mod, &err) == FA_OK &&
        fa_instance_new(rt, mod, &inst, &err) == FA_OK &&
        fa_func_call(fa_instance_func(inst, "fib"), &arg, 1, &res, 1, &err) == FA_OK) {
        printf("fib(%d) = %d\n", (int)n, (int)res.of.i32);
        fa_runtime_free(rt); /* frees the module and instance too */
        return 0;
    }
    fprintf(stderr, "error: %s\n", err.message);
    fa_runtime_free(rt);
    return 1;
}
