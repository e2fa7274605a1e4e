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
 * The 0xFD rows (FA_OPCODES_SIMD, after the core rows) follow spec section
 * 5.4.8 and the relaxed SIMD proposal.
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
    X(table_fill,          "table.fill",          0xFC, 17, FA_IMM_TABLE, "", 0) \
    FA_OPCODES_SIMD_IF_(X)

/*
 * 128-bit SIMD (spec 5.4.8) and relaxed SIMD (0x100-0x113). Every row has a
 * fixed signature, so the validator types them all generically. Immediates:
 * loads/stores a memarg (MEMSIZE = bytes read: 16, 8 for the extending
 * loads, the element size for splat/zero loads); lane loads/stores a memarg
 * and a lane index (MEMSIZE = lane size, so 16 / MEMSIZE lanes); extract/
 * replace_lane a lane index bounded by the shape in the name ("i8x16." ->
 * 16); shuffle 16 lane indices < 32; v128.const 16 bytes.
 */
#define FA_OPCODES_SIMD(X) \
    X(v128_load,                           "v128.load",                           0xFD, 0x00, FA_IMM_MEMARG, "a:v", 16) \
    X(v128_load8x8_s,                      "v128.load8x8_s",                      0xFD, 0x01, FA_IMM_MEMARG, "a:v", 8) \
    X(v128_load8x8_u,                      "v128.load8x8_u",                      0xFD, 0x02, FA_IMM_MEMARG, "a:v", 8) \
    X(v128_load16x4_s,                     "v128.load16x4_s",                     0xFD, 0x03, FA_IMM_MEMARG, "a:v", 8) \
    X(v128_load16x4_u,                     "v128.load16x4_u",                     0xFD, 0x04, FA_IMM_MEMARG, "a:v", 8) \
    X(v128_load32x2_s,                     "v128.load32x2_s",                     0xFD, 0x05, FA_IMM_MEMARG, "a:v", 8) \
    X(v128_load32x2_u,                     "v128.load32x2_u",                     0xFD, 0x06, FA_IMM_MEMARG, "a:v", 8) \
    X(v128_load8_splat,                    "v128.load8_splat",                    0xFD, 0x07, FA_IMM_MEMARG, "a:v", 1) \
    X(v128_load16_splat,                   "v128.load16_splat",                   0xFD, 0x08, FA_IMM_MEMARG, "a:v", 2) \
    X(v128_load32_splat,                   "v128.load32_splat",                   0xFD, 0x09, FA_IMM_MEMARG, "a:v", 4) \
    X(v128_load64_splat,                   "v128.load64_splat",                   0xFD, 0x0A, FA_IMM_MEMARG, "a:v", 8) \
    X(v128_store,                          "v128.store",                          0xFD, 0x0B, FA_IMM_MEMARG, "av:", 16) \
    X(v128_const,                          "v128.const",                          0xFD, 0x0C, FA_IMM_V128, ":v", 0) \
    X(i8x16_shuffle,                       "i8x16.shuffle",                       0xFD, 0x0D, FA_IMM_SHUFFLE, "vv:v", 0) \
    X(i8x16_swizzle,                       "i8x16.swizzle",                       0xFD, 0x0E, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_splat,                         "i8x16.splat",                         0xFD, 0x0F, FA_IMM_NONE, "i:v", 0) \
    X(i16x8_splat,                         "i16x8.splat",                         0xFD, 0x10, FA_IMM_NONE, "i:v", 0) \
    X(i32x4_splat,                         "i32x4.splat",                         0xFD, 0x11, FA_IMM_NONE, "i:v", 0) \
    X(i64x2_splat,                         "i64x2.splat",                         0xFD, 0x12, FA_IMM_NONE, "I:v", 0) \
    X(f32x4_splat,                         "f32x4.splat",                         0xFD, 0x13, FA_IMM_NONE, "f:v", 0) \
    X(f64x2_splat,                         "f64x2.splat",                         0xFD, 0x14, FA_IMM_NONE, "F:v", 0) \
    X(i8x16_extract_lane_s,                "i8x16.extract_lane_s",                0xFD, 0x15, FA_IMM_LANE, "v:i", 0) \
    X(i8x16_extract_lane_u,                "i8x16.extract_lane_u",                0xFD, 0x16, FA_IMM_LANE, "v:i", 0) \
    X(i8x16_replace_lane,                  "i8x16.replace_lane",                  0xFD, 0x17, FA_IMM_LANE, "vi:v", 0) \
    X(i16x8_extract_lane_s,                "i16x8.extract_lane_s",                0xFD, 0x18, FA_IMM_LANE, "v:i", 0) \
    X(i16x8_extract_lane_u,                "i16x8.extract_lane_u",                0xFD, 0x19, FA_IMM_LANE, "v:i", 0) \
    X(i16x8_replace_lane,                  "i16x8.replace_lane",                  0xFD, 0x1A, FA_IMM_LANE, "vi:v", 0) \
    X(i32x4_extract_lane,                  "i32x4.extract_lane",                  0xFD, 0x1B, FA_IMM_LANE, "v:i", 0) \
    X(i32x4_replace_lane,                  "i32x4.replace_lane",                  0xFD, 0x1C, FA_IMM_LANE, "vi:v", 0) \
    X(i64x2_extract_lane,                  "i64x2.extract_lane",                  0xFD, 0x1D, FA_IMM_LANE, "v:I", 0) \
    X(i64x2_replace_lane,                  "i64x2.replace_lane",                  0xFD, 0x1E, FA_IMM_LANE, "vI:v", 0) \
    X(f32x4_extract_lane,                  "f32x4.extract_lane",                  0xFD, 0x1F, FA_IMM_LANE, "v:f", 0) \
    X(f32x4_replace_lane,                  "f32x4.replace_lane",                  0xFD, 0x20, FA_IMM_LANE, "vf:v", 0) \
    X(f64x2_extract_lane,                  "f64x2.extract_lane",                  0xFD, 0x21, FA_IMM_LANE, "v:F", 0) \
    X(f64x2_replace_lane,                  "f64x2.replace_lane",                  0xFD, 0x22, FA_IMM_LANE, "vF:v", 0) \
    X(i8x16_eq,                            "i8x16.eq",                            0xFD, 0x23, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_ne,                            "i8x16.ne",                            0xFD, 0x24, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_lt_s,                          "i8x16.lt_s",                          0xFD, 0x25, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_lt_u,                          "i8x16.lt_u",                          0xFD, 0x26, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_gt_s,                          "i8x16.gt_s",                          0xFD, 0x27, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_gt_u,                          "i8x16.gt_u",                          0xFD, 0x28, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_le_s,                          "i8x16.le_s",                          0xFD, 0x29, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_le_u,                          "i8x16.le_u",                          0xFD, 0x2A, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_ge_s,                          "i8x16.ge_s",                          0xFD, 0x2B, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_ge_u,                          "i8x16.ge_u",                          0xFD, 0x2C, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_eq,                            "i16x8.eq",                            0xFD, 0x2D, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_ne,                            "i16x8.ne",                            0xFD, 0x2E, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_lt_s,                          "i16x8.lt_s",                          0xFD, 0x2F, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_lt_u,                          "i16x8.lt_u",                          0xFD, 0x30, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_gt_s,                          "i16x8.gt_s",                          0xFD, 0x31, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_gt_u,                          "i16x8.gt_u",                          0xFD, 0x32, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_le_s,                          "i16x8.le_s",                          0xFD, 0x33, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_le_u,                          "i16x8.le_u",                          0xFD, 0x34, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_ge_s,                          "i16x8.ge_s",                          0xFD, 0x35, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_ge_u,                          "i16x8.ge_u",                          0xFD, 0x36, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_eq,                            "i32x4.eq",                            0xFD, 0x37, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_ne,                            "i32x4.ne",                            0xFD, 0x38, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_lt_s,                          "i32x4.lt_s",                          0xFD, 0x39, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_lt_u,                          "i32x4.lt_u",                          0xFD, 0x3A, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_gt_s,                          "i32x4.gt_s",                          0xFD, 0x3B, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_gt_u,                          "i32x4.gt_u",                          0xFD, 0x3C, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_le_s,                          "i32x4.le_s",                          0xFD, 0x3D, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_le_u,                          "i32x4.le_u",                          0xFD, 0x3E, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_ge_s,                          "i32x4.ge_s",                          0xFD, 0x3F, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_ge_u,                          "i32x4.ge_u",                          0xFD, 0x40, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_eq,                            "f32x4.eq",                            0xFD, 0x41, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_ne,                            "f32x4.ne",                            0xFD, 0x42, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_lt,                            "f32x4.lt",                            0xFD, 0x43, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_gt,                            "f32x4.gt",                            0xFD, 0x44, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_le,                            "f32x4.le",                            0xFD, 0x45, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_ge,                            "f32x4.ge",                            0xFD, 0x46, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_eq,                            "f64x2.eq",                            0xFD, 0x47, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_ne,                            "f64x2.ne",                            0xFD, 0x48, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_lt,                            "f64x2.lt",                            0xFD, 0x49, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_gt,                            "f64x2.gt",                            0xFD, 0x4A, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_le,                            "f64x2.le",                            0xFD, 0x4B, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_ge,                            "f64x2.ge",                            0xFD, 0x4C, FA_IMM_NONE, "vv:v", 0) \
    X(v128_not,                            "v128.not",                            0xFD, 0x4D, FA_IMM_NONE, "v:v", 0) \
    X(v128_and,                            "v128.and",                            0xFD, 0x4E, FA_IMM_NONE, "vv:v", 0) \
    X(v128_andnot,                         "v128.andnot",                         0xFD, 0x4F, FA_IMM_NONE, "vv:v", 0) \
    X(v128_or,                             "v128.or",                             0xFD, 0x50, FA_IMM_NONE, "vv:v", 0) \
    X(v128_xor,                            "v128.xor",                            0xFD, 0x51, FA_IMM_NONE, "vv:v", 0) \
    X(v128_bitselect,                      "v128.bitselect",                      0xFD, 0x52, FA_IMM_NONE, "vvv:v", 0) \
    X(v128_any_true,                       "v128.any_true",                       0xFD, 0x53, FA_IMM_NONE, "v:i", 0) \
    X(v128_load8_lane,                     "v128.load8_lane",                     0xFD, 0x54, FA_IMM_MEMARG_LANE, "av:v", 1) \
    X(v128_load16_lane,                    "v128.load16_lane",                    0xFD, 0x55, FA_IMM_MEMARG_LANE, "av:v", 2) \
    X(v128_load32_lane,                    "v128.load32_lane",                    0xFD, 0x56, FA_IMM_MEMARG_LANE, "av:v", 4) \
    X(v128_load64_lane,                    "v128.load64_lane",                    0xFD, 0x57, FA_IMM_MEMARG_LANE, "av:v", 8) \
    X(v128_store8_lane,                    "v128.store8_lane",                    0xFD, 0x58, FA_IMM_MEMARG_LANE, "av:", 1) \
    X(v128_store16_lane,                   "v128.store16_lane",                   0xFD, 0x59, FA_IMM_MEMARG_LANE, "av:", 2) \
    X(v128_store32_lane,                   "v128.store32_lane",                   0xFD, 0x5A, FA_IMM_MEMARG_LANE, "av:", 4) \
    X(v128_store64_lane,                   "v128.store64_lane",                   0xFD, 0x5B, FA_IMM_MEMARG_LANE, "av:", 8) \
    X(v128_load32_zero,                    "v128.load32_zero",                    0xFD, 0x5C, FA_IMM_MEMARG, "a:v", 4) \
    X(v128_load64_zero,                    "v128.load64_zero",                    0xFD, 0x5D, FA_IMM_MEMARG, "a:v", 8) \
    X(f32x4_demote_f64x2_zero,             "f32x4.demote_f64x2_zero",             0xFD, 0x5E, FA_IMM_NONE, "v:v", 0) \
    X(f64x2_promote_low_f32x4,             "f64x2.promote_low_f32x4",             0xFD, 0x5F, FA_IMM_NONE, "v:v", 0) \
    X(i8x16_abs,                           "i8x16.abs",                           0xFD, 0x60, FA_IMM_NONE, "v:v", 0) \
    X(i8x16_neg,                           "i8x16.neg",                           0xFD, 0x61, FA_IMM_NONE, "v:v", 0) \
    X(i8x16_popcnt,                        "i8x16.popcnt",                        0xFD, 0x62, FA_IMM_NONE, "v:v", 0) \
    X(i8x16_all_true,                      "i8x16.all_true",                      0xFD, 0x63, FA_IMM_NONE, "v:i", 0) \
    X(i8x16_bitmask,                       "i8x16.bitmask",                       0xFD, 0x64, FA_IMM_NONE, "v:i", 0) \
    X(i8x16_narrow_i16x8_s,                "i8x16.narrow_i16x8_s",                0xFD, 0x65, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_narrow_i16x8_u,                "i8x16.narrow_i16x8_u",                0xFD, 0x66, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_ceil,                          "f32x4.ceil",                          0xFD, 0x67, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_floor,                         "f32x4.floor",                         0xFD, 0x68, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_trunc,                         "f32x4.trunc",                         0xFD, 0x69, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_nearest,                       "f32x4.nearest",                       0xFD, 0x6A, FA_IMM_NONE, "v:v", 0) \
    X(i8x16_shl,                           "i8x16.shl",                           0xFD, 0x6B, FA_IMM_NONE, "vi:v", 0) \
    X(i8x16_shr_s,                         "i8x16.shr_s",                         0xFD, 0x6C, FA_IMM_NONE, "vi:v", 0) \
    X(i8x16_shr_u,                         "i8x16.shr_u",                         0xFD, 0x6D, FA_IMM_NONE, "vi:v", 0) \
    X(i8x16_add,                           "i8x16.add",                           0xFD, 0x6E, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_add_sat_s,                     "i8x16.add_sat_s",                     0xFD, 0x6F, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_add_sat_u,                     "i8x16.add_sat_u",                     0xFD, 0x70, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_sub,                           "i8x16.sub",                           0xFD, 0x71, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_sub_sat_s,                     "i8x16.sub_sat_s",                     0xFD, 0x72, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_sub_sat_u,                     "i8x16.sub_sat_u",                     0xFD, 0x73, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_ceil,                          "f64x2.ceil",                          0xFD, 0x74, FA_IMM_NONE, "v:v", 0) \
    X(f64x2_floor,                         "f64x2.floor",                         0xFD, 0x75, FA_IMM_NONE, "v:v", 0) \
    X(i8x16_min_s,                         "i8x16.min_s",                         0xFD, 0x76, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_min_u,                         "i8x16.min_u",                         0xFD, 0x77, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_max_s,                         "i8x16.max_s",                         0xFD, 0x78, FA_IMM_NONE, "vv:v", 0) \
    X(i8x16_max_u,                         "i8x16.max_u",                         0xFD, 0x79, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_trunc,                         "f64x2.trunc",                         0xFD, 0x7A, FA_IMM_NONE, "v:v", 0) \
    X(i8x16_avgr_u,                        "i8x16.avgr_u",                        0xFD, 0x7B, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_extadd_pairwise_i8x16_s,       "i16x8.extadd_pairwise_i8x16_s",       0xFD, 0x7C, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_extadd_pairwise_i8x16_u,       "i16x8.extadd_pairwise_i8x16_u",       0xFD, 0x7D, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_extadd_pairwise_i16x8_s,       "i32x4.extadd_pairwise_i16x8_s",       0xFD, 0x7E, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_extadd_pairwise_i16x8_u,       "i32x4.extadd_pairwise_i16x8_u",       0xFD, 0x7F, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_abs,                           "i16x8.abs",                           0xFD, 0x80, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_neg,                           "i16x8.neg",                           0xFD, 0x81, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_q15mulr_sat_s,                 "i16x8.q15mulr_sat_s",                 0xFD, 0x82, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_all_true,                      "i16x8.all_true",                      0xFD, 0x83, FA_IMM_NONE, "v:i", 0) \
    X(i16x8_bitmask,                       "i16x8.bitmask",                       0xFD, 0x84, FA_IMM_NONE, "v:i", 0) \
    X(i16x8_narrow_i32x4_s,                "i16x8.narrow_i32x4_s",                0xFD, 0x85, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_narrow_i32x4_u,                "i16x8.narrow_i32x4_u",                0xFD, 0x86, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_extend_low_i8x16_s,            "i16x8.extend_low_i8x16_s",            0xFD, 0x87, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_extend_high_i8x16_s,           "i16x8.extend_high_i8x16_s",           0xFD, 0x88, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_extend_low_i8x16_u,            "i16x8.extend_low_i8x16_u",            0xFD, 0x89, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_extend_high_i8x16_u,           "i16x8.extend_high_i8x16_u",           0xFD, 0x8A, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_shl,                           "i16x8.shl",                           0xFD, 0x8B, FA_IMM_NONE, "vi:v", 0) \
    X(i16x8_shr_s,                         "i16x8.shr_s",                         0xFD, 0x8C, FA_IMM_NONE, "vi:v", 0) \
    X(i16x8_shr_u,                         "i16x8.shr_u",                         0xFD, 0x8D, FA_IMM_NONE, "vi:v", 0) \
    X(i16x8_add,                           "i16x8.add",                           0xFD, 0x8E, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_add_sat_s,                     "i16x8.add_sat_s",                     0xFD, 0x8F, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_add_sat_u,                     "i16x8.add_sat_u",                     0xFD, 0x90, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_sub,                           "i16x8.sub",                           0xFD, 0x91, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_sub_sat_s,                     "i16x8.sub_sat_s",                     0xFD, 0x92, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_sub_sat_u,                     "i16x8.sub_sat_u",                     0xFD, 0x93, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_nearest,                       "f64x2.nearest",                       0xFD, 0x94, FA_IMM_NONE, "v:v", 0) \
    X(i16x8_mul,                           "i16x8.mul",                           0xFD, 0x95, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_min_s,                         "i16x8.min_s",                         0xFD, 0x96, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_min_u,                         "i16x8.min_u",                         0xFD, 0x97, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_max_s,                         "i16x8.max_s",                         0xFD, 0x98, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_max_u,                         "i16x8.max_u",                         0xFD, 0x99, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_avgr_u,                        "i16x8.avgr_u",                        0xFD, 0x9B, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_extmul_low_i8x16_s,            "i16x8.extmul_low_i8x16_s",            0xFD, 0x9C, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_extmul_high_i8x16_s,           "i16x8.extmul_high_i8x16_s",           0xFD, 0x9D, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_extmul_low_i8x16_u,            "i16x8.extmul_low_i8x16_u",            0xFD, 0x9E, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_extmul_high_i8x16_u,           "i16x8.extmul_high_i8x16_u",           0xFD, 0x9F, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_abs,                           "i32x4.abs",                           0xFD, 0xA0, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_neg,                           "i32x4.neg",                           0xFD, 0xA1, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_all_true,                      "i32x4.all_true",                      0xFD, 0xA3, FA_IMM_NONE, "v:i", 0) \
    X(i32x4_bitmask,                       "i32x4.bitmask",                       0xFD, 0xA4, FA_IMM_NONE, "v:i", 0) \
    X(i32x4_extend_low_i16x8_s,            "i32x4.extend_low_i16x8_s",            0xFD, 0xA7, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_extend_high_i16x8_s,           "i32x4.extend_high_i16x8_s",           0xFD, 0xA8, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_extend_low_i16x8_u,            "i32x4.extend_low_i16x8_u",            0xFD, 0xA9, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_extend_high_i16x8_u,           "i32x4.extend_high_i16x8_u",           0xFD, 0xAA, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_shl,                           "i32x4.shl",                           0xFD, 0xAB, FA_IMM_NONE, "vi:v", 0) \
    X(i32x4_shr_s,                         "i32x4.shr_s",                         0xFD, 0xAC, FA_IMM_NONE, "vi:v", 0) \
    X(i32x4_shr_u,                         "i32x4.shr_u",                         0xFD, 0xAD, FA_IMM_NONE, "vi:v", 0) \
    X(i32x4_add,                           "i32x4.add",                           0xFD, 0xAE, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_sub,                           "i32x4.sub",                           0xFD, 0xB1, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_mul,                           "i32x4.mul",                           0xFD, 0xB5, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_min_s,                         "i32x4.min_s",                         0xFD, 0xB6, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_min_u,                         "i32x4.min_u",                         0xFD, 0xB7, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_max_s,                         "i32x4.max_s",                         0xFD, 0xB8, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_max_u,                         "i32x4.max_u",                         0xFD, 0xB9, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_dot_i16x8_s,                   "i32x4.dot_i16x8_s",                   0xFD, 0xBA, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_extmul_low_i16x8_s,            "i32x4.extmul_low_i16x8_s",            0xFD, 0xBC, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_extmul_high_i16x8_s,           "i32x4.extmul_high_i16x8_s",           0xFD, 0xBD, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_extmul_low_i16x8_u,            "i32x4.extmul_low_i16x8_u",            0xFD, 0xBE, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_extmul_high_i16x8_u,           "i32x4.extmul_high_i16x8_u",           0xFD, 0xBF, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_abs,                           "i64x2.abs",                           0xFD, 0xC0, FA_IMM_NONE, "v:v", 0) \
    X(i64x2_neg,                           "i64x2.neg",                           0xFD, 0xC1, FA_IMM_NONE, "v:v", 0) \
    X(i64x2_all_true,                      "i64x2.all_true",                      0xFD, 0xC3, FA_IMM_NONE, "v:i", 0) \
    X(i64x2_bitmask,                       "i64x2.bitmask",                       0xFD, 0xC4, FA_IMM_NONE, "v:i", 0) \
    X(i64x2_extend_low_i32x4_s,            "i64x2.extend_low_i32x4_s",            0xFD, 0xC7, FA_IMM_NONE, "v:v", 0) \
    X(i64x2_extend_high_i32x4_s,           "i64x2.extend_high_i32x4_s",           0xFD, 0xC8, FA_IMM_NONE, "v:v", 0) \
    X(i64x2_extend_low_i32x4_u,            "i64x2.extend_low_i32x4_u",            0xFD, 0xC9, FA_IMM_NONE, "v:v", 0) \
    X(i64x2_extend_high_i32x4_u,           "i64x2.extend_high_i32x4_u",           0xFD, 0xCA, FA_IMM_NONE, "v:v", 0) \
    X(i64x2_shl,                           "i64x2.shl",                           0xFD, 0xCB, FA_IMM_NONE, "vi:v", 0) \
    X(i64x2_shr_s,                         "i64x2.shr_s",                         0xFD, 0xCC, FA_IMM_NONE, "vi:v", 0) \
    X(i64x2_shr_u,                         "i64x2.shr_u",                         0xFD, 0xCD, FA_IMM_NONE, "vi:v", 0) \
    X(i64x2_add,                           "i64x2.add",                           0xFD, 0xCE, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_sub,                           "i64x2.sub",                           0xFD, 0xD1, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_mul,                           "i64x2.mul",                           0xFD, 0xD5, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_eq,                            "i64x2.eq",                            0xFD, 0xD6, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_ne,                            "i64x2.ne",                            0xFD, 0xD7, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_lt_s,                          "i64x2.lt_s",                          0xFD, 0xD8, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_gt_s,                          "i64x2.gt_s",                          0xFD, 0xD9, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_le_s,                          "i64x2.le_s",                          0xFD, 0xDA, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_ge_s,                          "i64x2.ge_s",                          0xFD, 0xDB, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_extmul_low_i32x4_s,            "i64x2.extmul_low_i32x4_s",            0xFD, 0xDC, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_extmul_high_i32x4_s,           "i64x2.extmul_high_i32x4_s",           0xFD, 0xDD, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_extmul_low_i32x4_u,            "i64x2.extmul_low_i32x4_u",            0xFD, 0xDE, FA_IMM_NONE, "vv:v", 0) \
    X(i64x2_extmul_high_i32x4_u,           "i64x2.extmul_high_i32x4_u",           0xFD, 0xDF, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_abs,                           "f32x4.abs",                           0xFD, 0xE0, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_neg,                           "f32x4.neg",                           0xFD, 0xE1, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_sqrt,                          "f32x4.sqrt",                          0xFD, 0xE3, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_add,                           "f32x4.add",                           0xFD, 0xE4, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_sub,                           "f32x4.sub",                           0xFD, 0xE5, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_mul,                           "f32x4.mul",                           0xFD, 0xE6, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_div,                           "f32x4.div",                           0xFD, 0xE7, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_min,                           "f32x4.min",                           0xFD, 0xE8, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_max,                           "f32x4.max",                           0xFD, 0xE9, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_pmin,                          "f32x4.pmin",                          0xFD, 0xEA, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_pmax,                          "f32x4.pmax",                          0xFD, 0xEB, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_abs,                           "f64x2.abs",                           0xFD, 0xEC, FA_IMM_NONE, "v:v", 0) \
    X(f64x2_neg,                           "f64x2.neg",                           0xFD, 0xED, FA_IMM_NONE, "v:v", 0) \
    X(f64x2_sqrt,                          "f64x2.sqrt",                          0xFD, 0xEF, FA_IMM_NONE, "v:v", 0) \
    X(f64x2_add,                           "f64x2.add",                           0xFD, 0xF0, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_sub,                           "f64x2.sub",                           0xFD, 0xF1, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_mul,                           "f64x2.mul",                           0xFD, 0xF2, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_div,                           "f64x2.div",                           0xFD, 0xF3, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_min,                           "f64x2.min",                           0xFD, 0xF4, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_max,                           "f64x2.max",                           0xFD, 0xF5, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_pmin,                          "f64x2.pmin",                          0xFD, 0xF6, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_pmax,                          "f64x2.pmax",                          0xFD, 0xF7, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_trunc_sat_f32x4_s,             "i32x4.trunc_sat_f32x4_s",             0xFD, 0xF8, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_trunc_sat_f32x4_u,             "i32x4.trunc_sat_f32x4_u",             0xFD, 0xF9, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_convert_i32x4_s,               "f32x4.convert_i32x4_s",               0xFD, 0xFA, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_convert_i32x4_u,               "f32x4.convert_i32x4_u",               0xFD, 0xFB, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_trunc_sat_f64x2_s_zero,        "i32x4.trunc_sat_f64x2_s_zero",        0xFD, 0xFC, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_trunc_sat_f64x2_u_zero,        "i32x4.trunc_sat_f64x2_u_zero",        0xFD, 0xFD, FA_IMM_NONE, "v:v", 0) \
    X(f64x2_convert_low_i32x4_s,           "f64x2.convert_low_i32x4_s",           0xFD, 0xFE, FA_IMM_NONE, "v:v", 0) \
    X(f64x2_convert_low_i32x4_u,           "f64x2.convert_low_i32x4_u",           0xFD, 0xFF, FA_IMM_NONE, "v:v", 0) \
    X(i8x16_relaxed_swizzle,               "i8x16.relaxed_swizzle",               0xFD, 0x100, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_relaxed_trunc_f32x4_s,         "i32x4.relaxed_trunc_f32x4_s",         0xFD, 0x101, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_relaxed_trunc_f32x4_u,         "i32x4.relaxed_trunc_f32x4_u",         0xFD, 0x102, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_relaxed_trunc_f64x2_s_zero,    "i32x4.relaxed_trunc_f64x2_s_zero",    0xFD, 0x103, FA_IMM_NONE, "v:v", 0) \
    X(i32x4_relaxed_trunc_f64x2_u_zero,    "i32x4.relaxed_trunc_f64x2_u_zero",    0xFD, 0x104, FA_IMM_NONE, "v:v", 0) \
    X(f32x4_relaxed_madd,                  "f32x4.relaxed_madd",                  0xFD, 0x105, FA_IMM_NONE, "vvv:v", 0) \
    X(f32x4_relaxed_nmadd,                 "f32x4.relaxed_nmadd",                 0xFD, 0x106, FA_IMM_NONE, "vvv:v", 0) \
    X(f64x2_relaxed_madd,                  "f64x2.relaxed_madd",                  0xFD, 0x107, FA_IMM_NONE, "vvv:v", 0) \
    X(f64x2_relaxed_nmadd,                 "f64x2.relaxed_nmadd",                 0xFD, 0x108, FA_IMM_NONE, "vvv:v", 0) \
    X(i8x16_relaxed_laneselect,            "i8x16.relaxed_laneselect",            0xFD, 0x109, FA_IMM_NONE, "vvv:v", 0) \
    X(i16x8_relaxed_laneselect,            "i16x8.relaxed_laneselect",            0xFD, 0x10A, FA_IMM_NONE, "vvv:v", 0) \
    X(i32x4_relaxed_laneselect,            "i32x4.relaxed_laneselect",            0xFD, 0x10B, FA_IMM_NONE, "vvv:v", 0) \
    X(i64x2_relaxed_laneselect,            "i64x2.relaxed_laneselect",            0xFD, 0x10C, FA_IMM_NONE, "vvv:v", 0) \
    X(f32x4_relaxed_min,                   "f32x4.relaxed_min",                   0xFD, 0x10D, FA_IMM_NONE, "vv:v", 0) \
    X(f32x4_relaxed_max,                   "f32x4.relaxed_max",                   0xFD, 0x10E, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_relaxed_min,                   "f64x2.relaxed_min",                   0xFD, 0x10F, FA_IMM_NONE, "vv:v", 0) \
    X(f64x2_relaxed_max,                   "f64x2.relaxed_max",                   0xFD, 0x110, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_relaxed_q15mulr_s,             "i16x8.relaxed_q15mulr_s",             0xFD, 0x111, FA_IMM_NONE, "vv:v", 0) \
    X(i16x8_relaxed_dot_i8x16_i7x16_s,     "i16x8.relaxed_dot_i8x16_i7x16_s",     0xFD, 0x112, FA_IMM_NONE, "vv:v", 0) \
    X(i32x4_relaxed_dot_i8x16_i7x16_add_s, "i32x4.relaxed_dot_i8x16_i7x16_add_s", 0xFD, 0x113, FA_IMM_NONE, "vvv:v", 0)
/* clang-format on */

/* FA_OP_<name>: dense index of each row, for tables indexed by instruction. */
/* The SIMD rows exist only in builds with SIMD (fayasm_config.h FAYASM_SIMD);
 * without them a 0xFD opcode decodes as unknown. */
#if !defined(FAYASM_SIMD) || FAYASM_SIMD
#define FA_OPCODES_SIMD_IF_(X) FA_OPCODES_SIMD(X)
#else
#define FA_OPCODES_SIMD_IF_(X)
#endif

typedef enum fa_op {
#define FA_X_ENUM(name, text, prefix, code, imm, sig, size) FA_OP_##name,
    FA_OPCODES(FA_X_ENUM)
#undef FA_X_ENUM
    FA_OP_COUNT,
    FA_OP_INVALID = 0xFFFF
} fa_op;

/* Packed (16 bytes on 32-bit targets, 24 on 64-bit): the table has a row
 * per instruction and is a large part of a small build. */
typedef struct fa_opinfo {
    const char *name;
    const char *sig;
    unsigned short code; /* up to 0x113 */
    unsigned char prefix;
    unsigned char imm; /* fa_imm */
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
