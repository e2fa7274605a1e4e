/*
 * fayasm_spec.c - runs WebAssembly spec tests converted by wast2json.
 *
 * Stage: test tool; uses only the public API (include/fayasm.h).
 * Main data structure: file_run, the state of one .json file: a fresh
 * fa_runtime with the `spectest` host module defined, the current module
 * (the last `module` command, possibly a failed one) and the named modules.
 * Invariants: every command except `register` yields exactly one result
 * (passed, failed or skipped), so totals compare with spectest-interp's; a
 * module that failed to load makes later commands that use it fail, never
 * crash; skips come only from text modules and the reviewed --skips file.
 * Spec: the script format of the WebAssembly test suite (interpreter/README),
 * as written by wabt's wast2json 1.0.32.
 *
 * Usage: fayasm_spec [-v] [--skips FILE] [--max-failures N] [--fuel N]
 *                    [--features LIST] [--name NAME] FILE.json...
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"
#include "json.h"
#include "spec_values.h"

#define MSG_SIZE 512

/* ---------------------------------------------------------------- options, skips */

typedef struct skip_entry {
    char *path;
    long line;
    char *reason;
    int used;
} skip_entry;

typedef struct options {
    int verbose;
    long max_failures;
    uint64_t fuel;
    int have_features; /* --features given: use `features`, else the defaults */
    uint32_t features;
    skip_entry *skips;
    size_t n_skips;
} options;

typedef struct strlist {
    char **items;
    size_t n, cap;
} strlist;

/* vsnprintf into a buffer; truncation of long messages is intended. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
bprintf(char *out, size_t size, const char *f, ...)
{
    va_list ap;
    if (!out || size == 0)
        return;
    va_start(ap, f);
    vsnprintf(out, size, f, ap);
    va_end(ap);
}

static const char *str_or(const char *s, const char *fallback)
{
    return s ? s : fallback;
}

static const char *result_name(fa_result r)
{
    return str_or(fa_result_name(r), "?");
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void strlist_add(strlist *l, const char *fmt, ...)
{
    char buf[MSG_SIZE * 2];
    va_list ap;
    char *s;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        char **items = realloc(l->items, nc * sizeof *items);
        if (!items)
            return;
        l->items = items;
        l->cap = nc;
    }
    s = xstrdup(buf);
    if (s)
        l->items[l->n++] = s;
}

static void strlist_free(strlist *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Reads a whole file; NULL with errno set on failure. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 65536;
            char *d = realloc(data, nc + 1);
            if (!d) {
                free(data);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            data = d;
            cap = nc;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(data);
        fclose(f);
        errno = EIO;
        return NULL;
    }
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

/* Skip list: "path line reason...", '#' comments and blank lines ignored. */
static int load_skips(options *opt, const char *path)
{
    size_t len, pos = 0;
    long lineno = 0;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "fayasm_spec: cannot read skip list %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (pos < len) {
        char *line = text + pos, *nl = memchr(line, '\n', len - pos), *p, *file, *end;
        long num;
        skip_entry *e;
        lineno++;
        if (nl)
            *nl = '\0';
        pos = nl ? (size_t)(nl - text) + 1 : len;
        p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        file = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (*p)
            *p++ = '\0';
        num = strtol(p, &end, 10);
        if (end == p || num <= 0) {
            fprintf(stderr, "fayasm_spec: %s:%ld: expected \"path line reason\"\n", path, lineno);
            free(text);
            return -1;
        }
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '\r') {
            fprintf(stderr, "fayasm_spec: %s:%ld: a skip needs a reason\n", path, lineno);
            free(text);
            return -1;
        }
        e = realloc(opt->skips, (opt->n_skips + 1) * sizeof *e);
        if (!e) {
            free(text);
            return -1;
        }
        opt->skips = e;
        e = &opt->skips[opt->n_skips];
        e->path = xstrdup(file);
        e->line = num;
        e->reason = xstrdup(p);
        e->used = 0;
        if (!e->path || !e->reason) {
            free(e->path);
            free(e->reason);
            free(text);
            return -1;
        }
        end = e->reason + strlen(e->reason);
        while (end > e->reason && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        opt->n_skips++;
    }
    free(text);
    return 0;
}

static skip_entry *find_skip(options *opt, const char *path, long line)
{
    size_t i;
    for (i = 0; i < opt->n_skips; i++)
        if (opt->skips[i].line == line && strcmp(opt->skips[i].path, path) == 0)
            return &opt->skips[i];
    return NULL;
}

/* ---------------------------------------------------------------- per-file state */

typedef struct module_slot {
    char *name;        /* "$m" as wast2json writes it; NULL for the current slot */
    fa_instance *inst; /* NULL when the module failed to load */
    char why[MSG_SIZE];
} module_slot;

typedef struct host_print {
    const char *name;
    int verbose;
} host_print;

typedef struct file_run {
    options *opt;
    const char *display; /* path relative to the testsuite: "core/i32.wast" */
    char *dir;           /* directory of the .json, for the .wasm files */
    fa_runtime *rt;
    int have_current;
    module_slot current;
    module_slot *named;
    size_t n_named;
    long passed, failed, skipped, mismatched;
    strlist failures, mismatches;
    host_print prints[7];
} file_run;

