/*
 * opcodes.h - the WebAssembly instruction set as one X-macro table.
 *
 * Single source of truth for decoder, validator, compiler, disassembler and
 * names. Each row:
 *
 *   X(NAME, "text.name", PREFIX, CODE, IMM, "SIG", MEMSIZE)
 *
 *   NAME     C identifier (spec name with '.' -> '_')
 *   PREFIX   0 for single-byte opcodes, 0xFC / 0xFD for prefixed ones
 *   CODE     the opcode byte, or the LEB128 sub-opcode after a prefix
 *   IMM      immediate kind (fa_imm below)
 *   SIG      "params:results" for instructions whose typing is a fixed
 *            signature: i=i32 I=i64 f=f32 F=f64 v=v128 a=the memory's
 *            address type (i32, or i64 for memory64). "" means the validator
 *            types the instruction by hand (control, locals, refs, ...).
 *   MEMSIZE  bytes accessed by a load/store (natural alignment = log2), else 0
 *
 * SIMD (0xFD) rows are added by the SIMD work; spec section 5.4 gives the
 * encodings.
 */
#ifndef FA_OPCODES_H
#define FA_OPCODES_H

typedef enum fa_imm {
    FA_IMM_NONE,
    FA_IMM_BLOCKTYPE,   /* s33 block type */
    FA_IMM_LABEL,       /* u32 label depth */
    FA_IMM_BR_TABLE,    /* vec(u32) + u32 default */
    FA_IMM_FUNC,        /* u32 function index */
    FA_IMM_CALL_INDIRECT, /* u32 type index, u32 table index */
    FA_IMM_LOCAL,       /* u32 local index */
    FA_IMM_GLOBAL,      /* u32 global index */
    FA_IMM_TABLE,       /* u32 table index */
    FA_IMM_MEMARG,      /* u32 align (bit 6: memory index follows), [u32 memidx], offset (u32, u64 for memory64) */
    FA_IMM_MEMORY,      /* u32 memory index (a 0x00 byte in MVP) */
    FA_IMM_I32,         /* s32 */
    FA_IMM_I64,         /* s64 */
    FA_IMM_F32,         /* 4 bytes */
    FA_IMM_F64,         /* 8 bytes */
    FA_IMM_V128,        /* 16 bytes */
    FA_IMM_SELECT_T,    /* vec(valtype) */
    FA_IMM_REFTYPE,     /* reftype byte */
    FA_IMM_MEMORY_INIT, /* u32 data index, u32 memory index */
    FA_IMM_DATA,        /* u32 data index */
    FA_IMM_MEMORY_COPY, /* u32 dst memory, u32 src memory */
    FA_IMM_TABLE_INIT,  /* u32 elem index, u32 table index */
    FA_IMM_ELEM,        /* u32 elem index */
    FA_IMM_TABLE_COPY,  /* u32 dst table, u32 src table */
    FA_IMM_LANE,        /* u8 lane index */
    FA_IMM_MEMARG_LANE, /* memarg + u8 lane */
    FA_IMM_SHUFFLE      /* 16 x u8 lane indices */
} fa_imm;

