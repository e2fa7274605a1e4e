/*
 * test_load_threads.c - fa_config.load_threads: a module with megabytes of
 * code is validated on several threads (builds with FAYASM_THREADS), and
 * the outcome must be the one a single thread gives: the same result code,
 * message and offset, naming the first invalid body in index order however
 * the bodies were shared out. Built without threads, both sides run on one
 * thread and the checks still hold.
 *
 * The modules are generated here: N functions (param i32), each a run of
 * `local.get 0; i32.const K; i32.add; local.set 0` and `end`; a body can
 * be made invalid (type mismatch, unknown local) or malformed (an unknown
 * opcode) at a chosen instruction.
 *
 * The same holds loading from a file, for errors outside the bodies, and
 * for modules damaged at random.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"
#include "harness.h"

#define N_FUNCS 3000u
#define STEPS 150u /* 7 bytes each: ~1 KiB per body, ~3 MB in all */

enum { BODY_OK, BODY_TYPE_MISMATCH, BODY_UNKNOWN_LOCAL, BODY_BAD_OPCODE };

typedef struct gen {
    uint8_t *p;
    size_t n, cap;
    uint64_t body_off[N_FUNCS]; /* module offset of each body's first byte */
} gen;

static void put(gen *g, const void *src, size_t n)
{
    if (g->n + n > g->cap) {
        g->cap = (g->n + n) * 2;
        g->p = realloc(g->p, g->cap);
        if (!g->p) {
            perror("test_load_threads");
            exit(1);
        }
    }
    memcpy(g->p + g->n, src, n);
    g->n += n;
}

static void byte(gen *g, unsigned v)
{
    uint8_t c = (uint8_t)v;
    put(g, &c, 1);
}

static void uleb(gen *g, uint64_t v)
{
    do {
        uint8_t c = v & 0x7F;
        v >>= 7;
        if (v)
            c |= 0x80;
        put(g, &c, 1);
    } while (v);
}

/* One body; `bad` spoils it at step `at`. */
static void body(gen *g, int bad, unsigned at)
{
    gen b = {0};
    byte(&b, 0); /* no locals besides the param */
    for (unsigned s = 0; s < STEPS; s++) {
        byte(&b, 0x20); /* local.get 0 */
        byte(&b, 0);
        if (s == at && bad == BODY_TYPE_MISMATCH)
            byte(&b, 0x42); /* i64.const: i32.add then sees an i64 */
        else
            byte(&b, 0x41); /* i32.const */
        byte(&b, 0x05);
        byte(&b, 0x6a); /* i32.add */
        byte(&b, 0x21); /* local.set */
        if (s == at && bad == BODY_UNKNOWN_LOCAL)
            byte(&b, 9);
        else if (s == at && bad == BODY_BAD_OPCODE)
            byte(&b, 0); /* then the next byte starts the next step */
        else
            byte(&b, 0);
        if (s == at && bad == BODY_BAD_OPCODE)
            byte(&b, 0xFF); /* no such opcode */
    }
    byte(&b, 0x0B);
    uleb(g, b.n);
    put(g, b.p, b.n);
    free(b.p);
}

/* Variations outside the bodies (build_ex). */
typedef struct shape {
    unsigned bad_type_func; /* function with type index 7 (none exists), or 0: none */
    unsigned fewer_bodies;  /* code entries missing at the end */
    const uint8_t *tail;    /* bytes after the code section */
    size_t tail_len;
} shape;

/* The module, with body i spoiled as bad[i] says at step at[i] (NULL: all
 * fine; at NULL: step 77), shaped outside the bodies as sh says. */
