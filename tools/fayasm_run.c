/*
 * fayasm_run.c - run a WebAssembly module from the command line.
 *
 * Stage: tool; uses only the public API (fayasm.h) and, when built with it,
 * the WASI library (fayasm_wasi.h).
 * Main data structure: cli_options, filled once from argv by parse_options;
 * everything after that reads it and never looks at argv again.
 * Two modes:
 *   invoke   fayasm_run [OPTIONS] MODULE EXPORT [ARGS...]   (or --invoke NAME)
 *            calls one exported function and prints its results;
 *   command  fayasm_run [OPTIONS] MODULE [ARGS...]          (module exports _start)
 *            runs a WASI command; ARGS go to the program, proc_exit's code
 *            becomes the exit status.
 * Invariants: options are only recognised before MODULE (so program arguments
 * and negative numbers pass through untouched); every failure prints one line
 * on stderr and maps to one exit code (see EXIT_* and --help).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, pthread_cond_timedwait */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef FAYASM_HAVE_PTHREAD
#include <pthread.h>
#include <time.h>
#endif

#include "fayasm.h"
#include "values.h"

#ifdef FAYASM_HAVE_WASI
#include "fayasm_wasi.h"
#endif

#define PROG "fayasm_run"

enum {
    EXIT_OK = 0,
    EXIT_TRAP = 1,  /* the wasm code trapped */
    EXIT_ERROR = 2, /* usage, I/O, load, validation or link error */
};

#define WASI_MODULE "wasi_snapshot_preview1"

/* ---------------------------------------------------------------- options */

typedef struct cli_options {
    const char *module_path;
    const char *invoke; /* --invoke NAME, or NULL */
    int n_positional;   /* the arguments after MODULE */
    char **positional;
    const char **dirs; /* --dir values, HOST[::GUEST] */
    uint32_t n_dirs;
    const char **envs; /* --env values, NAME=VALUE */
    int n_envs;
    const char **native_libs; /* --native-lib values, PATH[::MODULE] */
    int n_native_libs;
    double timeout; /* --timeout SECONDS, 0 = none */
    fa_config config;
    int show_help;
    int show_version;
    int code_stats; /* --code-stats */
    int op_stats;   /* --stats */
    int dump;       /* --dump */
} cli_options;

static void print_usage_line(FILE *f)
{
    fprintf(f, "usage: " PROG " [OPTIONS] MODULE.wasm [EXPORT] [ARGS...]  (see " PROG " --help)\n");
}