/* clang-format off */
#define FA_OPCODES(X) \
    X(unreachable,         "unreachable",         0, 0x00, FA_IMM_NONE, "", 0) \
    X(nop,                 "nop",                 0, 0x01, FA_IMM_NONE, ":", 0) \
    X(block,               "block",               0, 0x02, FA_IMM_BLOCKTYPE, "", 0) \
    X(loop,                "loop",                0, 0x03, FA_IMM_BLOCKTYPE, "", 0) \
    X(if_,                 "if",                  0, 0x04, FA_IMM_BLOCKTYPE, "", 0) \
    X(else_,               "else",                0, 0x05, FA_IMM_NONE, "", 0) \
    X(end,                 "end",                 0, 0x0B, FA_IMM_NONE, "", 0) \
    X(br,                  "br",                  0, 0x0C, FA_IMM_LABEL, "", 0) \
    X(br_if,               "br_if",               0, 0x0D, FA_IMM_LABEL, "", 0) \
    X(br_table,            "br_table",            0, 0x0E, FA_IMM_BR_TABLE, "", 0) \
    X(return_,             "return",              0, 0x0F, FA_IMM_NONE, "", 0) \
    X(call,                "call",                0, 0x10, FA_IMM_FUNC, "", 0) \
    X(call_indirect,       "call_indirect",       0, 0x11, FA_IMM_CALL_INDIRECT, "", 0) \
    X(return_call,         "return_call",         0, 0x12, FA_IMM_FUNC, "", 0) \
    X(return_call_indirect,"return_call_indirect",0, 0x13, FA_IMM_CALL_INDIRECT, "", 0) \
    X(drop,                "drop",                0, 0x1A, FA_IMM_NONE, "", 0) \
    X(select,              "select",              0, 0x1B, FA_IMM_NONE, "", 0) \
    X(select_t,            "select",              0, 0x1C, FA_IMM_SELECT_T, "", 0) \
    X(local_get,           "local.get",           0, 0x20, FA_IMM_LOCAL, "", 0) \
    X(local_set,           "local.set",           0, 0x21, FA_IMM_LOCAL, "", 0) \
    X(local_tee,           "local.tee",           0, 0x22, FA_IMM_LOCAL, "", 0) \
    X(global_get,          "global.get",          0, 0x23, FA_IMM_GLOBAL, "", 0) \
    X(global_set,          "global.set",          0, 0x24, FA_IMM_GLOBAL, "", 0) \
    X(table_get,           "table.get",           0, 0x25, FA_IMM_TABLE, "", 0) \
    X(table_set,           "table.set",           0, 0x26, FA_IMM_TABLE, "", 0) \
    X(i32_load,            "i32.load",            0, 0x28, FA_IMM_MEMARG, "a:i", 4) \
    X(i64_load,            "i64.load",            0, 0x29, FA_IMM_MEMARG, "a:I", 8) \
    X(f32_load,            "f32.load",            0, 0x2A, FA_IMM_MEMARG, "a:f", 4) \
    X(f64_load,            "f64.load",            0, 0x2B, FA_IMM_MEMARG, "a:F", 8) \
    X(i32_load8_s,         "i32.load8_s",         0, 0x2C, FA_IMM_MEMARG, "a:i", 1) \
    X(i32_load8_u,         "i32.load8_u",         0, 0x2D, FA_IMM_MEMARG, "a:i", 1) \
    X(i32_load16_s,        "i32.load16_s",        0, 0x2E, FA_IMM_MEMARG, "a:i", 2) \
    X(i32_load16_u,        "i32.load16_u",        0, 0x2F, FA_IMM_MEMARG, "a:i", 2) \
    X(i64_load8_s,         "i64.load8_s",         0, 0x30, FA_IMM_MEMARG, "a:I", 1) \
    X(i64_load8_u,         "i64.load8_u",         0, 0x31, FA_IMM_MEMARG, "a:I", 1) \
    X(i64_load16_s,        "i64.load16_s",        0, 0x32, FA_IMM_MEMARG, "a:I", 2) \
    X(i64_load16_u,        "i64.load16_u",        0, 0x33, FA_IMM_MEMARG, "a:I", 2) \
    X(i64_load32_s,        "i64.load32_s",        0, 0x34, FA_IMM_MEMARG, "a:I", 4) \
    X(i64_load32_u,        "i64.load32_u",        0, 0x35, FA_IMM_MEMARG, "a:I", 4) \
    X(i32_store,           "i32.store",           0, 0x36, FA_IMM_MEMARG, "ai:", 4) \
    X(i64_store,           "i64.store",           0, 0x37, FA_IMM_MEMARG, "aI:", 8) \
    X(f32_store,           "f32.store",           0, 0x38, FA_IMM_MEMARG, "af:", 4) \
    X(f64_store,           "f64.store",           0, 0x39, FA_IMM_MEMARG, "aF:", 8) \
    X(i32_store8,          "i32.store8",          0, 0x3A, FA_IMM_MEMARG, "ai:", 1) \
    X(i32_store16,         "i32.store16",         0, 0x3B, FA_IMM_MEMARG, "ai:", 2) \
    X(i64_store8,          "i64.store8",          0, 0x3C, FA_IMM_MEMARG, "aI:", 1) \
    X(i64_store16,         "i64.store16",         0, 0x3D, FA_IMM_MEMARG, "aI:", 2) \
    X(i64_store32,         "i64.store32",         0, 0x3E, FA_IMM_MEMARG, "aI:", 4) \
    X(memory_size,         "memory.size",         0, 0x3F, FA_IMM_MEMORY, ":a", 0) \
    X(memory_grow,         "memory.grow",         0, 0x40, FA_IMM_MEMORY, "a:a", 0) \
    X(i32_const,           "i32.const",           0, 0x41, FA_IMM_I32, ":i", 0) \
    X(i64_const,           "i64.const",           0, 0x42, FA_IMM_I64, ":I", 0) \
    X(f32_const,           "f32.const",           0, 0x43, FA_IMM_F32, ":f", 0) \
    X(f64_const,           "f64.const",           0, 0x44, FA_IMM_F64, ":F", 0) \
    X(i32_eqz,             "i32.eqz",             0, 0x45, FA_IMM_NONE, "i:i", 0) \
    X(i32_eq,              "i32.eq",              0, 0x46, FA_IMM_NONE, "ii:i", 0) \
    X(i32_ne,              "i32.ne",              0, 0x47, FA_IMM_NONE, "ii:i", 0) \
    X(i32_lt_s,            "i32.lt_s",            0, 0x48, FA_IMM_NONE, "ii:i", 0) \
    X(i32_lt_u,            "i32.lt_u",            0, 0x49, FA_IMM_NONE, "ii:i", 0) \
    X(i32_gt_s,            "i32.gt_s",            0, 0x4A, FA_IMM_NONE, "ii:i", 0) \
    X(i32_gt_u,            "i32.gt_u",            0, 0x4B, FA_IMM_NONE, "ii:i", 0) \
    X(i32_le_s,            "i32.le_s",            0, 0x4C, FA_IMM_NONE, "ii:i", 0) \
    X(i32_le_u,            "i32.le_u",            0, 0x4D, FA_IMM_NONE, "ii:i", 0) \
    X(i32_ge_s,            "i32.ge_s",            0, 0x4E, FA_IMM_NONE, "ii:i", 0) \
    X(i32_ge_u,            "i32.ge_u",            0, 0x4F, FA_IMM_NONE, "ii:i", 0) \
    X(i64_eqz,             "i64.eqz",             0, 0x50, FA_IMM_NONE, "I:i", 0) \
    X(i64_eq,              "i64.eq",              0, 0x51, FA_IMM_NONE, "II:i", 0) \
    X(i64_ne,              "i64.ne",              0, 0x52, FA_IMM_NONE, "II:i", 0) \
    X(i64_lt_s,            "i64.lt_s",            0, 0x53, FA_IMM_NONE, "II:i", 0) \
    X(i64_lt_u,            "i64.lt_u",            0, 0x54, FA_IMM_NONE, "II:i", 0) \
    X(i64_gt_s,            "i64.gt_s",            0, 0x55, FA_IMM_NONE, "II:i", 0) \
    X(i64_gt_u,            "i64.gt_u",            0, 0x56, FA_IMM_NONE, "II:i", 0) \
    X(i64_le_s,            "i64.le_s",            0, 0x57, FA_IMM_NONE, "II:i", 0) \
    X(i64_le_u,            "i64.le_u",            0, 0x58, FA_IMM_NONE, "II:i", 0) \
    X(i64_ge_s,            "i64.ge_s",            0, 0x59, FA_IMM_NONE, "II:i", 0) \
    X(i64_ge_u,            "i64.ge_u",            0, 0x5A, FA_IMM_NONE, "II:i", 0) \
    X(f32_eq,              "f32.eq",              0, 0x5B, FA_IMM_NONE, "ff:i", 0) \
    X(f32_ne,              "f32.ne",              0, 0x5C, FA_IMM_NONE, "ff:i", 0) \
    X(f32_lt,              "f32.lt",              0, 0x5D, FA_IMM_NONE, "ff:i", 0) \
    X(f32_gt,              "f32.gt",              0, 0x5E, FA_IMM_NONE, "ff:i", 0) \
    X(f32_le,              "f32.le",              0, 0x5F, FA_IMM_NONE, "ff:i", 0) \
    X(f32_ge,              "f32.ge",              0, 0x60, FA_IMM_NONE, "ff:i", 0) \
    X(f64_eq,              "f64.eq",              0, 0x61, FA_IMM_NONE, "FF:i", 0) \
    X(f64_ne,              "f64.ne",              0, 0x62, FA_IMM_NONE, "FF:i", 0) \
    X(f64_lt,              "f64.lt",              0, 0x63, FA_IMM_NONE, "FF:i", 0) \
    X(f64_gt,              "f64.gt",              0, 0x64, FA_IMM_NONE, "FF:i", 0) \
    X(f64_le,              "f64.le",              0, 0x65, FA_IMM_NONE, "FF:i", 0) \
    X(f64_ge,              "f64.ge",              0, 0x66, FA_IMM_NONE, "FF:i", 0) \
    X(i32_clz,             "i32.clz",             0, 0x67, FA_IMM_NONE, "i:i", 0) \
    X(i32_ctz,             "i32.ctz",             0, 0x68, FA_IMM_NONE, "i:i", 0) \
    X(i32_popcnt,          "i32.popcnt",          0, 0x69, FA_IMM_NONE, "i:i", 0) \
    X(i32_add,             "i32.add",             0, 0x6A, FA_IMM_NONE, "ii:i", 0) \
    X(i32_sub,             "i32.sub",             0, 0x6B, FA_IMM_NONE, "ii:i", 0) \
    X(i32_mul,             "i32.mul",             0, 0x6C, FA_IMM_NONE, "ii:i", 0) \
    X(i32_div_s,           "i32.div_s",           0, 0x6D, FA_IMM_NONE, "ii:i", 0) \
    X(i32_div_u,           "i32.div_u",           0, 0x6E, FA_IMM_NONE, "ii:i", 0) \
    X(i32_rem_s,           "i32.rem_s",           0, 0x6F, FA_IMM_NONE, "ii:i", 0) \
    X(i32_rem_u,           "i32.rem_u",           0, 0x70, FA_IMM_NONE, "ii:i", 0) \
    X(i32_and,             "i32.and",             0, 0x71, FA_IMM_NONE, "ii:i", 0) \
    X(i32_or,              "i32.or",              0, 0x72, FA_IMM_NONE, "ii:i", 0) \
    X(i32_xor,             "i32.xor",             0, 0x73, FA_IMM_NONE, "ii:i", 0) \
    X(i32_shl,             "i32.shl",             0, 0x74, FA_IMM_NONE, "ii:i", 0) \
    X(i32_shr_s,           "i32.shr_s",           0, 0x75, FA_IMM_NONE, "ii:i", 0) \
    X(i32_shr_u,           "i32.shr_u",           0, 0x76, FA_IMM_NONE, "ii:i", 0) \
    X(i32_rotl,            "i32.rotl",            0, 0x77, FA_IMM_NONE, "ii:i", 0) \
    X(i32_rotr,            "i32.rotr",            0, 0x78, FA_IMM_NONE, "ii:i", 0) \
    X(i64_clz,             "i64.clz",             0, 0x79, FA_IMM_NONE, "I:I", 0) \
    X(i64_ctz,             "i64.ctz",             0, 0x7A, FA_IMM_NONE, "I:I", 0) \
    X(i64_popcnt,          "i64.popcnt",          0, 0x7B, FA_IMM_NONE, "I:I", 0) \
    X(i64_add,             "i64.add",             0, 0x7C, FA_IMM_NONE, "II:I", 0) \
    X(i64_sub,             "i64.sub",             0, 0x7D, FA_IMM_NONE, "II:I", 0) \
    X(i64_mul,             "i64.mul",             0, 0x7E, FA_IMM_NONE, "II:I", 0) \
    X(i64_div_s,           "i64.div_s",           0, 0x7F, FA_IMM_NONE, "II:I", 0) \
    X(i64_div_u,           "i64.div_u",           0, 0x80, FA_IMM_NONE, "II:I", 0) \
    X(i64_rem_s,           "i64.rem_s",           0, 0x81, FA_IMM_NONE, "II:I", 0) \
    X(i64_rem_u,           "i64.rem_u",           0, 0x82, FA_IMM_NONE, "II:I", 0) \
    X(i64_and,             "i64.and",             0, 0x83, FA_IMM_NONE, "II:I", 0) \
    X(i64_or,              "i64.or",              0, 0x84, FA_IMM_NONE, "II:I", 0) \
    X(i64_xor,             "i64.xor",             0, 0x85, FA_IMM_NONE, "II:I", 0) \
    X(i64_shl,             "i64.shl",             0, 0x86, FA_IMM_NONE, "II:I", 0) \
    X(i64_shr_s,           "i64.shr_s",           0, 0x87, FA_IMM_NONE, "II:I", 0) \
    X(i64_shr_u,           "i64.shr_u",           0, 0x88, FA_IMM_NONE, "II:I", 0) \
    X(i64_rotl,            "i64.rotl",            0, 0x89, FA_IMM_NONE, "II:I", 0) \
    X(i64_rotr,            "i64.rotr",            0, 0x8A, FA_IMM_NONE, "II:I", 0) \
    X(f32_abs,             "f32.abs",             0, 0x8B, FA_IMM_NONE, "f:f", 0) \
    X(f32_neg,             "f32.neg",             0, 0x8C, FA_IMM_NONE, "f:f", 0) \
    X(f32_ceil,            "f32.ceil",            0, 0x8D, FA_IMM_NONE, "f:f", 0) \
    X(f32_floor,           "f32.floor",           0, 0x8E, FA_IMM_NONE, "f:f", 0) \
    X(f32_trunc,           "f32.trunc",           0, 0x8F, FA_IMM_NONE, "f:f", 0) \
    X(f32_nearest,         "f32.nearest",         0, 0x90, FA_IMM_NONE, "f:f", 0) \
    X(f32_sqrt,            "f32.sqrt",            0, 0x91, FA_IMM_NONE, "f:f", 0) \
    X(f32_add,             "f32.add",             0, 0x92, FA_IMM_NONE, "ff:f", 0) \
    X(f32_sub,             "f32.sub",             0, 0x93, FA_IMM_NONE, "ff:f", 0) \
    X(f32_mul,             "f32.mul",             0, 0x94, FA_IMM_NONE, "ff:f", 0) \
    X(f32_div,             "f32.div",             0, 0x95, FA_IMM_NONE, "ff:f", 0) \
    X(f32_min,             "f32.min",             0, 0x96, FA_IMM_NONE, "ff:f", 0) \
    X(f32_max,             "f32.max",             0, 0x97, FA_IMM_NONE, "ff:f", 0) \
    X(f32_copysign,        "f32.copysign",        0, 0x98, FA_IMM_NONE, "ff:f", 0) \
    X(f64_abs,             "f64.abs",             0, 0x99, FA_IMM_NONE, "F:F", 0) \
    X(f64_neg,             "f64.neg",             0, 0x9A, FA_IMM_NONE, "F:F", 0) \
    X(f64_ceil,            "f64.ceil",            0, 0x9B, FA_IMM_NONE, "F:F", 0) \
    X(f64_floor,           "f64.floor",           0, 0x9C, FA_IMM_NONE, "F:F", 0) \
    X(f64_trunc,           "f64.trunc",           0, 0x9D, FA_IMM_NONE, "F:F", 0) \
    X(f64_nearest,         "f64.nearest",         0, 0x9E, FA_IMM_NONE, "F:F", 0) \
    X(f64_sqrt,            "f64.sqrt",            0, 0x9F, FA_IMM_NONE, "F:F", 0) \
    X(f64_add,             "f64.add",             0, 0xA0, FA_IMM_NONE, "FF:F", 0) \
    X(f64_sub,             "f64.sub",             0, 0xA1, FA_IMM_NONE, "FF:F", 0) \
    X(f64_mul,             "f64.mul",             0, 0xA2, FA_IMM_NONE, "FF:F", 0) \
    X(f64_div,             "f64.div",             0, 0xA3, FA_IMM_NONE, "FF:F", 0) \
    X(f64_min,             "f64.min",             0, 0xA4, FA_IMM_NONE, "FF:F", 0) \
    X(f64_max,             "f64.max",             0, 0xA5, FA_IMM_NONE, "FF:F", 0) \
    X(f64_copysign,        "f64.copysign",        0, 0xA6, FA_IMM_NONE, "FF:F", 0) \
    X(i32_wrap_i64,        "i32.wrap_i64",        0, 0xA7, FA_IMM_NONE, "I:i", 0) \
    X(i32_trunc_f32_s,     "i32.trunc_f32_s",     0, 0xA8, FA_IMM_NONE, "f:i", 0) \
    X(i32_trunc_f32_u,     "i32.trunc_f32_u",     0, 0xA9, FA_IMM_NONE, "f:i", 0) \
    X(i32_trunc_f64_s,     "i32.trunc_f64_s",     0, 0xAA, FA_IMM_NONE, "F:i", 0) \
    X(i32_trunc_f64_u,     "i32.trunc_f64_u",     0, 0xAB, FA_IMM_NONE, "F:i", 0) \
    X(i64_extend_i32_s,    "i64.extend_i32_s",    0, 0xAC, FA_IMM_NONE, "i:I", 0) \
    X(i64_extend_i32_u,    "i64.extend_i32_u",    0, 0xAD, FA_IMM_NONE, "i:I", 0) \
    X(i64_trunc_f32_s,     "i64.trunc_f32_s",     0, 0xAE, FA_IMM_NONE, "f:I", 0) \
    X(i64_trunc_f32_u,     "i64.trunc_f32_u",     0, 0xAF, FA_IMM_NONE, "f:I", 0) \
    X(i64_trunc_f64_s,     "i64.trunc_f64_s",     0, 0xB0, FA_IMM_NONE, "F:I", 0) \
    X(i64_trunc_f64_u,     "i64.trunc_f64_u",     0, 0xB1, FA_IMM_NONE, "F:I", 0) \
    X(f32_convert_i32_s,   "f32.convert_i32_s",   0, 0xB2, FA_IMM_NONE, "i:f", 0) \
    X(f32_convert_i32_u,   "f32.convert_i32_u",   0, 0xB3, FA_IMM_NONE, "i:f", 0) \
    X(f32_convert_i64_s,   "f32.convert_i64_s",   0, 0xB4, FA_IMM_NONE, "I:f", 0) \
    X(f32_convert_i64_u,   "f32.convert_i64_u",   0, 0xB5, FA_IMM_NONE, "I:f", 0) \
    X(f32_demote_f64,      "f32.demote_f64",      0, 0xB6, FA_IMM_NONE, "F:f", 0) \
    X(f64_convert_i32_s,   "f64.convert_i32_s",   0, 0xB7, FA_IMM_NONE, "i:F", 0) \
    X(f64_convert_i32_u,   "f64.convert_i32_u",   0, 0xB8, FA_IMM_NONE, "i:F", 0) \
    X(f64_convert_i64_s,   "f64.convert_i64_s",   0, 0xB9, FA_IMM_NONE, "I:F", 0) \
    X(f64_convert_i64_u,   "f64.convert_i64_u",   0, 0xBA, FA_IMM_NONE, "I:F", 0) \
    X(f64_promote_f32,     "f64.promote_f32",     0, 0xBB, FA_IMM_NONE, "f:F", 0) \
    X(i32_reinterpret_f32, "i32.reinterpret_f32", 0, 0xBC, FA_IMM_NONE, "f:i", 0) \
    X(i64_reinterpret_f64, "i64.reinterpret_f64", 0, 0xBD, FA_IMM_NONE, "F:I", 0) \
    X(f32_reinterpret_i32, "f32.reinterpret_i32", 0, 0xBE, FA_IMM_NONE, "i:f", 0) \
    X(f64_reinterpret_i64, "f64.reinterpret_i64", 0, 0xBF, FA_IMM_NONE, "I:F", 0) \
    X(i32_extend8_s,       "i32.extend8_s",       0, 0xC0, FA_IMM_NONE, "i:i", 0) \
    X(i32_extend16_s,      "i32.extend16_s",      0, 0xC1, FA_IMM_NONE, "i:i", 0) \
    X(i64_extend8_s,       "i64.extend8_s",       0, 0xC2, FA_IMM_NONE, "I:I", 0) \
    X(i64_extend16_s,      "i64.extend16_s",      0, 0xC3, FA_IMM_NONE, "I:I", 0) \
    X(i64_extend32_s,      "i64.extend32_s",      0, 0xC4, FA_IMM_NONE, "I:I", 0) \
    X(ref_null,            "ref.null",            0, 0xD0, FA_IMM_REFTYPE, "", 0) \
    X(ref_is_null,         "ref.is_null",         0, 0xD1, FA_IMM_NONE, "", 0) \
    X(ref_func,            "ref.func",            0, 0xD2, FA_IMM_FUNC, "", 0) \
    X(i32_trunc_sat_f32_s, "i32.trunc_sat_f32_s", 0xFC, 0, FA_IMM_NONE, "f:i", 0) \
    X(i32_trunc_sat_f32_u, "i32.trunc_sat_f32_u", 0xFC, 1, FA_IMM_NONE, "f:i", 0) \
    X(i32_trunc_sat_f64_s, "i32.trunc_sat_f64_s", 0xFC, 2, FA_IMM_NONE, "F:i", 0) \
    X(i32_trunc_sat_f64_u, "i32.trunc_sat_f64_u", 0xFC, 3, FA_IMM_NONE, "F:i", 0) \
    X(i64_trunc_sat_f32_s, "i64.trunc_sat_f32_s", 0xFC, 4, FA_IMM_NONE, "f:I", 0) \
    X(i64_trunc_sat_f32_u, "i64.trunc_sat_f32_u", 0xFC, 5, FA_IMM_NONE, "f:I", 0) \
    X(i64_trunc_sat_f64_s, "i64.trunc_sat_f64_s", 0xFC, 6, FA_IMM_NONE, "F:I", 0) \
    X(i64_trunc_sat_f64_u, "i64.trunc_sat_f64_u", 0xFC, 7, FA_IMM_NONE, "F:I", 0) \
    X(memory_init,         "memory.init",         0xFC, 8, FA_IMM_MEMORY_INIT, "", 0) \
    X(data_drop,           "data.drop",           0xFC, 9, FA_IMM_DATA, "", 0) \
    X(memory_copy,         "memory.copy",         0xFC, 10, FA_IMM_MEMORY_COPY, "", 0) \
    X(memory_fill,         "memory.fill",         0xFC, 11, FA_IMM_MEMORY, "", 0) \
    X(table_init,          "table.init",          0xFC, 12, FA_IMM_TABLE_INIT, "", 0) \
    X(elem_drop,           "elem.drop",           0xFC, 13, FA_IMM_ELEM, "", 0) \
    X(table_copy,          "table.copy",          0xFC, 14, FA_IMM_TABLE_COPY, "", 0) \
    X(table_grow,          "table.grow",          0xFC, 15, FA_IMM_TABLE, "", 0) \
    X(table_size,          "table.size",          0xFC, 16, FA_IMM_TABLE, "", 0) \
    X(table_fill,          "table.fill",          0xFC, 17, FA_IMM_TABLE, "", 0)
/* clang-format on */

/* FA_OP_<name>: dense index of each row, for tables indexed by instruction. */
typedef enum fa_op {
#define FA_X_ENUM(name, text, prefix, code, imm, sig, size) FA_OP_##name,
    FA_OPCODES(FA_X_ENUM)
#undef FA_X_ENUM
    FA_OP_COUNT,
    FA_OP_INVALID = 0xFFFF
} fa_op;

typedef struct fa_opinfo {
    const char *name;
    unsigned char prefix;
    unsigned int code;
    fa_imm imm;
    const char *sig;
    unsigned char memsize;
} fa_opinfo;

/* Row for each fa_op (defined in opcodes.c). */
extern const fa_opinfo fa_opinfo_table[FA_OP_COUNT];

/*
 * Maps an encoded opcode to its fa_op, or FA_OP_INVALID.
 * prefix is 0 for single-byte opcodes; code is the byte or the sub-opcode.
 */
fa_op fa_op_lookup(unsigned prefix, unsigned code);

#endif /* FA_OPCODES_H */