static void fail(file_run *fr, long line, const char *fmt, ...)
{
    char buf[MSG_SIZE * 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fr->failed++;
    strlist_add(&fr->failures, "  line %ld: %s", line, buf);
}

/* Copies a name for printing: control bytes and quotes become \xx escapes. */
static void printable(const char *s, size_t len, char *out, size_t size)
{
    size_t i, o = 0;
    if (size == 0)
        return;
    for (i = 0; i < len && o + 4 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
            bprintf(out + o, size - o, "\\%02x", c);
            o += 3;
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
}

/* ---------------------------------------------------------------- spectest */

static int spectest_print(fa_call *c, void *user)
{
    const host_print *hp = user;
    uint32_t i, n;
    if (!hp || !hp->verbose)
        return 0;
    n = fa_call_n_args(c);
    printf("spectest.%s(", hp->name);
    for (i = 0; i < n; i++) {
        char buf[96];
        fa_value v = fa_call_arg(c, i);
        sv_format_value(&v, buf, sizeof buf);
        printf("%s%s", i ? ", " : "", buf);
    }
    printf(")\n");
    return 0;
}

static const char *define_func(file_run *fr, int idx, const char *name, const fa_valtype *params,
                               uint32_t n_params)
{
    fa_functype ft;
    fa_extern ext;
    fa_func *f;
    ft.n_params = n_params;
    ft.n_results = 0;
    ft.params = params;
    ft.results = NULL;
    fr->prints[idx].name = name;
    fr->prints[idx].verbose = fr->opt->verbose;
    f = fa_func_new_host(fr->rt, &ft, spectest_print, &fr->prints[idx]);
    if (!f)
        return name;
    memset(&ext, 0, sizeof ext);
    ext.kind = FA_EXTERN_FUNC;
    ext.of.func = f;
    return fa_runtime_define(fr->rt, "spectest", name, ext) == FA_OK ? NULL : name;
}

static const char *define_global(file_run *fr, const char *name, fa_value v)
{
    fa_extern ext;
    fa_global *g = fa_global_new(fr->rt, v, 0);
    if (!g)
        return name;
    memset(&ext, 0, sizeof ext);
    ext.kind = FA_EXTERN_GLOBAL;
    ext.of.global = g;
    return fa_runtime_define(fr->rt, "spectest", name, ext) == FA_OK ? NULL : name;
}

/* Defines the spectest module of the reference interpreter (with 666.6 for
 * the float globals, as the current tests expect). Returns the name of the
 * first item that could not be defined, or NULL. */
static const char *define_spectest(file_run *fr)
{
    static const fa_valtype p_i32[] = {FA_I32}, p_i64[] = {FA_I64}, p_f32[] = {FA_F32},
                            p_f64[] = {FA_F64}, p_i32_f32[] = {FA_I32, FA_F32},
                            p_f64_f64[] = {FA_F64, FA_F64};
    const char *bad = NULL, *r;
    fa_limits lim;
    fa_extern ext;

#define DEF(expr)                                                                                  \
    do {                                                                                           \
        r = (expr);                                                                                \
        if (r && !bad)                                                                             \
            bad = r;                                                                               \
    } while (0)
    DEF(define_func(fr, 0, "print", NULL, 0));
    DEF(define_func(fr, 1, "print_i32", p_i32, 1));
    DEF(define_func(fr, 2, "print_i64", p_i64, 1));
    DEF(define_func(fr, 3, "print_f32", p_f32, 1));
    DEF(define_func(fr, 4, "print_f64", p_f64, 1));
    DEF(define_func(fr, 5, "print_i32_f32", p_i32_f32, 2));
    DEF(define_func(fr, 6, "print_f64_f64", p_f64_f64, 2));
    DEF(define_global(fr, "global_i32", fa_i32(666)));
    DEF(define_global(fr, "global_i64", fa_i64(666)));
    DEF(define_global(fr, "global_f32", fa_f32(666.6f)));
    DEF(define_global(fr, "global_f64", fa_f64(666.6)));
#undef DEF

    memset(&lim, 0, sizeof lim);
    lim.min = 10;
    lim.max = 20;
    lim.has_max = 1;
    memset(&ext, 0, sizeof ext);
    ext.kind = FA_EXTERN_TABLE;
    ext.of.table = fa_table_new(fr->rt, FA_FUNCREF, &lim);
    if (!ext.of.table || fa_runtime_define(fr->rt, "spectest", "table", ext) != FA_OK)
        bad = bad ? bad : "table";

    lim.min = 1;
    lim.max = 2;
    memset(&ext, 0, sizeof ext);
    ext.kind = FA_EXTERN_MEMORY;
    ext.of.memory = fa_memory_new(fr->rt, &lim);
    if (!ext.of.memory || fa_runtime_define(fr->rt, "spectest", "memory", ext) != FA_OK)
        bad = bad ? bad : "memory";
    return bad;
}

/* ---------------------------------------------------------------- modules */

static int is_text_module(const json_node *cmd)
{
    const char *mt = json_get_str(cmd, "module_type");
    const char *fn = json_get_str(cmd, "filename");
    size_t n;
    if (mt && strcmp(mt, "text") == 0)
        return 1;
    if (fn && (n = strlen(fn)) >= 4 && strcmp(fn + n - 4, ".wat") == 0)
        return 1;
    return 0;
}

enum phase { PHASE_NONE, PHASE_LOAD, PHASE_INSTANTIATE };

/* Loads and (if `instantiate`) instantiates the command's module file.
 * Returns FA_OK with *out set, or the failing code with the message in err
 * and the phase that failed in *phase. */
static fa_result load_module(file_run *fr, const json_node *cmd, int instantiate, fa_instance **out,
                             fa_error *err, enum phase *phase)
{
    const char *fn = json_get_str(cmd, "filename");
    fa_module *m = NULL;
    fa_result rc;
    char *path;
    size_t n;

    *out = NULL;
    *phase = PHASE_LOAD;
    memset(err, 0, sizeof *err);
    if (!fn || !*fn) {
        bprintf(err->message, sizeof err->message, "the command has no filename");
        return err->code = FA_ERR_ARG;
    }
    n = strlen(fr->dir) + strlen(fn) + 2;
    path = malloc(n);
    if (!path) {
        bprintf(err->message, sizeof err->message, "out of memory");
        return err->code = FA_ERR_OOM;
    }
    bprintf(path, n, "%s/%s", fr->dir, fn);
    rc = fa_module_load_file(fr->rt, path, &m, err);
    err->message[sizeof err->message - 1] = '\0';
    free(path);
    if (rc != FA_OK || !m) {
        if (rc == FA_OK) {
            bprintf(err->message, sizeof err->message, "load returned no module");
            rc = FA_ERR_ARG;
        }
        err->code = rc;
        return rc;
    }
    if (!instantiate) {
        fa_module_free(m);
        return FA_OK;
    }
    *phase = PHASE_INSTANTIATE;
    rc = fa_instance_new(fr->rt, m, out, err);
    err->message[sizeof err->message - 1] = '\0';
    if (rc == FA_OK && !*out) {
        bprintf(err->message, sizeof err->message, "instantiation returned no instance");
        rc = FA_ERR_ARG;
    }
    if (rc != FA_OK) {
        *out = NULL;
        err->code = rc;
        /* The module stays with the runtime: a failed instantiation may still
         * have written into imported memories/tables that refer to it. */
    }
    return rc;
}

static module_slot *named_slot(file_run *fr, const char *name, int create)
{
    size_t i;
    module_slot *s;
    for (i = 0; i < fr->n_named; i++)
        if (strcmp(fr->named[i].name, name) == 0)
            return &fr->named[i];
    if (!create)
        return NULL;
    s = realloc(fr->named, (fr->n_named + 1) * sizeof *s);
    if (!s)
        return NULL;
    fr->named = s;
    s = &fr->named[fr->n_named];
    memset(s, 0, sizeof *s);
    s->name = xstrdup(name);
    if (!s->name)
        return NULL;
    fr->n_named++;
    return s;
}

/* Makes the module just loaded (or failed) the current one, and the named one. */
static void set_current(file_run *fr, const char *name, fa_instance *inst, const char *why)
{
    module_slot *s;
    fr->have_current = 1;
    fr->current.inst = inst;
    bprintf(fr->current.why, sizeof fr->current.why, "%s", why ? why : "");
    if (name && (s = named_slot(fr, name, 1)) != NULL) {
        s->inst = inst;
        bprintf(s->why, sizeof s->why, "%s", why ? why : "");
    }
}

static void cmd_module(file_run *fr, const json_node *cmd, long line)
{
    const char *name = json_get_str(cmd, "name");
    fa_instance *inst;
    fa_error err;
    enum phase phase;
    char why[MSG_SIZE];

    if (is_text_module(cmd)) {
        fr->skipped++;
        bprintf(why, sizeof why, "the module at line %ld is a text module (skipped)", line);
        set_current(fr, name, NULL, why);
        return;
    }
    if (load_module(fr, cmd, 1, &inst, &err, &phase) != FA_OK) {
        fail(fr, line, "module %s failed: %s (%s)", str_or(json_get_str(cmd, "filename"), "?"),
             err.message, result_name(err.code));
        bprintf(why, sizeof why, "the module at line %ld failed to load", line);
        set_current(fr, name, NULL, why);
        return;
    }
    fr->passed++;
    set_current(fr, name, inst, NULL);
}

static const char *rejection_kind(const char *type, fa_result *code)
{
    if (strcmp(type, "assert_malformed") == 0) {
        *code = FA_ERR_MALFORMED;
        return "malformed";
    }
    if (strcmp(type, "assert_invalid") == 0) {
        *code = FA_ERR_INVALID;
        return "invalid";
    }
    if (strcmp(type, "assert_unlinkable") == 0) {
        *code = FA_ERR_LINK;
        return "unlinkable";
    }
    *code = FA_ERR_TRAP; /* assert_uninstantiable, or assert_trap on a module */
    return "uninstantiable";
}

/* assert_malformed / invalid / unlinkable / uninstantiable: the module must be
 * rejected. A rejection with another message or error kind still passes, and
 * is counted (and listed with -v) as a message mismatch. */
static void cmd_reject(file_run *fr, const json_node *cmd, long line, const char *type)
{
    const char *text = json_get_str(cmd, "text");
    fa_result want;
    const char *kind = rejection_kind(type, &want);
    int load_only = want == FA_ERR_MALFORMED || want == FA_ERR_INVALID;
    fa_instance *inst;
    fa_error err;
    enum phase phase;

    if (is_text_module(cmd)) {
        fr->skipped++;
        return;
    }
    if (!text)
        text = "";
    if (load_module(fr, cmd, !load_only, &inst, &err, &phase) == FA_OK) {
        fail(fr, line, "%s: module %s was %s, expected %s: \"%s\"", type,
             str_or(json_get_str(cmd, "filename"), "?"), load_only ? "accepted" : "instantiated",
             kind, text);
        return;
    }
    if (err.code == FA_ERR_IO || (err.code == FA_ERR_ARG && phase == PHASE_LOAD)) {
        /* The harness could not even offer the module: not a rejection. */
        fail(fr, line, "%s: %s", type, err.message);
        return;
    }
    fr->passed++;
    if (err.code != want || strstr(err.message, text) == NULL) {
        fr->mismatched++;
        strlist_add(&fr->mismatches, "  line %ld: %s \"%s\": got %s at %s: \"%s\"", line, type,
                    text, result_name(err.code), phase == PHASE_LOAD ? "load" : "instantiation",
                    err.message);
    }
}

/* ---------------------------------------------------------------- actions */

typedef struct action_out {
    int setup_failed; /* the action could not be attempted: msg says why */
    fa_result rc;     /* result of the call when attempted */
    fa_error err;
    fa_value *results; /* n_results values when rc == FA_OK */
    uint32_t n_results;
    char what[MSG_SIZE]; /* "invoke \"f\"(i32:1, ...)" for messages */
    char msg[MSG_SIZE];  /* setup failure */
} action_out;

static fa_instance *action_instance(file_run *fr, const json_node *action, char *msg, size_t size)
{
    const char *mod = json_get_str(action, "module");
    if (mod) {
        module_slot *s = named_slot(fr, mod, 0);
        if (!s) {
            bprintf(msg, size, "unknown module %s", mod);
            return NULL;
        }
        if (!s->inst)
            bprintf(msg, size, "module %s unavailable: %s", mod, s->why);
        return s->inst;
    }
    if (!fr->have_current) {
        bprintf(msg, size, "no module defined yet");
        return NULL;
    }
    if (!fr->current.inst)
        bprintf(msg, size, "%s", fr->current.why);
    return fr->current.inst;
}

static void append(char *buf, size_t size, const char *s)
{
    size_t used = strlen(buf);
    if (used + 1 < size)
        bprintf(buf + used, size - used, "%s", s);
}

static void run_action(file_run *fr, const json_node *action, action_out *ao)
{
    const char *atype = json_get_str(action, "type");
    const json_node *field_node = json_get(action, "field");
    const json_node *args_node = json_get(action, "args");
    size_t field_len = 0, i, n_args;
    const char *field = json_str(field_node, &field_len);
    char pfield[160];
    fa_instance *inst;
    fa_extern ext;

    memset(ao, 0, sizeof *ao);
    if (!atype || !field) {
        ao->setup_failed = 1;
        bprintf(ao->msg, sizeof ao->msg, "action without type or field");
        return;
    }
    printable(field, field_len, pfield, sizeof pfield);
    bprintf(ao->what, sizeof ao->what, "%s \"%s\"", atype, pfield);

    inst = action_instance(fr, action, ao->msg, sizeof ao->msg);
    if (!inst) {
        ao->setup_failed = 1;
        return;
    }
    /* By length: names.wast exports a name made of NUL and control bytes. */
    if (fa_instance_export_n(inst, field, field_len, &ext) != FA_OK) {
        ao->setup_failed = 1;
        bprintf(ao->msg, sizeof ao->msg, "no export \"%s\"", pfield);
        return;
    }

    if (strcmp(atype, "get") == 0) {
        if (ext.kind != FA_EXTERN_GLOBAL || !ext.of.global) {
            ao->setup_failed = 1;
            bprintf(ao->msg, sizeof ao->msg, "export \"%s\" is not a global", pfield);
            return;
        }
        ao->results = calloc(1, sizeof(fa_value));
        if (!ao->results) {
            ao->setup_failed = 1;
            bprintf(ao->msg, sizeof ao->msg, "out of memory");
            return;
        }
        ao->rc = fa_global_get(ext.of.global, &ao->results[0]);
        ao->err.code = ao->rc;
        if (ao->rc != FA_OK)
            bprintf(ao->err.message, sizeof ao->err.message, "fa_global_get failed");
        else
            ao->n_results = 1;
        return;
    }
    if (strcmp(atype, "invoke") != 0) {
        ao->setup_failed = 1;
        bprintf(ao->msg, sizeof ao->msg, "unknown action type \"%s\"", atype);
        return;
    }
    if (ext.kind != FA_EXTERN_FUNC || !ext.of.func) {
        ao->setup_failed = 1;
        bprintf(ao->msg, sizeof ao->msg, "export \"%s\" is not a function", pfield);
        return;
    }

    {
        fa_functype ft;
        fa_value *args = NULL;
        n_args = json_len(args_node);
        if (fa_func_type(ext.of.func, &ft) != FA_OK) {
            ao->setup_failed = 1;
            bprintf(ao->msg, sizeof ao->msg, "fa_func_type failed for \"%s\"", pfield);
            return;
        }
        if (n_args != ft.n_params) {
            ao->setup_failed = 1;
            bprintf(ao->msg, sizeof ao->msg, "takes %lu arguments, the test gives %lu",
                    (unsigned long)ft.n_params, (unsigned long)n_args);
            return;
        }
        args = calloc(n_args ? n_args : 1, sizeof *args);
        ao->results = calloc(ft.n_results ? ft.n_results : 1, sizeof *ao->results);
        if (!args || !ao->results) {
            free(args);
            ao->setup_failed = 1;
            bprintf(ao->msg, sizeof ao->msg, "out of memory");
            return;
        }
        append(ao->what, sizeof ao->what, "(");
        for (i = 0; i < n_args; i++) {
            sv_expected e;
            char buf[160];
            if (sv_parse(json_at(args_node, i), &e, buf, sizeof buf) != 0 || e.match != SV_EXACT) {
                ao->setup_failed = 1;
                bprintf(ao->msg, sizeof ao->msg, "argument %lu: %s", (unsigned long)i,
                        e.match != SV_EXACT ? "not a concrete value" : buf);
                free(args);
                return;
            }
            args[i] = e.value;
            sv_format_actual(&e, &args[i], buf, sizeof buf);
            if (i)
                append(ao->what, sizeof ao->what, ", ");
            append(ao->what, sizeof ao->what, buf);
        }
        append(ao->what, sizeof ao->what, ")");
        ao->rc =
            fa_func_call(ext.of.func, args, (uint32_t)n_args, ao->results, ft.n_results, &ao->err);
        ao->err.message[sizeof ao->err.message - 1] = '\0';
        if (ao->rc == FA_OK)
            ao->n_results = ft.n_results;
        else
            ao->err.code = ao->rc;
        free(args);
    }
}

static void action_free(action_out *ao)
{
    free(ao->results);
}

/* Formats the actual results as "[a, b]". */
static void format_results(const action_out *ao, const sv_expected *hints, size_t n_hints,
                           char *out, size_t size)
{
    uint32_t i;
    bprintf(out, size, "[");
    for (i = 0; i < ao->n_results; i++) {
        char buf[200];
        sv_format_actual(i < n_hints ? &hints[i] : NULL, &ao->results[i], buf, sizeof buf);
        if (i)
            append(out, size, ", ");
        append(out, size, buf);
    }
    append(out, size, "]");
}

/* Parses an array of expected values. Returns the count, or -1 with msg. */
static long parse_expected(const json_node *arr, sv_expected **out, char *msg, size_t size)
{
    size_t i, n = json_len(arr);
    *out = NULL;
    if (json_kind_of(arr) != JSON_ARRAY) {
        bprintf(msg, size, "expected results are not an array");
        return -1;
    }
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out) {
        bprintf(msg, size, "out of memory");
        return -1;
    }
    for (i = 0; i < n; i++)
        if (sv_parse(json_at(arr, i), &(*out)[i], msg, size) != 0) {
            free(*out);
            *out = NULL;
            return -1;
        }
    return (long)n;
}

static int results_match(const action_out *ao, const sv_expected *exp, long n)
{
    long i;
    if (n < 0 || (uint32_t)n != ao->n_results)
        return 0;
    for (i = 0; i < n; i++)
        if (!sv_matches(&exp[i], &ao->results[i]))
            return 0;
    return 1;
}

static void format_expected_list(const sv_expected *exp, long n, char *out, size_t size)
{
    long i;
    bprintf(out, size, "[");
    for (i = 0; i < n; i++) {
        char buf[200];
        sv_format_expected(&exp[i], buf, sizeof buf);
        if (i)
            append(out, size, ", ");
        append(out, size, buf);
    }
    append(out, size, "]");
}

/* Reports a call that did not return normally. */
static void fail_call(file_run *fr, long line, const char *type, const action_out *ao)
{
    if (ao->setup_failed)
        fail(fr, line, "%s %s: %s", type, ao->what, ao->msg);
    else
        fail(fr, line, "%s %s: %s: %s", type, ao->what, result_name(ao->rc), ao->err.message);
}

static void cmd_assert_return(file_run *fr, const json_node *cmd, long line)
{
    const json_node *either = json_get(cmd, "either");
    action_out ao;
    char msg[MSG_SIZE], got[MSG_SIZE], want[MSG_SIZE];
    sv_expected *exp = NULL;
    long n;

    run_action(fr, json_get(cmd, "action"), &ao);
    if (ao.setup_failed || ao.rc != FA_OK) {
        fail_call(fr, line, "assert_return", &ao);
        action_free(&ao);
        return;
    }
    if (either) {
        /* Each alternative is one value (wabt) or a list of values. */
        size_t i, n_alt = json_len(either);
        int matched = 0;
        bprintf(want, sizeof want, "one of");
        for (i = 0; i < n_alt && !matched; i++) {
            const json_node *alt = json_at(either, i);
            char buf[MSG_SIZE];
            if (json_kind_of(alt) == JSON_ARRAY) {
                n = parse_expected(alt, &exp, msg, sizeof msg);
            } else {
                n = 1;
                exp = calloc(1, sizeof *exp);
                if (!exp || sv_parse(alt, exp, msg, sizeof msg) != 0)
                    n = -1;
            }
            if (n < 0) {
                fail(fr, line, "assert_return %s: bad expectation: %s", ao.what,
                     exp ? msg : "out of memory");
                free(exp);
                action_free(&ao);
                return;
            }
            matched = results_match(&ao, exp, n);
            format_expected_list(exp, n, buf, sizeof buf);
            append(want, sizeof want, " ");
            append(want, sizeof want, buf);
            if (!matched && i + 1 == n_alt)
                format_results(&ao, exp, (size_t)n, got, sizeof got);
            free(exp);
            exp = NULL;
        }
        if (matched)
            fr->passed++;
        else if (n_alt == 0)
            fail(fr, line, "assert_return %s: empty \"either\"", ao.what);
        else
            fail(fr, line, "assert_return %s: got %s, expected %s", ao.what, got, want);
        action_free(&ao);
        return;
    }
    n = parse_expected(json_get(cmd, "expected"), &exp, msg, sizeof msg);
    if (n < 0) {
        fail(fr, line, "assert_return %s: bad expectation: %s", ao.what, msg);
    } else if (results_match(&ao, exp, n)) {
        fr->passed++;
    } else {
        format_results(&ao, exp, (size_t)n, got, sizeof got);
        format_expected_list(exp, n, want, sizeof want);
        fail(fr, line, "assert_return %s: got %s, expected %s", ao.what, got, want);
    }
    free(exp);
    action_free(&ao);
}

/* assert_trap / assert_exhaustion: the call must trap with a message that
 * starts with the expected text. */
static void cmd_assert_trap(file_run *fr, const json_node *cmd, long line, const char *type,
                            const char *default_text)
{
    const char *text = json_get_str(cmd, "text");
    action_out ao;
    char got[MSG_SIZE];

    if (!text)
        text = default_text;
    run_action(fr, json_get(cmd, "action"), &ao);
    if (ao.setup_failed) {
        fail_call(fr, line, type, &ao);
    } else if (ao.rc == FA_OK) {
        format_results(&ao, NULL, 0, got, sizeof got);
        fail(fr, line, "%s %s: returned %s, expected trap \"%s\"", type, ao.what, got, text);
    } else if (ao.rc != FA_ERR_TRAP) {
        fail(fr, line, "%s %s: %s: %s, expected trap \"%s\"", type, ao.what, result_name(ao.rc),
             ao.err.message, text);
    } else if (strncmp(ao.err.message, text, strlen(text)) != 0) {
        fail(fr, line, "%s %s: trapped with \"%s\", expected \"%s\"", type, ao.what, ao.err.message,
             text);
    } else {
        fr->passed++;
    }
    action_free(&ao);
}

static void cmd_action(file_run *fr, const json_node *cmd, long line)
{
    action_out ao;
    run_action(fr, json_get(cmd, "action"), &ao);
    if (ao.setup_failed || ao.rc != FA_OK)
        fail_call(fr, line, "action", &ao);
    else
        fr->passed++;
    action_free(&ao);
}

static void cmd_register(file_run *fr, const json_node *cmd, long line)
{
    const char *as = json_get_str(cmd, "as");
    const char *name = json_get_str(cmd, "name");
    fa_instance *inst = NULL;
    const char *why = "no module defined yet";

    if (name) {
        module_slot *s = named_slot(fr, name, 0);
        if (s) {
            inst = s->inst;
            why = s->why;
        } else {
            why = "unknown module";
        }
    } else if (fr->have_current) {
        inst = fr->current.inst;
        why = fr->current.why;
    }
    /* register is not a counted command: a failure shows up in the commands
     * that use the registered name. */
    if (!as || !inst) {
        if (fr->opt->verbose)
            printf("%s:%ld: register %s not done: %s\n", fr->display, line, as ? as : "(no name)",
                   why);
        return;
    }
    if (fa_runtime_register(fr->rt, as, inst) != FA_OK && fr->opt->verbose)
        printf("%s:%ld: fa_runtime_register(\"%s\") failed\n", fr->display, line, as);
}

/* ---------------------------------------------------------------- one file */

static void run_command(file_run *fr, const json_node *cmd)
{
    const char *type = json_get_str(cmd, "type");
    int64_t line64 = 0;
    long line;
    skip_entry *skip;

    json_int(json_get(cmd, "line"), &line64);
    line = (long)line64;
    if (!type) {
        fail(fr, line, "command without a type");
        return;
    }
    if (strcmp(type, "register") == 0) {
        cmd_register(fr, cmd, line);
        return;
    }
    skip = find_skip(fr->opt, fr->display, line);
    if (skip) {
        skip->used = 1;
        fr->skipped++;
        if (strcmp(type, "module") == 0) {
            char why[MSG_SIZE];
            bprintf(why, sizeof why, "the module at line %ld is skipped (%s)", line, skip->reason);
            set_current(fr, json_get_str(cmd, "name"), NULL, why);
        }
        return;
    }
    if (strcmp(type, "module") == 0)
        cmd_module(fr, cmd, line);
    else if (strcmp(type, "assert_return") == 0)
        cmd_assert_return(fr, cmd, line);
    else if (strcmp(type, "assert_trap") == 0) {
        if (json_get(cmd, "action"))
            cmd_assert_trap(fr, cmd, line, type, "");
        else
            cmd_reject(fr, cmd, line, "assert_uninstantiable");
    } else if (strcmp(type, "assert_exhaustion") == 0)
        cmd_assert_trap(fr, cmd, line, type, "call stack exhausted");
    else if (strcmp(type, "action") == 0)
        cmd_action(fr, cmd, line);
    else if (strcmp(type, "assert_malformed") == 0 || strcmp(type, "assert_invalid") == 0 ||
             strcmp(type, "assert_unlinkable") == 0 || strcmp(type, "assert_uninstantiable") == 0)
        cmd_reject(fr, cmd, line, type);
    else
        fail(fr, line, "unsupported command type \"%s\"", type);
}

/* The name shown for a file: --name, else source_filename made relative to
 * the testsuite (from "core/" or "proposals/" on), else the json path with
 * .wast for .json. */
static char *display_name(const char *json_path, const json_node *root, const char *forced)
{
    const char *src = json_get_str(root, "source_filename");
    char *out;
    size_t n;
    if (forced)
        return xstrdup(forced);
    if (src && *src) {
        const char *p;
        if ((p = strstr(src, "/proposals/")) != NULL || (p = strstr(src, "/core/")) != NULL)
            src = p + 1;
        while (src[0] == '.' && src[1] == '/')
            src += 2;
        return xstrdup(src);
    }
    n = strlen(json_path);
    out = malloc(n + 2);
    if (!out)
        return NULL;
    memcpy(out, json_path, n + 1);
    if (n >= 5 && strcmp(out + n - 5, ".json") == 0)
        strcpy(out + n - 5, ".wast");
    return out;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;
    size_t n;
#ifdef _WIN32
    const char *bs = strrchr(path, '\\');
    if (bs && (!slash || bs > slash))
        slash = bs;
#endif
    if (!slash)
        return xstrdup(".");
    n = (size_t)(slash - path);
    if (n == 0)
        n = 1; /* "/x.json" */
    d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, path, n);
    d[n] = '\0';
    return d;
}

