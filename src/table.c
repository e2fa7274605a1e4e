/*
 * table.c - table instances: create, grow, and the public fa_table_* API
 * (spec 4.2.7 table instances, 4.5.3.2 alloc, 4.5.3.7 grow).
 *
 * Data structure: fa_table (runtime.h). elems holds size references in slot
 * form (0 = null); elems is never NULL (an empty table owns one slot).
 * max_size is the effective limit: the type's max (2^32-1 without one) and
 * fa_config.max_table_elems when non-zero. Independently of both, no table
 * allocates more than FA_TABLE_MAX_ELEMS entries, so an absurd table.grow
 * returns -1 (as the spec permits) instead of exhausting the host.
 */
#include <string.h>

#include "runtime.h"
#include "util/alloc.h"

static size_t block_size(uint32_t n)
{
    return (n ? (size_t)n : 1) * sizeof(fa_slot);
}

static uint32_t effective_max(const fa_runtime *rt, const fa_tabletype *type)
{
    uint64_t max =
        type->limits.has_max && type->limits.max < UINT32_MAX ? type->limits.max : UINT32_MAX;
    if (rt->cfg.max_table_elems && rt->cfg.max_table_elems < max)
        max = rt->cfg.max_table_elems;
    return (uint32_t)max;
}

fa_table *fa_table_create(fa_runtime *rt, const fa_tabletype *type, fa_slot init)
{
    uint64_t n = type->limits.min;
    uint32_t max = effective_max(rt, type);
    if (n > FA_TABLE_MAX_ELEMS || n > max)
        return NULL;
    fa_table *t = fa_calloc(rt, 1, sizeof *t);
    if (!t)
        return NULL;
    t->rt = rt;
    t->type = *type;
    t->size = (uint32_t)n;
    t->max_size = max;
    t->elems = fa_malloc(rt, block_size(t->size));
    if (!t->elems) {
        fa_free(rt, t, sizeof *t);
        return NULL;
    }
    for (uint32_t i = 0; i < t->size; i++)
        t->elems[i] = init;
    if (t->size == 0)
        t->elems[0] = 0;
    fa_object_link(rt, &t->obj, FA_OBJ_TABLE);
    return t;
}

uint32_t fa_table_grow_n(fa_table *t, uint32_t delta, fa_slot init)
{
    uint32_t old = t->size;
    if (delta == 0)
        return old;
    if (delta > fa_table_room(t))
        return UINT32_MAX;
    uint32_t n = old + delta;
    fa_slot *e = fa_realloc(t->rt, t->elems, block_size(old), block_size(n));
    if (!e)
        return UINT32_MAX;
    for (uint32_t i = old; i < n; i++)
        e[i] = init;
    t->elems = e;
    t->size = n;
    t->type.limits.min = n;
    return old;
}

void fa_table_destroy(fa_table *t)
{
    if (!t)
        return;
    fa_free(t->rt, t->elems, block_size(t->size));
    fa_free(t->rt, t, sizeof *t);
}

/* ------------------------------------------------------------ public API */

fa_table *fa_table_new(fa_runtime *rt, fa_valtype elem_type, const fa_limits *limits)
{
    if (!rt || !limits || !fa_vt_is_ref((fa_vt)elem_type) || limits->is64)
        return NULL;
    if (limits->min > UINT32_MAX ||
        (limits->has_max && (limits->max > UINT32_MAX || limits->max < limits->min)))
        return NULL;
    fa_tabletype tt;
    memset(&tt, 0, sizeof tt);
    tt.elem_type = (fa_vt)elem_type;
    tt.limits.min = limits->min;
    tt.limits.max = limits->has_max ? limits->max : 0;
    tt.limits.has_max = limits->has_max ? 1 : 0;
    return fa_table_create(rt, &tt, 0);
}

uint32_t fa_table_size(const fa_table *t)
{
    return t ? t->size : 0;
}

fa_result fa_table_type(const fa_table *t, fa_valtype *elem_type, fa_limits *limits)
{
    if (!t)
        return FA_ERR_ARG;
    if (elem_type)
        *elem_type = (fa_valtype)t->type.elem_type;
    if (limits) {
        limits->min = t->size;
        limits->max = t->type.limits.has_max ? t->type.limits.max : 0;
        limits->has_max = t->type.limits.has_max;
        limits->is64 = 0;
    }
    return FA_OK;
}

fa_result fa_table_get(const fa_table *t, uint32_t index, fa_value *out)
{
    if (!t || !out || index >= t->size)
        return FA_ERR_ARG;
    *out = fa_slots_to_value(t->type.elem_type, &t->elems[index]);
    return FA_OK;
}

/* A reference value that may go into table t (type, and funcrefs of this runtime). */
static int ref_ok(const fa_table *t, const fa_value *v)
{
    if ((fa_vt)v->type != t->type.elem_type)
        return 0;
    return v->type != FA_FUNCREF || !v->of.funcref || v->of.funcref->rt == t->rt;
}

fa_result fa_table_set(fa_table *t, uint32_t index, fa_value v)
{
    if (!t || index >= t->size || !ref_ok(t, &v))
        return FA_ERR_ARG;
    fa_slot s[2]; /* room for any value: the compiler cannot see it is a reference */
    fa_value_to_slots(&v, s);
    t->elems[index] = s[0];
    return FA_OK;
}

fa_result fa_table_grow(fa_table *t, uint32_t delta, fa_value init, uint32_t *old_size)
{
    if (!t || !ref_ok(t, &init))
        return FA_ERR_ARG;
    fa_slot s[2];
    fa_value_to_slots(&init, s);
    if (delta > t->max_size - t->size)
        return FA_ERR_ARG; /* beyond the table's maximum */
    uint32_t old = fa_table_grow_n(t, delta, s[0]);
    if (old == UINT32_MAX)
        return FA_ERR_OOM;
    if (old_size)
        *old_size = old;
    return FA_OK;
}
