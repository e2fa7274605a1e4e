/*
 * api.c - the public API that is not a stage of its own: values, module
 * loading and inspection, host functions, calls, the host-call accessors
 * and globals.
 *
 * Argument checks happen here and only here: every public function rejects
 * NULL handles, wrong counts and wrong types with FA_ERR_ARG (or a NULL / 0
 * result where it returns no code), so the stages behind it can trust their
 * input. A call copies its arguments into the runtime's value stack at
 * rt->sp in slot form (runtime.h), runs fa_exec_call there and reads the
 * results back from the same slots.
 */
#if !defined(FAYASM_NO_FILEIO) && (defined(__unix__) || defined(__APPLE__)) &&                     \
    !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* fileno */
#endif
#if !defined(FAYASM_NO_FILEIO)
#include <errno.h>
#if defined(__unix__) || defined(__APPLE__)
#include <sys/stat.h>
#define FA_HAVE_FSTAT 1
#endif
#endif
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "runtime.h"
#include "util/alloc.h"
#include "util/error.h"

/* ------------------------------------------------------------ values */

fa_value fa_i32(int32_t v)
{
    fa_value x;
    memset(&x, 0, sizeof x);
    x.type = FA_I32;
    x.of.i32 = v;
    return x;
}

fa_value fa_i64(int64_t v)
{
    fa_value x;
    memset(&x, 0, sizeof x);
    x.type = FA_I64;
    x.of.i64 = v;
    return x;
}

fa_value fa_f32(float v)
{
    fa_value x;
    memset(&x, 0, sizeof x);
    x.type = FA_F32;
    memcpy(&x.of.f32_bits, &v, sizeof v);
    return x;
}

fa_value fa_f64(double v)
{
    fa_value x;
    memset(&x, 0, sizeof x);
    x.type = FA_F64;
    memcpy(&x.of.f64_bits, &v, sizeof v);
    return x;
}

fa_value fa_f32_bits(uint32_t bits)
{
    fa_value x;
    memset(&x, 0, sizeof x);
    x.type = FA_F32;
    x.of.f32_bits = bits;
    return x;
}

fa_value fa_f64_bits(uint64_t bits)
{
    fa_value x;
    memset(&x, 0, sizeof x);
    x.type = FA_F64;
    x.of.f64_bits = bits;
    return x;
}

fa_value fa_funcref(fa_func *f)
{
    fa_value x;
    memset(&x, 0, sizeof x);
    x.type = FA_FUNCREF;
    x.of.funcref = f;
    return x;
}

fa_value fa_externref(void *p)
{
    fa_value x;
    memset(&x, 0, sizeof x);
    x.type = FA_EXTERNREF;
    x.of.externref = p;
    return x;
}

/* A value of type t that may enter runtime rt (funcrefs must be rt's). */
static int value_ok(fa_runtime *rt, const fa_value *v, fa_vt t)
{
    if ((fa_vt)v->type != t)
        return 0;
    return t != FA_FUNCREF || !v->of.funcref || v->of.funcref->rt == rt;
}

static const char *vt_name(int t)
{
    switch (t) {
    case FA_I32: return "i32";
    case FA_I64: return "i64";
    case FA_F32: return "f32";
    case FA_F64: return "f64";
    case FA_V128: return "v128";
    case FA_FUNCREF: return "funcref";
    case FA_EXTERNREF: return "externref";
    }
    return "unknown type";
}

static fa_result arg_error(fa_error *err, const char *msg)
{
    return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET, "%s", msg);
}

/* ------------------------------------------------------------ modules */

void fa_module_destroy(fa_module *m)
{
    fa_runtime *rt = m->rt;
    fa_module_clear(m);
    fa_free(rt, fa_module_box_of(m), sizeof(fa_module_box));
}

void fa_module_release(fa_module *m)
{
    fa_module_box *box = fa_module_box_of(m);
    if (--box->refs > 0)
        return;
    fa_object_unlink(m->rt, &box->obj);
    fa_module_destroy(m);
}

void fa_module_free(fa_module *m)
{
    if (m)
        fa_module_release(m);
}

/* Module binaries are addressed with 32-bit offsets (module.h). A function,
 * not an inline comparison, so 32-bit hosts compile it without warnings. */
static int too_big(uint64_t n)
{
    return n > UINT32_MAX;
}

/* Loads a module from `bytes` (allocated with fa_malloc(rt, len); ownership
 * passes to the module, also on failure). */
