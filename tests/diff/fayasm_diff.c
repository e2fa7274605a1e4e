/*
 * fayasm_diff.c - differential-testing driver: runs every export of a module
 * and prints what happened in the normalised form tests/diff/ref.mjs prints.
 *
 * Stage: test tool over the public API only (include/fayasm.h). No global
 * mutable state except the output stream.
 *
 * Usage: fayasm_diff [--no-hang-reset] [--no-mem] [--fuel N] MODULE.wasm
 *        fayasm_diff --random-bytes SEED N   (N pseudo-random bytes on stdout,
 *                                             the same on every host: -ttf input)
 *
 * Imports: every imported function is a host function that prints
 * "log <module>.<name> <args>" and returns zeros (binaryen's -ttf modules
 * import fuzzing-support.log-i32/-i64/-f32/-f64). One with a v128 in its
 * type traps instead (category host), as calling a JS import does in V8.
 * Other import kinds make
 * the driver print "skip: ..." and exit 0 (the reference does the same).
 *
 * Output, one record per line (ref.mjs prints exactly the same grammar):
 *   load error <result>                 the module does not load / instantiate
 *   instantiate trap <category>
 *   call <export>                       before each exported function call
 *   log <mod>.<name> <v> <v> ...        a host import was called
 *   result <v> <v> ...                  the call returned (nothing: "result")
 *   trap <category>                     the call trapped
 *   skip v128 signature                 not called: JS cannot pass/receive v128
 *   mem <pages> <fnv1a-32 hex>          memory 0 after the call (if exported)
 *   global <export> <v>                 each exported global at the end
 * Values: i32:<signed dec> i64:<signed dec> f32:0x<8 hex> f64:0x<16 hex>,
 * any NaN as f32:nan / f64:nan (NaN bits are not deterministic across
 * engines), references as funcref:null / funcref:ref (externref alike).
 * Trap categories (engines word traps differently; see ref.mjs):
 *   unreachable oob-mem oob-table indirect div-zero int-range (integer
 *   overflow or invalid conversion to integer)
 *   stack null-ref host other:<message>
 * Before each export call except hangLimitInitializer the driver calls the
 * module's hangLimitInitializer export (if any), as binaryen's fuzz shell
 * does, unless --no-hang-reset.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"

#define MAX_VALUES 1000

/* ------------------------------------------------------------ strict allocator */

/* The runtime's allocator hook, checked: every block carries the size it
 * was handed out with, old_size must match it (an exact-size allocator, e.g.
 * a pool, relies on that), and everything must be freed by fa_runtime_free.
 * A violation aborts, so it fails the seed or regression case. */
typedef union block {
    size_t size;
    max_align_t align;
} block;

typedef struct heap {
    long live;
} heap;

static void *strict_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    heap *h = user;
    block *b = ptr ? (block *)ptr - 1 : NULL;
    if (b && b->size != old_size) {
        fprintf(stderr, "fayasm_diff: block of %zu bytes resized/freed as %zu bytes\n", b->size,
                old_size);
        abort();
    }
    if (new_size == 0) {
        if (b) {
            h->live--;
            free(b);
        }
        return NULL;
    }
    if (new_size > SIZE_MAX - sizeof(block))
        return NULL;
    block *nb = realloc(b, sizeof(block) + new_size);
    if (!nb)
        return NULL;
    if (!b)
        h->live++;
    nb->size = new_size;
    return nb + 1;
}

static void print_value(const fa_value *v)
{
    switch (v->type) {
    case FA_I32: printf(" i32:%" PRId32, v->of.i32); break;
    case FA_I64: printf(" i64:%" PRId64, v->of.i64); break;
    case FA_F32:
        if ((v->of.f32_bits & 0x7f800000u) == 0x7f800000u && (v->of.f32_bits & 0x007fffffu))
            printf(" f32:nan");
        else
            printf(" f32:0x%08" PRIx32, v->of.f32_bits);
        break;
    case FA_F64:
        if ((v->of.f64_bits & 0x7ff0000000000000ull) == 0x7ff0000000000000ull &&
            (v->of.f64_bits & 0x000fffffffffffffull))
            printf(" f64:nan");
        else
            printf(" f64:0x%016" PRIx64, v->of.f64_bits);
        break;
    case FA_V128:
        printf(" v128:0x");
        for (int i = 15; i >= 0; i--)
            printf("%02x", v->of.v128.bytes[i]);
        break;
    case FA_FUNCREF: printf(" funcref:%s", v->of.funcref ? "ref" : "null"); break;
    case FA_EXTERNREF: printf(" externref:%s", v->of.externref ? "ref" : "null"); break;
    default: printf(" ?"); break;
    }
}