typedef struct totals {
    long passed, failed, skipped, mismatched;
} totals;

static void print_list(const strlist *l, long limit, const char *more_what)
{
    size_t i;
    for (i = 0; i < l->n; i++) {
        if (limit >= 0 && (long)i >= limit) {
            printf("  ... and %lu more %s\n", (unsigned long)(l->n - i), more_what);
            break;
        }
        printf("%s\n", l->items[i]);
    }
}

static void run_file(options *opt, const char *json_path, const char *forced_name, totals *t)
{
    file_run fr;
    size_t len = 0, i;
    char *text, perr[160];
    json_node *root = NULL;
    const json_node *cmds;
    char *display = NULL;
    const char *bad;
    fa_config cfg;

    memset(&fr, 0, sizeof fr);
    fr.opt = opt;
    text = read_file(json_path, &len);
    if (text)
        root = json_parse(text, len, perr, sizeof perr);
    else
        bprintf(perr, sizeof perr, "cannot read: %s", strerror(errno));
    free(text);
    display = display_name(json_path, root, forced_name);
    fr.display = display ? display : json_path;
    fr.dir = dir_of(json_path);

    cmds = json_get(root, "commands");
    if (!root || json_kind_of(cmds) != JSON_ARRAY) {
        fail(&fr, 0, "%s: %s", json_path, root ? "no \"commands\" array" : perr);
        goto report;
    }
    if (!fr.dir) {
        fail(&fr, 0, "out of memory");
        goto report;
    }
    fa_config_default(&cfg);
    if (opt->fuel)
        cfg.fuel = opt->fuel;
    if (opt->have_features)
        cfg.features = opt->features;
    fr.rt = fa_runtime_new(&cfg);
    if (!fr.rt) {
        fail(&fr, 0, "fa_runtime_new failed");
        goto report;
    }
    bad = define_spectest(&fr);
    if (bad)
        strlist_add(&fr.failures, "  note: could not define spectest.%s", bad);
    for (i = 0; i < json_len(cmds); i++)
        run_command(&fr, json_at(cmds, i));

report:
    /* Release the runtime first, so that a crash there is still reported
     * against this file (run.sh blames the file without a result line). */
    fa_runtime_free(fr.rt);
    fr.rt = NULL;
    printf("%s: %ld passed, %ld failed, %ld skipped", fr.display, fr.passed, fr.failed, fr.skipped);
    if (fr.mismatched)
        printf("; %ld rejections with a different message", fr.mismatched);
    printf("\n");
    print_list(&fr.failures, opt->verbose ? -1 : opt->max_failures, "failures");
    if (opt->verbose)
        print_list(&fr.mismatches, -1, "");
    for (i = 0; i < opt->n_skips; i++)
        if (!opt->skips[i].used && strcmp(opt->skips[i].path, fr.display) == 0)
            printf("  note: skip entry for line %ld matched no command\n", opt->skips[i].line);
    fflush(stdout);

    t->passed += fr.passed;
    t->failed += fr.failed;
    t->skipped += fr.skipped;
    t->mismatched += fr.mismatched;

    for (i = 0; i < fr.n_named; i++)
        free(fr.named[i].name);
    free(fr.named);
    strlist_free(&fr.failures);
    strlist_free(&fr.mismatches);
    free(fr.dir);
    free(display);
    json_free(root);
}

