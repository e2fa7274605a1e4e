/*
 * fmt.c - a small vsnprintf for messages (FAYASM_TINY_PRINTF builds).
 *
 * The C library's printf machinery is one of the larger things a bare-metal
 * build links (about 2.5 KiB of newlib-nano on a Cortex-M4) only to format
 * error and trap messages. This formatter knows what the sources use:
 * conversions s c d i u x X and %%, flags '-' and '0', a width, a precision
 * ('.N' or '.*', for %s), and the length modifiers l, ll and z (so PRIu32,
 * PRIu64 and PRIx64 work). Semantics are C's for those: the return value is
 * the length the full output would have, the buffer is always terminated
 * when size > 0. Anything else is copied through literally.
 */
#include "util/error.h"

#if FA_TINY_PRINTF

#include <stddef.h>
#include <string.h>

typedef struct fmt_out {
    char *buf;
    size_t size, n;
} fmt_out;

static void put(fmt_out *o, char c)
{
    if (o->n + 1 < o->size)
        o->buf[o->n] = c;
    o->n++;
}

static void put_padded(fmt_out *o, const char *s, size_t len, int width, int left, char pad)
{
    size_t w = width > 0 ? (size_t)width : 0;
    if (!left)
        for (; w > len; w--)
            put(o, pad);
    for (size_t i = 0; i < len; i++)
        put(o, s[i]);
    if (left)
        for (; w > len; w--)
            put(o, ' ');
}

int fa_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    fmt_out o = {buf, buf ? size : 0, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        const char *start = fmt++;
        int left = 0, zero = 0, width = 0, prec = -1, len = 0;
        for (;; fmt++) {
            if (*fmt == '-')
                left = 1;
            else if (*fmt == '0')
                zero = 1;
            else
                break;
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            fmt++;
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            }
            for (; *fmt >= '0' && *fmt <= '9'; fmt++)
                prec = prec * 10 + (*fmt - '0');
        }
        for (; *fmt == 'l'; fmt++)
            len++;
        if (*fmt == 'z') {
            len = 3;
            fmt++;
        }
        char tmp[24];
        char *end = tmp + sizeof tmp, *p = end;
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            size_t n = 0;
            while ((prec < 0 || n < (size_t)prec) && s[n])
                n++;
            put_padded(&o, s, n, width, left, ' ');
            continue;
        }
        case 'c':
            tmp[0] = (char)va_arg(ap, int);
            put_padded(&o, tmp, 1, width, left, ' ');
            continue;
        case '%': put(&o, '%'); continue;
        case 'd':
        case 'i': {
            long long v = len == 0   ? va_arg(ap, int)
                          : len == 1 ? va_arg(ap, long)
                          : len == 2 ? va_arg(ap, long long)
                                     : (long long)va_arg(ap, ptrdiff_t);
            unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
            do
                *--p = (char)('0' + u % 10);
            while (u /= 10);
            if (v < 0)
                *--p = '-';
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long u = len == 0   ? va_arg(ap, unsigned)
                                   : len == 1 ? va_arg(ap, unsigned long)
                                   : len == 2 ? va_arg(ap, unsigned long long)
                                              : va_arg(ap, size_t);
            unsigned base = *fmt == 'u' ? 10 : 16;
            const char *digits = *fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            do
                *--p = digits[u % base];
            while (u /= base);
            break;
        }
        default: /* unknown or cut short: copy it through */
            for (; start <= fmt && *start; start++)
                put(&o, *start);
            if (!*fmt)
                fmt--;
            continue;
        }
        put_padded(&o, p, (size_t)(end - p), width, left, zero && !left ? '0' : ' ');
    }
    if (o.size)
        o.buf[o.n < o.size ? o.n : o.size - 1] = '\0';
    return (int)o.n;
}

int fa_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fa_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int fa_fmt_unused_;
#endif
