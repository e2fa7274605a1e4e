/*
 * backtrace.c - the backtrace of a trap: which wasm (and host) functions
 * were running, innermost first, with the module byte offset of the
 * instruction each one was executing.
 *
 * Data structure: rt->bt, FA_BT_MAX resolved frames (fa_bt_frame). exec.c
 * leaves the raw material when it traps: rt->frames[0..trap_depth) stay as
 * they were (frames[d].ip is the return address into frame d-1's code) and
 * trap_ip is the position in the top frame. fa_backtrace_resolve copies
 * names and offsets out of them right after the trap, because the functions
 * may be freed before the embedder reads the backtrace (a start function
 * that traps frees its instance).
 *
 * Invariant: rt->bt_n <= FA_BT_MAX <= rt->bt_total; bt_n == 0 after a call
 * that did not trap. Names come from the name section (spec custom section
 * "name", appendix 7.4), else from the import that a host function was
 * called through ("env.log"). No spec section defines backtraces.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "code.h"
#include "runtime.h"
#include "util/alloc.h"
#include "util/error.h"

#define FA_BT_MAX 32 /* frames kept: the innermost ones */

struct fa_bt_frame {
    uint32_t func_index; /* in its module's function space; UINT32_MAX for host functions */
    uint8_t is_host;
    uint64_t code_offset; /* module byte offset of the instruction, or FA_NO_OFFSET */
    uint64_t func_offset; /* module byte offset of the function's code entry, or FA_NO_OFFSET */
    char name[64];        /* "" when the function has no name */
};

static void set_name(struct fa_bt_frame *b, const char *a, size_t a_len, const char *sep,
                     const char *c, size_t c_len)
{
    fa_snprintf(b->name, sizeof b->name, "%.*s%s%.*s", (int)a_len, a, sep, (int)c_len, c);
}

/* A host function's name: the import its wasm caller reached it through. */
static void host_name(struct fa_bt_frame *b, const fa_func *f, const fa_func *caller)
{
    if (!caller || !caller->inst)
        return;
    const fa_instance *inst = caller->inst;
    const fa_module *m = inst->mod;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->n_imports; i++) {
        const fa_import *imp = &m->imports[i];
        if (imp->kind != FA_EXTERN_FUNC)
            continue;
        if (inst->funcs[k++] == f) {
            set_name(b, imp->module_name, imp->module_name_len, ".", imp->name, imp->name_len);
            return;
        }
    }
}

/*
 * Module offset of position p in f's code. A return address points just
 * past the call, so it is looked up one word back; so is the top frame of
 * a trap raised while entering a callee (stack, fuel and interrupt checks
 * run there with ip already past the call), except at a loop back-edge or a
 * tail call, where ip is still on the instruction.
 */
static uint64_t code_offset(const fa_func *f, const uint32_t *p, int top, fa_trap trap)
{
#ifdef FA_CODE_HAS_PCMAP
    const struct fa_code *code = f->def ? f->def->code : NULL;
    if (!code || !p || p < code->words || p > code->words + code->n_words)
        return FA_NO_OFFSET;
    uint32_t pc = (uint32_t)(p - code->words);
    int is_return = !top;
    if (top && (trap == FA_TRAP_STACK_EXHAUSTED || trap == FA_TRAP_INTERRUPTED ||
                trap == FA_TRAP_OUT_OF_FUEL)) {
        is_return = 1;
        if (pc < code->n_words &&
            (FA_C_POLLS(p[0]) || p[0] == FA_C_return_call ||
             p[0] == FA_C_return_call_indirect))
            is_return = 0;
    }
    if (is_return) {
        if (pc == 0)
            return FA_NO_OFFSET;
        pc--;
    }
    return fa_code_wasm_offset(code, pc);
#else
    (void)f;
    (void)p;
    (void)top;
    (void)trap;
    return FA_NO_OFFSET;
#endif
}

