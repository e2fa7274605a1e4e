/*
 * limits.c - keeping a module under control: a call-depth limit (deep
 * recursion runs, runaway recursion traps cleanly with a backtrace), a fuel
 * budget that stops an endless loop, and an interrupt sent from a second
 * thread to stop a call that is running.
 *
 * The module (bytes below, assembled with wat2wasm --debug-names, so the
 * backtrace can name "rec"):
 *
 *   (module
 *     (func $rec (export "rec") (param i32) (result i32)   ;; rec(n) = n, n calls deep
 *       (if (result i32) (i32.eqz (local.get 0))
 *         (then (i32.const 0))
 *         (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
 *     (func $spin (export "spin") (loop $l (br $l))))      ;; never returns
 *
 * Prints:
 *   depth: rec(50000) = 50000 with the default limits
 *   depth: rec(5000) with max_call_depth 1000: trap "call stack exhausted"
 *     #0 rec at 0x3c
 *     ... 1000 frames in all
 *   fuel: rec(100) = 100 within a budget of 10000
 *   fuel: spin() with a budget of 10000: trap "out of fuel"
 *   interrupt: spin() stopped from another thread: trap "interrupted"
 * (the last line says "skipped" in a build without threads)
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <stdio.h>
#include <time.h>

#include "fayasm.h"

#if defined(__has_include)
#if __has_include(<pthread.h>) && !defined(_WIN32)
#include <pthread.h>
#define HAVE_PTHREAD 1
#endif
#endif

static const uint8_t limits_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x01,
    0x7f, 0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x01, 0x07, 0x0e, 0x02, 0x03, 0x72, 0x65,
    0x63, 0x00, 0x00, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x01, 0x0a, 0x1f, 0x02, 0x15, 0x00,
    0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x00, 0x05, 0x41, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b,
    0x10, 0x00, 0x6a, 0x0b, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x00, 0x1a,
    0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x0c, 0x02, 0x00, 0x03, 0x72, 0x65, 0x63, 0x01, 0x04,
    0x73, 0x70, 0x69, 0x6e, 0x02, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
};

/* A runtime with cfg and an instance of the module (NULL on failure). */
static fa_instance *start(const fa_config *cfg, fa_runtime **rt)
{
    fa_module *mod;
    fa_instance *inst = NULL;
    fa_error err;
    *rt = fa_runtime_new(cfg);
    if (!*rt)
        return NULL;
    if (fa_module_load(*rt, limits_wasm, sizeof limits_wasm, &mod, &err) != FA_OK ||
        fa_instance_new(*rt, mod, &inst, &err) != FA_OK)
        fprintf(stderr, "error: %s\n", err.message);
    return inst;
}

static fa_result call(fa_instance *inst, const char *name, int32_t n, int32_t *out, fa_error *err)
{
    fa_value arg = fa_i32(n), res;
    int has_arg = name[0] == 'r'; /* rec takes and returns an i32, spin nothing */
    fa_result r = fa_func_call(fa_instance_func(inst, name), &arg, has_arg, &res, has_arg, err);
    if (r == FA_OK && out)
        *out = res.of.i32;
    return r;
}

#ifdef HAVE_PTHREAD
/* The second thread: waits a moment, then asks the runtime to stop. */
static void *interrupter(void *arg)
{
    struct timespec ts = {0, 100 * 1000 * 1000}; /* 0.1 s */
    nanosleep(&ts, NULL);
    fa_runtime_interrupt(arg); /* the one call that is safe from any thread */
    return NULL;
}
#endif

int main(void)
{
    fa_runtime *rt;
    fa_instance *inst;
    fa_error err;
    fa_config cfg;
    int32_t r = 0;

    /* 1. Call depth. Wasm calls do not recurse on the C stack, so the
     * defaults (100,000 frames) run deep recursion... */
    if (!(inst = start(NULL, &rt)))
        return 1;
    if (call(inst, "rec", 50000, &r, &err) == FA_OK)
        printf("depth: rec(50000) = %d with the default limits\n", (int)r);
    fa_runtime_free(rt);

    /* ...and a runaway recursion traps cleanly at the configured limit. */
    fa_config_default(&cfg);
    cfg.max_call_depth = 1000;
    if (!(inst = start(&cfg, &rt)))
        return 1;
    if (call(inst, "rec", 5000, &r, &err) == FA_ERR_TRAP) {
        printf("depth: rec(5000) with max_call_depth 1000: trap \"%s\"\n", err.message);
        fa_frame_info top;
        uint32_t total = 0;
        fa_runtime_backtrace_size(rt, &total);
        if (fa_runtime_backtrace_frame(rt, 0, &top) == FA_OK)
            printf("  #0 %s at 0x%x\n  ... %u frames in all\n", top.name ? top.name : "?",
                   (unsigned)top.code_offset, (unsigned)total);
    }
    fa_runtime_free(rt);

    /* 2. Fuel: every outermost call gets the budget; a function entry or a
     * loop iteration costs one unit; running out traps. */
    fa_config_default(&cfg);
    cfg.fuel = 10000;
    if (!(inst = start(&cfg, &rt)))
        return 1;
    if (call(inst, "rec", 100, &r, &err) == FA_OK)
        printf("fuel: rec(100) = %d within a budget of 10000\n", (int)r);
    if (call(inst, "spin", 0, NULL, &err) == FA_ERR_TRAP)
        printf("fuel: spin() with a budget of 10000: trap \"%s\"\n", err.message);
    fa_runtime_free(rt);

    /* 3. Interrupt: another thread stops the endless loop. */
#ifdef HAVE_PTHREAD
    if (!(inst = start(NULL, &rt)))
        return 1;
    pthread_t th;
    if (pthread_create(&th, NULL, interrupter, rt) == 0) {
        if (call(inst, "spin", 0, NULL, &err) == FA_ERR_TRAP)
            printf("interrupt: spin() stopped from another thread: trap \"%s\"\n", err.message);
        pthread_join(th, NULL);
    }
    fa_runtime_free(rt);
#else
    printf("interrupt: skipped (built without threads)\n");
#endif
    return 0;
}
