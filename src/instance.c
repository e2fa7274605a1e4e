/*
 * instance.c - instantiation and linking (spec 4.5.4 "instantiation",
 * 4.5.2 "import matching", 4.4.10 constant expressions), export lookup, and
 * the instance lifetime rule.
 *
 * Order (Wasm 2.0, observable through shared tables and memories):
 *   1. resolve every import (FA_ERR_LINK "unknown import"), then match each
 *      against its declared type (FA_ERR_LINK "incompatible import type");
 *   2. allocate functions, tables, memories; evaluate global initialisers
 *      in index order; evaluate passive element segments;
 *   3. apply active element segments in order (table.init + elem.drop;
 *      declarative ones are just dropped), then active data segments
 *      (memory.init + data.drop). The first out-of-bounds segment stops
 *      instantiation with FA_ERR_TRAP; earlier writes into imported tables
 *      and memories stay (linking.wast checks this);
 *   4. run the start function.
 *
 * Lifetime rule (also in fayasm.h). An instance's functions live inside the
 * instance, and the memories, tables and globals it defines are freed with
 * it; so an instance stays alive while anything that may still reach them
 * does. inst->refs counts the holders: the embedder's handle (dropped
 * by fa_instance_free), every live instance that imported one of its
 * exports, and every namespace entry naming one of its exports. An instance
 * that can hand its function references to others -- it imports a funcref
 * table, a mutable funcref global, or a function taking a funcref -- is
 * pinned: it lives until fa_runtime_free. Pinning also covers a failed
 * instantiation that may have written its functions into an imported table
 * before trapping; any other failed instantiation frees everything it made.
 * Handles the embedder itself keeps (exported objects, funcrefs returned to
 * the host) are valid while the instance lives.
 */
#include <inttypes.h>
#include <string.h>

#include "read.h"
#include "runtime.h"
#include "util/alloc.h"
#include "util/error.h"

/* ------------------------------------------------------------ helpers */

/* Zeroed array of n elements, NULL (and no allocation) when n == 0.
 * Sets *oom on allocation failure. */
static void *new_array(fa_runtime *rt, uint32_t n, size_t size, int *oom)
{
    if (n == 0)
        return NULL;
    void *p = fa_calloc(rt, n, size);
    if (!p)
        *oom = 1;
    return p;
}

fa_instance *fa_extern_owner(fa_extern ext)
{
    switch (ext.kind) {
    case FA_EXTERN_FUNC: return ext.of.func ? ext.of.func->inst : NULL;
    case FA_EXTERN_TABLE: return ext.of.table ? ext.of.table->owner : NULL;
    case FA_EXTERN_MEMORY: return ext.of.memory ? ext.of.memory->owner : NULL;
    case FA_EXTERN_GLOBAL: return ext.of.global ? ext.of.global->owner : NULL;
    }
    return NULL;
}

void fa_global_destroy(fa_global *g)
{
    if (g)
        fa_free(g->rt, g, sizeof *g);
}

/* ------------------------------------------------------------ teardown */

void fa_instance_destroy(fa_instance *inst, int own_objects)
{
    fa_runtime *rt = inst->rt;
    const fa_module *m = inst->mod;
    if (own_objects) {
        for (uint32_t i = m->n_table_imports; inst->tables && i < m->n_tables; i++)
            if (inst->tables[i] && inst->tables[i]->owner == inst) {
                fa_object_unlink(rt, &inst->tables[i]->obj);
                fa_table_destroy(inst->tables[i]);
            }
        for (uint32_t i = m->n_mem_imports; inst->mems && i < m->n_mems; i++)
            if (inst->mems[i] && inst->mems[i]->owner == inst) {
                fa_object_unlink(rt, &inst->mems[i]->obj);
                fa_memory_destroy(inst->mems[i]);
            }
        for (uint32_t i = m->n_global_imports; inst->globals && i < m->n_globals; i++)
            if (inst->globals[i] && inst->globals[i]->owner == inst) {
                fa_object_unlink(rt, &inst->globals[i]->obj);
                fa_global_destroy(inst->globals[i]);
            }
    }
    if (inst->elem_items) {
        for (uint32_t i = 0; i < m->n_elems; i++)
            fa_free(rt, inst->elem_items[i], (size_t)m->elems[i].n * sizeof(fa_slot));
    }
    fa_free(rt, inst->funcs, (size_t)m->n_funcs * sizeof *inst->funcs);
    fa_free(rt, inst->own_funcs, (size_t)m->n_funcdefs * sizeof *inst->own_funcs);
    fa_free(rt, inst->tables, (size_t)m->n_tables * sizeof *inst->tables);
    fa_free(rt, inst->mems, (size_t)m->n_mems * sizeof *inst->mems);
    fa_free(rt, inst->globals, (size_t)m->n_globals * sizeof *inst->globals);
    fa_free(rt, inst->type_ids, (size_t)m->n_types * sizeof *inst->type_ids);
    fa_free(rt, inst->elem_len, (size_t)m->n_elems * sizeof *inst->elem_len);
    fa_free(rt, inst->elem_items, (size_t)m->n_elems * sizeof *inst->elem_items);
    fa_free(rt, inst->data_dropped, (size_t)m->n_datas * sizeof *inst->data_dropped);
    fa_free(rt, inst->import_owners, (size_t)m->n_imports * sizeof *inst->import_owners);
    fa_free(rt, inst, sizeof *inst);
}

