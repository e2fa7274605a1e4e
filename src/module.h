/*
 * module.h - the decoded form of a binary module (spec 2.5, 5.5).
 *
 * decode.c fills a fa_module from bytes; validate.c checks it; compile.c
 * translates function bodies; instance.c instantiates it. The module owns a
 * private copy of the binary (`bytes`), and every body and constant
 * expression is kept as a [off, off+len) range into that copy, so nothing is
 * decoded twice into separate storage.
 *
 * Index spaces (functions, tables, memories, globals) put imports first, as
 * the spec does: func index i < n_func_imports names an import.
 */
#ifndef FA_MODULE_H
#define FA_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "fayasm.h"

struct fa_code; /* compiled internal code of one function (code.h) */

/* Value type as its binary encoding (FA_I32 = 0x7F, ... FA_EXTERNREF = 0x6F). */
typedef uint8_t fa_vt;

static inline int fa_vt_is_ref(fa_vt t) { return t == FA_FUNCREF || t == FA_EXTERNREF; }
/* Value-stack slots a value of type t occupies (v128 takes two). */
static inline unsigned fa_vt_slots(fa_vt t) { return t == FA_V128 ? 2u : 1u; }

/* Function type: params then results in one array. */
typedef struct fa_type {
    uint32_t n_params;
    uint32_t n_results;
    fa_vt *vts;    /* n_params + n_results entries */
    uint32_t id;   /* canonical id in the runtime's type registry (runtime.h) */
} fa_type;

static inline const fa_vt *fa_type_params(const fa_type *t) { return t->vts; }
/* vts is NULL for a type with no params and no results: NULL + 0 is UB in C. */
static inline const fa_vt *fa_type_results(const fa_type *t)
{
    return t->n_params ? t->vts + t->n_params : t->vts;
}

typedef struct fa_limits_t {
    uint64_t min;
    uint64_t max;
    uint8_t has_max;
    uint8_t is64;   /* memory64 */
    uint8_t shared; /* threads proposal flag; rejected unless supported */
} fa_limits_t;

typedef struct fa_tabletype {
    fa_vt elem_type;
    fa_limits_t limits;
} fa_tabletype;

typedef struct fa_memtype {
    fa_limits_t limits;
} fa_memtype;

typedef struct fa_globaltype {
    fa_vt type;
    uint8_t mut;
} fa_globaltype;

/* A constant expression: bytes [off, off+len) of module->bytes, including the final 0x0B. */
typedef struct fa_expr {
    uint32_t off;
    uint32_t len;
} fa_expr;

typedef struct fa_import {
    char *module_name;
    char *name;
    uint8_t kind; /* fa_extern_kind */
    union {
        uint32_t type_idx; /* FA_EXTERN_FUNC */
        fa_tabletype table;
        fa_memtype mem;
        fa_globaltype global;
    } desc;
    /* Byte lengths of the names: a name may contain U+0000, so compare with
     * memcmp over these lengths (the strings are also NUL-terminated; decode
     * allocates len+1 bytes for each). */
    uint32_t module_name_len;
    uint32_t name_len;
} fa_import;

typedef struct fa_export {
    char *name;
    uint8_t kind; /* fa_extern_kind */
    uint32_t index;
    uint32_t name_len; /* byte length (the name may contain U+0000); allocated len+1 */
} fa_export;

/* Run-length local declarations, as in the binary: `count` locals of `type`. */
typedef struct fa_localrun {
    uint32_t count;
    fa_vt type;
} fa_localrun;

/* A function defined in the module (not imported). */
typedef struct fa_funcdef {
    uint32_t type_idx;
    uint32_t n_locals;     /* declared locals, excluding params */
    uint32_t n_localruns;
    fa_localrun *localruns;
    uint32_t body_off;     /* first instruction of the body in module->bytes */
    uint32_t body_len;     /* up to and including the final 0x0B */
    uint32_t code_off;     /* start of the whole code entry (size field), for messages */
    struct fa_code *code;  /* translated code, NULL until compiled (lazily or eagerly) */
    uint8_t validated;     /* body validated (at load, or on first use with lazy_validation) */
} fa_funcdef;

typedef struct fa_global_def {
    fa_globaltype type;
    fa_expr init;
} fa_global_def;

