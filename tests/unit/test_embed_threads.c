/*
 * test_embed_threads.c - separate runtimes used from separate threads at
 * the same time (each thread loads, links a host function with its own user
 * data, instantiates and runs), an interrupt sent from one thread to a
 * runtime another thread is running, and the "no global mutable state"
 * rule checked on the built library: no object in a writable data section
 * (objdump -t; skipped when the library or objdump is not found).
 *
 * Modules are assembled with wat2wasm 1.0.32; each array follows its source.
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep, popen */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fayasm.h"
#include "harness.h"

#if defined(__has_include)
#if __has_include(<pthread.h>) && !defined(_WIN32)
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#define HAVE_PTHREAD 1
#endif
#endif

/*
 * (module
 *   (import "env" "tick" (func $tick (param i32)))
 *   (memory (export "memory") 1)
 *   (func $fib (export "fib") (param i32) (result i32)
 *     (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
 *       (then (local.get 0))
 *       (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
 *                      (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
 *   ;; fills memory[0..n) with (seed + i) and reports each 1000th index to the host
 *   (func (export "fill") (param i32 i32) (local i32)
 *     (block $done
 *       (loop $l
 *         (br_if $done (i32.ge_u (local.get 2) (local.get 1)))
 *         (i32.store8 (local.get 2) (i32.add (local.get 0) (local.get 2)))
 *         (if (i32.eqz (i32.rem_u (local.get 2) (i32.const 1000)))
 *           (then (call $tick (local.get 2))))
 *         (local.set 2 (i32.add (local.get 2) (i32.const 1)))
 *         (br $l))))
 *   (func (export "spin") (loop $l (br $l))))
 */
static const uint8_t threads_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x12, 0x04, 0x60, 0x01, 0x7f, 0x00, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x00, 0x00, 0x02, 0x0c, 0x01, 0x03,
    0x65, 0x6e, 0x76, 0x04, 0x74, 0x69, 0x63, 0x6b, 0x00, 0x00, 0x03, 0x04, 0x03, 0x01, 0x02, 0x03,
    0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x1e, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02,
    0x00, 0x03, 0x66, 0x69, 0x62, 0x00, 0x01, 0x04, 0x66, 0x69, 0x6c, 0x6c, 0x00, 0x02, 0x04, 0x73,
    0x70, 0x69, 0x6e, 0x00, 0x03, 0x0a, 0x59, 0x03, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x49, 0x04,
    0x7f, 0x20, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x01, 0x20, 0x00, 0x41, 0x02, 0x6b,
    0x10, 0x01, 0x6a, 0x0b, 0x0b, 0x32, 0x01, 0x01, 0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x02, 0x20,
    0x01, 0x4f, 0x0d, 0x01, 0x20, 0x02, 0x20, 0x00, 0x20, 0x02, 0x6a, 0x3a, 0x00, 0x00, 0x20, 0x02,
    0x41, 0xe8, 0x07, 0x70, 0x45, 0x04, 0x40, 0x20, 0x02, 0x10, 0x00, 0x0b, 0x20, 0x02, 0x41, 0x01,
    0x6a, 0x21, 0x02, 0x0c, 0x00, 0x0b, 0x0b, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b,
};

#ifdef HAVE_PTHREAD

enum { N_THREADS = 6, ROUNDS = 20 };

typedef struct worker {
    int id;
    long ticks;   /* counted by this thread's host function */
    int failures; /* checks that failed in the thread (CHECK is not thread-safe) */
} worker;

static int h_tick(fa_call *c, void *user)
{
    worker *w = user;
    (void)c;
    w->ticks++;
    return 0;
}

static void *work(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < ROUNDS; round++) {
        fa_runtime *rt = fa_runtime_new(NULL);
        if (!rt) {
            w->failures++;
            return NULL;
        }
        static const fa_valtype p[] = {FA_I32};
        fa_functype ft = {1, 0, p, NULL};
        fa_extern x;
        memset(&x, 0, sizeof x);
        x.kind = FA_EXTERN_FUNC;
        x.of.func = fa_func_new_host(rt, &ft, h_tick, w);
        fa_module *m = NULL;
        fa_instance *inst = NULL;
        fa_error err;
        if (fa_runtime_define(rt, "env", "tick", x) != FA_OK ||
            fa_module_load(rt, threads_wasm, sizeof threads_wasm, &m, &err) != FA_OK ||
            fa_instance_new(rt, m, &inst, &err) != FA_OK) {
            w->failures++;
            fa_runtime_free(rt);
            return NULL;
        }
        fa_value a[2] = {fa_i32(20 + w->id % 3), fa_i32(0)}, r;
        static const int32_t fib[] = {6765, 10946, 17711};
        if (fa_func_call(fa_instance_func(inst, "fib"), a, 1, &r, 1, &err) != FA_OK ||
            r.of.i32 != fib[w->id % 3])
            w->failures++;
        a[0] = fa_i32(w->id * 7);
        a[1] = fa_i32(50000);
        if (fa_func_call(fa_instance_func(inst, "fill"), a, 2, NULL, 0, &err) != FA_OK)
            w->failures++;
        const uint8_t *mem = fa_memory_data(fa_instance_memory(inst, "memory"));
        for (int i = 0; i < 50000; i += 997)
            if (mem[i] != (uint8_t)(w->id * 7 + i))
                w->failures++;
        fa_runtime_free(rt);
    }
    return NULL;
}

