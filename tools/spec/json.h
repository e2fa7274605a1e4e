/*
 * json.h - a small, defensive JSON reader for the spec-test runner.
 *
 * Stage: tool input (wast2json output), not part of libfayasm.
 * Data structure: a read-only tree of json_node; objects keep their members in
 * source order, strings are decoded (escapes, \u surrogate pairs -> UTF-8) and
 * carry an explicit length because wasm names may contain NUL.
 * Invariants: json_parse never reads outside [text, text+len), bounds nesting
 * depth, and returns NULL with a message on any malformed input. Every
 * accessor accepts NULL and answers "absent", so callers can chain lookups
 * without checking each step.
 * Reference: RFC 8259.
 */
#ifndef FAYASM_SPEC_JSON_H
#define FAYASM_SPEC_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum json_kind {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_kind;

typedef struct json_node json_node;

/* Parses `len` bytes. On failure returns NULL and writes a message with the
 * byte offset into err (err may be NULL). */
json_node *json_parse(const char *text, size_t len, char *err, size_t err_size);
void json_free(json_node *root);

/* Kind of a node; JSON_NULL for a NULL pointer. */
json_kind json_kind_of(const json_node *n);

/* Object member by key (first match), NULL if n is not an object or has none. */
const json_node *json_get(const json_node *n, const char *key);
/* Array length / element (also the members of an object, in order). */
size_t json_len(const json_node *n);
const json_node *json_at(const json_node *n, size_t i);

/* String contents (NUL-terminated, may also contain NUL), NULL if not a string. */
const char *json_str(const json_node *n, size_t *len);
/* Convenience: string member `key` of object n, NULL if absent or not a string. */
const char *json_get_str(const json_node *n, const char *key);
/* Number as a 64-bit integer; 0 on success, -1 if not an integral number in range. */
int json_int(const json_node *n, int64_t *out);

#endif