static fa_result load_owned(fa_runtime *rt, uint8_t *bytes, size_t len, fa_module **out,
                            fa_error *err)
{
    fa_module_box *box = fa_calloc(rt, 1, sizeof *box);
    if (!box) {
        fa_free(rt, bytes, len);
        return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
    }
    fa_module *m = &box->m;
    m->rt = rt;
    m->bytes = bytes;
    m->n_bytes = len;
    fa_result r = fa_decode(m, err);
    if (r == FA_OK)
        r = fa_validate(m, err);
    for (uint32_t i = 0; r == FA_OK && i < m->n_types; i++) {
        fa_type *t = &m->types[i];
        t->id = fa_runtime_intern_type(rt, t->n_params, t->n_results, t->vts);
        if (t->id == UINT32_MAX)
            r = fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
    }
    for (uint32_t i = 0; r == FA_OK && rt->cfg.eager_compile && i < m->n_funcdefs; i++)
        r = fa_compile_function(m, &m->funcdefs[i], err);
    if (r != FA_OK) {
        fa_module_destroy(m);
        return r;
    }
    box->refs = 1;
    fa_object_link(rt, &box->obj, FA_OBJ_MODULE);
    *out = m;
    return FA_OK;
}

fa_result fa_module_load(fa_runtime *rt, const uint8_t *bytes, size_t len, fa_module **out,
                         fa_error *err)
{
    fa_error_clear(err);
    if (out)
        *out = NULL;
    if (!rt || !out || (!bytes && len))
        return arg_error(err, "NULL argument");
    if (too_big(len))
        return fa_error_set(err, FA_ERR_UNSUPPORTED, FA_NO_OFFSET,
                            "module too large (at most 4 GiB)");
    uint8_t *copy = fa_malloc_huge(rt, len); /* written in full: huge pages if large */
    if (!copy)
        return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
    if (len)
        memcpy(copy, bytes, len);
    return load_owned(rt, copy, len, out, err);
}

fa_result fa_module_load_file(fa_runtime *rt, const char *path, fa_module **out, fa_error *err)
{
    fa_error_clear(err);
    if (out)
        *out = NULL;
    if (!rt || !path || !out)
        return arg_error(err, "NULL argument");
#if defined(FAYASM_NO_FILEIO)
    /* No file system (fayasm_config.h FAYASM_FILEIO=0, e.g. bare metal):
     * embed the module's bytes and call fa_module_load. */
    return fa_error_set(err, FA_ERR_UNSUPPORTED, FA_NO_OFFSET,
                        "cannot load '%s': file I/O is not supported in this build", path);
#else
    FILE *f = fopen(path, "rb");
    if (!f)
        return fa_error_set(err, FA_ERR_IO, FA_NO_OFFSET, "cannot open '%s': %s", path,
                            strerror(errno));
    /* Read in growing chunks: works for pipes and files whose size is unknown. */
    size_t len = 0, cap = 0;
    uint8_t *buf = NULL;
#if defined(FA_HAVE_FSTAT)
    /* A regular file's size is known: read it into one block of size + 1
     * (the extra byte notices a file that grew meanwhile; the loop then
     * goes on growing), hinted for huge pages: a 20 MB module loads in a
     * third of the time it takes with a page fault per 4 KiB. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        !too_big((uint64_t)st.st_size)) {
        cap = (size_t)st.st_size + 1;
        buf = fa_malloc_huge(rt, cap);
        if (!buf) {
            fclose(f);
            return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "cannot load '%s': out of memory",
                                path);
        }
    }
#endif
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            if (ncap < cap || too_big((uint64_t)ncap - 1)) {
                fa_free(rt, buf, cap);
                fclose(f);
                return fa_error_set(err, FA_ERR_UNSUPPORTED, FA_NO_OFFSET,
                                    "cannot load '%s': module too large", path);
            }
            uint8_t *nb = fa_realloc(rt, buf, cap, ncap);
            if (!nb) {
                fa_free(rt, buf, cap);
                fclose(f);
                return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "cannot load '%s': out of memory",
                                    path);
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno;
                fa_free(rt, buf, cap);
                fclose(f);
                return fa_error_set(err, FA_ERR_IO, FA_NO_OFFSET, "cannot read '%s': %s", path,
                                    e ? strerror(e) : "read error");
            }
            break;
        }
    }
    fclose(f);
    if (too_big(len)) {
        fa_free(rt, buf, cap);
        return fa_error_set(err, FA_ERR_UNSUPPORTED, FA_NO_OFFSET,
                            "cannot load '%s': module too large", path);
    }
    /* Hand over a block of exactly len bytes (the hook is told sizes). */
    if (len != cap) {
        uint8_t *nb = fa_realloc(rt, buf, cap, len ? len : 1);
        if (!nb) {
            fa_free(rt, buf, cap);
            return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "cannot load '%s': out of memory",
                                path);
        }
        buf = nb;
    }
    return load_owned(rt, buf, len, out, err);