static void print_help(FILE *f)
{
    fputs("usage: " PROG " [OPTIONS] MODULE.wasm EXPORT [ARGS...]\n"
          "       " PROG " [OPTIONS] --invoke NAME MODULE.wasm [ARGS...]\n"
          "       " PROG " [OPTIONS] MODULE.wasm [ARGS...]      (WASI command: exports _start)\n"
          "\n"
          "Loads, validates and instantiates MODULE.wasm (\"-\" reads standard input), then\n"
          "either calls the exported function EXPORT with ARGS and prints its results, or,\n"
          "when the module exports _start and no --invoke is given, runs it as a WASI\n"
          "command: ARGS go to the program (argv[0] is MODULE.wasm) and the program's\n"
          "proc_exit code becomes the exit status. Use --invoke to call another export of\n"
          "a module that has _start. Options must come before MODULE.wasm.\n"
          "\n"
          "Options:\n"
          "  --invoke NAME          call the export NAME (all ARGS are its arguments)\n"
          "  --dir HOST[::GUEST]    WASI: give the program the host directory HOST, seen as\n"
          "                         GUEST (default: HOST itself); repeatable\n"
          "  --env NAME=VALUE       WASI: set an environment variable; repeatable\n"
          "  --max-call-depth N     trap \"call stack exhausted\" beyond N frames (N >= 1)\n"
          "  --stack-slots N        size of the value stack in 64-bit slots (N >= 1)\n"
          "  --max-memory-pages N   cap every memory at N 64 KiB pages (0 = the module's limit)\n"
          "  --max-table-elems N    cap every table at N entries (0 = the module's limit)\n"
          "  --fuel N               trap \"out of fuel\" after N units per call (a unit is a\n"
          "                         function entry, a loop iteration, or 4 KiB / 512 table\n"
          "                         entries of a bulk instruction; 0 = unlimited)\n"
          "  --timeout SECONDS      interrupt the run after SECONDS (decimals allowed); it\n"
          "                         traps \"interrupted\" (needs a build with threads)\n"
          "  --native-lib PATH[::MODULE]  bind the functions a shared library lists in its\n"
          "                         fa_native_exports table as imports of MODULE (default:\n"
          "                         the library's fa_native_module, else \"env\"); repeatable.\n"
          "                         See fa_runtime_define_native_lib in fayasm.h\n"
          "  --eager                translate all functions at load instead of on first call\n"
          "  --lazy-validation      validate each function body on its first call instead of\n"
          "                         at load (faster start for trusted modules; an invalid\n"
          "                         body traps \"invalid function\" when first called)\n"
          "  --load-threads N       validate function bodies at load on up to N threads\n"
          "                         (0 = one per CPU, the default; 1 = none; a module\n"
          "                         under 512 KiB of code always uses one)\n"
          "  --code-cache BYTES     keep at most BYTES of translated code: past it, drop the\n"
          "                         translations of functions not running (oldest first)\n"
          "                         and translate them again when called (0 = no limit)\n"
          "  --code-stats           after the run, print on stderr the size of the internal\n"
          "                         code of the functions translated (all with --eager)\n"
          "  --stats                after the run, print on stderr how often each internal\n"
          "                         instruction ran (needs a library built with\n"
          "                         -DFAYASM_STATS; other builds say so and exit 2)\n"
          "  --dump                 after the run, print the internal code of the translated\n"
          "                         functions on stderr (all with --eager)\n"
          "  --version              print the version and exit\n"
          "  -h, --help             print this help and exit\n"
          "  --                     end of options (the next argument is MODULE.wasm)\n"
          "Options taking a value also accept --option=VALUE. N is a decimal number.\n"
          "\n"
          "Arguments (TYPE:VALUE; the TYPE: prefix may be left out, then the value is read\n"
          "as the parameter's type):\n"
          "  i32:N  i64:N           decimal or 0x-hex, optional sign (i32:-7, i64:0xff);\n"
          "                         unsigned values are accepted too (i32:0xffffffff = -1)\n"
          "  f32:X  f64:X           decimal or hex float (f32:1.5, f64:0x1p-3, f64:1e300),\n"
          "                         inf, -inf, nan, -nan, nan:0xPAYLOAD (f32:nan:0x200000)\n"
          "  v128:0xHEX             128-bit integer, up to 32 hex digits\n"
          "  v128:SHAPE:A,B,...     lanes, lane 0 first; SHAPE is i8x16 i16x8 i32x4 i64x2\n"
          "                         f32x4 or f64x2 (v128:i32x4:1,2,3,4)\n"
          "  funcref:null  externref:null  externref:N   (N >= 0, an opaque host reference)\n"
          "The number and types of ARGS must match the function's parameters.\n"
          "\n"
          "Output: one line per result on stdout, e.g. \"result[0] (i32): 42\".\n"
          "Integers print in signed decimal; floats as the shortest decimal that reads back\n"
          "to the same bits, inf/-inf, and nan/-nan with :0xPAYLOAD when the payload is not\n"
          "the canonical one; v128 as i32x4:0x........,... (lane 0 first); references as\n"
          "null or ref.\n"
          "\n"
          "Exit status:\n"
          "  0    success\n"
          "  1    the module trapped (\"trap: MESSAGE\" on stderr, then the backtrace:\n"
          "       one \"  #N FUNCTION at 0xOFFSET\" line per frame, innermost first)\n"
          "  2    bad usage or argument, unreadable file, malformed or invalid module, or\n"
          "       link error (\"error: MESSAGE [(at byte offset N)]\" on stderr)\n"
          "  N    a WASI program called proc_exit(N) (N in 0..255; other codes give 1)\n",
          f);
}

/* Reports a usage problem and returns EXIT_ERROR. */
static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "error: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    print_usage_line(stderr);
    return EXIT_ERROR;
}

