/*
 * values.c - text <-> fa_value for the command-line tools (see values.h).
 *
 * Floats are parsed with strtof/strtod directly into their own precision (never
 * through a wider type, which could round twice) and printed with the fewest
 * %g digits that read back to the same bits. NaNs and infinities are handled
 * here, before the C library sees them, so payloads survive exactly.
 */
#include "values.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- types */

static const struct {
    const char *name;
    fa_valtype type;
} type_names[] = {
    {"i32", FA_I32},
    {"i64", FA_I64},
    {"f32", FA_F32},
    {"f64", FA_F64},
    {"v128", FA_V128},
    {"funcref", FA_FUNCREF},
    {"externref", FA_EXTERNREF},
};

const char *fa_tool_valtype_name(fa_valtype t)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (type_names[i].type == t)
            return type_names[i].name;
    return "?";
}

int fa_tool_parse_valtype(const char *name, size_t len, fa_valtype *out)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++) {
        if (strlen(type_names[i].name) == len && memcmp(type_names[i].name, name, len) == 0) {
            *out = type_names[i].type;
            return 0;
        }
    }
    return -1;
}

/* ---------------------------------------------------------------- numbers */

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parses an unsigned decimal or 0x-hex number that must fill the whole string. */
static int parse_magnitude(const char *s, uint64_t *out)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return -1;
    uint64_t v = 0;
    for (; *s; s++) {
        int d = digit_value(*s);
        if (d < 0 || (unsigned)d >= base)
            return -1;
        if (v > (UINT64_MAX - (unsigned)d) / base)
            return -1;
        v = v * base + (unsigned)d;
    }
    *out = v;
    return 0;
}

int fa_tool_parse_int(const char *s, unsigned bits, uint64_t *out)
{
    int neg = 0;
    if (*s == '+' || *s == '-') {
        neg = *s == '-';
        s++;
    }
    uint64_t v;
    if (bits == 0 || bits > 64 || parse_magnitude(s, &v) != 0)
        return -1;
    uint64_t umax = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    if (neg) {
        if (v > (UINT64_C(1) << (bits - 1)))
            return -1;
        v = (0 - v) & umax;
    } else if (v > umax) {
        return -1;
    }
    *out = v;
    return 0;
}

/* ASCII case-insensitive equality. */
static int equals_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        if (x != *b)
            return 0;
    }
    return *a == *b;
}

/*
 * Parses a float of the given format (exp_mask/sig_mask describe it) into raw
 * bits. is64 selects strtod over strtof for ordinary numbers.
 */
static int parse_float(const char *text, int is64, uint64_t *out)
{
    const uint64_t sign_bit = is64 ? UINT64_C(1) << 63 : UINT64_C(1) << 31;
    const uint64_t exp_mask = is64 ? UINT64_C(0x7FF0000000000000) : UINT64_C(0x7F800000);
    const uint64_t sig_mask = is64 ? UINT64_C(0x000FFFFFFFFFFFFF) : UINT64_C(0x007FFFFF);
    const char *s = text;
    uint64_t sign = 0;
    if (*s == '+' || *s == '-') {
        sign = *s == '-' ? sign_bit : 0;
        s++;
    }
    if (equals_nocase(s, "inf") || equals_nocase(s, "infinity")) {
        *out = sign | exp_mask;
        return 0;
    }
    if ((s[0] == 'n' || s[0] == 'N') && (s[1] == 'a' || s[1] == 'A') &&
        (s[2] == 'n' || s[2] == 'N')) {
        uint64_t payload = (sig_mask >> 1) + 1; /* canonical: only the quiet bit */
        if (s[3] == ':') {
            if (s[4] != '0' || (s[5] != 'x' && s[5] != 'X') || parse_magnitude(s + 4, &payload))
                return -1;
        } else if (s[3] != '\0') {
            return -1;
        }
        if (payload == 0 || payload > sig_mask)
            return -1;
        *out = sign | exp_mask | payload;
        return 0;
    }
    /* Only plain numbers reach the C library (it would also take "nan(...)",
     * leading spaces, ...). */
    if (!((*s >= '0' && *s <= '9') || *s == '.'))
        return -1;
    char *end;
    errno = 0;
    if (is64) {
        double d = strtod(text, &end);
        if (end == text || *end != '\0')
            return -1;
        uint64_t b;
        memcpy(&b, &d, sizeof b);
        if (errno == ERANGE && (b & ~sign_bit) == exp_mask)
            return -1; /* overflow */
        *out = b;
    } else {
        float f = strtof(text, &end);
        if (end == text || *end != '\0')
            return -1;
        uint32_t b;
        memcpy(&b, &f, sizeof b);
        if (errno == ERANGE && (b & ~(uint32_t)sign_bit) == exp_mask)
            return -1;
        *out = b;
    }
    return 0;
}