#endif
}

/* ------------------------------------------------------------ inspection */

static void func_type_of(const fa_runtime *rt, uint32_t id, fa_functype *out)
{
    out->n_params = rt->types[id].n_params;
    out->n_results = rt->types[id].n_results;
    out->params = rt->pub_vts[id];
    out->results = rt->pub_vts[id] + out->n_params;
}

static void limits_of(const fa_limits_t *l, fa_limits *out)
{
    out->min = l->min;
    out->max = l->has_max ? l->max : 0;
    out->has_max = l->has_max;
    out->is64 = l->is64;
}

static void extern_type_of(const fa_module *m, fa_extern_kind kind, uint32_t type_or_index,
                           int is_import, const fa_import *imp, fa_extern_type *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    switch (kind) {
    case FA_EXTERN_FUNC: {
        uint32_t ti = is_import ? type_or_index : m->func_type_idx[type_or_index];
        func_type_of(m->rt, m->types[ti].id, &out->func);
        break;
    }
    case FA_EXTERN_TABLE: {
        const fa_tabletype *t = is_import ? &imp->desc.table : &m->tables[type_or_index];
        out->elem_type = (fa_valtype)t->elem_type;
        limits_of(&t->limits, &out->limits);
        break;
    }
    case FA_EXTERN_MEMORY: {
        const fa_memtype *t = is_import ? &imp->desc.mem : &m->mems[type_or_index];
        limits_of(&t->limits, &out->limits);
        break;
    }
    case FA_EXTERN_GLOBAL: {
        const fa_globaltype *t = is_import ? &imp->desc.global : &m->global_types[type_or_index];
        out->global_type = (fa_valtype)t->type;
        out->global_mutable = t->mut;
        break;
    }
    }
}

fa_result fa_extern_type_of(fa_extern ext, fa_extern_type *out)
{
    if (!out)
        return FA_ERR_ARG;
    memset(out, 0, sizeof *out);
    out->kind = ext.kind;
    switch (ext.kind) {
    case FA_EXTERN_FUNC: return fa_func_type(ext.of.func, &out->func);
    case FA_EXTERN_TABLE: return fa_table_type(ext.of.table, &out->elem_type, &out->limits);
    case FA_EXTERN_MEMORY: return fa_memory_type(ext.of.memory, &out->limits);
    case FA_EXTERN_GLOBAL:
        return fa_global_type(ext.of.global, &out->global_type, &out->global_mutable);
    }
    return FA_ERR_ARG;
}

uint32_t fa_module_n_imports(const fa_module *m)
{
    return m ? m->n_imports : 0;
}

fa_result fa_module_import(const fa_module *m, uint32_t i, const char **module_name,
                           const char **name, fa_extern_type *type)
{
    if (!m || i >= m->n_imports)
        return FA_ERR_ARG;
    const fa_import *imp = &m->imports[i];
    if (module_name)
        *module_name = imp->module_name;
    if (name)
        *name = imp->name;
    if (type)
        extern_type_of(m, (fa_extern_kind)imp->kind,
                       imp->kind == FA_EXTERN_FUNC ? imp->desc.type_idx : 0, 1, imp, type);
    return FA_OK;
}

uint32_t fa_module_n_exports(const fa_module *m)
{
    return m ? m->n_exports : 0;
}

fa_result fa_module_export(const fa_module *m, uint32_t i, const char **name, fa_extern_type *type)
{
    if (!m || i >= m->n_exports)
        return FA_ERR_ARG;
    const fa_export *e = &m->exports[i];
    if (name)
        *name = e->name;
    if (type)
        extern_type_of(m, (fa_extern_kind)e->kind, e->index, 0, NULL, type);
    return FA_OK;
}

/* ------------------------------------------------------------ functions */

/* A host function and its signature (vts borrowed from the type registry). */
typedef struct host_func {
    fa_func f; /* first: the object list links f.obj */
    fa_type type;
} host_func;

void fa_host_func_destroy(fa_func *f)
{
    fa_free(f->rt, f, sizeof(host_func));
}

