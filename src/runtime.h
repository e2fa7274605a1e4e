/*
 * runtime.h - run-time objects shared by instance.c, exec.c and api.c.
 *
 * A fa_runtime owns everything: the type registry (canonical function types,
 * so call_indirect compares one integer), the import namespace, every
 * module/instance/host object, and the execution state: ONE contiguous value
 * stack of 64-bit slots and ONE array of explicit call frames. No wasm call
 * ever recurses on the C stack.
 *
 * Value representation in a slot (uint64_t):
 *   i32      low 32 bits (upper bits unspecified; read through (uint32_t))
 *   i64      all 64 bits
 *   f32/f64  the IEEE bit pattern (low 32 bits for f32)
 *   funcref  (uintptr_t)(fa_func *), 0 = null
 *   externref (uintptr_t)(void *), 0 = null
 *   v128     two consecutive slots, low 8 bytes first (little-endian lanes)
 */
#ifndef FA_RUNTIME_H
#define FA_RUNTIME_H

#include <stdint.h>

#include "fayasm.h"
#include "module.h"

typedef uint64_t fa_slot;

/* Every object the runtime owns starts with this header (object list for fa_runtime_free). */
typedef enum fa_objkind {
    FA_OBJ_MODULE,
    FA_OBJ_INSTANCE,
    FA_OBJ_FUNC,   /* host functions created by fa_func_new_host */
    FA_OBJ_MEMORY,
    FA_OBJ_TABLE,
    FA_OBJ_GLOBAL
} fa_objkind;

typedef struct fa_object {
    struct fa_object *next, *prev;
    fa_objkind kind;
} fa_object;

struct fa_func {
    fa_object obj;      /* used only by host functions, which the runtime owns directly */
    fa_runtime *rt;
    const fa_type *type; /* signature (module's type, or the host function's own copy) */
    uint32_t type_id;    /* canonical id (fa_runtime_intern_type) */
    fa_instance *inst;   /* defining instance; NULL for host functions */
    fa_funcdef *def;     /* wasm functions: body and translated code */
    uint32_t func_idx;   /* index in the defining module's function space */
    fa_host_fn host;     /* host functions */
    void *host_user;
};

struct fa_memory {
    fa_object obj;
    fa_runtime *rt;
    uint8_t *data;      /* size bytes; may move when the memory grows */
    uint64_t size;      /* bytes == pages * 64 KiB */
    uint64_t pages;
    uint64_t max_pages; /* effective limit: type max, index-type max, config cap */
    fa_memtype type;    /* current type (limits.min follows growth) */
};

struct fa_table {
    fa_object obj;
    fa_runtime *rt;
    fa_slot *elems;     /* size entries; refs as in the slot representation */
    uint32_t size;
    uint32_t max_size;  /* effective limit */
    fa_tabletype type;
};

struct fa_global {
    fa_object obj;
    fa_runtime *rt;
    fa_globaltype type;
    fa_slot val[2];     /* v128 uses both */
};

struct fa_instance {
    fa_object obj;
    fa_runtime *rt;
    fa_module *mod;
    fa_func **funcs;        /* mod->n_funcs: imports resolved, then &own_funcs[i] */
    fa_func *own_funcs;     /* mod->n_funcdefs */
    fa_table **tables;      /* mod->n_tables */
    fa_memory **mems;       /* mod->n_mems */
    fa_global **globals;    /* mod->n_globals */
    uint32_t *type_ids;     /* canonical id of each module type index */
    /* Element segments after evaluation; elem_len[i] = 0 once dropped
     * (active and declarative segments are dropped at instantiation). */
    uint32_t *elem_len;
    fa_slot **elem_items;
    /* Data segments: 1 once dropped (active ones are dropped at instantiation). */
    uint8_t *data_dropped;
};

/* One call frame. exec.c pushes and pops them; code.h documents ip. */
typedef struct fa_frame {
    const void *ip;   /* resume point in the caller's code */
    fa_slot *fp;      /* frame base: slot 0 = first parameter */
    fa_func *func;
} fa_frame;

typedef struct fa_ns_entry {
    char *module_name;
    char *name;
    fa_extern ext;
} fa_ns_entry;

struct fa_runtime {
    fa_config cfg;

    /* Canonical function types (owned vts). */
    uint32_t n_types, cap_types;
    fa_type *types;

    /* Import namespace (fa_runtime_define / fa_runtime_register). */
    uint32_t n_ns, cap_ns;
    fa_ns_entry *ns;

    /* Owned objects, freed by fa_runtime_free. */
    fa_object *objects;

    /* Execution state. */
    fa_slot *stack;        /* cfg.stack_slots slots */
    fa_slot *stack_end;
    fa_slot *sp;           /* first free slot (for re-entrant calls from host functions) */
    fa_frame *frames;      /* cfg.max_call_depth frames */
    uint32_t depth;        /* frames in use */
    volatile int interrupt; /* set by fa_runtime_interrupt */
    uint64_t fuel_left;

    /* Last trap details (host trap message, exit code). */
    fa_trap trap;
    int exit_code;
    char trap_msg[256];
};

/* runtime.c: returns the canonical id of a function type, interning it.
 * UINT32_MAX on OOM. */
uint32_t fa_runtime_intern_type(fa_runtime *rt, uint32_t n_params, uint32_t n_results,
                                const fa_vt *vts);
/* runtime.c: object list. */
void fa_object_link(fa_runtime *rt, fa_object *o, fa_objkind kind);
void fa_object_unlink(fa_runtime *rt, fa_object *o);

/* The host-call context (api.c accessors read it; exec.c fills it). */
struct fa_call {
    fa_runtime *rt;
    fa_func *func;
    fa_instance *caller;  /* instance of the calling wasm function, or NULL */
    const fa_slot *args;  /* n_params values */
    fa_slot *results;     /* n_results values (separate from args) */
};

/*
 * exec.c: runs f. On entry sp[0..) holds the arguments in slot form; on
 * FA_TRAP_NONE sp[0..) holds the results. sp must lie within the runtime's
 * stack (the caller checks room for max(params, results)). Host functions
 * may call this again (re-entrancy) with sp at rt->sp.
 */
fa_trap fa_exec_call(fa_runtime *rt, fa_func *f, fa_slot *sp);

/* compile.c: translates function `def` of module m (already validated).
 * Only allocation can fail. Idempotent: does nothing if def->code is set. */
fa_result fa_compile_function(fa_module *m, fa_funcdef *def, fa_error *err);
/* compile.c/code.h: frees def->code. */
void fa_code_free(fa_runtime *rt, struct fa_code *code);

/* memory.c */
fa_memory *fa_memory_create(fa_runtime *rt, const fa_memtype *type);
/* Grows by delta pages: returns the old page count, or -1 (as uint64) if it cannot. */
uint64_t fa_memory_grow_pages(fa_memory *m, uint64_t delta);
void fa_memory_destroy(fa_memory *m);

/* table (instance.c) */
fa_table *fa_table_create(fa_runtime *rt, const fa_tabletype *type, fa_slot init);
/* Grows by delta with init: old size, or UINT32_MAX if it cannot. */
uint32_t fa_table_grow_n(fa_table *t, uint32_t delta, fa_slot init);

#endif /* FA_RUNTIME_H */