int fa_tool_parse_f32(const char *s, uint32_t *bits)
{
    uint64_t b;
    if (parse_float(s, 0, &b) != 0)
        return -1;
    *bits = (uint32_t)b;
    return 0;
}

int fa_tool_parse_f64(const char *s, uint64_t *bits)
{
    return parse_float(s, 1, bits);
}

/* ---------------------------------------------------------------- v128 */

static void put_lane(uint8_t *bytes, unsigned lane, unsigned lane_bytes, uint64_t v)
{
    for (unsigned k = 0; k < lane_bytes; k++)
        bytes[lane * lane_bytes + k] = (uint8_t)(v >> (8 * k));
}

static int parse_v128(const char *s, fa_v128 *out)
{
    memset(out->bytes, 0, sizeof out->bytes);
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        size_t n = strlen(s + 2);
        if (n == 0 || n > 32)
            return -1;
        /* the last hex digit is the lowest nibble of byte 0 */
        for (size_t i = 0; i < n; i++) {
            int d = digit_value(s[2 + n - 1 - i]);
            if (d < 0)
                return -1;
            out->bytes[i / 2] |= (uint8_t)(d << (4 * (i % 2)));
        }
        return 0;
    }
    static const struct {
        const char *name;
        unsigned lanes, bits, is_float;
    } shapes[] = {{"i8x16", 16, 8, 0}, {"i16x8", 8, 16, 0}, {"i32x4", 4, 32, 0},
                  {"i64x2", 2, 64, 0}, {"f32x4", 4, 32, 1}, {"f64x2", 2, 64, 1}};
    const char *colon = strchr(s, ':');
    if (!colon)
        return -1;
    size_t shape_len = (size_t)(colon - s);
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        if (strlen(shapes[i].name) != shape_len || memcmp(shapes[i].name, s, shape_len) != 0)
            continue;
        const char *p = colon + 1;
        for (unsigned lane = 0; lane < shapes[i].lanes; lane++) {
            char piece[64];
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            if (n == 0 || n >= sizeof piece)
                return -1;
            if ((lane + 1 < shapes[i].lanes) != (comma != NULL))
                return -1; /* too few or too many lanes */
            memcpy(piece, p, n);
            piece[n] = '\0';
            uint64_t v;
            int rc;
            if (!shapes[i].is_float) {
                rc = fa_tool_parse_int(piece, shapes[i].bits, &v);
            } else if (shapes[i].bits == 32) {
                uint32_t b32 = 0;
                rc = fa_tool_parse_f32(piece, &b32);
                v = b32;
            } else {
                rc = fa_tool_parse_f64(piece, &v);
            }
            if (rc != 0)
                return -1;
            put_lane(out->bytes, lane, shapes[i].bits / 8, v);
            p = comma ? comma + 1 : p + n;
        }
        return 0;
    }
    return -1;
}

/* ---------------------------------------------------------------- values */

void *fa_tool_externref(uint64_t n)
{
    return (void *)(uintptr_t)(n + 1);
}

uint64_t fa_tool_externref_index(const void *p)
{
    return (uint64_t)(uintptr_t)p - 1;
}

int fa_tool_parse_typed(fa_valtype t, const char *text, fa_value *out, char *err, size_t errlen)
{
    uint64_t v = 0;
    int rc = -1;
    memset(out, 0, sizeof *out);
    out->type = t;
    switch (t) {
    case FA_I32: /* stored through the unsigned union member: i32 reads it back as
                    two's complement without an implementation-defined conversion */
        rc = fa_tool_parse_int(text, 32, &v);
        out->of.f32_bits = (uint32_t)v;
        break;
    case FA_I64:
        rc = fa_tool_parse_int(text, 64, &v);
        out->of.f64_bits = v;
        break;
    case FA_F32: {
        uint32_t b = 0;
        rc = fa_tool_parse_f32(text, &b);
        out->of.f32_bits = b;
        break;
    }
    case FA_F64:
        rc = fa_tool_parse_f64(text, &v);
        out->of.f64_bits = v;
        break;
    case FA_V128: rc = parse_v128(text, &out->of.v128); break;
    case FA_FUNCREF:
        rc = strcmp(text, "null") == 0 ? 0 : -1;
        out->of.funcref = NULL;
        break;
    case FA_EXTERNREF:
        if (strcmp(text, "null") == 0) {
            out->of.externref = NULL;
            rc = 0;
        } else if (text[0] != '-' && text[0] != '+' && parse_magnitude(text, &v) == 0 &&
                   v < (uint64_t)UINTPTR_MAX) {
            out->of.externref = fa_tool_externref(v);
            rc = 0;
        }
        break;
    }
    if (rc != 0 && err && errlen) {
        if (t == FA_FUNCREF)
            snprintf(err, errlen, "invalid funcref value \"%s\" (only null can be given)", text);
        else
            snprintf(err, errlen, "invalid %s value \"%s\"", fa_tool_valtype_name(t), text);
    }
    return rc;
}

