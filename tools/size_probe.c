/*
 * size_probe.c - the program tools/size-report measures: instantiate a small
 * module (recursive fib with a 1-page memory) and run it, with a counting
 * allocator hook and small run-time limits.
 *
 * Built twice by cmake/core: fayasm_size_probe (the real thing) and, with
 * FAYASM_SIZE_BASELINE, a baseline that does everything except call fayasm
 * (C start-up, the same malloc/realloc use), so the difference in .text is
 * what fayasm brings in. On a hosted build (native or qemu-arm) it prints
 * "key value" lines: peak heap bytes, heap per phase, C stack high-water
 * mark; on bare metal the numbers land in the volatile `fa_probe_result`.
 *
 * Usage (hosted): fayasm_size_probe [N [STACK_SLOTS [CALL_DEPTH]]]
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"

/* Print on a hosted build (Linux, also under qemu-arm); bare metal has no stdout. */
#if defined(__unix__) || defined(__APPLE__) || defined(_WIN32)
#define PROBE_PRINT 1
#include <stdio.h>
#else
#define PROBE_PRINT 0
#endif

#if defined(__GNUC__)
#define PROBE_NOINLINE __attribute__((noinline))
#else
#define PROBE_NOINLINE
#endif

/*
 * The module (99 bytes; tools/size-report checks it against this text with
 * wat2wasm when wabt is installed):
 *
 * (module
 *   (memory (export "memory") 1)
 *   (func $fib (export "fib") (param $n i32) (result i32)
 *     (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
 *       (then (local.get $n))
 *       (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
 *                      (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
 *   (func (export "run") (param $n i32) (result i32)
 *     (i32.store (i32.const 16) (call $fib (local.get $n)))
 *     (i32.load (i32.const 16))))
 */
static const uint8_t fib1_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01,
    0x7f, 0x03, 0x03, 0x02, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x16, 0x03, 0x06,
    0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x03, 0x66, 0x69, 0x62, 0x00, 0x00, 0x03,
    0x72, 0x75, 0x6e, 0x00, 0x01, 0x0a, 0x2f, 0x02, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x49,
    0x04, 0x7f, 0x20, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x20, 0x00, 0x41,
    0x02, 0x6b, 0x10, 0x00, 0x6a, 0x0b, 0x0b, 0x10, 0x00, 0x41, 0x10, 0x20, 0x00, 0x10, 0x00,
    0x36, 0x02, 0x00, 0x41, 0x10, 0x28, 0x02, 0x00, 0x0b};

/* ------------------------------------------------------------ counting allocator */

typedef struct counter {
    size_t cur, peak, n_allocs;
} counter;

static void *count_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    counter *c = user;
    if (new_size == 0) {
        free(ptr);
        c->cur -= old_size;
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (!p)
        return NULL;
    c->cur = c->cur - old_size + new_size;
    if (c->cur > c->peak)
        c->peak = c->cur;
    if (!ptr)
        c->n_allocs++;
    return p;
}

/* ------------------------------------------------------------ C stack high-water */

#define PAINT_BYTES 32768
#define PAINT_BYTE 0xA5

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
/* Fills the stack below the caller with a pattern ... */
static PROBE_NOINLINE void stack_paint(void)
{
    volatile uint8_t buf[PAINT_BYTES];
    for (size_t i = 0; i < PAINT_BYTES; i++)
        buf[i] = PAINT_BYTE;
}
/* ... and, called from the same place afterwards, counts how much of it the
 * work in between overwrote (the stack grows down: buf[0] is deepest). */
