/*
 * memory.c - linear memories: create, grow, bounds-checked host access
 * (spec 4.2.8 memory instances, 4.5.3.3 alloc, 4.5.3.8 grow), and host
 * memories whose bytes live in a buffer the embedder owns.
 *
 * Data structure: fa_memory (runtime.h). data holds size bytes; size is
 * always pages * 64 KiB and fits in size_t; data is never NULL (a 0-page
 * memory owns a 1-byte block) so nothing has to special-case memcpy(NULL).
 * max_pages is the effective limit: the type's max if any, the index type's
 * bound (65536 pages for i32, 2^48 for i64), and fa_config.max_memory_pages
 * when non-zero. New bytes are always zero.
 *
 * A host memory (host_buf) borrows data: capacity bytes the embedder
 * allocated, size <= capacity. It grows in place up to the capacity and
 * past it through the host's callback; the runtime never frees its buffer.
 * The interpreter caches memory 0's data/size in locals and reloads them
 * after calls, host calls and memory.grow, which is what makes
 * fa_memory_rebind safe from inside a host function.
 */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"
#include "util/alloc.h"

#define PAGE ((uint64_t)FA_PAGE_SIZE)
#define MAX_PAGES_I32 ((uint64_t)65536)
#define MAX_PAGES_I64 ((uint64_t)1 << 48)

/* Bytes of the block behind m->data. */
static size_t block_size(const fa_memory *m)
{
    return m->size ? (size_t)m->size : 1;
}

static uint64_t effective_max(const fa_runtime *rt, const fa_memtype *type)
{
    uint64_t max = type->limits.is64 ? MAX_PAGES_I64 : MAX_PAGES_I32;
    if (type->limits.has_max && type->limits.max < max)
        max = type->limits.max;
    if (rt->cfg.max_memory_pages && rt->cfg.max_memory_pages < max)
        max = rt->cfg.max_memory_pages;
    return max;
}

/* Huge pages for a large memory of the default allocator (fa_hint_huge):
 * programs that touch a big table at random (hashmap) miss the TLB far
 * less. Only after a grow, whose new bytes are zeroed (touched) anyway, so
 * the hint costs no resident memory; memories under 8 MiB are left alone. */
#define HUGE_HINT_MIN ((size_t)8 << 20)
static void hint_huge(const fa_memory *m)
{
    if (!m->host_buf && (size_t)m->size >= HUGE_HINT_MIN)
        fa_hint_huge(m->rt, m->data, (size_t)m->size);
}

/* A zeroed block of n bytes. With the default allocator use calloc, whose
 * fresh pages come zeroed from the OS without being touched (a large initial
 * memory costs nothing until used); same allocator, so the hook's free and
 * realloc still apply. */
static uint8_t *alloc_zeroed(fa_runtime *rt, size_t n)
{
    if (!rt->cfg.alloc)
        return calloc(1, n);
    uint8_t *p = fa_malloc(rt, n);
    if (p)
        memset(p, 0, n);
    return p;
}

fa_memory *fa_memory_create(fa_runtime *rt, const fa_memtype *type)
{
    uint64_t pages = type->limits.min;
    uint64_t max = effective_max(rt, type);
    if (pages > max || pages > SIZE_MAX / PAGE)
        return NULL;
    fa_memory *m = fa_calloc(rt, 1, sizeof *m);
    if (!m)
        return NULL;
    m->rt = rt;
    m->pages = pages;
    m->size = pages * PAGE;
    m->max_pages = max;
    m->type = *type;
    m->data = alloc_zeroed(rt, block_size(m));
    if (!m->data) {
        fa_free(rt, m, sizeof *m);
        return NULL;
    }
    fa_object_link(rt, &m->obj, FA_OBJ_MEMORY);
    return m;
}

/* A host memory's buffer for new_size bytes: in place within the capacity,
 * else from the host's callback (which keeps the contents). NULL if not. */
static uint8_t *host_grow(fa_memory *m, size_t new_size)
{
    if (new_size <= m->capacity)
        return m->data;
    if (!m->host_grow)
        return NULL;
    size_t cap = 0;
    uint8_t *data = m->host_grow(m->host_user, m->data, (size_t)m->size, new_size, &cap);
    if (!data)
        return NULL;
    m->capacity = cap >= new_size ? cap : new_size;
    return data;
}

uint64_t fa_memory_grow_pages(fa_memory *m, uint64_t delta)
{
    uint64_t old = m->pages;
    if (delta == 0)
        return old;
    if (delta > m->max_pages || old > m->max_pages - delta)
        return (uint64_t)-1;
    uint64_t pages = old + delta;
    if (pages > SIZE_MAX / PAGE)
        return (uint64_t)-1; /* 32-bit host: the bytes would not fit in size_t */
    size_t new_size = (size_t)(pages * PAGE);
    uint8_t *data;
    if (m->host_buf) {
        data = host_grow(m, new_size);
    } else {
        data = fa_realloc(m->rt, m->data, block_size(m), new_size);
    }
    if (!data)
        return (uint64_t)-1;
    m->data = data;
    uint64_t old_size = m->size;
    m->size = pages * PAGE;
    hint_huge(m); /* before the new bytes are first touched */
    memset(data + old_size, 0, new_size - (size_t)old_size);
    m->pages = pages;
    m->type.limits.min = pages;
    return old;
}

