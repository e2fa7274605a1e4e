/*
 * opcodes.c - tables generated from the FA_OPCODES X-macro (see opcodes.h).
 */
#include <stdint.h>

#include "opcodes.h"

const fa_opinfo fa_opinfo_table[FA_OP_COUNT] = {
#define FA_X_INFO(name, text, prefix, code, imm, sig, size) {text, sig, code, prefix, imm, size},
    FA_OPCODES(FA_X_INFO)
#undef FA_X_INFO
};

/* Lookup table: key = code (no prefix), 0x100 + code (0xFC), 0x200 + code
 * (0xFD); the entry is the op + 1, 0 = no such instruction. One load instead
 * of a switch: the decoder and the translator look up every instruction. */
#define FA_OP_KEY(prefix, code) ((prefix) == 0xFD ? 0x200 + (code) : (prefix) ? 0x100 + (code) : (code))
#if !defined(FAYASM_SIMD) || FAYASM_SIMD
#define FA_OP_KEYS 0x400
typedef uint16_t fa_op_entry;
#else
/* Without the 0xFD rows (opcodes.h) the keys end after the 0xFC ones and
 * every op fits in a byte: 288 bytes instead of 2 KiB in a small build. */
#define FA_OP_KEYS 0x120
typedef uint8_t fa_op_entry;
_Static_assert(FA_OP_COUNT < 0xFF, "fa_op_entry too small");
#endif
static const fa_op_entry op_by_key[FA_OP_KEYS] = {
#define FA_X_KEY(name, text, prefix, code, imm, sig, size) \
    [FA_OP_KEY(prefix, code)] = (fa_op_entry)(FA_OP_##name + 1),
    FA_OPCODES(FA_X_KEY)
#undef FA_X_KEY
};

fa_op fa_op_lookup(unsigned prefix, unsigned code)
{
    unsigned key;
    if (prefix == 0)
        key = code;
    else if (prefix == 0xFC)
        key = 0x100 + code;
    else if (prefix == 0xFD)
        key = 0x200 + code;
    else
        return FA_OP_INVALID;
    if ((prefix == 0 && code > 0xFF) || (prefix != 0 && code > 0x1FF) || key >= FA_OP_KEYS)
        return FA_OP_INVALID;
    unsigned e = op_by_key[key];
    return e ? (fa_op)(e - 1) : FA_OP_INVALID;
}
