/*
 * native.c - host functions from native code: a table of fa_native_export
 * descriptors (plain C functions with one fixed prototype and a signature
 * string), given directly or found in a shared library (dlopen on POSIX,
 * LoadLibrary on Windows). fayasm.h documents the convention.
 *
 * Data structure: fa_native_lib, one per fa_runtime_define_natives /
 * define_native_lib call, on the runtime's list rt->native_libs. It owns
 * the bindings (what each host function's user pointer points to) and the
 * library handle, and is freed after every host function (runtime.c frees
 * objects first), so no binding outlives its code.
 *
 * Build switch: FA_NO_DLOPEN (implied on WASI and where <dlfcn.h> is
 * missing) leaves dynamic loading out; fa_runtime_define_native_lib then
 * returns FA_ERR_UNSUPPORTED. No spec section: this is an embedding extension.
 */
#include <stdio.h>
#include <string.h>

#include "runtime.h"
#include "util/alloc.h"
#include "util/error.h"

#if !defined(FA_NO_DLOPEN) && !defined(__wasi__)
#if defined(_WIN32)
#define FA_DL_WINDOWS 1
#include <windows.h>
#elif defined(__has_include)
#if __has_include(<dlfcn.h>)
#define FA_DL_POSIX 1
#include <dlfcn.h>
#endif
#elif defined(__unix__) || defined(__APPLE__)
#define FA_DL_POSIX 1
#include <dlfcn.h>
#endif
#endif

typedef struct native_binding {
    fa_native_fn fn;
    void *user;
} native_binding;

struct fa_native_lib {
    struct fa_native_lib *next;
    void *handle; /* NULL for a table given directly */
    uint32_t n;
    native_binding *bindings;
};

/* ------------------------------------------------------------ loader */

static void lib_close(void *handle)
{
    if (!handle)
        return;
#if defined(FA_DL_POSIX)
    dlclose(handle);
#elif defined(FA_DL_WINDOWS)
    FreeLibrary((HMODULE)handle);
#endif
}

void fa_native_unload_all(fa_runtime *rt)
{
    struct fa_native_lib *l = rt->native_libs, *next;
    for (; l; l = next) {
        next = l->next;
        lib_close(l->handle);
        fa_free(rt, l->bindings, (size_t)l->n * sizeof *l->bindings);
        fa_free(rt, l, sizeof *l);
    }
    rt->native_libs = NULL;
}

/* ------------------------------------------------------------ calls */

/* The host function behind every native binding: hands the argument and
 * result slots (one per value: v128 is not in the convention) to fn. */
static int call_native(fa_call *c, void *user)
{
    const native_binding *b = user;
    char msg[FA_NATIVE_TRAP_MAX];
    msg[0] = '\0';
    fa_native_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    fa_memory *mem = fa_call_memory(c, 0);
    if (mem) {
        ctx.memory = mem->data;
        ctx.memory_size = mem->size;
    }
    ctx.user = b->user;
    ctx.trap_message = msg;
    ctx.call = c;
    int rc = b->fn(&ctx, c->args, c->results);
    if (rc != 0) {
        msg[sizeof msg - 1] = '\0';
        fa_call_trap(c, msg);
    }
    return rc;
}

/* Parses "(ii)I" into vts (params then results); returns 0 if malformed.
 * *n_params / *n_results get the counts; vts has room for `cap`. */
static int parse_signature(const char *sig, fa_valtype *vts, uint32_t cap, uint32_t *n_params,
                           uint32_t *n_results)
{
    if (!sig || *sig++ != '(')
        return 0;
    uint32_t n = 0;
    int in_params = 1;
    for (; *sig; sig++) {
        fa_valtype t;
        switch (*sig) {
        case 'i': t = FA_I32; break;
        case 'I': t = FA_I64; break;
        case 'f': t = FA_F32; break;
        case 'F': t = FA_F64; break;
        case 'r': t = FA_EXTERNREF; break;
        case ')':
            if (!in_params)
                return 0;
            in_params = 0;
            *n_params = n;
            continue;
        default: return 0;
        }
        if (n == cap)
            return 0;
        vts[n++] = t;
    }
    if (in_params)
        return 0;
    *n_results = n - *n_params;
    return 1;
}

