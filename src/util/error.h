/*
 * error.h - filling fa_error: one idiom for every stage.
 */
#ifndef FA_UTIL_ERROR_H
#define FA_UTIL_ERROR_H

#include <stdarg.h>
#include <stdint.h>

#include "fayasm.h"

/* Sets err (may be NULL) and returns code. printf-style message. */
fa_result fa_error_set(fa_error *err, fa_result code, uint64_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void fa_error_clear(fa_error *err);

/* Message formatting. FAYASM_TINY_PRINTF (fayasm_config.h; on by default on
 * bare metal) swaps the C library's vsnprintf for fayasm's own (fmt.c),
 * which knows just the conversions the sources use; otherwise these are
 * the C library's. Same arguments and result as vsnprintf/snprintf. */
#if defined(FAYASM_TINY_PRINTF) && FAYASM_TINY_PRINTF
#define FA_TINY_PRINTF 1
#include <stddef.h>
int fa_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fa_snprintf(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
#else
#define FA_TINY_PRINTF 0
#include <stdio.h>
#define fa_vsnprintf vsnprintf
#define fa_snprintf snprintf
#endif

/* Propagation idiom: TRY(expr) returns the fa_result of expr if not FA_OK. */
#define FA_TRY(expr)                \
    do {                            \
        fa_result fa_try_r_ = (expr); \
        if (fa_try_r_ != FA_OK)     \
            return fa_try_r_;       \
    } while (0)

#endif
