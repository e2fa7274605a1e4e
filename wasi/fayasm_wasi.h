/*
 * fayasm_wasi.h - WASI preview1 (wasi_snapshot_preview1) for fayasm.
 *
 * A separate library (target fayasm_wasi) built only on the public API in
 * fayasm.h, so an embedder can take it or leave it. It gives a module the 46
 * functions of the witx spec "wasi_snapshot_preview1", backed by the POSIX
 * host: args, environ, clocks, random, proc_exit/proc_raise, file
 * descriptors, sandboxed paths, poll_oneoff and sockets the host hands in.
 *
 * Hello embedding:
 *
 *   fa_wasi_config cfg;  fa_wasi *w;  fa_error err;
 *   fa_wasi_config_default(&cfg);
 *   fa_wasi_preopen dir = {"/tmp/data", "/data"};
 *   cfg.argc = 1;  cfg.argv = (const char *const[]){"prog"};
 *   cfg.n_preopens = 1;  cfg.preopens = &dir;
 *   fa_wasi_new(rt, &cfg, &w, &err);  fa_wasi_define(w);
 *   ... fa_instance_new, fa_func_call(fa_instance_func(inst, "_start"), ...)
 *   ... FA_ERR_TRAP with err.trap == FA_TRAP_EXIT: err.exit_code is the status
 *   fa_wasi_free(w);
 *
 * Sandbox: a path argument is always resolved relative to a directory fd the
 * program holds (a preopen or a directory opened below one), one component
 * at a time with openat(O_NOFOLLOW) on host directory fds, so it can reach
 * nothing outside that directory: absolute paths, `..` above the directory
 * and symbolic links whose target is absolute or climbs out are refused with
 * ENOTCAPABLE (76); more than FA_WASI_MAX_SYMLINKS expansions give ELOOP.
 *
 * Ownership: the library copies every string of the config. Host fds given in
 * the config (stdio and extra_fds) stay the caller's: fd_close in the guest
 * only forgets them. Preopened directories are opened (and closed) by the
 * library. Lifetime: the host functions defined by fa_wasi_define refer to
 * the fa_wasi object; free it only when no call into the module can happen
 * any more (before or after fa_runtime_free).
 *
 * Thread rule: like the runtime, one thread at a time.
 */
#ifndef FAYASM_WASI_H
#define FAYASM_WASI_H

#include <stdint.h>

#include "fayasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Symbolic-link expansions allowed while resolving one path (then ELOOP). */
#define FA_WASI_MAX_SYMLINKS 40

typedef struct fa_wasi fa_wasi;

/* A host directory made visible to the program under guest_path (what
 * fd_prestat_dir_name reports; wasi-libc matches paths against it). */
typedef struct fa_wasi_preopen {
    const char *host_path;
    const char *guest_path;
} fa_wasi_preopen;

typedef struct fa_wasi_config {
    int argc;
    const char *const *argv; /* argv[0] = program name */
    int envc;
    const char *const *envp; /* "NAME=VALUE" strings */
    uint32_t n_preopens;     /* become wasi fds 3, 4, ... in this order */
    const fa_wasi_preopen *preopens;
    int stdin_fd, stdout_fd, stderr_fd; /* host fds for wasi fds 0,1,2 (default 0,1,2;
                                           -1 = the wasi fd is not open) */
    /* Extra host fds (e.g. sockets for sock_accept/sock_recv/sock_send) handed to
     * the program as the wasi fds that follow the preopens, in this order. */
    uint32_t n_extra_fds;
    const int *extra_fds;
    /* Allocator for the library's own memory (realloc semantics as in
     * fa_config.alloc); NULL = the C library's realloc/free. */
    fa_alloc_fn alloc;
    void *alloc_user;
} fa_wasi_config;

/* Fills *cfg with the defaults: no args, no environment, no preopens,
 * stdio 0/1/2, no extra fds, C library allocator. */
FA_API void fa_wasi_config_default(fa_wasi_config *cfg);

/*
 * Creates the WASI context for runtime rt (copies all strings; opens the
 * preopen dirs: FA_ERR_IO with a message naming the directory if one cannot
 * be opened; FA_ERR_ARG on a bad config; FA_ERR_OOM).
 */
FA_API fa_result fa_wasi_new(fa_runtime *rt, const fa_wasi_config *cfg, fa_wasi **out,
                             fa_error *err);

/*
 * Defines every wasi_snapshot_preview1 function in rt's namespace
 * (fa_runtime_define(rt, "wasi_snapshot_preview1", name, ...)), so that
 * fa_instance_new resolves a WASI module's imports. proc_exit(code) makes the
 * running call fail with FA_ERR_TRAP, err.trap == FA_TRAP_EXIT and
 * err.exit_code == code.
 */
FA_API fa_result fa_wasi_define(fa_wasi *w);

/* Closes the directories and files the program opened and frees w. NULL is ignored. */
FA_API void fa_wasi_free(fa_wasi *w);

#ifdef __cplusplus
}
#endif
#endif /* FAYASM_WASI_H */