static const char *trap_category(const fa_error *err)
{
    switch (err->trap) {
    case FA_TRAP_UNREACHABLE: return "unreachable";
    case FA_TRAP_MEMORY_OOB: return "oob-mem";
    case FA_TRAP_TABLE_OOB:
    case FA_TRAP_UNDEFINED_ELEMENT: return "oob-table";
    case FA_TRAP_UNINITIALIZED_ELEMENT:
    case FA_TRAP_INDIRECT_CALL_TYPE: return "indirect";
    case FA_TRAP_INT_DIV_ZERO: return "div-zero";
    /* V8 says "float unrepresentable in integer range" both for a NaN
     * (spec: invalid conversion) and for a too-large float (spec: integer
     * overflow), so the two share a category. */
    case FA_TRAP_INT_OVERFLOW:
    case FA_TRAP_INVALID_CONVERSION: return "int-range";
    case FA_TRAP_STACK_EXHAUSTED: return "stack";
    case FA_TRAP_NULL_REFERENCE: return "null-ref";
    case FA_TRAP_HOST: return "host";
    default: return NULL;
    }
}

static void print_trap(const char *prefix, const fa_error *err)
{
    const char *cat = trap_category(err);
    if (cat)
        printf("%s %s\n", prefix, cat);
    else
        printf("%s other:%s\n", prefix, err->message);
}

typedef struct import_info {
    const char *module;
    const char *name;
    fa_functype type; /* arrays owned by the module */
} import_info;

static int type_has_v128(const fa_functype *ft)
{
    for (uint32_t i = 0; i < ft->n_params; i++)
        if (ft->params[i] == FA_V128)
            return 1;
    for (uint32_t i = 0; i < ft->n_results; i++)
        if (ft->results[i] == FA_V128)
            return 1;
    return 0;
}

static int host_log(fa_call *c, void *user)
{
    const import_info *ii = user;
    if (type_has_v128(&ii->type)) {
        /* As in JS: a v128 cannot cross into a host function (V8 throws a
         * TypeError when the import is called). */
        fa_call_trap(c, "v128 at the host boundary");
        return 1;
    }
    printf("log %s.%s", ii->module, ii->name);
    uint32_t n = fa_call_n_args(c);
    for (uint32_t i = 0; i < n; i++) {
        fa_value v = fa_call_arg(c, i);
        print_value(&v);
    }
    printf("\n");
    /* Results: zeros of each type (the -ttf imports have none). */
    for (uint32_t i = 0; i < ii->type.n_results; i++) {
        fa_value z;
        memset(&z, 0, sizeof z);
        z.type = ii->type.results[i];
        fa_call_set_result(c, i, z);
    }
    return 0;
}

static unsigned long fnv1a32(const uint8_t *p, uint64_t n)
{
    uint32_t h = 0x811c9dc5u;
    for (uint64_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x01000193u;
    }
    return (unsigned long)h;
}

/* Memory 0, when it is exported (the reference sees only exported memories). */
static fa_memory *exported_mem0(fa_instance *inst)
{
    fa_memory *m0 = fa_instance_memory_at(inst, 0);
    uint32_t ne = fa_instance_n_exports(inst);
    for (uint32_t i = 0; m0 && i < ne; i++) {
        const char *name;
        fa_extern ext;
        if (fa_instance_export_at(inst, i, &name, &ext) == FA_OK && ext.kind == FA_EXTERN_MEMORY &&
            ext.of.memory == m0)
            return m0;
    }
    return NULL;
}

/* FAYASM_DIFF_DUMP=DIR also writes memory 0 after call n to DIR/n.bin (triage). */
static void print_mem(fa_memory *m, unsigned n)
{
    if (!m)
        return;
    uint64_t size = fa_memory_size(m);
    printf("mem %" PRIu64 " %08lx\n", size / FA_PAGE_SIZE, fnv1a32(fa_memory_data(m), size));
    const char *dir = getenv("FAYASM_DIFF_DUMP");
    if (dir && *dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%u.bin", dir, n);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(fa_memory_data(m), 1, (size_t)size, f);
            fclose(f);
        }
    }
}

static int has_v128(const fa_func *f)
{
    fa_functype ft;
    return fa_func_type(f, &ft) == FA_OK && type_has_v128(&ft);
}

static int call_export(fa_func *f, int quiet)
{
    static fa_value args[MAX_VALUES], res[MAX_VALUES];
    fa_functype ft;
    if (fa_func_type(f, &ft) != FA_OK || ft.n_params > MAX_VALUES || ft.n_results > MAX_VALUES) {
        printf("skip: signature\n");
        return -1;
    }
    for (uint32_t i = 0; i < ft.n_params; i++) {
        memset(&args[i], 0, sizeof args[i]);
        args[i].type = ft.params[i];
    }
    fa_error err;
    fa_result r = fa_func_call(f, args, ft.n_params, res, ft.n_results, &err);
    if (quiet)
        return 0;
    if (r == FA_OK) {
        printf("result");
        for (uint32_t i = 0; i < ft.n_results; i++)
            print_value(&res[i]);
        printf("\n");
    } else if (r == FA_ERR_TRAP) {
        print_trap("trap", &err);
    } else {
        printf("error %s %s\n", fa_result_name(r), err.message);
    }
    return 0;
}

