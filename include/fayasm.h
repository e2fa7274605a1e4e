/*
 * fayasm.h - the public interface of the fayasm WebAssembly runtime.
 *
 * Everything an embedder needs is in this one header; docs/embedding.md
 * walks through it. Handles are opaque. Each function below says what it
 * returns on failure; functions returning fa_result also fill the optional
 * fa_error with a message. A NULL handle is never a crash: it gives
 * FA_ERR_ARG (or NULL / 0 for functions that return no code).
 *
 * Ownership rule: every object created from a runtime (modules, instances,
 * host functions, memories, tables, globals) belongs to that runtime and is
 * released by fa_runtime_free at the latest. Strings and arrays the API
 * hands out stay owned by the library; input strings and arrays are copied
 * unless a function says otherwise (fa_memory_new_host borrows its buffer).
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
 *  - Host functions and fa_memory_new/fa_memory_new_host/fa_table_new/
 *    fa_global_new objects live until fa_runtime_free.
 * Handles the embedder holds (exports looked up, funcrefs returned by calls)
 * are valid while their instance lives: after fa_instance_free, only while
 * one of the rules above keeps it alive. Never free a runtime, instance or
 * module from inside a host function that it is running.
 *
 * Thread rule: a runtime and everything created from it is used by one thread
 * at a time. Separate runtimes are independent (there is no global mutable
 * state), so different threads may each drive their own runtime at once.
 * The one exception is fa_runtime_interrupt, which any thread (or a signal
 * handler) may call at any time.
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

/* Compile-time knobs (features, defaults, dispatch); all have defaults. */
#include "fayasm_config.h"

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
    FA_TRAP_INVALID_FUNCTION,      /* "invalid function": a body that failed validation on its
                                      first call (fa_config.lazy_validation only) */
    FA_TRAP_COUNT
} fa_trap;

/* Static strings: the spec's wording of a trap ("unknown trap" out of
 * range), and a short name of a result ("link error"). Never NULL. */
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

