/*
 * test_embed_native.c - native host functions: a descriptor table given
 * directly (fa_runtime_define_natives) and a shared library loaded at run
 * time (fa_runtime_define_native_lib). The library is built by this test:
 * it writes the C source below to a temporary directory and compiles it with
 * $CC (default "cc") against include/fayasm.h; without a compiler or
 * dynamic loading the library half is skipped (and a build without dlopen
 * must answer FA_ERR_UNSUPPORTED).
 *
 * Modules are assembled with wat2wasm 1.0.32; each array follows its source.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"
#include "harness.h"

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#define HAVE_POSIX 1
#endif

/*
 * (module
 *   (import "native" "add" (func $add (param i32 i32) (result i32)))
 *   (import "native" "fmul" (func $fmul (param f64 f64) (result f64)))
 *   (import "native" "strlen_at" (func $strlen_at (param i32) (result i32)))
 *   (import "native" "user" (func $user (result i32)))
 *   (import "native" "pair" (func $pair (param i64) (result i64 i64)))
 *   (memory (export "memory") 1)
 *   (data (i32.const 32) "hello\00")
 *   (func (export "add") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
 *   (func (export "fmul") (param f64 f64) (result f64) (call $fmul (local.get 0) (local.get 1)))
 *   (func (export "strlen_at") (param i32) (result i32) (call $strlen_at (local.get 0)))
 *   (func (export "user") (result i32) (call $user))
 *   (func (export "pair_sum") (param i64) (result i64) (i64.add (call $pair (local.get 0)))))
 */
static const uint8_t native_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x21, 0x06, 0x60, 0x02, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x02, 0x7c, 0x7c, 0x01, 0x7c, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f,
    0x60, 0x01, 0x7e, 0x02, 0x7e, 0x7e, 0x60, 0x01, 0x7e, 0x01, 0x7e, 0x02, 0x4b, 0x05, 0x06, 0x6e,
    0x61, 0x74, 0x69, 0x76, 0x65, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x06, 0x6e, 0x61, 0x74, 0x69,
    0x76, 0x65, 0x04, 0x66, 0x6d, 0x75, 0x6c, 0x00, 0x01, 0x06, 0x6e, 0x61, 0x74, 0x69, 0x76, 0x65,
    0x09, 0x73, 0x74, 0x72, 0x6c, 0x65, 0x6e, 0x5f, 0x61, 0x74, 0x00, 0x02, 0x06, 0x6e, 0x61, 0x74,
    0x69, 0x76, 0x65, 0x04, 0x75, 0x73, 0x65, 0x72, 0x00, 0x03, 0x06, 0x6e, 0x61, 0x74, 0x69, 0x76,
    0x65, 0x04, 0x70, 0x61, 0x69, 0x72, 0x00, 0x04, 0x03, 0x06, 0x05, 0x00, 0x01, 0x02, 0x03, 0x05,
    0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x35, 0x06, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02,
    0x00, 0x03, 0x61, 0x64, 0x64, 0x00, 0x05, 0x04, 0x66, 0x6d, 0x75, 0x6c, 0x00, 0x06, 0x09, 0x73,
    0x74, 0x72, 0x6c, 0x65, 0x6e, 0x5f, 0x61, 0x74, 0x00, 0x07, 0x04, 0x75, 0x73, 0x65, 0x72, 0x00,
    0x08, 0x08, 0x70, 0x61, 0x69, 0x72, 0x5f, 0x73, 0x75, 0x6d, 0x00, 0x09, 0x0a, 0x27, 0x05, 0x08,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x00, 0x0b, 0x08, 0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x01,
    0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x02, 0x0b, 0x04, 0x00, 0x10, 0x03, 0x0b, 0x07, 0x00, 0x20,
    0x00, 0x10, 0x04, 0x7c, 0x0b, 0x0b, 0x0c, 0x01, 0x00, 0x41, 0x20, 0x0b, 0x06, 0x68, 0x65, 0x6c,
    0x6c, 0x6f, 0x00,
};

/*
 * (module (import "native" "add" (func (param i32) (result i32))))
 */
static const uint8_t native_bad_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x02, 0x0e, 0x01, 0x06, 0x6e, 0x61, 0x74, 0x69, 0x76, 0x65, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00,
};

/*
 * (module (import "bad" "ok" (func)))
 */
static const uint8_t badok_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x02, 0x0a, 0x01, 0x03, 0x62, 0x61, 0x64, 0x02, 0x6f, 0x6b, 0x00, 0x00,
};

