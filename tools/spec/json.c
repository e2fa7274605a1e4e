/*
 * json.c - recursive-descent JSON reader (see json.h).
 *
 * Every read goes through `peek`/`take`, which check the cursor against the
 * end, so truncated or garbage input ends in a parse error, never in a read
 * past the buffer. Nesting is limited to JSON_MAX_DEPTH, which also bounds
 * the recursion of json_free.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

struct json_node {
    json_kind kind;
    int is_int; /* JSON_NUMBER: written without fraction/exponent and fits int64 */
    int64_t inum;
    double num;
    char *str; /* JSON_STRING: decoded bytes + NUL */
    size_t str_len;
    char *key; /* set when this node is an object member */
    size_t key_len;
    json_node *items; /* JSON_ARRAY / JSON_OBJECT children, contiguous */
    size_t n_items;
};

typedef struct parser {
    const char *p;
    const char *end;
    const char *start;
    char *err;
    size_t err_size;
    int failed;
} parser;

static void fail(parser *ps, const char *what)
{
    if (ps->failed)
        return;
    ps->failed = 1;
    if (ps->err && ps->err_size)
        snprintf(ps->err, ps->err_size, "JSON error at byte %lu: %s",
                 (unsigned long)(ps->p - ps->start), what);
}

static int peek(const parser *ps)
{
    return ps->p < ps->end ? (unsigned char)*ps->p : -1;
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int expect_word(parser *ps, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0) {
        fail(ps, "unexpected token");
        return -1;
    }
    ps->p += n;
    return 0;
}

static void node_free_contents(json_node *n)
{
    size_t i;
    if (!n)
        return;
    for (i = 0; i < n->n_items; i++)
        node_free_contents(&n->items[i]);
    free(n->items);
    free(n->str);
    free(n->key);
}

/* ---- strings */

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static int buf_put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        char *d;
        while (b->len + n + 1 > cap) {
            if (cap > ((size_t)-1) / 2)
                return -1;
            cap *= 2;
        }
        d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int put_utf8(buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return buf_put(b, u, n);
}

static int hex4(parser *ps, uint32_t *out)
{
    uint32_t v = 0;
    int i;
    if (ps->end - ps->p < 4) {
        fail(ps, "truncated \\u escape");
        return -1;
    }
    for (i = 0; i < 4; i++) {
        char c = ps->p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else {
            fail(ps, "bad \\u escape");
            return -1;
        }
    }
    ps->p += 4;
    *out = v;
    return 0;
}

/* Parses a string starting at the opening quote. */
static int parse_string(parser *ps, char **out, size_t *out_len)
{
    buf b = {NULL, 0, 0};
    ps->p++; /* opening quote */
    if (buf_put(&b, "", 0) != 0)
        goto oom;
    for (;;) {
        const char *run = ps->p;
        int c;
        while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20)
            ps->p++;
        if (ps->p > run && buf_put(&b, run, (size_t)(ps->p - run)) != 0)
            goto oom;
        c = peek(ps);
        if (c == '"') {
            ps->p++;
            break;
        }
        if (c < 0) {
            fail(ps, "unterminated string");
            goto bad;
        }
        if (c != '\\') {
            fail(ps, "control character in string");
            goto bad;
        }
        ps->p++;
        c = peek(ps);
        if (c < 0) {
            fail(ps, "unterminated escape");
            goto bad;
        }
        ps->p++;
        {
            char ch;
            uint32_t cp;
            switch (c) {
            case '"': ch = '"'; break;
            case '\\': ch = '\\'; break;
            case '/': ch = '/'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u':
                if (hex4(ps, &cp) != 0)
                    goto bad;
                /* A high surrogate followed by a low one is one code point;
                 * a lone surrogate is kept as its 3-byte form (WTF-8). */
                if (cp >= 0xD800 && cp < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
                    ps->p[1] == 'u') {
                    const char *save = ps->p;
                    uint32_t lo;
                    ps->p += 2;
                    if (hex4(ps, &lo) != 0)
                        goto bad;
                    if (lo >= 0xDC00 && lo < 0xE000)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    else
                        ps->p = save;
                }
                if (put_utf8(&b, cp) != 0)
                    goto oom;
                continue;
            default: fail(ps, "bad escape"); goto bad;
            }
            if (buf_put(&b, &ch, 1) != 0)
                goto oom;
        }
    }
    *out = b.data;
    *out_len = b.len;
    return 0;
