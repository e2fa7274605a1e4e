/*
 * fayasm.h - the public interface of the fayasm WebAssembly runtime.
 *
 * Everything an embedder needs is in this one header. Handles are opaque.
 * Ownership rule: every object created from a runtime (modules, instances,
 * host functions, memories, tables, globals) belongs to that runtime and is
 * released by fa_runtime_free at the latest.
 *
 * Lifetime rule: fa_module_free and fa_instance_free drop the caller's
 * handle; the object is freed once nothing inside the runtime can reach it.
 *  - A module lives while any instance of it lives.
 *  - An instance (with its functions and the memories, tables and globals it
 *    defines) lives while another live instance imports one of its exports
 *    or a namespace entry (fa_runtime_define/fa_runtime_register) names one.
 *  - An instance that could hand references to its own functions to other
 *    code -- it imports a funcref table, a mutable funcref global, or a
 *    function taking a funcref -- is kept until fa_runtime_free. So is a
 *    failed instantiation of such a module (its segments may already have
 *    written its functions into an imported table, as the spec requires).
 *  - Host functions and fa_memory_new/fa_table_new/fa_global_new objects
 *    live until fa_runtime_free.
 * Handles the embedder holds (exports looked up, funcrefs returned by calls)
 * are valid while their instance lives: after fa_instance_free, only while
 * one of the rules above keeps it alive.
 *
 * Thread rule: a runtime and everything created from it is used by one thread
 * at a time. Separate runtimes are independent (there is no global mutable
 * state), so different threads may each drive their own runtime.
 *
 * Hello embedding:
 *
 *   fa_runtime *rt = fa_runtime_new(NULL);
 *   fa_module *m;  fa_instance *inst;  fa_error err;
 *   if (fa_module_load_file(rt, "fib.wasm", &m, &err) != FA_OK) ... err.message
 *   if (fa_instance_new(rt, m, &inst, &err) != FA_OK) ...
 *   fa_value arg = fa_i32(20), res;
 *   if (fa_func_call(fa_instance_func(inst, "fib"), &arg, 1, &res, 1, &err) == FA_OK)
 *       printf("%d\n", res.of.i32);
 *   fa_runtime_free(rt);
 */
#ifndef FAYASM_H
#define FAYASM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(FAYASM_SHARED_BUILD)
#define FA_API __declspec(dllexport)
#elif defined(__GNUC__)
#define FA_API __attribute__((visibility("default")))
#else
#define FA_API
#endif

#define FA_VERSION_MAJOR 0
#define FA_VERSION_MINOR 1
#define FA_VERSION_PATCH 0
#define FA_VERSION_STRING "0.1.0"

/* ---------------------------------------------------------------- handles */

typedef struct fa_runtime fa_runtime;
typedef struct fa_module fa_module;
typedef struct fa_instance fa_instance;
typedef struct fa_func fa_func;
typedef struct fa_memory fa_memory;
typedef struct fa_table fa_table;
typedef struct fa_global fa_global;
typedef struct fa_call fa_call; /* context handed to a host function */

/* ---------------------------------------------------------------- results */

typedef enum fa_result {
    FA_OK = 0,
    FA_ERR_MALFORMED,  /* the bytes are not a well-formed binary module */
    FA_ERR_INVALID,    /* well-formed but fails validation */
    FA_ERR_LINK,       /* an import is missing or has the wrong type */
    FA_ERR_TRAP,       /* execution trapped (also: start function, segment init) */
    FA_ERR_OOM,        /* an allocation failed */
    FA_ERR_IO,         /* a file could not be read */
    FA_ERR_ARG,        /* bad argument: NULL handle, wrong count or type, ... */
    FA_ERR_NOT_FOUND,  /* no export / definition of that name */
    FA_ERR_UNSUPPORTED /* a feature this build or configuration leaves out */
} fa_result;