static void t_parallel_runtimes(void)
{
    pthread_t th[N_THREADS];
    worker w[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].id = i;
        CHECK_EQ_INT(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < N_THREADS; i++) {
        pthread_join(th[i], NULL);
        CHECK_EQ_INT(w[i].failures, 0);
        CHECK_EQ_INT(w[i].ticks, ROUNDS * 50);
    }
}

typedef struct spinner {
    fa_runtime *rt;
    fa_func *spin;
    atomic_int started; /* set by the spinning thread once it runs */
    fa_result result;
    fa_trap trap;
} spinner;

static void *spin_thread(void *arg)
{
    spinner *s = arg;
    fa_error err;
    atomic_store(&s->started, 1);
    s->result = fa_func_call(s->spin, NULL, 0, NULL, 0, &err);
    s->trap = err.trap;
    return NULL;
}

/* One thread runs an endless loop; the main thread interrupts it while a
 * third runtime keeps working undisturbed. */
static void t_cross_thread_interrupt(void)
{
    spinner s;
    memset(&s, 0, sizeof s);
    atomic_init(&s.started, 0);
    s.rt = fa_runtime_new(NULL);
    worker dummy;
    memset(&dummy, 0, sizeof dummy);
    static const fa_valtype p[] = {FA_I32};
    fa_functype ft = {1, 0, p, NULL};
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = FA_EXTERN_FUNC;
    x.of.func = fa_func_new_host(s.rt, &ft, h_tick, &dummy);
    CHECK_EQ_INT(fa_runtime_define(s.rt, "env", "tick", x), FA_OK);
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    CHECK_EQ_INT(fa_module_load(s.rt, threads_wasm, sizeof threads_wasm, &m, &err), FA_OK);
    CHECK_EQ_INT(fa_instance_new(s.rt, m, &inst, &err), FA_OK);
    s.spin = fa_instance_func(inst, "spin");
    pthread_t th, other;
    CHECK_EQ_INT(pthread_create(&th, NULL, spin_thread, &s), 0);
    worker w;
    memset(&w, 0, sizeof w);
    w.id = 1;
    CHECK_EQ_INT(pthread_create(&other, NULL, work, &w), 0);
    while (!atomic_load(&s.started))
        sched_yield();
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    fa_runtime_interrupt(s.rt);
    pthread_join(th, NULL);
    pthread_join(other, NULL);
    CHECK_EQ_INT(s.result, FA_ERR_TRAP);
    CHECK_EQ_INT(s.trap, FA_TRAP_INTERRUPTED);
    CHECK_EQ_INT(w.failures, 0);
    fa_runtime_free(s.rt);
}

#endif /* HAVE_PTHREAD */

/* ------------------------------------------------------------ no global mutable state */

/*
 * objdump -t lists each object with its section; a mutable global would be
 * in .data or .bss (or their .rel/.local variants, or COMMON). Read-only
 * tables (.rodata, .data.rel.ro) are fine. The library is found next to
 * this test: <build>/bin/test_embed_threads -> <build>/lib/libfayasm.a.
 */
static void t_no_writable_globals(void)
{
#if defined(HAVE_PTHREAD) && defined(__linux__)
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        printf("  skipped: cannot find the test's path\n");
        return;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    char lib[1200], cmd[1400];
    snprintf(lib, sizeof lib, "%s/../lib/libfayasm.a", exe);
    FILE *probe = fopen(lib, "rb");
    if (!probe) {
        printf("  skipped: %s not found\n", lib);
        return;
    }
    fclose(probe);
    snprintf(cmd, sizeof cmd, "objdump -t '%s' 2>/dev/null", lib);
    FILE *p = popen(cmd, "r");
    if (!p) {
        printf("  skipped: cannot run objdump\n");
        return;
    }
    char line[512];
    int lines = 0, bad = 0;
    while (fgets(line, sizeof line, p)) {
        lines++;
        /* "0000000000000000 l     O .bss	0000000000000008 name" */
        char *sec = strstr(line, " O ");
        if (!sec)
            continue;
        sec += 3;
        size_t len = strcspn(sec, " \t");
        int writable =
            (len == 5 && strncmp(sec, ".data", 5) == 0) ||
            (len == 4 && strncmp(sec, ".bss", 4) == 0) ||
            (len >= 6 && strncmp(sec, ".data.", 6) == 0 && strncmp(sec, ".data.rel.ro", 12) != 0) ||
            (len >= 5 && strncmp(sec, ".bss.", 5) == 0) || strncmp(sec, ".tbss", 5) == 0 ||
            strncmp(sec, ".tdata", 6) == 0 || strncmp(sec, "*COM*", 5) == 0;
        /* sanitizer instrumentation adds its own (e.g. __odr_asan.NAME) */
        if (strstr(line, "__odr_asan") || strstr(line, "__asan") || strstr(line, "__ubsan") ||
            strstr(line, "__sancov"))
            writable = 0;
        if (writable) {
            fprintf(stderr, "  writable global: %s", line);
            bad++;
        }
    }
    int rc = pclose(p);
    if (lines == 0 || rc != 0) {
        printf("  skipped: objdump gave no symbol table\n");
        return;
    }
    CHECK_EQ_INT(bad, 0);
#else
    printf("  skipped on this platform\n");
#endif
}

static void t_no_threads(void)
{
#ifndef HAVE_PTHREAD
    printf("  skipped: no pthreads\n");
#endif
}

static const fa_test tests[] = {
#ifdef HAVE_PTHREAD
    {"parallel_runtimes", t_parallel_runtimes},
    {"cross_thread_interrupt", t_cross_thread_interrupt},
#endif
    {"no_threads", t_no_threads},
    {"no_writable_globals", t_no_writable_globals},
};

FA_TEST_MAIN(tests)
