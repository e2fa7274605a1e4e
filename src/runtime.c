/*
 * runtime.c - the runtime object: configuration, value stack and frames,
 * the canonical function-type registry, the import namespace and the list
 * of owned objects.
 *
 * Data structures:
 *   types[]      canonical function types; a type's id is its index, and two
 *                structurally equal types always get the same id (spec 4.2.9
 *                "type equivalence"), so call_indirect and import matching
 *                compare one integer. type_hash indexes them (open addressing).
 *   ns[]         (module, name) -> extern; a later definition replaces an
 *                earlier one. An entry holds a reference on the instance
 *                that defines the extern (instance.c lifetime rule).
 *   objects      doubly linked list of everything to free at fa_runtime_free.
 *
 * Invariant: rt->stack .. rt->stack_end is the one value stack, rt->sp its
 * first free slot between calls; rt->frames has cfg.max_call_depth entries.
 */
#include <stdlib.h>
#include <string.h>

#include "fayasm_config.h"
#include "runtime.h"
#include "util/alloc.h"

/*
 * Defaults. A frame is three pointers (24 bytes on 64-bit hosts), so 100000
 * frames reserve 2.4 MB; 1M slots are 8 MiB of value stack. Both arrays are
 * allocated once, uninitialised, so untouched pages cost no physical memory
 * on virtual-memory hosts. This depth lets real recursive programs go deep
 * (a recursive fib/ackermann or a compiler's AST walk) while a runaway
 * recursion still traps "call stack exhausted" in milliseconds. Both are
 * configurable; 0 in a config given to fa_runtime_new means "the default".
 */
#define FA_DEFAULT_CALL_DEPTH ((uint32_t)FAYASM_DEFAULT_CALL_DEPTH)
#define FA_DEFAULT_STACK_SLOTS ((size_t)FAYASM_DEFAULT_STACK_SLOTS)
/* Host -> wasm re-entry nests C frames (fa_func_call, fa_exec_call, the
 * host function): under 1 KiB per level in an optimised build (about 4 KiB
 * at -O0, more under ASan), so 256 levels fit a 1 MiB thread stack even
 * in a debug build. Real callbacks (a comparator, a visitor) nest a few. */
#define FA_DEFAULT_REENTRY ((uint32_t)FAYASM_DEFAULT_REENTRY)

void fa_config_default(fa_config *cfg)
{
    if (!cfg)
        return;
    memset(cfg, 0, sizeof *cfg);
    cfg->features = FAYASM_FEATURES_COMPILED; /* what this build can run */
    cfg->max_call_depth = FA_DEFAULT_CALL_DEPTH;
    cfg->stack_slots = FA_DEFAULT_STACK_SLOTS;
    cfg->max_memory_pages = FAYASM_DEFAULT_MAX_MEMORY_PAGES;
    cfg->fuel = 0;
    cfg->eager_compile = !FAYASM_LAZY_COMPILE;
    cfg->alloc = NULL;
    cfg->alloc_user = NULL;
    cfg->max_reentry = FA_DEFAULT_REENTRY;
    cfg->max_table_elems = FAYASM_DEFAULT_MAX_TABLE_ELEMS;
    cfg->code_cache_bytes = FAYASM_CODE_CACHE_BYTES; /* 0 = no limit */
}

/* n * size fits in size_t (32-bit hosts). */
static int fits_size(uint64_t n, uint64_t size)
{
    return n <= (uint64_t)SIZE_MAX / size;
}

fa_runtime *fa_runtime_new(const fa_config *cfg)
{
    fa_config c;
    if (cfg)
        c = *cfg;
    else
        fa_config_default(&c);
    if (c.max_call_depth == 0)
        c.max_call_depth = FA_DEFAULT_CALL_DEPTH;
    if (c.stack_slots == 0)
        c.stack_slots = FA_DEFAULT_STACK_SLOTS;
    if (c.max_reentry == 0)
        c.max_reentry = FA_DEFAULT_REENTRY;
    /* A feature compiled out stays off whatever the embedder asks, so the
     * validator rejects its modules ("SIMD not supported in this build"). */
    c.features &= FAYASM_FEATURES_COMPILED;

    /* The runtime itself also comes from the hook: borrow a stack-allocated
     * runtime whose only meaningful field is cfg. */
    fa_runtime boot;
    memset(&boot, 0, sizeof boot);
    boot.cfg = c;
    fa_runtime *rt = fa_malloc(&boot, sizeof *rt);
    if (!rt)
        return NULL;
    memset(rt, 0, sizeof *rt);
    rt->cfg = c;

    if (!fits_size(c.stack_slots, sizeof(fa_slot)) ||
        !fits_size(c.max_call_depth, sizeof(fa_frame))) {
        fa_free(rt, rt, sizeof *rt);
        return NULL;
    }
    rt->stack = fa_malloc(rt, c.stack_slots * sizeof(fa_slot));
    rt->frames = fa_malloc(rt, (size_t)c.max_call_depth * sizeof(fa_frame));
    if (!rt->stack || !rt->frames) {
        fa_free(rt, rt->stack, c.stack_slots * sizeof(fa_slot));
        fa_free(rt, rt->frames, (size_t)c.max_call_depth * sizeof(fa_frame));
        fa_free(rt, rt, sizeof *rt);
        return NULL;
    }
    rt->stack_end = rt->stack + c.stack_slots;
    rt->sp = rt->stack;
    rt->depth = 0;
    rt->fuel_left = c.fuel;
    rt->trap = FA_TRAP_NONE;
    return rt;
}