fa_func *fa_func_new_host(fa_runtime *rt, const fa_functype *type, fa_host_fn fn, void *user)
{
    if (!rt || !type || !fn || (type->n_params && !type->params) ||
        (type->n_results && !type->results))
        return NULL;
    uint64_t n = (uint64_t)type->n_params + type->n_results;
    if (n > 1000000) /* far above any real signature; keeps the copy small */
        return NULL;
    fa_vt small[32] = {0}, *vts = small;
    if (n > 32) {
        vts = fa_malloc(rt, (size_t)n);
        if (!vts)
            return NULL;
    }
    int ok = 1;
    for (uint32_t i = 0; i < type->n_params; i++) {
        ok &= fa_valtype_ok(type->params[i]);
        vts[i] = (fa_vt)type->params[i];
    }
    for (uint32_t i = 0; i < type->n_results; i++) {
        ok &= fa_valtype_ok(type->results[i]);
        vts[type->n_params + i] = (fa_vt)type->results[i];
    }
    uint32_t id =
        ok ? fa_runtime_intern_type(rt, type->n_params, type->n_results, vts) : UINT32_MAX;
    if (vts != small)
        fa_free(rt, vts, (size_t)n);
    if (id == UINT32_MAX)
        return NULL;
    host_func *h = fa_calloc(rt, 1, sizeof *h);
    if (!h)
        return NULL;
    h->type = rt->types[id];
    h->f.rt = rt;
    h->f.type = &h->type;
    h->f.type_id = id;
    h->f.inst = NULL;
    h->f.def = NULL;
    h->f.func_idx = 0;
    h->f.host = fn;
    h->f.host_user = user;
    fa_object_link(rt, &h->f.obj, FA_OBJ_FUNC);
    return &h->f;
}

fa_result fa_func_type(const fa_func *f, fa_functype *out)
{
    if (!f || !out)
        return FA_ERR_ARG;
    func_type_of(f->rt, f->type_id, out);
    return FA_OK;
}

/* Reports a trap (and records its backtrace from what exec.c left in
 * rt->frames: callers that trap without running code clear trap_depth). */
static fa_result trap_result(fa_runtime *rt, fa_trap trap, fa_error *err)
{
    fa_backtrace_resolve(rt, trap);
    const char *msg = fa_trap_message(trap);
    /* exec leaves a more precise wording for some traps (the reference
     * interpreter's "uninitialized element 2"); a host trap has its own. */
    if ((trap == FA_TRAP_HOST || trap == FA_TRAP_UNINITIALIZED_ELEMENT ||
         trap == FA_TRAP_INVALID_FUNCTION) &&
        rt->trap_msg[0])
        msg = rt->trap_msg;
    fa_error_set(err, FA_ERR_TRAP, FA_NO_OFFSET, "%s", msg);
    if (err) {
        err->trap = trap;
        err->exit_code = trap == FA_TRAP_EXIT ? rt->exit_code : 0;
    }
    if (trap == FA_TRAP_INTERRUPTED)
        rt->interrupt = 0; /* delivered: the next call runs normally */
    return FA_ERR_TRAP;
}

/* Runs f with its arguments already at rt->sp; `need` slots there are the
 * call's (max of params and results). Re-entrant: a host function may come
 * back here through fa_func_call, above the slots of the running call; each
 * such nesting also nests C frames, so rt->reentry bounds it. */
static fa_result run_at_sp(fa_runtime *rt, fa_func *f, uint32_t need, fa_error *err)
{
    fa_slot *sp = rt->sp;
    uint32_t depth = rt->depth;
    if (depth == 0) {
        rt->fuel_left = rt->cfg.fuel;
        rt->exit_code = 0;
        rt->bt_n = rt->bt_total = 0;
    } else if (rt->reentry >= rt->cfg.max_reentry) {
        rt->trap_depth = 0;
        return trap_result(rt, FA_TRAP_STACK_EXHAUSTED, err);
    }
    rt->trap = FA_TRAP_NONE;
    rt->trap_msg[0] = '\0';
    rt->sp = sp + need;
    rt->reentry += depth > 0;
    fa_trap trap = fa_exec_call(rt, f, sp);
    rt->reentry -= depth > 0;
    rt->sp = sp;
    rt->depth = depth;
    if (trap != FA_TRAP_NONE)
        return trap_result(rt, trap, err);
    return FA_OK;
}

