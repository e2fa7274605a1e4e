/*
 * wasi_embed.c - runs a WASI program from C, with a directory of the
 * embedder's choosing and the program's standard output captured.
 *
 * Usage: wasi_embed [MODULE.wasm]   (default: examples/wasm/wasi_greet.wasm)
 * Makes a temporary directory holding greeting.txt, gives it to the program
 * as /data (wasi fd 3), points the program's stdout at a temporary file,
 * runs _start, and prints what the program wrote:
 *   captured: the host says: hello from C
 * Exit status: the program's (proc_exit) status; 1 on an embedding error.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fayasm.h"
#include "fayasm_wasi.h"

#ifndef WASI_GREET_WASM_PATH
#define WASI_GREET_WASM_PATH "examples/wasm/wasi_greet.wasm"
#endif

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : WASI_GREET_WASM_PATH;

    /* The directory the program may use, and nothing else. */
    char dir[] = "/tmp/wasi_embed.XXXXXX", file[sizeof dir + 16];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(file, sizeof file, "%s/greeting.txt", dir);
    FILE *g = fopen(file, "w");
    if (!g) {
        perror(file);
        return 1;
    }
    fputs("hello from C\n", g);
    fclose(g);
    FILE *captured = tmpfile(); /* the program's stdout */
    if (!captured) {
        perror("tmpfile");
        return 1;
    }

    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *mod;
    fa_instance *inst;
    fa_wasi *wasi = NULL;
    fa_error err;
    int status = 1;
    if (!rt)
        return 1;

    fa_wasi_config cfg;
    fa_wasi_config_default(&cfg);
    const char *const args[] = {"wasi_greet"};
    fa_wasi_preopen pre = {dir, "/data"};
    cfg.argc = 1;
    cfg.argv = args;
    cfg.n_preopens = 1;
    cfg.preopens = &pre;
    cfg.stdout_fd = fileno(captured);

    if (fa_module_load_file(rt, path, &mod, &err) != FA_OK ||
        fa_wasi_new(rt, &cfg, &wasi, &err) != FA_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        goto done;
    }
    if (fa_wasi_define(wasi) != FA_OK) {
        fprintf(stderr, "error: cannot define the WASI functions\n");
        goto done;
    }
    if (fa_instance_new(rt, mod, &inst, &err) != FA_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        goto done;
    }
    fa_func *start = fa_instance_func(inst, "_start");
    if (!start) {
        fprintf(stderr, "error: the module has no _start\n");
        goto done;
    }
    if (fa_func_call(start, NULL, 0, NULL, 0, &err) == FA_OK)
        status = 0; /* _start returned */
    else if (err.code == FA_ERR_TRAP && err.trap == FA_TRAP_EXIT)
        status = err.exit_code; /* proc_exit */
    else {
        fprintf(stderr, "trap: %s\n", err.message);
        goto done;
    }

    char text[256] = {0};
    rewind(captured);
    size_t n = fread(text, 1, sizeof text - 1, captured);
    printf("captured: %.*s", (int)n, text);

done:
    fa_wasi_free(wasi);
    fa_runtime_free(rt);
    fclose(captured);
    remove(file);
    rmdir(dir);
    return status;
}