/* Bytes of a registry type array of n entries (never empty, so that the
 * vts of [] -> [] are a real block with a size the hook agrees on). */
static size_t vts_block(size_t n, size_t size)
{
    return (n ? n : 1) * size;
}

/* ------------------------------------------------------------ object list */

void fa_object_link(fa_runtime *rt, fa_object *o, fa_objkind kind)
{
    o->kind = kind;
    o->prev = NULL;
    o->next = rt->objects;
    if (rt->objects)
        rt->objects->prev = o;
    rt->objects = o;
}

void fa_object_unlink(fa_runtime *rt, fa_object *o)
{
    if (o->prev)
        o->prev->next = o->next;
    else if (rt->objects == o)
        rt->objects = o->next;
    if (o->next)
        o->next->prev = o->prev;
    o->next = o->prev = NULL;
}

static void destroy_object(fa_object *o)
{
    switch (o->kind) {
    case FA_OBJ_MODULE: fa_module_destroy(&((fa_module_box *)(void *)o)->m); break;
    case FA_OBJ_INSTANCE: fa_instance_destroy((fa_instance *)(void *)o, 0); break;
    case FA_OBJ_FUNC: fa_host_func_destroy((fa_func *)(void *)o); break;
    case FA_OBJ_MEMORY: fa_memory_destroy((fa_memory *)(void *)o); break;
    case FA_OBJ_TABLE: fa_table_destroy((fa_table *)(void *)o); break;
    case FA_OBJ_GLOBAL: fa_global_destroy((fa_global *)(void *)o); break;
    }
}

void fa_runtime_free(fa_runtime *rt)
{
    if (!rt)
        return;
    /* Instances first: their teardown reads their module's counts. The
     * objects they define are list members of their own, freed next. */
    fa_object *o = rt->objects, *next;
    for (; o; o = next) {
        next = o->next;
        if (o->kind == FA_OBJ_INSTANCE) {
            fa_object_unlink(rt, o);
            destroy_object(o);
        }
    }
    for (o = rt->objects; o; o = next) {
        next = o->next;
        if (o->kind != FA_OBJ_INSTANCE)
            destroy_object(o);
    }
    rt->objects = NULL;
    fa_native_unload_all(rt); /* after the host functions that point into them */
    fa_backtrace_free(rt);

    for (uint32_t i = 0; i < rt->n_ns; i++) {
        fa_free(rt, rt->ns[i].module_name, strlen(rt->ns[i].module_name) + 1);
        fa_free(rt, rt->ns[i].name, strlen(rt->ns[i].name) + 1);
    }
    fa_free(rt, rt->ns, (size_t)rt->cap_ns * sizeof *rt->ns);

    for (uint32_t i = 0; i < rt->n_types; i++) {
        size_t n = (size_t)rt->types[i].n_params + rt->types[i].n_results;
        fa_free(rt, rt->types[i].vts, vts_block(n, sizeof(fa_vt)));
        fa_free(rt, rt->pub_vts[i], vts_block(n, sizeof(fa_valtype)));
    }
    fa_free(rt, rt->types, (size_t)rt->cap_types * sizeof *rt->types);
    fa_free(rt, rt->pub_vts, (size_t)rt->cap_pub_vts * sizeof *rt->pub_vts);
    fa_free(rt, rt->type_hash, (size_t)rt->cap_type_hash * sizeof *rt->type_hash);

    fa_free(rt, rt->stack, rt->cfg.stack_slots * sizeof(fa_slot));
    fa_free(rt, rt->frames, (size_t)rt->cfg.max_call_depth * sizeof(fa_frame));
    fa_free(rt, rt, sizeof *rt);
}