oom:
    fail(ps, "out of memory");
bad:
    free(b.data);
    return -1;
}

/* ---- numbers */

static int parse_number(parser *ps, json_node *n)
{
    const char *s = ps->p;
    int neg = 0, integral = 1, overflow = 0;
    uint64_t mag = 0;
    char tmp[64];
    size_t len;

    if (peek(ps) == '-') {
        neg = 1;
        ps->p++;
    }
    if (peek(ps) < '0' || peek(ps) > '9') {
        fail(ps, "bad number");
        return -1;
    }
    if (peek(ps) == '0') {
        ps->p++;
    } else {
        while (peek(ps) >= '0' && peek(ps) <= '9') {
            unsigned d = (unsigned)(*ps->p - '0');
            if (mag > (UINT64_MAX - d) / 10)
                overflow = 1;
            else
                mag = mag * 10 + d;
            ps->p++;
        }
    }
    if (peek(ps) == '.') {
        integral = 0;
        ps->p++;
        if (peek(ps) < '0' || peek(ps) > '9') {
            fail(ps, "bad number fraction");
            return -1;
        }
        while (peek(ps) >= '0' && peek(ps) <= '9')
            ps->p++;
    }
    if (peek(ps) == 'e' || peek(ps) == 'E') {
        integral = 0;
        ps->p++;
        if (peek(ps) == '+' || peek(ps) == '-')
            ps->p++;
        if (peek(ps) < '0' || peek(ps) > '9') {
            fail(ps, "bad number exponent");
            return -1;
        }
        while (peek(ps) >= '0' && peek(ps) <= '9')
            ps->p++;
    }
    n->kind = JSON_NUMBER;
    if (integral && !overflow && (neg ? mag <= (uint64_t)INT64_MAX + 1 : mag <= INT64_MAX)) {
        n->is_int = 1;
        n->inum = neg ? (int64_t)(0 - mag) : (int64_t)mag;
        n->num = (double)n->inum;
        return 0;
    }
    len = (size_t)(ps->p - s);
    if (len >= sizeof tmp)
        len = sizeof tmp - 1; /* precision beyond this is irrelevant here */
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    n->num = strtod(tmp, NULL);
    return 0;
}

/* ---- values */

static int parse_value(parser *ps, json_node *n, int depth);

static int push_item(parser *ps, json_node *parent, size_t *cap, json_node **slot)
{
    if (parent->n_items == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        json_node *items;
        if (nc > ((size_t)-1) / sizeof(json_node)) {
            fail(ps, "out of memory");
            return -1;
        }
        items = realloc(parent->items, nc * sizeof(json_node));
        if (!items) {
            fail(ps, "out of memory");
            return -1;
        }
        parent->items = items;
        *cap = nc;
    }
    *slot = &parent->items[parent->n_items];
    memset(*slot, 0, sizeof(json_node));
    return 0;
}