void fa_instance_release(fa_instance *inst)
{
    if (!inst || --inst->refs > 0)
        return;
    fa_runtime *rt = inst->rt;
    fa_module *m = inst->mod;
    uint32_t n_imports = m->n_imports;
    fa_instance **owners = inst->import_owners;
    inst->import_owners = NULL;
    fa_object_unlink(rt, &inst->obj);
    fa_instance_destroy(inst, 1);
    if (owners) {
        for (uint32_t i = 0; i < n_imports; i++)
            if (owners[i])
                fa_instance_release(owners[i]);
        fa_free(rt, owners, (size_t)n_imports * sizeof *owners);
    }
    fa_module_release(m);
}

void fa_instance_free(fa_instance *inst)
{
    if (!inst || inst->user_released)
        return;
    inst->user_released = 1;
    fa_instance_release(inst);
}

/* ------------------------------------------------------------ constant expressions */

typedef struct cval {
    fa_slot v[2];
} cval;

/*
 * Evaluates a constant expression (validated: trust its shape). Supports the
 * Wasm 2.0 set (t.const, ref.null, ref.func, global.get, v128.const) and
 * extended-const (i32/i64 add, sub, mul). Returns 0 only on OOM.
 */
static int eval_const(const fa_instance *inst, fa_expr e, fa_slot out[2])
{
    const fa_module *m = inst->mod;
    cval small[8], *stack = small;
    /* Every pushing instruction takes at least two bytes. */
    uint32_t cap = e.len / 2 + 1;
    if (cap > 8) {
        stack = fa_malloc(inst->rt, (size_t)cap * sizeof *stack);
        if (!stack)
            return 0;
    } else {
        cap = 8;
    }
    uint32_t sp = 0;
    fa_reader r;
    fa_reader_init(&r, m->bytes, e.off, (size_t)e.off + e.len);
    out[0] = out[1] = 0;
    while (!r.err && sp < cap) {
        uint8_t op = fa_read_u8(&r);
        cval v = {{0, 0}};
        if (op == 0x0B) /* end */
            break;
        switch (op) {
        case 0x41: v.v[0] = (uint32_t)fa_read_s32(&r); break;
        case 0x42: v.v[0] = (uint64_t)fa_read_s64(&r); break;
        case 0x43: v.v[0] = fa_read_fixed32(&r); break;
        case 0x44: v.v[0] = fa_read_fixed64(&r); break;
        case 0xD0: fa_read_u8(&r); break; /* ref.null t */
        case 0xD2: {                      /* ref.func */
            uint32_t idx = fa_read_u32(&r);
            if (idx < m->n_funcs)
                v.v[0] = (uintptr_t)inst->funcs[idx];
            break;
        }
        case 0x23: { /* global.get */
            uint32_t idx = fa_read_u32(&r);
            if (idx < m->n_globals && inst->globals[idx]) {
                v.v[0] = inst->globals[idx]->val[0];
                v.v[1] = inst->globals[idx]->val[1];
            }
            break;
        }
        case 0xFD: { /* v128.const */
            fa_read_u32(&r);
            v.v[0] = fa_read_fixed64(&r);
            v.v[1] = fa_read_fixed64(&r);
            break;
        }
        case 0x6A:
        case 0x6B:
        case 0x6C:
        case 0x7C:
        case 0x7D:
        case 0x7E: {
            if (sp < 2) {
                sp = 0;
                goto done;
            }
            uint64_t a = stack[sp - 2].v[0], b = stack[sp - 1].v[0];
            sp -= 2;
            switch (op) {
            case 0x6A: v.v[0] = (uint32_t)(a + b); break;
            case 0x6B: v.v[0] = (uint32_t)(a - b); break;
            case 0x6C: v.v[0] = (uint32_t)((uint32_t)a * (uint64_t)(uint32_t)b); break;
            case 0x7C: v.v[0] = a + b; break;
            case 0x7D: v.v[0] = a - b; break;
            default: v.v[0] = a * b; break;
            }
            break;
        }
        default: goto done; /* not a constant instruction: validation rejects it */
        }
        stack[sp++] = v;
    }
done:
    if (sp > 0) {
        out[0] = stack[sp - 1].v[0];
        out[1] = stack[sp - 1].v[1];
    }
    if (stack != small)
        fa_free(inst->rt, stack, (size_t)cap * sizeof *stack);
    return 1;
}

