/*
 * test_fuzz_load.c - the loader never crashes on hostile bytes.
 *
 * Stage: the public entry points as an embedder sees them (fa_module_load,
 * then fa_instance_new and fa_func_call on whatever loads). Data: the valid
 * seed modules of fuzz_seeds.h (every section kind, imports/exports of every
 * kind, element/data segments of every mode, most instruction groups), turned
 * into thousands of variants by a deterministic PRNG: truncations, bit flips,
 * byte replacements, section-level surgery (bad ids, sizes, counts, dropped,
 * duplicated and swapped sections) and stacked random edits.
 *
 * Invariants checked for every variant:
 *   - fa_module_load returns FA_OK, FA_ERR_MALFORMED or FA_ERR_INVALID (or
 *     FA_ERR_UNSUPPORTED for a feature the build leaves out, e.g. shared
 *     memories); on an error err.code matches and err.message is non-empty;
 *   - a variant that loads can be inspected, instantiated (against a small
 *     "env" host module; link errors are fine) and each exported function
 *     called with zero arguments under a fuel, call-depth and memory limit:
 *     every outcome is FA_OK or a reported error, never a crash or a hang;
 *   - every byte the runtime allocated through the hook is freed again.
 * Each variant lives in its own malloc'd buffer of exactly its length, freed
 * right after loading, so an ASan build catches reads past the end and any
 * module that keeps pointing into the caller's bytes (spec 5: binary format).
 *
 * Knobs (environment): FAYASM_FUZZ_SCALE=N multiplies the random variants,
 * FAYASM_FUZZ_SEED=N changes the PRNG seed, FAYASM_FUZZ_DUMP=DIR writes each
 * failing variant to DIR/<seed>-<kind>-<n>.wasm, FAYASM_FUZZ_TRACE=1 names
 * every variant on stderr before trying it and, with FAYASM_FUZZ_DUMP, also
 * writes it to DIR/last.wasm first (after a crash, that file is the culprit).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"
#include "harness.h"

#include "fuzz_seeds.h"

#define N_SEEDS (sizeof fuzz_seeds / sizeof fuzz_seeds[0])

/* ------------------------------------------------------------ PRNG */

/* splitmix64: tiny, deterministic on every host, good enough to pick edits. */
static uint64_t prng_state;

