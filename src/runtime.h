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

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
    fa_instance *owner; /* defining instance, NULL for fa_memory_new (lifetime rule in instance.c) */
    /* Host memories (fa_memory_new_host): data is the host's buffer of
     * capacity bytes (>= size), never freed by the runtime; growth past the
     * capacity asks host_grow (NULL: it fails). */
    uint8_t host_buf;
    size_t capacity;
    fa_memory_grow_fn host_grow;
    void *host_user;
};

struct fa_table {
    fa_object obj;
    fa_runtime *rt;
    fa_slot *elems;     /* size entries; refs as in the slot representation */
    uint32_t size;
    uint32_t max_size;  /* effective limit: the type's max and cfg.max_table_elems */
    fa_tabletype type;  /* current type (limits.min follows growth) */
    fa_instance *owner; /* defining instance, NULL for fa_table_new */
};

struct fa_global {
    fa_object obj;
    fa_runtime *rt;
    fa_globaltype type;
    fa_slot val[2];     /* v128 uses both */
    fa_instance *owner; /* defining instance, NULL for fa_global_new */
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

    /* Lifetime (instance.c documents the rule). refs counts the holders:
     * the embedder's handle until fa_instance_free, one per import of
     * another live instance resolved to one of our exports, one per
     * namespace entry naming one of our exports, and a permanent one when
     * the instance is pinned. At zero the instance and the memories,
     * tables and globals it defines are freed. */
    uint32_t refs;
    uint8_t user_released;         /* fa_instance_free was called */
    fa_instance **import_owners;   /* mod->n_imports: owner of import i, or NULL */
};

/* One call frame. exec.c pushes and pops them; code.h documents ip. */
typedef struct fa_frame {
    const void *ip;   /* resume point in the caller's code */
    fa_slot *fp;      /* frame base: slot 0 = first parameter */
    fa_func *func;
} fa_frame;

/* Interrupt flag: written by any thread (or a signal handler), read by the
 * interpreter at calls and loop back-edges. */
#if defined(__STDC_NO_ATOMICS__)
#include <signal.h>
typedef volatile sig_atomic_t fa_interrupt_flag;
#else
#include <stdatomic.h>
typedef atomic_int fa_interrupt_flag;
#endif

typedef struct fa_ns_entry {
    char *module_name;
    char *name;
    fa_extern ext;
    fa_instance *owner; /* instance that defines ext (holds a reference), or NULL */
} fa_ns_entry;

struct fa_runtime {
    fa_config cfg;

    /* Canonical function types (owned vts). types[id].id == id. */
    uint32_t n_types, cap_types;
    fa_type *types;
    fa_valtype **pub_vts;    /* per id: the same types as fa_valtype (fa_func_type) */
    uint32_t cap_pub_vts;
    uint32_t *type_hash;     /* open addressing: id + 1, 0 = empty; cap_type_hash slots */
    uint32_t cap_type_hash;

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
    fa_interrupt_flag interrupt; /* set by fa_runtime_interrupt (any thread) */
    uint64_t fuel_left;

    /* Last trap details (host trap message, exit code). */
    fa_trap trap;
    int exit_code;
    char trap_msg[256];
    /* Backtrace of the last trap: frames[0..trap_depth) as they were when it
     * happened (innermost last; .func names each function). exec.c sets it;
     * valid until the next call runs. */
    uint32_t trap_depth;
    /* Position in the top frame of that backtrace (code.h ip; NULL when the
     * top frame is a host function). exec.c sets it with trap_depth. */
    const void *trap_ip;

    /* The last trap's backtrace, resolved by backtrace.c right after the
     * trap (names and offsets copied: it outlives the instances). */
    uint32_t bt_n, bt_total; /* frames kept (innermost first), frames there were */
    fa_trap bt_trap;
    struct fa_bt_frame *bt;  /* backtrace.c: FA_BT_MAX entries, allocated on the first trap */

    /* Code cache (codecache.c): every translation of every module of this
     * runtime, in a list from the oldest translation to the newest, and the
     * bytes they take (fa_config.code_cache_bytes bounds them). */
    struct fa_code *code_oldest, *code_newest;
    size_t code_bytes;
    uint32_t code_mark; /* generation of the live-code marks */
    uint64_t code_translations, code_drops;

    uint32_t reentry;                   /* nested calls from host functions into wasm */
    struct fa_native_lib *native_libs;  /* native.c: libraries to unload at free */
#ifdef FAYASM_STATS
    /* Only in a -DFAYASM_STATS build (exec.c counts every dispatch of internal
     * op i in stats_ops[i]; fa_runtime_op_stat reads them). Zeroed with rt. */
#define FA_STATS_MAX_OPS 1024
    uint64_t stats_ops[FA_STATS_MAX_OPS];
#endif
};

/* runtime.c: returns the canonical id of a function type, interning it.
 * UINT32_MAX on OOM. */
uint32_t fa_runtime_intern_type(fa_runtime *rt, uint32_t n_params, uint32_t n_results,
                                const fa_vt *vts);
/* runtime.c: the namespace entry for (module_name, name), or NULL. The
 * names are byte strings with lengths (wasm names may contain U+0000). */
const fa_extern *fa_runtime_lookup(fa_runtime *rt, const char *module_name,
                                   size_t module_name_len, const char *name, size_t name_len);
/* runtime.c: object list. */
void fa_object_link(fa_runtime *rt, fa_object *o, fa_objkind kind);
void fa_object_unlink(fa_runtime *rt, fa_object *o);

