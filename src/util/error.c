/*
 * error.c - filling fa_error.
 */
#include "util/error.h"

#include <stdio.h>
#include <string.h>

fa_result fa_error_set(fa_error *err, fa_result code, uint64_t offset, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        err->trap = FA_TRAP_NONE;
        err->exit_code = 0;
        err->offset = offset;
        va_start(ap, fmt);
        fa_vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void fa_error_clear(fa_error *err)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->offset = FA_NO_OFFSET;
    }
}
