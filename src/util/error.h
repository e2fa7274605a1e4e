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

/* Propagation idiom: TRY(expr) returns the fa_result of expr if not FA_OK. */
#define FA_TRY(expr)                \
    do {                            \
        fa_result fa_try_r_ = (expr); \
        if (fa_try_r_ != FA_OK)     \
            return fa_try_r_;       \
    } while (0)

#endif