/* ------------------------------------------------------------ import matching */

/* Spec 4.5.2.4 limits subtyping: actual {n1, m1?} <= declared {n2, m2?}. */
static int limits_match(uint64_t min1, int has_max1, uint64_t max1, const fa_limits_t *decl)
{
    if (min1 < decl->min)
        return 0;
    if (decl->has_max)
        return has_max1 && max1 <= decl->max;
    return 1;
}

static int import_matches(const fa_module *m, const fa_import *imp, const fa_extern *ext)
{
    if (ext->kind != imp->kind)
        return 0;
    switch (ext->kind) {
    case FA_EXTERN_FUNC: return ext->of.func->type_id == m->types[imp->desc.type_idx].id;
    case FA_EXTERN_TABLE: {
        const fa_table *t = ext->of.table;
        return t->type.elem_type == imp->desc.table.elem_type &&
               limits_match(t->size, t->type.limits.has_max, t->type.limits.max,
                            &imp->desc.table.limits);
    }
    case FA_EXTERN_MEMORY: {
        const fa_memory *mem = ext->of.memory;
        return mem->type.limits.is64 == imp->desc.mem.limits.is64 &&
               limits_match(mem->pages, mem->type.limits.has_max, mem->type.limits.max,
                            &imp->desc.mem.limits);
    }
    case FA_EXTERN_GLOBAL: {
        const fa_global *g = ext->of.global;
        return g->type.type == imp->desc.global.type && g->type.mut == imp->desc.global.mut;
    }
    }
    return 0;
}

/* Could this instance pass references to its own functions to objects or
 * code outside it? (The pinning rule in the header comment.) */
static int can_leak_funcrefs(const fa_module *m, const fa_import *imp)
{
    switch (imp->kind) {
    case FA_EXTERN_TABLE: return imp->desc.table.elem_type == FA_FUNCREF;
    case FA_EXTERN_GLOBAL: return imp->desc.global.mut && imp->desc.global.type == FA_FUNCREF;
    case FA_EXTERN_FUNC: {
        const fa_type *t = &m->types[imp->desc.type_idx];
        for (uint32_t i = 0; i < t->n_params; i++)
            if (t->vts[i] == FA_FUNCREF)
                return 1;
        return 0;
    }
    default: return 0;
    }
}

static fa_result link_error(fa_error *err, const char *what, const fa_import *imp)
{
    return fa_error_set(err, FA_ERR_LINK, FA_NO_OFFSET, "%s \"%s\" \"%s\"", what, imp->module_name,
                        imp->name);
}

static fa_result trap_error(fa_runtime *rt, fa_error *err, fa_trap trap)
{
    rt->bt_n = rt->bt_total = 0; /* a segment trap runs no code: no backtrace */
    fa_error_set(err, FA_ERR_TRAP, FA_NO_OFFSET, "%s", fa_trap_message(trap));
    if (err)
        err->trap = trap;
    return FA_ERR_TRAP;
}

static fa_result oom(fa_error *err)
{
    return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
}