void fa_memory_destroy(fa_memory *m)
{
    if (!m)
        return;
    fa_runtime *rt = m->rt;
    if (!m->host_buf)
        fa_free(rt, m->data, block_size(m));
    fa_free(rt, m, sizeof *m);
}

/* ------------------------------------------------------------ public API */

fa_memory *fa_memory_new(fa_runtime *rt, const fa_limits *limits)
{
    if (!rt || !limits)
        return NULL;
    uint64_t bound = limits->is64 ? MAX_PAGES_I64 : MAX_PAGES_I32;
    if (limits->min > bound ||
        (limits->has_max && (limits->max > bound || limits->max < limits->min)))
        return NULL;
    fa_memtype t;
    memset(&t, 0, sizeof t);
    t.limits.min = limits->min;
    t.limits.max = limits->has_max ? limits->max : 0;
    t.limits.has_max = limits->has_max ? 1 : 0;
    t.limits.is64 = limits->is64 ? 1 : 0;
    return fa_memory_create(rt, &t);
}

fa_memory *fa_memory_new_host(fa_runtime *rt, const fa_limits *limits, void *data, size_t capacity,
                              fa_memory_grow_fn grow, void *user)
{
    if (!rt || !limits || !data)
        return NULL;
    uint64_t bound = limits->is64 ? MAX_PAGES_I64 : MAX_PAGES_I32;
    if (limits->min > bound ||
        (limits->has_max && (limits->max > bound || limits->max < limits->min)))
        return NULL;
    if (limits->min > (uint64_t)capacity / PAGE)
        return NULL;
    fa_memtype t;
    memset(&t, 0, sizeof t);
    t.limits.min = limits->min;
    t.limits.max = limits->has_max ? limits->max : 0;
    t.limits.has_max = limits->has_max ? 1 : 0;
    t.limits.is64 = limits->is64 ? 1 : 0;
    uint64_t max = effective_max(rt, &t);
    if (t.limits.min > max)
        return NULL;
    fa_memory *m = fa_calloc(rt, 1, sizeof *m);
    if (!m)
        return NULL;
    m->rt = rt;
    m->pages = t.limits.min;
    m->size = m->pages * PAGE;
    m->max_pages = max;
    m->type = t;
    m->data = data;
    m->host_buf = 1;
    m->capacity = capacity;
    m->host_grow = grow;
    m->host_user = user;
    fa_object_link(rt, &m->obj, FA_OBJ_MEMORY);
    return m;
}

fa_result fa_memory_rebind(fa_memory *m, void *data, size_t capacity)
{
    if (!m || !m->host_buf || !data || capacity < m->size)
        return FA_ERR_ARG;
    m->data = data;
    m->capacity = capacity;
    return FA_OK;
}

uint8_t *fa_memory_ptr(fa_memory *m, uint64_t offset, uint64_t len)
{
    if (!m || offset > m->size || len > m->size - offset)
        return NULL;
    return m->data + (size_t)offset;
}

uint64_t fa_memory_size(const fa_memory *m)
{
    return m ? m->size : 0;
}

uint8_t *fa_memory_data(fa_memory *m)
{
    return m ? m->data : NULL;
}

fa_result fa_memory_type(const fa_memory *m, fa_limits *out)
{
    if (!m || !out)
        return FA_ERR_ARG;
    out->min = m->pages;
    out->max = m->type.limits.has_max ? m->type.limits.max : 0;
    out->has_max = m->type.limits.has_max;
    out->is64 = m->type.limits.is64;
    return FA_OK;
}

static int in_bounds(const fa_memory *m, uint64_t offset, size_t len)
{
    return offset <= m->size && (uint64_t)len <= m->size - offset;
}

fa_result fa_memory_read(const fa_memory *m, uint64_t offset, void *dst, size_t len)
{
    if (!m || (!dst && len) || !in_bounds(m, offset, len))
        return FA_ERR_ARG;
    if (len)
        memcpy(dst, m->data + (size_t)offset, len);
    return FA_OK;
}

fa_result fa_memory_write(fa_memory *m, uint64_t offset, const void *src, size_t len)
{
    if (!m || (!src && len) || !in_bounds(m, offset, len))
        return FA_ERR_ARG;
    if (len)
        memcpy(m->data + (size_t)offset, src, len);
    return FA_OK;
}

fa_result fa_memory_grow(fa_memory *m, uint64_t delta_pages, uint64_t *old_pages)
{
    if (!m)
        return FA_ERR_ARG;
    if (delta_pages > m->max_pages || m->pages > m->max_pages - delta_pages)
        return FA_ERR_ARG; /* beyond the memory's maximum */
    uint64_t old = fa_memory_grow_pages(m, delta_pages);
    if (old == (uint64_t)-1)
        return FA_ERR_OOM;
    if (old_pages)
        *old_pages = old;
    return FA_OK;
}