/* Parses a decimal count in [min, max]. */
static int parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    if (v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/*
 * If argv[*i] is the option `name` (as "--name VALUE" or "--name=VALUE"),
 * stores its value and returns 1 (advancing *i past a separate value);
 * returns 0 if it is another option, -1 if the value is missing.
 */
static int option_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

/* The options that take a number, with their limits and the config field they set. */
typedef enum {
    NUM_DEPTH,
    NUM_SLOTS,
    NUM_PAGES,
    NUM_TABLE,
    NUM_FUEL,
    NUM_CODE_CACHE,
    NUM_LOAD_THREADS
} num_option;

static const struct {
    const char *name;
    num_option which;
    uint64_t min, max;
} number_options[] = {
    {"--max-call-depth", NUM_DEPTH, 1, UINT32_MAX},
    {"--stack-slots", NUM_SLOTS, 1, (uint64_t)(SIZE_MAX / 16)},
    {"--max-memory-pages", NUM_PAGES, 0, UINT64_MAX},
    {"--max-table-elems", NUM_TABLE, 0, UINT64_MAX},
    {"--fuel", NUM_FUEL, 0, UINT64_MAX},
    {"--code-cache", NUM_CODE_CACHE, 0, (uint64_t)SIZE_MAX},
    {"--load-threads", NUM_LOAD_THREADS, 0, 1024},
};

static void set_number(fa_config *cfg, num_option which, uint64_t v)
{
    switch (which) {
    case NUM_DEPTH: cfg->max_call_depth = (uint32_t)v; break;
    case NUM_SLOTS: cfg->stack_slots = (size_t)v; break;
    case NUM_PAGES: cfg->max_memory_pages = v; break;
    case NUM_TABLE: cfg->max_table_elems = v; break;
    case NUM_FUEL: cfg->fuel = v; break;
    case NUM_CODE_CACHE: cfg->code_cache_bytes = (size_t)v; break;
    case NUM_LOAD_THREADS: cfg->load_threads = (uint32_t)v; break;
    }
}

/*
 * Handles the option argv[*i]. Returns 0 when consumed, or an exit code
 * after printing the problem.
 */
static int parse_one_option(int argc, char **argv, int *i, cli_options *o)
{
    const char *arg = argv[*i];
    const char *value;
    int r;

    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        o->show_help = 1;
        return 0;
    }
    if (strcmp(arg, "--version") == 0) {
        o->show_version = 1;
        return 0;
    }
    if (strcmp(arg, "--lazy-validation") == 0) {
        o->config.lazy_validation = 1;
        return 0;
    }
    if (strcmp(arg, "--eager") == 0) {
        o->config.eager_compile = 1;
        return 0;
    }
    if (strcmp(arg, "--code-stats") == 0) {
        o->code_stats = 1;
        return 0;
    }
    if (strcmp(arg, "--stats") == 0) {
        if (fa_runtime_op_stat(NULL, 0, NULL, NULL) < 0) {
            fprintf(stderr, "error: --stats needs a library built with -DFAYASM_STATS "
                            "(e.g. cmake -DCMAKE_C_FLAGS=-DFAYASM_STATS)\n");
            return EXIT_ERROR;
        }
        o->op_stats = 1;
        return 0;
    }
    if (strcmp(arg, "--dump") == 0) {
        o->dump = 1;
        return 0;
    }
    if ((r = option_value(argc, argv, i, "--invoke", &value)) != 0) {
        if (r < 0)
            return usage_error("option '%s' needs a value", arg);
        if (!*value)
            return usage_error("option '--invoke' needs a non-empty export name%s", "");
        o->invoke = value;
        return 0;
    }
    if ((r = option_value(argc, argv, i, "--dir", &value)) != 0) {
        if (r < 0)
            return usage_error("option '%s' needs a value", arg);
        if (!*value || strncmp(value, "::", 2) == 0)
            return usage_error("bad --dir value '%s' (expected HOST_DIR[::GUEST_DIR])", value);
        o->dirs[o->n_dirs++] = value;
        return 0;
    }
    if ((r = option_value(argc, argv, i, "--native-lib", &value)) != 0) {
        if (r < 0)
            return usage_error("option '%s' needs a value", arg);
        if (!*value || strncmp(value, "::", 2) == 0)
            return usage_error("bad --native-lib value '%s' (expected PATH[::MODULE])", value);
        o->native_libs[o->n_native_libs++] = value;
        return 0;
    }
    if ((r = option_value(argc, argv, i, "--timeout", &value)) != 0) {
        if (r < 0)
            return usage_error("option '%s' needs a value", arg);
        char *end = NULL;
        double t = strtod(value, &end);
        if (!*value || *end || !(t > 0) || t > 1e9)
            return usage_error("bad value '%s' for --timeout (expected seconds > 0)", value);
#ifndef FAYASM_HAVE_PTHREAD
        fprintf(stderr, "error: --timeout is unsupported: this build has no threads\n");
        return EXIT_ERROR;
#else
        o->timeout = t;
        return 0;
#endif
    }
    if ((r = option_value(argc, argv, i, "--env", &value)) != 0) {
        if (r < 0)
            return usage_error("option '%s' needs a value", arg);
        if (value[0] == '=' || !strchr(value, '='))
            return usage_error("bad --env value '%s' (expected NAME=VALUE)", value);
        o->envs[o->n_envs++] = value;
        return 0;
    }
    for (size_t k = 0; k < sizeof number_options / sizeof number_options[0]; k++) {
        r = option_value(argc, argv, i, number_options[k].name, &value);
        if (r == 0)
            continue;
        if (r < 0)
            return usage_error("option '%s' needs a value", arg);
        uint64_t v;
        if (parse_count(value, number_options[k].min, number_options[k].max, &v) != 0) {
            fprintf(stderr, "error: bad value '%s' for %s (expected a number", value,
                    number_options[k].name);
            if (number_options[k].min > 0 || number_options[k].max < UINT64_MAX)
                fprintf(stderr, " from %" PRIu64 " to %" PRIu64, number_options[k].min,
                        number_options[k].max);
            fprintf(stderr, ")\n");
            print_usage_line(stderr);
            return EXIT_ERROR;
        }
        set_number(&o->config, number_options[k].which, v);
        return 0;
    }
    return usage_error("unknown option '%s'", arg);
}