/* ------------------------------------------------------------ instantiation */

/* Step 2: the functions, tables, memories and globals the module defines
 * (the arrays exist and hold the imports), and the passive segments. */
static fa_result build(fa_instance *inst, fa_error *err)
{
    fa_runtime *rt = inst->rt;
    const fa_module *m = inst->mod;
    for (uint32_t i = 0; i < m->n_types; i++)
        inst->type_ids[i] = m->types[i].id;

    for (uint32_t i = 0; i < m->n_funcdefs; i++) {
        fa_func *f = &inst->own_funcs[i];
        f->rt = rt;
        f->type = &m->types[m->funcdefs[i].type_idx];
        f->type_id = f->type->id;
        f->inst = inst;
        f->def = &m->funcdefs[i];
        f->func_idx = m->n_func_imports + i;
        inst->funcs[f->func_idx] = f;
    }

    for (uint32_t i = m->n_table_imports; i < m->n_tables; i++) {
        if (rt->cfg.max_table_elems && m->tables[i].limits.min > rt->cfg.max_table_elems)
            return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET,
                                "out of memory: table of %" PRIu64
                                " elements exceeds the configured limit of %" PRIu64,
                                m->tables[i].limits.min, rt->cfg.max_table_elems);
        fa_table *t = fa_table_create(rt, &m->tables[i], 0);
        if (!t)
            return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET,
                                "out of memory: table of %" PRIu64 " elements",
                                m->tables[i].limits.min);
        t->owner = inst;
        inst->tables[i] = t;
    }

    for (uint32_t i = m->n_mem_imports; i < m->n_mems; i++) {
        const fa_memtype *mt = &m->mems[i];
        if (rt->cfg.max_memory_pages && mt->limits.min > rt->cfg.max_memory_pages)
            return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET,
                                "out of memory: memory of %" PRIu64
                                " pages exceeds the configured limit of %" PRIu64,
                                mt->limits.min, rt->cfg.max_memory_pages);
        fa_memory *mem = fa_memory_create(rt, mt);
        if (!mem)
            return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET,
                                "out of memory: memory of %" PRIu64 " pages", mt->limits.min);
        mem->owner = inst;
        inst->mems[i] = mem;
    }

    /* Spec 4.5.4 step: global initialisers see the imported globals and the
     * functions; extended-const may also name earlier defined globals. */
    for (uint32_t i = 0; i < m->n_global_defs; i++) {
        fa_global *g = fa_calloc(rt, 1, sizeof *g);
        if (!g)
            return oom(err);
        g->rt = rt;
        g->owner = inst;
        g->type = m->global_defs[i].type;
        fa_object_link(rt, &g->obj, FA_OBJ_GLOBAL);
        inst->globals[m->n_global_imports + i] = g;
        if (!eval_const(inst, m->global_defs[i].init, g->val))
            return oom(err);
    }

    /* Passive segments keep their evaluated items for table.init. */
    for (uint32_t i = 0; i < m->n_elems; i++) {
        const fa_elem *e = &m->elems[i];
        if (e->mode != FA_SEG_PASSIVE || e->n == 0)
            continue;
        fa_slot *items = fa_calloc(rt, e->n, sizeof *items);
        if (!items)
            return oom(err);
        inst->elem_items[i] = items;
        inst->elem_len[i] = e->n;
        for (uint32_t k = 0; k < e->n; k++) {
            if (e->func_idx) {
                items[k] = (uintptr_t)inst->funcs[e->func_idx[k]];
            } else {
                fa_slot v[2];
                if (!eval_const(inst, e->exprs[k], v))
                    return oom(err);
                items[k] = v[0];
            }
        }
    }
    return FA_OK;
}

