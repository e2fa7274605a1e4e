/*
 * spec_values.c - parsing and comparing wast2json values (see spec_values.h).
 *
 * Bit patterns are moved with explicit shifts and memcpy, so the result is
 * the same on little- and big-endian hosts (v128 bytes are little-endian lane
 * order, as the public fa_v128 defines).
 */
#include "spec_values.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void *sv_extern_ptr(uint64_t n)
{
    return (void *)(uintptr_t)(n + 1);
}

const char *sv_type_name(fa_valtype t)
{
    switch (t) {
    case FA_I32: return "i32";
    case FA_I64: return "i64";
    case FA_F32: return "f32";
    case FA_F64: return "f64";
    case FA_V128: return "v128";
    case FA_FUNCREF: return "funcref";
    case FA_EXTERNREF: return "externref";
    }
    return "?";
}

/* Decimal unsigned bit pattern (a leading '-' wraps, for robustness). */
static int parse_u64(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;
    int neg = 0;
    if (len > 0 && s[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i == len)
        return -1;
    for (; i < len; i++) {
        unsigned d;
        if (s[i] < '0' || s[i] > '9')
            return -1;
        d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = neg ? 0 - v : v;
    return 0;
}

static int nan_rule(const char *s, sv_match *m)
{
    if (strcmp(s, "nan:canonical") == 0) {
        *m = SV_NAN_CANONICAL;
        return 1;
    }
    if (strcmp(s, "nan:arithmetic") == 0) {
        *m = SV_NAN_ARITHMETIC;
        return 1;
    }
    return 0;
}

static void put_lane(fa_v128 *v, unsigned lane, unsigned bits, uint64_t x)
{
    unsigned bytes = bits / 8, i;
    for (i = 0; i < bytes; i++)
        v->bytes[lane * bytes + i] = (uint8_t)(x >> (8 * i));
}

static uint64_t get_lane(const fa_v128 *v, unsigned lane, unsigned bits)
{
    unsigned bytes = bits / 8, i;
    uint64_t x = 0;
    for (i = 0; i < bytes; i++)
        x |= (uint64_t)v->bytes[lane * bytes + i] << (8 * i);
    return x;
}

static int parse_v128(const json_node *node, sv_expected *out, char *err, size_t err_size)
{
    const char *lt = json_get_str(node, "lane_type");
    const json_node *lanes = json_get(node, "value");
    unsigned bits, i;
    int is_float = 0;

    if (!lt) {
        snprintf(err, err_size, "v128 value without lane_type");
        return -1;
    }
    if (strcmp(lt, "i8") == 0)
        bits = 8;
    else if (strcmp(lt, "i16") == 0)
        bits = 16;
    else if (strcmp(lt, "i32") == 0)
        bits = 32;
    else if (strcmp(lt, "i64") == 0)
        bits = 64;
    else if (strcmp(lt, "f32") == 0) {
        bits = 32;
        is_float = 1;
    } else if (strcmp(lt, "f64") == 0) {
        bits = 64;
        is_float = 1;
    } else {
        snprintf(err, err_size, "unknown lane_type \"%s\"", lt);
        return -1;
    }
    out->lane_bits = bits;
    out->lane_float = is_float;
    out->n_lanes = 128 / bits;
    if (json_kind_of(lanes) != JSON_ARRAY || json_len(lanes) != out->n_lanes) {
        snprintf(err, err_size, "v128 %s value needs %u lanes", lt, out->n_lanes);
        return -1;
    }
    for (i = 0; i < out->n_lanes; i++) {
        size_t len;
        const char *s = json_str(json_at(lanes, i), &len);
        uint64_t x;
        if (!s) {
            snprintf(err, err_size, "v128 lane %u is not a string", i);
            return -1;
        }
        if (is_float && nan_rule(s, &out->lanes[i])) {
            put_lane(&out->value.of.v128, i, bits, 0);
            continue;
        }
        if (parse_u64(s, len, &x) != 0) {
            snprintf(err, err_size, "bad v128 lane \"%s\"", s);
            return -1;
        }
        out->lanes[i] = SV_EXACT;
        put_lane(&out->value.of.v128, i, bits, x);
    }
    return 0;
}

int sv_parse(const json_node *node, sv_expected *out, char *err, size_t err_size)
{
    const char *type = json_get_str(node, "type");
    const json_node *val = json_get(node, "value");
    const char *s;
    size_t len;
    uint64_t x;

    memset(out, 0, sizeof *out);
    if (!type) {
        snprintf(err, err_size, "value without a type");
        return -1;
    }
    if (strcmp(type, "i32") == 0)
        out->value.type = FA_I32;
    else if (strcmp(type, "i64") == 0)
        out->value.type = FA_I64;
    else if (strcmp(type, "f32") == 0)
        out->value.type = FA_F32;
    else if (strcmp(type, "f64") == 0)
        out->value.type = FA_F64;
    else if (strcmp(type, "v128") == 0)
        out->value.type = FA_V128;
    else if (strcmp(type, "funcref") == 0)
        out->value.type = FA_FUNCREF;
    else if (strcmp(type, "externref") == 0)
        out->value.type = FA_EXTERNREF;
    else {
        snprintf(err, err_size, "unsupported value type \"%s\"", type);
        return -1;
    }

    if (out->value.type == FA_V128)
        return parse_v128(node, out, err, err_size);

    if (out->value.type == FA_FUNCREF || out->value.type == FA_EXTERNREF) {
        if (!val) {
            out->match = SV_ANY_NONNULL;
            return 0;
        }
        s = json_str(val, &len);
        if (!s) {
            snprintf(err, err_size, "%s value is not a string", type);
            return -1;
        }
        if (strcmp(s, "null") == 0)
            return 0; /* the union is zeroed: a NULL reference */
        if (out->value.type == FA_FUNCREF) {
            /* wast2json has no way to name a particular function. */
            snprintf(err, err_size, "funcref value \"%s\" cannot be represented", s);
            return -1;
        }
        if (parse_u64(s, len, &x) != 0) {
            snprintf(err, err_size, "bad externref value \"%s\"", s);
            return -1;
        }
        out->value.of.externref = sv_extern_ptr(x);
        return 0;
    }

    s = json_str(val, &len);
    if (!s) {
        snprintf(err, err_size, "%s value missing or not a string", type);
        return -1;
    }
    if ((out->value.type == FA_F32 || out->value.type == FA_F64) && nan_rule(s, &out->match))
        return 0;
    if (parse_u64(s, len, &x) != 0) {
        snprintf(err, err_size, "bad %s value \"%s\"", type, s);
        return -1;
    }
    switch (out->value.type) {
    case FA_I32: out->value.of.i32 = (int32_t)(uint32_t)x; break;
    case FA_I64: out->value.of.i64 = (int64_t)x; break;
    case FA_F32: out->value.of.f32_bits = (uint32_t)x; break;
    case FA_F64: out->value.of.f64_bits = x; break;
    default: break;
    }
    return 0;
}

static int f32_matches(sv_match m, uint32_t want, uint32_t got)
{
    switch (m) {
    case SV_NAN_CANONICAL: return (got & 0x7FFFFFFFu) == 0x7FC00000u;
    case SV_NAN_ARITHMETIC: return (got & 0x7FC00000u) == 0x7FC00000u;
    default: return got == want;
    }
}

static int f64_matches(sv_match m, uint64_t want, uint64_t got)
{
    const uint64_t quiet = 0x7FF8000000000000u;
    switch (m) {
    case SV_NAN_CANONICAL: return (got & 0x7FFFFFFFFFFFFFFFu) == quiet;
    case SV_NAN_ARITHMETIC: return (got & quiet) == quiet;
    default: return got == want;
    }
}

int sv_matches(const sv_expected *exp, const fa_value *actual)
{
    unsigned i;
    if (!exp || !actual || exp->value.type != actual->type)
        return 0;
    switch (exp->value.type) {
    case FA_I32: return (uint32_t)actual->of.i32 == (uint32_t)exp->value.of.i32;
    case FA_I64: return (uint64_t)actual->of.i64 == (uint64_t)exp->value.of.i64;
    case FA_F32: return f32_matches(exp->match, exp->value.of.f32_bits, actual->of.f32_bits);
    case FA_F64: return f64_matches(exp->match, exp->value.of.f64_bits, actual->of.f64_bits);
    case FA_FUNCREF:
        if (exp->match == SV_ANY_NONNULL)
            return actual->of.funcref != NULL;
        return actual->of.funcref == exp->value.of.funcref;
    case FA_EXTERNREF:
        if (exp->match == SV_ANY_NONNULL)
            return actual->of.externref != NULL;
        return actual->of.externref == exp->value.of.externref;
    case FA_V128:
        if (exp->n_lanes == 0 || exp->n_lanes > 16)
            return 0;
        for (i = 0; i < exp->n_lanes; i++) {
            uint64_t want = get_lane(&exp->value.of.v128, i, exp->lane_bits);
            uint64_t got = get_lane(&actual->of.v128, i, exp->lane_bits);
            int ok;
            if (exp->lane_float && exp->lane_bits == 32)
                ok = f32_matches(exp->lanes[i], (uint32_t)want, (uint32_t)got);
            else if (exp->lane_float)
                ok = f64_matches(exp->lanes[i], want, got);
            else
                ok = want == got;
            if (!ok)
                return 0;
        }
        return 1;
    }
    return 0;
}

static void format_f32(uint32_t bits, char *out, size_t size)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    snprintf(out, size, "f32:0x%08lx (%.9g)", (unsigned long)bits, (double)f);
}

static void format_f64(uint64_t bits, char *out, size_t size)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    snprintf(out, size, "f64:0x%08lx%08lx (%.17g)", (unsigned long)(bits >> 32),
             (unsigned long)(bits & 0xFFFFFFFFu), d);
}