/*
 * Fills *o from argv. Returns -1 to go on, or an exit code (after printing
 * what went wrong).
 */
static int parse_options(int argc, char **argv, cli_options *o)
{
    memset(o, 0, sizeof *o);
    fa_config_default(&o->config);
    /* each option uses at least one argv slot, so argc bounds both lists */
    o->dirs = calloc((size_t)argc + 1, sizeof *o->dirs);
    o->envs = calloc((size_t)argc + 1, sizeof *o->envs);
    o->native_libs = calloc((size_t)argc + 1, sizeof *o->native_libs);
    if (!o->dirs || !o->envs || !o->native_libs) {
        fprintf(stderr, "error: out of memory\n");
        return EXIT_ERROR;
    }
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0') /* "-" is a path: standard input */
            break;
        int rc = parse_one_option(argc, argv, &i, o);
        if (rc != 0)
            return rc;
    }
    if (o->show_help || o->show_version)
        return -1;
    if (i >= argc)
        return usage_error("no module given%s", "");
    o->module_path = argv[i++];
    o->positional = argv + i;
    o->n_positional = argc - i;
    return -1;
}

static void free_options(cli_options *o)
{
    free(o->dirs);
    free(o->envs);
    free(o->native_libs);
}

/* ---------------------------------------------------------------- errors */

/* Prints a load/validation/link/API error: "error: MESSAGE (at byte offset N)". */
static int report_error(const fa_error *err)
{
    const char *msg = err->message[0] ? err->message : fa_result_name(err->code);
    fprintf(stderr, "error: %s", msg);
    if (err->offset != FA_NO_OFFSET)
        fprintf(stderr, " (at byte offset %" PRIu64 ")", err->offset);
    fputc('\n', stderr);
    return EXIT_ERROR;
}

/* Maps the failure of a call (or of instantiation) to the exit status; a
 * trap prints its message and the backtrace under it. */