/* ------------------------------------------------------------ type registry */

static uint32_t type_hash(uint32_t n_params, uint32_t n_results, const fa_vt *vts)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    h = (h ^ n_params) * 16777619u;
    h = (h ^ n_results) * 16777619u;
    for (uint32_t i = 0; i < n_params + n_results; i++)
        h = (h ^ vts[i]) * 16777619u;
    return h;
}

static int type_equal(const fa_type *t, uint32_t n_params, uint32_t n_results, const fa_vt *vts)
{
    return t->n_params == n_params && t->n_results == n_results &&
           (n_params + n_results == 0 || memcmp(t->vts, vts, n_params + n_results) == 0);
}

/* Rebuilds the hash index with cap slots (a power of two). */
static int rehash_types(fa_runtime *rt, uint32_t cap)
{
    uint32_t *h = fa_calloc(rt, cap, sizeof *h);
    if (!h)
        return 0;
    for (uint32_t id = 0; id < rt->n_types; id++) {
        const fa_type *t = &rt->types[id];
        uint32_t k = type_hash(t->n_params, t->n_results, t->vts) & (cap - 1);
        while (h[k])
            k = (k + 1) & (cap - 1);
        h[k] = id + 1;
    }
    fa_free(rt, rt->type_hash, (size_t)rt->cap_type_hash * sizeof *h);
    rt->type_hash = h;
    rt->cap_type_hash = cap;
    return 1;
}

uint32_t fa_runtime_intern_type(fa_runtime *rt, uint32_t n_params, uint32_t n_results,
                                const fa_vt *vts)
{
    uint64_t n64 = (uint64_t)n_params + n_results;
    if (n64 > UINT32_MAX / 8)
        return UINT32_MAX;
    uint32_t n = (uint32_t)n64;
    uint32_t hash = type_hash(n_params, n_results, vts);
    if (rt->cap_type_hash) {
        uint32_t k = hash & (rt->cap_type_hash - 1);
        while (rt->type_hash[k]) {
            uint32_t id = rt->type_hash[k] - 1;
            if (type_equal(&rt->types[id], n_params, n_results, vts))
                return id;
            k = (k + 1) & (rt->cap_type_hash - 1);
        }
    }
    if (rt->n_types == UINT32_MAX - 1)
        return UINT32_MAX;

    /* Keep the index at most half full. */
    if ((uint64_t)(rt->n_types + 1) * 2 > rt->cap_type_hash) {
        uint32_t cap = rt->cap_type_hash ? rt->cap_type_hash * 2 : 64;
        if (cap == 0 || !rehash_types(rt, cap))
            return UINT32_MAX;
    }
    if (rt->n_types == rt->cap_types) {
        uint32_t cap = rt->cap_types ? rt->cap_types * 2 : 32;
        fa_type *types = fa_realloc(rt, rt->types, (size_t)rt->cap_types * sizeof *types,
                                    (size_t)cap * sizeof *types);
        if (!types)
            return UINT32_MAX;
        rt->types = types;
        rt->cap_types = cap;
    }
    if (rt->n_types == rt->cap_pub_vts) {
        uint32_t cap = rt->cap_types;
        fa_valtype **pv = fa_realloc(rt, rt->pub_vts, (size_t)rt->cap_pub_vts * sizeof *pv,
                                     (size_t)cap * sizeof *pv);
        if (!pv)
            return UINT32_MAX;
        rt->pub_vts = pv;
        rt->cap_pub_vts = cap;
    }
    fa_vt *copy = fa_malloc(rt, vts_block(n, sizeof *copy));
    fa_valtype *pub = fa_malloc(rt, vts_block(n, sizeof *pub));
    if (!copy || !pub) {
        fa_free(rt, copy, vts_block(n, sizeof *copy));
        fa_free(rt, pub, vts_block(n, sizeof *pub));
        return UINT32_MAX;
    }
    for (uint32_t i = 0; i < n; i++) {
        copy[i] = vts[i];
        pub[i] = (fa_valtype)vts[i];
    }
    uint32_t id = rt->n_types++;
    rt->types[id].n_params = n_params;
    rt->types[id].n_results = n_results;
    rt->types[id].vts = copy;
    rt->types[id].id = id;
    rt->pub_vts[id] = pub;

    uint32_t k = hash & (rt->cap_type_hash - 1);
    while (rt->type_hash[k])
        k = (k + 1) & (rt->cap_type_hash - 1);
    rt->type_hash[k] = id + 1;
    return id;
}