/* The library: the naming and signature convention of fayasm.h. NO_TABLE
 * and BAD_ABI build the variants that must be refused. */
static const char lib_source[] =
    "#include <stdint.h>\n"
    "#include <stdio.h>\n"
    "#include <string.h>\n"
    "#include \"fayasm.h\"\n"
    "static int add(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)\n"
    "{ (void)ctx; r[0] = (uint32_t)((uint32_t)a[0] + (uint32_t)a[1]); return 0; }\n"
    "static int fmul(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)\n"
    "{ double x, y; (void)ctx; memcpy(&x, &a[0], 8); memcpy(&y, &a[1], 8);\n"
    "  x *= y; memcpy(&r[0], &x, 8); return 0; }\n"
    "static int strlen_at(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)\n"
    "{ uint64_t p = (uint32_t)a[0], i = p;\n"
    "  while (i < ctx->memory_size && ctx->memory[i]) i++;\n"
    "  if (i >= ctx->memory_size) {\n"
    "    snprintf(ctx->trap_message, FA_NATIVE_TRAP_MAX, \"strlen_at: no NUL after %u\",\n"
    "             (unsigned)p);\n"
    "    return 1; }\n"
    "  r[0] = (uint32_t)(i - p); return 0; }\n"
    "static int user(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)\n"
    "{ (void)a; r[0] = (uint32_t)*(const int *)ctx->user; return 0; }\n"
    "static int pair(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)\n"
    "{ (void)ctx; r[0] = a[0] * 2; r[1] = a[0] * 3; return 0; }\n"
    "static const int magic = 42;\n"
    "#ifndef NO_TABLE\n"
    "const fa_native_export fa_native_exports[] = {\n"
    "  {\"add\", \"(ii)i\", add, NULL}, {\"fmul\", \"(FF)F\", fmul, NULL},\n"
    "  {\"strlen_at\", \"(i)i\", strlen_at, NULL}, {\"user\", \"()i\", user, (void *)&magic},\n"
    "  {\"pair\", \"(I)II\", pair, NULL}, {NULL, NULL, NULL, NULL}};\n"
    "#endif\n"
    "const char *const fa_native_module = \"native\";\n"
    "#ifdef BAD_ABI\n"
    "const uint32_t fa_native_abi_version = 99;\n"
    "#else\n"
    "const uint32_t fa_native_abi_version = FA_NATIVE_ABI_VERSION;\n"
    "#endif\n";

static char tmpdir[256];

/* Builds variant `name` (extra compiler flags `defs`) into tmpdir; returns
 * its path in `out`, or 0 when no library can be built here. */
static int build_lib(const char *name, const char *defs, char *out, size_t size)
{
#ifdef HAVE_POSIX
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/fa_native_XXXXXX", base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            tmpdir[0] = '\0';
            return 0;
        }
        char src[300];
        snprintf(src, sizeof src, "%s/lib.c", tmpdir);
        FILE *f = fopen(src, "w");
        if (!f)
            return 0;
        fputs(lib_source, f);
        fclose(f);
    }
    /* include/ is two levels up from this file (tests/unit/). */
    char inc[512];
    snprintf(inc, sizeof inc, "%s", __FILE__);
    char *slash = strrchr(inc, '/');
    if (!slash || inc[0] != '/')
        return 0;
    *slash = '\0';
    strncat(inc, "/../../include", sizeof inc - strlen(inc) - 1);
    const char *cc = getenv("CC");
    snprintf(out, size, "%s/%s.so", tmpdir, name);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s -shared -fPIC -O1 %s -I'%s' '%s/lib.c' -o '%s' 2>&1",
             cc && cc[0] ? cc : "cc", defs, inc, tmpdir, out);
    return system(cmd) == 0;
#else
    (void)name;
    (void)defs;
    (void)out;
    (void)size;
    return 0;
#endif
}

static void cleanup(void)
{
#ifdef HAVE_POSIX
    if (tmpdir[0]) {
        const char *files[] = {"lib.c", "good.so", "notable.so", "badabi.so"};
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            char p[300];
            snprintf(p, sizeof p, "%s/%s", tmpdir, files[i]);
            remove(p);
        }
        rmdir(tmpdir);
        tmpdir[0] = '\0';
    }
#endif
}