static int report_call_failure(fa_runtime *rt, const fa_error *err)
{
    if (err->code != FA_ERR_TRAP)
        return report_error(err);
    if (err->trap == FA_TRAP_EXIT) /* proc_exit: not an error, the program's status */
        return err->exit_code >= 0 && err->exit_code <= 255 ? err->exit_code : EXIT_TRAP;
    const char *msg = err->message[0] ? err->message : fa_trap_message(err->trap);
    fprintf(stderr, "trap: %s\n", msg);
    size_t n = fa_runtime_backtrace_format(rt, NULL, 0);
    char *bt = n ? malloc(n + 1) : NULL;
    if (bt) {
        fa_runtime_backtrace_format(rt, bt, n + 1);
        fputs(bt, stderr);
        free(bt);
    }
    return EXIT_TRAP;
}

/* ---------------------------------------------------------------- timeout */

#ifdef FAYASM_HAVE_PTHREAD
/* A watchdog thread: interrupts the runtime when the deadline passes, or
 * exits early when the run finishes first (done, signalled through cv). */
typedef struct watchdog {
    fa_runtime *rt;
    struct timespec deadline;
    pthread_mutex_t lock;
    pthread_cond_t cv;
    int done;
    int fired;
} watchdog;

static void *watchdog_main(void *arg)
{
    watchdog *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->done) {
        if (pthread_cond_timedwait(&w->cv, &w->lock, &w->deadline) == ETIMEDOUT) {
            if (!w->done) {
                fa_runtime_interrupt(w->rt);
                w->fired = 1;
            }
            break;
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static int watchdog_start(watchdog *w, fa_runtime *rt, double seconds, pthread_t *th)
{
    memset(w, 0, sizeof *w);
    w->rt = rt;
    clock_gettime(CLOCK_REALTIME, &w->deadline);
    double whole = (double)(long)seconds;
    w->deadline.tv_sec += (time_t)whole;
    w->deadline.tv_nsec += (long)((seconds - whole) * 1e9);
    if (w->deadline.tv_nsec >= 1000000000L) {
        w->deadline.tv_sec++;
        w->deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(th, NULL, watchdog_main, w) != 0) {
        fprintf(stderr, "error: cannot start the --timeout thread\n");
        return -1;
    }
    return 0;
}

static void watchdog_stop(watchdog *w, pthread_t th)
{
    pthread_mutex_lock(&w->lock);
    w->done = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->lock);
    pthread_join(th, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->lock);
}
#endif

/* ---------------------------------------------------------------- module */

/* Reads the whole file (or standard input for "-"). NULL after printing on failure. */
static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "error: cannot open '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = !buf || ferror(f);
    if (failed)
        fprintf(stderr, "error: cannot read '%s': %s\n", path,
                buf ? strerror(errno) : "out of memory");
    if (f != stdin)
        fclose(f);
    if (failed) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Finds the export `name` in the module; returns 0 and its type, or -1. */
static int find_export(const fa_module *m, const char *name, fa_extern_type *type)
{
    uint32_t n = fa_module_n_exports(m);
    for (uint32_t i = 0; i < n; i++) {
        const char *ename;
        if (fa_module_export(m, i, &ename, type) == FA_OK && strcmp(ename, name) == 0)
            return 0;
    }
    return -1;
}

static int imports_wasi(const fa_module *m)
{
    uint32_t n = fa_module_n_imports(m);
    for (uint32_t i = 0; i < n; i++) {
        const char *mod, *name;
        fa_extern_type type;
        if (fa_module_import(m, i, &mod, &name, &type) == FA_OK && strcmp(mod, WASI_MODULE) == 0)
            return 1;
    }
    return 0;
}

/* Writes "(i32, f64)" for a type list into buf. */
static const char *type_list(const fa_valtype *types, uint32_t n, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "(");
    for (uint32_t i = 0; i < n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                                 fa_tool_valtype_name(types[i]));
    if (used < len)
        snprintf(buf + used, len - used, ")");
    return buf;
}

/*
 * Parses the call arguments against the signature. Returns 0, or EXIT_ERROR
 * after printing which argument is wrong.
 */