enum fa_segmode { FA_SEG_ACTIVE, FA_SEG_PASSIVE, FA_SEG_DECLARATIVE };

typedef struct fa_elem {
    uint8_t mode;       /* fa_segmode */
    fa_vt type;         /* element reference type */
    uint32_t table_idx; /* active only */
    fa_expr offset;     /* active only */
    uint32_t n;
    /* Exactly one of these is used: func_idx when the segment lists function
     * indices (flags 0-3), exprs when it lists expressions (flags 4-7). */
    uint32_t *func_idx;
    fa_expr *exprs;
} fa_elem;

typedef struct fa_data {
    uint8_t mode;       /* FA_SEG_ACTIVE or FA_SEG_PASSIVE */
    uint32_t mem_idx;
    fa_expr offset;
    uint32_t data_off;  /* bytes [data_off, data_off+data_len) of module->bytes */
    uint32_t data_len;
} fa_data;

struct fa_module {
    fa_runtime *rt;
    uint8_t *bytes; /* private copy of the binary */
    size_t n_bytes;

    uint32_t n_types;
    fa_type *types;

    uint32_t n_imports;
    fa_import *imports;
    uint32_t n_func_imports, n_table_imports, n_mem_imports, n_global_imports;

    /* Type index of every function in the function index space (imports first). */
    uint32_t n_funcs;        /* imports + definitions */
    uint32_t *func_type_idx; /* n_funcs entries */
    uint32_t n_funcdefs;     /* == n_funcs - n_func_imports */
    fa_funcdef *funcdefs;

    uint32_t n_tables;       /* imports + definitions */
    fa_tabletype *tables;    /* n_tables entries (imported ones copied from the import) */
    uint32_t n_mems;
    fa_memtype *mems;
    uint32_t n_globals;
    fa_globaltype *global_types; /* n_globals entries (imports first) */
    uint32_t n_global_defs;
    fa_global_def *global_defs;  /* the defined globals (index - n_global_imports) */

    uint32_t n_exports;
    fa_export *exports;

    int has_start;
    uint32_t start;

    uint32_t n_elems;
    fa_elem *elems;

    int has_data_count;
    uint32_t data_count;
    uint32_t n_datas;
    fa_data *datas;

    /* Functions that ref.func may name outside function bodies (C.refs in
     * the spec): set by decode/validate from exports, globals and elems. */
    uint8_t *func_declared; /* n_funcs flags */

    /* Name section (optional, parse errors there are ignored as the spec
     * allows): func_names[i] is NULL when function i has no name. */
    char *module_name;
    char **func_names; /* n_funcs entries or NULL */
};

/* Type of function `func_idx` in the function index space. */
static inline const fa_type *fa_module_func_type(const fa_module *m, uint32_t func_idx)
{
    return &m->types[m->func_type_idx[func_idx]];
}

/* decode.c: parses bytes (already copied into m->bytes). On error fills err
 * (FA_ERR_MALFORMED, spec message, offset) and returns it. */
fa_result fa_decode(fa_module *m, fa_error *err);
/* decode.c: the encoding checks of function bodies that fa_decode defers to
 * the validator's single walk (unless rt->cfg.lazy_validation). fa_validate
 * runs them when it fails, so an encoding error, which comes first in the
 * reference interpreter, still wins. FA_OK, or fa_decode's error. */
fa_result fa_decode_bodies(fa_module *m, fa_error *err);
/* validate.c: validates a decoded module. FA_ERR_INVALID (or MALFORMED for
 * encoding errors found inside bodies) with message and offset;
 * FA_ERR_UNSUPPORTED when the module needs a feature switched off in
 * rt->cfg.features (or never supported: shared memories, table64), FA_ERR_OOM.
 * Also completes func_declared (allocating it if decode left it NULL). */
fa_result fa_validate(fa_module *m, fa_error *err);
/* validate.c: validates one function body (funcdefs[def_idx]) that
 * fa_validate skipped under rt->cfg.lazy_validation; sets its `validated`.
 * Same results as fa_validate. */
fa_result fa_validate_function(fa_module *m, uint32_t def_idx, fa_error *err);
/* Frees everything m owns except m itself (used by fa_module_free). */
void fa_module_clear(fa_module *m);

#endif /* FA_MODULE_H */