/* Trap codes. fa_trap_message gives the spec's wording for each. */
typedef enum fa_trap {
    FA_TRAP_NONE = 0,
    FA_TRAP_UNREACHABLE,           /* "unreachable" */
    FA_TRAP_MEMORY_OOB,            /* "out of bounds memory access" */
    FA_TRAP_TABLE_OOB,             /* "out of bounds table access" */
    FA_TRAP_UNDEFINED_ELEMENT,     /* "undefined element" */
    FA_TRAP_UNINITIALIZED_ELEMENT, /* "uninitialized element" */
    FA_TRAP_INDIRECT_CALL_TYPE,    /* "indirect call type mismatch" */
    FA_TRAP_INT_DIV_ZERO,          /* "integer divide by zero" */
    FA_TRAP_INT_OVERFLOW,          /* "integer overflow" */
    FA_TRAP_INVALID_CONVERSION,    /* "invalid conversion to integer" */
    FA_TRAP_STACK_EXHAUSTED,       /* "call stack exhausted" */
    FA_TRAP_NULL_REFERENCE,        /* "null reference" (reserved) */
    FA_TRAP_OUT_OF_FUEL,           /* "out of fuel" */
    FA_TRAP_INTERRUPTED,           /* "interrupted" */
    FA_TRAP_HOST,                  /* a host function trapped; message is its own */
    FA_TRAP_EXIT,                  /* a host function asked to exit (e.g. WASI proc_exit) */
    FA_TRAP_COUNT
} fa_trap;

FA_API const char *fa_trap_message(fa_trap code);
FA_API const char *fa_result_name(fa_result r);

/*
 * Error report filled by every fallible call that takes one (the pointer may
 * be NULL). `offset` is the byte offset in the module binary for load and
 * validation errors, or FA_NO_OFFSET. `trap` is set when code == FA_ERR_TRAP.
 * `exit_code` is set when trap == FA_TRAP_EXIT.
 */
#define FA_NO_OFFSET ((uint64_t)-1)
typedef struct fa_error {
    fa_result code;
    fa_trap trap;
    int exit_code;
    uint64_t offset;
    char message[256];
} fa_error;

/* ---------------------------------------------------------------- values */

typedef enum fa_valtype {
    FA_I32 = 0x7F,
    FA_I64 = 0x7E,
    FA_F32 = 0x7D,
    FA_F64 = 0x7C,
    FA_V128 = 0x7B,
    FA_FUNCREF = 0x70,
    FA_EXTERNREF = 0x6F
} fa_valtype;

typedef struct fa_v128 {
    uint8_t bytes[16]; /* little-endian lane order, as in linear memory */
} fa_v128;

/*
 * A typed value. Floats are carried as bit patterns (f32_bits/f64_bits) so
 * NaN payloads survive exactly; f32/f64 alias them for convenience.
 * A null reference is a NULL funcref/externref.
 */
typedef struct fa_value {
    fa_valtype type;
    union {
        int32_t i32;
        int64_t i64;
        float f32;
        double f64;
        uint32_t f32_bits;
        uint64_t f64_bits;
        fa_v128 v128;
        fa_func *funcref;
        void *externref;
    } of;
} fa_value;

FA_API fa_value fa_i32(int32_t v);
FA_API fa_value fa_i64(int64_t v);
FA_API fa_value fa_f32(float v);
FA_API fa_value fa_f64(double v);
FA_API fa_value fa_f32_bits(uint32_t bits);
FA_API fa_value fa_f64_bits(uint64_t bits);
FA_API fa_value fa_funcref(fa_func *f);
FA_API fa_value fa_externref(void *p);

/* A function signature. The arrays are owned by whoever filled the struct. */
typedef struct fa_functype {
    uint32_t n_params;
    uint32_t n_results;
    const fa_valtype *params;
    const fa_valtype *results;
} fa_functype;

typedef struct fa_limits {
    uint64_t min;
    uint64_t max; /* meaningful when has_max */
    int has_max;
    int is64;     /* memory64 index type */
} fa_limits;

typedef enum fa_extern_kind {
    FA_EXTERN_FUNC = 0,
    FA_EXTERN_TABLE = 1,
    FA_EXTERN_MEMORY = 2,
    FA_EXTERN_GLOBAL = 3
} fa_extern_kind;