static void build_ex(gen *g, const int *bad, const unsigned *at, const shape *sh)
{
    static const uint8_t head[] = {0, 'a', 's', 'm',  1, 0,    0, 0,
                                   1, 5,   1,   0x60, 1, 0x7F, 0}; /* type 0: (i32) -> () */
    g->n = 0;
    put(g, head, sizeof head);
    gen s = {0};
    uleb(&s, N_FUNCS);
    for (unsigned i = 0; i < N_FUNCS; i++)
        byte(&s, sh->bad_type_func && i == sh->bad_type_func ? 7 : 0);
    byte(g, 3);
    uleb(g, s.n);
    put(g, s.p, s.n);
    s.n = 0;
    uleb(&s, N_FUNCS - sh->fewer_bodies);
    for (unsigned i = 0; i < N_FUNCS - sh->fewer_bodies; i++) {
        size_t before = s.n;
        body(&s, bad ? bad[i] : BODY_OK, at ? at[i] : 77);
        g->body_off[i] = before; /* relative to the section contents for now */
    }
    byte(g, 10);
    uleb(g, s.n);
    size_t code_start = g->n;
    put(g, s.p, s.n);
    for (unsigned i = 0; i < N_FUNCS - sh->fewer_bodies; i++)
        g->body_off[i] += code_start;
    if (sh->tail_len)
        put(g, sh->tail, sh->tail_len);
    free(s.p);
}

/* build_ex with nothing shaped outside the bodies. */
static void build_at(gen *g, const int *bad, const unsigned *at)
{
    static const shape plain;
    build_ex(g, bad, at, &plain);
}

typedef struct outcome {
    fa_result res;
    fa_error err;
} outcome;

static fa_runtime *runtime_with(uint32_t threads)
{
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.load_threads = threads;
    fa_runtime *rt = fa_runtime_new(&cfg);
    CHECK(rt != NULL);
    return rt;
}

/* Loads g's bytes (path NULL) or the file at path with `threads`. */
static outcome load_with(const gen *g, const char *path, uint32_t threads)
{
    outcome o;
    memset(&o, 0, sizeof o);
    fa_runtime *rt = runtime_with(threads);
    if (!rt) {
        o.res = FA_ERR_OOM;
        return o;
    }
    fa_module *m = NULL;
    o.res = path ? fa_module_load_file(rt, path, &m, &o.err)
                 : fa_module_load(rt, g->p, g->n, &m, &o.err);
    CHECK((o.res == FA_OK) == (m != NULL));
    fa_runtime_free(rt);
    return o;
}

/* The same result code, message and offset. */
static void check_same(outcome o, outcome want)
{
    CHECK_EQ_INT(o.res, want.res);
    CHECK_EQ_STR(o.err.message, want.err.message);
    CHECK_EQ_INT(o.err.offset, want.err.offset);
}

/* Loads g with 1, 2, 8 and the default (0) threads: all four agree. */
static outcome load_all_ways(const gen *g)
{
    outcome one = load_with(g, NULL, 1);
    static const uint32_t others[] = {2, 8, 0};
    for (unsigned k = 0; k < sizeof others / sizeof others[0]; k++)
        check_same(load_with(g, NULL, others[k]), one);
    return one;
}

/* The outcome is result `res` with a message containing `msg` (NULL: not
 * checked). */
static void check_result(outcome o, fa_result res, const char *msg)
{
    CHECK_EQ_INT(o.res, res);
    if (msg && !strstr(o.err.message, msg)) {
        fprintf(stderr, "  got \"%s\", want \"%s\"\n", o.err.message, msg);
        CHECK(!"message");
    }
}

/* The error lies inside body i. */
static int in_body(const gen *g, unsigned i, uint64_t off)
{
    uint64_t end = i + 1 < N_FUNCS ? g->body_off[i + 1] : g->n;
    return off > g->body_off[i] && off < end;
}

/* Builds g with bad/at (see build_at), loads it every way and checks the
 * outcome: result `res`, a message containing `msg` (NULL: not checked),
 * an offset inside body `in`. */