static int parse_container(parser *ps, json_node *n, int depth, int is_object)
{
    size_t cap = 0;
    char close = is_object ? '}' : ']';
    n->kind = is_object ? JSON_OBJECT : JSON_ARRAY;
    ps->p++;
    skip_ws(ps);
    if (peek(ps) == close) {
        ps->p++;
        return 0;
    }
    for (;;) {
        json_node *item;
        char *key = NULL;
        size_t key_len = 0;
        skip_ws(ps);
        if (is_object) {
            if (peek(ps) != '"') {
                fail(ps, "expected a member name");
                return -1;
            }
            if (parse_string(ps, &key, &key_len) != 0)
                return -1;
            skip_ws(ps);
            if (peek(ps) != ':') {
                free(key);
                fail(ps, "expected ':'");
                return -1;
            }
            ps->p++;
        }
        if (push_item(ps, n, &cap, &item) != 0) {
            free(key);
            return -1;
        }
        item->key = key;
        item->key_len = key_len;
        n->n_items++; /* counted now so json_free releases a half-parsed item */
        if (parse_value(ps, item, depth + 1) != 0)
            return -1;
        skip_ws(ps);
        if (peek(ps) == ',') {
            ps->p++;
            continue;
        }
        if (peek(ps) == close) {
            ps->p++;
            return 0;
        }
        fail(ps, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
        return -1;
    }
}

static int parse_value(parser *ps, json_node *n, int depth)
{
    int c;
    if (depth > JSON_MAX_DEPTH) {
        fail(ps, "nesting too deep");
        return -1;
    }
    skip_ws(ps);
    c = peek(ps);
    switch (c) {
    case '{': return parse_container(ps, n, depth, 1);
    case '[': return parse_container(ps, n, depth, 0);
    case '"': n->kind = JSON_STRING; return parse_string(ps, &n->str, &n->str_len);
    case 't': n->kind = JSON_TRUE; return expect_word(ps, "true");
    case 'f': n->kind = JSON_FALSE; return expect_word(ps, "false");
    case 'n': n->kind = JSON_NULL; return expect_word(ps, "null");
    case -1: fail(ps, "unexpected end of input"); return -1;
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return parse_number(ps, n);
        fail(ps, "unexpected character");
        return -1;
    }
}

json_node *json_parse(const char *text, size_t len, char *err, size_t err_size)
{
    parser ps;
    json_node *root;
    if (err && err_size)
        err[0] = '\0';
    ps.p = ps.start = text;
    ps.end = text ? text + len : text;
    ps.err = err;
    ps.err_size = err_size;
    ps.failed = 0;
    root = calloc(1, sizeof *root);
    if (!root) {
        fail(&ps, "out of memory");
        return NULL;
    }
    if (!text) {
        fail(&ps, "no input");
        free(root);
        return NULL;
    }
    if (parse_value(&ps, root, 0) == 0) {
        skip_ws(&ps);
        if (ps.p != ps.end)
            fail(&ps, "trailing characters after the value");
    }
    if (ps.failed) {
        json_free(root);
        return NULL;
    }
    return root;
}

void json_free(json_node *root)
{
    if (!root)
        return;
    node_free_contents(root);
    free(root);
}

json_kind json_kind_of(const json_node *n)
{
    return n ? n->kind : JSON_NULL;
}

const json_node *json_get(const json_node *n, const char *key)
{
    size_t i, klen;
    if (!n || n->kind != JSON_OBJECT || !key)
        return NULL;
    klen = strlen(key);
    for (i = 0; i < n->n_items; i++)
        if (n->items[i].key_len == klen && memcmp(n->items[i].key, key, klen) == 0)
            return &n->items[i];
    return NULL;
}

size_t json_len(const json_node *n)
{
    if (!n || (n->kind != JSON_ARRAY && n->kind != JSON_OBJECT))
        return 0;
    return n->n_items;
}

const json_node *json_at(const json_node *n, size_t i)
{
    if (i >= json_len(n))
        return NULL;
    return &n->items[i];
}

const char *json_str(const json_node *n, size_t *len)
{
    if (!n || n->kind != JSON_STRING) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = n->str_len;
    return n->str;
}

const char *json_get_str(const json_node *n, const char *key)
{
    return json_str(json_get(n, key), NULL);
}

int json_int(const json_node *n, int64_t *out)
{
    if (!n || n->kind != JSON_NUMBER || !n->is_int)
        return -1;
    *out = n->inum;
    return 0;
}