/* An external value: what an export gives and an import takes. */
typedef struct fa_extern {
    fa_extern_kind kind;
    union {
        fa_func *func;
        fa_table *table;
        fa_memory *memory;
        fa_global *global;
    } of;
} fa_extern;

/* ---------------------------------------------------------------- runtime */

/* Feature bits for fa_config.features (all on by default). */
#define FA_FEATURE_SIMD (1u << 0)
#define FA_FEATURE_MEMORY64 (1u << 1)
#define FA_FEATURE_MULTI_MEMORY (1u << 2)
#define FA_FEATURE_TAIL_CALL (1u << 3)
#define FA_FEATURE_EXTENDED_CONST (1u << 4)
#define FA_FEATURE_RELAXED_SIMD (1u << 5)
#define FA_FEATURE_ALL 0x3Fu

/*
 * Allocator hook: realloc semantics. ptr == NULL allocates, new_size == 0
 * frees (and returns NULL). old_size is the size of the block being resized
 * or freed (0 for a new block).
 */
typedef void *(*fa_alloc_fn)(void *user, void *ptr, size_t old_size, size_t new_size);

typedef struct fa_config {
    uint32_t features;         /* FA_FEATURE_* bits */
    uint32_t max_call_depth;   /* frames; deeper calls trap "call stack exhausted" */
    size_t stack_slots;        /* 64-bit value-stack slots */
    uint64_t max_memory_pages; /* per memory; 0 = the type's own limit */
    uint64_t fuel;             /* instructions budget per call; 0 = unlimited */
    int eager_compile;         /* translate all functions at load, not on first call */
    fa_alloc_fn alloc;         /* NULL = the C library's realloc/free */
    void *alloc_user;
} fa_config;

/* Fills *cfg with the defaults. */
FA_API void fa_config_default(fa_config *cfg);

/* Creates a runtime. cfg may be NULL for defaults. Returns NULL on OOM. */
FA_API fa_runtime *fa_runtime_new(const fa_config *cfg);
/* Frees the runtime and everything created from it. NULL is ignored. */
FA_API void fa_runtime_free(fa_runtime *rt);

/*
 * Defines a named import in the runtime's namespace, used by fa_instance_new
 * to resolve imports (module_name, name). A later definition of the same
 * pair replaces the earlier one. The strings are copied.
 */
FA_API fa_result fa_runtime_define(fa_runtime *rt, const char *module_name, const char *name,
                                   fa_extern ext);
/* Defines every export of `inst` under module_name (the spec's `register`). */
FA_API fa_result fa_runtime_register(fa_runtime *rt, const char *module_name, fa_instance *inst);

/* Asks a running call on this runtime to stop with FA_TRAP_INTERRUPTED.
 * Safe to call from another thread or a signal handler. The request stays
 * pending until a call delivers it (at its next call or loop iteration), so
 * with no call running the next one stops. */
FA_API void fa_runtime_interrupt(fa_runtime *rt);

/* ---------------------------------------------------------------- modules */

/*
 * Decodes and validates a binary module. The bytes are copied, so the caller
 * may free them afterwards. On failure returns FA_ERR_MALFORMED or
 * FA_ERR_INVALID with err->message in the spec's wording and err->offset.
 */
FA_API fa_result fa_module_load(fa_runtime *rt, const uint8_t *bytes, size_t len, fa_module **out,
                                fa_error *err);
/* Same, reading the file at `path` (FA_ERR_IO if it cannot be read). */
FA_API fa_result fa_module_load_file(fa_runtime *rt, const char *path, fa_module **out,
                                     fa_error *err);
/* Drops the caller's handle; the module is freed when its last instance is
 * (see the lifetime rule above), so it may be called right after
 * instantiation. NULL is ignored. */
FA_API void fa_module_free(fa_module *m);

/* Import/export inspection. Strings stay valid while the module lives. */
typedef struct fa_extern_type {
    fa_extern_kind kind;
    fa_functype func;       /* FA_EXTERN_FUNC */
    fa_valtype elem_type;   /* FA_EXTERN_TABLE */
    fa_limits limits;       /* FA_EXTERN_TABLE, FA_EXTERN_MEMORY */
    fa_valtype global_type; /* FA_EXTERN_GLOBAL */
    int global_mutable;
} fa_extern_type;