/* Appends lanes of width `bits` as unsigned decimals. */
static void format_lanes(const fa_v128 *v, unsigned bits, int is_float, const sv_match *rules,
                         char *out, size_t size)
{
    size_t used;
    unsigned i, n = 128 / bits;
    snprintf(out, size, "v128:%c%ux%u", is_float ? 'f' : 'i', bits, n);
    for (i = 0; i < n; i++) {
        uint64_t x = get_lane(v, i, bits);
        used = strlen(out);
        if (used + 1 >= size)
            return;
        if (rules && rules[i] == SV_NAN_CANONICAL)
            snprintf(out + used, size - used, " nan:canonical");
        else if (rules && rules[i] == SV_NAN_ARITHMETIC)
            snprintf(out + used, size - used, " nan:arithmetic");
        else if (bits == 64)
            snprintf(out + used, size - used, " 0x%08lx%08lx", (unsigned long)(x >> 32),
                     (unsigned long)(x & 0xFFFFFFFFu));
        else
            snprintf(out + used, size - used, " %lu", (unsigned long)x);
    }
}

void sv_format_value(const fa_value *v, char *out, size_t size)
{
    if (!out || size == 0)
        return;
    if (!v) {
        snprintf(out, size, "(none)");
        return;
    }
    switch (v->type) {
    case FA_I32: snprintf(out, size, "i32:%lu", (unsigned long)(uint32_t)v->of.i32); break;
    case FA_I64:
        snprintf(out, size, "i64:0x%08lx%08lx", (unsigned long)((uint64_t)v->of.i64 >> 32),
                 (unsigned long)((uint64_t)v->of.i64 & 0xFFFFFFFFu));
        break;
    case FA_F32: format_f32(v->of.f32_bits, out, size); break;
    case FA_F64: format_f64(v->of.f64_bits, out, size); break;
    case FA_FUNCREF: snprintf(out, size, "funcref:%s", v->of.funcref ? "non-null" : "null"); break;
    case FA_EXTERNREF:
        if (!v->of.externref)
            snprintf(out, size, "externref:null");
        else
            snprintf(out, size, "externref:%lu", (unsigned long)((uintptr_t)v->of.externref - 1));
        break;
    case FA_V128: format_lanes(&v->of.v128, 32, 0, NULL, out, size); break;
    default: snprintf(out, size, "(type 0x%02x)", (unsigned)v->type); break;
    }
}

void sv_format_actual(const sv_expected *hint, const fa_value *v, char *out, size_t size)
{
    if (hint && v && v->type == FA_V128 && hint->value.type == FA_V128 && hint->lane_bits) {
        if (size)
            format_lanes(&v->of.v128, hint->lane_bits, hint->lane_float, NULL, out, size);
        return;
    }
    sv_format_value(v, out, size);
}

void sv_format_expected(const sv_expected *e, char *out, size_t size)
{
    if (!out || size == 0)
        return;
    if (!e) {
        snprintf(out, size, "(none)");
        return;
    }
    if (e->value.type == FA_V128) {
        format_lanes(&e->value.of.v128, e->lane_bits, e->lane_float, e->lanes, out, size);
        return;
    }
    if (e->match == SV_NAN_CANONICAL || e->match == SV_NAN_ARITHMETIC) {
        snprintf(out, size, "%s:%s", sv_type_name(e->value.type),
                 e->match == SV_NAN_CANONICAL ? "nan:canonical" : "nan:arithmetic");
        return;
    }
    if (e->match == SV_ANY_NONNULL) {
        snprintf(out, size, "%s:non-null", sv_type_name(e->value.type));
        return;
    }
    sv_format_value(&e->value, out, size);
}