static int stack_room(const fa_runtime *rt, uint32_t need)
{
    return rt->sp >= rt->stack && rt->sp <= rt->stack_end &&
           (size_t)(rt->stack_end - rt->sp) >= need;
}

fa_result fa_invoke(fa_runtime *rt, fa_func *f, fa_slot *io, fa_error *err)
{
    const fa_type *t = f->type;
    uint32_t nin = fa_vts_slots(t->vts, t->n_params);
    uint32_t nout = fa_vts_slots(fa_type_results(t), t->n_results);
    uint32_t need = nin > nout ? nin : nout;
    if (!stack_room(rt, need)) {
        rt->trap_depth = 0;
        return trap_result(rt, FA_TRAP_STACK_EXHAUSTED, err);
    }
    fa_slot *sp = rt->sp;
    if (nin)
        memcpy(sp, io, (size_t)nin * sizeof *sp);
    FA_TRY(run_at_sp(rt, f, need, err));
    if (nout)
        memcpy(io, sp, (size_t)nout * sizeof *sp);
    return FA_OK;
}

fa_result fa_func_call(fa_func *f, const fa_value *args, uint32_t n_args, fa_value *results,
                       uint32_t n_results, fa_error *err)
{
    fa_error_clear(err);
    if (!f)
        return arg_error(err, "NULL function");
    fa_runtime *rt = f->rt;
    const fa_type *t = f->type;
    if (n_args != t->n_params || (n_args && !args))
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                            "wrong number of arguments: expected %" PRIu32 ", got %" PRIu32,
                            t->n_params, n_args);
    if (n_results < t->n_results || (t->n_results && !results))
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                            "no room for the results: %" PRIu32 " needed, %" PRIu32 " given",
                            t->n_results, n_results);
    const fa_vt *params = fa_type_params(t), *res = fa_type_results(t);
    for (uint32_t i = 0; i < n_args; i++)
        if (!value_ok(rt, &args[i], params[i]))
            return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                                "argument %" PRIu32 ": expected %s, got %s%s", i,
                                vt_name(params[i]), vt_name(args[i].type),
                                (fa_vt)args[i].type == params[i] ? " of another runtime" : "");
    uint32_t nin = fa_vts_slots(params, t->n_params);
    uint32_t nout = fa_vts_slots(res, t->n_results);
    uint32_t need = nin > nout ? nin : nout;
    if (!stack_room(rt, need)) {
        rt->trap_depth = 0;
        return trap_result(rt, FA_TRAP_STACK_EXHAUSTED, err);
    }

    fa_slot *sp = rt->sp, *s = sp;
    for (uint32_t i = 0; i < n_args; i++) {
        fa_value_to_slots(&args[i], s);
        s += fa_vt_slots(params[i]);
    }
    FA_TRY(run_at_sp(rt, f, need, err));
    s = sp;
    for (uint32_t i = 0; i < t->n_results; i++) {
        results[i] = fa_slots_to_value(res[i], s);
        s += fa_vt_slots(res[i]);
    }
    return FA_OK;
}

/* ------------------------------------------------------------ host-call accessors */

/* Slot of value i in a list of types (v128 takes two). */
static uint32_t slot_of(const fa_vt *vts, uint32_t i)
{
    uint32_t s = 0;
    for (uint32_t k = 0; k < i; k++)
        s += fa_vt_slots(vts[k]);
    return s;
}

static const fa_slot *arg_slot(const fa_call *c, uint32_t i)
{
    if (!c || i >= c->func->type->n_params)
        return NULL;
    return &c->args[slot_of(fa_type_params(c->func->type), i)];
}

static fa_slot *result_slot(fa_call *c, uint32_t i, fa_vt want)
{
    if (!c || i >= c->func->type->n_results)
        return NULL;
    const fa_vt *res = fa_type_results(c->func->type);
    if (res[i] != want)
        return NULL;
    return &c->results[slot_of(res, i)];
}

uint32_t fa_call_n_args(const fa_call *c)
{
    return c ? c->func->type->n_params : 0;
}

uint32_t fa_call_n_results(const fa_call *c)
{
    return c ? c->func->type->n_results : 0;
}

fa_func *fa_call_func(const fa_call *c)
{
    return c ? c->func : NULL;
}

int32_t fa_call_arg_i32(const fa_call *c, uint32_t i)
{
    const fa_slot *s = arg_slot(c, i);
    return s ? (int32_t)(uint32_t)*s : 0;
}