/* splitmix64, so that a seed names the same -ttf input everywhere. */
static int random_bytes(const char *seed_text, const char *n_text)
{
    uint64_t state = strtoull(seed_text, NULL, 10);
    unsigned long n = strtoul(n_text, NULL, 10);
    for (unsigned long i = 0; i < n; i += 8) {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        for (unsigned k = 0; k < 8 && i + k < n; k++)
            putchar((int)((z >> (8 * k)) & 0xff));
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

static int run(fa_runtime *rt, const char *path, int hang_reset, int show_mem);

#define USAGE                                                                                      \
    "usage: fayasm_diff [--no-hang-reset] [--no-mem] [--fuel N] MODULE.wasm\n"                     \
    "       fayasm_diff --random-bytes SEED N\n"

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--random-bytes") == 0)
        return random_bytes(argv[2], argv[3]);
    int hang_reset = 1, show_mem = 1;
    uint64_t fuel = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-hang-reset") == 0)
            hang_reset = 0;
        else if (strcmp(argv[i], "--no-mem") == 0)
            show_mem = 0;
        else if (strcmp(argv[i], "--fuel") == 0 && i + 1 < argc)
            fuel = strtoull(argv[++i], NULL, 10);
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else {
            fputs(USAGE, stderr);
            return 2;
        }
    }
    if (!path) {
        fputs(USAGE, stderr);
        return 2;
    }
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);

    heap hp = {0};
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.fuel = fuel;
    cfg.alloc = strict_alloc;
    cfg.alloc_user = &hp;
    fa_runtime *rt = fa_runtime_new(&cfg);
    if (!rt)
        return 3;
    int rc = run(rt, path, hang_reset, show_mem);
    fa_runtime_free(rt);
    if (hp.live != 0) {
        fprintf(stderr, "fayasm_diff: %ld blocks still allocated after fa_runtime_free\n", hp.live);
        abort();
    }
    return rc;
}

/* Loads, instantiates and runs the module; the caller frees rt. */
static int run(fa_runtime *rt, const char *path, int hang_reset, int show_mem)
{
    fa_module *m;
    fa_error err;
    fa_result r = fa_module_load_file(rt, path, &m, &err);
    if (r != FA_OK) {
        printf("load error %s\n", fa_result_name(r));
        fprintf(stderr, "fayasm_diff: %s\n", err.message);
        return 0;
    }

    uint32_t ni = fa_module_n_imports(m);
    fa_extern *imports = calloc(ni ? ni : 1, sizeof *imports);
    import_info *infos = calloc(ni ? ni : 1, sizeof *infos);
    if (!imports || !infos)
        return 3;
    for (uint32_t i = 0; i < ni; i++) {
        fa_extern_type t;
        fa_module_import(m, i, &infos[i].module, &infos[i].name, &t);
        if (t.kind != FA_EXTERN_FUNC) {
            printf("skip: import %s.%s is not a function\n", infos[i].module, infos[i].name);
            fa_runtime_free(rt);
            return 0;
        }
        infos[i].type = t.func;
        imports[i].kind = FA_EXTERN_FUNC;
        imports[i].of.func = fa_func_new_host(rt, &t.func, host_log, &infos[i]);
    }

    fa_instance *inst;
    r = fa_instance_new_with_imports(rt, m, imports, ni, &inst, &err);
    if (r == FA_ERR_TRAP) {
        print_trap("instantiate trap", &err);
        return 0;
    }
    if (r != FA_OK) {
        printf("load error %s\n", fa_result_name(r));
        fprintf(stderr, "fayasm_diff: %s\n", err.message);
        return 0;
    }

    fa_func *hang_init = hang_reset ? fa_instance_func(inst, "hangLimitInitializer") : NULL;
    fa_memory *mem0 = show_mem ? exported_mem0(inst) : NULL;
    unsigned n_calls = 0;
    uint32_t ne = fa_instance_n_exports(inst);
    for (uint32_t i = 0; i < ne; i++) {
        const char *name;
        fa_extern ext;
        fa_instance_export_at(inst, i, &name, &ext);
        if (ext.kind != FA_EXTERN_FUNC || (hang_init && strcmp(name, "hangLimitInitializer") == 0))
            continue;
        if (hang_init)
            call_export(hang_init, 1);
        printf("call %s\n", name);
        if (has_v128(ext.of.func)) {
            printf("skip v128 signature\n"); /* the JS reference cannot call it */
            n_calls++;
            continue;
        }
        call_export(ext.of.func, 0);
        print_mem(mem0, n_calls++);
    }
    for (uint32_t i = 0; i < ne; i++) {
        const char *name;
        fa_extern ext;
        fa_instance_export_at(inst, i, &name, &ext);
        if (ext.kind != FA_EXTERN_GLOBAL)
            continue;
        fa_value v;
        fa_global_get(ext.of.global, &v);
        printf("global %s", name);
        print_value(&v);
        printf("\n");
    }
    free(imports);
    free(infos);
    return 0;
}
