/*
 * codecache.c - the budget on translated code (fa_config.code_cache_bytes).
 *
 * Stage: beside compile (which calls fa_code_cache_add for every new
 * translation) and exec (whose frames say which code is running). Main data
 * structure: the runtime's list of translations, rt->code_oldest ..
 * rt->code_newest through fa_code.older/newer, and rt->code_bytes, the sum
 * of their allocation sizes. A module belongs to one runtime and cannot be
 * linked with another runtime's objects, so all the code a runtime can run
 * is on its own list, and all the frames that can run it are in its own
 * rt->frames.
 *
 * Translations hang off the module's function definitions (def->code) and
 * are shared by every instance of the module, so the budget is per runtime,
 * not per instance. When a new translation takes rt->code_bytes past the
 * budget, translations are dropped, oldest first, until it fits again;
 * def->code becomes NULL and the function is translated again on its next
 * call (exec.c translate_on_call, the same path as the first call).
 *
 * Invariant (the one that matters): code with a frame on the call stack is
 * never dropped. Every running wasm function has a frame in
 * rt->frames[0..rt->depth) (exec.c keeps the frame count in a local and
 * stores it to rt->depth before translating, SYNC_DEPTH): the entry of each fa_exec_call, every call,
 * call_indirect and host re-entry push one, a tail call rewrites its own
 * frame's func before its old code is left, and a host function's frame
 * sits above the frame of the wasm function that called it. A trap or an
 * interrupt unwinds its frames (nothing is resumed later), and its
 * backtrace is resolved before control returns to the embedder
 * (backtrace.c copies names and offsets). The new translation itself is
 * about to run and is kept too. So the budget is soft: live code alone can
 * exceed it, and then nothing else is kept.
 *
 * Order: by translation, not by call: touching the list on every call would
 * cost the call path a store; a function that is dropped while still in use
 * comes back as the newest translation. Dropping costs one pass over the
 * frames (marking) and one over the list.
 */
#include "code.h"
#include "runtime.h"

static void unlink_code(fa_runtime *rt, struct fa_code *c)
{
    if (c->older)
        c->older->newer = c->newer;
    else
        rt->code_oldest = c->newer;
    if (c->newer)
        c->newer->older = c->older;
    else
        rt->code_newest = c->older;
    c->older = c->newer = NULL;
    rt->code_bytes -= c->size;
}

/* Drops translations not on the call stack, oldest first, until
 * rt->code_bytes fits the budget; `keep` (the newest) stays. */
static void make_room(fa_runtime *rt, struct fa_code *keep)
{
    uint32_t mark = ++rt->code_mark;
    if (mark == 0) { /* wrapped: clear the old marks so none matches by chance */
        for (struct fa_code *c = rt->code_oldest; c; c = c->newer)
            c->mark = 0;
        mark = rt->code_mark = 1;
    }
    keep->mark = mark;
    for (uint32_t d = 0; d < rt->depth; d++) {
        const fa_func *f = rt->frames[d].func;
        if (!f->host && f->def->code)
            f->def->code->mark = mark;
    }
    struct fa_code *c = rt->code_oldest;
    while (c && rt->code_bytes > rt->cfg.code_cache_bytes) {
        struct fa_code *next = c->newer;
        if (c->mark != mark) {
            c->def->code = NULL;
            fa_code_free(rt, c); /* unlinks it (fa_code_cache_remove) */
            rt->code_drops++;
        }
        c = next;
    }
}

void fa_code_cache_add(fa_runtime *rt, struct fa_funcdef *def, size_t size)
{
    struct fa_code *c = def->code;
    c->def = def;
    c->size = size;
    c->mark = 0;
    c->newer = NULL;
    c->older = NULL;
    if (!rt)
        return;
    c->older = rt->code_newest;
    if (rt->code_newest)
        rt->code_newest->newer = c;
    else
        rt->code_oldest = c;
    rt->code_newest = c;
    rt->code_bytes += size;
    rt->code_translations++;
    if (rt->cfg.code_cache_bytes && rt->code_bytes > rt->cfg.code_cache_bytes)
        make_room(rt, c);
}

void fa_code_cache_remove(fa_runtime *rt, struct fa_code *code)
{
    if (rt && (code->older || code->newer || rt->code_oldest == code))
        unlink_code(rt, code);
}

fa_result fa_runtime_code_cache_stats(const fa_runtime *rt, uint64_t *bytes, uint64_t *translations,
                                      uint64_t *drops)
{
    if (!rt)
        return FA_ERR_ARG;
    if (bytes)
        *bytes = rt->code_bytes;
    if (translations)
        *translations = rt->code_translations;
    if (drops)
        *drops = rt->code_drops;
    return FA_OK;
}