static PROBE_NOINLINE size_t stack_used(void)
{
    volatile uint8_t buf[PAINT_BYTES];
    size_t i = 0;
    while (i < PAINT_BYTES && buf[i] == PAINT_BYTE)
        i++;
    return PAINT_BYTES - i;
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* ------------------------------------------------------------ the run */

typedef struct probe_result {
    int32_t value;        /* run(n) */
    size_t heap_peak;     /* bytes, whole run */
    size_t heap_runtime;  /* after fa_runtime_new */
    size_t heap_module;   /* after fa_module_load */
    size_t heap_instance; /* after fa_instance_new */
    size_t heap_call;     /* after the call (translated code included) */
    size_t heap_end;      /* after fa_runtime_free (0 = no leak) */
    size_t n_allocs;
    size_t c_stack;       /* bytes of C stack the run used (approximate) */
    int ok;
} probe_result;

volatile probe_result fa_probe_result;

#ifndef FAYASM_SIZE_BASELINE
static PROBE_NOINLINE void run(int32_t n, size_t slots, uint32_t depth, probe_result *r)
{
    counter c = {0, 0, 0};
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.stack_slots = slots;
    cfg.max_call_depth = depth;
    cfg.max_reentry = 1;
    cfg.max_memory_pages = 1;
    cfg.alloc = count_alloc;
    cfg.alloc_user = &c;

    fa_runtime *rt = fa_runtime_new(&cfg);
    if (!rt)
        return;
    r->heap_runtime = c.cur;
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    if (fa_module_load(rt, fib1_wasm, sizeof fib1_wasm, &m, &err) == FA_OK) {
        r->heap_module = c.cur;
        if (fa_instance_new(rt, m, &inst, &err) == FA_OK) {
            r->heap_instance = c.cur;
            fa_value arg = fa_i32(n), res;
            if (fa_func_call(fa_instance_func(inst, "run"), &arg, 1, &res, 1, &err) == FA_OK) {
                r->value = res.of.i32;
                r->ok = 1;
            }
            r->heap_call = c.cur;
        }
    }
#if PROBE_PRINT
    if (!r->ok)
        fprintf(stderr, "size_probe: %s\n", err.message);
#endif
    fa_runtime_free(rt);
    r->heap_end = c.cur;
    r->heap_peak = c.peak;
    r->n_allocs = c.n_allocs;
}
#else
/* Baseline: the same libc use (realloc/free), no fayasm. */
static PROBE_NOINLINE void run(int32_t n, size_t slots, uint32_t depth, probe_result *r)
{
    counter c = {0, 0, 0};
    void *p = count_alloc(&c, NULL, 0, slots * 8 + depth);
    p = count_alloc(&c, p, slots * 8 + depth, (size_t)n);
    count_alloc(&c, p, (size_t)n, 0);
    r->ok = 1;
    r->heap_peak = c.peak;
}
#endif

int main(int argc, char **argv)
{
    int32_t n = 20;
    size_t slots = 256;
    uint32_t depth = 64;
#if PROBE_PRINT
    if (argc > 1)
        n = (int32_t)atoi(argv[1]);
    if (argc > 2)
        slots = (size_t)atol(argv[2]);
    if (argc > 3)
        depth = (uint32_t)atol(argv[3]);
#else
    (void)argc;
    (void)argv;
#endif
    probe_result r;
    memset(&r, 0, sizeof r);
    stack_paint();
    run(n, slots, depth, &r);
    r.c_stack = stack_used();
    fa_probe_result = r;
#if PROBE_PRINT
    printf("value %ld\n", (long)r.value);
    printf("ok %d\n", r.ok);
    printf("stack_slots %lu\n", (unsigned long)slots);
    printf("call_depth %lu\n", (unsigned long)depth);
    printf("heap_peak %lu\n", (unsigned long)r.heap_peak);
    printf("heap_runtime %lu\n", (unsigned long)r.heap_runtime);
    printf("heap_module %lu\n", (unsigned long)r.heap_module);
    printf("heap_instance %lu\n", (unsigned long)r.heap_instance);
    printf("heap_call %lu\n", (unsigned long)r.heap_call);
    printf("heap_end %lu\n", (unsigned long)r.heap_end);
    printf("n_allocs %lu\n", (unsigned long)r.n_allocs);
    printf("c_stack %lu\n", (unsigned long)r.c_stack);
#endif
    return r.ok ? 0 : 1;
}
