/*
 * alloc.h - every allocation of the runtime goes through the runtime's hook.
 *
 * fa_malloc/fa_calloc/fa_realloc/fa_free take the runtime so that an
 * embedder's allocator (fa_config.alloc) sees every byte. Sizes are tracked by
 * the caller (the hook wants old_size), which all our containers know anyway.
 */
#ifndef FA_UTIL_ALLOC_H
#define FA_UTIL_ALLOC_H

#include <stddef.h>

#include "fayasm.h"

void *fa_malloc(fa_runtime *rt, size_t size);
void *fa_calloc(fa_runtime *rt, size_t n, size_t size); /* zeroed, overflow-checked */
void *fa_realloc(fa_runtime *rt, void *ptr, size_t old_size, size_t new_size);
void fa_free(fa_runtime *rt, void *ptr, size_t size);
char *fa_strdup(fa_runtime *rt, const char *s); /* free with fa_free(rt, p, strlen(p)+1) */
char *fa_strndup(fa_runtime *rt, const char *s, size_t n);

/* Asks the OS to back the block [p, p + n) with huge pages (Linux
 * transparent huge pages in "madvise" mode), for a large block of the
 * default allocator that is about to be written (a module file read in,
 * a memory grown): one fault per 2 MiB instead of one per 4 KiB, and fewer
 * TLB misses after. Only a hint; does nothing for a block of an embedder's
 * allocator, under 2 MiB, or off Linux. */
void fa_hint_huge(const fa_runtime *rt, void *p, size_t n);
/* fa_malloc for a large block about to be written in full (a module file
 * read in): with the default allocator on Linux it is 2 MiB aligned and
 * hinted as above, so every 2 MiB of it can be one huge page (an unaligned
 * block loses the pages at its ends and, measured, half the gain). Freed
 * and resized with fa_free/fa_realloc like any other. */
void *fa_malloc_huge(fa_runtime *rt, size_t n);

#endif