/* ------------------------------------------------------------ namespace */

/* Names are compared with their lengths: a wasm name may contain U+0000,
 * and then it matches no C string given to fa_runtime_define. */
static int name_eq(const char *a, const char *b, size_t b_len)
{
    return strlen(a) == b_len && memcmp(a, b, b_len) == 0;
}

static fa_ns_entry *ns_find(fa_runtime *rt, const char *module_name, size_t module_name_len,
                            const char *name, size_t name_len)
{
    for (uint32_t i = 0; i < rt->n_ns; i++)
        if (name_eq(rt->ns[i].name, name, name_len) &&
            name_eq(rt->ns[i].module_name, module_name, module_name_len))
            return &rt->ns[i];
    return NULL;
}

const fa_extern *fa_runtime_lookup(fa_runtime *rt, const char *module_name, size_t module_name_len,
                                   const char *name, size_t name_len)
{
    fa_ns_entry *e = ns_find(rt, module_name, module_name_len, name, name_len);
    return e ? &e->ext : NULL;
}

/* The runtime an extern belongs to, NULL if the handle is NULL. */
static fa_runtime *extern_runtime(fa_extern ext)
{
    switch (ext.kind) {
    case FA_EXTERN_FUNC: return ext.of.func ? ext.of.func->rt : NULL;
    case FA_EXTERN_TABLE: return ext.of.table ? ext.of.table->rt : NULL;
    case FA_EXTERN_MEMORY: return ext.of.memory ? ext.of.memory->rt : NULL;
    case FA_EXTERN_GLOBAL: return ext.of.global ? ext.of.global->rt : NULL;
    }
    return NULL;
}

fa_result fa_runtime_define(fa_runtime *rt, const char *module_name, const char *name,
                            fa_extern ext)
{
    if (!rt || !module_name || !name || extern_runtime(ext) != rt)
        return FA_ERR_ARG;
    fa_instance *owner = fa_extern_owner(ext);
    fa_ns_entry *e = ns_find(rt, module_name, strlen(module_name), name, strlen(name));
    if (e) {
        fa_instance *old = e->owner;
        if (owner)
            owner->refs++;
        e->ext = ext;
        e->owner = owner;
        if (old)
            fa_instance_release(old);
        return FA_OK;
    }
    if (rt->n_ns == rt->cap_ns) {
        if (rt->cap_ns > UINT32_MAX / 2)
            return FA_ERR_OOM;
        uint32_t cap = rt->cap_ns ? rt->cap_ns * 2 : 16;
        fa_ns_entry *ns =
            fa_realloc(rt, rt->ns, (size_t)rt->cap_ns * sizeof *ns, (size_t)cap * sizeof *ns);
        if (!ns)
            return FA_ERR_OOM;
        rt->ns = ns;
        rt->cap_ns = cap;
    }
    char *mn = fa_strdup(rt, module_name);
    char *n = fa_strdup(rt, name);
    if (!mn || !n) {
        if (mn)
            fa_free(rt, mn, strlen(mn) + 1);
        if (n)
            fa_free(rt, n, strlen(n) + 1);
        return FA_ERR_OOM;
    }
    e = &rt->ns[rt->n_ns++];
    e->module_name = mn;
    e->name = n;
    e->ext = ext;
    e->owner = owner;
    if (owner)
        owner->refs++;
    return FA_OK;
}

fa_result fa_runtime_register(fa_runtime *rt, const char *module_name, fa_instance *inst)
{
    if (!rt || !module_name || !inst || inst->rt != rt)
        return FA_ERR_ARG;
    for (uint32_t i = 0; i < fa_instance_n_exports(inst); i++) {
        const char *name;
        fa_extern ext;
        fa_result r = fa_instance_export_at(inst, i, &name, &ext);
        if (r == FA_OK)
            r = fa_runtime_define(rt, module_name, name, ext);
        if (r != FA_OK)
            return r;
    }
    return FA_OK;
}

void fa_runtime_interrupt(fa_runtime *rt)
{
    if (rt)
        rt->interrupt = 1;
}

void fa_runtime_clear_interrupt(fa_runtime *rt)
{
    if (rt)
        rt->interrupt = 0;
}

void fa_runtime_set_fuel(fa_runtime *rt, uint64_t fuel)
{
    if (!rt)
        return;
    rt->cfg.fuel = fuel;
    if (rt->depth > 0)
        rt->fuel_left = fuel;
}

uint64_t fa_runtime_fuel_left(const fa_runtime *rt)
{
    return rt && rt->cfg.fuel ? rt->fuel_left : 0;
}