int64_t fa_call_arg_i64(const fa_call *c, uint32_t i)
{
    const fa_slot *s = arg_slot(c, i);
    return s ? (int64_t)*s : 0;
}

float fa_call_arg_f32(const fa_call *c, uint32_t i)
{
    const fa_slot *s = arg_slot(c, i);
    uint32_t bits = s ? (uint32_t)*s : 0;
    float v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

double fa_call_arg_f64(const fa_call *c, uint32_t i)
{
    const fa_slot *s = arg_slot(c, i);
    uint64_t bits = s ? *s : 0;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

fa_value fa_call_arg(const fa_call *c, uint32_t i)
{
    const fa_slot *s = arg_slot(c, i);
    if (!s)
        return fa_i32(0);
    return fa_slots_to_value(fa_type_params(c->func->type)[i], s);
}

void fa_call_set_result_i32(fa_call *c, uint32_t i, int32_t v)
{
    fa_slot *s = result_slot(c, i, FA_I32);
    if (s)
        *s = (uint32_t)v;
}

void fa_call_set_result_i64(fa_call *c, uint32_t i, int64_t v)
{
    fa_slot *s = result_slot(c, i, FA_I64);
    if (s)
        *s = (uint64_t)v;
}

void fa_call_set_result_f32(fa_call *c, uint32_t i, float v)
{
    fa_slot *s = result_slot(c, i, FA_F32);
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    if (s)
        *s = bits;
}

void fa_call_set_result_f64(fa_call *c, uint32_t i, double v)
{
    fa_slot *s = result_slot(c, i, FA_F64);
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    if (s)
        *s = bits;
}

void fa_call_set_result(fa_call *c, uint32_t i, fa_value v)
{
    if (!c || !fa_valtype_ok(v.type) || !value_ok(c->rt, &v, (fa_vt)v.type))
        return;
    fa_slot *s = result_slot(c, i, (fa_vt)v.type);
    if (s)
        fa_value_to_slots(&v, s);
}

fa_instance *fa_call_instance(fa_call *c)
{
    return c ? c->caller : NULL;
}

fa_memory *fa_call_memory(fa_call *c, uint32_t index)
{
    if (!c || !c->caller || index >= c->caller->mod->n_mems)
        return NULL;
    return c->caller->mems[index];
}

fa_runtime *fa_call_runtime(fa_call *c)
{
    return c ? c->rt : NULL;
}

void fa_call_trap(fa_call *c, const char *message)
{
    if (!c)
        return;
    fa_snprintf(c->rt->trap_msg, sizeof c->rt->trap_msg, "%s",
             message && message[0] ? message : fa_trap_message(FA_TRAP_HOST));
    c->rt->trap = FA_TRAP_HOST;
    c->rt->trap_depth = 0; /* a new trap: forget one the host caught from a nested call */
}

void fa_call_exit(fa_call *c, int exit_code)
{
    if (!c)
        return;
    c->rt->trap = FA_TRAP_EXIT;
    c->rt->exit_code = exit_code;
    c->rt->trap_depth = 0;
}

/* ------------------------------------------------------------ globals */

fa_global *fa_global_new(fa_runtime *rt, fa_value init, int is_mutable)
{
    if (!rt || !fa_valtype_ok(init.type) || !value_ok(rt, &init, (fa_vt)init.type))
        return NULL;
    fa_global *g = fa_calloc(rt, 1, sizeof *g);
    if (!g)
        return NULL;
    g->rt = rt;
    g->type.type = (fa_vt)init.type;
    g->type.mut = is_mutable ? 1 : 0;
    fa_value_to_slots(&init, g->val);
    fa_object_link(rt, &g->obj, FA_OBJ_GLOBAL);
    return g;
}

fa_result fa_global_type(const fa_global *g, fa_valtype *type, int *is_mutable)
{
    if (!g)
        return FA_ERR_ARG;
    if (type)
        *type = (fa_valtype)g->type.type;
    if (is_mutable)
        *is_mutable = g->type.mut;
    return FA_OK;
}

fa_result fa_global_get(const fa_global *g, fa_value *out)
{
    if (!g || !out)
        return FA_ERR_ARG;
    *out = fa_slots_to_value(g->type.type, g->val);
    return FA_OK;
}

fa_result fa_global_set(fa_global *g, fa_value v)
{
    if (!g || !g->type.mut || !value_ok(g->rt, &v, g->type.type))
        return FA_ERR_ARG;
    fa_value_to_slots(&v, g->val);
    return FA_OK;
}