/* Step 3: active element and data segments, in order. */
static fa_result init_segments(fa_instance *inst, fa_error *err)
{
    const fa_module *m = inst->mod;
    for (uint32_t i = 0; i < m->n_elems; i++) {
        const fa_elem *e = &m->elems[i];
        if (e->mode != FA_SEG_ACTIVE)
            continue; /* passive: kept; declarative: dropped (never stored) */
        fa_table *t = inst->tables[e->table_idx];
        fa_slot off[2];
        if (!eval_const(inst, e->offset, off))
            return oom(err);
        uint64_t o = t->type.limits.is64 ? off[0] : (uint32_t)off[0];
        if (o > t->size || e->n > t->size - o)
            return trap_error(inst->rt, err, FA_TRAP_TABLE_OOB);
        for (uint32_t k = 0; k < e->n; k++) {
            fa_slot v[2] = {0, 0};
            if (e->func_idx)
                v[0] = (uintptr_t)inst->funcs[e->func_idx[k]];
            else if (!eval_const(inst, e->exprs[k], v))
                return oom(err);
            t->elems[o + k] = v[0];
        }
    }
    for (uint32_t i = 0; i < m->n_datas; i++) {
        const fa_data *d = &m->datas[i];
        if (d->mode != FA_SEG_ACTIVE)
            continue;
        fa_memory *mem = inst->mems[d->mem_idx];
        fa_slot off[2];
        if (!eval_const(inst, d->offset, off))
            return oom(err);
        uint64_t o = mem->type.limits.is64 ? off[0] : (uint32_t)off[0];
        if (o > mem->size || d->data_len > mem->size - o)
            return trap_error(inst->rt, err, FA_TRAP_MEMORY_OOB);
        if (d->data_len)
            memcpy(mem->data + (size_t)o, m->bytes + d->data_off, d->data_len);
        inst->data_dropped[i] = 1;
    }
    return FA_OK;
}

/* Instantiates m with imports[] already resolved (m->n_imports entries). */
static fa_result instantiate(fa_runtime *rt, fa_module *m, const fa_extern *imports,
                             fa_instance **out, fa_error *err)
{
    for (uint32_t i = 0; i < m->n_imports; i++)
        if (!import_matches(m, &m->imports[i], &imports[i]))
            return link_error(err, "incompatible import type", &m->imports[i]);

    fa_instance *inst = fa_calloc(rt, 1, sizeof *inst);
    if (!inst)
        return oom(err);
    inst->rt = rt;
    inst->mod = m;
    inst->refs = 1; /* the embedder's handle */
    fa_module_box_of(m)->refs++;
    fa_object_link(rt, &inst->obj, FA_OBJ_INSTANCE);

    int failed = 0, pin = 0;
    inst->import_owners = new_array(rt, m->n_imports, sizeof *inst->import_owners, &failed);
    inst->funcs = new_array(rt, m->n_funcs, sizeof *inst->funcs, &failed);
    inst->own_funcs = new_array(rt, m->n_funcdefs, sizeof *inst->own_funcs, &failed);
    inst->tables = new_array(rt, m->n_tables, sizeof *inst->tables, &failed);
    inst->mems = new_array(rt, m->n_mems, sizeof *inst->mems, &failed);
    inst->globals = new_array(rt, m->n_globals, sizeof *inst->globals, &failed);
    inst->type_ids = new_array(rt, m->n_types, sizeof *inst->type_ids, &failed);
    inst->elem_len = new_array(rt, m->n_elems, sizeof *inst->elem_len, &failed);
    inst->elem_items = new_array(rt, m->n_elems, sizeof *inst->elem_items, &failed);
    inst->data_dropped = new_array(rt, m->n_datas, sizeof *inst->data_dropped, &failed);
    if (failed) {
        fa_instance_release(inst);
        return oom(err);
    }

    /* Imports fill the front of each index space. */
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    for (uint32_t i = 0; i < m->n_imports; i++) {
        const fa_extern *x = &imports[i];
        switch (x->kind) {
        case FA_EXTERN_FUNC: inst->funcs[nf++] = x->of.func; break;
        case FA_EXTERN_TABLE: inst->tables[nt++] = x->of.table; break;
        case FA_EXTERN_MEMORY: inst->mems[nm++] = x->of.memory; break;
        case FA_EXTERN_GLOBAL: inst->globals[ng++] = x->of.global; break;
        }
        fa_instance *owner = fa_extern_owner(*x);
        if (owner) {
            owner->refs++;
            inst->import_owners[i] = owner;
        }
        pin |= can_leak_funcrefs(m, &m->imports[i]);
    }
    fa_result r = build(inst, err);
    if (r != FA_OK) {
        fa_instance_release(inst);
        return r;
    }

    if (pin)
        inst->refs++; /* permanent: see the lifetime rule */
    r = init_segments(inst, err);
    if (r == FA_OK && m->has_start) {
        fa_slot io[2];
        r = fa_invoke(rt, inst->funcs[m->start], io, err);
    }
    if (r != FA_OK) {
        inst->user_released = 1;
        fa_instance_release(inst); /* a pinned instance survives as the spec needs */
        return r;
    }
    *out = inst;
    return FA_OK;
}

