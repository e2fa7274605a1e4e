/*
 * check.c - the driver of tests/minimal/run.sh, built against a library
 * compiled with the minimal knobs of fayasm_config.h (no SIMD, floats,
 * memory64, multi-memory, tail calls, extended-const; bare metal).
 *
 *   check defaults                  prints the run-time defaults and features
 *   check load FILE.wasm            prints "<result code> <message>"
 *   check run FILE.wasm EXPORT N    prints the i32 result of EXPORT(N)
 *   check file FILE.wasm            fa_module_load_file (file I/O compiled out)
 *
 * The runtime asks for every feature (FA_FEATURE_ALL): a group compiled out
 * must stay off anyway. Exit status 0 unless the driver itself fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

static const char *result_name(fa_result r)
{
    switch (r) {
    case FA_OK: return "FA_OK";
    case FA_ERR_MALFORMED: return "FA_ERR_MALFORMED";
    case FA_ERR_INVALID: return "FA_ERR_INVALID";
    case FA_ERR_UNSUPPORTED: return "FA_ERR_UNSUPPORTED";
    default: return "other";
    }
}

int main(int argc, char **argv)
{
    fa_config cfg;
    fa_config_default(&cfg);
    if (argc == 2 && strcmp(argv[1], "defaults") == 0) {
        printf("features %u\nstack_slots %zu\nmax_call_depth %u\nmax_reentry %u\n"
               "max_memory_pages %llu\ncode_cache_bytes %zu\n",
               (unsigned)cfg.features, cfg.stack_slots, (unsigned)cfg.max_call_depth,
               (unsigned)cfg.max_reentry, (unsigned long long)cfg.max_memory_pages,
               cfg.code_cache_bytes);
        return 0;
    }
    if (argc < 3)
        return 2;
    cfg.features = FA_FEATURE_ALL;
    fa_runtime *rt = fa_runtime_new(&cfg);
    if (!rt)
        return 2;
    fa_module *m = NULL;
    fa_error err;
    fa_result r;
    if (strcmp(argv[1], "file") == 0) {
        r = fa_module_load_file(rt, argv[2], &m, &err);
    } else {
        size_t len = 0;
        uint8_t *bytes = read_all(argv[2], &len);
        if (!bytes)
            return 2;
        r = fa_module_load(rt, bytes, len, &m, &err);
        free(bytes);
    }
    if (strcmp(argv[1], "run") == 0 && r == FA_OK && argc == 5) {
        fa_instance *inst = NULL;
        r = fa_instance_new(rt, m, &inst, &err);
        if (r == FA_OK) {
            fa_value a = fa_i32(atoi(argv[4])), res;
            r = fa_func_call(fa_instance_func(inst, argv[3]), &a, 1, &res, 1, &err);
            if (r == FA_OK)
                printf("%d\n", (int)res.of.i32);
        }
    }
    if (r != FA_OK || strcmp(argv[1], "run") != 0)
        printf("%s %s\n", result_name(r), r == FA_OK ? "" : err.message);
    fa_runtime_free(rt);
    return 0;
}