static uint64_t prng_next(void)
{
    uint64_t z = (prng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t prng_below(size_t n)
{
    return n ? (size_t)(prng_next() % n) : 0;
}

/* ------------------------------------------------------------ counting allocator */

/* Each block carries its size in a header so live bytes can be counted
 * without trusting old_size (which only an exact-size allocator needs). */
typedef union block_header {
    size_t size;
    max_align_t align;
} block_header;

typedef struct heap_stats {
    long live_blocks;
    long long live_bytes;
    long size_mismatches; /* old_size != the size allocated (informational) */
} heap_stats;

/* The allocator hook; `user` is the runtime's heap_stats. */
static void *counting_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    heap_stats *heap = user;
    block_header *h = ptr ? (block_header *)ptr - 1 : NULL;
    if (h && h->size != old_size)
        heap->size_mismatches++;
    if (new_size == 0) {
        if (h) {
            heap->live_blocks--;
            heap->live_bytes -= (long long)h->size;
            free(h);
        }
        return NULL;
    }
    if (new_size > SIZE_MAX - sizeof(block_header))
        return NULL;
    size_t old = h ? h->size : 0;
    block_header *n = realloc(h, sizeof(block_header) + new_size);
    if (!n)
        return NULL;
    if (!h)
        heap->live_blocks++;
    heap->live_bytes += (long long)new_size - (long long)old;
    n->size = new_size;
    return n + 1;
}

static long size_mismatches; /* summed over runtimes, reported per test */

/* Checks that a runtime about to be freed (or just freed) gave back all. */
static int heap_clean(heap_stats *heap, char *what, size_t what_size)
{
    size_mismatches += heap->size_mismatches;
    if (heap->live_blocks == 0)
        return 1;
    snprintf(what, what_size, "%ld blocks (%lld bytes) still allocated after fa_runtime_free",
             heap->live_blocks, heap->live_bytes);
    return 0;
}

/* ------------------------------------------------------------ outcomes */

typedef struct stats {
    const char *kind;
    fa_runtime *rt;  /* loads every variant of one test */
    heap_stats heap; /* its allocations */
    long variants, loaded, malformed, invalid, unsupported, bad;
    long instantiated, calls, traps;
} stats;

static const char *cur_seed; /* for failure reports */
static int run_enabled = -1; /* -1: not probed yet; 0: loading only; 1: also run */
static long failures_printed;

static void dump_variant(const stats *st, const uint8_t *buf, size_t len)
{
    const char *dir = getenv("FAYASM_FUZZ_DUMP");
    if (!dir || !*dir)
        return;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s-%s-%ld.wasm", dir, cur_seed, st->kind, st->variants);
    FILE *f = fopen(path, "wb");
    if (f) {
        if (len)
            fwrite(buf, 1, len, f);
        fclose(f);
        fprintf(stderr, "    written to %s\n", path);
    }
}

static void dump_last(const uint8_t *buf, size_t len)
{
    const char *dir = getenv("FAYASM_FUZZ_DUMP");
    if (!dir || !*dir)
        return;
    char path[1024];
    snprintf(path, sizeof path, "%s/last.wasm", dir);
    FILE *f = fopen(path, "wb");
    if (f) {
        if (len)
            fwrite(buf, 1, len, f);
        fclose(f);
    }
}

static void variant_failed(stats *st, const uint8_t *buf, size_t len, const char *what)
{
    st->bad++;
    fa_test_failures_++;
    if (failures_printed++ < 20) {
        fprintf(stderr, "  %s variant %ld of seed %s (%zu bytes): %s\n", st->kind, st->variants,
                cur_seed, len, what);
        dump_variant(st, buf, len);
    }
}

/* A message is usable if it is a terminated, non-empty string. */
static int message_ok(const fa_error *err)
{
    return memchr(err->message, '\0', sizeof err->message) != NULL && err->message[0] != '\0';
}

/* ------------------------------------------------------------ host "env" module */

static int host_inc(fa_call *c, void *user)
{
    (void)user;
    fa_call_set_result_i32(c, 0, fa_call_arg_i32(c, 0) + 1);
    return 0;
}

static int host_log(fa_call *c, void *user)
{
    (void)c;
    (void)user;
    return 0;
}

/* Defines the imports sections.wat asks for; mutated variants may ask for
 * other names or types, which must end in a clean link error. */
static void define_env(fa_runtime *rt)
{
    static const fa_valtype inc_types[] = {FA_I32, FA_I32};
    static const fa_valtype log_types[] = {FA_I32, FA_I64, FA_F32, FA_F64};
    fa_functype inc = {1, 1, inc_types, inc_types + 1};
    fa_functype log = {4, 0, log_types, NULL};
    fa_limits tab_limits = {2, 10, 1, 0};
    fa_limits mem_limits = {1, 4, 1, 0};
    fa_extern e;

    e.kind = FA_EXTERN_FUNC;
    if ((e.of.func = fa_func_new_host(rt, &inc, host_inc, NULL)) != NULL)
        fa_runtime_define(rt, "env", "host", e);
    if ((e.of.func = fa_func_new_host(rt, &log, host_log, NULL)) != NULL)
        fa_runtime_define(rt, "env", "log", e);
    e.kind = FA_EXTERN_TABLE;
    if ((e.of.table = fa_table_new(rt, FA_FUNCREF, &tab_limits)) != NULL)
        fa_runtime_define(rt, "env", "tab", e);
    e.kind = FA_EXTERN_MEMORY;
    if ((e.of.memory = fa_memory_new(rt, &mem_limits)) != NULL)
        fa_runtime_define(rt, "env", "mem", e);
    e.kind = FA_EXTERN_GLOBAL;
    if ((e.of.global = fa_global_new(rt, fa_i32(0), 0)) != NULL)
        fa_runtime_define(rt, "env", "g", e);
    if ((e.of.global = fa_global_new(rt, fa_i64(0), 1)) != NULL)
        fa_runtime_define(rt, "env", "gm", e);
}

static void limited_config(fa_config *cfg, heap_stats *heap)
{
    fa_config_default(cfg);
    cfg->alloc_user = heap;
    cfg->fuel = 20000;
    cfg->max_call_depth = 256;
    cfg->stack_slots = 1u << 14;
    cfg->max_memory_pages = 8;
    cfg->alloc = counting_alloc;
}

/* Fuel is what keeps a mutated loop from spinning forever. Probe it with a
 * loop that does end (a million iterations), so a build without fuel
 * support skips execution instead of hanging:
 *   (func (export "count") (result i32) (local i32)
 *     (local.set 0 (i32.const 1000000))
 *     (loop (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
 *     (local.get 0))                                                       */
static const uint8_t fuel_probe[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00, 0x07, 0x09, 0x01, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x00, 0x00,
    0x0a, 0x1a, 0x01, 0x18, 0x01, 0x01, 0x7f, 0x41, 0xc0, 0x84, 0x3d, 0x21, 0x00, 0x03, 0x40,
    0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x0b};

static int probe_fuel(void)
{
    fa_config cfg;
    heap_stats heap = {0, 0, 0};
    limited_config(&cfg, &heap);
    cfg.fuel = 1000;
    fa_runtime *rt = fa_runtime_new(&cfg);
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    fa_value res;
    int ok = 0;
    if (!rt)
        return 0;
    if (fa_module_load(rt, fuel_probe, sizeof fuel_probe, &m, &err) == FA_OK &&
        fa_instance_new(rt, m, &inst, &err) == FA_OK) {
        fa_func *f = fa_instance_func(inst, "count");
        fa_result r = f ? fa_func_call(f, NULL, 0, &res, 1, &err) : FA_ERR_NOT_FOUND;
        ok = r == FA_ERR_TRAP && err.trap == FA_TRAP_OUT_OF_FUEL;
    } else {
        printf("  note: the fuel probe module did not load: %s\n", err.message);
    }
    fa_runtime_free(rt);
    return ok;
}

/* Calls every exported function of inst with zero/null arguments. */
static void call_exports(stats *st, fa_instance *inst, const uint8_t *buf, size_t len)
{
    uint32_t n = fa_instance_n_exports(inst);
    for (uint32_t i = 0; i < n; i++) {
        const char *name = NULL;
        fa_extern ext;
        fa_functype ft;
        if (fa_instance_export_at(inst, i, &name, &ext) != FA_OK || ext.kind != FA_EXTERN_FUNC)
            continue;
        if (fa_func_type(ext.of.func, &ft) != FA_OK) {
            variant_failed(st, buf, len, "fa_func_type failed on an exported function");
            continue;
        }
        fa_value *args = calloc(ft.n_params + 1, sizeof *args);
        fa_value *res = calloc(ft.n_results + 1, sizeof *res);
        if (!args || !res) {
            free(args);
            free(res);
            return;
        }
        for (uint32_t k = 0; k < ft.n_params; k++)
            args[k].type = ft.params[k]; /* calloc: zero value / null reference */
        fa_error err;
        memset(&err, 0, sizeof err);
        fa_result r = fa_func_call(ext.of.func, args, ft.n_params, res, ft.n_results, &err);
        st->calls++;
        if (r == FA_ERR_TRAP) {
            st->traps++;
            if (!message_ok(&err))
                variant_failed(st, buf, len, "a trap without a message");
        } else if (r != FA_OK) {
            char what[128];
            snprintf(what, sizeof what, "calling export %u returned %s", (unsigned)i,
                     fa_result_name(r));
            variant_failed(st, buf, len, what);
        }
        free(args);
        free(res);
    }
}

/* Loads a variant that loaded before into a fresh, limited runtime, frees the
 * input bytes (buf is the caller's malloc'd block; this takes it over), then
 * inspects, instantiates and runs it. */
static void run_variant(stats *st, uint8_t *buf, size_t len)
{
    fa_config cfg;
    heap_stats heap = {0, 0, 0};
    limited_config(&cfg, &heap);
    fa_runtime *rt = fa_runtime_new(&cfg);
    if (!rt) {
        variant_failed(st, buf, len, "fa_runtime_new failed");
        free(buf);
        return;
    }
    define_env(rt);
    fa_module *m = NULL;
    fa_error err;
    fa_result r = fa_module_load(rt, buf, len, &m, &err);
    uint8_t *copy = malloc(len ? len : 1); /* kept only for failure reports */
    if (copy && len)
        memcpy(copy, buf, len);
    free(buf); /* the module must own a copy of its bytes (ASan checks) */
    if (r != FA_OK) {
        variant_failed(st, copy, len, "loaded once, then failed to load again");
        goto done;
    }

    for (uint32_t i = 0, n = fa_module_n_imports(m); i < n; i++) {
        const char *mod = NULL, *name = NULL;
        fa_extern_type t;
        if (fa_module_import(m, i, &mod, &name, &t) != FA_OK || !mod || !name)
            variant_failed(st, copy, len, "fa_module_import failed on a loaded module");
    }
    for (uint32_t i = 0, n = fa_module_n_exports(m); i < n; i++) {
        const char *name = NULL;
        fa_extern_type t;
        if (fa_module_export(m, i, &name, &t) != FA_OK || !name)
            variant_failed(st, copy, len, "fa_module_export failed on a loaded module");
    }

    fa_instance *inst = NULL;
    memset(&err, 0, sizeof err);
    r = fa_instance_new(rt, m, &inst, &err);
    if (r == FA_OK) {
        st->instantiated++;
        call_exports(st, inst, copy, len);
    } else if (r == FA_ERR_ARG || !message_ok(&err)) {
        char what[128];
        snprintf(what, sizeof what, "fa_instance_new returned %s with message \"%.60s\"",
                 fa_result_name(r), message_ok(&err) ? err.message : "");
        variant_failed(st, copy, len, what);
    }
done:
    fa_runtime_free(rt);
    char what[128];
    if (!heap_clean(&heap, what, sizeof what))
        variant_failed(st, copy, len, what);
    free(copy);
}

/* The core check: load buf[0..len) (len bytes of its own malloc'd block). */
static void try_variant(stats *st, uint8_t *buf, size_t len)
{
    static int trace = -1;
    if (trace < 0)
        trace = getenv("FAYASM_FUZZ_TRACE") != NULL;
    st->variants++;
    if (trace) {
        fprintf(stderr, "%s variant %ld of seed %s (%zu bytes)\n", st->kind, st->variants, cur_seed,
                len);
        fflush(stderr);
        dump_last(buf, len);
    }
    if (!st->rt) {
        variant_failed(st, buf, len, "no runtime");
        free(buf);
        return;
    }
    fa_module *m = NULL;
    fa_error err;
    memset(&err, 0x5A, sizeof err); /* prove the loader fills it */
    fa_result r = fa_module_load(st->rt, buf, len, &m, &err);
    switch (r) {
    case FA_OK:
        st->loaded++;
        if (!m)
            variant_failed(st, buf, len, "FA_OK without a module");
        fa_module_free(m);
        if (run_enabled) {
            run_variant(st, buf, len);
            buf = NULL; /* run_variant freed it */
        }
        break;
    case FA_ERR_MALFORMED:
    case FA_ERR_INVALID:
    case FA_ERR_UNSUPPORTED: /* e.g. a flipped bit asks for a shared memory */
        if (r == FA_ERR_MALFORMED)
            st->malformed++;
        else if (r == FA_ERR_INVALID)
            st->invalid++;
        else
            st->unsupported++;
        if (m != NULL)
            variant_failed(st, buf, len, "a module handed out on error");
        if (err.code != r)
            variant_failed(st, buf, len, "err.code differs from the result");
        if (!message_ok(&err))
            variant_failed(st, buf, len, "an error without a message");
        break;
    default: {
        char what[160];
        snprintf(what, sizeof what, "fa_module_load returned %s (\"%.80s\")", fa_result_name(r),
                 memchr(err.message, 0, sizeof err.message) ? err.message : "?");
        variant_failed(st, buf, len, what);
    }
    }
    free(buf);
}

/* Every test calls this first, before anything is printed: totals printed
 * so far must survive a variant that crashes the process. */
static void line_buffered(void)
{
    static int done;
    if (!done++)
        setvbuf(stdout, NULL, _IOLBF, 0);
}

static void stats_begin(stats *st, const char *kind)
{
    line_buffered();
    memset(st, 0, sizeof *st);
    st->kind = kind;
    if (run_enabled < 0) {
        run_enabled = probe_fuel();
        if (!run_enabled)
            printf("  note: fuel limits are not working yet: variants are loaded, not run\n");
    }
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.alloc = counting_alloc;
    cfg.alloc_user = &st->heap;
    st->rt = fa_runtime_new(&cfg);
    CHECK(st->rt != NULL);
}

/* Frees the loading runtime, checks it gave every byte back, prints totals. */
static void stats_end(stats *st)
{
    char what[128];
    fa_runtime_free(st->rt);
    st->rt = NULL;
    if (!heap_clean(&st->heap, what, sizeof what))
        fprintf(stderr, "  loading runtime: %s\n", what);
    CHECK(st->heap.live_blocks == 0);
    printf("  %-10s %6ld variants: %5ld loaded, %5ld malformed, %5ld invalid, %ld unsupported",
           st->kind, st->variants, st->loaded, st->malformed, st->invalid, st->unsupported);
    if (run_enabled > 0)
        printf("; %ld instantiated, %ld calls, %ld traps", st->instantiated, st->calls, st->traps);
    printf("\n");
    if (size_mismatches)
        printf("  note: %ld frees/reallocs passed an old_size other than the block's size\n",
               size_mismatches);
    size_mismatches = 0;
}

/* ------------------------------------------------------------ mutations */

static size_t scale(void)
{
    const char *s = getenv("FAYASM_FUZZ_SCALE");
    long v = s ? strtol(s, NULL, 10) : 1;
    return v > 0 ? (size_t)v : 1;
}

static void reset_prng(const char *salt)
{
    const char *s = getenv("FAYASM_FUZZ_SEED");
    prng_state = s ? strtoull(s, NULL, 10) : 0x66617961736dull; /* "fayasm" */
    for (const char *p = salt; *p; p++)
        prng_state = prng_state * 31 + (uint8_t)*p;
}

/* A fresh block holding a copy of seed[0..len) with room for `extra` bytes. */
static uint8_t *dup_bytes(const uint8_t *src, size_t len, size_t extra)
{
    uint8_t *p = malloc(len + extra ? len + extra : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    if (len)
        memcpy(p, src, len);
    return p;
}

/* Exactly-sized copy of buf[0..len) (so ASan sees one byte past the end). */
static uint8_t *exact(const uint8_t *buf, size_t len)
{
    return dup_bytes(buf, len, 0);
}

static const uint8_t interesting[] = {0x00, 0x01, 0x02, 0x0b, 0x0f, 0x10, 0x40,
                                      0x41, 0x60, 0x6f, 0x70, 0x7b, 0x7c, 0x7f,
                                      0x80, 0x81, 0xc0, 0xfc, 0xfd, 0xfe, 0xff};

static uint8_t random_byte(void)
{
    return prng_next() & 1 ? interesting[prng_below(sizeof interesting)] : (uint8_t)prng_next();
}

/* One random edit of buf (len bytes, capacity cap): flip, replace, insert,
 * delete, or copy a run of bytes over another. Returns the new length. */
static size_t random_edit(uint8_t *buf, size_t len, size_t cap)
{
    size_t pos = prng_below(len);
    switch (prng_below(6)) {
    case 0:
        if (len)
            buf[pos] ^= (uint8_t)(1u << prng_below(8));
        return len;
    case 1:
        if (len)
            buf[pos] = random_byte();
        return len;
    case 2:
        if (len < cap) {
            memmove(buf + pos + 1, buf + pos, len - pos);
            buf[pos] = random_byte();
            return len + 1;
        }
        return len;
    case 3:
        if (len) {
            memmove(buf + pos, buf + pos + 1, len - pos - 1);
            return len - 1;
        }
        return len;
    case 4: { /* LEB128 stretch: make a byte a continuation byte */
        if (len)
            buf[pos] |= 0x80;
        return len;
    }
    default: {
        size_t from = prng_below(len), n = 1 + prng_below(8);
        if (from + n > len || pos + n > len)
            return len;
        memmove(buf + pos, buf + from, n);
        return len;
    }
    }
}

/* Section table of a valid seed: [start, end) of each section including
 * its id and size bytes, and where its payload begins. */
typedef struct section {
    size_t start, payload, end;
    uint8_t id;
} section;

static size_t read_leb(const uint8_t *p, size_t len, size_t *pos)
{
    size_t v = 0;
    for (unsigned shift = 0; *pos < len && shift < 35; shift += 7) {
        uint8_t b = p[(*pos)++];
        v |= (size_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
    }
    return v;
}

static size_t split_sections(const uint8_t *p, size_t len, section *out, size_t max)
{
    size_t n = 0, pos = 8;
    while (pos < len && n < max) {
        section s;
        s.start = pos;
        s.id = p[pos++];
        size_t size = read_leb(p, len, &pos);
        s.payload = pos;
        s.end = pos + size;
        if (s.end > len)
            break;
        out[n++] = s;
        pos = s.end;
    }
    return n;
}

/* Builds head + replacement + tail into an exactly-sized block. */
static uint8_t *splice(const uint8_t *p, size_t len, size_t from, size_t to, const uint8_t *repl,
                       size_t n_repl, size_t *out_len)
{
    *out_len = from + n_repl + (len - to);
    uint8_t *b = malloc(*out_len ? *out_len : 1);
    if (!b) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memcpy(b, p, from);
    if (n_repl)
        memcpy(b + from, repl, n_repl);
    memcpy(b + from + n_repl, p + to, len - to);
    return b;
}

/* Tries head + replacement + tail (argument evaluation order is unspecified
 * in C, so the length is produced before the call, never beside it). */
static void try_splice(stats *st, const uint8_t *p, size_t len, size_t from, size_t to,
                       const uint8_t *repl, size_t n_repl)
{
    size_t n_len;
    uint8_t *b = splice(p, len, from, to, repl, n_repl, &n_len);
    try_variant(st, b, n_len);
}

/* Encodes v as unsigned LEB128, padded to `width` bytes when width > 0. */
static size_t put_leb(uint8_t *out, uint64_t v, size_t width)
{
    size_t n = 0;
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        if (v || (width && n + 1 < width))
            b |= 0x80;
        out[n++] = b;
    } while (v || (width && n < width));
    return n;
}

/* ------------------------------------------------------------ seeds */

/* The "sections" seed again, with custom sections before the first and after
 * the last section (custom sections may appear anywhere). */
static uint8_t custom_seed[1024];
static size_t custom_seed_len;

static const uint8_t *seed_bytes(size_t i, size_t *len, const char **name)
{
    if (i < N_SEEDS) {
        *len = fuzz_seeds[i].len;
        *name = fuzz_seeds[i].name;
        return fuzz_seeds[i].bytes;
    }
    if (!custom_seed_len) {
        static const uint8_t custom[] = {0x00, 0x0d, 0x06, 'f',  'a',  'y',  'a', 's',
                                         'm',  0x01, 0x02, 0x03, 0x04, 0x05, 0x06};
        const uint8_t *s = seed_sections;
        size_t n = sizeof seed_sections;
        if (8 + sizeof custom * 2 + (n - 8) <= sizeof custom_seed) {
            memcpy(custom_seed, s, 8);
            memcpy(custom_seed + 8, custom, sizeof custom);
            memcpy(custom_seed + 8 + sizeof custom, s + 8, n - 8);
            memcpy(custom_seed + n + sizeof custom, custom, sizeof custom);
            custom_seed_len = n + 2 * sizeof custom;
        }
    }
    *len = custom_seed_len;
    *name = "custom";
    return custom_seed;
}

#define N_ALL_SEEDS (N_SEEDS + 1)

/* ------------------------------------------------------------ tests */

static void t_seeds_load(void)
{
    line_buffered();
    fa_runtime *rt = fa_runtime_new(NULL);
    CHECK(rt != NULL);
    if (!rt)
        return;
    for (size_t i = 0; i < N_ALL_SEEDS; i++) {
        size_t len;
        const char *name;
        const uint8_t *p = seed_bytes(i, &len, &name);
        fa_module *m = NULL;
        fa_error err;
        fa_result r = fa_module_load(rt, p, len, &m, &err);
        if (r != FA_OK)
            fprintf(stderr, "  seed %s: %s: %s\n", name, fa_result_name(r), err.message);
        CHECK(r == FA_OK);
        fa_module_free(m);
    }
    fa_runtime_free(rt);
}

static void t_truncated(void)
{
    stats st;
    stats_begin(&st, "truncated");
    for (size_t i = 0; i < N_ALL_SEEDS; i++) {
        size_t len;
        const uint8_t *p = seed_bytes(i, &len, &cur_seed);
        for (size_t n = 0; n < len; n++)
            try_variant(&st, exact(p, n), n);
    }
    stats_end(&st);
}

static void t_bit_flips(void)
{
    stats st;
    stats_begin(&st, "bit-flip");
    reset_prng("bit-flip");
    for (size_t i = 0; i < N_ALL_SEEDS; i++) {
        size_t len;
        const uint8_t *p = seed_bytes(i, &len, &cur_seed);
        /* Every bit of the first 64 bytes (header, type and import sections)... */
        for (size_t pos = 0; pos < len && pos < 64; pos++)
            for (unsigned bit = 0; bit < 8; bit++) {
                uint8_t *b = exact(p, len);
                b[pos] ^= (uint8_t)(1u << bit);
                try_variant(&st, b, len);
            }
        /* ...and random bits everywhere. */
        for (size_t k = 0; k < 1500 * scale(); k++) {
            uint8_t *b = exact(p, len);
            b[prng_below(len)] ^= (uint8_t)(1u << prng_below(8));
            try_variant(&st, b, len);
        }
    }
    stats_end(&st);
}

static void t_byte_replace(void)
{
    stats st;
    stats_begin(&st, "replace");
    reset_prng("replace");
    for (size_t i = 0; i < N_ALL_SEEDS; i++) {
        size_t len;
        const uint8_t *p = seed_bytes(i, &len, &cur_seed);
        for (size_t k = 0; k < 1000 * scale(); k++) {
            uint8_t *b = exact(p, len);
            b[prng_below(len)] = random_byte();
            try_variant(&st, b, len);
        }
    }
    stats_end(&st);
}

/* Section surgery: the classic ways a decoder trusts its input too much. */
static void t_sections(void)
{
    stats st;
    stats_begin(&st, "sections");
    static const uint64_t sizes[] = {0, 1, 0x7f, 0x80, 0x3fff, 0xffffffffu, 0x7fffffff};
    for (size_t i = 0; i < N_ALL_SEEDS; i++) {
        size_t len;
        const uint8_t *p = seed_bytes(i, &len, &cur_seed);
        section secs[32];
        size_t n = split_sections(p, len, secs, 32);
        uint8_t tmp[16];
        for (size_t s = 0; s < n; s++) {
            const section *sc = &secs[s];
            size_t size = sc->end - sc->payload;
            /* Every section id in place of this one (duplicates, order, unknown ids). */
            for (unsigned id = 0; id <= 14; id++) {
                if (id == sc->id)
                    continue;
                uint8_t *b = exact(p, len);
                b[sc->start] = (uint8_t)id;
                try_variant(&st, b, len);
            }
            /* Section sizes off by one, zero, huge, and over-long LEB128 encodings. */
            uint64_t wrong[] = {size - 1, size + 1, size + 2};
            for (size_t k = 0; k < 3 + sizeof sizes / sizeof sizes[0]; k++) {
                uint64_t v = k < 3 ? wrong[k] : sizes[k - 3];
                if (size == 0 && k == 0)
                    continue;
                size_t w = put_leb(tmp, v, 0);
                try_splice(&st, p, len, sc->start + 1, sc->payload, tmp, w);
            }
            for (size_t width = 2; width <= 6; width++) {
                size_t w = put_leb(tmp, size, width); /* 6 bytes: too long for a u32 */
                try_splice(&st, p, len, sc->start + 1, sc->payload, tmp, w);
            }
            /* The first LEB of the payload is a vector count in most sections. */
            if (size > 0 && sc->id != 0 && sc->id != 8) {
                size_t pos = sc->payload;
                uint64_t count = read_leb(p, sc->end, &pos);
                uint64_t counts[] = {0, count + 1, count + 1000, 0xffffffffu, 0x0fffffff};
                for (size_t k = 0; k < 5; k++) {
                    size_t w = put_leb(tmp, counts[k], 0);
                    size_t body_len;
                    uint8_t *body = splice(p, len, sc->payload, pos, tmp, w, &body_len);
                    /* keep the section size consistent so the count itself is tested */
                    uint8_t szb[8];
                    size_t szw = put_leb(szb, size - (pos - sc->payload) + w, 0);
                    try_splice(&st, body, body_len, sc->start + 1, sc->payload, szb, szw);
                    free(body);
                }
            }
            /* Drop the section; duplicate it; swap it with the next one. */
            try_splice(&st, p, len, sc->start, sc->end, NULL, 0);
            try_splice(&st, p, len, sc->end, sc->end, p + sc->start, sc->end - sc->start);
            if (s + 1 < n) {
                const section *nx = &secs[s + 1];
                uint8_t *b = exact(p, len);
                size_t a_len = sc->end - sc->start, b_len = nx->end - nx->start;
                memcpy(b + sc->start, p + nx->start, b_len);
                memcpy(b + sc->start + b_len, p + sc->start, a_len);
                try_variant(&st, b, len);
            }
        }
        /* Header: every wrong version and a few wrong magics. */
        for (unsigned k = 0; k < 8; k++) {
            uint8_t *b = exact(p, len);
            b[k] ^= 0x01;
            try_variant(&st, b, len);
        }
    }
    stats_end(&st);
}

static void t_stacked_edits(void)
{
    stats st;
    stats_begin(&st, "stacked");
    reset_prng("stacked");
    for (size_t i = 0; i < N_ALL_SEEDS; i++) {
        size_t len;
        const uint8_t *p = seed_bytes(i, &len, &cur_seed);
        for (size_t k = 0; k < 2000 * scale(); k++) {
            size_t cap = len + 16;
            uint8_t *b = dup_bytes(p, len, 16);
            size_t n = len;
            for (size_t e = 1 + prng_below(8); e > 0; e--)
                n = random_edit(b, n, cap);
            uint8_t *x = exact(b, n);
            free(b);
            try_variant(&st, x, n);
        }
    }
    stats_end(&st);
}

/* Runs every export of the unmodified seeds: the run path itself must hold
 * before its mutants mean anything. */
static void t_seeds_run(void)
{
    stats st;
    stats_begin(&st, "seeds-run");
    for (size_t i = 0; i < N_ALL_SEEDS; i++) {
        size_t len;
        const uint8_t *p = seed_bytes(i, &len, &cur_seed);
        try_variant(&st, exact(p, len), len);
    }
    stats_end(&st);
    CHECK(st.loaded == (long)N_ALL_SEEDS);
    if (run_enabled > 0)
        CHECK(st.instantiated == (long)N_ALL_SEEDS);
}

static const fa_test tests[] = {
    {"seeds_load", t_seeds_load},       {"seeds_run", t_seeds_run},
    {"truncated", t_truncated},         {"bit_flips", t_bit_flips},
    {"byte_replace", t_byte_replace},   {"sections", t_sections},
    {"stacked_edits", t_stacked_edits},
};

FA_TEST_MAIN(tests)