static fa_result check_module(fa_runtime *rt, fa_module *m, fa_instance **out, fa_error *err)
{
    fa_error_clear(err);
    if (out)
        *out = NULL;
    if (!rt || !m || !out)
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET, "NULL argument");
    if (m->rt != rt)
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET, "module belongs to another runtime");
    return FA_OK;
}

fa_result fa_instance_new(fa_runtime *rt, fa_module *m, fa_instance **out, fa_error *err)
{
    FA_TRY(check_module(rt, m, out, err));
    fa_extern *imports = NULL;
    if (m->n_imports) {
        imports = fa_calloc(rt, m->n_imports, sizeof *imports);
        if (!imports)
            return oom(err);
    }
    for (uint32_t i = 0; i < m->n_imports; i++) {
        const fa_import *imp = &m->imports[i];
        const fa_extern *x =
            fa_runtime_lookup(rt, imp->module_name, imp->module_name_len, imp->name, imp->name_len);
        if (!x) {
            fa_free(rt, imports, (size_t)m->n_imports * sizeof *imports);
            return link_error(err, "unknown import", imp);
        }
        imports[i] = *x;
    }
    fa_result r = instantiate(rt, m, imports, out, err);
    fa_free(rt, imports, (size_t)m->n_imports * sizeof *imports);
    return r;
}

fa_result fa_instance_new_with_imports(fa_runtime *rt, fa_module *m, const fa_extern *imports,
                                       uint32_t n_imports, fa_instance **out, fa_error *err)
{
    FA_TRY(check_module(rt, m, out, err));
    if (n_imports != m->n_imports || (n_imports && !imports))
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                            "the module has %" PRIu32 " imports, %" PRIu32 " given", m->n_imports,
                            n_imports);
    for (uint32_t i = 0; i < n_imports; i++) {
        const fa_extern *x = &imports[i];
        const void *p = NULL;
        fa_runtime *owner_rt = NULL;
        switch (x->kind) {
        case FA_EXTERN_FUNC:
            p = x->of.func;
            owner_rt = p ? x->of.func->rt : NULL;
            break;
        case FA_EXTERN_TABLE:
            p = x->of.table;
            owner_rt = p ? x->of.table->rt : NULL;
            break;
        case FA_EXTERN_MEMORY:
            p = x->of.memory;
            owner_rt = p ? x->of.memory->rt : NULL;
            break;
        case FA_EXTERN_GLOBAL:
            p = x->of.global;
            owner_rt = p ? x->of.global->rt : NULL;
            break;
        default: break;
        }
        if (!p)
            return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET, "import %" PRIu32 " is NULL", i);
        if (owner_rt != rt)
            return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                                "import %" PRIu32 " belongs to another runtime", i);
    }
    return instantiate(rt, m, imports, out, err);
}

/* The object behind an extern and the runtime it belongs to (NULL if none). */
static fa_runtime *extern_rt(const fa_extern *x)
{
    switch (x->kind) {
    case FA_EXTERN_FUNC: return x->of.func ? x->of.func->rt : NULL;
    case FA_EXTERN_TABLE: return x->of.table ? x->of.table->rt : NULL;
    case FA_EXTERN_MEMORY: return x->of.memory ? x->of.memory->rt : NULL;
    case FA_EXTERN_GLOBAL: return x->of.global ? x->of.global->rt : NULL;
    }
    return NULL;
}

/*
 * Rebinding an import (fayasm.h states when it is safe). The slot in the
 * index space is found by counting the imports of the same kind before it;
 * the lifetime references move from the old owner to the new one.
 */