/* Value constructors. fa_f32/fa_f64 keep the float's bits; fa_*_bits set
 * exact bit patterns (NaN payloads). A funcref must belong to the runtime
 * it is passed to; NULL is the null reference. */
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
    int is64; /* memory64 index type */
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
 * or freed (0 for a new block). Every allocation of the runtime goes through
 * it (fa_runtime_new's own included); returning NULL makes the operation
 * fail with FA_ERR_OOM (or a NULL handle) and leaves nothing allocated.
 */
typedef void *(*fa_alloc_fn)(void *user, void *ptr, size_t old_size, size_t new_size);

/*
 * Runtime configuration; start from fa_config_default. 0 in the limit
 * fields means "the default".
 *
 * Limits. Exceeding max_call_depth or stack_slots traps "call stack
 * exhausted" (FA_TRAP_STACK_EXHAUSTED) cleanly: wasm calls never recurse on
 * the C stack, so the defaults (100,000 frames, 1M slots = 8 MiB) run deep
 * real recursion. Host functions that call back into wasm do use the C
 * stack; max_reentry bounds that nesting (default 256 levels: under 1 KiB of
 * C stack each in an optimised build, about 4 KiB at -O0) and traps "call
 * stack exhausted" past it.
 *
 * Fuel. With fuel != 0 every outermost call (fa_func_call from the host,
 * instantiation's start function) gets that budget; one unit is spent on
 * each function entry and each loop iteration (loop back-edge), each of
 * which runs at most one function body's worth of straight-line code.
 * Bulk instructions also pay for their length: memory.fill, memory.copy and
 * memory.init n / FA_FUEL_BULK_BYTES units for n bytes, table.fill,
 * table.copy and table.init n / FA_FUEL_BULK_ELEMS units for n entries
 * (rounded down, so short ones are free); memory.grow and table.grow pay
 * the same for the bytes or entries they add (nothing when a limit makes
 * them return -1). They pay after their bounds check and before any
 * effect: one that cannot pay traps with memory, tables and the fuel left
 * unchanged. So one unit buys a bounded amount of work, whatever the
 * memory and table sizes.
 * Running out traps FA_TRAP_OUT_OF_FUEL ("out of fuel"). It is not
 * resumable: the trap unwinds the call like any other trap (memory keeps
 * what earlier instructions wrote), and the next outermost call starts
 * with a full budget.
 *
 * Table cap. max_table_elems caps every table of the runtime (defined,
 * imported or made with fa_table_new), as max_memory_pages caps memories:
 * a larger minimum fails instantiation with FA_ERR_OOM, table.grow past it
 * returns -1. 0 (the hosted default; small targets: fayasm_config.h)
 * means the table type's own maximum; independently of it no table grows
 * past 10,000,000 entries (80 MB). The default is 0 like
 * max_memory_pages': real modules' tables (C++ vtables, dynamic linking)
 * reach hundreds of thousands of entries, so a lower default would refuse
 * valid programs, and an embedder of untrusted code sets its limits anyway.
 * The cap is per table: a module may define many (the alloc hook bounds the
 * total).
 */
#define FA_FUEL_BULK_BYTES 4096u /* bytes of memory.fill/copy/init/grow per fuel unit */
#define FA_FUEL_BULK_ELEMS 512u  /* table entries (8 bytes each) per fuel unit */

typedef struct fa_config {
    uint32_t features;         /* FA_FEATURE_* bits */
    uint32_t max_call_depth;   /* frames (wasm and host); default 100,000 */
    size_t stack_slots;        /* 64-bit value-stack slots; default 1M (8 MiB) */
    uint64_t max_memory_pages; /* cap on every memory, in 64 KiB pages; 0 = the type's own limit */
    uint64_t fuel;             /* budget per outermost call (see above); 0 = unlimited */
    int eager_compile;         /* translate all functions at load, not on first call */
    /* Validate each function body on its first call instead of at load
     * (default 0: the whole module is validated by fa_module_load, as the
     * spec requires). For trusted modules whose start-up time matters: a
     * large module loads in the time it takes to read its sections. A body
     * that turns out invalid makes the call that reaches it trap with
     * FA_TRAP_INVALID_FUNCTION, the message naming the function and the
     * validation error; the rest of the module still runs. Everything
     * outside function bodies is validated at load either way. */
    int lazy_validation;
    fa_alloc_fn alloc;         /* NULL = the C library's realloc/free */
    void *alloc_user;
    uint32_t max_reentry;     /* nested host -> wasm calls; default 256 */
    uint64_t max_table_elems; /* cap on every table, in entries; 0 = the type's own limit */
    /* Code cache: bytes of translated code the runtime keeps (0 = no limit,
     * the hosted default; fayasm_config.h FAYASM_CODE_CACHE_BYTES). Past it,
     * translating a function first drops the translations of functions that
     * have no frame on the call stack, oldest translation first; they are
     * translated again on their next call. Code that is running is never
     * dropped, so the budget can be exceeded by live code alone. */
    size_t code_cache_bytes;
    /* Threads fa_module_load may use to validate function bodies (builds
     * with FAYASM_THREADS, which the CMake build sets where it finds POSIX
     * threads; otherwise 1 always), never more than 16. 0, the default:
     * one per CPU the process may run on (its affinity mask on Linux, else
     * the online CPUs), but 1 when `alloc` is set, since that hook need
     * not be thread-safe: ask for N > 1 explicitly if it is. Fewer are
     * used for a small module (one per 256 KiB of code); a module under
     * 512 KiB of code is validated on the calling thread. The result and
     * error are the same as with 1; the threads are joined before
     * fa_module_load returns. */
    uint32_t load_threads;
} fa_config;

/* Fills *cfg with the defaults. NULL is ignored. */
FA_API void fa_config_default(fa_config *cfg);

/* Creates a runtime. cfg may be NULL for defaults; it is copied. Returns
 * NULL on OOM or when the stack/frame arrays cannot be sized. Free it with
 * fa_runtime_free. */
FA_API fa_runtime *fa_runtime_new(const fa_config *cfg);
/* Frees the runtime and everything created from it (and unloads native
 * libraries). NULL is ignored. Not from inside a call on this runtime. */
FA_API void fa_runtime_free(fa_runtime *rt);

/*
 * Defines a named import in the runtime's namespace, used by fa_instance_new
 * to resolve imports (module_name, name). A later definition of the same
 * pair replaces the earlier one. The strings are copied; the entry keeps the
 * defining instance alive (lifetime rule). FA_ERR_ARG for NULL arguments or
 * an object of another runtime, FA_ERR_OOM.
 */
FA_API fa_result fa_runtime_define(fa_runtime *rt, const char *module_name, const char *name,
                                   fa_extern ext);
/* Defines every export of `inst` under module_name (the spec's `register`),
 * so that later modules can import them by name. Same errors. */
FA_API fa_result fa_runtime_register(fa_runtime *rt, const char *module_name, fa_instance *inst);

/*
 * Asks a running call on this runtime to stop with FA_TRAP_INTERRUPTED
 * ("interrupted"). Safe to call from another thread or a signal handler.
 * The interpreter checks the flag at every function entry and loop
 * back-edge, so a call stops within one function body's worth of
 * straight-line instructions (a host function that blocks is not
 * interrupted). The request stays pending until a call delivers it, so with
 * no call running the next one stops at once; fa_runtime_clear_interrupt
 * withdraws it. NULL is ignored.
 */
FA_API void fa_runtime_interrupt(fa_runtime *rt);
/* Withdraws a pending interrupt request (e.g. one that arrived after the
 * call it was meant for had finished). Same thread rule as interrupt. */
FA_API void fa_runtime_clear_interrupt(fa_runtime *rt);

/* Sets the fuel budget of the following outermost calls (0 = unlimited),
 * as fa_config.fuel does. From a host function it also replaces what the
 * running call has left (a call that started unlimited stays unlimited). */
FA_API void fa_runtime_set_fuel(fa_runtime *rt, uint64_t fuel);
/* Fuel left in the running call, or at the end of the last one (0 when fuel
 * is unlimited or rt is NULL). */
FA_API uint64_t fa_runtime_fuel_left(const fa_runtime *rt);

/* ---------------------------------------------------------------- traps */

/*
 * The backtrace of the last trap on a runtime: the functions that were
 * running when it happened, innermost first (frame 0 trapped). It is
 * recorded whenever a call returns FA_ERR_TRAP and cleared when the next
 * outermost call starts; it stays valid after the instances are freed (the
 * names are copied). Up to 32 frames are kept (the innermost ones).
 */
typedef struct fa_frame_info {
    const char *name;     /* name-section name; for a host function the import
                           * it was called through ("env.log"); NULL if none.
                           * Valid until the next call on the runtime. */
    uint32_t func_index;  /* index in its module's function space; UINT32_MAX for host */
    int is_host;          /* a host function */
    uint64_t code_offset; /* byte offset in the module binary of the instruction
                           * it was executing (the call, for outer frames), or
                           * FA_NO_OFFSET */
    uint64_t func_offset; /* byte offset of the function's code-section entry, or FA_NO_OFFSET */
} fa_frame_info;

/* Frames kept of the last trap's backtrace (0 if the last call did not
 * trap); *total (may be NULL) gets how many frames there were. */
FA_API uint32_t fa_runtime_backtrace_size(const fa_runtime *rt, uint32_t *total);
/* Frame i (0 = innermost). FA_ERR_ARG when i is out of range. */
FA_API fa_result fa_runtime_backtrace_frame(const fa_runtime *rt, uint32_t i, fa_frame_info *out);
/*
 * Writes the backtrace as text, one line per frame:
 *   "  #0 fac at 0x4f\n"  "  #1 func[3] at 0x61\n"  "  #2 env.log (host function)\n"
 * NUL-terminated, truncated to size; returns the length the whole text needs
 * (like snprintf), 0 when there is no backtrace. buf may be NULL if size is 0.
 */
FA_API size_t fa_runtime_backtrace_format(const fa_runtime *rt, char *buf, size_t size);

/* ---------------------------------------------------------------- modules */

/*
 * Decodes and validates a binary module. The bytes are copied, so the caller
 * may free them afterwards. On failure returns FA_ERR_MALFORMED or
 * FA_ERR_INVALID with err->message in the spec's wording and err->offset;
 * FA_ERR_UNSUPPORTED for a feature switched off; FA_ERR_OOM. *out is the
 * caller's handle (fa_module_free).
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

/*
 * The type of an import or export, as the module declares it. For
 * FA_EXTERN_FUNC the param/result arrays belong to the runtime and stay
 * valid while it lives; for tables and memories `limits` is the declared
 * limits (min, max if has_max, is64 for memory64).
 */
typedef struct fa_extern_type {
    fa_extern_kind kind;
    fa_functype func;       /* FA_EXTERN_FUNC */
    fa_valtype elem_type;   /* FA_EXTERN_TABLE */
    fa_limits limits;       /* FA_EXTERN_TABLE, FA_EXTERN_MEMORY */
    fa_valtype global_type; /* FA_EXTERN_GLOBAL */
    int global_mutable;
} fa_extern_type;

/* Import/export inspection: import i (0 <= i < fa_module_n_imports) gives
 * its module and field names and type; the strings stay valid while the
 * module lives (a name containing U+0000 appears cut at it). Any out
 * pointer may be NULL. FA_ERR_ARG for a NULL module or i out of range. */
FA_API uint32_t fa_module_n_imports(const fa_module *m);
FA_API fa_result fa_module_import(const fa_module *m, uint32_t i, const char **module_name,
                                  const char **name, fa_extern_type *type);
FA_API uint32_t fa_module_n_exports(const fa_module *m);
FA_API fa_result fa_module_export(const fa_module *m, uint32_t i, const char **name,
                                  fa_extern_type *type);
/* The current type of a live object (a memory's or table's min is its
 * current size). FA_ERR_ARG for a NULL handle or unknown kind. */
FA_API fa_result fa_extern_type_of(fa_extern ext, fa_extern_type *out);

/* ---------------------------------------------------------------- instances */

/*
 * Instantiates `m`, resolving each import by (module, name) in the runtime's
 * namespace. Runs data/element initialisation and the start function.
 * Errors: FA_ERR_LINK ("unknown import", "incompatible import type": a
 * function's signature, a table's or memory's limits, a global's type or
 * mutability differs, checked as the spec's import matching does),
 * FA_ERR_TRAP (a segment out of bounds or the start function trapped; what
 * was written before the trap stays written, as the spec requires),
 * FA_ERR_OOM (also: a memory larger than fa_config.max_memory_pages, a table
 * larger than fa_config.max_table_elems).
 * *out is the caller's handle (fa_instance_free).
 */
FA_API fa_result fa_instance_new(fa_runtime *rt, fa_module *m, fa_instance **out, fa_error *err);
/* Same, with the imports given in the module's import order (no namespace
 * lookup). FA_ERR_ARG for a wrong count, a NULL or foreign object. */
FA_API fa_result fa_instance_new_with_imports(fa_runtime *rt, fa_module *m,
                                              const fa_extern *imports, uint32_t n_imports,
                                              fa_instance **out, fa_error *err);
/* Drops the caller's handle (a second call is ignored). The instance is
 * freed now, or later when nothing in the runtime refers to it any more
 * (the lifetime rule above). NULL is ignored. */
FA_API void fa_instance_free(fa_instance *inst);

/*
 * Replaces import `import_index` of a live instance with another object of
 * the same kind that matches the import's declared type (FA_ERR_LINK
 * "incompatible import type" otherwise). Typical use: the host moved a
 * table or memory and hands the instance the new one.
 * When it is safe: while no call is running on the runtime, or from inside
 * a host function (the interpreter re-reads memories, tables, globals and
 * functions after every host call returns). Never from another thread
 * while a call runs. The old object is not copied: the instance simply
 * sees the new one from now on (segments are not re-applied).
 * FA_ERR_ARG for a NULL or foreign object or an index out of range.
 */
FA_API fa_result fa_instance_rebind_import(fa_instance *inst, uint32_t import_index, fa_extern ext,
                                           fa_error *err);

/* Export lookup. Returns FA_ERR_NOT_FOUND if there is no such export,
 * FA_ERR_ARG for NULL arguments. The handle is valid while inst lives. */
FA_API fa_result fa_instance_export(fa_instance *inst, const char *name, fa_extern *out);
/* Same, with the name as len bytes: export names may contain U+0000. */
FA_API fa_result fa_instance_export_n(fa_instance *inst, const char *name, size_t len,
                                      fa_extern *out);
/* Typed lookups: NULL if absent or of another kind. */
FA_API fa_func *fa_instance_func(fa_instance *inst, const char *name);
FA_API fa_memory *fa_instance_memory(fa_instance *inst, const char *name);
FA_API fa_table *fa_instance_table(fa_instance *inst, const char *name);
FA_API fa_global *fa_instance_global(fa_instance *inst, const char *name);
/* The instance's memory by index (0 = the first, imported or not), NULL if none. */
FA_API fa_memory *fa_instance_memory_at(fa_instance *inst, uint32_t index);
/* Exports by position (0 <= i < fa_instance_n_exports). FA_ERR_ARG out of range. */
FA_API uint32_t fa_instance_n_exports(const fa_instance *inst);
FA_API fa_result fa_instance_export_at(fa_instance *inst, uint32_t i, const char **name,
                                       fa_extern *out);

/* ---------------------------------------------------------------- functions */

/*
 * A host function. It reads its arguments and writes its results through the
 * fa_call accessors (results not written are zero). Return 0 on success; to
 * trap, call fa_call_trap (or fa_call_exit) and return non-zero (non-zero
 * alone traps with "host trap"). It may call fa_func_call (re-entrancy):
 * the call depth, value stack and max_reentry limits still apply, and a trap
 * inside can be returned to the host as an error or propagated by returning
 * non-zero (the backtrace then shows the inner frames).
 */
typedef int (*fa_host_fn)(fa_call *call, void *user);

/*
 * Creates a host function with the given signature (the type arrays are
 * copied). `user` is passed to every call, unchanged; the runtime never
 * touches it. Lives until fa_runtime_free. Imports of it are checked
 * against the signature at instantiation. NULL for NULL arguments, an
 * unknown value type, or OOM.
 */
FA_API fa_func *fa_func_new_host(fa_runtime *rt, const fa_functype *type, fa_host_fn fn,
                                 void *user);

/* The signature of f; the arrays stay valid while the runtime lives. */
FA_API fa_result fa_func_type(const fa_func *f, fa_functype *out);

/*
 * Calls f. args must match its parameters in number and type; results must
 * have room for its results. Errors: FA_ERR_ARG on mismatch or NULL (the
 * message says which argument), FA_ERR_TRAP with err->trap and err->message
 * when execution traps (fa_runtime_backtrace_* then describe where).
 * Host functions may call this again (re-entrancy); fuel (fa_config.fuel)
 * refills per outermost call.
 */
FA_API fa_result fa_func_call(fa_func *f, const fa_value *args, uint32_t n_args, fa_value *results,
                              uint32_t n_results, fa_error *err);

/*
 * Host-call accessors, valid only during the host call that received `c`.
 * Index i counts from 0. Reading an argument out of range, or with the
 * wrong typed accessor's index, returns 0 (the typed readers reinterpret
 * the slot: use the one that matches the signature). Setting a result out
 * of range or of another type is ignored.
 */
FA_API uint32_t fa_call_n_args(const fa_call *c);
FA_API uint32_t fa_call_n_results(const fa_call *c);
FA_API int32_t fa_call_arg_i32(const fa_call *c, uint32_t i);
FA_API int64_t fa_call_arg_i64(const fa_call *c, uint32_t i);
FA_API float fa_call_arg_f32(const fa_call *c, uint32_t i);
FA_API double fa_call_arg_f64(const fa_call *c, uint32_t i);
FA_API fa_value fa_call_arg(const fa_call *c, uint32_t i); /* any type, v128 and refs too */
FA_API void fa_call_set_result_i32(fa_call *c, uint32_t i, int32_t v);
FA_API void fa_call_set_result_i64(fa_call *c, uint32_t i, int64_t v);
FA_API void fa_call_set_result_f32(fa_call *c, uint32_t i, float v);
FA_API void fa_call_set_result_f64(fa_call *c, uint32_t i, double v);
FA_API void fa_call_set_result(fa_call *c, uint32_t i, fa_value v);
/* The function being called (its signature: fa_func_type). */
FA_API fa_func *fa_call_func(const fa_call *c);
/* The calling instance (NULL when called directly from the host) and its
 * memory `index` (NULL if none). Valid during the host call; re-read the
 * memory's data pointer after anything that may grow it (fa_func_call). */
FA_API fa_instance *fa_call_instance(fa_call *c);
FA_API fa_memory *fa_call_memory(fa_call *c, uint32_t index);
FA_API fa_runtime *fa_call_runtime(fa_call *c);
/* Makes the host function trap with `message` (copied; NULL or "" gives
 * "host trap"): return non-zero afterwards. err->trap is FA_TRAP_HOST. */
FA_API void fa_call_trap(fa_call *c, const char *message);
/* Makes the whole call stack unwind with FA_TRAP_EXIT and this exit code
 * (err->exit_code): return non-zero afterwards. */
FA_API void fa_call_exit(fa_call *c, int exit_code);

/* ---------------------------------------------------------------- memories */

#define FA_PAGE_SIZE 65536u

/* Creates a standalone memory (to be imported), zero-filled, owned by the
 * runtime. NULL on OOM, bad limits, or min above fa_config.max_memory_pages. */
FA_API fa_memory *fa_memory_new(fa_runtime *rt, const fa_limits *limits);

/*
 * Growth callback of a host memory: return a block of at least new_size
 * bytes whose first old_size bytes hold the memory's contents (`data`
 * itself when it can grow in place, or a new block the callback copied
 * them into; the callback then owns `data` again), and store its usable
 * size in *new_capacity. Return NULL to refuse: memory.grow gives -1,
 * fa_memory_grow FA_ERR_OOM, and the memory is unchanged. The runtime zeroes
 * the new bytes itself. It runs on the thread that grows the memory, from
 * inside memory.grow: it must not call back into the runtime.
 */
typedef void *(*fa_memory_grow_fn)(void *user, void *data, size_t old_size, size_t new_size,
                                   size_t *new_capacity);

/*
 * Creates a memory on the host's own buffer `data` of `capacity` bytes
 * (capacity >= limits->min * 64 KiB; `data` aligned for uint64_t is
 * fastest but not required). The runtime borrows the buffer: it never
 * frees it and does not zero it (the wasm code sees the bytes the host put
 * there). Growth within the capacity is in place (new bytes zeroed);
 * beyond it calls `grow` (NULL: growth past the capacity fails). The
 * buffer must stay valid until fa_runtime_free or until fa_memory_rebind
 * replaces it. fa_config.max_memory_pages applies as to every memory.
 * NULL for NULL arguments, bad limits, a too small capacity, or OOM.
 */
FA_API fa_memory *fa_memory_new_host(fa_runtime *rt, const fa_limits *limits, void *data,
                                     size_t capacity, fa_memory_grow_fn grow, void *user);

/*
 * Tells a host memory that its bytes now live at `data` (capacity bytes,
 * at least the current size): the host moved them (e.g. it relocated its
 * arena) and already copied the contents. Every instance using the memory
 * sees the new buffer. When it is safe: while no call runs on the runtime,
 * or from inside a host function (the interpreter reloads its cached
 * memory pointer after every host call). Never from another thread while a
 * call runs. FA_ERR_ARG for a memory that is not a host memory, NULL data
 * or a too small capacity.
 */
FA_API fa_result fa_memory_rebind(fa_memory *m, void *data, size_t capacity);

/* Current size in bytes, and a pointer to the bytes. The pointer changes when
 * the memory grows: re-read it after any call into wasm or fa_memory_grow. */
FA_API uint64_t fa_memory_size(const fa_memory *m);
FA_API uint8_t *fa_memory_data(fa_memory *m);
/* A pointer to bytes [offset, offset + len) of m, or NULL when that range is
 * not inside the memory (the bounds check a host function needs before it
 * touches wasm memory). Same validity as fa_memory_data. */
FA_API uint8_t *fa_memory_ptr(fa_memory *m, uint64_t offset, uint64_t len);
/* The memory's type; limits.min is its current size in pages. */
FA_API fa_result fa_memory_type(const fa_memory *m, fa_limits *out);
/* Bounds-checked copies; FA_ERR_ARG if [offset, offset+len) is outside. */
FA_API fa_result fa_memory_read(const fa_memory *m, uint64_t offset, void *dst, size_t len);
FA_API fa_result fa_memory_write(fa_memory *m, uint64_t offset, const void *src, size_t len);
/* Grows by delta pages; *old_pages gets the previous size (may be NULL).
 * FA_ERR_ARG beyond the memory's maximum (or max_memory_pages), FA_ERR_OOM
 * if the allocator or a host memory's grow callback refuses. */
FA_API fa_result fa_memory_grow(fa_memory *m, uint64_t delta_pages, uint64_t *old_pages);

/* ---------------------------------------------------------------- tables */

/* Creates a standalone table (to be imported) of null references. NULL on
 * OOM, bad limits, a non-reference element type, or min above
 * fa_config.max_table_elems. */
FA_API fa_table *fa_table_new(fa_runtime *rt, fa_valtype elem_type, const fa_limits *limits);
/* Current number of elements (0 for NULL). */
FA_API uint32_t fa_table_size(const fa_table *t);
/* The table's type; limits->min is its current size. */
FA_API fa_result fa_table_type(const fa_table *t, fa_valtype *elem_type, fa_limits *limits);
/* Element access; FA_ERR_ARG out of range or for a value of the wrong type
 * (or a funcref of another runtime). */
FA_API fa_result fa_table_get(const fa_table *t, uint32_t index, fa_value *out);
FA_API fa_result fa_table_set(fa_table *t, uint32_t index, fa_value v);
/* FA_ERR_ARG beyond the table's maximum (or max_table_elems) or for a value
 * of the wrong type;
 * FA_ERR_OOM past the implementation cap (10,000,000 entries) or if the host
 * refuses the memory. */
FA_API fa_result fa_table_grow(fa_table *t, uint32_t delta, fa_value init, uint32_t *old_size);

/* ---------------------------------------------------------------- globals */

/* Creates a standalone global (to be imported). A mutable global is shared
 * by reference: every instance importing it reads and writes the same value.
 * NULL on OOM or a bad value. */
FA_API fa_global *fa_global_new(fa_runtime *rt, fa_value init, int is_mutable);
/* Type and mutability (either pointer may be NULL), and the current value.
 * FA_ERR_ARG for NULL. */
FA_API fa_result fa_global_type(const fa_global *g, fa_valtype *type, int *is_mutable);
FA_API fa_result fa_global_get(const fa_global *g, fa_value *out);
/* FA_ERR_ARG if the global is immutable or the type differs. */
FA_API fa_result fa_global_set(fa_global *g, fa_value v);

/* ---------------------------------------------------------------- native libraries */

/*
 * Native host functions: plain C functions with one fixed prototype, so a
 * shared library can provide them without linking against fayasm (it only
 * needs this header for the types). Arguments and results are 64-bit
 * slots: i32 in the low 32 bits (read it as (int32_t)(uint32_t)args[i]),
 * i64 as is, f32/f64 as their IEEE bit patterns (memcpy them to float/
 * double), externref as (uintptr_t)pointer. Return 0 on success; non-zero
 * traps, with the message the function wrote into ctx->trap_message (or
 * "host trap").
 */
typedef struct fa_native_ctx {
    uint8_t *memory;      /* the calling instance's memory 0, or NULL */
    uint64_t memory_size; /* its size in bytes; check offsets against it */
    void *user;           /* the descriptor's user pointer */
    char *trap_message;   /* FA_NATIVE_TRAP_MAX bytes, "" on entry */
    fa_call *call;        /* for code that does link against fayasm */
} fa_native_ctx;

#define FA_NATIVE_TRAP_MAX 256

typedef int (*fa_native_fn)(fa_native_ctx *ctx, const uint64_t *args, uint64_t *results);

/*
 * One native function: it is defined as (module_name, name). `signature`
 * lists the params in parentheses, then the results, one letter per value:
 * i = i32, I = i64, f = f32, F = f64, r = externref. "(ii)i" takes two i32
 * and returns one; "()" takes and returns nothing; "(F)FF" returns two f64.
 */
typedef struct fa_native_export {
    const char *name; /* NULL ends a table */
    const char *signature;
    fa_native_fn fn;
    void *user;
} fa_native_export;

/*
 * Defines the functions of `table` (ended by an entry with a NULL name)
 * under module_name. The table must stay valid while the runtime lives
 * (the strings are copied, fn/user are kept). FA_ERR_ARG for a bad
 * signature (err->message names the entry), FA_ERR_OOM.
 */
FA_API fa_result fa_runtime_define_natives(fa_runtime *rt, const char *module_name,
                                           const fa_native_export *table, fa_error *err);

/*
 * Loads the shared library at `path` (dlopen / LoadLibrary) and defines the
 * functions it describes. Convention: the library exports the data symbol
 *
 *     const fa_native_export fa_native_exports[] = {
 *         {"add", "(ii)i", my_add, NULL},
 *         {NULL, NULL, NULL, NULL},
 *     };
 *
 * and optionally `const char *const fa_native_module` (the module name used
 * when module_name is NULL; else "env") and `const uint32_t
 * fa_native_abi_version` (must be FA_NATIVE_ABI_VERSION if present). The
 * library stays loaded until fa_runtime_free. Loading runs the library's
 * initialisers: only load trusted code. Errors: FA_ERR_IO (cannot load;
 * err->message has the loader's reason), FA_ERR_NOT_FOUND (no
 * fa_native_exports), FA_ERR_ARG (bad table or ABI version),
 * FA_ERR_UNSUPPORTED (built without dynamic loading), FA_ERR_OOM.
 */
#define FA_NATIVE_ABI_VERSION 1u
FA_API fa_result fa_runtime_define_native_lib(fa_runtime *rt, const char *path,
                                              const char *module_name, fa_error *err);

/* ---------------------------------------------------------------- diagnostics
 * For tools (fayasm_run --code-stats/--stats/--dump); not needed to embed. */

/* Sizes of the internal code of m's functions translated so far (all of them
 * after an eager load; with a code cache, those it holds now): *code_bytes = bytes of internal code
 * (instruction words, constant pools and position maps), *wasm_bytes = bytes of the wasm bodies
 * they came from, *n_funcs = how many functions. Any pointer may be NULL. FA_ERR_ARG for a NULL
 * module. */
FA_API fa_result fa_module_code_stats(const fa_module *m, uint64_t *code_bytes,
                                      uint64_t *wasm_bytes, uint32_t *n_funcs);
/* Writes a listing of the internal code of every translated function of m to
 * stdio_file (a FILE *). FA_ERR_ARG for NULL arguments. */
FA_API fa_result fa_module_dump_code(const fa_module *m, void *stdio_file);
/* The code cache of rt (fa_config.code_cache_bytes): *bytes = translated
 * code held now (every module of rt), *translations = functions translated
 * since rt was created (translations again after a drop included), *drops
 * = translations dropped to stay within the budget. Any pointer may be
 * NULL. FA_ERR_ARG for a NULL runtime. */
FA_API fa_result fa_runtime_code_cache_stats(const fa_runtime *rt, uint64_t *bytes,
                                             uint64_t *translations, uint64_t *drops);
/* Per-opcode execution counts; only a library built with -DFAYASM_STATS
 * counts (a normal build pays nothing). For internal op number i: returns 1
 * and sets *name (e.g. "i32_add", "br_if_i32_lt_s") and *count (dispatches
 * since rt was created); 0 when i is past the last op; -1 when the library
 * was built without FAYASM_STATS. */
FA_API int fa_runtime_op_stat(const fa_runtime *rt, uint32_t i, const char **name,
                              uint64_t *count);

#ifdef __cplusplus
}
#endif
#endif /* FAYASM_H */