fa_result fa_runtime_define_natives(fa_runtime *rt, const char *module_name,
                                    const fa_native_export *table, fa_error *err)
{
    fa_error_clear(err);
    if (!rt || !module_name || !table)
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET, "NULL argument");
    uint32_t n = 0;
    while (table[n].name) {
        if (n == 100000)
            return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                                "native table has no end (an entry with a NULL name)");
        n++;
    }
    /* Check every entry before defining any, so a bad table defines nothing. */
    enum { MAX_VALUES = 64 };
    fa_valtype vts[MAX_VALUES];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t np = 0, nr = 0;
        if (!table[i].fn || !parse_signature(table[i].signature, vts, MAX_VALUES, &np, &nr))
            return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                                "native function \"%s\": bad signature \"%s\"%s", table[i].name,
                                table[i].signature ? table[i].signature : "(null)",
                                table[i].fn ? "" : " or NULL function");
    }
    struct fa_native_lib *lib = fa_calloc(rt, 1, sizeof *lib);
    if (!lib)
        return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
    if (n) {
        lib->bindings = fa_calloc(rt, n, sizeof *lib->bindings);
        if (!lib->bindings) {
            fa_free(rt, lib, sizeof *lib);
            return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
        }
    }
    lib->n = n;
    lib->next = rt->native_libs;
    rt->native_libs = lib;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t np = 0, nr = 0;
        parse_signature(table[i].signature, vts, MAX_VALUES, &np, &nr);
        lib->bindings[i].fn = table[i].fn;
        lib->bindings[i].user = table[i].user;
        fa_functype ft = {np, nr, vts, vts + np};
        fa_func *f = fa_func_new_host(rt, &ft, call_native, &lib->bindings[i]);
        fa_extern x;
        memset(&x, 0, sizeof x);
        x.kind = FA_EXTERN_FUNC;
        x.of.func = f;
        if (!f || fa_runtime_define(rt, module_name, table[i].name, x) != FA_OK)
            return fa_error_set(err, FA_ERR_OOM, FA_NO_OFFSET, "out of memory");
    }
    return FA_OK;
}

/* ------------------------------------------------------------ shared libraries */

#if defined(FA_DL_POSIX) || defined(FA_DL_WINDOWS)
static void *lib_symbol(void *handle, const char *name)
{
#if defined(FA_DL_POSIX)
    return dlsym(handle, name);
#else
    return (void *)(uintptr_t)GetProcAddress((HMODULE)handle, name);
#endif
}
#endif

fa_result fa_runtime_define_native_lib(fa_runtime *rt, const char *path, const char *module_name,
                                       fa_error *err)
{
    fa_error_clear(err);
    if (!rt || !path)
        return fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET, "NULL argument");
#if defined(FA_DL_POSIX) || defined(FA_DL_WINDOWS)
#if defined(FA_DL_POSIX)
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        return fa_error_set(err, FA_ERR_IO, FA_NO_OFFSET, "cannot load %s: %s", path,
                            why ? why : "unknown error");
    }
#else
    void *handle = (void *)LoadLibraryA(path);
    if (!handle)
        return fa_error_set(err, FA_ERR_IO, FA_NO_OFFSET, "cannot load %s: error %lu", path,
                            (unsigned long)GetLastError());
#endif
    const fa_native_export *table = lib_symbol(handle, "fa_native_exports");
    const uint32_t *abi = lib_symbol(handle, "fa_native_abi_version");
    const char *const *modname = lib_symbol(handle, "fa_native_module");
    struct fa_native_lib *before = rt->native_libs;
    fa_result r = FA_OK;
    if (!table)
        r = fa_error_set(err, FA_ERR_NOT_FOUND, FA_NO_OFFSET,
                         "%s does not export fa_native_exports", path);
    else if (abi && *abi != FA_NATIVE_ABI_VERSION)
        r = fa_error_set(err, FA_ERR_ARG, FA_NO_OFFSET,
                         "%s: fa_native_abi_version is %u, this build supports %u", path,
                         (unsigned)*abi, (unsigned)FA_NATIVE_ABI_VERSION);
    if (r == FA_OK) {
        if (!module_name)
            module_name = modname && *modname ? *modname : "env";
        r = fa_runtime_define_natives(rt, module_name, table, err);
    }
    if (rt->native_libs == before) { /* nothing defined: unload now */
        lib_close(handle);
        return r;
    }
    /* The bindings (even after an OOM part-way) point into the library:
     * it stays loaded with them until fa_runtime_free. */
    rt->native_libs->handle = handle;
    return r;
#else
    (void)module_name;
    return fa_error_set(err, FA_ERR_UNSUPPORTED, FA_NO_OFFSET,
                        "cannot load %s: this build has no dynamic library support", path);
#endif
}