static int parse_call_args(const char *fname, const fa_functype *ft, char **texts, int n,
                           fa_value *args)
{
    char buf[256], err[256];
    if ((uint32_t)n != ft->n_params) {
        fprintf(stderr, "error: '%s' expects %" PRIu32 " argument%s %s, got %d\n", fname,
                ft->n_params, ft->n_params == 1 ? "" : "s",
                type_list(ft->params, ft->n_params, buf, sizeof buf), n);
        return EXIT_ERROR;
    }
    for (int i = 0; i < n; i++) {
        fa_valtype want = ft->params[i];
        if (fa_tool_parse_value(texts[i], want, &args[i], err, sizeof err) != 0) {
            if (strncmp(texts[i], "--", 2) == 0)
                fprintf(stderr, "error: argument %d: %s (options must come before MODULE)\n", i + 1,
                        err);
            else
                fprintf(stderr, "error: argument %d: %s\n", i + 1, err);
            return EXIT_ERROR;
        }
        if (args[i].type != want) {
            fprintf(stderr, "error: argument %d of '%s' has type %s, expected %s\n", i + 1, fname,
                    fa_tool_valtype_name(args[i].type), fa_tool_valtype_name(want));
            return EXIT_ERROR;
        }
    }
    return 0;
}

static void print_results(const fa_value *results, uint32_t n)
{
    char buf[FA_TOOL_VALUE_MAX];
    for (uint32_t i = 0; i < n; i++)
        printf("result[%" PRIu32 "] (%s): %s\n", i, fa_tool_valtype_name(results[i].type),
               fa_tool_format_value(&results[i], buf, sizeof buf));
    fflush(stdout);
}

/* ---------------------------------------------------------------- WASI */

#ifdef FAYASM_HAVE_WASI
/*
 * Creates the WASI context with the program's argv (argv[0] = module path),
 * the --env strings and the --dir preopens, and defines its imports.
 */
static int setup_wasi(fa_runtime *rt, const cli_options *o, int prog_argc, char **prog_argv,
                      fa_wasi **out)
{
    fa_wasi_config cfg;
    fa_wasi_config_default(&cfg);
    const char **argv = calloc((size_t)prog_argc + 1, sizeof *argv);
    fa_wasi_preopen *pre = calloc((size_t)o->n_dirs + 1, sizeof *pre);
    char **hosts = calloc((size_t)o->n_dirs + 1, sizeof *hosts);
    int rc = EXIT_ERROR;
    if (!argv || !pre || !hosts) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    argv[0] = o->module_path;
    for (int i = 1; i < prog_argc; i++)
        argv[i] = prog_argv[i - 1];
    for (uint32_t i = 0; i < o->n_dirs; i++) {
        const char *sep = strstr(o->dirs[i], "::");
        size_t host_len = sep ? (size_t)(sep - o->dirs[i]) : strlen(o->dirs[i]);
        hosts[i] = malloc(host_len + 1);
        if (!hosts[i]) {
            fprintf(stderr, "error: out of memory\n");
            goto done;
        }
        memcpy(hosts[i], o->dirs[i], host_len);
        hosts[i][host_len] = '\0';
        pre[i].host_path = hosts[i];
        pre[i].guest_path = sep ? sep + 2 : hosts[i];
    }
    cfg.argc = prog_argc;
    cfg.argv = argv;
    cfg.envc = o->n_envs;
    cfg.envp = o->envs;
    cfg.n_preopens = o->n_dirs;
    cfg.preopens = pre;
    fa_error err;
    if (fa_wasi_new(rt, &cfg, out, &err) != FA_OK) {
        report_error(&err);
        goto done;
    }
    if (fa_wasi_define(*out) != FA_OK) {
        fprintf(stderr, "error: cannot define the WASI imports\n");
        goto done;
    }
    rc = 0;
done:
    for (uint32_t i = 0; hosts && i < o->n_dirs; i++)
        free(hosts[i]);
    free(hosts);
    free(pre);
    free(argv);
    return rc;
}
#endif

/* ---------------------------------------------------------------- running */

