/*
 * fuzz_load.c - libFuzzer target: load (decode + validate + translate) arbitrary bytes.
 *
 * Stage: the loader as an embedder sees it: fa_module_load on untrusted bytes,
 * then the import/export inspection calls on whatever loads. The runtime is
 * configured with every feature on and eager_compile, so each module that
 * validates also goes through the translator (compile.c) without being run.
 *
 * Invariants (fuzz_common.h): no crash/UB/leak; fa_module_load returns FA_OK,
 * FA_ERR_MALFORMED, FA_ERR_INVALID, FA_ERR_UNSUPPORTED or (after an injected
 * allocation failure) FA_ERR_OOM, with a spec-worded message; a loaded module's import and export
 * descriptions are well-formed (names terminated, kinds in range).
 * libFuzzer hands the bytes in a buffer of exactly `size` bytes, so ASan also
 * catches any read past the end of the input. Spec: 5 (binary format), 3 (validation).
 */
#include "fuzz_common.h"

static void check_extern_type(const fa_extern_type *t)
{
    if ((int)t->kind < FA_EXTERN_FUNC || (int)t->kind > FA_EXTERN_GLOBAL)
        fuzz_die("extern kind out of range");
    if (t->kind == FA_EXTERN_FUNC) {
        /* Touch every type so ASan sees a dangling or short array. */
        volatile unsigned sum = 0;
        for (uint32_t i = 0; i < t->func.n_params; i++)
            sum += (unsigned)t->func.params[i];
        for (uint32_t i = 0; i < t->func.n_results; i++)
            sum += (unsigned)t->func.results[i];
        (void)sum;
    }
    if ((t->kind == FA_EXTERN_TABLE || t->kind == FA_EXTERN_MEMORY) && t->limits.has_max &&
        t->limits.max < t->limits.min)
        fuzz_die("loaded limits with max < min");
}

static void inspect(const fa_module *m)
{
    uint32_t ni = fa_module_n_imports(m);
    for (uint32_t i = 0; i < ni; i++) {
        const char *mod = NULL, *name = NULL;
        fa_extern_type t;
        if (fa_module_import(m, i, &mod, &name, &t) != FA_OK)
            fuzz_die("fa_module_import failed for an index below n_imports");
        (void)strlen(mod);
        (void)strlen(name);
        check_extern_type(&t);
    }
    if (fa_module_import(m, ni, NULL, NULL, NULL) == FA_OK)
        fuzz_die("fa_module_import accepted index n_imports");
    uint32_t ne = fa_module_n_exports(m);
    for (uint32_t i = 0; i < ne; i++) {
        const char *name = NULL;
        fa_extern_type t;
        if (fa_module_export(m, i, &name, &t) != FA_OK)
            fuzz_die("fa_module_export failed for an index below n_exports");
        (void)strlen(name);
        check_extern_type(&t);
    }
}

/* Nothing runs here, so the value stack and the frame array are tiny: the
 * defaults (8 MiB of slots, 100,000 frames) alone exceed FUZZ_HEAP_BUDGET,
 * which made every fa_runtime_new fail. */
static void fuzz_config(fa_config *cfg, fuzz_heap *heap)
{
    fa_config_default(cfg);
    cfg->features = FA_FEATURE_ALL;
    cfg->eager_compile = 1;
    cfg->max_call_depth = 64;
    cfg->stack_slots = 4096;
    cfg->alloc = fuzz_alloc;
    cfg->alloc_user = heap;
}

/* Start-up check that inputs reach the loader at all: with the
 * configuration above and no injected failure, the empty module loads. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const uint8_t empty[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    fuzz_heap heap;
    memset(&heap, 0, sizeof heap);
    fa_config cfg;
    fuzz_config(&cfg, &heap);
    fa_runtime *rt = fa_runtime_new(&cfg);
    if (!rt)
        fuzz_die("start-up check: fa_runtime_new failed");
    fa_module *m = NULL;
    fa_error err;
    if (fa_module_load(rt, empty, sizeof empty, &m, &err) != FA_OK)
        fuzz_die("start-up check: the empty module does not load");
    fa_module_free(m);
    fa_runtime_free(rt);
    fuzz_check_heap_clean(&heap);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_heap heap;
    fuzz_heap_init(&heap, data, size);

    fa_config cfg;
    fuzz_config(&cfg, &heap);
    fa_runtime *rt = fa_runtime_new(&cfg);
    if (!rt) {
        if (!heap.failed)
            fuzz_die("fa_runtime_new failed without an allocation failure");
        fuzz_check_heap_clean(&heap);
        return 0;
    }

    fa_module *m = NULL;
    fa_error err;
    memset(&err, 0, sizeof err);
    fa_result r = fa_module_load(rt, data, size, &m, &err);
    fuzz_check_error(r, &err);
    switch (r) {
    case FA_OK:
        if (!m)
            fuzz_die("FA_OK without a module");
        inspect(m);
        fa_module_free(m);
        break;
    /* FA_ERR_UNSUPPORTED: e.g. an instruction the translator does not have yet */
    case FA_ERR_MALFORMED:
    case FA_ERR_INVALID:
    case FA_ERR_UNSUPPORTED: break;
    case FA_ERR_OOM:
        if (!heap.failed)
            fuzz_die("FA_ERR_OOM without an allocation failure");
        break;
    default:
        fprintf(stderr, "fa_module_load: %s: %s\n", fa_result_name(r), err.message);
        fuzz_die("unexpected result from fa_module_load");
    }

    fa_runtime_free(rt);
    fuzz_check_heap_clean(&heap);
    return 0;
}
