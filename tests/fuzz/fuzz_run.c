/*
 * fuzz_run.c - libFuzzer target: load, instantiate and run arbitrary modules.
 *
 * Stage: the whole pipeline as an embedder running untrusted code uses it:
 * fa_module_load, fa_instance_new(_with_imports) with a stub for every import
 * (host functions returning zeros, trapping or re-entering wasm; fresh tables,
 * memories and globals of the imported types), then every export: functions
 * are called twice with zero/null arguments (and a funcref they return is
 * called too), memories/tables/globals are read, grown and written.
 *
 * Resource limits (so that every input finishes quickly): fuel FUZZ_FUEL
 * (charged per call and per loop iteration), at most FUZZ_MAX_PAGES pages per
 * memory, call depth FUZZ_DEPTH, FUZZ_STACK value-stack slots (and, for one
 * input in four, a 256-byte code cache), and the
 * allocator budget of fuzz_common.h (FUZZ_HEAP_BUDGET bytes live). The fuel and
 * depth limits are checked once at start-up on hand-made modules (an
 * infinite loop must trap "out of fuel", unbounded recursion "call stack
 * exhausted"); libFuzzer's -timeout catches any other way to hang.
 *
 * Invariants: those of fuzz_common.h (no crash/UB/leak, documented result
 * codes with messages), plus: a trap leaves the runtime usable (the next
 * call works normally), and results of a successful call have the types the
 * signature promises. Spec: 4.5 (instantiation), 4.4 (execution).
 */
#include "fuzz_common.h"

#define FUZZ_FUEL 1000u
#define FUZZ_MAX_PAGES 16u
#define FUZZ_MAX_TABLE_ELEMS 65536u /* fa_config.max_table_elems */
#define FUZZ_DEPTH 64u
#define FUZZ_STACK 8192u
#define FUZZ_MAX_TABLE 10000u /* an imported table wider than this is not stubbed */
#define FUZZ_MAX_VALUES 256u  /* params/results arrays on the C stack */

/* Per-input state reachable from the host stubs. */
typedef struct run_state {
    fa_runtime *rt;
    fa_module *mod;
    unsigned stub_mode; /* 0: zeros, 1: trap every other call, 2: re-enter wasm */
    unsigned stub_calls;
    unsigned reentry;
} run_state;

typedef struct stub {
    run_state *st;
    fa_functype type; /* arrays owned by the module (live as long as rt) */
} stub;

static fa_value zero_of(fa_valtype t)
{
    fa_value v;
    memset(&v, 0, sizeof v);
    v.type = t;
    return v;
}

static int valtype_ok(fa_valtype t)
{
    switch (t) {
    case FA_I32:
    case FA_I64:
    case FA_F32:
    case FA_F64:
    case FA_V128:
    case FA_FUNCREF:
    case FA_EXTERNREF: return 1;
    }
    return 0;
}

static void call_func(run_state *st, fa_func *f, int follow_funcref);

/* The host function standing in for every imported function. */
static int stub_fn(fa_call *c, void *user)
{
    stub *s = user;
    run_state *st = s->st;
    st->stub_calls++;
    if (st->stub_mode == 1 && (st->stub_calls & 1)) {
        fa_call_trap(c, "stub trap");
        return 1;
    }
    if (st->stub_mode == 2 && st->reentry < 2) {
        /* Re-enter wasm through the first exported function of the caller. */
        fa_instance *inst = fa_call_instance(c);
        const char *name;
        fa_extern ext;
        if (inst && fa_instance_n_exports(inst) > 0 &&
            fa_instance_export_at(inst, 0, &name, &ext) == FA_OK && ext.kind == FA_EXTERN_FUNC) {
            st->reentry++;
            call_func(st, ext.of.func, 0);
            st->reentry--;
        }
    }
    /* Arguments can be read in any number (out of range reads give 0). */
    for (uint32_t i = 0; i <= s->type.n_params; i++)
        (void)fa_call_arg(c, i);
    for (uint32_t i = 0; i < s->type.n_results; i++)
        fa_call_set_result(c, i, zero_of(s->type.results[i]));
    return 0;
}

