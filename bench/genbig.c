/*
 * genbig.c - writes a large valid wasm module to stdout, for start-up timing.
 *
 * Usage: genbig MEGABYTES. The module has ~1.8 KB functions of mixed integer,
 * float, block and call code (never executed) and exports `noop` ([] -> []),
 * so a runner measures load + validate + instantiate and nothing else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    unsigned char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *src, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) {
            perror("genbig");
            exit(1);
        }
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}
static void byte(buf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}
static void uleb(buf *b, uint64_t v)
{
    do {
        unsigned char c = v & 0x7F;
        v >>= 7;
        if (v)
            c |= 0x80;
        put(b, &c, 1);
    } while (v);
}
static void sleb(buf *b, int64_t v)
{
    for (;;) {
        unsigned char c = v & 0x7F;
        v >>= 7; /* arithmetic shift on every compiler we target */
        int done = (v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40));
        if (!done)
            c |= 0x80;
        put(b, &c, 1);
        if (done)
            return;
    }
}
static void section(buf *out, unsigned id, buf *s)
{
    byte(out, id);
    uleb(out, s->n);
    put(out, s->p, s->n);
    s->n = 0;
}

int main(int argc, char **argv)
{
    long mb = argc > 1 ? strtol(argv[1], NULL, 10) : 20;
    if (mb < 1 || mb > 1024) {
        fprintf(stderr, "usage: genbig MEGABYTES (1..1024)\n");
        return 2;
    }
    buf body = {0}, s = {0}, code = {0}, out = {0};
    /* one function body, reused with a different call target */
    const int reps = 40;
    size_t target = (size_t)mb * 1000000;
    static const unsigned char magic[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    put(&out, magic, 8);

    /* types: 0 = (i32) -> i32, 1 = () -> () */
    uleb(&s, 2);
    byte(&s, 0x60), uleb(&s, 1), byte(&s, 0x7F), uleb(&s, 1), byte(&s, 0x7F);
    byte(&s, 0x60), uleb(&s, 0), uleb(&s, 0);
    section(&out, 1, &s);

    /* bodies first, to know how many fit */
    uint32_t nfuncs = 0;
    uleb(&code, 0); /* placeholder count, rewritten below */
    code.n = 0;
    while (code.n < target) {
        body.n = 0;
        uleb(&body, 3); /* local runs */
        uleb(&body, 1), byte(&body, 0x7F);
        uleb(&body, 1), byte(&body, 0x7E);
        uleb(&body, 1), byte(&body, 0x7C);
        for (int r = 0; r < reps; r++) {
            int c = (int)(nfuncs * 31 + (uint32_t)r * 7);
            byte(&body, 0x20), uleb(&body, 0), byte(&body, 0x41), sleb(&body, c), byte(&body, 0x6A), byte(&body, 0x21), uleb(&body, 1);
            byte(&body, 0x20), uleb(&body, 1), byte(&body, 0xAD), byte(&body, 0x42), sleb(&body, c * 3), byte(&body, 0x7E), byte(&body, 0x21), uleb(&body, 2);
            double x = c * 0.5;
            uint64_t bits;
            memcpy(&bits, &x, 8);
            byte(&body, 0x20), uleb(&body, 2), byte(&body, 0xB9), byte(&body, 0x44);
            for (int k = 0; k < 8; k++) /* f64 immediates are little-endian on every host */
                byte(&body, (unsigned)(bits >> (8 * k)) & 0xFF);
            byte(&body, 0xA0), byte(&body, 0x21), uleb(&body, 3);
            byte(&body, 0x02), byte(&body, 0x40), byte(&body, 0x20), uleb(&body, 1), byte(&body, 0x0D), uleb(&body, 0);
            byte(&body, 0x20), uleb(&body, 0), byte(&body, 0x41), sleb(&body, 1), byte(&body, 0x73), byte(&body, 0x21), uleb(&body, 0), byte(&body, 0x0B);
        }
        if (nfuncs > 0) {
            byte(&body, 0x20), uleb(&body, 0), byte(&body, 0x10), uleb(&body, nfuncs); /* call previous (index shifted by noop at 0) */
            byte(&body, 0x1A);
        }
        byte(&body, 0x20), uleb(&body, 0), byte(&body, 0x0B);
        uleb(&code, body.n);
        put(&code, body.p, body.n);
        nfuncs++;
    }

    /* function section: noop (type 1) then nfuncs of type 0 */
    uleb(&s, nfuncs + 1);
    byte(&s, 1);
    for (uint32_t i = 0; i < nfuncs; i++)
        byte(&s, 0);
    section(&out, 3, &s);

    /* memory 1 page, export noop */
    uleb(&s, 1), byte(&s, 0), uleb(&s, 1);
    section(&out, 5, &s);
    uleb(&s, 1), uleb(&s, 4), put(&s, "noop", 4), byte(&s, 0), uleb(&s, 0);
    section(&out, 7, &s);

    /* code section: noop body then the rest */
    buf all = {0};
    uleb(&all, nfuncs + 1);
    uleb(&all, 2), byte(&all, 0), byte(&all, 0x0B);
    put(&all, code.p, code.n);
    section(&out, 10, &all);
    fwrite(out.p, 1, out.n, stdout);
    return 0;
}
