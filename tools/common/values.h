/*
 * values.h - text <-> fa_value for the command-line tools.
 *
 * Stage: tools only (not part of libfayasm); uses only the public fa_value
 * type from fayasm.h. No allocation, no global state.
 *
 * Value syntax (what `fayasm_run --help` documents):
 *   i32:N i64:N        decimal or 0x-hex, optional sign; the unsigned range is
 *                      accepted too (i32:0xffffffff == i32:-1)
 *   f32:X f64:X        decimal or hex float (1.5, -0x1p-3, 1e10), inf, -inf,
 *                      nan, -nan, nan:0xPAYLOAD (payload nonzero, fits the
 *                      significand: 23 / 52 bits)
 *   v128:0xHEX         up to 32 hex digits, a 128-bit integer (lane 0 = low bits)
 *   v128:SHAPE:a,b,..  SHAPE one of i8x16 i16x8 i32x4 i64x2 f32x4 f64x2, lane 0 first
 *   funcref:null
 *   externref:null | externref:N   (N a non-negative integer; see fa_tool_externref)
 *
 * Printing is the inverse where it can be: integers in signed decimal; floats
 * as the shortest decimal that reads back to the same bits (or inf/-inf,
 * nan/-nan plus :0xPAYLOAD unless the payload is the canonical one); v128 as
 * i32x4:0x........,... ; references as `null` or `ref`.
 */
#ifndef FA_TOOLS_VALUES_H
#define FA_TOOLS_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "fayasm.h"

/* Big enough for any formatted value (v128 is the longest). */
#define FA_TOOL_VALUE_MAX 96

/* The type's text name ("i32", "funcref", ...), or "?" for an unknown code. */
const char *fa_tool_valtype_name(fa_valtype t);

/* Parses a type name of length len. Returns 0 and sets *out, or -1. */
int fa_tool_parse_valtype(const char *name, size_t len, fa_valtype *out);

/*
 * Parses "TYPE:VALUE". When the text has no known TYPE: prefix and
 * default_type is nonzero, the whole text is parsed as a default_type value
 * (so "7" works for an i32 parameter). Returns 0, or -1 with a one-line
 * reason in err (errlen bytes).
 */
int fa_tool_parse_value(const char *text, fa_valtype default_type, fa_value *out, char *err,
                        size_t errlen);

/* Parses VALUE (no prefix) as a value of type t. Same return convention. */
int fa_tool_parse_typed(fa_valtype t, const char *text, fa_value *out, char *err, size_t errlen);

/* The pieces, for tools that need them: 0 on success, -1 on bad syntax/range. */
int fa_tool_parse_int(const char *s, unsigned bits, uint64_t *out);
int fa_tool_parse_f32(const char *s, uint32_t *bits);
int fa_tool_parse_f64(const char *s, uint64_t *bits);

/* Formats v (without its type) into buf; returns buf. */
char *fa_tool_format_value(const fa_value *v, char *buf, size_t len);
char *fa_tool_format_f32(uint32_t bits, char *buf, size_t len);
char *fa_tool_format_f64(uint64_t bits, char *buf, size_t len);

/* externref:N is the host pointer (void *)(N + 1), so externref:0 is not null. */
void *fa_tool_externref(uint64_t n);
/* The N of a non-null externref made by fa_tool_externref. */
uint64_t fa_tool_externref_index(const void *p);

#endif /* FA_TOOLS_VALUES_H */
