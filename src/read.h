/*
 * read.h - bounds-checked byte reader and LEB128 decoding.
 *
 * The only code that touches raw module bytes. Every read checks the end;
 * on failure the reader records the first error (spec wording) and its
 * offset, and all further reads return 0, so a stage can read a whole
 * construct and test `r->err` once (the Lua/toywasm "sticky error" idiom).
 *
 * Spec 5.2.2: LEB128 integers may not be longer than ceil(N/7) bytes, and the
 * unused bits of the last byte must be a sign extension (signed) or zero
 * (unsigned): "integer representation too long" / "integer too large".
 */
#ifndef FA_READ_H
#define FA_READ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct fa_reader {
    const uint8_t *base; /* start of the whole module (offsets count from here) */
    const uint8_t *p;
    const uint8_t *end;
    const char *err;     /* first error message, NULL if none */
    size_t err_off;
} fa_reader;

static inline void fa_reader_init(fa_reader *r, const uint8_t *base, size_t start, size_t end)
{
    r->base = base;
    r->p = base + start;
    r->end = base + end;
    r->err = NULL;
    r->err_off = 0;
}

static inline size_t fa_reader_off(const fa_reader *r) { return (size_t)(r->p - r->base); }
static inline size_t fa_reader_left(const fa_reader *r) { return (size_t)(r->end - r->p); }
static inline int fa_reader_eof(const fa_reader *r) { return r->p >= r->end; }

/* Records the first error only; moves p to end so later reads fail fast. */
static inline void fa_reader_fail(fa_reader *r, const char *msg)
{
    if (!r->err) {
        r->err = msg;
        r->err_off = fa_reader_off(r);
    }
    r->p = r->end;
}

static inline uint8_t fa_read_u8(fa_reader *r)
{
    if (r->p >= r->end) {
        fa_reader_fail(r, "unexpected end");
        return 0;
    }
    return *r->p++;
}

/* Returns a pointer to n bytes and skips them, or NULL ("unexpected end"). */
static inline const uint8_t *fa_read_bytes(fa_reader *r, size_t n)
{
    if (fa_reader_left(r) < n) {
        fa_reader_fail(r, "unexpected end");
        return NULL;
    }
    const uint8_t *q = r->p;
    r->p += n;
    return q;
}

static inline uint64_t fa_read_uleb(fa_reader *r, unsigned bits)
{
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
        if (r->p >= r->end) {
            fa_reader_fail(r, "unexpected end");
            return 0;
        }
        uint8_t b = *r->p++;
        if (shift + 7 >= bits && shift < 64) {
            /* last permitted byte: no continuation, unused bits zero */
            unsigned used = bits - shift;
            if (b & 0x80) {
                r->p--;
                fa_reader_fail(r, "integer representation too long");
                return 0;
            }
            if (used < 7 && (b >> used) != 0) {
                r->p--;
                fa_reader_fail(r, "integer too large");
                return 0;
            }
            return result | ((uint64_t)b << shift);
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return result;
        shift += 7;
    }
}

static inline int64_t fa_read_sleb(fa_reader *r, unsigned bits)
{
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
        if (r->p >= r->end) {
            fa_reader_fail(r, "unexpected end");
            return 0;
        }
        uint8_t b = *r->p++;
        if (shift + 7 >= bits) {
            /* last permitted byte: no continuation; the bits beyond `bits`
             * must all equal the sign bit */
            unsigned used = bits - shift; /* 1..7 value bits in this byte */
            if (b & 0x80) {
                r->p--;
                fa_reader_fail(r, "integer representation too long");
                return 0;
            }
            if (used < 7) {
                int sign = (b >> (used - 1)) & 1;
                uint8_t rest = (uint8_t)((b & 0x7F) >> used);
                uint8_t want = sign ? (uint8_t)(0x7F >> used) : 0;
                if (rest != want) {
                    r->p--;
                    fa_reader_fail(r, "integer too large");
                    return 0;
                }
            }
            result |= (uint64_t)(b & 0x7F) << shift;
            shift += 7;
            if (shift < 64 && (b & 0x40))
                result |= ~(uint64_t)0 << shift;
            return (int64_t)result;
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (shift < 64 && (b & 0x40))
                result |= ~(uint64_t)0 << shift;
            return (int64_t)result;
        }
    }
}

static inline uint32_t fa_read_u32(fa_reader *r) { return (uint32_t)fa_read_uleb(r, 32); }
static inline uint64_t fa_read_u64(fa_reader *r) { return fa_read_uleb(r, 64); }
static inline int32_t fa_read_s32(fa_reader *r) { return (int32_t)fa_read_sleb(r, 32); }
static inline int64_t fa_read_s64(fa_reader *r) { return fa_read_sleb(r, 64); }
/* Block types are s33. */
static inline int64_t fa_read_s33(fa_reader *r) { return fa_read_sleb(r, 33); }

/* Little-endian fixed-width reads (float immediates); memcpy-free of alignment issues. */
static inline uint32_t fa_read_fixed32(fa_reader *r)
{
    const uint8_t *q = fa_read_bytes(r, 4);
    if (!q)
        return 0;
    return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}

static inline uint64_t fa_read_fixed64(fa_reader *r)
{
    uint64_t lo = fa_read_fixed32(r);
    uint64_t hi = fa_read_fixed32(r);
    return lo | hi << 32;
}

#endif /* FA_READ_H */