static void expect_error(gen *g, const int *bad, const unsigned *at, fa_result res, const char *msg,
                         unsigned in)
{
    build_at(g, bad, at);
    outcome o = load_all_ways(g);
    check_result(o, res, msg);
    CHECK(in_body(g, in, o.err.offset));
}

static void t_valid(void)
{
    gen *g = calloc(1, sizeof *g);
    build_at(g, NULL, NULL);
    CHECK(g->n > (size_t)2 << 20); /* enough code for several threads */
    outcome o = load_all_ways(g);
    CHECK_EQ_INT(o.res, FA_OK);
    free(g->p);
    free(g);
}

/* One invalid body, at the edges of the 32-function runs workers claim
 * and in the middle: found, and named the same way, every time. */
static void t_one_invalid(void)
{
    static const unsigned where[] = {0, 31, 32, 1500, N_FUNCS - 1};
    gen *g = calloc(1, sizeof *g);
    int *bad = calloc(N_FUNCS, sizeof *bad);
    for (unsigned k = 0; k < sizeof where / sizeof where[0]; k++) {
        bad[where[k]] = BODY_TYPE_MISMATCH;
        expect_error(g, bad, NULL, FA_ERR_INVALID, "type mismatch", where[k]);
        bad[where[k]] = BODY_OK;
    }
    free(bad);
    free(g->p);
    free(g);
}

/* Several invalid bodies far apart: the lowest index wins, as on one
 * thread, even when a later one fails sooner or with another message. */
static void t_first_of_many(void)
{
    gen *g = calloc(1, sizeof *g);
    int *bad = calloc(N_FUNCS, sizeof *bad);
    bad[2999] = BODY_UNKNOWN_LOCAL;
    bad[1700] = BODY_TYPE_MISMATCH;
    bad[2100] = BODY_UNKNOWN_LOCAL;
    bad[1400] = BODY_UNKNOWN_LOCAL;
    expect_error(g, bad, NULL, FA_ERR_INVALID, "unknown local", 1400);
    free(bad);
    free(g->p);
    free(g);
}

/* Every body from 1401 on invalid at its first step, 1400 at its last:
 * workers that claim later runs fail at once, before the one holding 1400
 * gets there, and still 1400 is the error. */
static void t_first_not_fastest(void)
{
    gen *g = calloc(1, sizeof *g);
    int *bad = calloc(N_FUNCS, sizeof *bad);
    unsigned *at = calloc(N_FUNCS, sizeof *at);
    for (unsigned i = 1400; i < N_FUNCS; i++)
        bad[i] = BODY_UNKNOWN_LOCAL;
    bad[1400] = BODY_TYPE_MISMATCH;
    at[1400] = STEPS - 1;
    expect_error(g, bad, at, FA_ERR_INVALID, "type mismatch", 1400);
    free(at);
    free(bad);
    free(g->p);
    free(g);
}

/* An invalid body before a malformed one: the malformed body is the error
 * (encoding errors come first, in file order), with threads or not. */
static void t_malformed_wins(void)
{
    gen *g = calloc(1, sizeof *g);
    int *bad = calloc(N_FUNCS, sizeof *bad);
    bad[600] = BODY_TYPE_MISMATCH;
    bad[2600] = BODY_BAD_OPCODE;
    expect_error(g, bad, NULL, FA_ERR_MALFORMED, NULL, 2600);
    free(bad);
    free(g->p);
    free(g);
}

/* ---------------------------------------------------------- other ways in */

/* The same module from a file: the outcome of a single-thread load from
 * memory, with 2 and the default threads. */
static void file_case(const gen *g)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/fayasm_load_threads_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "wb");
    CHECK(f && fwrite(g->p, 1, g->n, f) == g->n);
    if (f)
        fclose(f);
    outcome one = load_with(g, NULL, 1);
    static const uint32_t ways[] = {1, 2, 0};
    for (unsigned k = 0; k < sizeof ways / sizeof ways[0]; k++)
        check_same(load_with(g, path, ways[k]), one);
    remove(path);
}