/* "simd,memory64,..." (also "all", "none") -> FA_FEATURE_* bits. */
static int parse_features(const char *list, uint32_t *out)
{
    static const struct {
        const char *name;
        uint32_t bit;
    } names[] = {
        {"simd", FA_FEATURE_SIMD},
        {"memory64", FA_FEATURE_MEMORY64},
        {"multi-memory", FA_FEATURE_MULTI_MEMORY},
        {"tail-call", FA_FEATURE_TAIL_CALL},
        {"extended-const", FA_FEATURE_EXTENDED_CONST},
        {"relaxed-simd", FA_FEATURE_RELAXED_SIMD},
        {"all", FA_FEATURE_ALL},
        {"none", 0},
    };
    uint32_t bits = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ","), k;
        int found = 0;
        for (k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == n && strncmp(names[k].name, p, n) == 0) {
                bits |= names[k].bit;
                found = 1;
            }
        if (!found && n > 0) {
            fprintf(stderr, "fayasm_spec: unknown feature \"%.*s\"\n", (int)n, p);
            return -1;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    *out = bits;
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: fayasm_spec [-v] [--skips FILE] [--max-failures N] [--fuel N]\n"
            "                   [--features LIST] [--name NAME] FILE.json...\n"
            "Runs wast2json output, one fresh runtime per FILE.\n"
            "  --name NAME      the displayed path of the next FILE\n"
            "  --features LIST  runtime features for the FILEs after it: comma-separated\n"
            "                   simd, memory64, multi-memory, tail-call, extended-const,\n"
            "                   relaxed-simd, all, none (default: the runtime's defaults)\n");
}