static fa_instance *instantiate(fa_runtime *rt, const uint8_t *bytes, size_t len, fa_error *err)
{
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_result r = fa_module_load(rt, bytes, len, &m, err);
    CHECK_EQ_INT(r, FA_OK);
    if (r == FA_OK)
        fa_instance_new(rt, m, &inst, err);
    fa_module_free(m);
    return inst;
}

/* Runs the native module's exports against whatever defines "native". */
static void exercise(fa_runtime *rt)
{
    fa_error err;
    fa_instance *inst = instantiate(rt, native_wasm, sizeof native_wasm, &err);
    if (!inst) {
        fprintf(stderr, "  instantiate: %s\n", err.message);
        CHECK(inst != NULL);
        return;
    }
    fa_value a[2] = {fa_i32(40), fa_i32(2)}, r[1];
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "add"), a, 2, r, 1, &err), FA_OK);
    CHECK_EQ_INT(r[0].of.i32, 42);
    a[0] = fa_f64(1.5);
    a[1] = fa_f64(-4.0);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "fmul"), a, 2, r, 1, &err), FA_OK);
    CHECK(r[0].of.f64 == -6.0);
    a[0] = fa_i32(32);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "strlen_at"), a, 1, r, 1, &err), FA_OK);
    CHECK_EQ_INT(r[0].of.i32, 5);
    /* a native trap with its own message: no NUL up to the end of memory */
    memset(fa_memory_data(fa_instance_memory(inst, "memory")) + 65000, 'x', 536);
    a[0] = fa_i32(65000);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "strlen_at"), a, 1, r, 1, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_HOST);
    CHECK_EQ_STR(err.message, "strlen_at: no NUL after 65000");
    fa_frame_info fi;
    CHECK_EQ_INT(fa_runtime_backtrace_frame(rt, 0, &fi), FA_OK);
    CHECK(fi.is_host);
    CHECK_EQ_STR(fi.name, "native.strlen_at");
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "user"), NULL, 0, r, 1, &err), FA_OK);
    CHECK_EQ_INT(r[0].of.i32, 42);
    a[0] = fa_i64(1000000000000LL);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "pair_sum"), a, 1, r, 1, &err), FA_OK);
    CHECK_EQ_INT(r[0].of.i64, 5000000000000LL);
}

/* ------------------------------------------------------------ the same functions in-process */

static int n_add(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)
{
    (void)ctx;
    r[0] = (uint32_t)((uint32_t)a[0] + (uint32_t)a[1]);
    return 0;
}

static int n_fmul(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)
{
    double x, y;
    (void)ctx;
    memcpy(&x, &a[0], 8);
    memcpy(&y, &a[1], 8);
    x *= y;
    memcpy(&r[0], &x, 8);
    return 0;
}

static int n_strlen_at(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)
{
    uint64_t p = (uint32_t)a[0], i = p;
    CHECK(ctx->call != NULL && ctx->memory == fa_memory_data(fa_call_memory(ctx->call, 0)));
    while (i < ctx->memory_size && ctx->memory[i])
        i++;
    if (i >= ctx->memory_size) {
        snprintf(ctx->trap_message, FA_NATIVE_TRAP_MAX, "strlen_at: no NUL after %u", (unsigned)p);
        return 1;
    }
    r[0] = (uint32_t)(i - p);
    return 0;
}

static int n_user(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)
{
    (void)a;
    r[0] = (uint32_t) * (const int *)ctx->user;
    return 0;
}

static int n_pair(fa_native_ctx *ctx, const uint64_t *a, uint64_t *r)
{
    (void)ctx;
    r[0] = a[0] * 2;
    r[1] = a[0] * 3;
    return 0;
}

static const int magic = 42;

static void t_natives_table(void)
{
    static const fa_native_export table[] = {
        {"add", "(ii)i", n_add, NULL},
        {"fmul", "(FF)F", n_fmul, NULL},
        {"strlen_at", "(i)i", n_strlen_at, NULL},
        {"user", "()i", n_user, (void *)&magic},
        {"pair", "(I)II", n_pair, NULL},
        {NULL, NULL, NULL, NULL},
    };
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_error err;
    CHECK_EQ_INT(fa_runtime_define_natives(rt, "native", table, &err), FA_OK);
    exercise(rt);
    fa_runtime_free(rt);
}