void fa_backtrace_resolve(fa_runtime *rt, fa_trap trap)
{
    rt->bt_n = 0;
    rt->bt_total = 0;
    rt->bt_trap = trap;
    uint32_t depth = rt->trap_depth;
    if (depth == 0 || depth > rt->cfg.max_call_depth)
        return;
    if (!rt->bt) {
        rt->bt = fa_calloc(rt, FA_BT_MAX, sizeof *rt->bt);
        if (!rt->bt)
            return; /* no backtrace, the trap itself is still reported */
    }
    rt->bt_total = depth;
    for (uint32_t k = 0; k < depth && k < FA_BT_MAX; k++) {
        uint32_t d = depth - 1 - k; /* innermost first */
        const fa_frame *fr = &rt->frames[d];
        const fa_func *f = fr->func;
        struct fa_bt_frame *b = &rt->bt[k];
        memset(b, 0, sizeof *b);
        b->code_offset = FA_NO_OFFSET;
        b->func_offset = FA_NO_OFFSET;
        if (f->host) {
            b->is_host = 1;
            b->func_index = UINT32_MAX;
            host_name(b, f, d > 0 ? rt->frames[d - 1].func : NULL);
        } else {
            const fa_module *m = f->inst->mod;
            b->func_index = f->func_idx;
            b->func_offset = f->def->code_off;
            if (m->func_names && m->func_names[f->func_idx])
                fa_snprintf(b->name, sizeof b->name, "%s", m->func_names[f->func_idx]);
            const uint32_t *p =
                k == 0 ? (const uint32_t *)rt->trap_ip : (const uint32_t *)rt->frames[d + 1].ip;
            b->code_offset = code_offset(f, p, k == 0, trap);
        }
        rt->bt_n++;
    }
}

void fa_backtrace_free(fa_runtime *rt)
{
    fa_free(rt, rt->bt, FA_BT_MAX * sizeof *rt->bt);
    rt->bt = NULL;
    rt->bt_n = 0;
}

/* ------------------------------------------------------------ public API */

uint32_t fa_runtime_backtrace_size(const fa_runtime *rt, uint32_t *total)
{
    if (total)
        *total = rt ? rt->bt_total : 0;
    return rt ? rt->bt_n : 0;
}

fa_result fa_runtime_backtrace_frame(const fa_runtime *rt, uint32_t i, fa_frame_info *out)
{
    if (!rt || !out || i >= rt->bt_n)
        return FA_ERR_ARG;
    const struct fa_bt_frame *b = &rt->bt[i];
    out->name = b->name[0] ? b->name : NULL;
    out->func_index = b->func_index;
    out->is_host = b->is_host;
    out->code_offset = b->code_offset;
    out->func_offset = b->func_offset;
    return FA_OK;
}

/* Appends to buf like snprintf, keeping the running length (which may
 * exceed size: the caller learns how much room the whole text needs). */
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *at = *len < size ? buf + *len : NULL;
    int n = fa_vsnprintf(at, at ? size - *len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len += (size_t)n;
}

size_t fa_runtime_backtrace_format(const fa_runtime *rt, char *buf, size_t size)
{
    size_t len = 0;
    if (!buf)
        size = 0;
    if (size)
        buf[0] = '\0';
    if (!rt)
        return 0;
    for (uint32_t i = 0; i < rt->bt_n; i++) {
        fa_frame_info fi;
        fa_runtime_backtrace_frame(rt, i, &fi);
        if (fi.is_host) {
            append(buf, size, &len, "  #%" PRIu32 " %s (host function)\n", i,
                   fi.name ? fi.name : "<host>");
            continue;
        }
        if (fi.name)
            append(buf, size, &len, "  #%" PRIu32 " %s", i, fi.name);
        else
            append(buf, size, &len, "  #%" PRIu32 " func[%" PRIu32 "]", i, fi.func_index);
        if (fi.code_offset != FA_NO_OFFSET)
            append(buf, size, &len, " at 0x%" PRIx64, fi.code_offset);
        else if (fi.func_offset != FA_NO_OFFSET)
            append(buf, size, &len, " (function at 0x%" PRIx64 ")", fi.func_offset);
        append(buf, size, &len, "\n");
    }
    if (rt->bt_total > rt->bt_n)
        append(buf, size, &len, "  ... %" PRIu32 " more frames\n", rt->bt_total - rt->bt_n);
    return len;
}
