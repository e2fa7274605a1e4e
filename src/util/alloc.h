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

#endif