FA_API uint32_t fa_module_n_imports(const fa_module *m);
FA_API fa_result fa_module_import(const fa_module *m, uint32_t i, const char **module_name,
                                  const char **name, fa_extern_type *type);
FA_API uint32_t fa_module_n_exports(const fa_module *m);
FA_API fa_result fa_module_export(const fa_module *m, uint32_t i, const char **name,
                                  fa_extern_type *type);

/* ---------------------------------------------------------------- instances */

/*
 * Instantiates `m`, resolving each import by (module, name) in the runtime's
 * namespace. Runs data/element initialisation and the start function.
 * Errors: FA_ERR_LINK ("unknown import", "incompatible import type"),
 * FA_ERR_TRAP (a segment out of bounds or the start function trapped; what
 * was written before the trap stays written, as the spec requires).
 */
FA_API fa_result fa_instance_new(fa_runtime *rt, fa_module *m, fa_instance **out, fa_error *err);
/* Same, with the imports given in the module's import order. */
FA_API fa_result fa_instance_new_with_imports(fa_runtime *rt, fa_module *m, const fa_extern *imports,
                                              uint32_t n_imports, fa_instance **out, fa_error *err);
/* Drops the caller's handle (a second call is ignored). The instance is
 * freed now, or later when nothing in the runtime refers to it any more
 * (the lifetime rule above). NULL is ignored. */
FA_API void fa_instance_free(fa_instance *inst);

/* Export lookup. Returns FA_ERR_NOT_FOUND if there is no such export. */
FA_API fa_result fa_instance_export(fa_instance *inst, const char *name, fa_extern *out);
/* Same, with the name as len bytes: export names may contain U+0000. */
FA_API fa_result fa_instance_export_n(fa_instance *inst, const char *name, size_t len,
                                      fa_extern *out);
/* Typed lookups: NULL if absent or of another kind. */
FA_API fa_func *fa_instance_func(fa_instance *inst, const char *name);
FA_API fa_memory *fa_instance_memory(fa_instance *inst, const char *name);
FA_API fa_table *fa_instance_table(fa_instance *inst, const char *name);
FA_API fa_global *fa_instance_global(fa_instance *inst, const char *name);
/* The instance's memory by index (0 = the first), NULL if none. */
FA_API fa_memory *fa_instance_memory_at(fa_instance *inst, uint32_t index);
FA_API uint32_t fa_instance_n_exports(const fa_instance *inst);
FA_API fa_result fa_instance_export_at(fa_instance *inst, uint32_t i, const char **name,
                                       fa_extern *out);

/* ---------------------------------------------------------------- functions */

/*
 * A host function. It reads its arguments and writes its results through the
 * fa_call accessors. Return 0 on success; to trap, call fa_call_trap (or
 * fa_call_exit) and return non-zero.
 */
typedef int (*fa_host_fn)(fa_call *call, void *user);

/* Creates a host function with the given signature (types are copied). */
FA_API fa_func *fa_func_new_host(fa_runtime *rt, const fa_functype *type, fa_host_fn fn, void *user);

/* The signature of f; the arrays stay valid while f lives. */
FA_API fa_result fa_func_type(const fa_func *f, fa_functype *out);

/*
 * Calls f. args must match its parameters in number and type; results must
 * have room for its results. Errors: FA_ERR_ARG on mismatch, FA_ERR_TRAP with
 * err->trap and err->message when execution traps. Host functions may call
 * this again (re-entrancy); fuel (fa_config.fuel) refills per outermost call.
 */
FA_API fa_result fa_func_call(fa_func *f, const fa_value *args, uint32_t n_args, fa_value *results,
                              uint32_t n_results, fa_error *err);