/* A loaded module with its bookkeeping; the embedder's fa_module * is &box->m.
 * refs = the embedder's handle (until fa_module_free) + one per live instance. */
typedef struct fa_module_box {
    fa_object obj;
    uint32_t refs;
    fa_module m;
} fa_module_box;

static inline fa_module_box *fa_module_box_of(const fa_module *m)
{
    return (fa_module_box *)(void *)((char *)(uintptr_t)m - offsetof(fa_module_box, m));
}

/* api.c: drops one holder of m; the last one frees it (unlinks, fa_module_clear). */
void fa_module_release(fa_module *m);
/* api.c / instance.c / memory.c / table.c: free one object without touching
 * others (used by fa_runtime_free, which frees instances first). */
void fa_module_destroy(fa_module *m);
void fa_host_func_destroy(fa_func *f);
/* instance.c: frees inst's arrays; with own_objects also the memories,
 * tables and globals it defines (fa_runtime_free passes 0: they are freed
 * from the object list). */
void fa_instance_destroy(fa_instance *inst, int own_objects);
/* instance.c: drops one holder of inst; at zero releases what it holds. */
void fa_instance_release(fa_instance *inst);
/* instance.c: the instance that defines ext, or NULL (host/standalone object). */
fa_instance *fa_extern_owner(fa_extern ext);
void fa_table_destroy(fa_table *t);
void fa_global_destroy(fa_global *g);

/* api.c: runs f on the runtime's value stack with its arguments in io
 * (slot form, io must have room for max(param, result) slots) and copies the
 * results back into io. Saves/restores rt->sp and rt->depth, so it is
 * re-entrant. On a trap fills err (FA_ERR_TRAP, trap, message, exit_code). */
fa_result fa_invoke(fa_runtime *rt, fa_func *f, fa_slot *io, fa_error *err);

/* Slots a function type's params / results take (v128 = 2). */
static inline uint32_t fa_vts_slots(const fa_vt *vts, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        s += fa_vt_slots(vts[i]);
    return s;
}

/* Public value <-> slot form (the value representation above). */
static inline void fa_value_to_slots(const fa_value *v, fa_slot *s)
{
    switch (v->type) {
    case FA_I32: s[0] = (uint32_t)v->of.i32; break;
    case FA_I64: s[0] = (uint64_t)v->of.i64; break;
    case FA_F32: s[0] = v->of.f32_bits; break;
    case FA_F64: s[0] = v->of.f64_bits; break;
    case FA_FUNCREF: s[0] = (uintptr_t)v->of.funcref; break;
    case FA_EXTERNREF: s[0] = (uintptr_t)v->of.externref; break;
    case FA_V128: {
        uint64_t lo = 0, hi = 0;
        for (int i = 7; i >= 0; i--) {
            lo = lo << 8 | v->of.v128.bytes[i];
            hi = hi << 8 | v->of.v128.bytes[8 + i];
        }
        s[0] = lo;
        s[1] = hi;
        break;
    }
    default: s[0] = 0; break;
    }
}

static inline fa_value fa_slots_to_value(fa_vt t, const fa_slot *s)
{
    fa_value v;
    memset(&v, 0, sizeof v);
    v.type = (fa_valtype)t;
    switch (t) {
    case FA_I32: v.of.i32 = (int32_t)(uint32_t)s[0]; break;
    case FA_I64: v.of.i64 = (int64_t)s[0]; break;
    case FA_F32: v.of.f32_bits = (uint32_t)s[0]; break;
    case FA_F64: v.of.f64_bits = s[0]; break;
    case FA_FUNCREF: v.of.funcref = (fa_func *)(uintptr_t)s[0]; break;
    case FA_EXTERNREF: v.of.externref = (void *)(uintptr_t)s[0]; break;
    case FA_V128:
        for (int i = 0; i < 8; i++) {
            v.of.v128.bytes[i] = (uint8_t)(s[0] >> (8 * i));
            v.of.v128.bytes[8 + i] = (uint8_t)(s[1] >> (8 * i));
        }
        break;
    default: break;
    }
    return v;
}

/* A value type the public API accepts. */
static inline int fa_valtype_ok(int t)
{
    return t == FA_I32 || t == FA_I64 || t == FA_F32 || t == FA_F64 || t == FA_V128 ||
           t == FA_FUNCREF || t == FA_EXTERNREF;
}

/* Tables never allocate more entries than this (V8 uses the same cap), so a
 * huge table.grow fails with -1 instead of exhausting the host. */
#define FA_TABLE_MAX_ELEMS 10000000u

/* How many entries t can still grow by (max_size and FA_TABLE_MAX_ELEMS). */
static inline uint32_t fa_table_room(const fa_table *t)
{
    uint32_t cap = t->max_size < FA_TABLE_MAX_ELEMS ? t->max_size : FA_TABLE_MAX_ELEMS;
    return cap > t->size ? cap - t->size : 0;
}

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

/* backtrace.c: resolves frames[0..trap_depth) (with trap_ip) into rt->bt
 * after a trap: function names, indices and module offsets are copied, so
 * the backtrace stays readable after the instances are freed. */
void fa_backtrace_resolve(fa_runtime *rt, fa_trap trap);
void fa_backtrace_free(fa_runtime *rt);

/* native.c: unloads the native libraries (after every object is freed). */
void fa_native_unload_all(fa_runtime *rt);

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