static void t_natives_errors(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_error err;
    static const char *const bad[] = {"(ii", "ii)i", "(x)i", "(i)i)", "(i)v", NULL};
    for (int i = 0; i < 6; i++) {
        fa_native_export t[] = {
            {"ok", "()", n_user, NULL}, {"f", bad[i], n_add, NULL}, {NULL, NULL, NULL, NULL}};
        CHECK_EQ_INT(fa_runtime_define_natives(rt, "bad", t, &err), FA_ERR_ARG);
    }
    fa_native_export nofn[] = {{"f", "()", NULL, NULL}, {NULL, NULL, NULL, NULL}};
    CHECK_EQ_INT(fa_runtime_define_natives(rt, "bad", nofn, &err), FA_ERR_ARG);
    CHECK_EQ_STR(err.message, "native function \"f\": bad signature \"()\" or NULL function");
    CHECK_EQ_INT(fa_runtime_define_natives(rt, "bad", NULL, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_runtime_define_natives(NULL, "bad", nofn, &err), FA_ERR_ARG);
    /* a refused table defines nothing, not even its valid first entry */
    fa_instance *inst = instantiate(rt, badok_wasm, sizeof badok_wasm, &err);
    CHECK(inst == NULL);
    CHECK_EQ_STR(err.message, "unknown import \"bad\" \"ok\"");
    static const fa_native_export add_only[] = {{"add", "(ii)i", n_add, NULL},
                                                {NULL, NULL, NULL, NULL}};
    CHECK_EQ_INT(fa_runtime_define_natives(rt, "native", add_only, &err), FA_OK);
    /* the link-time check applies: the module wants add as (i32) -> i32 */
    inst = instantiate(rt, native_bad_wasm, sizeof native_bad_wasm, &err);
    CHECK(inst == NULL);
    CHECK_EQ_INT(err.code, FA_ERR_LINK);
    CHECK_EQ_STR(err.message, "incompatible import type \"native\" \"add\"");
    fa_runtime_free(rt);
}

/* ------------------------------------------------------------ shared libraries */

static void t_native_lib(void)
{
    char good[400], notable[400], badabi[400];
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_error err;
    CHECK_EQ_INT(fa_runtime_define_native_lib(rt, NULL, NULL, &err), FA_ERR_ARG);
    fa_result probe = fa_runtime_define_native_lib(rt, "/nonexistent/libx.so", NULL, &err);
    if (probe == FA_ERR_UNSUPPORTED) {
        printf("  built without dynamic loading: %s\n", err.message);
        fa_runtime_free(rt);
        return;
    }
    CHECK_EQ_INT(probe, FA_ERR_IO);
    CHECK(strstr(err.message, "cannot load /nonexistent/libx.so") == err.message);
    if (!build_lib("good", "", good, sizeof good) ||
        !build_lib("notable", "-DNO_TABLE", notable, sizeof notable) ||
        !build_lib("badabi", "-DBAD_ABI", badabi, sizeof badabi)) {
        printf("  skipped: no C compiler to build the test library\n");
        fa_runtime_free(rt);
        cleanup();
        return;
    }
    /* module name from the library's fa_native_module */
    CHECK_EQ_INT(fa_runtime_define_native_lib(rt, good, NULL, &err), FA_OK);
    exercise(rt);
    fa_runtime_free(rt);

    /* an explicit module name wins: "native" stays undefined */
    rt = fa_runtime_new(NULL);
    CHECK_EQ_INT(fa_runtime_define_native_lib(rt, good, "other", &err), FA_OK);
    fa_instance *inst = instantiate(rt, native_wasm, sizeof native_wasm, &err);
    CHECK(inst == NULL);
    CHECK_EQ_STR(err.message, "unknown import \"native\" \"add\"");
    CHECK_EQ_INT(fa_runtime_define_native_lib(rt, notable, NULL, &err), FA_ERR_NOT_FOUND);
    CHECK(strstr(err.message, "does not export fa_native_exports") != NULL);
    CHECK_EQ_INT(fa_runtime_define_native_lib(rt, badabi, NULL, &err), FA_ERR_ARG);
    CHECK(strstr(err.message, "fa_native_abi_version is 99") != NULL);
    /* the same library twice: both stay loaded until fa_runtime_free */
    CHECK_EQ_INT(fa_runtime_define_native_lib(rt, good, NULL, &err), FA_OK);
    exercise(rt);
    fa_runtime_free(rt);
    cleanup();
}

static const fa_test tests[] = {
    {"natives_table", t_natives_table},
    {"natives_errors", t_natives_errors},
    {"native_lib", t_native_lib},
};

FA_TEST_MAIN(tests)