/* Calls f with zero/null arguments and checks the outcome. */
static void call_func(run_state *st, fa_func *f, int follow_funcref)
{
    fa_functype ft;
    if (fa_func_type(f, &ft) != FA_OK)
        fuzz_die("fa_func_type failed on a valid function");
    if (ft.n_params > FUZZ_MAX_VALUES || ft.n_results > FUZZ_MAX_VALUES)
        return;
    fa_value args[FUZZ_MAX_VALUES], res[FUZZ_MAX_VALUES];
    for (uint32_t i = 0; i < ft.n_params; i++) {
        if (!valtype_ok(ft.params[i]))
            fuzz_die("bad parameter type");
        args[i] = zero_of(ft.params[i]);
    }
    fa_error err;
    memset(&err, 0, sizeof err);
    fa_result r = fa_func_call(f, args, ft.n_params, res, ft.n_results, &err);
    fuzz_check_error(r, &err);
    switch (r) {
    case FA_OK:
        for (uint32_t i = 0; i < ft.n_results; i++) {
            if (res[i].type != ft.results[i])
                fuzz_die("result type differs from the signature");
            if (follow_funcref && res[i].type == FA_FUNCREF && res[i].of.funcref)
                call_func(st, res[i].of.funcref, 0);
        }
        break;
    /* FA_ERR_OOM: an injected allocation failure (lazy translation);
     * FA_ERR_UNSUPPORTED: an instruction the translator lacks */
    case FA_ERR_TRAP:
    case FA_ERR_OOM:
    case FA_ERR_UNSUPPORTED: break;
    default:
        fprintf(stderr, "fa_func_call: %s: %s\n", fa_result_name(r), err.message);
        fuzz_die("unexpected result from fa_func_call");
    }
}

static void exercise_memory(fa_memory *m)
{
    uint64_t size = fa_memory_size(m);
    if (size % FA_PAGE_SIZE != 0)
        fuzz_die("memory size not a multiple of the page size");
    if (size > (uint64_t)FUZZ_MAX_PAGES * FA_PAGE_SIZE)
        fuzz_die("memory larger than max_memory_pages");
    uint8_t b[8];
    if (size >= 8) {
        if (fa_memory_read(m, size - 8, b, 8) != FA_OK)
            fuzz_die("in-bounds fa_memory_read failed");
        if (fa_memory_write(m, 0, b, 8) != FA_OK)
            fuzz_die("in-bounds fa_memory_write failed");
    }
    if (fa_memory_read(m, size - 4, b, 8) == FA_OK)
        fuzz_die("out-of-bounds fa_memory_read succeeded");
    if (fa_memory_read(m, UINT64_MAX - 2, b, 8) == FA_OK)
        fuzz_die("wrapping fa_memory_read succeeded");
    uint64_t old = 0;
    if (fa_memory_grow(m, 1, &old) == FA_OK && old * FA_PAGE_SIZE != size)
        fuzz_die("fa_memory_grow reported a wrong old size");
    if (fa_memory_size(m) > (uint64_t)FUZZ_MAX_PAGES * FA_PAGE_SIZE)
        fuzz_die("fa_memory_grow went past max_memory_pages");
}

static void exercise_table(run_state *st, fa_table *t)
{
    uint32_t n = fa_table_size(t);
    if (n > FUZZ_MAX_TABLE_ELEMS)
        fuzz_die("table larger than max_table_elems");
    fa_valtype et;
    fa_limits lim;
    if (fa_table_type(t, &et, &lim) != FA_OK)
        fuzz_die("fa_table_type failed");
    for (uint32_t i = 0; i < n && i < 64; i++) {
        fa_value v;
        if (fa_table_get(t, i, &v) != FA_OK)
            fuzz_die("in-bounds fa_table_get failed");
        if (v.type != et)
            fuzz_die("table element of the wrong type");
        if (v.type == FA_FUNCREF && v.of.funcref && i < 4)
            call_func(st, v.of.funcref, 0);
    }
    fa_value v;
    if (fa_table_get(t, n, &v) == FA_OK)
        fuzz_die("out-of-bounds fa_table_get succeeded");
    uint32_t old;
    if (fa_table_grow(t, 1, zero_of(et), &old) == FA_OK && old != n)
        fuzz_die("fa_table_grow reported a wrong old size");
    if (fa_table_size(t) > FUZZ_MAX_TABLE_ELEMS)
        fuzz_die("fa_table_grow went past max_table_elems");
}

static void exercise_global(fa_global *g)
{
    fa_valtype t;
    int mut;
    fa_value v;
    if (fa_global_type(g, &t, &mut) != FA_OK || fa_global_get(g, &v) != FA_OK)
        fuzz_die("global inspection failed");
    if (v.type != t)
        fuzz_die("global value of the wrong type");
    fa_result r = fa_global_set(g, v);
    if ((r == FA_OK) != (mut != 0))
        fuzz_die("fa_global_set disagrees with the mutability");
}