/* Calls `name` with the argument texts and prints the results. */
static int invoke(fa_runtime *rt, fa_instance *inst, const char *name, const fa_functype *ft,
                  char **texts, int n_texts)
{
    fa_value *args = calloc((size_t)ft->n_params + 1, sizeof *args);
    fa_value *results = calloc((size_t)ft->n_results + 1, sizeof *results);
    int rc = EXIT_ERROR;
    fa_error err;
    if (!args || !results) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    rc = parse_call_args(name, ft, texts, n_texts, args);
    if (rc != 0)
        goto done;
    fa_func *f = fa_instance_func(inst, name);
    if (!f) {
        fprintf(stderr, "error: export '%s' is not a function\n", name);
        rc = EXIT_ERROR;
        goto done;
    }
    fflush(stdout);
    if (fa_func_call(f, args, ft->n_params, results, ft->n_results, &err) != FA_OK) {
        rc = report_call_failure(rt, &err);
        goto done;
    }
    print_results(results, ft->n_results);
    rc = EXIT_OK;
done:
    free(args);
    free(results);
    return rc;
}

/* Looks up `name` as an exported function of m (before instantiation, so a
 * typo is reported without running the start function). */
static int lookup_function(const fa_module *m, const char *name, fa_functype *ft)
{
    fa_extern_type type;
    if (find_export(m, name, &type) != 0) {
        fprintf(stderr, "error: unknown export '%s'\n", name);
        return EXIT_ERROR;
    }
    if (type.kind != FA_EXTERN_FUNC) {
        fprintf(stderr, "error: export '%s' is not a function\n", name);
        return EXIT_ERROR;
    }
    *ft = type.func;
    return 0;
}

/* Op counts, sorted by count, for print_diagnostics. */
typedef struct op_count {
    const char *name;
    uint64_t count;
} op_count;