fa_result fa_instance_rebind_import(fa_instance *inst, uint32_t import_index, fa_extern ext,
                                    fa_error *err)
{
    fa_error_clear(err);
    if (!inst || import_index >= inst->mod->n_imports)
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET, "no import %" PRIu32, import_index);
    if (extern_rt(&ext) != inst->rt)
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                            "the new import is NULL or belongs to another runtime");
    const fa_module *m = inst->mod;
    const fa_import *imp = &m->imports[import_index];
    if (!import_matches(m, imp, &ext))
        return link_error(err, "incompatible import type", imp);
    uint32_t k = 0;
    for (uint32_t i = 0; i < import_index; i++)
        k += m->imports[i].kind == imp->kind;
    switch (ext.kind) {
    case FA_EXTERN_FUNC: inst->funcs[k] = ext.of.func; break;
    case FA_EXTERN_TABLE: inst->tables[k] = ext.of.table; break;
    case FA_EXTERN_MEMORY: inst->mems[k] = ext.of.memory; break;
    case FA_EXTERN_GLOBAL: inst->globals[k] = ext.of.global; break;
    }
    fa_instance *old = inst->import_owners[import_index];
    fa_instance *owner = fa_extern_owner(ext);
    if (owner)
        owner->refs++;
    inst->import_owners[import_index] = owner;
    if (old)
        fa_instance_release(old);
    return FA_OK;
}

/* ------------------------------------------------------------ exports */

uint32_t fa_instance_n_exports(const fa_instance *inst)
{
    return inst ? inst->mod->n_exports : 0;
}

static fa_extern export_extern(const fa_instance *inst, const fa_export *e)
{
    fa_extern x;
    memset(&x, 0, sizeof x);
    x.kind = (fa_extern_kind)e->kind;
    switch (x.kind) {
    case FA_EXTERN_FUNC: x.of.func = inst->funcs[e->index]; break;
    case FA_EXTERN_TABLE: x.of.table = inst->tables[e->index]; break;
    case FA_EXTERN_MEMORY: x.of.memory = inst->mems[e->index]; break;
    case FA_EXTERN_GLOBAL: x.of.global = inst->globals[e->index]; break;
    }
    return x;
}

fa_result fa_instance_export_at(fa_instance *inst, uint32_t i, const char **name, fa_extern *out)
{
    if (!inst || i >= inst->mod->n_exports)
        return FA_ERR_ARG;
    const fa_export *e = &inst->mod->exports[i];
    if (name)
        *name = e->name;
    if (out)
        *out = export_extern(inst, e);
    return FA_OK;
}

fa_result fa_instance_export_n(fa_instance *inst, const char *name, size_t len, fa_extern *out)
{
    if (!inst || (!name && len))
        return FA_ERR_ARG;
    const fa_module *m = inst->mod;
    for (uint32_t i = 0; i < m->n_exports; i++)
        if (m->exports[i].name_len == len && memcmp(m->exports[i].name, name, len) == 0) {
            if (out)
                *out = export_extern(inst, &m->exports[i]);
            return FA_OK;
        }
    return FA_ERR_NOT_FOUND;
}

fa_result fa_instance_export(fa_instance *inst, const char *name, fa_extern *out)
{
    if (!inst || !name)
        return FA_ERR_ARG;
    return fa_instance_export_n(inst, name, strlen(name), out);
}

static int lookup(fa_instance *inst, const char *name, fa_extern_kind kind, fa_extern *x)
{
    return fa_instance_export(inst, name, x) == FA_OK && x->kind == kind;
}

fa_func *fa_instance_func(fa_instance *inst, const char *name)
{
    fa_extern x;
    return lookup(inst, name, FA_EXTERN_FUNC, &x) ? x.of.func : NULL;
}

fa_memory *fa_instance_memory(fa_instance *inst, const char *name)
{
    fa_extern x;
    return lookup(inst, name, FA_EXTERN_MEMORY, &x) ? x.of.memory : NULL;
}

fa_table *fa_instance_table(fa_instance *inst, const char *name)
{
    fa_extern x;
    return lookup(inst, name, FA_EXTERN_TABLE, &x) ? x.of.table : NULL;
}

fa_global *fa_instance_global(fa_instance *inst, const char *name)
{
    fa_extern x;
    return lookup(inst, name, FA_EXTERN_GLOBAL, &x) ? x.of.global : NULL;
}

fa_memory *fa_instance_memory_at(fa_instance *inst, uint32_t index)
{
    if (!inst || index >= inst->mod->n_mems)
        return NULL;
    return inst->mems[index];
}
