/*
 * fuzz_common.h - pieces shared by the libFuzzer targets (fuzz_load.c, fuzz_run.c).
 *
 * Stage: test harness over the public API only (include/fayasm.h), as an
 * embedder running untrusted modules would use it. Main data structure: a
 * per-input allocator state (fuzz_heap) handed to the runtime's allocator hook.
 *
 * Invariants the targets check on every input, besides "no crash, no
 * sanitizer report, no hang":
 *   - every fa_result is one of the documented codes, and an error comes with
 *     a terminated, non-empty message;
 *   - every byte the runtime allocated through the hook is returned by
 *     fa_runtime_free (no leak, even after an injected allocation failure);
 *   - no single allocation is larger than FUZZ_MAX_ALLOC: a small module must
 *     not make the runtime ask for a huge block (declared counts are checked
 *     against the bytes that remain before anything is reserved for them).
 *
 * Budget: at most FUZZ_HEAP_BUDGET bytes live at once; past it the hook
 * refuses, like an embedder capping a guest's memory.
 *
 * Allocation-failure injection: for one input in four (chosen by a hash of
 * the input, so a crash reproduces exactly) the hook fails the k-th
 * allocation, k also taken from the hash. The runtime must turn that into
 * FA_ERR_OOM (or a trap) and still free everything.
 *
 * No global mutable state here either: each input builds its own heap state.
 */
#ifndef FAYASM_FUZZ_COMMON_H
#define FAYASM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"

/* Largest single block the runtime may request while fuzzing (bytes). The
 * limits the targets set (memory pages, stack) keep legitimate blocks far below. */
#define FUZZ_MAX_ALLOC ((size_t)256 << 20)

/* What an embedder bounding a guest's memory does: the hook refuses to let
 * the runtime hold more than this many bytes at once (max_memory_pages and
 * max_table_elems bound each memory and table, not their number).
 * Refusals must end in FA_ERR_OOM, a failed memory.grow/table.grow (-1) or
 * a trap, never a crash. */
#define FUZZ_HEAP_BUDGET ((long long)8 << 20)

typedef union fuzz_block {
    size_t size;
    max_align_t align;
} fuzz_block;

typedef struct fuzz_heap {
    long live_blocks;
    long long live_bytes;
    unsigned long n_allocs; /* successful fresh allocations so far */
    unsigned long fail_at;  /* 0 = never; else fail the fail_at-th allocation */
    int failed;             /* an allocation was refused (injected or over budget) */
} fuzz_heap;

/* FNV-1a over the input: picks the failure-injection point. */
static inline uint64_t fuzz_hash(const uint8_t *data, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= data[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static inline void fuzz_heap_init(fuzz_heap *heap, const uint8_t *data, size_t len)
{
    memset(heap, 0, sizeof *heap);
    uint64_t h = fuzz_hash(data, len);
    if ((h & 3) == 0)
        heap->fail_at = 1 + (unsigned long)((h >> 2) % 64);
}

static inline void fuzz_die(const char *what)
{
    fprintf(stderr, "fuzz invariant violated: %s\n", what);
    abort();
}

/* The allocator hook (realloc semantics, see fa_alloc_fn). */
static inline void *fuzz_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    fuzz_heap *heap = user;
    fuzz_block *b = ptr ? (fuzz_block *)ptr - 1 : NULL;
    if (b && b->size != old_size) {
        fprintf(stderr, "block of %zu bytes resized/freed as %zu bytes\n", b->size, old_size);
        fuzz_die("allocator hook: old_size differs from the size allocated");
    }
    if (new_size == 0) {
        if (b) {
            heap->live_blocks--;
            heap->live_bytes -= (long long)b->size;
            free(b);
        }
        return NULL;
    }
    if (new_size > FUZZ_MAX_ALLOC) {
        fprintf(stderr, "allocation of %zu bytes requested\n", new_size);
        fuzz_die("runtime asked for a block larger than FUZZ_MAX_ALLOC");
    }
    if (heap->fail_at && !b && ++heap->n_allocs == heap->fail_at) {
        heap->failed = 1;
        return NULL;
    }
    if (heap->live_bytes + (long long)new_size - (long long)(b ? b->size : 0) > FUZZ_HEAP_BUDGET) {
        heap->failed = 1;
        return NULL;
    }
    size_t old = b ? b->size : 0;
    fuzz_block *n = realloc(b, sizeof(fuzz_block) + new_size);
    if (!n)
        return NULL;
    if (!b)
        heap->live_blocks++;
    heap->live_bytes += (long long)new_size - (long long)old;
    n->size = new_size;
    return n + 1;
}

static inline void fuzz_check_heap_clean(const fuzz_heap *heap)
{
    if (heap->live_blocks != 0 || heap->live_bytes != 0) {
        fprintf(stderr, "%ld blocks (%lld bytes) still allocated after fa_runtime_free\n",
                heap->live_blocks, heap->live_bytes);
        fuzz_die("leak through the allocator hook");
    }
}

/* Checks an error report after a call returned r. */
static inline void fuzz_check_error(fa_result r, const fa_error *err)
{
    if ((int)r < (int)FA_OK || (int)r > (int)FA_ERR_UNSUPPORTED)
        fuzz_die("result code out of range");
    if (r == FA_OK)
        return;
    if (err->code != r)
        fuzz_die("err.code differs from the returned result");
    if (!memchr(err->message, '\0', sizeof err->message))
        fuzz_die("error message not terminated");
    if (err->message[0] == '\0')
        fuzz_die("empty error message");
    if (r == FA_ERR_TRAP && ((int)err->trap <= (int)FA_TRAP_NONE || err->trap >= FA_TRAP_COUNT))
        fuzz_die("trap result without a valid trap code");
}

#endif /* FAYASM_FUZZ_COMMON_H */