static void t_file(void)
{
    gen *g = calloc(1, sizeof *g);
    int *bad = calloc(N_FUNCS, sizeof *bad);
    build_at(g, NULL, NULL);
    file_case(g);
    bad[1500] = BODY_UNKNOWN_LOCAL;
    build_at(g, bad, NULL);
    file_case(g);
    bad[2600] = BODY_BAD_OPCODE;
    build_at(g, bad, NULL);
    file_case(g);
    free(bad);
    free(g->p);
    free(g);
}

/* Errors outside the bodies: each the same every way, from memory and
 * from a file, and the expected one. */
static void outside_case(const shape *sh, size_t cut, fa_result res, const char *msg)
{
    gen *g = calloc(1, sizeof *g);
    build_ex(g, NULL, NULL, sh);
    g->n -= cut;
    check_result(load_all_ways(g), res, msg);
    file_case(g);
    free(g->p);
    free(g);
}

static void t_errors_outside_bodies(void)
{
    shape sh;
    memset(&sh, 0, sizeof sh);
    sh.bad_type_func = 1234; /* checked before any body */
    outside_case(&sh, 0, FA_ERR_INVALID, "unknown type");
    memset(&sh, 0, sizeof sh);
    sh.fewer_bodies = 1;
    outside_case(&sh, 0, FA_ERR_MALFORMED, "function and code section have inconsistent lengths");
    memset(&sh, 0, sizeof sh);
    static const uint8_t junk[] = {13, 1, 0}; /* no section 13 */
    sh.tail = junk;
    sh.tail_len = sizeof junk;
    outside_case(&sh, 0, FA_ERR_MALFORMED, "malformed section id");
    static const uint8_t no_mem[] = {11, 7, 1, 0, 0x41, 0, 0x0B, 1, 0xAA}; /* no memory 0 */
    sh.tail = no_mem;
    sh.tail_len = sizeof no_mem;
    outside_case(&sh, 0, FA_ERR_INVALID, "unknown memory");
    memset(&sh, 0, sizeof sh);
    outside_case(&sh, 100, FA_ERR_MALFORMED, "length out of bounds"); /* the code section cut */
}

/* Damaged modules: bytes changed at random (a fixed seed), most in the
 * sections before the code and in the code entries' headers: every load
 * agrees with the single-thread one, whatever the damage makes of the
 * module. */
static void t_damaged(void)
{
    gen *g = calloc(1, sizeof *g);
    build_at(g, NULL, NULL);
    uint8_t *orig = malloc(g->n);
    CHECK(orig != NULL);
    if (!orig) {
        free(g->p);
        free(g);
        return;
    }
    memcpy(orig, g->p, g->n);
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (unsigned k = 0; k < 24; k++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        uint32_t r = (uint32_t)(x >> 33);
        size_t at;
        if (k % 3 == 0)
            at = 8 + r % 3100; /* the type and function sections, the code header */
        else if (k % 3 == 1)
            at = g->body_off[r % N_FUNCS] + (r >> 20) % 3; /* an entry's size or locals */
        else
            at = r % g->n;
        uint8_t was = g->p[at];
        g->p[at] = (uint8_t)(x >> 13) | (k & 1 ? 0x80 : 0);
        if (g->p[at] == was)
            g->p[at] ^= 0x41;
        load_all_ways(g);
        memcpy(g->p, orig, g->n);
    }
    free(orig);
    free(g->p);
    free(g);
}

static const fa_test tests[] = {
    {"damaged", t_damaged},
    {"file", t_file},
    {"errors_outside_bodies", t_errors_outside_bodies},
    {"valid", t_valid},
    {"one_invalid", t_one_invalid},
    {"first_of_many", t_first_of_many},
    {"first_not_fastest", t_first_not_fastest},
    {"malformed_wins", t_malformed_wins},
};
FA_TEST_MAIN(tests)
