/*
 * opcodes.c - tables generated from the FA_OPCODES X-macro (see opcodes.h).
 */
#include "opcodes.h"

const fa_opinfo fa_opinfo_table[FA_OP_COUNT] = {
#define FA_X_INFO(name, text, prefix, code, imm, sig, size) {text, sig, code, prefix, imm, size},
    FA_OPCODES(FA_X_INFO)
#undef FA_X_INFO
};

/* A switch over (prefix << 16 | code): the compiler turns it into jump tables. */
fa_op fa_op_lookup(unsigned prefix, unsigned code)
{
    if (code > 0xFFFF)
        return FA_OP_INVALID;
    switch ((prefix << 16) | code) {
#define FA_X_CASE(name, text, prefix, code, imm, sig, size) \
    case ((prefix) << 16) | (code): return FA_OP_##name;
        FA_OPCODES(FA_X_CASE)
#undef FA_X_CASE
    default: return FA_OP_INVALID;
    }
}
