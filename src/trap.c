/*
 * trap.c - the one table from trap code to message.
 *
 * Messages are the reference interpreter's wording, which the spec tests match
 * by prefix (assert_trap "out of bounds memory access", ...).
 */
#include "trap.h"

static const char *const trap_messages[FA_TRAP_COUNT] = {
    [FA_TRAP_NONE] = "no trap",
    [FA_TRAP_UNREACHABLE] = "unreachable",
    [FA_TRAP_MEMORY_OOB] = "out of bounds memory access",
    [FA_TRAP_TABLE_OOB] = "out of bounds table access",
    [FA_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [FA_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [FA_TRAP_INDIRECT_CALL_TYPE] = "indirect call type mismatch",
    [FA_TRAP_INT_DIV_ZERO] = "integer divide by zero",
    [FA_TRAP_INT_OVERFLOW] = "integer overflow",
    [FA_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [FA_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [FA_TRAP_NULL_REFERENCE] = "null reference",
    [FA_TRAP_OUT_OF_FUEL] = "out of fuel",
    [FA_TRAP_INTERRUPTED] = "interrupted",
    [FA_TRAP_HOST] = "host trap",
    [FA_TRAP_EXIT] = "exit",
    [FA_TRAP_INVALID_FUNCTION] = "invalid function",
};

const char *fa_trap_message(fa_trap code)
{
    if ((unsigned)code >= FA_TRAP_COUNT)
        return "unknown trap";
    return trap_messages[code];
}

const char *fa_result_name(fa_result r)
{
    switch (r) {
    case FA_OK: return "ok";
    case FA_ERR_MALFORMED: return "malformed module";
    case FA_ERR_INVALID: return "invalid module";
    case FA_ERR_LINK: return "link error";
    case FA_ERR_TRAP: return "trap";
    case FA_ERR_OOM: return "out of memory";
    case FA_ERR_IO: return "i/o error";
    case FA_ERR_ARG: return "bad argument";
    case FA_ERR_NOT_FOUND: return "not found";
    case FA_ERR_UNSUPPORTED: return "unsupported";
    }
    return "unknown error";
}
