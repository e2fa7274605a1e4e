/*
 * spec_values.h - wast2json values <-> fa_value, and the assert_return rules.
 *
 * Stage: spec-test runner (tools/spec), public API only.
 * wast2json writes every number as the decimal string of its unsigned bit
 * pattern ("4294967295" is i32 -1, f32 bits for floats), NaN expectations as
 * "nan:canonical" / "nan:arithmetic" (also per v128 lane), and references as
 * "null" or a small integer (externref N; the runner maps it to a host
 * pointer). A funcref expectation without "value" means "any non-null".
 * Comparison: integers exact, floats bit-exact, canonical NaN = quiet NaN
 * with an all-zero payload of either sign, arithmetic NaN = quiet bit set.
 */
#ifndef FAYASM_SPEC_VALUES_H
#define FAYASM_SPEC_VALUES_H

#include <stddef.h>

#include "fayasm.h"
#include "json.h"

typedef enum sv_match {
    SV_EXACT = 0,
    SV_NAN_CANONICAL,
    SV_NAN_ARITHMETIC,
    SV_ANY_NONNULL /* funcref/externref expectation without a value */
} sv_match;

/* One expected result (or argument, which is always SV_EXACT). */
typedef struct sv_expected {
    fa_value value;     /* type and exact bits */
    sv_match match;     /* scalars and references */
    unsigned lane_bits; /* v128: 8/16/32/64 */
    int lane_float;     /* v128: lanes are f32/f64 */
    unsigned n_lanes;   /* v128: 128 / lane_bits */
    sv_match lanes[16]; /* v128: per-lane rule */
} sv_expected;

/* The host pointer that stands for externref N (never NULL). */
void *sv_extern_ptr(uint64_t n);

/* Parses one JSON value object. 0 on success, -1 with a message in err. */
int sv_parse(const json_node *node, sv_expected *out, char *err, size_t err_size);

/* 1 if `actual` satisfies `exp`. */
int sv_matches(const sv_expected *exp, const fa_value *actual);

/* Writes a short readable form ("i32:4294967295", "f32:0x7fc00000 (nan)",
 * "funcref:null", "v128:i32x4 1 2 3 4"). */
void sv_format_value(const fa_value *v, char *out, size_t size);
/* Same, but v128 lanes are shown in the shape of `hint` (may be NULL). */
void sv_format_actual(const sv_expected *hint, const fa_value *v, char *out, size_t size);
void sv_format_expected(const sv_expected *e, char *out, size_t size);
const char *sv_type_name(fa_valtype t);

#endif