int fa_tool_parse_value(const char *text, fa_valtype default_type, fa_value *out, char *err,
                        size_t errlen)
{
    const char *colon = strchr(text, ':');
    fa_valtype t;
    if (colon && fa_tool_parse_valtype(text, (size_t)(colon - text), &t) == 0)
        return fa_tool_parse_typed(t, colon + 1, out, err, errlen);
    if (default_type)
        return fa_tool_parse_typed(default_type, text, out, err, errlen);
    if (err && errlen)
        snprintf(err, errlen, "invalid value \"%s\" (expected TYPE:VALUE, e.g. i32:7)", text);
    return -1;
}

char *fa_tool_format_f32(uint32_t bits, char *buf, size_t len)
{
    const char *sign = (bits >> 31) ? "-" : "";
    if ((bits & 0x7F800000u) == 0x7F800000u) {
        uint32_t payload = bits & 0x007FFFFFu;
        if (payload == 0)
            snprintf(buf, len, "%sinf", sign);
        else if (payload == 0x00400000u)
            snprintf(buf, len, "%snan", sign);
        else
            snprintf(buf, len, "%snan:0x%" PRIx32, sign, payload);
        return buf;
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    for (int prec = 1; prec <= 9; prec++) { /* 9 digits always round-trip a float */
        snprintf(buf, len, "%.*g", prec, (double)f);
        float back = strtof(buf, NULL);
        if (memcmp(&back, &f, sizeof f) == 0)
            break;
    }
    return buf;
}

char *fa_tool_format_f64(uint64_t bits, char *buf, size_t len)
{
    const char *sign = (bits >> 63) ? "-" : "";
    if ((bits & UINT64_C(0x7FF0000000000000)) == UINT64_C(0x7FF0000000000000)) {
        uint64_t payload = bits & UINT64_C(0x000FFFFFFFFFFFFF);
        if (payload == 0)
            snprintf(buf, len, "%sinf", sign);
        else if (payload == UINT64_C(0x0008000000000000))
            snprintf(buf, len, "%snan", sign);
        else
            snprintf(buf, len, "%snan:0x%" PRIx64, sign, payload);
        return buf;
    }
    double d;
    memcpy(&d, &bits, sizeof d);
    for (int prec = 1; prec <= 17; prec++) { /* 17 digits always round-trip a double */
        snprintf(buf, len, "%.*g", prec, d);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &d, sizeof d) == 0)
            break;
    }
    return buf;
}

char *fa_tool_format_value(const fa_value *v, char *buf, size_t len)
{
    switch (v->type) {
    case FA_I32: snprintf(buf, len, "%" PRId32, v->of.i32); break;
    case FA_I64: snprintf(buf, len, "%" PRId64, v->of.i64); break;
    case FA_F32: fa_tool_format_f32(v->of.f32_bits, buf, len); break;
    case FA_F64: fa_tool_format_f64(v->of.f64_bits, buf, len); break;
    case FA_V128: {
        uint32_t lane[4];
        for (int i = 0; i < 4; i++) {
            const uint8_t *b = v->of.v128.bytes + 4 * i;
            lane[i] =
                (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        }
        snprintf(buf, len, "i32x4:0x%08" PRIx32 ",0x%08" PRIx32 ",0x%08" PRIx32 ",0x%08" PRIx32,
                 lane[0], lane[1], lane[2], lane[3]);
        break;
    }
    case FA_FUNCREF: snprintf(buf, len, "%s", v->of.funcref ? "ref" : "null"); break;
    case FA_EXTERNREF: snprintf(buf, len, "%s", v->of.externref ? "ref" : "null"); break;
    default: snprintf(buf, len, "?"); break;
    }
    return buf;
}