/* Makes a stand-in for import i. Returns 0 if none can be made (too big). */
static int make_import(run_state *st, stub *s, const fa_extern_type *t, fa_extern *out)
{
    out->kind = t->kind;
    switch (t->kind) {
    case FA_EXTERN_FUNC:
        s->st = st;
        s->type = t->func;
        out->of.func = fa_func_new_host(st->rt, &t->func, stub_fn, s);
        return out->of.func != NULL;
    case FA_EXTERN_TABLE:
        if (t->limits.min > FUZZ_MAX_TABLE)
            return 0;
        out->of.table = fa_table_new(st->rt, t->elem_type, &t->limits);
        return out->of.table != NULL;
    case FA_EXTERN_MEMORY:
        if (t->limits.min > FUZZ_MAX_PAGES)
            return 0;
        out->of.memory = fa_memory_new(st->rt, &t->limits);
        return out->of.memory != NULL;
    case FA_EXTERN_GLOBAL:
        out->of.global = fa_global_new(st->rt, zero_of(t->global_type), t->global_mutable);
        return out->of.global != NULL;
    }
    return 0;
}

static void run_module(run_state *st, uint64_t h)
{
    fa_module *m = st->mod;
    uint32_t ni = fa_module_n_imports(m);
    if (ni > 1000)
        return;
    fa_extern *imports = calloc(ni ? ni : 1, sizeof *imports);
    stub *stubs = calloc(ni ? ni : 1, sizeof *stubs);
    if (!imports || !stubs)
        abort();
    /* One input in four resolves the imports by name through the runtime's
     * namespace instead of by position. */
    int by_name = ((h >> 10) & 3) == 0;
    int made = 1;
    for (uint32_t i = 0; i < ni && made; i++) {
        const char *mn, *nm;
        fa_extern_type t;
        if (fa_module_import(m, i, &mn, &nm, &t) != FA_OK)
            fuzz_die("fa_module_import failed");
        made = make_import(st, &stubs[i], &t, &imports[i]);
        if (made && by_name && fa_runtime_define(st->rt, mn, nm, imports[i]) != FA_OK)
            made = 0; /* OOM */
    }
    if (made) {
        fa_instance *inst = NULL;
        fa_error err;
        memset(&err, 0, sizeof err);
        fa_result r = by_name ? fa_instance_new(st->rt, m, &inst, &err)
                              : fa_instance_new_with_imports(st->rt, m, imports, ni, &inst, &err);
        fuzz_check_error(r, &err);
        if (r == FA_OK) {
            uint32_t ne = fa_instance_n_exports(inst);
            for (int round = 0; round < 2; round++) {
                for (uint32_t i = 0; i < ne; i++) {
                    const char *name;
                    fa_extern ext;
                    if (fa_instance_export_at(inst, i, &name, &ext) != FA_OK)
                        fuzz_die("fa_instance_export_at failed below n_exports");
                    /* By name too (a name with U+0000 in it is cut short
                     * here, so any outcome is fine; it must not crash). */
                    fa_extern again;
                    (void)fa_instance_export(inst, name, &again);
                    switch (ext.kind) {
                    case FA_EXTERN_FUNC: call_func(st, ext.of.func, 1); break;
                    case FA_EXTERN_MEMORY: exercise_memory(ext.of.memory); break;
                    case FA_EXTERN_TABLE: exercise_table(st, ext.of.table); break;
                    case FA_EXTERN_GLOBAL: exercise_global(ext.of.global); break;
                    }
                }
            }
            fa_instance_free(inst);
        } else if (r != FA_ERR_LINK && r != FA_ERR_TRAP && r != FA_ERR_OOM &&
                   r != FA_ERR_UNSUPPORTED) {
            fprintf(stderr, "fa_instance_new: %s: %s\n", fa_result_name(r), err.message);
            fuzz_die("unexpected result from fa_instance_new");
        }
    }
    free(imports);
    free(stubs);
}

static void fuzz_config(fa_config *cfg, fuzz_heap *heap)
{
    fa_config_default(cfg);
    cfg->features = FA_FEATURE_ALL;
    cfg->fuel = FUZZ_FUEL;
    cfg->max_memory_pages = FUZZ_MAX_PAGES;
    cfg->max_table_elems = FUZZ_MAX_TABLE_ELEMS;
    cfg->max_call_depth = FUZZ_DEPTH;
    cfg->stack_slots = FUZZ_STACK;
    cfg->alloc = fuzz_alloc;
    cfg->alloc_user = heap;
}