static int by_count_desc(const void *a, const void *b)
{
    uint64_t x = ((const op_count *)a)->count, y = ((const op_count *)b)->count;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* --code-stats, --stats, --dump: printed on stderr after the run. */
static void print_diagnostics(const cli_options *o, fa_runtime *rt, const fa_module *m)
{
    fflush(stdout);
    if (o->dump)
        fa_module_dump_code(m, stderr);
    if (o->code_stats) {
        uint64_t cb = 0, wb = 0;
        uint32_t n = 0;
        fa_module_code_stats(m, &cb, &wb, &n);
        fprintf(stderr,
                "code-stats: %" PRIu64 " bytes of code for %" PRIu64
                " bytes of wasm (%.2fx), %" PRIu32 " functions translated\n",
                cb, wb, wb ? (double)cb / (double)wb : 0.0, n);
        uint64_t held = 0, tr = 0, drops = 0;
        fa_runtime_code_cache_stats(rt, &held, &tr, &drops);
        fprintf(stderr,
                "code-cache: %" PRIu64 " bytes held, %" PRIu64 " translations, %" PRIu64
                " dropped\n",
                held, tr, drops);
    }
    if (o->op_stats) {
        uint32_t n = 0;
        while (fa_runtime_op_stat(rt, n, NULL, NULL) == 1)
            n++;
        op_count *v = calloc(n ? n : 1, sizeof *v);
        if (!v)
            return;
        uint64_t total = 0;
        for (uint32_t i = 0; i < n; i++) {
            fa_runtime_op_stat(rt, i, &v[i].name, &v[i].count);
            total += v[i].count;
        }
        qsort(v, n, sizeof *v, by_count_desc);
        fprintf(stderr, "stats: %" PRIu64 " internal instructions executed\n", total);
        for (uint32_t i = 0; i < n && v[i].count; i++)
            fprintf(stderr, "stats: %14" PRIu64 " %6.2f%%  %s\n", v[i].count,
                    total ? 100.0 * (double)v[i].count / (double)total : 0.0, v[i].name);
        free(v);
    }
}

static int run(const cli_options *o)
{
    /* A file is loaded by fa_module_load_file, which reads it straight into
     * the module's own buffer (no second copy of a large module) and words
     * a failure as the CLI does ("cannot open 'PATH': reason"). Standard
     * input is read here and copied by fa_module_load. */
    size_t len = 0;
    uint8_t *bytes = NULL;
    int from_stdin = strcmp(o->module_path, "-") == 0;
    if (from_stdin) {
        bytes = read_file(o->module_path, &len);
        if (!bytes)
            return EXIT_ERROR;
    }

    int rc = EXIT_ERROR;
    fa_error err;
    fa_module *m = NULL;
    fa_instance *inst = NULL;
#ifdef FAYASM_HAVE_WASI
    fa_wasi *wasi = NULL;
#endif
    fa_runtime *rt = fa_runtime_new(&o->config);
    if (!rt) {
        fprintf(stderr, "error: cannot create the runtime (out of memory or bad limits)\n");
        goto done;
    }
    if ((from_stdin ? fa_module_load(rt, bytes, len, &m, &err)
                    : fa_module_load_file(rt, o->module_path, &m, &err)) != FA_OK) {
        rc = report_error(&err);
        goto done;
    }
    free(bytes); /* stdin: the module has its own copy */
    bytes = NULL;

    /* Decide the mode: --invoke NAME, a WASI command, or EXPORT as first argument. */
    fa_extern_type start_type;
    int command = !o->invoke && find_export(m, "_start", &start_type) == 0 &&
                  start_type.kind == FA_EXTERN_FUNC;
    const char *fname = o->invoke;
    char **call_args = o->positional;
    int n_call_args = o->n_positional;
    if (command) {
        fname = "_start";
        n_call_args = 0;
    } else if (!fname) {
        if (o->n_positional == 0) {
            rc = usage_error("no EXPORT given and '%s' does not export _start", o->module_path);
            goto done;
        }
        fname = o->positional[0];
        call_args++;
        n_call_args--;
    }
    fa_functype ft;
    if ((rc = lookup_function(m, fname, &ft)) != 0)
        goto done;
    rc = EXIT_ERROR;

    if (command || imports_wasi(m)) {
#ifdef FAYASM_HAVE_WASI
        int prog_argc = command ? o->n_positional + 1 : 1;
        if (setup_wasi(rt, o, prog_argc, o->positional, &wasi) != 0)
            goto done;
#else
        fprintf(stderr, "error: WASI support not built\n");
        goto done;
#endif
    }

    for (int i = 0; i < o->n_native_libs; i++) {
        const char *spec = o->native_libs[i], *sep = strstr(spec, "::");
        size_t path_len = sep ? (size_t)(sep - spec) : strlen(spec);
        char *path = malloc(path_len + 1);
        if (!path) {
            fprintf(stderr, "error: out of memory\n");
            goto done;
        }
        memcpy(path, spec, path_len);
        path[path_len] = '\0';
        fa_result r = fa_runtime_define_native_lib(rt, path, sep ? sep + 2 : NULL, &err);
        free(path);
        if (r != FA_OK) {
            rc = report_error(&err);
            goto done;
        }
    }

#ifdef FAYASM_HAVE_PTHREAD
    /* The watchdog covers instantiation (start function) and the call. */
    watchdog dog;
    pthread_t dog_thread;
    int dog_on = 0;
    if (o->timeout > 0) {
        if (watchdog_start(&dog, rt, o->timeout, &dog_thread) != 0)
            goto done;
        dog_on = 1;
    }
#endif
    if (fa_instance_new(rt, m, &inst, &err) != FA_OK)
        rc = report_call_failure(rt, &err);
    else
        rc = invoke(rt, inst, fname, &ft, call_args, n_call_args);
#ifdef FAYASM_HAVE_PTHREAD
    if (dog_on) {
        watchdog_stop(&dog, dog_thread);
        if (dog.fired && rc == EXIT_TRAP)
            fprintf(stderr, "note: stopped by --timeout after %g seconds\n", o->timeout);
    }
#endif
done:
    if (m)
        print_diagnostics(o, rt, m);
    fa_runtime_free(rt);
#ifdef FAYASM_HAVE_WASI
    fa_wasi_free(wasi);
#endif
    free(bytes);
    return rc;
}

int main(int argc, char **argv)
{
    cli_options opts;
    int rc = parse_options(argc, argv, &opts);
    if (rc < 0) {
        if (opts.show_help) {
            print_help(stdout);
            rc = EXIT_OK;
        } else if (opts.show_version) {
            printf(PROG " " FA_VERSION_STRING "\n");
            rc = EXIT_OK;
        } else {
            rc = run(&opts);
        }
    }
    free_options(&opts);
    return rc;
}