/* Options may come anywhere; --name applies to the FILE that follows it and
 * --features to every FILE after it. */
int main(int argc, char **argv)
{
    options opt;
    totals t;
    const char *next_name = NULL;
    int i, n_files = 0;
    size_t k;

    memset(&opt, 0, sizeof opt);
    memset(&t, 0, sizeof t);
    opt.max_failures = 20;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            opt.verbose = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage();
            return 0;
        } else if (strcmp(a, "--skips") == 0 || strcmp(a, "--name") == 0 ||
                   strcmp(a, "--max-failures") == 0 || strcmp(a, "--fuel") == 0 ||
                   strcmp(a, "--features") == 0) {
            if (++i >= argc) {
                usage();
                return 2;
            }
            if (strcmp(a, "--skips") == 0) {
                if (load_skips(&opt, argv[i]) != 0)
                    return 2;
            } else if (strcmp(a, "--max-failures") == 0) {
                errno = 0;
                opt.max_failures = strtol(argv[i], &end, 10);
                if (*end || end == argv[i] || opt.max_failures < 0 || errno) {
                    usage();
                    return 2;
                }
            } else if (strcmp(a, "--features") == 0) {
                uint32_t bits;
                if (parse_features(argv[i], &bits) != 0)
                    return 2;
            } else if (strcmp(a, "--fuel") == 0) {
                errno = 0;
                opt.fuel = (uint64_t)strtoull(argv[i], &end, 10);
                if (*end || end == argv[i] || errno) {
                    usage();
                    return 2;
                }
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "fayasm_spec: unknown option %s\n", a);
            usage();
            return 2;
        } else {
            n_files++;
        }
    }
    if (n_files == 0) {
        usage();
        return 2;
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--skips") == 0 || strcmp(a, "--max-failures") == 0 ||
            strcmp(a, "--fuel") == 0) {
            i++;
        } else if (strcmp(a, "--name") == 0) {
            next_name = argv[++i];
        } else if (strcmp(a, "--features") == 0) {
            opt.have_features = 1;
            parse_features(argv[++i], &opt.features); /* checked in the first pass */
        } else if (a[0] != '-' || a[1] == '\0') {
            run_file(&opt, a, next_name, &t);
            next_name = NULL;
        }
    }
    if (t.mismatched)
        printf("%ld rejections with a different message%s\n", t.mismatched,
               opt.verbose ? "" : " (-v lists them)");
    printf("%ld passed, %ld failed, %ld skipped\n", t.passed, t.failed, t.skipped);
    for (k = 0; k < opt.n_skips; k++) {
        free(opt.skips[k].path);
        free(opt.skips[k].reason);
    }
    free(opt.skips);
    return t.failed ? 1 : 0;
}