/*
 * (module
 *   (func (export "spin") (loop (br 0)))
 *   (func (export "rec") (call 1))
 *   (func (export "count") (local i32)
 *     (loop (br_if 0 (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
 *                              (i32.const 100))))))
 */
/* clang-format off */
static const uint8_t limits_module[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                         /* header */
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                                     /* type () */
    0x03, 0x04, 0x03, 0x00, 0x00, 0x00,                                     /* 3 funcs */
    0x07, 0x16, 0x03, 0x04, 's', 'p', 'i', 'n', 0x00, 0x00, 0x03, 'r', 'e', /* exports */
    'c', 0x00, 0x01, 0x05, 'c', 'o', 'u', 'n', 't', 0x00, 0x02,             /* */
    0x0a, 0x23, 0x03,                                                       /* code */
    0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b,                         /* spin */
    0x04, 0x00, 0x10, 0x01, 0x0b,                                           /* rec */
    0x14, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x22, /* count */
    0x00, 0x41, 0xe4, 0x00, 0x49, 0x0d, 0x00, 0x0b, 0x0b,                   /* */
};
/* clang-format on */

static fa_result call_export(fa_instance *inst, const char *name, fa_error *err)
{
    fa_func *f = fa_instance_func(inst, name);
    if (!f)
        fuzz_die("limits module: missing export");
    return fa_func_call(f, NULL, 0, NULL, 0, err);
}

/* The limits fuzz_run relies on are really enforced (checked once). */
static void check_limits(void)
{
    fuzz_heap heap;
    fuzz_heap_init(&heap, NULL, 0);
    heap.fail_at = 0;
    fa_config cfg;
    fuzz_config(&cfg, &heap);
    fa_runtime *rt = fa_runtime_new(&cfg);
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    if (!rt || fa_module_load(rt, limits_module, sizeof limits_module, &m, &err) != FA_OK ||
        fa_instance_new(rt, m, &inst, &err) != FA_OK)
        fuzz_die("limits module does not load");
    if (call_export(inst, "spin", &err) != FA_ERR_TRAP || err.trap != FA_TRAP_OUT_OF_FUEL)
        fuzz_die("an infinite loop did not run out of fuel");
    if (call_export(inst, "rec", &err) != FA_ERR_TRAP ||
        (err.trap != FA_TRAP_STACK_EXHAUSTED && err.trap != FA_TRAP_OUT_OF_FUEL))
        fuzz_die("unbounded recursion did not trap");
    if (call_export(inst, "count", &err) != FA_OK)
        fuzz_die("a 100-iteration loop did not fit in the fuel (fuel not refilled per call?)");
    fa_runtime_free(rt);
    fuzz_check_heap_clean(&heap);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    check_limits();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_heap heap;
    fuzz_heap_init(&heap, data, size);
    uint64_t h = fuzz_hash(data, size);

    fa_config cfg;
    fuzz_config(&cfg, &heap);
    cfg.eager_compile = (int)((h >> 8) & 1);
    /* one input in four runs with a tiny code cache (codecache.c): every
     * translation drops the others that are not running */
    static const size_t cache_budgets[4] = {0, 0, 0, 256};
    cfg.code_cache_bytes = cache_budgets[(h >> 16) & 3];
    run_state st;
    memset(&st, 0, sizeof st);
    st.stub_mode = (unsigned)((h >> 12) % 3);
    st.rt = fa_runtime_new(&cfg);
    if (!st.rt) {
        if (!heap.failed)
            fuzz_die("fa_runtime_new failed without an allocation failure");
        fuzz_check_heap_clean(&heap);
        return 0;
    }

    fa_error err;
    memset(&err, 0, sizeof err);
    fa_result r = fa_module_load(st.rt, data, size, &st.mod, &err);
    fuzz_check_error(r, &err);
    if (r == FA_OK) {
        run_module(&st, h);
        fa_module_free(st.mod);
    } else if (r != FA_ERR_MALFORMED && r != FA_ERR_INVALID && r != FA_ERR_OOM &&
               r != FA_ERR_UNSUPPORTED) {
        fprintf(stderr, "fa_module_load: %s: %s\n", fa_result_name(r), err.message);
        fuzz_die("unexpected result from fa_module_load");
    }

    fa_runtime_free(st.rt);
    fuzz_check_heap_clean(&heap);
    return 0;
}