/* Host-call accessors. Index i counts from 0; out-of-range reads return 0. */
FA_API uint32_t fa_call_n_args(const fa_call *c);
FA_API int32_t fa_call_arg_i32(const fa_call *c, uint32_t i);
FA_API int64_t fa_call_arg_i64(const fa_call *c, uint32_t i);
FA_API float fa_call_arg_f32(const fa_call *c, uint32_t i);
FA_API double fa_call_arg_f64(const fa_call *c, uint32_t i);
FA_API fa_value fa_call_arg(const fa_call *c, uint32_t i);
FA_API void fa_call_set_result_i32(fa_call *c, uint32_t i, int32_t v);
FA_API void fa_call_set_result_i64(fa_call *c, uint32_t i, int64_t v);
FA_API void fa_call_set_result_f32(fa_call *c, uint32_t i, float v);
FA_API void fa_call_set_result_f64(fa_call *c, uint32_t i, double v);
FA_API void fa_call_set_result(fa_call *c, uint32_t i, fa_value v);
/* The calling instance (NULL when called directly from the host) and its
 * memory `index` (NULL if none). Valid during the host call. */
FA_API fa_instance *fa_call_instance(fa_call *c);
FA_API fa_memory *fa_call_memory(fa_call *c, uint32_t index);
FA_API fa_runtime *fa_call_runtime(fa_call *c);
/* Makes the host function trap with `message` (copied). */
FA_API void fa_call_trap(fa_call *c, const char *message);
/* Makes the whole call stack unwind with FA_TRAP_EXIT and this exit code. */
FA_API void fa_call_exit(fa_call *c, int exit_code);

/* ---------------------------------------------------------------- memories */

#define FA_PAGE_SIZE 65536u

/* Creates a standalone memory (to be imported). NULL on OOM/bad limits. */
FA_API fa_memory *fa_memory_new(fa_runtime *rt, const fa_limits *limits);
/* Current size in bytes, and a pointer to the bytes. The pointer changes when
 * the memory grows: re-read it after any call into wasm or fa_memory_grow. */
FA_API uint64_t fa_memory_size(const fa_memory *m);
FA_API uint8_t *fa_memory_data(fa_memory *m);
FA_API fa_result fa_memory_type(const fa_memory *m, fa_limits *out);
/* Bounds-checked copies; FA_ERR_ARG if [offset, offset+len) is outside. */
FA_API fa_result fa_memory_read(const fa_memory *m, uint64_t offset, void *dst, size_t len);
FA_API fa_result fa_memory_write(fa_memory *m, uint64_t offset, const void *src, size_t len);
/* Grows by delta pages; *old_pages gets the previous size (may be NULL).
 * FA_ERR_ARG beyond the memory's maximum, FA_ERR_OOM if the host refuses. */
FA_API fa_result fa_memory_grow(fa_memory *m, uint64_t delta_pages, uint64_t *old_pages);

/* ---------------------------------------------------------------- tables */

FA_API fa_table *fa_table_new(fa_runtime *rt, fa_valtype elem_type, const fa_limits *limits);
FA_API uint32_t fa_table_size(const fa_table *t);
FA_API fa_result fa_table_type(const fa_table *t, fa_valtype *elem_type, fa_limits *limits);
FA_API fa_result fa_table_get(const fa_table *t, uint32_t index, fa_value *out);
FA_API fa_result fa_table_set(fa_table *t, uint32_t index, fa_value v);
/* FA_ERR_ARG beyond the table's maximum or for a value of the wrong type;
 * FA_ERR_OOM past the implementation cap (10,000,000 entries) or if the host
 * refuses the memory. */
FA_API fa_result fa_table_grow(fa_table *t, uint32_t delta, fa_value init, uint32_t *old_size);

/* ---------------------------------------------------------------- globals */

FA_API fa_global *fa_global_new(fa_runtime *rt, fa_value init, int is_mutable);
FA_API fa_result fa_global_type(const fa_global *g, fa_valtype *type, int *is_mutable);
FA_API fa_result fa_global_get(const fa_global *g, fa_value *out);
/* FA_ERR_ARG if the global is immutable or the type differs. */
FA_API fa_result fa_global_set(fa_global *g, fa_value v);

#ifdef __cplusplus
}
#endif
#endif /* FAYASM_H */
