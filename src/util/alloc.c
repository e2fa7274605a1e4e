/*
 * alloc.c - the allocation funnel: everything goes through rt->cfg.alloc.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE under -std=c11 */
#endif
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

#if defined(__linux__) && !FAYASM_BARE_METAL
#include <sys/mman.h>
#endif

static void *default_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    (void)user;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

static void *call_hook(fa_runtime *rt, void *ptr, size_t old_size, size_t new_size)
{
    if (rt && rt->cfg.alloc)
        return rt->cfg.alloc(rt->cfg.alloc_user, ptr, old_size, new_size);
    return default_alloc(NULL, ptr, old_size, new_size);
}

void *fa_malloc(fa_runtime *rt, size_t size)
{
    if (size == 0)
        size = 1;
    return call_hook(rt, NULL, 0, size);
}

void *fa_calloc(fa_runtime *rt, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    size_t total = n * size;
    void *p = fa_malloc(rt, total);
    if (p)
        memset(p, 0, total ? total : 1);
    return p;
}

void *fa_realloc(fa_runtime *rt, void *ptr, size_t old_size, size_t new_size)
{
    if (new_size == 0)
        new_size = 1;
    if (ptr && old_size == 0)
        old_size = 1; /* the block came from a zero-size request */
    return call_hook(rt, ptr, ptr ? old_size : 0, new_size);
}

void fa_free(fa_runtime *rt, void *ptr, size_t size)
{
    /* A zero-size request took one byte (fa_malloc), so the hook is told
     * the size it actually handed out. */
    if (ptr)
        call_hook(rt, ptr, size ? size : 1, 0);
}

char *fa_strndup(fa_runtime *rt, const char *s, size_t n)
{
    char *p = fa_malloc(rt, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *fa_strdup(fa_runtime *rt, const char *s)
{
    return fa_strndup(rt, s, strlen(s));
}

void fa_hint_huge(const fa_runtime *rt, void *p, size_t n)
{
#if defined(__linux__) && !FAYASM_BARE_METAL && defined(MADV_HUGEPAGE)
    if ((rt && rt->cfg.alloc) || !p || n < ((size_t)2 << 20))
        return;
    uintptr_t lo = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
    uintptr_t hi = ((uintptr_t)p + n) & ~(uintptr_t)4095;
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)rt;
    (void)p;
    (void)n;
#endif
}

void *fa_malloc_huge(fa_runtime *rt, size_t n)
{
#if defined(__linux__) && !FAYASM_BARE_METAL && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    void *p = NULL;
    if ((rt && rt->cfg.alloc) || n < huge)
        return fa_malloc(rt, n);
    if (posix_memalign(&p, huge, n) != 0)
        return NULL;
    fa_hint_huge(rt, p, n);
    return p;
#else
    return fa_malloc(rt, n);
#endif
}
